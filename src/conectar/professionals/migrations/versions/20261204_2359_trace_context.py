"""trace context

Revision ID: 8c3f46fa83da
Revises: e2fe91975ae0
Create Date: 2026-12-04 23:59:34.263673+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8c3f46fa83da"
down_revision: str | None = "e2fe91975ae0"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("trace_context", sa.JSON(), nullable=True))
    op.add_column("work_jobs", sa.Column("trace_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("work_jobs", "trace_context")
    op.drop_column("outbox_events", "trace_context")
