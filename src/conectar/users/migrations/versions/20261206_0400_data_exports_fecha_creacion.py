"""data_exports: created_at becomes fecha_creacion

Revision ID: 7f4b228294bf
Revises: 8e4b7c2d1a09
Create Date: 2026-12-06 04:00:00.000000+00:00

"""

from collections.abc import Sequence

from alembic import op

revision: str = "7f4b228294bf"
down_revision: str | None = "8e4b7c2d1a09"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A data export is a product row (the person asks for it and downloads it): its creation time is
# fecha_creacion, as on every other product row (the glossary in docs/development.md).
TABLE = "data_exports"
LEADING = "user_id"


def _rename(old: str, new: str) -> None:
    old_index, new_index = f"ix_{TABLE}_{LEADING}_{old}", f"ix_{TABLE}_{LEADING}_{new}"
    if op.get_bind().dialect.name == "postgresql":
        # Renames only: no table rewrite, no index rebuild.
        op.alter_column(TABLE, old, new_column_name=new)
        op.execute(f"ALTER INDEX {old_index} RENAME TO {new_index}")
        return
    # SQLite copies the table (batch mode); the index is dropped first and made again on the new name.
    op.drop_index(old_index, table_name=TABLE)
    with op.batch_alter_table(TABLE) as batch_op:
        batch_op.alter_column(old, new_column_name=new)
    op.create_index(new_index, TABLE, [LEADING, new], unique=False)


def upgrade() -> None:
    _rename("created_at", "fecha_creacion")


def downgrade() -> None:
    _rename("fecha_creacion", "created_at")
