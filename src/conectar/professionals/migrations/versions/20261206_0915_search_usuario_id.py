"""search read model: each row carries the professional's user id (issue 15: pedido matching answers with it)

Revision ID: 5a0c8e3f9b21
Revises: 07f4f5c503e2
Create Date: 2026-12-06 09:15:00.000000+00:00

Matching a pedido lists up to 200 professionals with their user ids; reading them from the profiles
(random reads in a table of a million rows) cost as much as the search itself. The column is nullable
(added at once, without rewriting the table) and filled here from the profiles; ``search_index.sync``
writes it from now on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5a0c8e3f9b21"
down_revision: str | None = "07f4f5c503e2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("professional_search", sa.Column("usuario_id", sa.Uuid(), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "UPDATE professional_search AS s SET usuario_id = p.usuario_id "
            "FROM professional_profiles AS p WHERE p.id = s.profesional_id"
        )
    else:
        op.execute(
            "UPDATE professional_search SET usuario_id = (SELECT p.usuario_id FROM professional_profiles AS p "
            "WHERE p.id = professional_search.profesional_id)"
        )


def downgrade() -> None:
    # A plain DROP COLUMN on both (SQLite ≥ 3.35): a batch copy of the table would lose its R*Tree triggers.
    op.execute("ALTER TABLE professional_search DROP COLUMN usuario_id")
