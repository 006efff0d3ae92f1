"""servicios publicados: the services professionals publish themselves (issue 20, row 7)

Revision ID: d123f3238a9c
Revises: 1d9e0ab6b857
Create Date: 2026-12-06 06:52:06.622697+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d123f3238a9c"
down_revision: str | None = "1d9e0ab6b857"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "servicios_publicados",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("oficio_id", sa.Uuid(), nullable=False),
        sa.Column("nombre", sa.String(length=200), nullable=False),
        sa.Column("descripcion", sa.String(length=2000), nullable=False),
        sa.Column("precio_fijo_centavos", sa.BigInteger(), nullable=False),
        sa.Column("activo", sa.Boolean(), nullable=False),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["oficio_id"],
            ["oficios.id"],
            name=op.f("fk_servicios_publicados_oficio_id_oficios"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profesional_id"],
            ["professional_profiles.id"],
            name=op.f("fk_servicios_publicados_profesional_id_professional_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_servicios_publicados")),
    )
    op.create_index(
        op.f("ix_servicios_publicados_oficio_id"), "servicios_publicados", ["oficio_id"], unique=False
    )
    op.create_index(
        "ix_servicios_publicados_profesional_id_fecha_creacion",
        "servicios_publicados",
        ["profesional_id", "fecha_creacion"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_servicios_publicados_profesional_id_fecha_creacion", table_name="servicios_publicados")
    op.drop_index(op.f("ix_servicios_publicados_oficio_id"), table_name="servicios_publicados")
    op.drop_table("servicios_publicados")
