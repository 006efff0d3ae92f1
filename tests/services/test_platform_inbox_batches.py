"""The inbox consumer shares one transaction among deliveries that arrive together, on SQLite and on
PostgreSQL: each event still takes effect exactly once, in its own context, and an event that fails
fails alone while the others of its batch take effect."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import Column, String, Table, Uuid, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase

from conectar.contracts.events import EventEnvelope
from conectar.platform.consumer import InboxConsumer
from conectar.platform.context import request_id_var
from conectar.platform.db import Database, make_metadata, utcnow
from conectar.platform.outbox import messaging_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


TABLES = messaging_tables(Base.metadata)
EFFECTS = Table(
    "effects",
    Base.metadata,
    Column("event_id", Uuid(), primary_key=True),
    Column("request_id", String(128), nullable=True),
)


@pytest.fixture
async def db(either_url: str) -> AsyncIterator[Database]:
    database = Database(either_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield database
    await database.dispose()


class Recorder:
    """Writes one effect row per event it is given (the request id it saw with it); raises for
    ``poison``."""

    def __init__(self, poison: set[uuid.UUID] | None = None) -> None:
        self.poison = poison or set()
        self.calls: list[uuid.UUID] = []

    async def __call__(self, session: AsyncSession, envelope: EventEnvelope) -> None:
        self.calls.append(envelope.id)
        await session.execute(insert(EFFECTS).values(event_id=envelope.id, request_id=request_id_var.get()))
        if envelope.id in self.poison:
            raise RuntimeError("this event cannot be handled")


def envelope() -> EventEnvelope:
    return EventEnvelope(
        id=uuid.uuid4(),
        type="Ping",
        occurred_at=utcnow(),
        producer="test",
        payload={},
        correlation_id=f"req-{uuid.uuid4().hex[:8]}",
    )


def consumer(db: Database, handler: Recorder, service: str, batch_max: int = 50) -> InboxConsumer:
    return InboxConsumer(service, db, TABLES, {"Ping": handler}, batch_max=batch_max)


def batches(service: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "conectar_inbox_batches_total", {"service": service, "outcome": outcome}
    )
    return value or 0.0


async def effects(db: Database) -> dict[uuid.UUID, str | None]:
    async with db.session(write=False) as session:
        rows = (await session.execute(select(EFFECTS.c.event_id, EFFECTS.c.request_id))).all()
    return {row.event_id: row.request_id for row in rows}


async def inbox_ids(db: Database) -> set[uuid.UUID]:
    async with db.session(write=False) as session:
        return set((await session.execute(select(TABLES.inbox.c.event_id))).scalars())


async def test_deliveries_that_arrive_together_share_one_transaction(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    handler = Recorder()
    events = [envelope() for _ in range(20)]
    inbox = consumer(db, handler, service)
    await asyncio.gather(*(inbox(e) for e in events))
    assert batches(service, "committed") == 1  # twenty deliveries, one transaction
    assert await effects(db) == {e.id: e.correlation_id for e in events}  # each in its own context
    assert await inbox_ids(db) == {e.id for e in events}


async def test_a_redelivered_event_takes_effect_once_in_a_batch_and_across_batches(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    handler = Recorder()
    inbox = consumer(db, handler, service)
    earlier = envelope()
    await inbox(earlier)
    twice = envelope()
    fresh = [envelope() for _ in range(3)]
    await asyncio.gather(inbox(earlier), inbox(twice), inbox(twice), *(inbox(e) for e in fresh))
    assert sorted(map(str, handler.calls)) == sorted(map(str, [earlier.id, twice.id, *(e.id for e in fresh)]))
    assert set(await effects(db)) == {earlier.id, twice.id, *(e.id for e in fresh)}
    assert REGISTRY.get_sample_value(
        "conectar_events_handled_total", {"service": service, "type": "Ping", "outcome": "duplicate"}
    ) == pytest.approx(2)


async def test_an_event_that_fails_fails_alone_and_the_rest_of_its_batch_takes_effect(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    events = [envelope() for _ in range(6)]
    poison = events[3]
    inbox = consumer(db, Recorder(poison={poison.id}), service)
    outcomes = await asyncio.gather(*(inbox(e) for e in events), return_exceptions=True)
    assert [type(o).__name__ for o in outcomes] == ["NoneType"] * 3 + ["RuntimeError"] + ["NoneType"] * 2
    assert batches(service, "fell_back") == 1
    healthy = {e.id for e in events if e is not poison}
    assert set(await effects(db)) == healthy
    assert await inbox_ids(db) == healthy  # the failed one is not marked: its retry will run it


async def test_one_at_a_time_when_batches_are_off(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    handler = Recorder()
    events = [envelope() for _ in range(5)]
    inbox = consumer(db, handler, service, batch_max=1)
    await asyncio.gather(*(inbox(e) for e in events))
    assert batches(service, "committed") == 0
    assert set(await effects(db)) == {e.id for e in events}


async def test_a_batch_is_never_larger_than_its_maximum(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    events = [envelope() for _ in range(10)]
    inbox = consumer(db, Recorder(), service, batch_max=4)
    await asyncio.gather(*(inbox(e) for e in events))
    # 4 + 4 together; the last 2 arrived with them, so they share a third transaction.
    assert batches(service, "committed") == 3
    assert set(await effects(db)) == {e.id for e in events}


async def test_a_types_prepare_runs_once_per_shared_transaction_before_its_handlers(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"
    handler = Recorder()
    prepared: list[tuple[list[uuid.UUID], list[uuid.UUID]]] = []

    async def prepare(session: AsyncSession, envelopes: Sequence[EventEnvelope]) -> None:
        prepared.append(([e.id for e in envelopes], list(handler.calls)))

    inbox = InboxConsumer(service, db, TABLES, {"Ping": handler}, prepare={"Ping": prepare})
    earlier = envelope()
    await inbox(earlier)
    assert prepared == []  # an event handled alone gets no preparation
    events = [envelope() for _ in range(5)]
    await asyncio.gather(inbox(earlier), *(inbox(e) for e in events))
    # Once for the batch, with its fresh events only (not the duplicate), before any of their handlers.
    assert prepared == [([e.id for e in events], [earlier.id])]
    assert set(await effects(db)) == {earlier.id, *(e.id for e in events)}


async def test_a_prepare_that_fails_sends_its_batch_back_to_one_event_at_a_time(db: Database) -> None:
    service = f"s{uuid.uuid4().hex[:8]}"

    async def prepare(session: AsyncSession, envelopes: Sequence[EventEnvelope]) -> None:
        raise RuntimeError("cannot prepare")

    inbox = InboxConsumer(service, db, TABLES, {"Ping": Recorder()}, prepare={"Ping": prepare})
    events = [envelope() for _ in range(4)]
    await asyncio.gather(*(inbox(e) for e in events))
    assert batches(service, "fell_back") == 1
    assert set(await effects(db)) == {e.id for e in events}
