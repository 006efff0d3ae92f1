"""index the stored file keys: the orphan-file sweep asks which of a page of keys rows still name

Revision ID: 7704cc41cb7d
Revises: b6e2f0a9c417
Create Date: 2026-12-07 16:56:41.675349+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "7704cc41cb7d"
down_revision: str | None = "b6e2f0a9c417"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_adjuntos_storage_key"), "adjuntos", ["storage_key"], unique=False)
    op.create_index(op.f("ix_adjuntos_thumbnail_key"), "adjuntos", ["thumbnail_key"], unique=False)
    op.create_index(
        op.f("ix_disputa_evidencias_storage_key"), "disputa_evidencias", ["storage_key"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_disputa_evidencias_storage_key"), table_name="disputa_evidencias")
    op.drop_index(op.f("ix_adjuntos_thumbnail_key"), table_name="adjuntos")
    op.drop_index(op.f("ix_adjuntos_storage_key"), table_name="adjuntos")
