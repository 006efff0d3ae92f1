"""favoritos and response time

Revision ID: 5b7e2c9a41d3
Revises: 8c3f46fa83da
Create Date: 2026-12-05 01:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b7e2c9a41d3"
down_revision: str | None = "8c3f46fa83da"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "favoritos",
        sa.Column("cliente_id", sa.Uuid(), nullable=False),
        sa.Column("profesional_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["profesional_id"],
            ["professional_profiles.id"],
            name=op.f("fk_favoritos_profesional_id_professional_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cliente_id", "profesional_id", name=op.f("pk_favoritos")),
    )
    op.create_index(
        "ix_favoritos_cliente_id_created_at", "favoritos", ["cliente_id", "created_at"], unique=False
    )
    op.create_index(op.f("ix_favoritos_profesional_id"), "favoritos", ["profesional_id"], unique=False)
    op.create_table(
        "respuesta_conversaciones",
        sa.Column("chat_id", sa.Uuid(), nullable=False),
        sa.Column("profesional_usuario_id", sa.Uuid(), nullable=False),
        sa.Column("primer_mensaje_cliente_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("primera_respuesta_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("chat_id", name=op.f("pk_respuesta_conversaciones")),
    )
    op.create_index(
        "ix_respuesta_conversaciones_profesional_cliente_at",
        "respuesta_conversaciones",
        ["profesional_usuario_id", "primer_mensaje_cliente_at"],
        unique=False,
    )
    op.create_table(
        "respuesta_mensajes_profesional",
        sa.Column("chat_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("enviado_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["respuesta_conversaciones.chat_id"],
            name=op.f("fk_respuesta_mensajes_profesional_chat_id_respuesta_conversaciones"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("chat_id", "message_id", name=op.f("pk_respuesta_mensajes_profesional")),
    )
    op.add_column(
        "professional_profiles", sa.Column("tiempo_respuesta_mediano_min", sa.Integer(), nullable=True)
    )
    op.add_column(
        "professional_search", sa.Column("tiempo_respuesta_mediano_min", sa.Integer(), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("professional_search", "tiempo_respuesta_mediano_min")
    op.drop_column("professional_profiles", "tiempo_respuesta_mediano_min")
    op.drop_table("respuesta_mensajes_profesional")
    op.drop_index("ix_respuesta_conversaciones_profesional_cliente_at", table_name="respuesta_conversaciones")
    op.drop_table("respuesta_conversaciones")
    op.drop_index(op.f("ix_favoritos_profesional_id"), table_name="favoritos")
    op.drop_index("ix_favoritos_cliente_id_created_at", table_name="favoritos")
    op.drop_table("favoritos")
