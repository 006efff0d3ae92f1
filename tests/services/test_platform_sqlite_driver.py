"""The SQLite driver ends a connection whose unit of work is cancelled, however often it is cancelled."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from sqlalchemy import text

from conectar.platform.db import Database


@pytest.mark.parametrize("turns", [0, 1, 2, 3])
async def test_a_unit_of_work_cancelled_twice_leaves_nothing_waiting(tmp_path: Path, turns: int) -> None:
    """Cancelled once, SQLAlchemy closes the connection gracefully; cancelled again meanwhile, it forces the
    close too. With aiosqlite's own ends the graceful close then waited forever, and so did ``asyncio.run``
    when the process ended (the standalone start-up hung after seeding the demo)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    async with db.session() as session:
        await session.execute(text("CREATE TABLE t (x INTEGER)"))
    before = asyncio.all_tasks()
    working = asyncio.Event()

    async def reads() -> None:
        async with db.session() as session:
            working.set()
            while True:
                await session.execute(text("SELECT count(*) FROM t"))

    task = asyncio.create_task(reads())
    await working.wait()
    await asyncio.sleep(0.01)
    task.cancel()
    for _ in range(turns):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    started_here = asyncio.all_tasks() - before - {asyncio.current_task()}
    if started_here:
        _, waiting = await asyncio.wait(started_here, timeout=5)
        assert not waiting, waiting
    async with db.session() as session:  # the pool replaced the connection it ended
        await session.execute(text("INSERT INTO t VALUES (1)"))
    async with db.session(write=False) as session:
        assert (await session.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
    await db.dispose()
