"""offers outside the professional's weekly hours (SPEC §11: ``fuera_de_horario``)

Revision ID: b6e2f0a9c417
Revises: 9d4f2a6b8c31
Create Date: 2026-12-06 10:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b6e2f0a9c417"
down_revision: str | None = "9d4f2a6b8c31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "ofertas", sa.Column("fuera_de_horario", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("ofertas") as batch:
        batch.drop_column("fuera_de_horario")
