"""The event bus port. Standalone: a durable in-process broker on a SQLite file. Distributed: RabbitMQ.

Semantics are the same in both: ``publish`` returns once the broker holds the events durably; each
consuming service has one queue; a failing handler is retried with backoff and then dead-lettered, where
``conectar events dlq`` can list and replay it.

Trace context travels beside each event, never inside it: ``publish`` takes one dict of W3C headers per
envelope (the relay's publish span), the adapter keeps them with the message (AMQP headers; a column of the
local bus's delivery rows), and hands them to the consumer span around the handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from conectar.contracts.events import EventEnvelope

EventHandler = Callable[[EventEnvelope], Awaitable[None]]


@dataclass(frozen=True)
class DeadLetter:
    queue: str
    event_id: str
    type: str
    attempts: int
    error: str | None
    failed_at: datetime | None


UNSUBSCRIBE_GRACE_SECONDS = 5.0


class EventBus(Protocol):
    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def publish(
        self, envelopes: Sequence[EventEnvelope], headers: Sequence[Mapping[str, str]] | None = None
    ) -> None:
        """Return once every envelope is durably held by the broker; raise otherwise. ``headers``: trace
        context per envelope (same order), when tracing is on."""

    async def subscribe(self, service: str, handler: EventHandler) -> None:
        """Consume ``service``'s queue (bound by the topology in ``conectar.contracts.topology``) and call
        ``handler`` for each event; the handler raising means retry later."""

    async def unsubscribe(self, service: str, *, grace_seconds: float = UNSUBSCRIBE_GRACE_SECONDS) -> None:
        """Stop consuming ``service``'s queue: nothing more is delivered to its handler, and the events being
        handled get ``grace_seconds`` to finish; then they are cancelled, unacknowledged, and come again.
        A service calls it first when it stops, while its database is still open."""

    async def dead_letters(self, service: str, limit: int = 100) -> list[DeadLetter]: ...

    async def replay_dead_letters(self, service: str) -> int: ...

    async def purge_dead_letters(self, service: str) -> int: ...

    async def dead_letter_depth(self, service: str) -> int:
        """How many events ``service``'s dead-letter queue holds (also set on the depth gauge)."""

    async def ping(self) -> None: ...
