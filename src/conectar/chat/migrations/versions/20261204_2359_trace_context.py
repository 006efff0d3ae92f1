"""trace context

Revision ID: 7594e0e4ed06
Revises: 0114cd69650b
Create Date: 2026-12-04 23:59:37.562667+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7594e0e4ed06"
down_revision: str | None = "0114cd69650b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("trace_context", sa.JSON(), nullable=True))
    op.add_column("work_jobs", sa.Column("trace_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("work_jobs", "trace_context")
    op.drop_column("outbox_events", "trace_context")
