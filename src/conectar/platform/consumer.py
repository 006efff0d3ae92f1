"""Turns bus deliveries into handler calls that take effect exactly once (the inbox).

While a handler runs, the event's correlation id is the request id (so events it writes carry it on) and
the log context holds ``request_id``, ``event_id`` and ``event_type``; the bus adapter has made the
consumer span current, so log lines carry its trace and span ids too.

Deliveries that arrive together share one transaction. The bus calls the consumer once per delivery, each
call in its own task (RabbitMQ hands over up to the prefetch count at once); while one transaction is
being written the calls that arrive wait, and the next transaction takes them together (at most
``batch_max``): one multi-row inbox insert, each handler in turn in its delivery's own context (its
consumer span, its request id), one commit. A call that finds nothing else waiting runs alone, as before.
When any handler of a shared transaction raises, the transaction is rolled back and every delivery of it
is handled again alone, in its own transaction: an event that fails still fails (and is retried or
dead-lettered by the bus) on its own, and the others take effect. Handlers see the same session for the
events of a batch, one after another, never concurrently; the row locks they take last until the batch
commits. Before the handlers of a shared transaction run, a type's ``prepare`` (when the service gave one)
is called once with all of that type's events in it, to load or lock in one statement what each handler
would read on its own; an event handled alone gets none.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope
from conectar.platform.context import request_id_var
from conectar.platform.db import Database, insert_ignore, insert_ignore_many, utcnow
from conectar.platform.metrics import EVENT_CONSUME_LAG, EVENTS_HANDLED, INBOX_BATCHES
from conectar.platform.observability import observe
from conectar.platform.outbox import MessagingTables
from conectar.platform.tracing import SERVICE

log = structlog.get_logger(__name__)

EventHandlerFn = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]
BatchPrepareFn = Callable[[AsyncSession, Sequence[EventEnvelope]], Awaitable[None]]

DEFAULT_BATCH_MAX = 50


@dataclass
class _Waiting:
    """A delivery waiting for a shared transaction; ``done`` says whether it took effect there (False:
    handle it alone)."""

    envelope: EventEnvelope
    handler: EventHandlerFn
    context: contextvars.Context
    done: asyncio.Future[bool] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class InboxConsumer:
    """Calls the handler for an event's type inside a transaction that also records the event id in the
    inbox; a redelivered event finds its id there and does nothing."""

    def __init__(
        self,
        service: str,
        db: Database,
        tables: MessagingTables,
        handlers: Mapping[str, EventHandlerFn],
        *,
        batch_max: int = DEFAULT_BATCH_MAX,
        prepare: Mapping[str, BatchPrepareFn] | None = None,
    ) -> None:
        self.service = service
        self.db = db
        self.inbox = tables.inbox
        self.handlers = dict(handlers)
        self.prepare = dict(prepare or {})
        self.batch_max = max(1, batch_max)
        self._waiting: list[_Waiting] = []
        self._writer: asyncio.Task[None] | None = None

    async def __call__(self, envelope: EventEnvelope) -> None:
        handler = self.handlers.get(envelope.type)
        if handler is None:
            return
        if self.batch_max == 1:
            await self._alone(envelope, handler)
            return
        waiting = _Waiting(envelope, handler, contextvars.copy_context())
        self._waiting.append(waiting)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_batches(), name=f"inbox-{self.service}")
        if not await waiting.done:
            await self._alone(envelope, handler)

    async def _write_batches(self) -> None:
        batch: list[_Waiting] = []
        try:
            while self._waiting:
                batch = self._waiting[: self.batch_max]
                del self._waiting[: len(batch)]
                if len(batch) == 1:
                    batch[0].done.set_result(False)  # nothing to share a transaction with
                    continue
                try:
                    handled = await self._together(batch)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    INBOX_BATCHES.labels(self.service, "fell_back").inc()
                    log.info("inbox_batch_fell_back", size=len(batch), error=type(exc).__name__)
                    for waiting in batch:
                        waiting.done.set_result(False)
                else:
                    INBOX_BATCHES.labels(self.service, "committed").inc()
                    for waiting in batch:
                        waiting.done.set_result(True)
                    self._observe_lag(handled)
                batch = []
        finally:  # cancelled (the service is stopping): the deliveries are not acked, so they come again
            for waiting in [*batch, *self._waiting]:
                if not waiting.done.done():
                    waiting.done.cancel()
            self._waiting.clear()

    async def _together(self, batch: Sequence[_Waiting]) -> list[EventEnvelope]:
        """One transaction for ``batch``; the envelopes it handled (the others were duplicates)."""
        handled: list[EventEnvelope] = []
        received = utcnow()
        async with self.db.session(write=True) as session:
            fresh = await insert_ignore_many(
                session,
                self.inbox,
                [
                    {
                        "event_id": w.envelope.id,
                        "handler": w.envelope.type,
                        "type": w.envelope.type,
                        "received_at": received,
                    }
                    for w in batch
                ],
                key=("event_id", "handler"),
            )
            todo: list[_Waiting] = []
            for waiting in batch:
                key = (waiting.envelope.id, waiting.envelope.type)
                if key not in fresh:
                    EVENTS_HANDLED.labels(self.service, waiting.envelope.type, "duplicate").inc()
                    continue
                fresh.discard(key)  # the same event twice in one batch runs once
                todo.append(waiting)
            for event_type, prepare in self.prepare.items():
                envelopes = [w.envelope for w in todo if w.envelope.type == event_type]
                if envelopes:
                    await prepare(session, envelopes)
            for waiting in todo:
                await asyncio.create_task(
                    self._handle(session, waiting.envelope, waiting.handler), context=waiting.context
                )
                handled.append(waiting.envelope)
        return handled

    async def _handle(self, session: AsyncSession, envelope: EventEnvelope, handler: EventHandlerFn) -> None:
        with self._event_context(envelope):
            await handler(session, envelope)

    async def _alone(self, envelope: EventEnvelope, handler: EventHandlerFn) -> None:
        with self._event_context(envelope):
            async with self.db.session(write=True) as session:
                first = await insert_ignore(
                    session,
                    self.inbox,
                    {
                        "event_id": envelope.id,
                        "handler": envelope.type,
                        "type": envelope.type,
                        "received_at": utcnow(),
                    },
                )
                if not first:
                    EVENTS_HANDLED.labels(self.service, envelope.type, "duplicate").inc()
                    return
                await handler(session, envelope)
        self._observe_lag([envelope])

    def _observe_lag(self, envelopes: Sequence[EventEnvelope]) -> None:
        now = utcnow()
        for envelope in envelopes:
            lag = (now - envelope.occurred_at).total_seconds()
            observe(EVENT_CONSUME_LAG.labels(self.service, envelope.type), max(0.0, lag))

    @contextmanager
    def _event_context(self, envelope: EventEnvelope) -> Iterator[None]:
        token = request_id_var.set(envelope.correlation_id)
        service_token = SERVICE.set(self.service)
        bound = structlog.contextvars.bind_contextvars(
            request_id=envelope.correlation_id,
            event_id=str(envelope.id),
            event_type=envelope.type,
            service=self.service,
        )
        try:
            yield
        finally:
            structlog.contextvars.reset_contextvars(**bound)
            SERVICE.reset(service_token)
            request_id_var.reset(token)
