"""The RabbitMQ bus publishes an outbox batch pipelined: every frame queued at once, the confirms awaited
together (bench/events.py), and a batch the broker does not confirm still fails as a whole. Events of one
type published together travel as bundles: one message each for the broker, every event handled, and a
failed event retried and dead-lettered alone."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import pytest

from conectar.contracts.events import EventEnvelope
from conectar.platform.bus_rabbit import BUNDLE_CONTENT_TYPE, BUNDLE_HEADER, RabbitEventBus, events_of
from conectar.platform.db import utcnow
from tests.factories import wait_until
from tests.services.conftest import BROKER_URL, delete_namespace_queues

TOPOLOGY = {"test": frozenset({"Ping"}), "both": frozenset({"Ping", "Pong"})}


def envelope(n: int, kind: str = "Ping") -> EventEnvelope:
    return EventEnvelope(id=uuid.uuid4(), type=kind, occurred_at=utcnow(), producer="t", payload={"n": n})


@pytest.fixture
async def namespace() -> AsyncIterator[str]:
    created = f"t{uuid.uuid4().hex[:10]}"
    yield created
    await delete_namespace_queues(created)


@asynccontextmanager
async def started(namespace: str, **options: Any) -> AsyncIterator[RabbitEventBus]:
    created = RabbitEventBus(BROKER_URL, namespace=namespace, topology=TOPOLOGY, **options)
    await created.start()
    try:
        yield created
    finally:
        await created.close()


@pytest.fixture
async def bus(namespace: str) -> AsyncIterator[RabbitEventBus]:
    async with started(namespace, bundle_max=1) as created:
        yield created


@pytest.fixture
async def bundling(namespace: str) -> AsyncIterator[RabbitEventBus]:
    async with started(namespace, bundle_max=50, max_attempts=3, retry_delays_ms=[50]) as created:
        yield created


async def _queued(bus: RabbitEventBus, service: str = "test") -> int:
    connection = await aio_pika.connect(BROKER_URL)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(bus.queue_name(service), durable=True, passive=True)
        return int(queue.declaration_result.message_count or 0)
    finally:
        await connection.close()


async def test_a_batch_goes_out_without_waiting_for_the_socket_after_each_message(
    bus: RabbitEventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Waiting for the socket after each message costs an event-loop turn per message: on a busy loop a
    # batch of 100 took seconds. The drains are the turns: a pipelined batch needs none per message.
    drains = 0
    original = asyncio.StreamWriter.drain

    async def counting_drain(self: asyncio.StreamWriter) -> None:
        nonlocal drains
        drains += 1
        await original(self)

    monkeypatch.setattr(asyncio.StreamWriter, "drain", counting_drain)
    await bus.publish([envelope(n) for n in range(200)])
    monkeypatch.undo()
    assert drains < 10
    # Returned only after the broker confirmed every message: they are all in the queue.
    assert await _queued(bus) == 200


async def test_a_batch_the_broker_does_not_confirm_fails(bus: RabbitEventBus) -> None:
    connection = await aio_pika.connect(BROKER_URL)
    try:
        channel = await connection.channel()
        await channel.exchange_delete(bus.exchange_name)
    finally:
        await connection.close()
    # Publishing to an exchange that no longer exists closes the channel instead of confirming: the
    # relay must see a failure (and keep the rows for another attempt), never a success.
    with pytest.raises(Exception):
        await bus.publish([envelope(n) for n in range(20)])


async def test_events_of_one_type_published_together_are_one_message_per_bundle(
    bundling: RabbitEventBus,
) -> None:
    pings = [envelope(n) for n in range(120)]
    pongs = [envelope(n, "Pong") for n in range(30)]
    traces = [{"traceparent": f"00-{uuid.uuid4().hex}-{n:016x}-01"} for n in range(150)]
    mixed = [e for pair in zip(pings[:30], pongs, strict=True) for e in pair] + pings[30:]
    # Each event keeps the trace context published beside it.
    trace_of = {e.id: t for e, t in zip(mixed, traces, strict=True)}
    await bundling.publish(mixed, [trace_of[e.id] for e in mixed])
    # The broker holds 50 + 50 + 20 Pings, and 30 Pongs in one message beside them.
    assert await _queued(bundling, "test") == 3
    assert await _queued(bundling, "both") == 4
    got: list[tuple[EventEnvelope, dict[str, str]]] = []
    connection = await aio_pika.connect(BROKER_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(bundling.queue_name("test"), durable=True, passive=True)
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            assert message.content_type == BUNDLE_CONTENT_TYPE
            got.extend(events_of(message.body, message.headers))
    assert [e for e, _ in got] == pings  # every Ping, in the order published, none made up
    assert all(trace == trace_of[e.id] for e, trace in got)


async def test_a_bundle_stays_under_its_size_in_bytes(namespace: str) -> None:
    large = [
        EventEnvelope(
            id=uuid.uuid4(),
            type="Ping",
            occurred_at=utcnow(),
            producer="t",
            payload={"n": n, "x": "x" * 30_000},
        )
        for n in range(10)
    ]
    async with started(namespace, bundle_max=50, bundle_max_bytes=100_000) as bus:
        await bus.publish([*large, envelope(99, "Pong")])
        assert await _queued(bus, "test") == 4  # 3 + 3 + 3 + 1 of about 30 KB each
        connection = await aio_pika.connect(BROKER_URL)
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(bus.queue_name("test"), durable=True, passive=True)
            got: list[EventEnvelope] = []
            while (message := await queue.get(no_ack=True, fail=False)) is not None:
                assert len(message.body) <= 100_000
                got.extend(e for e, _ in events_of(message.body, message.headers))
        assert got == large


async def test_every_event_of_a_bundle_reaches_the_handler_and_each_message_is_acknowledged(
    bundling: RabbitEventBus,
) -> None:
    seen: list[uuid.UUID] = []
    together = 0

    async def handler(e: EventEnvelope) -> None:
        nonlocal together
        seen.append(e.id)
        await asyncio.sleep(0)  # a bundle's events are handed over together, not one after the other
        together = max(together, len(seen) - len(done))
        done.append(e.id)

    done: list[uuid.UUID] = []
    published = [envelope(n) for n in range(130)]
    await bundling.subscribe("test", handler)
    await bundling.publish(published)
    await wait_until(lambda: len(done) == 130)
    assert sorted(map(str, seen)) == sorted(str(e.id) for e in published)
    assert together > 1
    await bundling.unsubscribe("test")
    assert await _queued(bundling, "test") == 0  # nothing left unacknowledged to come again


async def test_a_failed_event_of_a_bundle_is_retried_and_dead_lettered_alone(
    bundling: RabbitEventBus,
) -> None:
    healthy = asyncio.Event()
    poison = envelope(13)
    calls: dict[uuid.UUID, int] = {}

    async def handler(e: EventEnvelope) -> None:
        calls[e.id] = calls.get(e.id, 0) + 1
        if e.id == poison.id and not healthy.is_set():
            raise ValueError("cannot handle this one")

    others = [envelope(n) for n in range(20)]
    await bundling.subscribe("test", handler)
    await bundling.publish([*others[:10], poison, *others[10:]])
    letters = []
    deadline = asyncio.get_running_loop().time() + 30
    while not letters and asyncio.get_running_loop().time() < deadline:
        letters = await bundling.dead_letters("test")
        await asyncio.sleep(0.05)
    assert [letter.event_id for letter in letters] == [str(poison.id)]
    assert letters[0].attempts == 3
    assert "ValueError" in (letters[0].error or "")
    assert calls[poison.id] == 3  # the bundle's try, then its own retries
    assert all(calls[e.id] == 1 for e in others)  # the others took effect once, with the bundle
    healthy.set()
    assert await bundling.replay_dead_letters("test") == 1
    await wait_until(lambda: calls[poison.id] == 4)
    assert await bundling.dead_letters("test") == []


async def test_a_bundle_whose_failed_event_cannot_be_parked_comes_again(
    bundling: RabbitEventBus, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = envelope(1)
    calls: dict[uuid.UUID, int] = {}

    async def handler(e: EventEnvelope) -> None:
        calls[e.id] = calls.get(e.id, 0) + 1
        if e.id == failing.id and calls[e.id] == 1:
            raise RuntimeError("temporary")

    parking = 0
    original = RabbitEventBus._publish_to_queue

    async def broker_refuses_once(self: RabbitEventBus, queue: str, message: aio_pika.Message) -> None:
        nonlocal parking
        parking += 1
        if parking == 1:
            raise ConnectionError("the broker went away")
        await original(self, queue, message)

    monkeypatch.setattr(RabbitEventBus, "_publish_to_queue", broker_refuses_once)
    other = envelope(2)
    await bundling.subscribe("test", handler)
    await bundling.publish([failing, other])
    # Not acknowledged: the whole bundle is delivered again (the inbox skips what took effect), and the
    # event that failed is handled again instead of being lost.
    await wait_until(lambda: calls.get(failing.id) == 2 and calls.get(other.id) == 2)
    await asyncio.sleep(0.3)
    assert calls == {failing.id: 2, other.id: 2}
    assert await bundling.dead_letters("test") == []


async def test_a_message_that_holds_no_event_is_dead_lettered_as_it_came(bundling: RabbitEventBus) -> None:
    called: list[EventEnvelope] = []

    async def handler(e: EventEnvelope) -> None:
        called.append(e)

    unreadable = [
        (b"no es json", {}),
        (b'[{"envelope": {"id": "no-es-un-uuid"}}]', {BUNDLE_HEADER: 1}),
    ]
    connection = await aio_pika.connect(BROKER_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        for n, (body, headers) in enumerate(unreadable):
            await channel.default_exchange.publish(
                aio_pika.Message(body=body, headers=headers, message_id=f"m{n}", type="Ping"),
                routing_key=bundling.queue_name("test"),
            )
    await bundling.subscribe("test", handler)
    letters = []
    deadline = asyncio.get_running_loop().time() + 30
    while len(letters) < 2 and asyncio.get_running_loop().time() < deadline:
        letters = await bundling.dead_letters("test")
        await asyncio.sleep(0.05)
    assert sorted(letter.event_id for letter in letters) == ["m0", "m1"]
    assert all("ValidationError" in (letter.error or "") for letter in letters)
    assert called == []
    await bundling.unsubscribe("test")
    assert await _queued(bundling, "test") == 0  # acknowledged, not redelivered forever


async def test_messages_of_one_event_from_an_older_publisher_are_still_consumed(namespace: str) -> None:
    async with started(namespace, bundle_max=1) as older, started(namespace) as bundling:
        seen: list[uuid.UUID] = []

        async def handler(e: EventEnvelope) -> None:
            seen.append(e.id)

        published = [envelope(n) for n in range(5)]
        await older.publish(published)
        await bundling.subscribe("test", handler)
        await wait_until(lambda: len(seen) == 5)
        assert sorted(map(str, seen)) == sorted(str(e.id) for e in published)


def test_prefetch_counts_events_so_bundles_divide_it() -> None:
    def bus(prefetch: int, bundle_max: int) -> RabbitEventBus:
        return RabbitEventBus(
            BROKER_URL, namespace="x", topology={}, prefetch=prefetch, bundle_max=bundle_max
        )

    assert bus(50, 1).prefetch_count == 50
    assert bus(50, 50).prefetch_count == 2
    assert bus(200, 50).prefetch_count == 4
    assert bus(120, 50).prefetch_count == 3
