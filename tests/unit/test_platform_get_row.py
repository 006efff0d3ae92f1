"""``get_row`` reads one row by primary key: found, missing, locked in a writing unit of work, refreshed."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String, event, func, update
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform.db import Database, get_row, insert_ignore, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()


class Thing(Base):
    __tablename__ = "things"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))


class Pair(Base):
    __tablename__ = "pairs"

    left: Mapped[str] = mapped_column(String(10), primary_key=True)
    right: Mapped[str] = mapped_column(String(10), primary_key=True)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path}/rows.db")
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    try:
        yield database
    finally:
        await database.dispose()


async def test_found_and_missing(db: Database) -> None:
    thing_id = uuid.uuid4()
    async with db.session() as session:
        session.add(Thing(id=thing_id, name="llave"))
    async with db.session(write=False) as session:
        found = await get_row(session, Thing, thing_id)
        assert found is not None
        assert (found.id, found.name) == (thing_id, "llave")
        assert await get_row(session, Thing, uuid.uuid4()) is None


async def test_lock_in_a_writing_unit_of_work(db: Database) -> None:
    """SQLite drops FOR UPDATE: the writing unit's BEGIN IMMEDIATE is what keeps other writers out."""
    thing_id = uuid.uuid4()
    async with db.session() as session:
        session.add(Thing(id=thing_id, name="caño"))
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    try:
        async with db.session() as session:
            locked = await get_row(session, Thing, thing_id, lock=True)
            assert locked is not None
            locked.name = "caño nuevo"
            assert await get_row(session, Thing, uuid.uuid4(), lock=True) is None
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", record)
    assert sent[0] == "BEGIN IMMEDIATE"
    reads = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 2
    assert all("FOR UPDATE" not in s.upper() and "WHERE things.id = ?" in s for s in reads)
    async with db.session(write=False) as session:
        stored = await get_row(session, Thing, thing_id)
        assert stored is not None
        assert stored.name == "caño nuevo"


async def test_lock_is_for_update_on_postgresql() -> None:
    class Capture:
        query: Any = None

        async def execute(self, query: Any, params: Any = None) -> Any:
            self.query = query
            return self

        def scalar_one_or_none(self) -> None:
            return None

    for lock, expected in ((True, True), (False, False)):
        session = Capture()
        assert await get_row(session, Thing, uuid.uuid4(), lock=lock) is None  # type: ignore[arg-type]
        sql = str(session.query.compile(dialect=postgresql.dialect()))
        assert ("FOR UPDATE" in sql) is expected
        assert "WHERE things.id = " in sql


async def test_refresh_overwrites_what_the_session_holds(db: Database) -> None:
    thing_id = uuid.uuid4()
    async with db.session() as session:
        session.add(Thing(id=thing_id, name="antes"))
    async with db.session() as session:
        held = await get_row(session, Thing, thing_id)
        assert held is not None
        table: Any = Thing.__table__
        await session.execute(update(table).where(table.c.id == thing_id).values(name="después"))
        again = await get_row(session, Thing, thing_id)
        assert again is held  # the identity map's object, as it was held
        assert held.name == "antes"
        fresh = await get_row(session, Thing, thing_id, refresh=True)
        assert fresh is held
        assert held.name == "después"


async def test_a_composite_primary_key_is_refused(db: Database) -> None:
    async with db.session(write=False) as session:
        with pytest.raises(TypeError, match="one-column primary key"):
            await get_row(session, Pair, ("a", "b"))


async def test_insert_ignore_inserts_once_with_values_or_sql_expressions(db: Database) -> None:
    table = Thing.__table__
    thing_id = uuid.uuid4()
    async with db.session() as session:
        assert await insert_ignore(session, table, {"id": thing_id, "name": "primera"})  # type: ignore[arg-type]
        assert not await insert_ignore(session, table, {"id": thing_id, "name": "segunda"})  # type: ignore[arg-type]
        other = uuid.uuid4()
        assert await insert_ignore(session, table, {"id": other, "name": func.lower("MAYÚSCULAS")})  # type: ignore[arg-type]
    async with db.session(write=False) as session:
        assert (await get_row(session, Thing, thing_id)).name == "primera"  # type: ignore[union-attr]
        assert (await get_row(session, Thing, other)).name == "mayÚsculas"  # type: ignore[union-attr]
