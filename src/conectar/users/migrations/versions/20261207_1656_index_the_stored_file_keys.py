"""index the stored file keys: the orphan-file sweep asks which of a page of keys rows still name

Revision ID: 2d7ebfed73fb
Revises: 7f4b228294bf
Create Date: 2026-12-07 16:56:36.686422+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "2d7ebfed73fb"
down_revision: str | None = "7f4b228294bf"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_user_profiles_avatar_key"), "user_profiles", ["avatar_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_user_profiles_avatar_key"), table_name="user_profiles")
