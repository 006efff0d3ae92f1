"""The RabbitMQ event bus (aio-pika).

Topology, all durable and declared by every process from ``conectar.contracts.topology``:

- exchange ``<ns>.events`` (topic); the routing key is the event type;
- per consuming service a queue ``<ns>.<service>`` bound to the types it consumes;
- per service and retry delay a queue ``<ns>.<service>.retry.<ms>`` whose messages expire back into the
  service's queue (``x-message-ttl`` + dead-lettering to the default exchange);
- per service a dead-letter queue ``<ns>.<service>.dlq`` that ``conectar events dlq`` lists and replays.

Publishing uses publisher confirms; a batch is published pipelined and the call returns after every
confirm arrived. A failed handler's message is republished to the next retry queue (confirmed) and only
then acknowledged, so a crash at any point means redelivery, never loss; the inbox makes redelivery
harmless.

Events of one type published together travel as one message, a *bundle* of at most ``bundle_max``
events and about ``bundle_max_bytes`` (header ``x-conectar-bundle``, the count; body a JSON array of ``{"envelope", "trace"}``): the broker,
the publisher and the consumer each do their per-message work once per bundle instead of once per event.
The consumer hands a message's events to the handler together (the inbox gives a bundle's one transaction)
and acknowledges the message when each of them took effect or was parked on its own: a failed event goes to
the retry queues (and then the dead-letter queue) alone, as a message of one event, so one poison event
never holds the others. ``bundle_max`` 1 publishes every event as a message of its own (the format before
bundles, which consumers still read: retries, dead letters and older publishers use it).

Trace context rides beside each event: in the AMQP headers (``traceparent``, ``tracestate``) of a message
of one event, in the event's ``trace`` inside a bundle; set by the relay's publish span and kept by
retries, dead-lettering and replays; the consumer's span around the handler is its child. The depth of
each consuming service's dead-letter queue is measured every few seconds (a passive declare).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import aio_pika
import aiormq
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from pydantic import BaseModel, ConfigDict, TypeAdapter

from conectar.contracts.events import EventEnvelope
from conectar.platform.bus import UNSUBSCRIBE_GRACE_SECONDS, DeadLetter, EventHandler
from conectar.platform.metrics import CONSUMER_FAILURES, DEAD_LETTER_QUEUE_DEPTH, DEAD_LETTERS, EVENTS_HANDLED
from conectar.platform.tasks import cancel_and_wait
from conectar.platform.tracing import carrier_of, consume_span, record_failure

log = structlog.get_logger(__name__)

ATTEMPTS_HEADER = "x-conectar-attempts"
ERROR_HEADER = "x-conectar-error"
BUNDLE_HEADER = "x-conectar-bundle"
BUNDLE_CONTENT_TYPE = "application/vnd.conectar.event-bundle+json"
DEFAULT_BUNDLE_MAX = 50
# Well under the broker's message size limit (RabbitMQ 4: 16 MiB by default).
BUNDLE_MAX_BYTES = 1024 * 1024
PUBLISH_TIMEOUT_SECONDS = 10.0
DLQ_MEASURE_SECONDS = 15.0


@dataclass
class _Subscription:
    channel: AbstractChannel
    queue: AbstractQueue
    tag: str
    handling: set[asyncio.Task[Any]]


class RabbitEventBus:
    messaging_system = "rabbitmq"

    def __init__(
        self,
        url: str,
        *,
        namespace: str,
        topology: Mapping[str, Collection[str]],
        max_attempts: int = 6,
        retry_delays_ms: Sequence[int] = (1000, 5000, 30000),
        prefetch: int = 50,
        bundle_max: int = DEFAULT_BUNDLE_MAX,
        bundle_max_bytes: int = BUNDLE_MAX_BYTES,
    ) -> None:
        self.url = url
        self.namespace = namespace
        self.topology = topology
        self.max_attempts = max_attempts
        self.retry_delays_ms = list(retry_delays_ms) or [1000]
        self.prefetch = prefetch
        self.bundle_max = max(1, bundle_max)
        self.bundle_max_bytes = bundle_max_bytes
        self.exchange_name = f"{namespace}.events"
        self._connection: AbstractRobustConnection | None = None
        self._publish_channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._publish_lock = asyncio.Lock()
        self._consume_channels: list[AbstractChannel] = []
        self._subscriptions: dict[str, _Subscription] = {}
        self._measure_channel: AbstractChannel | None = None
        self._measure_tasks: list[asyncio.Task[None]] = []

    @property
    def destination(self) -> str:
        return self.exchange_name

    def queue_name(self, service: str) -> str:
        return f"{self.namespace}.{service}"

    def retry_queue_name(self, service: str, delay_ms: int) -> str:
        return f"{self.namespace}.{service}.retry.{delay_ms}"

    def dlq_name(self, service: str) -> str:
        return f"{self.namespace}.{service}.dlq"

    async def start(self) -> None:
        self._connection = await aio_pika.connect_robust(self.url, timeout=10)
        self._publish_channel = await self._connection.channel(publisher_confirms=True)
        self._exchange = await self._publish_channel.declare_exchange(
            self.exchange_name, aio_pika.ExchangeType.TOPIC, durable=True
        )
        for service, types in self.topology.items():
            await self._declare_service(self._publish_channel, service, types)

    async def _declare_service(self, channel: AbstractChannel, service: str, types: Collection[str]) -> None:
        queue = await channel.declare_queue(self.queue_name(service), durable=True)
        for event_type in sorted(types):
            await queue.bind(self.exchange_name, routing_key=event_type)
        for delay in sorted(set(self.retry_delays_ms)):
            await channel.declare_queue(
                self.retry_queue_name(service, delay),
                durable=True,
                arguments={
                    "x-message-ttl": delay,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": self.queue_name(service),
                },
            )
        await channel.declare_queue(self.dlq_name(service), durable=True)

    async def close(self) -> None:
        await cancel_and_wait(self._measure_tasks)
        self._measure_tasks.clear()
        for channel in self._consume_channels:
            with contextlib.suppress(Exception):
                await channel.close()
        if self._connection is not None:
            await self._connection.close()
            self._connection = None

    async def ping(self) -> None:
        if self._connection is None or self._connection.is_closed or self._publish_channel is None:
            raise ConnectionError("RabbitMQ connection is closed")
        if self._publish_channel.is_closed:
            raise ConnectionError("RabbitMQ channel is closed")

    def _exchange_or_fail(self) -> AbstractExchange:
        if self._exchange is None:
            raise ConnectionError("event bus not started")
        return self._exchange

    async def publish(
        self, envelopes: Sequence[EventEnvelope], headers: Sequence[Mapping[str, str]] | None = None
    ) -> None:
        if not envelopes:
            return
        self._exchange_or_fail()
        traces = list(headers) if headers is not None else [None] * len(envelopes)
        if self.bundle_max == 1:
            messages = [
                (_message(envelope, attempts=0, trace=trace), envelope.type)
                for envelope, trace in zip(envelopes, traces, strict=True)
            ]
        else:
            messages = [
                (_bundle_message(bundle), bundle[0].envelope.type)
                for bundle in _bundles(
                    zip(envelopes, traces, strict=True), self.bundle_max, self.bundle_max_bytes
                )
            ]
        async with self._publish_lock:
            await asyncio.wait_for(self._publish_batch(messages), timeout=PUBLISH_TIMEOUT_SECONDS)

    async def _publish_batch(self, messages: Sequence[tuple[aio_pika.Message, str]]) -> None:
        """Write every frame of the batch, then wait for all the confirms together.

        aio-pika's ``Exchange.publish`` holds the channel's lock until its frame has been drained to the
        socket, so a gathered batch still goes out one message per event-loop turn (bench/events.py: about
        2,500 messages/s on an idle loop, a few hundred on a busy one). With ``wait=False`` each publish only
        queues its frame under the lock; the confirms are what we wait for, and they come after the
        broker has the messages, so nothing is acknowledged earlier than before."""
        if self._publish_channel is None:
            raise ConnectionError("event bus not started")
        # The concrete channel: the abstract one does not declare ``wait``.
        channel = cast(aiormq.Channel, await self._publish_channel.get_underlay_channel())
        await asyncio.gather(
            *(
                channel.basic_publish(
                    message.body,
                    exchange=self.exchange_name,
                    routing_key=key,
                    properties=message.properties,
                    mandatory=False,
                    wait=False,
                )
                for message, key in messages
            )
        )

    async def _publish_to_queue(self, queue: str, message: aio_pika.Message) -> None:
        if self._publish_channel is None:
            raise ConnectionError("event bus not started")
        await asyncio.wait_for(
            self._publish_channel.default_exchange.publish(message, routing_key=queue, mandatory=False),
            timeout=PUBLISH_TIMEOUT_SECONDS,
        )

    async def subscribe(self, service: str, handler: EventHandler) -> None:
        if self._connection is None:
            raise ConnectionError("event bus not started")
        channel = await self._connection.channel()
        await channel.set_qos(prefetch_count=self.prefetch_count)
        self._consume_channels.append(channel)
        queue = await channel.declare_queue(self.queue_name(service), durable=True)
        handling: set[asyncio.Task[Any]] = set()

        async def on_message(message: AbstractIncomingMessage) -> None:
            task = asyncio.current_task()  # aiormq runs each delivery in a task of its own
            assert task is not None
            handling.add(task)
            try:
                await self._handle(service, handler, message)
            finally:
                handling.discard(task)

        tag = await queue.consume(on_message)
        self._subscriptions[service] = _Subscription(channel, queue, tag, handling)
        self._measure_tasks.append(
            asyncio.create_task(self._measure_loop(service), name=f"dlq-depth-{service}")
        )

    @property
    def prefetch_count(self) -> int:
        """Messages in flight per consumer: ``prefetch`` counts events, so with bundles it is divided by
        their size (at least 2, so that the next bundle is there while one is handled)."""
        if self.bundle_max == 1:
            return self.prefetch
        return max(2, math.ceil(self.prefetch / self.bundle_max))

    async def unsubscribe(self, service: str, *, grace_seconds: float = UNSUBSCRIBE_GRACE_SECONDS) -> None:
        subscription = self._subscriptions.pop(service, None)
        if subscription is None:
            return
        # After the broker's cancel-ok every delivery of this consumer has been handed to its task.
        with contextlib.suppress(Exception):  # a broker that is away must not hold the stop
            await asyncio.wait_for(subscription.queue.cancel(subscription.tag), grace_seconds)
        if subscription.handling:
            await asyncio.wait(set(subscription.handling), timeout=grace_seconds)
        await cancel_and_wait(list(subscription.handling))
        # Closing the channel gives the broker back what it had sent and nobody acknowledged.
        if subscription.channel in self._consume_channels:
            self._consume_channels.remove(subscription.channel)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(subscription.channel.close(), grace_seconds)

    async def _measure_loop(self, service: str) -> None:
        while True:
            try:
                await self.dead_letter_depth(service)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the broker is away: measured again next round
                log.info("dlq_depth_unavailable", queue=service, error=type(exc).__name__)
                self._measure_channel = None
            await asyncio.sleep(DLQ_MEASURE_SECONDS)

    async def dead_letter_depth(self, service: str) -> int:
        if self._connection is None:
            raise ConnectionError("event bus not started")
        if self._measure_channel is None or self._measure_channel.is_closed:
            self._measure_channel = await self._connection.channel()
        # A passive declare on the raw channel (aio-pika's robust channel answers a repeated declare
        # from its cache, with the first count).
        underlay = await self._measure_channel.get_underlay_channel()
        declared = await underlay.queue_declare(self.dlq_name(service), passive=True)
        depth = int(getattr(declared, "message_count", 0) or 0)
        DEAD_LETTER_QUEUE_DEPTH.labels(service).set(depth)
        return depth

    async def _handle(self, service: str, handler: EventHandler, message: AbstractIncomingMessage) -> None:
        """Every event of the message at once (a bundle's share one inbox transaction); each that failed is
        parked alone, then the message is acknowledged. Parking failed: the message comes again whole, and
        the inbox skips the events that already took effect."""
        headers = message.headers or {}
        attempts = _int_header(headers.get(ATTEMPTS_HEADER))
        try:
            events = events_of(message.body, headers)
        except ValueError as exc:
            await self._dead_letter_unreadable(service, message, exc)
            return
        failures = await asyncio.gather(
            *(self._handle_event(service, handler, envelope, trace, attempts) for envelope, trace in events)
        )
        try:
            for (envelope, trace), failure in zip(events, failures, strict=True):
                if failure is not None:
                    await self._park(service, envelope, trace, attempts + 1, failure)
        except Exception as publish_exc:
            log.warning(
                "event_retry_publish_failed",
                queue=service,
                event_id=str(events[0][0].id),
                events=len(events),
                error=type(publish_exc).__name__,
            )
            await message.nack(requeue=True)
            return
        await message.ack()
        for (envelope, _), failure in zip(events, failures, strict=True):
            if failure is None:
                EVENTS_HANDLED.labels(service, envelope.type, "ok").inc()

    async def _handle_event(
        self,
        service: str,
        handler: EventHandler,
        envelope: EventEnvelope,
        trace: Mapping[str, str],
        attempts: int,
    ) -> Exception | None:
        """Run the handler in the event's consumer span; what it raised (None: it took effect)."""
        with consume_span(
            service,
            envelope,
            system=self.messaging_system,
            destination=self.queue_name(service),
            attempt=attempts + 1,
            parent=trace or None,
            extra={"messaging.rabbitmq.destination.routing_key": envelope.type},
        ) as span:
            try:
                await handler(envelope)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                record_failure(span, exc)
                CONSUMER_FAILURES.labels(service, envelope.type).inc()
                log.warning(
                    "event_handler_failed",
                    queue=service,
                    type=envelope.type,
                    event_id=str(envelope.id),
                    correlation_id=envelope.correlation_id,
                    attempts=attempts + 1,
                    error=type(exc).__name__,
                )
                return exc
        return None

    async def _park(
        self, service: str, envelope: EventEnvelope, trace: Mapping[str, str], attempts: int, exc: Exception
    ) -> None:
        """A failed event, as a message of its own: to the next retry queue, or to the dead-letter queue
        once its attempts are spent."""
        if attempts >= self.max_attempts:
            parked = _message(envelope, attempts=attempts, trace=trace)
            parked.headers.update(_failure_headers(exc))
            await self._publish_to_queue(self.dlq_name(service), parked)
            DEAD_LETTERS.labels(service, envelope.type).inc()
            return
        delay = self.retry_delays_ms[min(attempts - 1, len(self.retry_delays_ms) - 1)]
        await self._publish_to_queue(
            self.retry_queue_name(service, delay), _message(envelope, attempts=attempts, trace=trace)
        )

    async def _dead_letter_unreadable(
        self, service: str, message: AbstractIncomingMessage, exc: Exception
    ) -> None:
        """A message whose body is no event (nor bundle) goes to the dead-letter queue as it came."""
        headers: dict[str, Any] = dict(message.headers or {})
        headers.update(_failure_headers(exc))
        parked = aio_pika.Message(
            body=message.body,
            headers=headers,
            message_id=message.message_id,
            type=message.type,
            content_type=message.content_type or "application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        )
        await self._publish_to_queue(self.dlq_name(service), parked)
        await message.ack()
        DEAD_LETTERS.labels(service, message.type or "unknown").inc()

    async def dead_letters(self, service: str, limit: int = 100) -> list[DeadLetter]:
        if self._connection is None:
            raise ConnectionError("event bus not started")
        channel = await self._connection.channel()
        letters: list[DeadLetter] = []
        try:
            queue = await channel.declare_queue(self.dlq_name(service), durable=True)
            while len(letters) < limit:
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    break
                headers = message.headers or {}
                failed = headers.get("x-conectar-failed-at")
                letters.append(
                    DeadLetter(
                        queue=service,
                        event_id=message.message_id or "",
                        type=message.type or "",
                        attempts=_int_header(headers.get(ATTEMPTS_HEADER)),
                        error=str(headers.get(ERROR_HEADER) or ""),
                        failed_at=datetime.fromisoformat(str(failed)) if failed else None,
                    )
                )
        finally:
            await channel.close()  # unacknowledged messages go back to the dead-letter queue
        return letters

    async def replay_dead_letters(self, service: str) -> int:
        if self._connection is None:
            raise ConnectionError("event bus not started")
        channel = await self._connection.channel()
        replayed = 0
        try:
            queue = await channel.declare_queue(self.dlq_name(service), durable=True)
            while True:
                message = await queue.get(no_ack=False, fail=False)
                if message is None:
                    break
                headers = dict(message.headers or {})
                headers[ATTEMPTS_HEADER] = 0
                await self._publish_to_queue(
                    self.queue_name(service),
                    aio_pika.Message(
                        body=message.body,
                        headers=headers,
                        message_id=message.message_id,
                        type=message.type,
                        content_type=message.content_type or "application/json",
                        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                    ),
                )
                await message.ack()
                replayed += 1
        finally:
            await channel.close()
        return replayed

    async def purge_dead_letters(self, service: str) -> int:
        if self._connection is None:
            raise ConnectionError("event bus not started")
        channel = await self._connection.channel()
        try:
            queue = await channel.declare_queue(self.dlq_name(service), durable=True)
            result = await queue.purge()
            return int(getattr(result, "message_count", 0) or 0)
        finally:
            await channel.close()


def _int_header(value: object) -> int:
    return value if isinstance(value, int) else int(str(value)) if isinstance(value, str | bytes) else 0


def _message(
    envelope: EventEnvelope, *, attempts: int, trace: Mapping[str, str] | None = None
) -> aio_pika.Message:
    headers: dict[str, Any] = {ATTEMPTS_HEADER: attempts}
    if trace:
        headers.update(trace)
    return aio_pika.Message(
        body=envelope.model_dump_json().encode(),
        message_id=str(envelope.id),
        type=envelope.type,
        correlation_id=envelope.correlation_id,
        content_type="application/json",
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        timestamp=envelope.occurred_at,
        headers=headers,
        app_id=envelope.producer,
    )


class BundledEvent(BaseModel):
    """One event of a bundle, with the trace context that travels beside it."""

    model_config = ConfigDict(frozen=True)

    envelope: EventEnvelope
    trace: dict[str, str] = {}


_BUNDLE = TypeAdapter(list[BundledEvent])


@dataclass(frozen=True)
class _Bundled:
    envelope: EventEnvelope
    item: bytes  # its ``{"envelope", "trace"}`` in the bundle's JSON array


def _bundles(
    events: Iterable[tuple[EventEnvelope, Mapping[str, str] | None]], size: int, max_bytes: int
) -> list[list[_Bundled]]:
    """The events grouped by type (a bundle has one routing key), in their order, at most ``size`` and
    about ``max_bytes`` each (an event larger than that travels alone)."""
    by_type: dict[str, list[list[_Bundled]]] = {}
    filled: dict[str, int] = {}
    for envelope, trace in events:
        item = (
            b'{"envelope":'
            + envelope.model_dump_json().encode()
            + b',"trace":'
            + json.dumps(dict(trace or {})).encode()
            + b"}"
        )
        chunks = by_type.setdefault(envelope.type, [[]])
        used = filled.get(envelope.type, 0)
        if chunks[-1] and (len(chunks[-1]) == size or used + len(item) > max_bytes):
            chunks.append([])
            used = 0
        chunks[-1].append(_Bundled(envelope, item))
        filled[envelope.type] = used + len(item) + 1
    return [chunk for chunks in by_type.values() for chunk in chunks]


def _bundle_message(bundle: Sequence[_Bundled]) -> aio_pika.Message:
    first = bundle[0].envelope
    return aio_pika.Message(
        body=b"[" + b",".join(event.item for event in bundle) + b"]",
        message_id=str(first.id),
        type=first.type,
        content_type=BUNDLE_CONTENT_TYPE,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        timestamp=first.occurred_at,
        headers={ATTEMPTS_HEADER: 0, BUNDLE_HEADER: len(bundle)},
        app_id=first.producer,
    )


def events_of(body: bytes, headers: Mapping[str, Any] | None) -> list[tuple[EventEnvelope, dict[str, str]]]:
    """The events a message carries (one, or a bundle's), each with its trace context."""
    if headers and BUNDLE_HEADER in headers:
        return [(event.envelope, dict(event.trace)) for event in _BUNDLE.validate_json(body)]
    return [(EventEnvelope.model_validate_json(body), dict(carrier_of(headers) or {}))]


def _failure_headers(exc: Exception) -> dict[str, Any]:
    return {
        ERROR_HEADER: f"{type(exc).__name__}: {str(exc)[:500]}",
        "x-conectar-failed-at": datetime.now(UTC).isoformat(),
    }
