import asyncio

from conectar.platform.kv import MemoryStore


async def test_gcra_allows_the_limit_then_refuses_with_retry_after() -> None:
    store = MemoryStore()
    results = [await store.gcra("k", 5, 60) for _ in range(6)]
    assert [r.allowed for r in results] == [True] * 5 + [False]
    assert 0 < results[-1].retry_after <= 12.5


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
