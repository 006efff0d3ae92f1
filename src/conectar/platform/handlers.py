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

A handler may come with a ``prepare`` for its type (``@handlers.on(MessageSent, prepare=fold_them)``):
when deliveries share a transaction (``platform.consumer``), it is called once with every event of that
type in it (each with its envelope), before their handlers, to load or lock in one statement what each
handler would otherwise read on its own, or to do their work together, set-based, and leave a mark in the
session (``session.info``) that makes their handlers return at once. It is an optimisation only: an event
handled alone gets no ``prepare``, so its handler must still do the whole work itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope, IntegrationEvent, parse_event
from conectar.platform.consumer import BatchPrepareFn, EventHandlerFn

C = TypeVar("C")
E = TypeVar("E", bound=IntegrationEvent)

# What a service writes: (its context, the unit of work, the typed event, the envelope).
TypedHandler = Callable[[C, AsyncSession, E, EventEnvelope], Awaitable[None]]
# What a handler's batch preparation receives: (its context, the shared unit of work, the typed events
# with their envelopes).
TypedPrepare = Callable[[C, AsyncSession, list[tuple[E, EventEnvelope]]], Awaitable[None]]


class EventHandlers(Generic[C]):
    """The event handlers of one service, by event type; ``C`` is the context the kernel hands in (the
    app factory's ``ServiceContext``, which imports this module)."""

    def __init__(self) -> None:
        self._registered: dict[str, tuple[type[IntegrationEvent], TypedHandler[C, Any]]] = {}
        self._prepare: dict[str, tuple[type[IntegrationEvent], TypedPrepare[C, Any]]] = {}

    def on(
        self, model: type[E], *, prepare: TypedPrepare[C, E] | None = None
    ) -> Callable[[TypedHandler[C, E]], TypedHandler[C, E]]:
        """Register the decorated coroutine as the handler of ``model``'s events (and ``prepare`` as what
        runs once before the handlers of a shared transaction's events of this type)."""

        def register(handler: TypedHandler[C, E]) -> TypedHandler[C, E]:
            event_type = model.event_type()
            if event_type in self._registered:
                existing = self._registered[event_type][1]
                raise ValueError(
                    f"{event_type} already has a handler ({existing.__qualname__}); "
                    f"cannot register {handler.__qualname__}"
                )
            self._registered[event_type] = (model, handler)
            if prepare is not None:
                self._prepare[event_type] = (model, prepare)
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

    def bind_prepare(self, ctx: C) -> dict[str, BatchPrepareFn]:
        """What the inbox consumer calls once per shared transaction and type: ``(session, envelopes)``."""
        return {
            event_type: _bound_prepare(ctx, model, prepare)
            for event_type, (model, prepare) in self._prepare.items()
        }


def _bound_prepare(ctx: C, model: type[E], prepare: TypedPrepare[C, E]) -> BatchPrepareFn:
    async def run(session: AsyncSession, envelopes: Sequence[EventEnvelope]) -> None:
        await prepare(ctx, session, [(parse_event(envelope, model), envelope) for envelope in envelopes])

    run.__qualname__ = prepare.__qualname__
    return run


def _bound(ctx: C, model: type[E], handler: TypedHandler[C, E]) -> EventHandlerFn:
    async def handle(session: AsyncSession, envelope: EventEnvelope) -> None:
        await handler(ctx, session, parse_event(envelope, model), envelope)

    handle.__qualname__ = handler.__qualname__
    return handle
