"""A key-value store that keeps answering from this process's memory while the shared one (Redis) is away.

Only for state where a local answer is a correct answer: rate limits (the limit still applies, counted per
process: with N replicas a client gets at most N times the configured limit while Redis is down) and keys
like presence. Never for revoked tokens: an empty local store would answer "not revoked".

``gcra``, ``get``, ``set``, ``exists`` and ``delete`` fall back; pub/sub, ``ping`` and ``close`` always go
to the primary (the fan-out loops reconnect on their own, and health checks must see the real state).
A primary call that does not answer within ``timeout_seconds`` counts as down, so a hung Redis does not stall
requests. The first failure engages the fallback (one warning per outage, ``conectar_kv_degraded`` at 1,
every answer from memory counted in ``conectar_kv_fallback_total``); after ``retry_seconds`` one request
tries the primary again while the others keep answering from memory, and the first success goes back to it.
What was counted locally during the outage is not copied to Redis: limits resume from Redis's state.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import structlog
from prometheus_client import Counter, Gauge
from redis.exceptions import RedisError

from conectar.platform.kv import KeyValueStore, MemoryStore, RateDecision, RedisStore

log = structlog.get_logger(__name__)

T = TypeVar("T")

DEFAULT_TIMEOUT_SECONDS = 0.25
DEFAULT_RETRY_SECONDS = 1.0
# What makes the primary "unreachable": connection refused or reset, a timeout (ours or the client's), and
# the other errors Redis answers with when it cannot serve (loading, read-only replica after a failover…).
UNAVAILABLE: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)

KV_FALLBACK = Counter(
    "conectar_kv_fallback_total",
    "Key-value operations answered from the process's memory because the shared store (Redis) was away",
    ["service", "operation"],
)
KV_DEGRADED = Gauge(
    "conectar_kv_degraded",
    "1 while rate limits (and other local-fallback keys) are counted in the process's memory, Redis being away",
    ["service"],
)


class ResilientStore:
    """``primary`` (Redis) while it answers, ``fallback`` (a process-local :class:`MemoryStore`) while not."""

    def __init__(
        self,
        primary: KeyValueStore,
        fallback: KeyValueStore | None = None,
        *,
        service: str = "",
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
        unavailable: tuple[type[BaseException], ...] = UNAVAILABLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.primary = primary
        self.fallback: KeyValueStore = fallback if fallback is not None else MemoryStore()
        self.service = service
        self.timeout_seconds = timeout_seconds
        self.retry_seconds = retry_seconds
        self.unavailable = unavailable
        self._clock = clock
        self._retry_at: float | None = None  # None while the primary answers
        self._probing = False
        self._down_since = 0.0
        self._fallback_answers = 0
        KV_DEGRADED.labels(service).set(0)

    @property
    def degraded(self) -> bool:
        return self._retry_at is not None

    async def _call(
        self, operation: str, primary: Callable[[], Awaitable[T]], fallback: Callable[[], Awaitable[T]]
    ) -> T:
        if self._retry_at is not None and (self._probing or self._clock() < self._retry_at):
            return await self._fall_back(operation, fallback)
        probe = self._retry_at is not None  # the one call that finds out whether the primary is back
        if probe:
            self._probing = True
        try:
            async with asyncio.timeout(self.timeout_seconds):
                result = await primary()
        except self.unavailable as exc:
            self._went_down(operation, exc)
            return await self._fall_back(operation, fallback)
        finally:
            if probe:
                self._probing = False
        if probe:
            self._came_back()
        return result

    async def _fall_back(self, operation: str, fallback: Callable[[], Awaitable[T]]) -> T:
        self._fallback_answers += 1
        KV_FALLBACK.labels(self.service, operation).inc()
        return await fallback()

    def _went_down(self, operation: str, exc: BaseException) -> None:
        now = self._clock()
        if self._retry_at is None:
            self._down_since = now
            self._fallback_answers = 0
            KV_DEGRADED.labels(self.service).set(1)
            log.warning(
                "kv_fallback_engaged",
                service=self.service,
                operation=operation,
                error=type(exc).__name__,
                retry_seconds=self.retry_seconds,
            )
        self._retry_at = now + self.retry_seconds

    def _came_back(self) -> None:
        if self._retry_at is None:
            return
        self._retry_at = None
        KV_DEGRADED.labels(self.service).set(0)
        log.info(
            "kv_fallback_recovered",
            service=self.service,
            outage_seconds=round(self._clock() - self._down_since, 3),
            fallback_answers=self._fallback_answers,
        )

    async def gcra(self, key: str, limit: int, period_seconds: float, *, peek: bool = False) -> RateDecision:
        return await self._call(
            "gcra",
            lambda: self.primary.gcra(key, limit, period_seconds, peek=peek),
            lambda: self.fallback.gcra(key, limit, period_seconds, peek=peek),
        )

    async def get(self, key: str) -> str | None:
        return await self._call("get", lambda: self.primary.get(key), lambda: self.fallback.get(key))

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        await self._call(
            "set",
            lambda: self.primary.set(key, value, ttl_seconds),
            lambda: self.fallback.set(key, value, ttl_seconds),
        )

    async def exists(self, key: str) -> bool:
        return await self._call("exists", lambda: self.primary.exists(key), lambda: self.fallback.exists(key))

    async def existing(self, keys: Sequence[str]) -> frozenset[str]:
        return await self._call(
            "existing", lambda: self.primary.existing(keys), lambda: self.fallback.existing(keys)
        )

    async def delete(self, key: str) -> None:
        await self._call("delete", lambda: self.primary.delete(key), lambda: self.fallback.delete(key))

    async def ttls(self, prefix: str) -> dict[str, float]:
        """From the shared store only (what this process alone holds cannot stand for it): raises while it is
        away."""
        async with asyncio.timeout(self.timeout_seconds * 4):
            return await self.primary.ttls(prefix)

    async def publish(self, channel: str, message: str) -> None:
        await self.primary.publish(channel, message)

    def subscribe(self, channel: str) -> Any:
        return self.primary.subscribe(channel)

    async def ping(self) -> None:
        await self.primary.ping()

    async def close(self) -> None:
        await self.fallback.close()
        await self.primary.close()


def with_local_fallback(kv: KeyValueStore, *, service: str = "") -> KeyValueStore:
    """``kv`` behind a :class:`ResilientStore` when it is Redis; a store that is already local (memory) or
    already resilient is returned as it is."""
    if isinstance(kv, RedisStore):
        return ResilientStore(kv, service=service)
    return kv
