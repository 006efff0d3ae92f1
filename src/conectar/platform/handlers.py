"""Typed event handlers: a service declares each event it consumes with one decorator.

A service's ``events.py`` makes one registry and decorates one coroutine per event type::

    handlers = EventHandlers[ServiceContext]()

    @handlers.on(UserBanned)
    async def on_user_banned(
        ctx: ServiceContext, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
    ) -> None: ...

The kernel parses the payload into the type once, inside the inbox's unit of work, and hands the handler
the service's context, that unit of work, the typed event and its envelope (``occurred_at``, the
correlation id). A payload that does not fit the type raises pydantic's ``ValidationError`` there, before
the handler runs, and the bus retries it and then dead-letters it like any other handler failure.
A type has one handler per service: registering a second is an error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope, IntegrationEvent, parse_event
from conectar.platform.consumer import EventHandlerFn

C = TypeVar("C")
E = TypeVar("E", bound=IntegrationEvent)

# What a service writes: (its context, the unit of work, the typed event, the envelope).
TypedHandler = Callable[[C, AsyncSession, E, EventEnvelope], Awaitable[None]]


class EventHandlers(Generic[C]):
    """The event handlers of one service, by event type; ``C`` is the context the kernel hands in (the
    app factory's ``ServiceContext``, which imports this module)."""

    def __init__(self) -> None:
        self._registered: dict[str, tuple[type[IntegrationEvent], TypedHandler[C, Any]]] = {}

    def on(self, model: type[E]) -> Callable[[TypedHandler[C, E]], TypedHandler[C, E]]:
        """Register the decorated coroutine as the handler of ``model``'s events."""

        def register(handler: TypedHandler[C, E]) -> TypedHandler[C, E]:
            event_type = model.event_type()
            if event_type in self._registered:
                existing = self._registered[event_type][1]
                raise ValueError(
                    f"{event_type} already has a handler ({existing.__qualname__}); "
                    f"cannot register {handler.__qualname__}"
                )
            self._registered[event_type] = (model, handler)
            return handler

        return register

    @property
    def event_types(self) -> frozenset[str]:
        """The types these handlers consume (``contracts/topology.py`` must bind exactly these)."""
        return frozenset(self._registered)

    def bind(self, ctx: C) -> dict[str, EventHandlerFn]:
        """What the inbox consumer calls: ``(session, envelope)`` handlers that parse, then hand in."""
        return {
            event_type: _bound(ctx, model, handler)
            for event_type, (model, handler) in self._registered.items()
        }


def _bound(ctx: C, model: type[E], handler: TypedHandler[C, E]) -> EventHandlerFn:
    async def handle(session: AsyncSession, envelope: EventEnvelope) -> None:
        await handler(ctx, session, parse_event(envelope, model), envelope)

    handle.__qualname__ = handler.__qualname__
    return handle
