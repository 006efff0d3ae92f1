"""chat attachments (SPEC §12) and the attachments a dispute cites

Revision ID: 3b8e1c5d7a90
Revises: 63f6954fd2a2
Create Date: 2026-12-06 09:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3b8e1c5d7a90"
down_revision: str | None = "63f6954fd2a2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "adjuntos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("chat_id", sa.Uuid(), nullable=False),
        sa.Column("message_id", sa.Uuid(), nullable=False),
        sa.Column("autor_id", sa.Uuid(), nullable=False),
        sa.Column("nombre", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("tamano", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=255), nullable=False),
        sa.Column("thumbnail_key", sa.String(length=255), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chat_id"],
            ["conversations.id"],
            name=op.f("fk_adjuntos_chat_id_conversations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_adjuntos_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adjuntos")),
        sa.UniqueConstraint("message_id", name=op.f("uq_adjuntos_message_id")),
    )
    op.create_index(
        "ix_adjuntos_chat_id_autor_id_fecha_creacion",
        "adjuntos",
        ["chat_id", "autor_id", "fecha_creacion"],
        unique=False,
    )
    op.create_table(
        "disputa_adjuntos",
        sa.Column("disputa_id", sa.Uuid(), nullable=False),
        sa.Column("adjunto_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["disputa_id"],
            ["disputas.id"],
            name=op.f("fk_disputa_adjuntos_disputa_id_disputas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["adjunto_id"],
            ["adjuntos.id"],
            name=op.f("fk_disputa_adjuntos_adjunto_id_adjuntos"),
        ),
        sa.PrimaryKeyConstraint("disputa_id", "adjunto_id", name=op.f("pk_disputa_adjuntos")),
    )
    op.create_index(op.f("ix_disputa_adjuntos_adjunto_id"), "disputa_adjuntos", ["adjunto_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_disputa_adjuntos_adjunto_id"), table_name="disputa_adjuntos")
    op.drop_table("disputa_adjuntos")
    op.drop_index("ix_adjuntos_chat_id_autor_id_fecha_creacion", table_name="adjuntos")
    op.drop_table("adjuntos")
