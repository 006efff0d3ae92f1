"""trabajos: servicio_publicado_id, a hire of a service a professional published (issue 20, row 7)

Revision ID: 63f6954fd2a2
Revises: 10446f1eb0b9
Create Date: 2026-12-06 06:54:15.576816+00:00

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "63f6954fd2a2"
down_revision: str | None = "10446f1eb0b9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("trabajos", sa.Column("servicio_publicado_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    op.drop_column("trabajos", "servicio_publicado_id")
