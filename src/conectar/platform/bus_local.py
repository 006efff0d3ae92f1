"""A durable in-process broker for standalone mode, kept in ``<data dir>/bus.db``.

It behaves like the RabbitMQ adapter: bindings survive restarts, a published event is copied into the
queue of every service bound to its type before ``publish`` returns, each queue is consumed in order with
retries and backoff, and an event that keeps failing is parked as dead until replayed.

Each delivery row keeps the trace context of the publish (``trace_context``, W3C headers as JSON), so the
consumer's span around the handler continues the producer's trace exactly as over RabbitMQ.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Collection, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import structlog
from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from conectar.contracts.events import EventEnvelope
from conectar.platform.bus import UNSUBSCRIBE_GRACE_SECONDS, DeadLetter, EventHandler
from conectar.platform.db import Database
from conectar.platform.metrics import CONSUMER_FAILURES, DEAD_LETTER_QUEUE_DEPTH, DEAD_LETTERS, EVENTS_HANDLED
from conectar.platform.tasks import cancel_and_wait
from conectar.platform.tracing import consume_span, record_failure

log = structlog.get_logger(__name__)

_metadata = MetaData()
bindings = Table(
    "bindings",
    _metadata,
    Column("queue", String(100), primary_key=True),
    Column("type", String(100), primary_key=True),
)
deliveries = Table(
    "deliveries",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("queue", String(100), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("type", String(100), nullable=False),
    Column("body", Text, nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("status", String(10), nullable=False, default="ready"),
    Column("next_attempt_at", Float, nullable=False),
    Column("last_error", Text),
    Column("failed_at", Float),
    # W3C trace context of the publish (JSON), for the consumer's span.
    Column("trace_context", Text),
    UniqueConstraint("queue", "event_id", name="uq_deliveries_queue_event"),
)

READY = "ready"
DEAD = "dead"
DLQ_MEASURE_SECONDS = 15.0


class LocalEventBus:
    messaging_system = "conectar_local"
    destination = "bus.db"

    def __init__(
        self,
        data_dir: Path,
        *,
        topology: Mapping[str, Collection[str]],
        max_attempts: int = 6,
        retry_delays_ms: Sequence[int] = (1000, 5000, 30000),
    ) -> None:
        self.topology = topology
        self.db = Database(f"sqlite+aiosqlite:///{(data_dir / 'bus.db').resolve()}", pool_size=4)
        self.max_attempts = max_attempts
        self.retry_delays_ms = list(retry_delays_ms) or [1000]
        self._wake: dict[str, asyncio.Event] = {}
        self._tasks: list[asyncio.Task[None]] = []
        self._consumers: dict[str, asyncio.Task[None]] = {}
        self._unsubscribed: set[str] = set()
        self._started = False
        self._closing = False

    async def start(self) -> None:
        if self._started:
            return
        async with self.db.engine.begin() as conn:
            await conn.run_sync(_metadata.create_all)
            # A bus.db made before deliveries had a trace_context column gets it (SQLite adds it in place).
            columns = {row[1] for row in (await conn.execute(text("PRAGMA table_info(deliveries)"))).all()}
            if "trace_context" not in columns:
                await conn.execute(text("ALTER TABLE deliveries ADD COLUMN trace_context TEXT"))
        async with self.db.session(write=True) as session:
            await session.execute(delete(bindings))
            rows = [{"queue": q, "type": t} for q, types in self.topology.items() for t in sorted(types)]
            if rows:
                await session.execute(sqlite_insert(bindings).values(rows).on_conflict_do_nothing())
        self._started = True

    async def close(self) -> None:
        self._closing = True
        await cancel_and_wait(self._tasks)
        self._tasks.clear()
        await self.db.dispose()

    async def ping(self) -> None:
        await self.db.ping()

    async def publish(
        self, envelopes: Sequence[EventEnvelope], headers: Sequence[Mapping[str, str]] | None = None
    ) -> None:
        if not envelopes:
            return
        traces = list(headers) if headers is not None else [None] * len(envelopes)
        woken: set[str] = set()
        now = time.time()
        async with self.db.session(write=True) as session:
            types = {e.type for e in envelopes}
            rows = (await session.execute(select(bindings).where(bindings.c.type.in_(types)))).all()
            queues_by_type: dict[str, list[str]] = {}
            for queue, event_type in rows:
                queues_by_type.setdefault(event_type, []).append(queue)
            values = []
            for envelope, trace in zip(envelopes, traces, strict=True):
                body = envelope.model_dump_json()
                trace_json = json.dumps(dict(trace)) if trace else None
                for queue in queues_by_type.get(envelope.type, []):
                    values.append(
                        {
                            "queue": queue,
                            "event_id": str(envelope.id),
                            "type": envelope.type,
                            "body": body,
                            "attempts": 0,
                            "status": READY,
                            "next_attempt_at": now,
                            "trace_context": trace_json,
                        }
                    )
                    woken.add(queue)
            if values:
                await session.execute(sqlite_insert(deliveries).values(values).on_conflict_do_nothing())
        for queue in woken:
            if queue in self._wake:
                self._wake[queue].set()

    async def subscribe(self, service: str, handler: EventHandler) -> None:
        self._wake[service] = asyncio.Event()
        self._unsubscribed.discard(service)
        consumer = asyncio.create_task(self._consume(service, handler), name=f"bus-consume-{service}")
        self._consumers[service] = consumer
        self._tasks.append(consumer)
        self._tasks.append(asyncio.create_task(self._measure_loop(service), name=f"dlq-depth-{service}"))

    async def unsubscribe(self, service: str, *, grace_seconds: float = UNSUBSCRIBE_GRACE_SECONDS) -> None:
        consumer = self._consumers.pop(service, None)
        if consumer is None:
            return
        self._unsubscribed.add(service)
        self._wake[service].set()
        await asyncio.wait({consumer}, timeout=grace_seconds)
        await cancel_and_wait([consumer])
        self._tasks.remove(consumer)

    async def _measure_loop(self, service: str) -> None:
        while not self._closing:
            try:
                await self.dead_letter_depth(service)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.info("dlq_depth_unavailable", queue=service, error=type(exc).__name__)
            await asyncio.sleep(DLQ_MEASURE_SECONDS)

    async def dead_letter_depth(self, service: str) -> int:
        async with self.db.session(write=False) as session:
            depth = int(
                (
                    await session.execute(
                        select(func.count())
                        .select_from(deliveries)
                        .where(deliveries.c.queue == service, deliveries.c.status == DEAD)
                    )
                ).scalar_one()
            )
        DEAD_LETTER_QUEUE_DEPTH.labels(service).set(depth)
        return depth

    async def _consume(self, queue: str, handler: EventHandler) -> None:
        wake = self._wake[queue]
        while not self._closing and queue not in self._unsubscribed:
            try:
                handled = await self._consume_batch(queue, handler)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("local_bus_consume_error", queue=queue, error=type(exc).__name__)
                handled = 0
            if handled:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), timeout=0.5)
            wake.clear()

    async def _consume_batch(self, queue: str, handler: EventHandler) -> int:
        async with self.db.session(write=False) as session:
            rows = (
                await session.execute(
                    select(
                        deliveries.c.id,
                        deliveries.c.body,
                        deliveries.c.attempts,
                        deliveries.c.type,
                        deliveries.c.trace_context,
                    )
                    .where(
                        deliveries.c.queue == queue,
                        deliveries.c.status == READY,
                        deliveries.c.next_attempt_at <= time.time(),
                    )
                    .order_by(deliveries.c.id)
                    .limit(50)
                )
            ).all()
        for row_id, body, attempts, event_type, trace_json in rows:
            if queue in self._unsubscribed:  # the rest stay ready for the next consumer
                break
            envelope = EventEnvelope.model_validate_json(body)
            with consume_span(
                queue,
                envelope,
                system=self.messaging_system,
                destination=queue,
                attempt=attempts + 1,
                parent=_trace(trace_json),
            ) as span:
                try:
                    await handler(envelope)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    record_failure(span, exc)
                    await self._failed(queue, row_id, attempts + 1, envelope, exc)
                    continue
            async with self.db.session(write=True) as session:
                await session.execute(delete(deliveries).where(deliveries.c.id == row_id))
            EVENTS_HANDLED.labels(queue, event_type, "ok").inc()
        return len(rows)

    async def _failed(
        self, queue: str, row_id: int, attempts: int, envelope: EventEnvelope, exc: Exception
    ) -> None:
        event_type = envelope.type
        CONSUMER_FAILURES.labels(queue, event_type).inc()
        dead = attempts >= self.max_attempts
        delay = self.retry_delays_ms[min(attempts - 1, len(self.retry_delays_ms) - 1)] / 1000
        log.warning(
            "event_handler_failed",
            queue=queue,
            type=event_type,
            event_id=str(envelope.id),
            correlation_id=envelope.correlation_id,
            attempts=attempts,
            dead=dead,
            error=type(exc).__name__,
        )
        async with self.db.session(write=True) as session:
            await session.execute(
                update(deliveries)
                .where(deliveries.c.id == row_id)
                .values(
                    attempts=attempts,
                    status=DEAD if dead else READY,
                    next_attempt_at=time.time() + delay,
                    last_error=f"{type(exc).__name__}: {str(exc)[:500]}",
                    failed_at=time.time(),
                )
            )
        if dead:
            DEAD_LETTERS.labels(queue, event_type).inc()

    async def dead_letters(self, service: str, limit: int = 100) -> list[DeadLetter]:
        async with self.db.session(write=False) as session:
            rows = (
                (
                    await session.execute(
                        select(deliveries)
                        .where(deliveries.c.queue == service, deliveries.c.status == DEAD)
                        .order_by(deliveries.c.id)
                        .limit(limit)
                    )
                )
                .mappings()
                .all()
            )
        return [
            DeadLetter(
                queue=row["queue"],
                event_id=row["event_id"],
                type=row["type"],
                attempts=row["attempts"],
                error=row["last_error"],
                failed_at=datetime.fromtimestamp(row["failed_at"], UTC) if row["failed_at"] else None,
            )
            for row in rows
        ]

    async def replay_dead_letters(self, service: str) -> int:
        async with self.db.session(write=True) as session:
            result = await session.execute(
                update(deliveries)
                .where(deliveries.c.queue == service, deliveries.c.status == DEAD)
                .values(status=READY, attempts=0, next_attempt_at=time.time())
            )
        if service in self._wake:
            self._wake[service].set()
        return int(getattr(result, "rowcount", 0))

    async def purge_dead_letters(self, service: str) -> int:
        async with self.db.session(write=True) as session:
            result = await session.execute(
                delete(deliveries).where(deliveries.c.queue == service, deliveries.c.status == DEAD)
            )
        return int(getattr(result, "rowcount", 0))


def _trace(stored: str | None) -> dict[str, str] | None:
    if not stored:
        return None
    try:
        loaded = json.loads(stored)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else None
