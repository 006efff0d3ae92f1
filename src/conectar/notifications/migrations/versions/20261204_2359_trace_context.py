"""trace context

Revision ID: 99a3107917ff
Revises: f47f80c987fd
Create Date: 2026-12-04 23:59:43.294634+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "99a3107917ff"
down_revision: str | None = "f47f80c987fd"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("trace_context", sa.JSON(), nullable=True))
    op.add_column("work_jobs", sa.Column("trace_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("work_jobs", "trace_context")
    op.drop_column("outbox_events", "trace_context")
