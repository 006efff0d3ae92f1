"""account deletions and data exports

Revision ID: 8e4b7c2d1a09
Revises: 3b70556fa20c
Create Date: 2026-12-06 03:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8e4b7c2d1a09"
down_revision: str | None = "3b70556fa20c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("user_profiles", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "account_deletions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("rol", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=False),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_deletions")),
        sa.UniqueConstraint("user_id", name=op.f("uq_account_deletions_user_id")),
    )
    op.create_index(
        op.f("ix_account_deletions_requested_at"), "account_deletions", ["requested_at"], unique=False
    )
    op.create_table(
        "account_deletion_steps",
        sa.Column("deletion_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deletion_id"],
            ["account_deletions.id"],
            name=op.f("fk_account_deletion_steps_deletion_id_account_deletions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("deletion_id", "service", name=op.f("pk_account_deletion_steps")),
    )
    op.create_table(
        "data_exports",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("services_done", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=True),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ready_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_exports")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_data_exports_storage_key")),
    )
    op.create_index(
        "ix_data_exports_user_id_created_at", "data_exports", ["user_id", "created_at"], unique=False
    )
    op.create_index(op.f("ix_data_exports_expires_at"), "data_exports", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_data_exports_expires_at"), table_name="data_exports")
    op.drop_index("ix_data_exports_user_id_created_at", table_name="data_exports")
    op.drop_table("data_exports")
    op.drop_table("account_deletion_steps")
    op.drop_index(op.f("ix_account_deletions_requested_at"), table_name="account_deletions")
    op.drop_table("account_deletions")
    op.drop_column("user_profiles", "deleted_at")
