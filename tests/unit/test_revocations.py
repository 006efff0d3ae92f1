"""The revocation list: Redis is a cache of auth's records; what a process heard answers first, so a
revoked token stays refused while the store is away or after it forgot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from conectar.platform.kv import MemoryStore
from conectar.platform.kv_fallback import ResilientStore
from conectar.platform.security import (
    REVOCATIONS_SEEDED_KEY,
    RevocationList,
    announcement,
    parse_announcement,
)


class DownStore(MemoryStore):
    """A store whose every call fails, as Redis does while it is away."""

    async def set(self, *_: Any, **__: Any) -> None:
        raise ConnectionError("redis is down")

    async def exists(self, *_: Any, **__: Any) -> bool:
        raise ConnectionError("redis is down")

    async def publish(self, *_: Any, **__: Any) -> None:
        raise ConnectionError("redis is down")


async def test_a_revocation_made_while_the_store_is_down_is_still_refused_here() -> None:
    revocations = RevocationList(ResilientStore(DownStore()))
    exp = int(time.time()) + 600
    await revocations.revoke("jti-1", exp)  # no error: auth's records hold it, the cache is refilled later
    assert await revocations.is_revoked("jti-1")
    assert not await revocations.is_revoked("jti-2")  # unknown here: the store cannot say


async def test_an_announced_revocation_survives_a_flush_of_the_store() -> None:
    kv = MemoryStore()
    writer, reader = RevocationList(kv), RevocationList(kv)
    exp = int(time.time()) + 600
    await writer.revoke("jti-1", exp)
    reader.remember(*parse_announcement(announcement("jti-1", exp)))
    await kv.delete("revoked:jti-1")  # Redis flushed or restarted
    assert await reader.is_revoked("jti-1")


async def test_reseed_refills_the_store_and_marks_it() -> None:
    kv = MemoryStore()
    revocations = RevocationList(kv)
    assert await revocations.needs_seed()
    now = int(time.time())
    await revocations.reseed([("live", now + 600), ("expired", now - 10)])
    assert not await revocations.needs_seed()
    assert await kv.exists("revoked:live")
    assert not await kv.exists("revoked:expired")
    assert await kv.exists(REVOCATIONS_SEEDED_KEY)
    fresh = RevocationList(kv)  # a process that heard nothing
    assert await fresh.is_revoked("live")


def test_announcements_carry_the_expiry() -> None:
    assert parse_announcement(announcement("abc", 1234)) == ("abc", 1234.0)
    jti, exp = parse_announcement("abc")  # an older message without it
    assert jti == "abc"
    assert exp > time.time()


class HungStore(MemoryStore):
    """A store that accepts the call and never answers, as a Redis stuck behind a dead network does."""

    async def exists(self, *_: Any, **__: Any) -> bool:
        await asyncio.Event().wait()
        return True


async def test_a_hung_store_does_not_hold_the_request() -> None:
    revocations = RevocationList(ResilientStore(HungStore()))
    revocations.remember("heard", time.time() + 600)
    started = time.monotonic()
    assert not await revocations.is_revoked("unknown")
    assert await revocations.is_revoked("heard")
    assert time.monotonic() - started < 1.5
