"""trace context

Revision ID: ccbbce5ca0f3
Revises: 67ae8a74ca92
Create Date: 2026-12-04 23:59:31.105075+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ccbbce5ca0f3"
down_revision: str | None = "67ae8a74ca92"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_events", sa.Column("trace_context", sa.JSON(), nullable=True))
    op.add_column("work_jobs", sa.Column("trace_context", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("work_jobs", "trace_context")
    op.drop_column("outbox_events", "trace_context")
