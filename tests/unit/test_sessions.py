"""The kernel's stream sessions: a stream ends when its token is revoked (announced or found by the
periodic check) or expires, unless renewed with a newer token of the same person."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Sequence

import pytest

from conectar.contracts.identity import Rol
from conectar.platform.errors import NotAuthenticated
from conectar.platform.kv import MemoryStore
from conectar.platform.security import Principal, RevocationList
from conectar.platform.sessions import (
    CLOSE_SESSION_ENDED,
    CLOSE_SESSION_EXPIRED,
    SESSION_CLOSED,
    SESSION_EXPIRED,
    SessionWatch,
    close_code,
)


def principal(user: uuid.UUID | None = None, *, lifetime: float = 900) -> Principal:
    now = time.time()
    return Principal(
        user_id=user or uuid.uuid4(),
        rol=Rol.CLIENTE,
        jti=uuid.uuid4().hex,
        exp=int(now + lifetime),
        iat=int(now),
    )


def watch(poll_seconds: float = 60) -> tuple[SessionWatch, RevocationList, MemoryStore]:
    kv = MemoryStore()
    revocations = RevocationList(kv)
    return SessionWatch(kv, revocations, poll_seconds=poll_seconds), revocations, kv


async def test_a_revocation_ends_the_streams_of_that_token_only() -> None:
    sessions, revocations, _ = watch()
    mine, other = principal(), principal()
    async with sessions.open(mine) as first, sessions.open(mine) as second, sessions.open(other) as third:
        assert sessions.open_streams == 3
        await revocations.revoke(mine.jti, mine.exp)
        await asyncio.wait_for(first.ended(), 1)
        await asyncio.wait_for(second.ended(), 1)
        assert first.reason == second.reason == SESSION_CLOSED
        assert not first.active
        assert third.active
    assert sessions.open_streams == 0
    await sessions.stop()


async def test_a_token_revoked_before_the_stream_registered_is_refused_at_once() -> None:
    sessions, revocations, _ = watch()
    token = principal()
    await revocations.revoke(token.jti, token.exp)
    async with sessions.open(token) as stream:
        assert stream.reason == SESSION_CLOSED
    await sessions.stop()


async def test_a_lost_announcement_is_found_by_the_periodic_check() -> None:
    sessions, _, kv = watch(poll_seconds=0.1)
    token = principal()
    async with sessions.open(token) as stream:
        await kv.set(f"revoked:{token.jti}", "1", 60)  # revoked without the announcement
        await asyncio.wait_for(stream.ended(), 1)
        assert stream.reason == SESSION_CLOSED
    await sessions.stop()


async def test_an_expiring_token_ends_the_stream_unless_renewed() -> None:
    sessions, revocations, _ = watch()
    user = uuid.uuid4()
    short = principal(user, lifetime=1)
    async with sessions.open(short) as expiring:
        await asyncio.wait_for(expiring.ended(), 3)
        assert expiring.reason == SESSION_EXPIRED
    first = principal(user, lifetime=1)
    async with sessions.open(first) as renewed:
        newer = principal(user, lifetime=900)
        renewed.renew(newer)
        with pytest.raises(NotAuthenticated):
            renewed.renew(principal())  # someone else's token
        await asyncio.sleep(1.5)
        assert renewed.active
        await revocations.revoke(first.jti, first.exp)  # the old token no longer matters
        await asyncio.sleep(0.1)
        assert renewed.active
        await revocations.revoke(newer.jti, newer.exp)
        await asyncio.wait_for(renewed.ended(), 1)
        with pytest.raises(NotAuthenticated):
            renewed.renew(principal(user))
    await sessions.stop()


def test_close_codes_tell_renewal_from_a_session_that_is_over() -> None:
    assert close_code(SESSION_CLOSED) == CLOSE_SESSION_ENDED == 4401
    assert close_code(SESSION_EXPIRED) == CLOSE_SESSION_EXPIRED == 4001


async def test_the_listener_mirrors_the_list_while_subscribed() -> None:
    sessions, revocations, kv = watch()
    other_process = RevocationList(kv)
    token = principal()
    await other_process.revoke(token.jti, token.exp)  # before this process subscribed
    await sessions.start()
    assert revocations.mirrored
    await kv.delete(f"revoked:{token.jti}")  # the store forgot: the mirror loaded it already
    assert await revocations.is_revoked(token.jti)
    later = principal()
    await other_process.revoke(later.jti, later.exp)
    await asyncio.sleep(0.05)
    await kv.delete(f"revoked:{later.jti}")
    assert await revocations.is_revoked(later.jti)  # heard on the channel
    await sessions.stop()
    assert not revocations.mirrored


class CountingStore(MemoryStore):
    def __init__(self) -> None:
        super().__init__()
        self.single_lookups = 0
        self.batch_lookups = 0

    async def exists(self, key: str) -> bool:
        self.single_lookups += 1
        return await super().exists(key)

    async def existing(self, keys: Sequence[str]) -> frozenset[str]:
        self.batch_lookups += 1
        return await super().existing(keys)


async def test_the_periodic_check_asks_the_store_once_for_every_open_stream() -> None:
    kv = CountingStore()
    revocations = RevocationList(kv)
    sessions = SessionWatch(kv, revocations, poll_seconds=0.2)
    await sessions.start()
    tokens = [principal() for _ in range(3)]
    async with (
        sessions.open(tokens[0]) as first,
        sessions.open(tokens[1]) as second,
        sessions.open(tokens[2]) as third,
    ):
        kv.single_lookups = kv.batch_lookups = 0
        await kv.set(f"revoked:{tokens[1].jti}", "1", 60)  # revoked without the announcement
        await asyncio.wait_for(second.ended(), 1)
        assert first.active
        assert third.active
        assert kv.batch_lookups >= 1
        assert kv.single_lookups == 0  # mirrored: no lookup per stream
    await sessions.stop()
