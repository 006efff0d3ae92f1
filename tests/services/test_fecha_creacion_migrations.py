"""The revisions that rename ``created_at`` to ``fecha_creacion`` on three product rows (chat's messages,
professionals' favoritos, users' data exports), on SQLite and PostgreSQL: the rows keep their time, the
index follows the column's name, the table matches the models, and the downgrade gives the old name back."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conectar.chat.models import Base as ChatBase
from conectar.platform.db import Database, UTCDateTime, utcnow
from conectar.platform.migrations import alembic_config, upgrade
from conectar.professionals.models import Base as ProfessionalsBase
from conectar.services import SERVICES
from conectar.users.models import Base as UsersBase


@dataclass(frozen=True)
class Rename:
    service: str
    table: str
    leading: str  # the index's first column: ix_<table>_<leading>_<time column>
    before: str  # the revision before the rename
    metadata: sa.MetaData
    row: dict[str, Any]  # the other columns of one row (NOT NULL ones)


CHAT_ID = uuid.uuid4()
RENAMES = {
    "messages": Rename(
        "chat",
        "messages",
        "chat_id",
        "14f2075f9766",
        ChatBase.metadata,
        {"chat_id": CHAT_ID, "text": "hola", "tipo": "texto", "moderated": False},
    ),
    "favoritos": Rename(
        "professionals",
        "favoritos",
        "cliente_id",
        "3c8f1a7d5e20",
        ProfessionalsBase.metadata,
        {},  # a favorito points at a professional's profile: only its schema is checked
    ),
    "data_exports": Rename(
        "users",
        "data_exports",
        "user_id",
        "8e4b7c2d1a09",
        UsersBase.metadata,
        {"user_id": uuid.uuid4(), "estado": "PENDIENTE", "services_done": 0},
    ),
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'service.db'}"
    return str(request.getfixturevalue("pg_url"))


def _columns_and_indexes(connection: sa.Connection, table: str) -> tuple[set[str], set[str]]:
    inspector = sa.inspect(connection)
    columns = {c["name"] for c in inspector.get_columns(table)}
    indexes = {str(i["name"]) for i in inspector.get_indexes(table)}
    return columns, indexes


def _as_before(rename: Rename, values: dict[str, Any]) -> sa.TableClause:
    """The renamed table as it was before the revision, with the columns of ``values`` (typed as the
    models type them)."""
    model = rename.metadata.tables[rename.table]
    return sa.table(
        rename.table,
        *(sa.column("created_at" if n == "fecha_creacion" else n, model.c[n].type) for n in values),
    )


async def _insert_before(db: Database, rename: Rename, stamp: datetime) -> None:
    """One row of the table before the revision (a message needs its chat first)."""
    values = {**rename.row, "fecha_creacion": stamp}
    if rename.table == "messages":
        values.update(id=uuid.uuid4(), sender_id=uuid.uuid4(), recipient_id=uuid.uuid4())
    else:
        values["id"] = uuid.uuid4()
    async with db.session() as session:
        if rename.table == "messages":
            chats = ChatBase.metadata.tables["conversations"]
            await session.execute(
                chats.insert().values(
                    id=CHAT_ID,
                    cliente_id=uuid.uuid4(),
                    profesional_id=uuid.uuid4(),
                    fecha_creacion=stamp,
                    fecha_actualizacion=stamp,
                )
            )
        before = _as_before(rename, values)
        await session.execute(
            before.insert().values(
                {("created_at" if k == "fecha_creacion" else k): v for k, v in values.items()}
            )
        )


@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
@pytest.mark.parametrize("name", list(RENAMES))
async def test_created_at_becomes_fecha_creacion(name: str, url: str) -> None:
    rename = RENAMES[name]
    migrations = SERVICES[rename.service].migrations
    old_index = f"ix_{rename.table}_{rename.leading}_created_at"
    new_index = f"ix_{rename.table}_{rename.leading}_fecha_creacion"
    await asyncio.to_thread(upgrade, migrations, url, rename.before)
    db = Database(url)
    try:
        stamp = utcnow().replace(microsecond=0)
        if rename.row:
            await _insert_before(db, rename, stamp)

        await asyncio.to_thread(upgrade, migrations, url)
        async with db.engine.connect() as connection:
            columns, indexes = await connection.run_sync(_columns_and_indexes, rename.table)
            assert "fecha_creacion" in columns
            assert "created_at" not in columns
            assert new_index in indexes
            assert old_index not in indexes
            assert await connection.run_sync(_differences, rename) == []
        if rename.row:
            async with db.session(write=False) as session:
                kept = await session.execute(
                    sa.select(
                        sa.table(rename.table, sa.column("fecha_creacion", UTCDateTime())).c.fecha_creacion
                    )
                )
                assert kept.scalar_one() == stamp

        await asyncio.to_thread(_downgrade, migrations, url, rename.before)
        async with db.engine.connect() as connection:
            columns, indexes = await connection.run_sync(_columns_and_indexes, rename.table)
        assert "created_at" in columns
        assert "fecha_creacion" not in columns
        assert old_index in indexes
        assert new_index not in indexes
    finally:
        await db.dispose()


def _differences(connection: sa.Connection, rename: Rename) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return [d for d in compare_metadata(context, rename.metadata) if f"'{rename.table}'" in repr(d)]


def _downgrade(migrations: Path, url: str, revision: str) -> None:
    command.downgrade(alembic_config(migrations, url), revision)
