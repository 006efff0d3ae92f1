"""Shared fast state: rate-limit counters, revoked tokens and pub/sub fan-out.

Redis in distributed mode (every replica sees the same state); memory in standalone mode (one process).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol, cast

import redis.asyncio as aioredis


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: float


class KeyValueStore(Protocol):
    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str, ttl_seconds: float) -> None: ...

    async def exists(self, key: str) -> bool: ...

    async def existing(self, keys: Sequence[str]) -> frozenset[str]:
        """Which of ``keys`` exist, in one round trip."""

    async def delete(self, key: str) -> None: ...

    async def ttls(self, prefix: str) -> dict[str, float]:
        """Every live key that starts with ``prefix``, with the seconds it has left."""

    async def gcra(self, key: str, limit: int, period_seconds: float, *, peek: bool = False) -> RateDecision:
        """Generic cell rate algorithm: at most ``limit`` hits per ``period_seconds`` (bursting to
        ``limit``). With ``peek`` the hit is only checked, not counted."""

    async def publish(self, channel: str, message: str) -> None: ...

    def subscribe(self, channel: str) -> Any:
        """An async context manager yielding an async iterator of messages on ``channel``."""

    async def ping(self) -> None: ...

    async def close(self) -> None: ...


def _gcra(tat: float | None, now: float, limit: int, period: float) -> tuple[bool, float, float]:
    interval = period / limit
    tolerance = period
    current = max(tat or now, now)
    # The wait is computed from offsets to ``now``: (now + interval) - tolerance rounds when the sum crosses
    # a power of two, and with a limit of one (interval == tolerance) a first hit was refused for 1e-13 s.
    # (Redis's clock, seconds since 1970, stays within [2**30, 2**31) until 2038: there the sum is exact.)
    wait = (current - now) + interval - tolerance
    if wait > 0:
        return False, wait, current
    return True, 0.0, current + interval


class MemoryStore:
    def __init__(self) -> None:
        self._values: dict[str, tuple[str, float]] = {}
        self._channels: dict[str, set[asyncio.Queue[str]]] = {}
        self._lock = asyncio.Lock()

    def _live(self, key: str) -> str | None:
        item = self._values.get(key)
        if item is None:
            return None
        value, expires = item
        if expires <= time.monotonic():
            self._values.pop(key, None)
            return None
        return value

    async def get(self, key: str) -> str | None:
        return self._live(key)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        self._values[key] = (value, time.monotonic() + ttl_seconds)
        if len(self._values) > 100_000:
            self._sweep()

    def _sweep(self) -> None:
        now = time.monotonic()
        for key in [k for k, (_, exp) in self._values.items() if exp <= now]:
            self._values.pop(key, None)

    async def exists(self, key: str) -> bool:
        return self._live(key) is not None

    async def existing(self, keys: Sequence[str]) -> frozenset[str]:
        return frozenset(key for key in keys if self._live(key) is not None)

    async def delete(self, key: str) -> None:
        self._values.pop(key, None)

    async def ttls(self, prefix: str) -> dict[str, float]:
        now = time.monotonic()
        return {
            k: exp - now for k, (_, exp) in list(self._values.items()) if k.startswith(prefix) and exp > now
        }

    async def gcra(self, key: str, limit: int, period_seconds: float, *, peek: bool = False) -> RateDecision:
        now = time.monotonic()
        stored = self._live(key)
        allowed, retry_after, new_tat = _gcra(float(stored) if stored else None, now, limit, period_seconds)
        if allowed and not peek:
            await self.set(key, repr(new_tat), max(new_tat - now, 0.001))
        return RateDecision(allowed, retry_after)

    async def publish(self, channel: str, message: str) -> None:
        for queue in list(self._channels.get(channel, ())):
            queue.put_nowait(message)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[str]]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._channels.setdefault(channel, set()).add(queue)

        async def messages() -> AsyncIterator[str]:
            while True:
                yield await queue.get()

        try:
            yield messages()
        finally:
            subscribers = self._channels.get(channel)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    self._channels.pop(channel, None)

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        self._values.clear()


_GCRA_LUA = """
local key = KEYS[1]
local interval = tonumber(ARGV[1])
local tolerance = tonumber(ARGV[2])
local peek = tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local tat = tonumber(redis.call('GET', key))
if tat == nil or tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - tolerance
if now < allow_at then
  return {0, tostring(allow_at - now)}
end
if peek == 0 then
  redis.call('SET', key, tostring(new_tat), 'PX', math.max(1, math.ceil((new_tat - now) * 1000)))
end
return {1, '0'}
"""


def _glob_escape(text: str) -> str:
    return "".join("\\" + char if char in "*?[]\\" else char for char in text)


_LIVENESS = "conectar-liveness"


class RedisStore:
    pubsub_ping_seconds = 5.0
    pubsub_pong_timeout_seconds = 3.0

    def __init__(self, url: str, *, namespace: str) -> None:
        self.client: aioredis.Redis = aioredis.from_url(url, decode_responses=True, health_check_interval=30)
        self.prefix = f"{namespace}:"
        self._gcra_script = self.client.register_script(_GCRA_LUA)

    def _k(self, key: str) -> str:
        return self.prefix + key

    async def get(self, key: str) -> str | None:
        value = await self.client.get(self._k(key))
        return None if value is None else str(value)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        await self.client.set(self._k(key), value, px=max(1, int(ttl_seconds * 1000)))

    async def exists(self, key: str) -> bool:
        return bool(await self.client.exists(self._k(key)))

    async def existing(self, keys: Sequence[str]) -> frozenset[str]:
        if not keys:
            return frozenset()
        values = await self.client.mget([self._k(key) for key in keys])
        return frozenset(key for key, value in zip(keys, values, strict=True) if value is not None)

    async def delete(self, key: str) -> None:
        await self.client.delete(self._k(key))

    async def ttls(self, prefix: str) -> dict[str, float]:
        pattern = _glob_escape(self._k(prefix)) + "*"
        keys = [str(key) async for key in self.client.scan_iter(match=pattern, count=1000)]
        if not keys:
            return {}
        async with self.client.pipeline(transaction=False) as pipe:
            for key in keys:
                pipe.pttl(key)
            remaining = await pipe.execute()
        # PTTL is -2 for a key that expired since the SCAN and -1 for one without expiry (none here).
        return {key[len(self.prefix) :]: ms / 1000 for key, ms in zip(keys, remaining, strict=True) if ms > 0}

    async def gcra(self, key: str, limit: int, period_seconds: float, *, peek: bool = False) -> RateDecision:
        allowed, retry_after = await self._gcra_script(
            keys=[self._k(key)], args=[period_seconds / limit, period_seconds, 1 if peek else 0]
        )
        return RateDecision(bool(int(allowed)), float(retry_after))

    async def publish(self, channel: str, message: str) -> None:
        await self.client.publish(self._k(channel), message)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[AsyncIterator[str]]:
        """Messages on ``channel``. A subscription that goes quiet is pinged on its own connection; one that
        does not answer within ``pubsub_pong_timeout_seconds`` raises ``ConnectionError``: a connection that a
        NAT or a firewall forgot (no FIN, no RST) would otherwise wait for messages forever while the others
        work, and its subscribers would believe they hear everything."""
        pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(self._k(channel))

        async def messages() -> AsyncIterator[str]:
            heard_at = time.monotonic()
            pinged_at: float | None = None
            while True:
                item = await pubsub.get_message(timeout=min(1.0, self.pubsub_ping_seconds))
                now = time.monotonic()
                if item is not None:
                    heard_at, pinged_at = now, None
                    if item.get("type") == "message":
                        yield str(item["data"])
                elif pinged_at is not None:
                    if now - pinged_at > self.pubsub_pong_timeout_seconds:
                        raise ConnectionError("the pub/sub connection did not answer a ping")
                elif now - heard_at >= self.pubsub_ping_seconds:
                    await pubsub.ping(_LIVENESS)
                    pinged_at = now

        try:
            yield messages()
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await pubsub.unsubscribe()
            # redis-py typed aclose() only in 6.x; the cast keeps both typings checkable.
            await cast("Callable[[], Awaitable[None]]", pubsub.aclose)()

    async def ping(self) -> None:
        await self.client.ping()

    async def close(self) -> None:
        await self.client.aclose()
