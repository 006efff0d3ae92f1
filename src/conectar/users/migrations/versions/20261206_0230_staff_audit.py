"""staff audit trail

Revision ID: 3b70556fa20c
Revises: ccbbce5ca0f3
Create Date: 2026-12-06 02:30:00.000000+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3b70556fa20c"
down_revision: str | None = "ccbbce5ca0f3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "staff_audit is append-only"


def upgrade() -> None:
    op.create_table(
        "staff_audit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("accion", sa.String(length=64), nullable=False),
        sa.Column("recurso", sa.String(length=40), nullable=False),
        sa.Column("recurso_id", sa.String(length=64), nullable=True),
        sa.Column("detalle", sa.JSON(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_audit")),
    )
    op.create_index("ix_staff_audit_fecha", "staff_audit", ["fecha"], unique=False)
    op.create_index("ix_staff_audit_actor_id_fecha", "staff_audit", ["actor_id", "fecha"], unique=False)
    op.create_index("ix_staff_audit_recurso_id_fecha", "staff_audit", ["recurso_id", "fecha"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for change in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER staff_audit_no_{change.lower()} BEFORE {change} ON staff_audit "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
    else:
        op.execute(
            "CREATE FUNCTION staff_audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        op.execute(
            "CREATE TRIGGER staff_audit_append_only BEFORE UPDATE OR DELETE ON staff_audit "
            "FOR EACH ROW EXECUTE FUNCTION staff_audit_refuse_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS staff_audit_no_update")
        op.execute("DROP TRIGGER IF EXISTS staff_audit_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS staff_audit_append_only ON staff_audit")
        op.execute("DROP FUNCTION IF EXISTS staff_audit_refuse_change()")
    op.drop_index("ix_staff_audit_recurso_id_fecha", table_name="staff_audit")
    op.drop_index("ix_staff_audit_actor_id_fecha", table_name="staff_audit")
    op.drop_index("ix_staff_audit_fecha", table_name="staff_audit")
    op.drop_table("staff_audit")
