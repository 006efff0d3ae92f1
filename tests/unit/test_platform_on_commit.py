"""``on_commit`` callbacks run once after their unit commits, never after a rollback, never in another unit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from conectar.platform.db import Database, on_commit


async def test_callbacks_follow_their_own_unit_of_work(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/units.db")
    ran: list[str] = []
    try:
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
            on_commit(session, lambda: ran.append("committed"))
            assert ran == []  # not before the commit
        assert ran == ["committed"]

        async def failing_unit() -> None:
            async with db.session() as session:
                on_commit(session, lambda: ran.append("rolled back"))
                raise RuntimeError

        with pytest.raises(RuntimeError):
            await failing_unit()
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
        assert ran == ["committed"]  # the rolled-back unit's callback is gone, not run by the next unit

        async with db.session() as session:
            on_commit(session, lambda: ran.append("first"))
            on_commit(session, lambda: ran.append("second"))
        async with db.session() as session:
            await session.execute(text("SELECT 1"))
        assert ran == ["committed", "first", "second"]  # once each, in order
    finally:
        await db.dispose()
