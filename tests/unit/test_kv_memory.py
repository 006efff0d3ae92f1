import asyncio

import pytest

from conectar.platform.kv import MemoryStore, _gcra


async def test_gcra_allows_the_limit_then_refuses_with_retry_after() -> None:
    store = MemoryStore()
    results = [await store.gcra("k", 5, 60) for _ in range(6)]
    assert [r.allowed for r in results] == [True] * 5 + [False]
    assert 0 < results[-1].retry_after <= 12.5


@pytest.mark.parametrize("now", [0.1, 2.9, 4090.123456789, 4100.5])
def test_a_limit_of_one_allows_the_first_hit_whatever_the_clock_reads(now: float) -> None:
    """(now + 60) - 60 is not now in floating point when the sum crosses a power of two (0.1 + 60 - 60 =
    0.10000000000000142): the first hit of a one-per-minute limit was refused for 1e-13 s (seen in CI, where
    the fallback store's monotonic clock read just under 4096)."""
    allowed, retry_after, tat = _gcra(None, now, 1, 60)
    assert (allowed, retry_after) == (True, 0.0)
    allowed_again, wait, _ = _gcra(tat, now, 1, 60)
    assert not allowed_again
    assert wait == pytest.approx(60.0)
    assert _gcra(tat, now + 60, 1, 60)[0]


async def test_gcra_peek_does_not_count() -> None:
    store = MemoryStore()
    for _ in range(10):
        assert (await store.gcra("k", 2, 60, peek=True)).allowed
    assert (await store.gcra("k", 2, 60)).allowed
    assert (await store.gcra("k", 2, 60)).allowed
    assert not (await store.gcra("k", 2, 60, peek=True)).allowed


async def test_values_expire() -> None:
    store = MemoryStore()
    await store.set("a", "1", 0.05)
    assert await store.exists("a")
    await asyncio.sleep(0.08)
    assert not await store.exists("a")
    assert await store.get("a") is None


async def test_pubsub_delivers_to_every_subscriber() -> None:
    store = MemoryStore()
    async with store.subscribe("ch") as first, store.subscribe("ch") as second:
        await store.publish("ch", "hola")
        assert await anext(first) == "hola"
        assert await anext(second) == "hola"
    await store.publish("ch", "nobody listens")
