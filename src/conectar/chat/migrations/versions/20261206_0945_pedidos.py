"""pedidos (SPEC §10): requests for quotes, and the pedido an offer answers (one per professional)

Revision ID: 9d4f2a6b8c31
Revises: 7c1d2e9f4a10
Create Date: 2026-12-06 09:45:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d4f2a6b8c31"
down_revision: str | None = "7c1d2e9f4a10"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pedidos",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cliente_id", sa.Uuid(), nullable=False),
        sa.Column("oficio_id", sa.Uuid(), nullable=False),
        sa.Column("oficio_nombre", sa.String(length=100), nullable=False),
        sa.Column("titulo", sa.String(length=120), nullable=False),
        sa.Column("descripcion", sa.Text(), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.Column("direccion", sa.String(length=200), nullable=False),
        sa.Column("zona", sa.String(length=100), nullable=False),
        sa.Column("franjas", sa.JSON(), nullable=False),
        sa.Column("presupuesto_max", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("estado", sa.String(length=12), nullable=False),
        sa.Column("fotos", sa.JSON(), nullable=False),
        sa.Column("fotos_keys", sa.JSON(), nullable=False),
        sa.Column("total_ofertas", sa.Integer(), nullable=False),
        sa.Column("fecha_expiracion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_cierre", sa.DateTime(timezone=True), nullable=True),
        sa.Column("oferta_adjudicada_id", sa.Uuid(), nullable=True),
        sa.Column("profesional_adjudicado_id", sa.Uuid(), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_actualizacion", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("total_ofertas >= 0", name=op.f("ck_pedidos_total_ofertas_no_negativo")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pedidos")),
    )
    op.create_index("ix_pedidos_cliente_id_estado", "pedidos", ["cliente_id", "estado"], unique=False)
    op.create_index(
        "ix_pedidos_estado_oficio_id_fecha_creacion",
        "pedidos",
        ["estado", "oficio_id", "fecha_creacion"],
        unique=False,
    )
    op.create_index(
        "ix_pedidos_estado_fecha_expiracion", "pedidos", ["estado", "fecha_expiracion"], unique=False
    )
    with op.batch_alter_table("ofertas") as batch:
        batch.add_column(sa.Column("pedido_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(op.f("fk_ofertas_pedido_id_pedidos"), "pedidos", ["pedido_id"], ["id"])
        batch.create_index("ix_ofertas_pedido_id", ["pedido_id"], unique=False)
        batch.create_index(
            "uq_ofertas_pedido_id_profesional_id", ["pedido_id", "profesional_id"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("ofertas") as batch:
        batch.drop_index("uq_ofertas_pedido_id_profesional_id")
        batch.drop_index("ix_ofertas_pedido_id")
        batch.drop_constraint(op.f("fk_ofertas_pedido_id_pedidos"), type_="foreignkey")
        batch.drop_column("pedido_id")
    op.drop_index("ix_pedidos_estado_fecha_expiracion", table_name="pedidos")
    op.drop_index("ix_pedidos_estado_oficio_id_fecha_creacion", table_name="pedidos")
    op.drop_index("ix_pedidos_cliente_id_estado", table_name="pedidos")
    op.drop_table("pedidos")
