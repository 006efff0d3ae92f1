"""The RabbitMQ bus publishes an outbox batch pipelined: every frame queued at once, the confirms awaited
together (bench/events.py), and a batch the broker does not confirm still fails as a whole."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import pytest

from conectar.contracts.events import EventEnvelope
from conectar.platform.bus_rabbit import RabbitEventBus
from conectar.platform.db import utcnow
from tests.services.conftest import BROKER_URL, delete_namespace_queues

TOPOLOGY = {"test": frozenset({"Ping"})}


def envelope(n: int) -> EventEnvelope:
    return EventEnvelope(id=uuid.uuid4(), type="Ping", occurred_at=utcnow(), producer="t", payload={"n": n})


@pytest.fixture
async def bus() -> AsyncIterator[RabbitEventBus]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    created = RabbitEventBus(BROKER_URL, namespace=namespace, topology=TOPOLOGY)
    await created.start()
    yield created
    await created.close()
    await delete_namespace_queues(namespace)


async def _queued(bus: RabbitEventBus) -> int:
    connection = await aio_pika.connect(BROKER_URL)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(bus.queue_name("test"), durable=True, passive=True)
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
