"""The outbox relay, inbox and job leases on PostgreSQL, with competing replicas."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import DeclarativeBase

from conectar.contracts.events import EventEnvelope, UserBanned
from conectar.platform.consumer import InboxConsumer
from conectar.platform.db import Database, make_metadata, utcnow
from conectar.platform.jobs import JobRunner, PeriodicJob
from conectar.platform.outbox import Outbox, OutboxRelay, messaging_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


TABLES = messaging_tables(Base.metadata)


class RecordingBus:
    def __init__(self, fail_times: int = 0) -> None:
        self.published: list[EventEnvelope] = []
        self.fail_times = fail_times

    async def publish(self, envelopes: Sequence[EventEnvelope]) -> None:
        await asyncio.sleep(0.001)
        if self.fail_times:
            self.fail_times -= 1
            raise ConnectionError("broker down")
        self.published.extend(envelopes)


async def _database(url: str) -> Database:
    db = Database(url)
    async with db.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    return db


async def _write_events(db: Database, outbox: Outbox, count: int) -> None:
    async with db.session() as session:
        for _ in range(count):
            await outbox.add(session, UserBanned(user_id=uuid.uuid4(), banned_at=utcnow()))


async def test_two_relays_publish_every_event_exactly_once(pg_url: str) -> None:
    db = await _database(pg_url)
    outbox = Outbox(TABLES, "test")
    await _write_events(db, outbox, 400)
    bus = RecordingBus()
    relays = [OutboxRelay(service="test", db=db, outbox=outbox, bus=bus, batch_size=25) for _ in range(2)]

    async def drain(relay: OutboxRelay) -> None:
        while await relay.publish_once():
            pass

    await asyncio.gather(*(drain(r) for r in relays), *(drain(r) for r in relays))
    counts = Counter(e.id for e in bus.published)
    assert len(counts) == 400
    assert max(counts.values()) == 1
    async with db.session(write=False) as session:
        pending = await session.execute(
            select(func.count()).select_from(TABLES.outbox).where(TABLES.outbox.c.status != "sent")
        )
        assert pending.scalar_one() == 0
    await db.dispose()


async def test_publish_failures_back_off_and_keep_the_events(pg_url: str) -> None:
    db = await _database(pg_url)
    outbox = Outbox(TABLES, "test")
    await _write_events(db, outbox, 3)
    bus = RecordingBus(fail_times=1)
    relay = OutboxRelay(service="test", db=db, outbox=outbox, bus=bus)
    assert await relay.publish_once() == 0
    async with db.session(write=False) as session:
        rows = (await session.execute(select(TABLES.outbox))).mappings().all()
    assert {r["attempts"] for r in rows} == {1}
    assert all(r["next_attempt_at"] > utcnow() for r in rows)
    assert all("ConnectionError" in r["last_error"] for r in rows)
    await asyncio.sleep(0.7)
    assert await relay.publish_once() == 3
    assert len(bus.published) == 3
    await db.dispose()


async def test_events_that_keep_failing_end_dead_and_can_be_retried(pg_url: str) -> None:
    db = await _database(pg_url)
    outbox = Outbox(TABLES, "test")
    await _write_events(db, outbox, 1)
    relay = OutboxRelay(
        service="test", db=db, outbox=outbox, bus=RecordingBus(fail_times=100), max_attempts=1
    )
    await relay.publish_once()
    async with db.session(write=False) as session:
        assert (await session.execute(select(TABLES.outbox.c.status))).scalar_one() == "dead"
    assert await relay.retry_dead() == 1
    relay.bus = RecordingBus()
    assert await relay.publish_once() == 1
    await db.dispose()


async def test_inbox_makes_concurrent_redelivery_harmless(pg_url: str) -> None:
    db = await _database(pg_url)
    effects: list[uuid.UUID] = []

    async def handler(_session: object, envelope: EventEnvelope) -> None:
        await asyncio.sleep(0.01)
        effects.append(envelope.id)

    consumer = InboxConsumer("test", db, TABLES, {"UserBanned": handler})
    envelope = EventEnvelope(
        id=uuid.uuid4(),
        type="UserBanned",
        occurred_at=utcnow(),
        producer="auth",
        payload={"user_id": str(uuid.uuid4()), "banned_at": utcnow().isoformat()},
    )
    await asyncio.gather(*(consumer(envelope) for _ in range(5)), return_exceptions=True)
    await consumer(envelope)
    assert effects == [envelope.id]
    await db.dispose()


async def test_a_job_runs_in_one_replica_per_interval(pg_url: str) -> None:
    db = await _database(pg_url)
    runs: list[str] = []

    def job_for(name: str) -> PeriodicJob:
        async def run() -> None:
            runs.append(name)
            await asyncio.sleep(0.05)

        return PeriodicJob("nightly", interval_seconds=30, run=run)

    first = JobRunner("test", db, TABLES, [])
    second = JobRunner("test", db, TABLES, [])
    results = await asyncio.gather(first.run_once(job_for("a")), second.run_once(job_for("b")))
    assert sorted(results) == [False, True]
    assert len(runs) == 1
    # Until the interval passes, neither replica runs it again... except the holder may renew its own lease.
    assert not await second.run_once(job_for("b"))
    await db.dispose()


class BatchRecordingBus(RecordingBus):
    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []

    async def publish(self, envelopes: Sequence[EventEnvelope]) -> None:
        self.batches.append(len(envelopes))
        await super().publish(envelopes)


async def test_commits_within_the_settle_time_share_one_batch(pg_url: str) -> None:
    db = await _database(pg_url)
    outbox = Outbox(TABLES, "test")
    bus = BatchRecordingBus()
    relay = OutboxRelay(service="test", db=db, outbox=outbox, bus=bus, poll_seconds=30, settle_seconds=0.6)
    relay.start()
    try:
        await _write_events(db, outbox, 1)  # wakes the relay (after commit): it drains, then settles
        for _ in range(500):
            if bus.published:
                break
            await asyncio.sleep(0.01)
        assert bus.batches == [1]
        for _ in range(3):  # three commits inside one settle time
            await _write_events(db, outbox, 1)
            await asyncio.sleep(0.02)
        for _ in range(500):
            if len(bus.published) == 4:
                break
            await asyncio.sleep(0.01)
        assert bus.batches == [1, 3]
    finally:
        await relay.stop()
        await db.dispose()
