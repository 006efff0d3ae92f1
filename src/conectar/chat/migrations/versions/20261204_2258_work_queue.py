"""work queue

Revision ID: 805c6f994e5f
Revises: 5ce7263e4de1
Create Date: 2026-12-04 22:58:38.684791+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "805c6f994e5f"
down_revision: str | None = "5ce7263e4de1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "work_jobs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("queue", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("run_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_token", sa.String(length=32), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("correlation_id", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_work_jobs")),
        sa.UniqueConstraint("queue", "key", name=op.f("uq_work_jobs_queue_key")),
    )
    op.create_index(
        "ix_work_jobs_queue_status_run_after", "work_jobs", ["queue", "status", "run_after"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_work_jobs_queue_status_run_after", table_name="work_jobs")
    op.drop_table("work_jobs")
