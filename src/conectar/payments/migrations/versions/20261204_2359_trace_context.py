"""trace context

Revision ID: 86de59bbb510
Revises: 9007a1e4391a
Create Date: 2026-12-04 23:59:40.379563+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "86de59bbb510"
down_revision: str | None = "9007a1e4391a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("trace_context", sa.JSON(), nullable=True))
    op.add_column("work_jobs", sa.Column("trace_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("work_jobs", "trace_context")
    op.drop_column("outbox_events", "trace_context")
