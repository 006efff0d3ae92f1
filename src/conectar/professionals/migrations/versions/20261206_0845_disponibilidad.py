"""disponibilidad: a professional's weekly hours and blocked periods (issue 15, SPEC §11)

Revision ID: 07f4f5c503e2
Revises: d123f3238a9c
Create Date: 2026-12-06 08:45:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "07f4f5c503e2"
down_revision: str | None = "d123f3238a9c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "franjas_horarias",
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("dia", sa.SmallInteger(), nullable=False),
        sa.Column("desde_min", sa.SmallInteger(), nullable=False),
        sa.Column("hasta_min", sa.SmallInteger(), nullable=False),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profesional_id"],
            ["professional_profiles.id"],
            name=op.f("fk_franjas_horarias_profesional_id_professional_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profesional_id", "dia", "desde_min", name=op.f("pk_franjas_horarias")),
    )
    op.create_table(
        "bloqueos_agenda",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("desde", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hasta", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profesional_id"],
            ["professional_profiles.id"],
            name=op.f("fk_bloqueos_agenda_profesional_id_professional_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloqueos_agenda")),
    )
    op.create_index(
        "ix_bloqueos_agenda_profesional_id_hasta",
        "bloqueos_agenda",
        ["profesional_id", "hasta"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_bloqueos_agenda_profesional_id_hasta", table_name="bloqueos_agenda")
    op.drop_table("bloqueos_agenda")
    op.drop_table("franjas_horarias")
