"""A unit of work that PostgreSQL gives up because another changed the same rows at the same moment (a
deadlock, a serialization failure) is answered 409 with the kernel's "intentá de nuevo" (SPEC: 409 a
conflicting concurrent change), not 500; any other database error is still a 500."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from conectar.platform.db import Database
from conectar.platform.errors import ConcurrentChange, Conflict, error_for_status, install_error_handlers

pytestmark = pytest.mark.postgres


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    database = Database(pg_url, pool_size=4, max_overflow=0)
    async with database.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE item (id integer PRIMARY KEY, v integer NOT NULL)"))
        await conn.execute(text("INSERT INTO item (id, v) VALUES (1, 0), (2, 0)"))
    try:
        yield database
    finally:
        await database.dispose()


def app_on(db: Database) -> FastAPI:
    """``/swap/{first}/{second}`` locks one row, waits until the other request locked its own, then the
    other row: two of them in opposite orders deadlock, and PostgreSQL fails one."""
    app = FastAPI()
    install_error_handlers(app)
    both_locked = asyncio.Barrier(2)

    @app.post("/swap/{first}/{second}")
    async def swap(first: int, second: int) -> dict[str, int]:
        async with db.session() as session:
            await session.execute(text("UPDATE item SET v = v + 1 WHERE id = :id"), {"id": first})
            await asyncio.wait_for(both_locked.wait(), 10)
            await session.execute(text("UPDATE item SET v = v + 1 WHERE id = :id"), {"id": second})
        return {"ok": 1}

    @app.post("/broken")
    async def broken() -> dict[str, int]:
        async with db.session() as session:
            await session.execute(text("INSERT INTO item (id, v) VALUES (1, 0)"))  # a unique violation
        return {"ok": 1}

    return app


async def test_a_deadlock_is_a_409_and_the_other_request_goes_through(db: Database) -> None:
    app = app_on(db)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answers = await asyncio.gather(client.post("/swap/1/2"), client.post("/swap/2/1"))
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json() == {"detail": Conflict.default_detail}
    assert refused.headers["retry-after"] == "1"  # how a calling service tells it from a refusal
    async with db.session(write=False) as session:
        values = (await session.execute(text("SELECT v FROM item ORDER BY id"))).scalars().all()
    assert list(values) == [1, 1]  # the refused request changed nothing


async def test_any_other_database_error_is_still_a_500(db: Database) -> None:
    app = app_on(db)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answer = await client.post("/broken")
    assert answer.status_code == 500


def test_another_service_tells_a_change_to_send_again_from_a_refusal() -> None:
    again = error_for_status(409, "Conflicto", httpx.Headers({"Retry-After": "1"}))
    assert isinstance(again, ConcurrentChange)
    assert again.headers == {"Retry-After": "1"}  # passed on to the caller's own client
    refused = error_for_status(409, "Ya se liberó con otros montos", httpx.Headers({}))
    assert type(refused) is Conflict
