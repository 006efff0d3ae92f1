"""What only a platform of processes offers its tests: reading the events a flow publishes on RabbitMQ
(``EventTap``) and publishing one as another service would (``publish``). People, aggregates and waits
are in ``tests.factories``."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

import aio_pika

from conectar.contracts.events import EventEnvelope, IntegrationEvent
from conectar.platform.bus_rabbit import events_of
from conectar.platform.db import utcnow
from tests.integration.conftest import Platform
from tests.services.conftest import BROKER_URL


class EventTap:
    """A temporary queue bound to the platform's exchange, to read the events a flow publishes."""

    def __init__(self, platform: Platform, *event_types: str) -> None:
        self.platform = platform
        self.event_types = event_types
        self.queue: aio_pika.abc.AbstractQueue | None = None
        self.connection: aio_pika.abc.AbstractConnection | None = None
        self.pending: deque[dict[str, Any]] = deque()

    async def __aenter__(self) -> EventTap:

        self.connection = await aio_pika.connect(BROKER_URL)
        channel = await self.connection.channel()
        exchange = await channel.declare_exchange(
            f"{self.platform.namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        self.queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for event_type in self.event_types:
            await self.queue.bind(exchange, routing_key=event_type)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def next(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0
    ) -> dict[str, Any]:
        assert self.queue is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            while self.pending:
                envelope = self.pending.popleft()
                if predicate(envelope):
                    return envelope
            message = await self.queue.get(fail=False, no_ack=True)
            if message is None:
                await asyncio.sleep(0.05)
                continue
            # One event, or a bundle of them (the relay bundles the events of one type it publishes together).
            self.pending.extend(
                envelope.model_dump(mode="json") for envelope, _ in events_of(message.body, message.headers)
            )
        raise AssertionError(f"no matching {self.event_types} event")


async def publish(platform: Platform, event: IntegrationEvent) -> EventEnvelope:
    """Publish ``event`` on RabbitMQ as another service's outbox relay would."""
    envelope = EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=utcnow(),
        producer="test",
        payload=json.loads(event.model_dump_json()),
    )
    connection = await aio_pika.connect(BROKER_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            f"{platform.namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        await exchange.publish(
            aio_pika.Message(
                body=envelope.model_dump_json().encode(),
                message_id=str(envelope.id),
                type=envelope.type,
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=envelope.type,
        )
    return envelope
