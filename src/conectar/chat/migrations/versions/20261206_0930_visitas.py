"""visits (SPEC §11): the window on ofertas and trabajos, a trabajo's pending reprogramación, its reminders,
and the oficio and address its calendar file names

Revision ID: 7c1d2e9f4a10
Revises: 3b8e1c5d7a90
Create Date: 2026-12-06 09:30:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c1d2e9f4a10"
down_revision: str | None = "3b8e1c5d7a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("ofertas", sa.Column("visita_desde", sa.DateTime(timezone=True), nullable=True))
    op.add_column("ofertas", sa.Column("visita_hasta", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("visita_desde", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("visita_hasta", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("visita_secuencia", sa.Integer(), server_default="0", nullable=False))
    op.add_column("trabajos", sa.Column("reprogramacion_desde", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("reprogramacion_hasta", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("reprogramacion_motivo", sa.String(length=500), nullable=True))
    op.add_column("trabajos", sa.Column("reprogramacion_por", sa.Uuid(), nullable=True))
    op.add_column("trabajos", sa.Column("fecha_reprogramacion", sa.DateTime(timezone=True), nullable=True))
    op.add_column("trabajos", sa.Column("reminder_sent_hours", sa.Integer(), nullable=True))
    op.add_column("trabajos", sa.Column("oficio", sa.String(length=100), nullable=True))
    op.add_column("trabajos", sa.Column("direccion", sa.String(length=300), nullable=True))
    op.create_index(
        "ix_trabajos_profesional_id_visita_desde",
        "trabajos",
        ["profesional_id", "visita_desde"],
        unique=False,
    )
    op.create_index("ix_trabajos_visita_desde", "trabajos", ["visita_desde"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_trabajos_visita_desde", table_name="trabajos")
    op.drop_index("ix_trabajos_profesional_id_visita_desde", table_name="trabajos")
    with op.batch_alter_table("trabajos") as batch:
        for column in (
            "direccion",
            "oficio",
            "reminder_sent_hours",
            "fecha_reprogramacion",
            "reprogramacion_por",
            "reprogramacion_motivo",
            "reprogramacion_hasta",
            "reprogramacion_desde",
            "visita_secuencia",
            "visita_hasta",
            "visita_desde",
        ):
            batch.drop_column(column)
    with op.batch_alter_table("ofertas") as batch:
        batch.drop_column("visita_hasta")
        batch.drop_column("visita_desde")
