"""index the stored file keys: the orphan-file sweep asks which of a page of keys rows still name

Revision ID: e9136d2fe2de
Revises: 5a0c8e3f9b21
Create Date: 2026-12-07 16:56:39.404525+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "e9136d2fe2de"
down_revision: str | None = "5a0c8e3f9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(op.f("ix_kyc_documentos_storage_key"), "kyc_documentos", ["storage_key"], unique=False)
    op.create_index(
        op.f("ix_portfolio_imagenes_imagen_key"), "portfolio_imagenes", ["imagen_key"], unique=False
    )
    op.create_index(
        op.f("ix_portfolio_imagenes_thumbnail_key"), "portfolio_imagenes", ["thumbnail_key"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_portfolio_imagenes_thumbnail_key"), table_name="portfolio_imagenes")
    op.drop_index(op.f("ix_portfolio_imagenes_imagen_key"), table_name="portfolio_imagenes")
    op.drop_index(op.f("ix_kyc_documentos_storage_key"), table_name="kyc_documentos")
