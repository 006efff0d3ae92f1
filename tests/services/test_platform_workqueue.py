"""The kernel's durable work queue on SQLite and on PostgreSQL, with competing replicas."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select, update
from sqlalchemy.orm import DeclarativeBase

from conectar.platform.db import Database, make_metadata, utcnow
from conectar.platform.outbox import messaging_tables
from conectar.platform.workqueue import (
    DEAD,
    QUEUED,
    RUNNING,
    Backoff,
    Dead,
    Done,
    Job,
    Later,
    Outcome,
    QueueSpec,
    RetryAfter,
    WorkQueues,
    dead_jobs,
    purge_dead_jobs,
    queue_stats,
    retry_dead_jobs,
)


class Base(DeclarativeBase):
    metadata = make_metadata()


TABLE = messaging_tables(Base.metadata).work_jobs
FAST = Backoff(base_seconds=0.01, cap_seconds=0.02)


@pytest.fixture
async def db(either_url: str) -> AsyncIterator[Database]:
    database = Database(either_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield database
    await database.dispose()


class Recorder:
    """A handler that answers from a script keyed by the payload's ``n`` and records every run."""

    def __init__(self, script: dict[int, list[Outcome | Exception]] | None = None) -> None:
        self.script = script or {}
        self.runs: list[tuple[int, int]] = []

    async def __call__(self, job: Job) -> Outcome | None:
        n = int(job.payload["n"])
        self.runs.append((n, job.attempts))
        answers = self.script.get(n)
        if not answers:
            return None
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def queues(db: Database, handler: Recorder, **spec: object) -> WorkQueues:
    work = WorkQueues("test", db, TABLE)
    options: dict[str, object] = {"backoff": FAST, "max_attempts": 3, **spec}
    work.register(QueueSpec("test.work", handler, **options))  # type: ignore[arg-type]
    return work


async def enqueue(work: WorkQueues, *numbers: int, **options: object) -> None:
    async with work.db.session() as session:
        for n in numbers:
            await work.enqueue(session, "test.work", {"n": n}, **options)  # type: ignore[arg-type]


async def rows(db: Database) -> list[dict[str, Any]]:
    async with db.session(write=False) as session:
        return [dict(r) for r in (await session.execute(select(TABLE))).mappings().all()]


async def settle() -> None:
    await asyncio.sleep(0.05)  # longer than FAST's cap: every retry is due again


async def test_a_job_commits_with_its_unit_of_work_and_is_deleted_when_done(db: Database) -> None:
    handler = Recorder()
    work = queues(db, handler)

    async def failing_change() -> None:
        async with db.session() as session:
            await work.enqueue(session, "test.work", {"n": 1})
            raise RuntimeError("the change failed")

    with pytest.raises(RuntimeError):
        await failing_change()
    assert await rows(db) == []
    await enqueue(work, 2)
    assert await work.drain() == 1
    assert handler.runs == [(2, 1)]
    assert await rows(db) == []


async def test_a_key_makes_enqueueing_idempotent(db: Database) -> None:
    work = queues(db, Recorder())
    async with db.session() as session:
        assert await work.enqueue(session, "test.work", {"n": 1}, key="trabajo-1")
        assert not await work.enqueue(session, "test.work", {"n": 1}, key="trabajo-1")
        assert await work.enqueue(session, "test.work", {"n": 2}, key="trabajo-2")
    assert len(await rows(db)) == 2


async def test_retry_after_backs_off_then_succeeds_once(db: Database) -> None:
    handler = Recorder({1: [RetryAfter("provider down"), ValueError("boom")]})
    work = queues(db, handler)
    await enqueue(work, 1)
    ran_at = utcnow()
    assert await work.run_once("test.work") == 1
    (row,) = await rows(db)
    assert row["status"] == QUEUED
    assert row["last_error"] == "provider down"
    assert row["run_after"] > ran_at  # backing off, not due at once
    await settle()
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["last_error"] == "ValueError: boom"
    assert row["attempts"] == 2
    await settle()
    await work.drain()
    assert handler.runs == [(1, 1), (1, 2), (1, 3)]
    assert await rows(db) == []


async def test_retry_after_seconds_waits_at_least_that_long(db: Database) -> None:
    work = queues(db, Recorder({1: [RetryAfter("429", seconds=0.015)]}), backoff=Backoff(0.001, 10.0))
    await enqueue(work, 1)
    before = utcnow()
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["run_after"] >= before + timedelta(seconds=0.015)


async def test_spent_attempts_and_dead_answers_keep_the_job_for_an_operator(db: Database) -> None:
    failing: list[Outcome | Exception] = [RetryAfter("down"), RetryAfter("down"), RetryAfter("still down")]
    handler = Recorder({1: failing, 2: [Dead("cuenta inexistente")]})
    work = queues(db, handler)
    await enqueue(work, 1, 2)
    for _ in range(4):
        await work.run_once("test.work")
        await settle()
    dead = {int(r["payload"]["n"]): r for r in await dead_jobs(db, TABLE)}
    assert set(dead) == {1, 2}
    assert dead[1]["attempts"] == 3
    assert "attempts spent (3)" in str(dead[1]["last_error"])
    assert dead[2]["attempts"] == 1
    assert dead[2]["last_error"] == "cuenta inexistente"
    assert handler.runs.count((1, 3)) == 1
    assert len(handler.runs) == 4

    stats = {s.queue: s for s in await work.measure()}
    assert stats["test.work"].counts == {DEAD: 2}
    assert (
        REGISTRY.get_sample_value(
            "conectar_queue_jobs", {"service": "test", "queue": "test.work", "state": DEAD}
        )
        == 2
    )

    assert await retry_dead_jobs(db, TABLE, queue="test.work", job_id=dead[2]["id"]) == 1
    await work.drain()
    assert handler.runs[-1] == (2, 1)  # a new round of attempts
    assert await purge_dead_jobs(db, TABLE, queue="test.work") == 1
    assert await rows(db) == []


async def test_later_reschedules_without_spending_an_attempt(db: Database) -> None:
    soon = utcnow() + timedelta(milliseconds=30)
    handler = Recorder({1: [Later(soon, "gathering"), Later(soon, "gathering")]})
    work = queues(db, handler, max_attempts=1)
    await enqueue(work, 1)
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["status"] == QUEUED
    assert row["attempts"] == 0
    assert row["run_after"] == soon
    await asyncio.sleep(0.04)
    await work.run_once("test.work")
    await asyncio.sleep(0.04)
    await work.run_once("test.work")
    assert handler.runs == [(1, 1), (1, 1), (1, 1)]
    assert await rows(db) == []


async def test_reschedule_moves_a_queued_job(db: Database) -> None:
    handler = Recorder()
    work = queues(db, handler)
    await enqueue(work, 1, key="burst")
    async with db.session() as session:
        assert await work.reschedule(session, "test.work", "burst", utcnow() + timedelta(hours=1))
    assert await work.drain() == 0
    assert handler.runs == []


async def test_an_expired_lease_lets_another_replica_run_the_job(db: Database) -> None:
    handler = Recorder()
    dying = queues(db, Recorder(), lease_seconds=0.05)
    await enqueue(dying, 1)
    leased = await dying._lease(dying.specs["test.work"], due=dying._due("test.work"), limit=10)
    assert len(leased) == 1  # …and this worker dies before finishing it
    other = queues(db, handler, lease_seconds=0.05)
    assert await other.run_once("test.work") == 0  # leased: nobody else takes it
    await asyncio.sleep(0.08)
    assert await other.run_once("test.work") == 1
    assert handler.runs == [(1, 2)]
    # The first worker wakes up late: its outcome no longer counts.
    await dying._settle(dying.specs["test.work"], leased[0][0], leased[0][1], Done())
    assert await rows(db) == []


async def test_a_job_that_kills_its_worker_every_time_ends_dead(db: Database) -> None:
    work = queues(db, Recorder(), lease_seconds=0.01, max_attempts=2)
    await enqueue(work, 1)
    for _ in range(2):
        await work._lease(work.specs["test.work"], due=work._due("test.work"), limit=10)
        await asyncio.sleep(0.02)
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["status"] == DEAD
    assert "lease ran out" in str(row["last_error"])


async def test_a_hung_handler_is_cut_off_before_its_lease_runs_out(db: Database) -> None:
    async def hang(job: Job) -> None:
        await asyncio.sleep(10)

    work = WorkQueues("test", db, TABLE)
    work.register(QueueSpec("test.work", hang, lease_seconds=1.0, backoff=FAST))
    await enqueue(work, 1)
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["status"] == QUEUED
    assert str(row["last_error"]).startswith("timed out")


async def test_run_now_runs_the_keyed_job_inline_even_while_it_backs_off(db: Database) -> None:
    handler = Recorder({1: [RetryAfter("down")]})
    work = queues(db, handler, backoff=Backoff(60, 600))
    await enqueue(work, 1, key="open-payment")
    assert isinstance(await work.run_now("test.work", "open-payment"), RetryAfter)
    assert isinstance(await work.run_now("test.work", "open-payment"), Done)
    assert await work.run_now("test.work", "open-payment") is None  # gone: nothing to run
    assert handler.runs == [(1, 1), (1, 2)]


async def test_queue_stats_report_the_oldest_due_job(db: Database) -> None:
    work = queues(db, Recorder())
    await enqueue(work, 1, 2)
    async with db.session() as session:
        await session.execute(update(TABLE).values(run_after=utcnow() - timedelta(seconds=90)))
    (stats,) = await queue_stats(db, TABLE)
    assert stats.counts == {QUEUED: 2}
    assert 89 <= stats.oldest_due_seconds < 120


async def test_two_replicas_run_every_job_exactly_once(pg_url: str) -> None:
    database = Database(pg_url)
    async with database.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    runs: Counter[int] = Counter()

    async def handler(job: Job) -> RetryAfter | None:
        n = int(job.payload["n"])
        runs[n] += 1
        await asyncio.sleep(0.001)
        return RetryAfter("flaky") if n % 10 == 0 and job.attempts == 1 else None

    replicas = []
    for _ in range(3):
        work = WorkQueues("test", database, TABLE)
        work.register(QueueSpec("test.work", handler, batch_size=15, concurrency=4, backoff=FAST))
        replicas.append(work)
    async with database.session() as session:
        for n in range(300):
            await replicas[0].enqueue(session, "test.work", {"n": n}, key=str(uuid.uuid4()))
    for _ in range(10):
        await asyncio.gather(*(r.drain() for r in replicas), *(r.drain() for r in replicas))
        if not await rows(database):
            break
        await settle()
    assert await rows(database) == []
    assert set(runs) == set(range(300))
    assert {n: c for n, c in runs.items() if c != 1} == dict.fromkeys(range(0, 300, 10), 2)
    await database.dispose()


async def test_running_jobs_are_not_taken_by_a_second_worker(db: Database) -> None:
    started = asyncio.Event()
    release = asyncio.Event()
    runs: list[int] = []

    async def slow(job: Job) -> None:
        runs.append(int(job.payload["n"]))
        started.set()
        await release.wait()

    first, second = WorkQueues("test", db, TABLE), WorkQueues("test", db, TABLE)
    for work in (first, second):
        work.register(QueueSpec("test.work", slow, backoff=FAST))
    await enqueue(first, 1)
    running = asyncio.create_task(first.run_once("test.work"))
    await started.wait()
    (row,) = await rows(db)
    assert row["status"] == RUNNING
    assert await second.run_once("test.work") == 0
    release.set()
    await running
    assert runs == [1]


async def test_the_queue_tells_the_owner_when_it_gives_a_job_up(db: Database) -> None:
    told: list[tuple[int, str]] = []

    async def on_dead(job: Job, reason: str) -> None:
        told.append((int(job.payload["n"]), reason))

    handler = Recorder({1: [RetryAfter("down"), ValueError("still down")], 2: [Dead("imposible")]})
    work = queues(db, handler, max_attempts=2, on_dead=on_dead)
    await enqueue(work, 1, 2)
    await work.run_once("test.work")
    await settle()
    await work.run_once("test.work")
    # The handler's own Dead needs no telling; attempts spent on failures do.
    assert told == [(1, "attempts spent (2); last: ValueError: still down")]

    work = queues(db, Recorder(), lease_seconds=0.01, max_attempts=1, on_dead=on_dead)
    await enqueue(work, 3)
    await work._lease(work.specs["test.work"], due=work._due("test.work"), limit=10)  # its worker dies
    await asyncio.sleep(0.02)
    await work.run_once("test.work")
    assert told[-1] == (3, "lease ran out on every attempt")


async def test_a_dead_job_is_requeued_by_key_in_a_unit_of_work(db: Database) -> None:
    handler = Recorder({1: [Dead("cuenta inexistente")]})
    work = queues(db, handler)
    await enqueue(work, 1, key="payout-1")
    await work.run_once("test.work")
    async with db.session() as session:
        found = await work.find(session, ["test.work"], ["payout-1", "otro"])
        assert list(found) == ["payout-1"]
        assert found["payout-1"]["status"] == DEAD
        assert await work.requeue(session, "test.work", "payout-1")
        assert not await work.requeue(session, "test.work", "payout-1")  # no longer dead
    await work.drain()
    assert handler.runs == [(1, 1), (1, 1)]
    async with db.session(write=False) as session:
        assert await work.find(session, ["test.work"], ["payout-1"]) == {}


async def test_a_handler_s_own_timeout_is_not_mistaken_for_the_lease_cut(db: Database) -> None:
    async def provider_silent(job: Job) -> None:
        raise TimeoutError("MercadoPago did not answer")

    work = WorkQueues("test", db, TABLE)
    work.register(QueueSpec("test.work", provider_silent, backoff=FAST))
    await enqueue(work, 1)
    await work.run_once("test.work")
    (row,) = await rows(db)
    assert row["last_error"] == "TimeoutError: MercadoPago did not answer"


async def test_dead_jobs_past_their_retention_are_purged(db: Database) -> None:
    work = queues(db, Recorder({1: [Dead("x")], 2: [Dead("y")]}))
    await enqueue(work, 1, 2, 3)
    async with db.session() as session:  # job 3 stays queued
        await session.execute(
            update(TABLE)
            .where(TABLE.c.payload["n"].as_integer() == 3)
            .values(run_after=utcnow() + timedelta(hours=1))
        )
    await work.run_once("test.work")
    async with db.session() as session:
        await session.execute(
            update(TABLE)
            .where(TABLE.c.payload["n"].as_integer() == 1)
            .values(updated_at=utcnow() - timedelta(days=40))
        )
        assert await work.purge_dead(session, ["test.work"], before=utcnow() - timedelta(days=30)) == 1
    left = sorted((int(r["payload"]["n"]), r["status"]) for r in await rows(db))
    assert left == [(2, DEAD), (3, QUEUED)]


async def test_stopping_lets_a_running_job_finish_and_settle(db: Database) -> None:
    started = asyncio.Event()
    finished: list[int] = []

    async def slow(job: Job) -> None:
        started.set()
        await asyncio.sleep(0.3)
        finished.append(int(job.payload["n"]))

    work = WorkQueues("test", db, TABLE)
    work.register(QueueSpec("test.work", slow, backoff=FAST))
    await enqueue(work, 1)
    work.start()
    await started.wait()
    await work.stop(grace_seconds=5)
    assert finished == [1]
    assert await rows(db) == []  # settled: done and deleted, not left running until its lease runs out


async def test_stopping_leases_nothing_more(db: Database) -> None:
    handler = Recorder()
    work = queues(db, handler)
    work.start()
    await work.stop()
    await enqueue(work, 1)
    await asyncio.sleep(0.1)
    assert handler.runs == []
    assert [row["status"] for row in await rows(db)] == [QUEUED]


async def test_a_stopped_queue_leaves_no_job_running_past_its_grace(db: Database) -> None:
    """A round of several jobs, cancelled when the grace runs out: stop() returns only when every job has
    ended, also one that takes time to unwind (it would otherwise use the database after it is closed)."""
    started: list[int] = []
    unwound: list[int] = []

    async def hangs(job: Job) -> None:
        n = int(job.payload["n"])
        started.append(n)
        try:
            await asyncio.Event().wait()
        finally:
            if n == 2:
                await asyncio.sleep(0.2)  # a cleanup that takes a while
            unwound.append(n)

    work = WorkQueues("test", db, TABLE)
    work.register(QueueSpec("test.work", hangs, backoff=FAST, concurrency=2))
    await enqueue(work, 1, 2)
    work.start()
    while len(started) < 2:
        await asyncio.sleep(0.01)
    await work.stop(grace_seconds=0.1)
    assert sorted(unwound) == [1, 2]
    assert sorted(row["status"] for row in await rows(db)) == [
        RUNNING,
        RUNNING,
    ]  # their leases bring them back
