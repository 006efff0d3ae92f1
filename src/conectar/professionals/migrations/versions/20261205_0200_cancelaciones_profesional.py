"""cancelaciones del profesional

Revision ID: 9d41c6e2b7a8
Revises: 5b7e2c9a41d3
Create Date: 2026-12-05 02:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d41c6e2b7a8"
down_revision: str | None = "5b7e2c9a41d3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "cancelaciones_profesional",
        sa.Column("trabajo_id", sa.Uuid(), nullable=False),
        sa.Column("profesional_usuario_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("trabajo_id", name=op.f("pk_cancelaciones_profesional")),
    )
    op.create_index(
        "ix_cancelaciones_profesional_profesional_at",
        "cancelaciones_profesional",
        ["profesional_usuario_id", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_cancelaciones_profesional_profesional_at", table_name="cancelaciones_profesional")
    op.drop_table("cancelaciones_profesional")
