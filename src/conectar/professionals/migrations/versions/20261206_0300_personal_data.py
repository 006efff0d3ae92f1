"""personal data: deleted profiles, review authors, deleted users

Revision ID: 3c8f1a7d5e20
Revises: 6904b4cf1349
Create Date: 2026-12-06 03:00:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3c8f1a7d5e20"
down_revision: str | None = "6904b4cf1349"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "professional_profiles", sa.Column("eliminado_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_professional_profiles_eliminado_at", "professional_profiles", ["eliminado_at"], unique=False
    )
    op.add_column("resenas", sa.Column("cliente_id", sa.Uuid(), nullable=True))
    op.create_index("ix_resenas_cliente_id", "resenas", ["cliente_id"], unique=False)
    op.create_table(
        "usuarios_eliminados",
        sa.Column("usuario_id", sa.Uuid(), nullable=False),
        sa.Column("eliminado_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("usuario_id", name=op.f("pk_usuarios_eliminados")),
    )


def downgrade() -> None:
    op.drop_table("usuarios_eliminados")
    op.drop_index("ix_resenas_cliente_id", table_name="resenas")
    with op.batch_alter_table("resenas") as batch_op:
        batch_op.drop_column("cliente_id")
    op.drop_index("ix_professional_profiles_eliminado_at", table_name="professional_profiles")
    with op.batch_alter_table("professional_profiles") as batch_op:
        batch_op.drop_column("eliminado_at")
