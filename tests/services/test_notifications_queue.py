"""Outbound deliveries on the kernel's work queue, on SQLite and on PostgreSQL: a provider's Retry-After
is honoured, a permanent failure (or the last attempt) marks the delivery dead with its reason and an
attempt, an operator's or an admin's retry sends it again, a job that died without its handler is
marked dead, a chat burst is one message, and a slow e-mail provider does not delay push."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import select, update

from conectar.contracts.events import EventEnvelope
from conectar.notifications import delivery, service
from conectar.notifications.catalog import Canal
from conectar.notifications.channels.base import DeliveryJob, Outcome
from conectar.notifications.dispatch import ChatMessage, notify_message
from conectar.notifications.models import Delivery, tables
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.platform.workqueue import DEAD, QUEUED, RUNNING, Backoff, WorkQueues, retry_dead_jobs
from conectar.services import SERVICES
from tests.harness.notification_queues import Recorder, delivery_queues, job_of, jobs, load, seed

EMAIL = delivery.queue_of(Canal.EMAIL)
PUSH = delivery.queue_of(Canal.PUSH)
WORK_JOBS = tables.work_jobs


@pytest.fixture
async def db(either_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, SERVICES["notifications"].migrations, either_url)
    database = Database(either_url)
    yield database
    await database.dispose()


async def make_due(db: Database, delivery_id: uuid.UUID) -> None:
    """Time passes: the delivery's job is due now."""
    async with db.session() as session:
        await session.execute(
            update(WORK_JOBS).where(WORK_JOBS.c.key == str(delivery_id)).values(run_after=utcnow())
        )


async def test_a_provider_429_waits_at_least_its_retry_after(db: Database) -> None:
    channel = Recorder(script=[Outcome.retry("SendGrid HTTP 429", retry_after=30)])
    work = delivery_queues(db, {Canal.EMAIL: channel}, backoff=Backoff(base_seconds=0.01, cap_seconds=3600))
    [delivery_id] = await seed(db, work)
    before = utcnow()
    assert await work.drain(EMAIL) == 1
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "SendGrid HTTP 429")
    assert [(a.number, a.outcome, a.error) for a in attempts] == [(1, "retry", "SendGrid HTTP 429")]
    job = await job_of(db, delivery_id)
    assert job is not None
    assert job["status"] == QUEUED
    assert job["run_after"] >= before + timedelta(seconds=30)
    assert job["last_error"] == "SendGrid HTTP 429"
    assert await work.drain(EMAIL) == 0  # not a second sooner
    # The operators' log shows when it is tried next: the job's due time.
    async with db.session(write=False) as session:
        found = await work.find(session, [EMAIL, PUSH], [str(delivery_id)])
    jobs_by_delivery = {uuid.UUID(key): found_job for key, found_job in found.items()}
    assert delivery.next_attempts([row], jobs_by_delivery) == {delivery_id: job["run_after"]}
    await make_due(db, delivery_id)
    assert await work.drain(EMAIL) == 1
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.attempts) == ("sent", 2)
    assert [(a.number, a.outcome) for a in attempts] == [(1, "retry"), (2, "sent")]
    assert channel.sent == [delivery_id]
    assert await jobs(db) == []


async def test_a_permanent_failure_marks_the_delivery_dead_with_its_reason(db: Database) -> None:
    reason = "SMTP destinatario rechazado [550]"
    channel = Recorder(script=[Outcome.failed(reason)])
    work = delivery_queues(db, {Canal.EMAIL: channel})
    context = {"url": "https://conectar.example/reset-password?token=secreto", "nombre": "Ana"}
    [delivery_id] = await seed(db, work, tipo="restablecer_password", context=context)
    assert await work.drain(EMAIL) == 1
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.last_error, row.attempts) == ("dead", reason, 1)
    assert "url" not in row.context  # the single-use link does not outlive the attempt
    assert [(a.number, a.outcome, a.error) for a in attempts] == [(1, "dead", reason)]
    job = await job_of(db, delivery_id)
    assert job is not None
    assert (job["status"], job["last_error"]) == (DEAD, reason)
    # An operator retrying the dead job cannot bring the link back: the delivery stays dead.
    assert await retry_dead_jobs(db, WORK_JOBS, queue=EMAIL) == 1
    assert await work.drain(EMAIL) == 1
    assert len(channel.given) == 1
    row, _ = await load(db, delivery_id)
    assert row.status == "dead"
    job = await job_of(db, delivery_id)
    assert job is not None
    assert job["status"] == DEAD


async def test_an_operator_retry_of_a_dead_job_sends_its_delivery(db: Database) -> None:
    channel = Recorder(script=[Outcome.failed("SendGrid HTTP 403")])
    work = delivery_queues(db, {Canal.EMAIL: channel})
    [delivery_id] = await seed(db, work)
    await work.drain(EMAIL)
    assert (await load(db, delivery_id))[0].status == "dead"
    assert await retry_dead_jobs(db, WORK_JOBS, queue=EMAIL) == 1  # conectar queues retry
    assert await work.drain(EMAIL) == 1
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.attempts) == ("sent", 1)
    assert [(a.number, a.outcome) for a in attempts] == [(1, "dead"), (1, "sent")]
    assert channel.sent == [delivery_id]
    assert await jobs(db) == []


async def test_the_last_attempt_leaves_the_delivery_and_its_job_dead(db: Database) -> None:
    channel = Recorder(script=[Outcome.retry("SMTP no disponible")] * 5)
    work = delivery_queues(
        db, {Canal.EMAIL: channel}, max_attempts=3, backoff=Backoff(base_seconds=0.01, cap_seconds=0.02)
    )
    [delivery_id] = await seed(db, work)
    for _ in range(50):
        await work.drain(EMAIL)
        job = await job_of(db, delivery_id)
        if job is not None and job["status"] == DEAD:
            break
        await asyncio.sleep(0.03)
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.attempts, row.last_error) == ("dead", 3, "SMTP no disponible")
    assert [(a.number, a.outcome) for a in attempts] == [(1, "retry"), (2, "retry"), (3, "dead")]
    job = await job_of(db, delivery_id)
    assert job is not None
    assert (job["status"], job["last_error"]) == (DEAD, "SMTP no disponible")
    assert len(channel.given) == 3


async def test_an_admin_retry_gives_the_delivery_a_fresh_job(db: Database) -> None:
    channel = Recorder(script=[Outcome.failed("destinatario desconocido")])
    work = delivery_queues(db, {Canal.EMAIL: channel})
    [delivery_id] = await seed(db, work)
    await work.drain(EMAIL)

    async def enqueue_delivery(session: Any, canal: Canal, delivery_id: uuid.UUID, due: Any = None) -> None:
        await delivery.enqueue(work, session, canal, delivery_id, due=due)

    runtime: Any = SimpleNamespace(ctx=SimpleNamespace(queues=work), enqueue_delivery=enqueue_delivery)
    async with db.session() as session:
        await service.retry_delivery(runtime, session, delivery_id)
    job = await job_of(db, delivery_id)
    assert job is not None
    assert (job["status"], job["attempts"]) == (QUEUED, 0)
    assert (await load(db, delivery_id))[0].status == "pending"
    assert await work.drain(EMAIL) == 1
    row, attempts = await load(db, delivery_id)
    assert row.status == "sent"
    assert [(a.number, a.outcome) for a in attempts] == [(1, "dead"), (1, "sent")]
    assert await jobs(db) == []


async def test_a_job_that_died_without_its_handler_leaves_its_delivery_dead(db: Database) -> None:
    """The last attempt's worker died (its lease ran out): the queue kills the job without calling the
    handler, and tells the service (its on_dead hook), which marks the delivery dead with the reason."""
    channel = Recorder()
    work = delivery_queues(db, {Canal.EMAIL: channel}, max_attempts=4)
    [delivery_id] = await seed(db, work)
    async with db.session() as session:
        await session.execute(
            update(WORK_JOBS)
            .where(WORK_JOBS.c.key == str(delivery_id))
            .values(status=RUNNING, attempts=4, lease_token="gone", run_after=utcnow() - timedelta(seconds=1))
        )
    await work.drain(EMAIL)
    assert channel.given == []
    row, attempts = await load(db, delivery_id)
    assert row.status == "dead"
    assert row.last_error is not None
    assert row.last_error.startswith("la cola la dio por fallida: lease ran out")
    assert [(a.number, a.outcome) for a in attempts] == [(4, "dead")]


class BurstRuntime:
    push_enabled = False
    base_url = "https://conectar.example"

    def __init__(self, work: WorkQueues, delay: float) -> None:
        self.work = work
        self.delay = delay

    def burst(self, canal: Canal) -> tuple[float, float]:
        return self.delay, 600.0

    async def enqueue_delivery(
        self, session: Any, canal: Canal, delivery_id: uuid.UUID, due: Any = None
    ) -> None:
        await delivery.enqueue(self.work, session, canal, delivery_id, due=due)

    def publish_after_commit(self, *_: Any) -> None:
        return None


async def chat(db: Database, runtime: Any, recipient: uuid.UUID, text: str) -> None:
    envelope = EventEnvelope(
        id=uuid.uuid4(), type="MessageSent", occurred_at=utcnow(), producer="test", payload={}
    )
    message = ChatMessage(recipient, uuid.uuid4(), uuid.uuid4(), "Pablo", text)
    async with db.session() as session:
        await notify_message(runtime, session, envelope, message)


async def deliveries_of(db: Database, user_id: uuid.UUID) -> list[Delivery]:
    async with db.session(write=False) as session:
        rows = await session.execute(
            select(Delivery).where(Delivery.user_id == user_id).order_by(Delivery.fecha_creacion)
        )
        return list(rows.scalars())


async def test_a_chat_burst_is_one_message_when_its_window_closes(db: Database) -> None:
    channel = Recorder()
    work = delivery_queues(db, {Canal.EMAIL: channel})
    runtime: Any = BurstRuntime(work, delay=1.5)
    recipient = uuid.uuid4()
    for n in range(5):
        await chat(db, runtime, recipient, f"mensaje {n}")
    [gathering] = await deliveries_of(db, recipient)
    assert len(await jobs(db)) == 1
    assert await work.drain(EMAIL) == 0  # still gathering
    await asyncio.sleep(max(0.0, (gathering.next_attempt_at - utcnow()).total_seconds()) + 0.05)
    assert await work.drain(EMAIL) == 1
    [given] = channel.given
    assert given.context["contador"] == 5
    [sent] = await deliveries_of(db, recipient)
    assert (sent.id, sent.status, sent.coalesced, sent.coalesce_key) == (gathering.id, "sent", 5, None)
    # The next message starts a new burst, due no sooner than the minimum interval after this one.
    await chat(db, runtime, recipient, "¿me leíste?")
    _, waiting = await deliveries_of(db, recipient)
    assert sent.sent_at is not None
    assert waiting.next_attempt_at >= sent.sent_at + timedelta(seconds=599)
    job = await job_of(db, waiting.id)
    assert job is not None
    assert job["run_after"] == waiting.next_attempt_at


async def test_a_message_that_arrives_while_its_burst_is_sent_starts_the_next(db: Database) -> None:
    recipient = uuid.uuid4()
    holder: dict[str, Any] = {}

    async def meanwhile(job: DeliveryJob) -> Outcome:
        await chat(db, holder["runtime"], recipient, "llegó durante el envío")
        return Outcome.sent()

    work = delivery_queues(db, {Canal.EMAIL: Recorder(script=[meanwhile])})
    holder["runtime"] = BurstRuntime(work, delay=0.0)
    await chat(db, holder["runtime"], recipient, "primero")
    holder["runtime"].delay = 30.0  # the next burst gathers for a while
    assert await work.drain(EMAIL) == 1
    first, second = await deliveries_of(db, recipient)
    assert (first.status, first.coalesced, first.context["contador"]) == ("sent", 1, 1)
    assert (second.status, second.coalesced) == ("pending", 1)
    assert second.coalesce_key is not None
    assert await job_of(db, second.id) is not None


async def test_a_delivery_not_due_yet_waits_without_spending_an_attempt(db: Database) -> None:
    """A due time moved after its job was enqueued: the handler answers Later with the new one."""
    channel = Recorder()
    work = delivery_queues(db, {Canal.EMAIL: channel})
    [delivery_id] = await seed(db, work, due=utcnow())
    later = utcnow() + timedelta(seconds=60)
    async with db.session() as session:
        await session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(next_attempt_at=later)
        )
    assert await work.drain(EMAIL) == 1
    assert channel.given == []
    job = await job_of(db, delivery_id)
    assert job is not None
    assert (job["status"], job["attempts"], job["run_after"]) == (QUEUED, 0, later)
    row, attempts = await load(db, delivery_id)
    assert (row.status, row.attempts, attempts) == ("pending", 0, [])


async def test_a_slow_email_provider_does_not_delay_push(db: Database) -> None:
    email = Recorder(delay=5.0)
    push = Recorder(name="push")
    work = delivery_queues(db, {Canal.EMAIL: email, Canal.PUSH: push}, poll_seconds=0.05)
    [mail_id] = await seed(db, work)
    work.start()
    try:
        await asyncio.wait_for(email.started.wait(), 5)
        [push_id] = await seed(db, work, canal=Canal.PUSH)
        await asyncio.wait_for(push.started.wait(), 2)
        for _ in range(100):
            if (await load(db, push_id))[0].status == "sent":
                break
            await asyncio.sleep(0.02)
        assert (await load(db, push_id))[0].status == "sent"
        assert (await load(db, mail_id))[0].status == "pending"  # still with its provider
        assert email.sent == []
    finally:
        await work.stop()
