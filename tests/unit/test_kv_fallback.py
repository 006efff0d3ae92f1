"""The local fallback of the rate limits' store: when the shared store (Redis) does not answer, the same
limits are enforced from this process's memory, the outage is logged once and counted, and the shared store
is tried again after a short back-off."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from prometheus_client import REGISTRY
from redis.exceptions import ConnectionError as RedisConnectionError

from conectar.platform import kv_fallback
from conectar.platform.errors import RateLimited
from conectar.platform.kv import MemoryStore, RateDecision, RedisStore
from conectar.platform.kv_fallback import ResilientStore, with_local_fallback
from conectar.platform.ratelimit import RateLimiter


class FlakyStore:
    """A stand-in for Redis: a memory store that can be made unreachable (refused) or hung."""

    def __init__(self) -> None:
        self.inner = MemoryStore()
        self.down = False
        self.hang = False
        self.calls = 0

    async def _reach(self) -> None:
        self.calls += 1
        if self.hang:
            await asyncio.Event().wait()
        if self.down:
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    async def get(self, key: str) -> str | None:
        await self._reach()
        return await self.inner.get(key)

    async def set(self, key: str, value: str, ttl_seconds: float) -> None:
        await self._reach()
        await self.inner.set(key, value, ttl_seconds)

    async def exists(self, key: str) -> bool:
        await self._reach()
        return await self.inner.exists(key)

    async def delete(self, key: str) -> None:
        await self._reach()
        await self.inner.delete(key)

    async def gcra(self, key: str, limit: int, period_seconds: float, *, peek: bool = False) -> RateDecision:
        await self._reach()
        return await self.inner.gcra(key, limit, period_seconds, peek=peek)

    async def publish(self, channel: str, message: str) -> None:
        await self._reach()
        await self.inner.publish(channel, message)

    def subscribe(self, channel: str) -> Any:
        return self.inner.subscribe(channel)

    async def ping(self) -> None:
        await self._reach()

    async def close(self) -> None:
        await self.inner.close()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class LogRecorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, dict[str, Any]]] = []

    def warning(self, event: str, **fields: Any) -> None:
        self.events.append(("warning", event, fields))

    def info(self, event: str, **fields: Any) -> None:
        self.events.append(("info", event, fields))


@pytest.fixture
def logs(monkeypatch: pytest.MonkeyPatch) -> LogRecorder:
    recorder = LogRecorder()
    monkeypatch.setattr(kv_fallback, "log", recorder)
    return recorder


def fallbacks(service: str, operation: str = "gcra") -> float:
    value = REGISTRY.get_sample_value(
        "conectar_kv_fallback_total", {"service": service, "operation": operation}
    )
    return value or 0.0


def degraded(service: str) -> float | None:
    return REGISTRY.get_sample_value("conectar_kv_degraded", {"service": service})


async def test_a_healthy_primary_answers_everything(logs: LogRecorder) -> None:
    primary = FlakyStore()
    store = ResilientStore(primary, service="unit-healthy")
    decisions = [await store.gcra("k", 2, 60) for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, False]
    assert primary.calls == 3
    assert not store.degraded
    assert degraded("unit-healthy") == 0
    assert fallbacks("unit-healthy") == 0
    assert logs.events == []


async def test_limits_still_apply_from_memory_while_the_primary_is_down(logs: LogRecorder) -> None:
    primary = FlakyStore()
    primary.down = True
    limiter = RateLimiter(ResilientStore(primary, service="unit-down"), service="unit-down")
    decisions = [await limiter.check("login", "203.0.113.7", 3, 60) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert 0 < decisions[-1].retry_after <= 20
    with pytest.raises(RateLimited) as refused:
        await limiter.hit("login", "203.0.113.7", 3, 60)
    assert refused.value.status_code == 429
    # Other keys keep their own allowance.
    assert (await limiter.check("login", "198.51.100.1", 3, 60)).allowed
    assert fallbacks("unit-down") == 6
    assert degraded("unit-down") == 1
    # Within the back-off the primary is not asked again: one failed call, not one per request.
    assert primary.calls == 1
    # Logged once per outage, not per request.
    assert [(level, event) for level, event, _ in logs.events] == [("warning", "kv_fallback_engaged")]
    assert logs.events[0][2]["error"] == "ConnectionError"


async def test_peek_checks_the_local_limit_without_counting() -> None:
    primary = FlakyStore()
    primary.down = True
    store = ResilientStore(primary, service="unit-peek")
    for _ in range(5):
        assert (await store.gcra("k", 2, 60, peek=True)).allowed
    assert (await store.gcra("k", 2, 60)).allowed
    assert (await store.gcra("k", 2, 60)).allowed
    assert not (await store.gcra("k", 2, 60, peek=True)).allowed


async def test_a_hung_primary_does_not_stall_the_request(logs: LogRecorder) -> None:
    primary = FlakyStore()
    primary.hang = True
    store = ResilientStore(primary, service="unit-hung", timeout_seconds=0.05)
    # A generous bound: without the store's own timeout this would wait forever.
    decision = await asyncio.wait_for(store.gcra("k", 1, 60), 5)
    assert decision.allowed
    assert not (await asyncio.wait_for(store.gcra("k", 1, 60), 5)).allowed
    assert store.degraded
    assert logs.events[0][2]["error"] == "TimeoutError"


async def test_the_primary_is_tried_again_after_the_back_off(logs: LogRecorder) -> None:
    clock = Clock()
    primary = FlakyStore()
    primary.down = True
    store = ResilientStore(primary, service="unit-back", retry_seconds=1.5, clock=clock)
    for _ in range(3):
        await store.gcra("k", 2, 60)
    assert primary.calls == 1

    clock.now += 1.0  # still within the back-off
    await store.gcra("k", 2, 60)
    assert primary.calls == 1

    clock.now += 1.0  # back-off over, still down: one probe, then back off again, no second warning
    await store.gcra("k", 2, 60)
    await store.gcra("k", 2, 60)
    assert primary.calls == 2
    assert store.degraded
    assert [event for _, event, _ in logs.events] == ["kv_fallback_engaged"]

    primary.down = False
    clock.now += 2.0
    # The primary's own state answers again (it never saw the hits counted locally).
    assert (await store.gcra("k", 2, 60)).allowed
    assert (await store.gcra("k", 2, 60)).allowed
    assert not (await store.gcra("k", 2, 60)).allowed
    assert primary.calls == 5
    assert not store.degraded
    assert degraded("unit-back") == 0
    assert [event for _, event, _ in logs.events] == ["kv_fallback_engaged", "kv_fallback_recovered"]
    assert logs.events[1][2]["fallback_answers"] == 6


async def test_only_one_request_probes_a_primary_that_hangs() -> None:
    clock = Clock()
    primary = FlakyStore()
    primary.down = True
    store = ResilientStore(primary, service="unit-probe", timeout_seconds=0.2, clock=clock)
    await store.gcra("k", 100, 60)
    primary.down, primary.hang = False, True
    clock.now += 5
    decisions = await asyncio.wait_for(asyncio.gather(*(store.gcra("k", 100, 60) for _ in range(20))), 5)
    assert all(d.allowed for d in decisions)
    assert primary.calls == 2


async def test_presence_style_keys_fall_back_too() -> None:
    primary = FlakyStore()
    primary.down = True
    store = ResilientStore(primary, service="unit-keys")
    await store.set("presence:u1", "1", 30)
    assert await store.exists("presence:u1")
    assert await store.get("presence:u1") == "1"
    await store.delete("presence:u1")
    assert not await store.exists("presence:u1")
    assert fallbacks("unit-keys", "set") == 1
    assert fallbacks("unit-keys", "exists") == 2


async def test_pubsub_and_ping_are_not_faked() -> None:
    primary = FlakyStore()
    primary.down = True
    store = ResilientStore(primary, service="unit-pubsub")
    with pytest.raises(RedisConnectionError):
        await store.ping()
    with pytest.raises(RedisConnectionError):
        await store.publish("ch", "hola")


async def test_errors_that_are_not_an_outage_are_not_hidden() -> None:
    class Broken(FlakyStore):
        async def gcra(
            self, key: str, limit: int, period_seconds: float, *, peek: bool = False
        ) -> RateDecision:
            raise ValueError("a bug, not an outage")

    store = ResilientStore(Broken(), service="unit-bug")
    with pytest.raises(ValueError, match="a bug"):
        await store.gcra("k", 1, 60)
    assert not store.degraded


async def test_the_limiter_puts_the_fallback_in_front_of_redis_only() -> None:
    redis_store = RedisStore("redis://127.0.0.1:6379/0", namespace="unit-wiring")
    try:
        limiter = RateLimiter(redis_store, service="unit-wiring")
        assert isinstance(limiter.kv, ResilientStore)
        assert limiter.kv.primary is redis_store
        memory = MemoryStore()
        assert RateLimiter(memory).kv is memory
        resilient = ResilientStore(FlakyStore())
        assert with_local_fallback(resilient) is resilient
    finally:
        await redis_store.close()
