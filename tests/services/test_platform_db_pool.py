"""Under load a service's pool keeps its connections: none is opened and closed per unit of work.

With overflow connections (the pool's default before), every unit beyond the pool's size opened a fresh
PostgreSQL connection and closed it on return, which cost a third of the users service's throughput."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, text

from conectar.platform.db import Database
from conectar.platform.settings import Settings

pytestmark = pytest.mark.postgres


async def test_concurrent_units_beyond_the_pool_reuse_its_connections(pg_url: str) -> None:
    settings = Settings()
    db = Database(pg_url, pool_size=settings.database_pool_size, max_overflow=settings.database_max_overflow)
    opened: list[object] = []
    event.listen(db.engine.sync_engine, "connect", lambda *_: opened.append(1))

    async def unit() -> None:
        async with db.session(write=False) as session:
            await session.execute(text("SELECT pg_sleep(0.005)"))

    try:
        for _ in range(5):
            await asyncio.gather(*(unit() for _ in range(3 * settings.database_pool_size)))
        assert len(opened) <= settings.database_pool_size
    finally:
        await db.dispose()
