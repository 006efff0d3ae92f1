"""The kernel's typed event handlers (``conectar.platform.handlers``): the registry hands the typed event in,
parses it once, refuses a second handler for a type, and lets a payload that does not fit fail the
delivery (so the bus retries it, then dead-letters it)."""

from __future__ import annotations

import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import ValidationError
from sqlalchemy import MetaData, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope, IntegrationEvent, UserBanned, UserUnbanned
from conectar.platform.consumer import InboxConsumer
from conectar.platform.db import Database, utcnow
from conectar.platform.handlers import EventHandlers
from conectar.platform.outbox import messaging_tables


def _envelope(event: IntegrationEvent | None = None, payload: dict[str, Any] | None = None) -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),
        type=UserBanned.event_type(),
        occurred_at=utcnow(),
        correlation_id="req-1",
        producer="auth",
        payload=payload if payload is not None else event.model_dump(mode="json") if event else {},
    )


def _registry(seen: list[tuple[Any, ...]]) -> EventHandlers[Any]:
    handlers: EventHandlers[Any] = EventHandlers()

    @handlers.on(UserBanned)
    async def on_user_banned(
        ctx: Any, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
    ) -> None:
        seen.append((ctx, session, event, envelope))

    return handlers


async def test_the_handler_gets_the_context_the_typed_event_and_the_envelope() -> None:
    seen: list[tuple[Any, ...]] = []
    handlers = _registry(seen)
    ctx, session = SimpleNamespace(name="users"), object()
    banned = UserBanned(user_id=uuid.uuid4(), banned_at=utcnow())
    envelope = _envelope(banned)

    bound = handlers.bind(ctx)
    assert set(bound) == {"UserBanned"} == handlers.event_types
    await bound["UserBanned"](session, envelope)  # type: ignore[arg-type]

    assert len(seen) == 1
    got_ctx, got_session, event, got_envelope = seen[0]
    assert got_ctx is ctx
    assert got_session is session
    assert isinstance(event, UserBanned)
    assert event == banned
    assert got_envelope is envelope  # occurred_at and the correlation id stay at hand


async def test_the_payload_is_parsed_once_per_delivery(monkeypatch: pytest.MonkeyPatch) -> None:
    parses: list[dict[str, Any]] = []
    original = UserBanned.model_validate

    def counting(payload: dict[str, Any], *args: Any, **kwargs: Any) -> UserBanned:
        parses.append(payload)
        return original(payload, *args, **kwargs)

    monkeypatch.setattr(UserBanned, "model_validate", counting)
    seen: list[tuple[Any, ...]] = []
    bound = _registry(seen).bind(None)
    await bound["UserBanned"](object(), _envelope(UserBanned(user_id=uuid.uuid4(), banned_at=utcnow())))  # type: ignore[arg-type]
    assert len(parses) == 1
    assert len(seen) == 1


def test_a_second_handler_for_the_same_type_is_refused() -> None:
    handlers = _registry([])

    async def again(ctx: Any, session: AsyncSession, event: Any, envelope: EventEnvelope) -> None:
        return None

    with pytest.raises(ValueError, match="UserBanned already has a handler"):
        handlers.on(UserBanned)(again)
    assert handlers.event_types == {"UserBanned"}
    handlers.on(UserUnbanned)(again)
    assert handlers.event_types == {"UserBanned", "UserUnbanned"}


async def test_a_payload_that_does_not_fit_fails_the_delivery_and_leaves_no_inbox_row(
    tmp_path: Path,
) -> None:
    """The validation error leaves the consumer like any handler failure: the unit of work rolls back
    (no inbox row), so the bus's retry runs it again and, in the end, parks it in the dead-letter queue."""
    metadata = MetaData()
    tables = messaging_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/inbox.db")
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    seen: list[tuple[Any, ...]] = []
    consumer = InboxConsumer("users", db, tables, _registry(seen).bind(None))
    broken = _envelope(payload={"user_id": "not-a-uuid"})

    for _ in range(2):  # a redelivery fails the same way: nothing recorded it as handled
        with pytest.raises(ValidationError):
            await consumer(broken)
    assert seen == []
    async with db.session(write=False) as session:
        assert await session.scalar(select(func.count()).select_from(tables.inbox)) == 0

    good = _envelope(UserBanned(user_id=uuid.uuid4(), banned_at=utcnow()))
    await consumer(good)
    await consumer(good)  # the duplicate finds its inbox row
    assert len(seen) == 1
    await db.dispose()


async def test_a_prepare_gets_the_context_and_every_event_typed_with_its_envelope() -> None:
    prepared: list[tuple[Any, Any, list[tuple[UserBanned, EventEnvelope]]]] = []
    handlers: EventHandlers[Any] = EventHandlers()

    async def lock_them(
        ctx: Any, session: AsyncSession, events: list[tuple[UserBanned, EventEnvelope]]
    ) -> None:
        prepared.append((ctx, session, events))

    @handlers.on(UserBanned, prepare=lock_them)
    async def on_user_banned(
        ctx: Any, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
    ) -> None:
        return None

    ctx, session = SimpleNamespace(name="users"), object()
    events = [UserBanned(user_id=uuid.uuid4(), banned_at=utcnow()) for _ in range(3)]
    bound = handlers.bind_prepare(ctx)
    assert set(bound) == {"UserBanned"}
    envelopes = [_envelope(e) for e in events]
    await bound["UserBanned"](session, envelopes)  # type: ignore[arg-type]
    assert prepared == [(ctx, session, list(zip(events, envelopes, strict=True)))]
    assert _registry([]).bind_prepare(ctx) == {}  # a handler without one
