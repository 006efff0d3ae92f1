"""Connections the PostgreSQL server dropped (a restart, PgBouncer going away, a network reset) must not fail
the next units of work; a unit that had already done something when its connection died must fail, never
run twice."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator

import asyncpg
import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from conectar.platform.db import Database
from conectar.platform.metrics import DB_CONNECTIONS_REPLACED

pytestmark = pytest.mark.postgres

KILL_ALL = (
    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
KILL_ALL_OF = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1"


def _driver_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def _admin(url: str, sql: str, *args: object) -> object:
    """Run one statement on a connection of its own, outside the database under test's pool."""
    conn = await asyncpg.connect(_driver_url(url))
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


async def _kill_every_backend(url: str, sql: str = KILL_ALL, *args: object) -> int:
    killed = await _admin(url, sql, *args)
    assert isinstance(killed, int)
    return killed


def _kill_every_backend_unnoticed(url: str, sql: str = KILL_ALL, *args: object) -> int:
    """Kill from another thread while this event loop is blocked, and give the sockets time to close: the
    pooled connections are dead but asyncpg has not read their end yet (as right after a network reset)."""
    killed: list[object] = []
    thread = threading.Thread(target=lambda: killed.append(asyncio.run(_admin(url, sql, *args))))
    thread.start()
    thread.join()
    time.sleep(0.2)
    assert isinstance(killed[0], int)
    return killed[0]


def _replaced(db: Database, where: str) -> float:
    value: float = DB_CONNECTIONS_REPLACED.labels(database=db.database_name, where=where)._value.get()
    return value


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    database = Database(pg_url, pool_size=5, max_overflow=5)
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE item (id integer PRIMARY KEY, v integer NOT NULL)"))
        await conn.execute(text("INSERT INTO item (id, v) SELECT g, 0 FROM generate_series(1, 100) AS g"))
    try:
        yield database
    finally:
        await database.dispose()


async def _read(db: Database, item: int) -> int:
    async with db.session(write=False) as session:
        value = (await session.execute(text("SELECT v FROM item WHERE id = :id"), {"id": item})).scalar_one()
        assert isinstance(value, int)
        return value


async def _write(db: Database, item: int) -> None:
    async with db.session() as session:
        await session.execute(text("UPDATE item SET v = v + 1 WHERE id = :id"), {"id": item})
        await session.execute(text("INSERT INTO item (id, v) VALUES (:id, 1)"), {"id": 1000 + item})


async def _read_or_write(db: Database, n: int) -> None:
    if n % 2:
        await _write(db, n)
    else:
        await _read(db, n)


async def _warm(db: Database, units: int) -> None:
    """Leave the pool holding connections (units at once, each holding its connection for a moment)."""

    async def hold() -> None:
        async with db.session(write=False) as session:
            await session.execute(text("SELECT pg_sleep(0.05)"))

    await asyncio.gather(*(hold() for _ in range(units)))


@pytest.mark.parametrize("kill", ["at-once", "noticed", "unnoticed"])
async def test_units_after_every_backend_was_killed_succeed(db: Database, kill: str) -> None:
    await _warm(db, 5)
    assert db.engine.pool.checkedin() == 5  # type: ignore[attr-defined]
    at_checkout, at_begin = _replaced(db, "checkout"), _replaced(db, "begin")
    if kill == "unnoticed":
        assert _kill_every_backend_unnoticed(db.url) == 5
    else:
        assert await _kill_every_backend(db.url) == 5
    if kill == "noticed":
        await asyncio.sleep(0.2)  # the client has seen the sockets close

    for item in range(1, 6):
        assert await _read(db, item) == 0
        await _write(db, item)
        assert await _read(db, item) == 1
    assert await _read(db, 1001) == 1
    if kill == "noticed":  # found closed at checkout, for free
        assert _replaced(db, "checkout") - at_checkout >= 1
        assert _replaced(db, "begin") == at_begin
    if kill == "unnoticed":  # the first unit's BEGIN found its connection dead; the others were replaced
        assert _replaced(db, "begin") - at_begin == 1
        assert _replaced(db, "checkout") - at_checkout >= 4


async def test_twenty_concurrent_units_after_a_reset_succeed(db: Database) -> None:
    await _warm(db, 10)
    assert await _kill_every_backend(db.url) >= 5

    results = await asyncio.gather(*(_read_or_write(db, n) for n in range(1, 21)), return_exceptions=True)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert failures == []
    async with db.session(write=False) as session:
        written = (await session.execute(text("SELECT count(*) FROM item WHERE id > 1000"))).scalar_one()
    assert written == 10


async def test_twenty_concurrent_units_after_an_unnoticed_reset_succeed(db: Database) -> None:
    await _warm(db, 10)
    at_begin = _replaced(db, "begin")
    assert _kill_every_backend_unnoticed(db.url) >= 5

    results = await asyncio.gather(*(_read_or_write(db, n) for n in range(1, 21)), return_exceptions=True)
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert _replaced(db, "begin") - at_begin >= 5


async def test_a_unit_whose_connection_dies_midway_fails_and_does_not_run_twice(db: Database) -> None:
    runs = 0

    async def unit() -> None:
        nonlocal runs
        async with db.session() as session:
            runs += 1
            pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            await session.execute(text("UPDATE item SET v = v + 100 WHERE id = 1"))
            # The server drops this very connection after the unit's first statements succeeded.
            assert await _admin(db.url, "SELECT pg_terminate_backend($1, 5000)", pid) is True
            await session.execute(text("INSERT INTO item (id, v) VALUES (2001, 1)"))

    with pytest.raises(DBAPIError) as caught:
        await unit()
    assert caught.value.connection_invalidated
    assert runs == 1
    # Nothing of the unit stayed (the INSERT was not re-run on a new connection), and the next units work.
    assert await _read(db, 1) == 0
    async with db.session(write=False) as session:
        assert (await session.execute(text("SELECT count(*) FROM item WHERE id = 2001"))).scalar_one() == 0
    await _write(db, 1)
    assert await _read(db, 1) == 1


async def test_a_commit_on_a_dead_connection_fails_and_does_not_run_twice(db: Database) -> None:
    runs = 0

    async def unit() -> None:
        nonlocal runs
        async with db.session() as session:
            runs += 1
            pid = (await session.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            await session.execute(text("UPDATE item SET v = v + 100 WHERE id = 3"))
            assert await _admin(db.url, "SELECT pg_terminate_backend($1, 5000)", pid) is True
        # the commit at the end of the unit is what meets the dead connection

    with pytest.raises(DBAPIError):
        await unit()
    assert runs == 1
    assert await _read(db, 3) == 0


@pytest.mark.parametrize("kill", ["noticed", "unnoticed"])
async def test_a_database_that_refuses_connections_fails_cleanly_then_recovers(
    db: Database, kill: str
) -> None:
    await _warm(db, 3)
    maintenance = db.url.rsplit("/", 1)[0] + "/postgres"
    name = db.database_name
    await _admin(maintenance, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        if kill == "unnoticed":
            assert _kill_every_backend_unnoticed(maintenance, KILL_ALL_OF, name) == 3
        else:
            assert await _kill_every_backend(maintenance, KILL_ALL_OF, name) == 3
        with pytest.raises(DBAPIError):
            await _read(db, 1)
        with pytest.raises(DBAPIError):
            await _write(db, 1)
    finally:
        await _admin(maintenance, f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert await _read(db, 1) == 0
    await _write(db, 1)
    assert await _read(db, 1) == 1
