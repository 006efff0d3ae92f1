"""review replies

Revision ID: d51529c6e227
Revises: 29cd33ae7eff
Create Date: 2026-11-28 22:48:41.202449+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d51529c6e227"
down_revision: str | None = "29cd33ae7eff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("resenas", sa.Column("respuesta", sa.Text(), nullable=True))
    op.add_column("resenas", sa.Column("fecha_respuesta", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("resenas", "fecha_respuesta")
    op.drop_column("resenas", "respuesta")
