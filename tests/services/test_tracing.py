"""Tracing in the kernel (issue 12), with an in-memory exporter: the context of a unit of work reaches the
outbox row, the relay's publish span, the message (AMQP headers, the local bus's delivery rows) and the
consumer's span; work-queue jobs continue the context that enqueued them; log lines carry trace, span,
event and job ids; the standalone platform reports each service under its own name; the event pipeline's
metrics move; and with tracing off nothing of it happens."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import aio_pika
import pytest
import structlog
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client import REGISTRY
from prometheus_client.openmetrics.exposition import generate_latest as openmetrics
from sqlalchemy import MetaData, select

from conectar.contracts.events import EventEnvelope, IntegrationEvent
from conectar.platform.bus import EventBus
from conectar.platform.bus_local import LocalEventBus, deliveries
from conectar.platform.bus_rabbit import RabbitEventBus, events_of
from conectar.platform.consumer import InboxConsumer
from conectar.platform.context import request_id_var
from conectar.platform.db import Database
from conectar.platform.observability import add_trace_ids
from conectar.platform.outbox import MessagingTables, Outbox, OutboxRelay, messaging_tables
from conectar.platform.tracing import Tracing, activate, active_tracing, service_span
from conectar.platform.workqueue import Backoff, Job, QueueSpec, RetryAfter, WorkQueues
from tests.factories import PASSWORD, wait_until
from tests.services.conftest import BROKER_URL, delete_namespace_queues, running_standalone

log = structlog.get_logger("tests.tracing")


class TracedPing(IntegrationEvent):
    n: int


TOPOLOGY = {"test": frozenset({"TracedPing"})}


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    previous = activate(Tracing([SimpleSpanProcessor(exporter)]))
    yield exporter
    activate(previous)


def hex_trace(span: ReadableSpan) -> str:
    assert span.context is not None
    return format(span.context.trace_id, "032x")


def hex_span(span: ReadableSpan) -> str:
    assert span.context is not None
    return format(span.context.span_id, "016x")


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def one(found: Sequence[ReadableSpan], predicate: Callable[[ReadableSpan], bool]) -> ReadableSpan:
    matching = [s for s in found if predicate(s)]
    assert len(matching) == 1, [(s.name, s.resource.attributes.get("service.name")) for s in found]
    return matching[0]


async def service_db(tmp_path: Path, name: str) -> tuple[Database, MessagingTables]:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path / name}.db")
    async with db.engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    return db, tables


@pytest.fixture(params=["local", "rabbitmq"])
async def bus(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EventBus]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    created: EventBus
    if request.param == "local":
        created = LocalEventBus(tmp_path, topology=TOPOLOGY, max_attempts=2, retry_delays_ms=[50])
    else:
        created = RabbitEventBus(
            BROKER_URL, namespace=namespace, topology=TOPOLOGY, max_attempts=2, retry_delays_ms=[50]
        )
    await created.start()
    yield created
    await created.close()
    if request.param == "rabbitmq":
        await delete_namespace_queues(namespace)


async def stored_trace_headers(bus: EventBus) -> dict[str, Mapping[str, Any]]:
    """What the broker holds beside each event (by event id), read before anyone consumes it."""
    if isinstance(bus, LocalEventBus):
        async with bus.db.session(write=False) as session:
            rows = (await session.execute(select(deliveries.c.event_id, deliveries.c.trace_context))).all()
        return {str(event_id): json.loads(stored) for event_id, stored in rows}
    assert isinstance(bus, RabbitEventBus)
    found: dict[str, Mapping[str, Any]] = {}
    connection = await aio_pika.connect(BROKER_URL)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(bus.queue_name("test"), durable=True)
        while (message := await queue.get(no_ack=False, fail=False, timeout=5)) is not None:
            for envelope, trace in events_of(message.body, message.headers):
                found[str(envelope.id)] = trace
    # Closing the channel without acknowledging puts them back for the consumer below.
    return found


async def test_trace_context_crosses_outbox_broker_and_consumer(
    bus: EventBus, spans: InMemorySpanExporter, tmp_path: Path
) -> None:
    producer_db, producer_tables = await service_db(tmp_path, "producer")
    consumer_db, consumer_tables = await service_db(tmp_path, "consumer")
    outbox = Outbox(producer_tables, "producer")
    relay = OutboxRelay(service="producer", db=producer_db, outbox=outbox, bus=bus)
    delay_before = REGISTRY.get_sample_value(
        "conectar_outbox_publish_delay_seconds_count", {"service": "producer"}
    )

    # A unit of work of the producer writes two events inside its request's span.
    token = request_id_var.set("req-trace-1")
    try:
        with service_span("producer", "POST /things", kind=SpanKind.SERVER) as request_span:
            async with producer_db.session() as session:
                first = await outbox.add(session, TracedPing(n=1))
                second = await outbox.add(session, TracedPing(n=2))
    finally:
        request_id_var.reset(token)
    trace_id = format(request_span.get_span_context().trace_id, "032x")
    async with producer_db.session(write=False) as session:
        rows = (await session.execute(select(producer_tables.outbox.c.trace_context))).scalars().all()
    assert len(rows) == 2
    assert all(trace_id in row["traceparent"] for row in rows)

    assert await relay.publish_once() == 2
    published = [s for s in spans.get_finished_spans() if s.kind is SpanKind.PRODUCER]
    assert {s.name for s in published} == {"publish TracedPing"}
    assert all(hex_trace(s) == trace_id for s in published)
    assert all(parent_of(s) == request_span.get_span_context().span_id for s in published)
    assert (
        REGISTRY.get_sample_value("conectar_outbox_publish_delay_seconds_count", {"service": "producer"})
        == (delay_before or 0) + 2
    )

    # The broker holds the publish span's context beside the event (AMQP headers / the delivery row).
    held = await stored_trace_headers(bus)
    assert set(held) == {str(first), str(second)}
    for event_id, headers in held.items():
        publish = one(
            published, lambda s, event_id=event_id: s.attributes.get("messaging.message.id") == event_id
        )
        assert headers["traceparent"].startswith(f"00-{trace_id}-{hex_span(publish)}-")

    failed_once: set[uuid.UUID] = set()

    async def handle(session: object, envelope: EventEnvelope) -> None:
        log.info("ping_handled", n=envelope.payload["n"])
        if envelope.id == second and envelope.id not in failed_once:
            failed_once.add(envelope.id)
            raise RuntimeError("first delivery fails")

    # One delivery per transaction: the failure must reach the bus's retry (in a shared transaction it
    # would be handled again alone at once, test_platform_inbox_batches.py).
    consumer = InboxConsumer("test", consumer_db, consumer_tables, {"TracedPing": handle}, batch_max=1)
    lag_before = REGISTRY.get_sample_value(
        "conectar_event_consume_lag_seconds_count", {"service": "test", "type": "TracedPing"}
    )
    with structlog.testing.capture_logs(
        processors=[structlog.contextvars.merge_contextvars, add_trace_ids]
    ) as logs:
        await bus.subscribe("test", consumer)
        await wait_until(
            lambda: sum(1 for s in spans.get_finished_spans() if s.kind is SpanKind.CONSUMER) >= 3
        )
        await wait_until(
            lambda: (
                REGISTRY.get_sample_value(
                    "conectar_event_consume_lag_seconds_count", {"service": "test", "type": "TracedPing"}
                )
                == (lag_before or 0) + 2
            )
        )

    consumed = [s for s in spans.get_finished_spans() if s.kind is SpanKind.CONSUMER]
    assert {s.resource.attributes["service.name"] for s in consumed} == {"test"}
    for span in consumed:
        publish = one(
            published,
            lambda p, span=span: (
                p.attributes.get("messaging.message.id") == span.attributes.get("messaging.message.id")
            ),
        )
        assert hex_trace(span) == trace_id
        assert parent_of(span) == publish.context.span_id  # type: ignore[union-attr]
    handled = [entry for entry in logs if entry["event"] == "ping_handled"]
    assert len(handled) == 3
    for entry in handled:
        assert entry["trace_id"] == trace_id
        assert entry["request_id"] == "req-trace-1"
        assert entry["event_type"] == "TracedPing"
        assert entry["event_id"] in (str(first), str(second))
        span = one(consumed, lambda s, entry=entry: hex_span(s) == entry["span_id"])
        assert span.attributes["messaging.message.id"] == entry["event_id"]
    failure = one_log(logs, "event_handler_failed")
    assert failure["event_id"] == str(second)
    assert failure["trace_id"] == trace_id
    await producer_db.dispose()
    await consumer_db.dispose()


def one_log(logs: list[dict[str, Any]], event: str) -> dict[str, Any]:
    found = [entry for entry in logs if entry["event"] == event]
    assert len(found) == 1, logs
    return found[0]


async def test_dead_letter_depth_is_measured(bus: EventBus) -> None:
    async def refuse(envelope: EventEnvelope) -> None:
        raise ValueError("never")

    await bus.subscribe("test", refuse)
    envelope = EventEnvelope(
        id=uuid.uuid4(),
        type="TracedPing",
        occurred_at=datetime_now(),
        producer="t",
        payload={"n": 0},
    )
    await bus.publish([envelope])

    async def parked() -> bool:
        return await bus.dead_letter_depth("test") == 1

    deadline = asyncio.get_running_loop().time() + 15
    while not await parked():
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)
    assert REGISTRY.get_sample_value("conectar_dead_letter_queue_depth", {"service": "test"}) == 1


def datetime_now() -> Any:
    from conectar.platform.db import utcnow

    return utcnow()


class BrokenBus:
    """A broker that refuses every publish (for the outbox's dead rows)."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    async def publish(self, envelopes: Sequence[EventEnvelope], **kwargs: Any) -> None:
        self.calls.append(kwargs)
        raise ConnectionError("broker away")


async def test_dead_outbox_rows_are_measured_with_the_backlog(tmp_path: Path) -> None:
    db, tables = await service_db(tmp_path, "deadrows")
    outbox = Outbox(tables, "deadrows")
    broken = BrokenBus()
    relay = OutboxRelay(service="deadrows", db=db, outbox=outbox, bus=broken, max_attempts=1)
    async with db.session() as session:
        await outbox.add(session, TracedPing(n=1))
    with structlog.testing.capture_logs() as logs:
        assert await relay.publish_once() == 0
    await relay._report_backlog()
    assert REGISTRY.get_sample_value("conectar_outbox_dead_rows", {"service": "deadrows"}) == 1
    assert REGISTRY.get_sample_value("conectar_outbox_backlog", {"service": "deadrows"}) == 0
    assert one_log(logs, "outbox_event_dead")["event_id"]
    assert one_log(logs, "outbox_publish_failed")["event_ids"]
    # Tracing is off here: no trace context is stored and the bus is called as before, without headers.
    assert not active_tracing().enabled
    async with db.session(write=False) as session:
        assert (await session.execute(select(tables.outbox.c.trace_context))).scalar_one() is None
    assert broken.calls == [{}]
    await db.dispose()


async def test_a_work_queue_job_continues_the_trace_that_enqueued_it(
    spans: InMemorySpanExporter, tmp_path: Path
) -> None:
    db, tables = await service_db(tmp_path, "jobs")
    queues = WorkQueues("jobs", db, tables.work_jobs)
    runs: list[Job] = []

    async def handler(job: Job) -> RetryAfter | None:
        runs.append(job)
        log.info("job_ran", attempt=job.attempts)
        return RetryAfter("try again", seconds=0) if len(runs) == 1 else None

    queues.register(QueueSpec("traced", handler, backoff=Backoff(base_seconds=0.01, cap_seconds=0.01)))
    token = request_id_var.set("req-job-1")
    try:
        with service_span("jobs", "POST /work", kind=SpanKind.SERVER) as request_span:
            async with db.session() as session:
                await queues.enqueue(session, "traced", {"x": 1}, key="k1")
    finally:
        request_id_var.reset(token)
    trace_id = format(request_span.get_span_context().trace_id, "032x")
    async with db.session(write=False) as session:
        stored = (await session.execute(select(tables.work_jobs.c.trace_context))).scalar_one()
    assert trace_id in stored["traceparent"]

    with structlog.testing.capture_logs(
        processors=[structlog.contextvars.merge_contextvars, add_trace_ids]
    ) as logs:
        assert await queues.run_once("traced") == 1
        await asyncio.sleep(0.05)
        await queues.drain("traced")
    assert len(runs) == 2
    processed = [s for s in spans.get_finished_spans() if s.name == "process traced"]
    assert len(processed) == 2
    for span in processed:
        assert span.kind is SpanKind.CONSUMER
        assert hex_trace(span) == trace_id
        assert parent_of(span) == request_span.get_span_context().span_id
        assert span.resource.attributes["service.name"] == "jobs"
    assert [s.attributes["conectar.job.outcome"] for s in processed] == ["retryafter", "done"]
    ran = [entry for entry in logs if entry["event"] == "job_ran"]
    assert [entry["job_id"] for entry in ran] == [str(runs[0].id)] * 2
    assert all(entry["request_id"] == "req-job-1" and entry["trace_id"] == trace_id for entry in ran)
    not_done = one_log(logs, "queue_job_not_done")
    assert not_done["job_id"] == str(runs[0].id)
    await db.dispose()


async def test_standalone_reports_each_service_in_one_trace_per_action(
    spans: InMemorySpanExporter, tmp_path: Path
) -> None:
    async with running_standalone(tmp_path) as platform:
        spans.clear()
        email = f"trazas-{uuid.uuid4().hex[:8]}@example.com"
        body = {"email": email, "password": PASSWORD, "nombre": "Ana", "apellido": "Paz", "rol": "CLIENTE"}
        with structlog.testing.capture_logs(
            processors=[structlog.contextvars.merge_contextvars, add_trace_ids]
        ) as logs:
            response = await platform.client.post("/api/v1/auth/register", json=body)
            assert response.status_code == 201, response.text
            consumers = {"users", "professionals", "chat", "notifications"}

            def consumed() -> bool:
                return consumers <= {
                    s.resource.attributes["service.name"]
                    for s in spans.get_finished_spans()
                    if s.name == "process UserRegistered"
                }

            await wait_until(consumed)
        request_id = response.headers["x-request-id"]

    finished = spans.get_finished_spans()
    root = one(finished, lambda s: s.kind is SpanKind.SERVER and s.parent is None and "auth" in s.name)
    assert root.resource.attributes["service.name"] == "gateway"
    assert root.name == "POST /api/v1/auth/*"
    trace_id = hex_trace(root)
    in_trace = [s for s in finished if hex_trace(s) == trace_id]
    auth_server = one(in_trace, lambda s: s.kind is SpanKind.SERVER and s is not root)
    assert auth_server.resource.attributes["service.name"] == "auth"
    assert auth_server.name == "POST /api/v1/auth/register"
    assert auth_server.attributes["http.route"] == "/api/v1/auth/register"
    assert auth_server.attributes["http.response.status_code"] == 201
    assert parent_of(auth_server) == root.context.span_id  # type: ignore[union-attr]
    publish = one(in_trace, lambda s: s.name == "publish UserRegistered")
    assert publish.resource.attributes["service.name"] == "auth"
    for span in in_trace:
        if span.name == "process UserRegistered":
            assert parent_of(span) == publish.context.span_id  # type: ignore[union-attr]
    names = {s.resource.attributes["service.name"] for s in in_trace}
    assert {"gateway", "auth", *consumers} <= names
    # Statements of the unit of work are spans of the service that ran them.
    assert any(
        s.kind is SpanKind.CLIENT and s.resource.attributes["service.name"] == "auth" and "INSERT" in s.name
        for s in in_trace
    )
    # Every trace started at a request, an event, a job or a publish: no client span is a root.
    assert not [s for s in finished if s.kind is SpanKind.CLIENT and s.parent is None]

    # The access log lines of the gateway and of auth carry the request id and the trace.
    accessed = [entry for entry in logs if entry["event"] == "http_request"]
    by_service = {entry["service"]: entry for entry in accessed}
    assert by_service["gateway"]["trace_id"] == trace_id == by_service["auth"]["trace_id"]
    assert by_service["gateway"]["span_id"] == hex_span(root)
    assert by_service["auth"]["span_id"] == hex_span(auth_server)
    assert by_service["gateway"]["request_id"] == request_id == by_service["auth"]["request_id"]
    # The latency histogram keeps the trace as an exemplar, shown in OpenMetrics.
    exposition = openmetrics(REGISTRY).decode()  # type: ignore[no-untyped-call]
    assert f'trace_id="{hex_trace(auth_server)}"' in exposition


async def test_tracing_off_makes_no_spans_and_no_provider(tmp_path: Path) -> None:
    tracing = active_tracing()
    assert not tracing.enabled
    async with running_standalone(tmp_path) as platform:
        email = f"sin-trazas-{uuid.uuid4().hex[:8]}@example.com"
        body = {"email": email, "password": PASSWORD, "nombre": "Ana", "apellido": "Paz", "rol": "CLIENTE"}
        response = await platform.client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 201
        ctx = platform.ctx("auth")
        async with ctx.db.session(write=False) as session:
            stored = (await session.execute(select(ctx.tables.outbox.c.trace_context))).scalars().all()
        assert stored
        assert all(value is None for value in stored)
        assert platform.host.infra.tracing is tracing
    assert tracing._providers == {}
