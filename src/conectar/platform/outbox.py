"""The transactional outbox, the idempotent inbox, job leases and the work queue: tables every service owns in its own
database, and the relay that publishes the outbox.

A use case calls :meth:`Outbox.add` with the same session that makes the state change, so the change and
its events commit together. The relay claims pending rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL),
publishes them as one batch, waits for the broker's confirms, then marks them sent; a failure backs off
(``next_attempt_at``) and a row that keeps failing ends ``dead``.

Each row keeps the trace context of the unit of work that wrote it (``trace_context``, W3C headers; NULL
when tracing is off): the relay's publish span of that event is its child, and the message carries the
publish span's context to every consumer.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import structlog
from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import (
    JSON,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    and_,
    cast,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope, IntegrationEvent
from conectar.platform.audit import audit_table
from conectar.platform.context import current_request_id
from conectar.platform.db import Database, UTCDateTime, on_commit, utcnow
from conectar.platform.metrics import (
    OUTBOX_BACKLOG,
    OUTBOX_DEAD,
    OUTBOX_DEAD_ROWS,
    OUTBOX_PUBLISH_DELAY,
    OUTBOX_PUBLISHED,
)
from conectar.platform.observability import observe
from conectar.platform.tasks import cancel_and_wait
from conectar.platform.tracing import active_tracing, carrier_for, current_carrier, start_span
from conectar.platform.workqueue import work_jobs_table

__all__ = ["MessagingTables", "Outbox", "OutboxRelay", "messaging_tables"]

log = structlog.get_logger(__name__)

STATUS_PENDING = "pending"
STATUS_SENT = "sent"
STATUS_DEAD = "dead"
SENT_RETENTION = timedelta(days=7)
BACKLOG_REPORT_INTERVAL = timedelta(seconds=5)
BATCH_SETTLE_SECONDS = 0.01


@dataclass(frozen=True)
class MessagingTables:
    outbox: Table
    inbox: Table
    job_leases: Table
    work_jobs: Table
    audit: Table


def messaging_tables(metadata: MetaData) -> MessagingTables:
    """Declare the kernel's tables on a service's metadata: outbox, inbox, job leases, work queue and the
    staff audit trail."""
    outbox = Table(
        "outbox_events",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("type", String(100), nullable=False),
        Column("version", Integer, nullable=False, default=1),
        Column("payload", JSON, nullable=False),
        Column("occurred_at", UTCDateTime(), nullable=False),
        Column("correlation_id", String(128), nullable=True),
        Column("status", String(16), nullable=False, default=STATUS_PENDING),
        Column("attempts", Integer, nullable=False, default=0),
        Column("next_attempt_at", UTCDateTime(), nullable=False),
        Column("last_error", Text, nullable=True),
        Column("sent_at", UTCDateTime(), nullable=True),
        # W3C trace context (traceparent, tracestate) of the unit of work that wrote the event.
        Column("trace_context", JSON, nullable=True),
        Index("ix_outbox_events_status_next_attempt_at", "status", "next_attempt_at"),
    )
    inbox = Table(
        "inbox_events",
        metadata,
        Column("event_id", Uuid(), nullable=False),
        Column("handler", String(100), nullable=False),
        Column("type", String(100), nullable=False),
        Column("received_at", UTCDateTime(), nullable=False),
        PrimaryKeyConstraint("event_id", "handler"),
    )
    job_leases = Table(
        "job_leases",
        metadata,
        Column("name", String(100), primary_key=True),
        Column("owner", String(100), nullable=False),
        Column("locked_until", UTCDateTime(), nullable=False),
        Column("last_run_at", UTCDateTime(), nullable=True),
    )
    return MessagingTables(
        outbox=outbox,
        inbox=inbox,
        job_leases=job_leases,
        work_jobs=work_jobs_table(metadata),
        audit=audit_table(metadata),
    )


async def forget_sent_events_about(session: AsyncSession, tables: MessagingTables, subject: uuid.UUID) -> int:
    """Delete the already published events whose payload names ``subject`` (a deleted person): kept for a
    while only as a record of what was sent, they hold copies of that person's data. Unsent ones stay,
    so consumers still see every change in order."""
    table = tables.outbox
    result = await session.execute(
        delete(table).where(
            table.c.status == STATUS_SENT, cast(table.c.payload, Text).contains(str(subject), autoescape=True)
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _json_payload(event: IntegrationEvent) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(event.model_dump_json())
    return loaded


class Outbox:
    """Writes a service's events in the caller's transaction and wakes the relay after commit."""

    def __init__(self, tables: MessagingTables, producer: str) -> None:
        self.table = tables.outbox
        # Built once, executed with each event's values: building it anew took ~110 µs an event.
        self._insert = self.table.insert()
        self.producer = producer
        self._wake = asyncio.Event()

    def row(self, event: IntegrationEvent, *, event_id: uuid.UUID | None = None) -> dict[str, Any]:
        """The row :meth:`add` writes for ``event``, by column (the payload as a dict): for a use case that
        writes it in a statement of its own, which then calls :meth:`wake_after_commit` (or :meth:`wake`
        once the statement has committed)."""
        now = utcnow()
        return {
            "id": event_id or uuid.uuid4(),
            "type": event.event_type(),
            "version": event.version,
            "payload": _json_payload(event),
            "occurred_at": now,
            "correlation_id": current_request_id(),
            "status": STATUS_PENDING,
            "attempts": 0,
            "next_attempt_at": now,
            "trace_context": current_carrier(),
        }

    async def add(
        self, session: AsyncSession, event: IntegrationEvent, *, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        """Write ``event`` in the caller's transaction; it is published after that transaction commits."""
        values = self.row(event, event_id=event_id)
        await session.execute(self._insert, values)
        self.wake_after_commit(session)
        eid: uuid.UUID = values["id"]
        return eid

    def wake_after_commit(self, session: AsyncSession) -> None:
        """Wake the relay once ``session``'s transaction commits (once per transaction)."""
        if not session.sync_session.info.get("outbox_wake"):
            session.sync_session.info["outbox_wake"] = True
            on_commit(session, self.wake)

    def wake(self) -> None:
        self._wake.set()

    async def wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
        self._wake.clear()


class OutboxRelay:
    """Publishes a service's outbox to the bus; safe to run in every replica."""

    def __init__(
        self,
        *,
        service: str,
        db: Database,
        outbox: Outbox,
        bus: Any,
        batch_size: int = 100,
        poll_seconds: float = 1.0,
        max_attempts: int = 12,
        settle_seconds: float = BATCH_SETTLE_SECONDS,
    ) -> None:
        self.service = service
        self.db = db
        self.outbox = outbox
        self.bus = bus
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.max_attempts = max_attempts
        self.settle_seconds = settle_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._last_cleanup = utcnow()
        self._last_backlog_report = utcnow() - BACKLOG_REPORT_INTERVAL

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"outbox-relay-{self.service}")

    async def stop(self) -> None:
        self._stopping = True
        self.outbox.wake()
        if self._task:
            await cancel_and_wait([self._task])

    async def _run(self) -> None:
        while not self._stopping:
            try:
                # A full batch means there may be more; a partial one means the outbox is drained.
                while await self.publish_once() >= self.batch_size:
                    pass
                await self._maybe_cleanup()
                await self._maybe_report_backlog()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # keep relaying whatever happens to one round
                log.warning("outbox_relay_error", service=self.service, error=type(exc).__name__)
                await asyncio.sleep(self.poll_seconds)
            await self.outbox.wait(self.poll_seconds)
            # Under load many commits wake the relay at once: a short pause turns them into one batch.
            await asyncio.sleep(self.settle_seconds)

    async def publish_once(self) -> int:
        """Claim and publish one batch; returns how many rows were sent (0 when nothing was due)."""
        table = self.outbox.table
        async with self.db.session(write=True) as session:
            query = (
                select(table)
                .where(and_(table.c.status == STATUS_PENDING, table.c.next_attempt_at <= utcnow()))
                .order_by(table.c.occurred_at)
                .limit(self.batch_size)
            )
            if not self.db.sqlite:
                query = query.with_for_update(skip_locked=True)
            rows = (await session.execute(query)).mappings().all()
            if not rows:
                return 0
            envelopes = [_envelope(row, self.service) for row in rows]
            ids = [row["id"] for row in rows]
            spans = self._publish_spans(rows) if active_tracing().enabled else None
            try:
                if spans is None:
                    await self.bus.publish(envelopes)
                else:
                    await self.bus.publish(envelopes, headers=[carrier_for(span) or {} for span in spans])
            except Exception as exc:
                for span in spans or ():
                    span.record_exception(exc)
                    span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
                    span.end()
                await self._record_failure(session, rows, exc)
                return 0
            confirmed = utcnow()
            for span in spans or ():
                span.end()
            await session.execute(
                update(table).where(table.c.id.in_(ids)).values(status=STATUS_SENT, sent_at=confirmed)
            )
        OUTBOX_PUBLISHED.labels(self.service).inc(len(ids))
        delay = OUTBOX_PUBLISH_DELAY.labels(self.service)
        for index, row in enumerate(rows):
            waited = max(0.0, (confirmed - row["occurred_at"]).total_seconds())
            observe(delay, waited, spans[index] if spans else None)
        return len(ids)

    def _publish_spans(self, rows: Sequence[Any]) -> list[Any]:
        """One producer span per event, child of the context its row stored (its own trace otherwise)."""
        system = str(getattr(self.bus, "messaging_system", "conectar"))
        destination = str(getattr(self.bus, "destination", "events"))
        return [
            start_span(
                self.service,
                f"publish {row['type']}",
                kind=SpanKind.PRODUCER,
                parent=row["trace_context"],
                attributes={
                    "messaging.system": system,
                    "messaging.operation.type": "send",
                    "messaging.operation.name": "publish",
                    "messaging.destination.name": destination,
                    "messaging.rabbitmq.destination.routing_key": row["type"],
                    "messaging.message.id": str(row["id"]),
                    "messaging.message.conversation_id": row["correlation_id"] or "",
                    "conectar.event.type": row["type"],
                },
            )
            for row in rows
        ]

    async def _record_failure(self, session: AsyncSession, rows: Sequence[Any], exc: Exception) -> None:
        table = self.outbox.table
        log.warning(
            "outbox_publish_failed",
            service=self.service,
            error=type(exc).__name__,
            batch=len(rows),
            event_ids=[str(row["id"]) for row in rows],
        )
        now = utcnow()
        for row in rows:
            attempts = row["attempts"] + 1
            dead = attempts >= self.max_attempts
            delay = min(60.0, 0.5 * (2 ** (attempts - 1))) * (0.8 + 0.4 * random.random())
            await session.execute(
                update(table)
                .where(table.c.id == row["id"])
                .values(
                    attempts=attempts,
                    status=STATUS_DEAD if dead else STATUS_PENDING,
                    next_attempt_at=now + timedelta(seconds=delay),
                    last_error=f"{type(exc).__name__}: {str(exc)[:500]}",
                )
            )
            if dead:
                OUTBOX_DEAD.labels(self.service).inc()
                log.warning(
                    "outbox_event_dead",
                    service=self.service,
                    event_id=str(row["id"]),
                    type=row["type"],
                    attempts=attempts,
                )

    async def _maybe_cleanup(self) -> None:
        if utcnow() - self._last_cleanup < timedelta(hours=1):
            return
        self._last_cleanup = utcnow()
        table = self.outbox.table
        async with self.db.session(write=True) as session:
            await session.execute(
                delete(table).where(
                    and_(table.c.status == STATUS_SENT, table.c.sent_at < utcnow() - SENT_RETENTION)
                )
            )

    async def _maybe_report_backlog(self) -> None:
        now = utcnow()
        if now - self._last_backlog_report < BACKLOG_REPORT_INTERVAL:
            return
        self._last_backlog_report = now
        await self._report_backlog()

    async def _report_backlog(self) -> None:
        table = self.outbox.table
        async with self.db.session(write=False) as session:
            rows = (
                await session.execute(
                    select(table.c.status, func.count())
                    .where(table.c.status.in_((STATUS_PENDING, STATUS_DEAD)))
                    .group_by(table.c.status)
                )
            ).all()
        counts = {str(status): int(count) for status, count in rows}
        OUTBOX_BACKLOG.labels(self.service).set(counts.get(STATUS_PENDING, 0))
        OUTBOX_DEAD_ROWS.labels(self.service).set(counts.get(STATUS_DEAD, 0))

    async def retry_dead(self) -> int:
        """Give dead outbox rows another round of attempts (operator action)."""
        retried = await retry_dead_events(self.db, self.outbox.table)
        self.outbox.wake()
        return retried


async def retry_dead_events(db: Database, table: Table) -> int:
    """Dead outbox rows get another round of attempts (``conectar events outbox --retry``)."""
    async with db.session(write=True) as session:
        result = await session.execute(
            update(table)
            .where(table.c.status == STATUS_DEAD)
            .values(status=STATUS_PENDING, attempts=0, next_attempt_at=utcnow())
        )
    return int(getattr(result, "rowcount", 0))


async def dead_events(db: Database, table: Table, *, limit: int = 50) -> list[dict[str, Any]]:
    """Outbox rows that publishing gave up on (newest first): id, type, attempts, last error."""
    async with db.session(write=False) as session:
        rows = await session.execute(
            select(table.c.id, table.c.type, table.c.attempts, table.c.next_attempt_at, table.c.last_error)
            .where(table.c.status == STATUS_DEAD)
            .order_by(table.c.occurred_at.desc())
            .limit(limit)
        )
    return [dict(row) for row in rows.mappings().all()]


async def count_by_status(db: Database, table: Table) -> dict[str, int]:
    async with db.session(write=False) as session:
        rows = await session.execute(select(table.c.status, func.count()).group_by(table.c.status))
    return {str(status): int(count) for status, count in rows.all()}


def _envelope(row: Any, producer: str) -> EventEnvelope:
    return EventEnvelope(
        id=row["id"],
        type=row["type"],
        version=row["version"],
        occurred_at=row["occurred_at"],
        correlation_id=row["correlation_id"],
        producer=producer,
        payload=row["payload"],
    )
