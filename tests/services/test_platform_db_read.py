"""``Database.read``: a read-only unit of work whose statements run outside a transaction on PostgreSQL (one
round trip for a one-statement read), run again once when its connection was dropped by the server, and
never run again for any other error."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.db import Database
from tests.services.test_platform_db_reconnect import _kill_every_backend_unnoticed, _replaced, _warm


@asynccontextmanager
async def _items(url: str, values: str) -> AsyncIterator[Database]:
    database = Database(url, pool_size=5, max_overflow=5)
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE item (id integer PRIMARY KEY, v integer NOT NULL)"))
        await conn.execute(text(f"INSERT INTO item (id, v) {values}"))
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def db(either_url: str) -> AsyncIterator[Database]:
    async with _items(either_url, "VALUES (1, 10), (2, 20), (3, 30)") as database:
        yield database


@pytest.fixture
async def pg(pg_url: str) -> AsyncIterator[Database]:
    async with _items(pg_url, "SELECT g, g FROM generate_series(1, 100) AS g") as database:
        yield database


async def _value(session: AsyncSession, item: int) -> int:
    value = (await session.execute(text("SELECT v FROM item WHERE id = :id"), {"id": item})).scalar_one()
    assert isinstance(value, int)
    return value


async def test_a_read_returns_what_its_work_read(db: Database) -> None:
    assert await db.read(lambda session: _value(session, 2)) == 20

    async def two(session: AsyncSession) -> tuple[int, int]:
        return await _value(session, 1), await _value(session, 3)

    assert await db.read(two) == (10, 30)


async def test_a_read_is_its_statement_alone_on_the_wire(pg: Database) -> None:
    """asyncpg's query logger sees the transaction control (BEGIN, COMMIT), SQLAlchemy's cursor events the
    statements: a read is its one statement, a read session wraps it in BEGIN and COMMIT."""
    control: list[str] = []
    statements: list[str] = []

    @event.listens_for(pg.engine.sync_engine, "connect")
    def log_queries(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(lambda record: control.append(record.query))

    @event.listens_for(pg.engine.sync_engine, "before_cursor_execute")
    def log_statements(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    await pg.engine.dispose()  # the connections from now on log what they send
    assert await pg.read(lambda session: _value(session, 7)) == 7  # opens the connection
    control.clear()
    statements.clear()
    assert await pg.read(lambda session: _value(session, 8)) == 8
    assert (control, statements) == ([], ["SELECT v FROM item WHERE id = $1"])

    control.clear()
    statements.clear()
    async with pg.session(write=False) as session:
        assert await _value(session, 9) == 9
    assert [query.split()[0].rstrip(";") for query in control] == ["BEGIN", "COMMIT"]
    assert statements == ["SELECT v FROM item WHERE id = $1"]


async def test_twenty_concurrent_reads_after_an_unnoticed_reset_succeed(pg: Database) -> None:
    await _warm(pg, 10)
    retried = _replaced(pg, "read")
    assert _kill_every_backend_unnoticed(pg.url) >= 5

    results = await asyncio.gather(
        *(pg.read(lambda session, item=item: _value(session, item)) for item in range(1, 21)),
        return_exceptions=True,
    )

    assert results == list(range(1, 21))
    assert _replaced(pg, "read") - retried >= 1


async def test_a_read_that_fails_otherwise_runs_once(db: Database) -> None:
    runs = 0

    async def failing(session: AsyncSession) -> int:
        nonlocal runs
        runs += 1
        return await _value(session, 404)  # no such row

    with pytest.raises(Exception, match="No row was found"):
        await db.read(failing)
    assert runs == 1

    async def bad_sql(session: AsyncSession) -> object:
        nonlocal runs
        runs += 1
        return (await session.execute(text("SELECT v FROM no_such_table"))).scalar()

    with pytest.raises(DBAPIError):
        await db.read(bad_sql)
    assert runs == 2
