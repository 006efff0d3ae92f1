"""The revocation list: Redis is a cache of auth's records; what a process heard answers first, so a
revoked token stays refused while the store is away or after it forgot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from conectar.platform.kv import MemoryStore
from conectar.platform.kv_fallback import ResilientStore
from conectar.platform.security import (
    REVOCATIONS_SEEDED_KEY,
    SESSIONS_ENDED_CHANNEL,
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


class CountingStore(MemoryStore):
    """Counts the lookups that reach the store."""

    def __init__(self) -> None:
        super().__init__()
        self.lookups = 0

    async def exists(self, key: str) -> bool:
        self.lookups += 1
        return await super().exists(key)


async def test_a_mirrored_list_answers_from_memory_and_holds_what_was_stored_before() -> None:
    kv = CountingStore()
    exp = int(time.time()) + 600
    await RevocationList(kv).revoke("before", exp)  # another process, before this one subscribed
    revocations = RevocationList(kv)
    assert await revocations.mirror() == 1
    kv.lookups = 0
    assert await revocations.is_revoked("before")
    assert not await revocations.is_revoked("never")
    assert kv.lookups == 0
    revocations.mirror_lost()
    await kv.set("revoked:unannounced", "1", 60)
    assert await revocations.is_revoked("unannounced")  # the store is asked again
    assert kv.lookups == 1


async def test_a_mirrored_list_keeps_a_loaded_revocation_until_the_token_expires() -> None:
    kv = MemoryStore()
    exp = int(time.time()) + 2
    await RevocationList(kv).revoke("short", exp)
    revocations = RevocationList(kv)
    await revocations.mirror()
    assert await revocations.is_revoked("short")
    revocations.remember("stale", time.time() - 60)
    assert not await revocations.is_revoked("stale")


class FlakyPublishStore(MemoryStore):
    """Refuses the first publish, as a Redis that blinked between two commands."""

    def __init__(self) -> None:
        super().__init__()
        self.refusals = 1

    async def publish(self, channel: str, message: str) -> None:
        if self.refusals:
            self.refusals -= 1
            raise ConnectionError("redis blinked")
        await super().publish(channel, message)


async def test_an_announcement_the_store_refused_is_sent_again() -> None:
    kv = FlakyPublishStore()
    exp = int(time.time()) + 600
    async with kv.subscribe(SESSIONS_ENDED_CHANNEL) as messages:
        await RevocationList(kv).revoke("jti-1", exp)
        assert await asyncio.wait_for(anext(messages), 3) == announcement("jti-1", exp)


async def test_reseed_announces_what_it_writes() -> None:
    kv = MemoryStore()
    now = int(time.time())
    async with kv.subscribe(SESSIONS_ENDED_CHANNEL) as messages:
        await RevocationList(kv).reseed([("live", now + 600), ("expired", now - 10)])
        assert await asyncio.wait_for(anext(messages), 1) == announcement("live", now + 600)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(anext(messages), 0.1)
