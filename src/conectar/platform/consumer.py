"""Turns bus deliveries into handler calls that take effect exactly once (the inbox).

While a handler runs, the event's correlation id is the request id (so events it writes carry it on) and
the log context holds ``request_id``, ``event_id`` and ``event_type``; the bus adapter has made the
consumer span current, so log lines carry its trace and span ids too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope
from conectar.platform.context import request_id_var
from conectar.platform.db import Database, insert_ignore, utcnow
from conectar.platform.metrics import EVENT_CONSUME_LAG, EVENTS_HANDLED
from conectar.platform.observability import observe
from conectar.platform.outbox import MessagingTables
from conectar.platform.tracing import SERVICE

log = structlog.get_logger(__name__)

EventHandlerFn = Callable[[AsyncSession, EventEnvelope], Awaitable[None]]


class InboxConsumer:
    """Calls the handler for an event's type inside one transaction that also records the event id in the
    inbox; a redelivered event finds its id there and does nothing."""

    def __init__(
        self, service: str, db: Database, tables: MessagingTables, handlers: Mapping[str, EventHandlerFn]
    ) -> None:
        self.service = service
        self.db = db
        self.inbox = tables.inbox
        self.handlers = dict(handlers)

    async def __call__(self, envelope: EventEnvelope) -> None:
        handler = self.handlers.get(envelope.type)
        if handler is None:
            return
        token = request_id_var.set(envelope.correlation_id)
        service_token = SERVICE.set(self.service)
        bound = structlog.contextvars.bind_contextvars(
            request_id=envelope.correlation_id,
            event_id=str(envelope.id),
            event_type=envelope.type,
            service=self.service,
        )
        try:
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
            lag = (utcnow() - envelope.occurred_at).total_seconds()
            observe(EVENT_CONSUME_LAG.labels(self.service, envelope.type), max(0.0, lag))
        finally:
            structlog.contextvars.reset_contextvars(**bound)
            SERVICE.reset(service_token)
            request_id_var.reset(token)
