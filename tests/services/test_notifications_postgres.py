"""The delivery queues on PostgreSQL, where replicas run concurrently: two replicas (two kernel work
queues on one database) never send a delivery twice, a worker that dies mid-send leaves the delivery to
another once its lease runs out, and concurrent chat messages fold into one e-mail with one job."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conectar.contracts.events import EventEnvelope
from conectar.notifications import delivery
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal
from conectar.notifications.dispatch import ChatMessage, notify_message
from conectar.notifications.models import Delivery, DeliveryAttempt, Notification
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.platform.workqueue import WorkQueues
from conectar.services import SERVICES
from tests.harness.notification_queues import Recorder, delivery_queues, jobs, load, seed

pytestmark = pytest.mark.postgres

EMAIL = delivery.queue_of(Canal.EMAIL)


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, SERVICES["notifications"].migrations, pg_url)
    database = Database(pg_url)
    yield database
    await database.dispose()


async def test_replicas_share_the_work_without_sending_twice(pg_url: str, db: Database) -> None:
    channel = Recorder(delay=0.005)
    ids = await seed(db, delivery_queues(db, {Canal.EMAIL: channel}), 80)
    replicas = [Database(pg_url) for _ in range(2)]
    try:
        queues = [
            delivery_queues(replica, {Canal.EMAIL: channel}, batch_size=7, concurrency=4)
            for replica in replicas
        ]
        ran = await asyncio.gather(*(work.drain(EMAIL) for work in queues))
    finally:
        for replica in replicas:
            await replica.dispose()
    assert sum(ran) == 80
    assert all(ran), ran  # both replicas took part
    assert sorted(channel.sent) == sorted(ids)
    async with db.session(write=False) as session:
        statuses = await session.execute(select(Delivery.status, Delivery.attempts).distinct())
        assert statuses.all() == [("sent", 1)]
        attempts = await session.execute(select(func.count()).select_from(DeliveryAttempt))
        assert attempts.scalar_one() == 80
    assert await jobs(db) == []  # every job done


async def test_a_worker_that_dies_mid_send_leaves_the_delivery_to_another(pg_url: str, db: Database) -> None:
    hung = Recorder(delay=3600)
    [delivery_id] = await seed(db, delivery_queues(db, {Canal.EMAIL: hung}))
    other_db = Database(pg_url)
    try:
        dying = delivery_queues(db, {Canal.EMAIL: hung}, lease_seconds=1.0)
        first = asyncio.create_task(dying.run_once(EMAIL))
        await asyncio.wait_for(hung.started.wait(), 5)
        first.cancel()  # the process dies mid-send: nothing settles the job, its lease runs on
        with pytest.raises(asyncio.CancelledError):
            await first
        channel = Recorder()
        survivor = delivery_queues(other_db, {Canal.EMAIL: channel}, lease_seconds=30.0)
        assert await survivor.drain(EMAIL) == 0  # still leased to the dead worker
        await asyncio.sleep(1.1)
        assert await survivor.drain(EMAIL) == 1
    finally:
        await other_db.dispose()
    assert channel.sent == [delivery_id]
    row, attempts = await load(db, delivery_id)
    assert row.status == "sent"
    assert row.attempts == 2  # the lost attempt counts
    assert [(a.number, a.outcome) for a in attempts] == [(2, "sent")]
    async with db.session() as session:
        late = await repo.record_attempt(session, delivery_id, values={"status": "dead"}, attempt={})
    assert late is False  # a late answer from the first run would not overwrite the outcome
    assert await jobs(db) == []


class FakeRuntime:
    push_enabled = False
    base_url = "https://conectar.example"

    def __init__(self, work: WorkQueues | None = None) -> None:
        self.work = work

    def burst(self, canal: Canal) -> tuple[float, float]:
        return 60.0, 600.0

    async def enqueue_delivery(
        self, session: Any, canal: Canal, delivery_id: uuid.UUID, due: Any = None
    ) -> None:
        if self.work is not None:
            await delivery.enqueue(self.work, session, canal, delivery_id, due=due)

    def publish_after_commit(self, *_: Any) -> None:
        return None


async def test_concurrent_chat_messages_fold_into_one_email(db: Database) -> None:
    recipient = uuid.uuid4()
    runtime: Any = FakeRuntime(delivery_queues(db, {Canal.EMAIL: Recorder()}))

    async def handle(n: int) -> None:
        envelope = EventEnvelope(
            id=uuid.uuid4(), type="MessageSent", occurred_at=utcnow(), producer="test", payload={}
        )
        message = ChatMessage(recipient, uuid.uuid4(), uuid.uuid4(), f"Remitente {n % 3}", f"mensaje {n}")
        async with db.session() as session:
            await notify_message(runtime, session, envelope, message)

    await asyncio.gather(*(handle(n) for n in range(12)))
    async with db.session(write=False) as session:
        rows = (await session.execute(select(Delivery).where(Delivery.user_id == recipient))).scalars().all()
    [burst] = rows
    assert burst.coalesced == 12
    assert burst.context["contador"] == 12
    assert len(burst.context["notificaciones"]) == 12
    assert len(burst.context["chats"]) == 12
    assert burst.coalesce_key == f"nuevo_mensaje:email:{recipient}"
    assert burst.next_attempt_at > utcnow() + timedelta(seconds=50)
    [job] = await jobs(db)  # one job for the burst, due when the delivery is
    assert job["key"] == str(burst.id)
    assert job["run_after"] == burst.next_attempt_at


async def test_a_burst_of_one_chat_handled_at_once_is_one_notice_showing_the_newest(db: Database) -> None:
    """A backlog after an outage: the messages of one conversation are handled concurrently and out of
    order. They fold into one unread notice counting them all, which shows the newest message."""
    recipient, chat_id = uuid.uuid4(), uuid.uuid4()
    runtime: Any = FakeRuntime()
    start = utcnow()
    order = [7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 4, 6]  # handled in this order; sent in 0..11 order

    async def handle(n: int) -> None:
        envelope = EventEnvelope(
            id=uuid.uuid4(),
            type="MessageSent",
            occurred_at=start + timedelta(seconds=n),
            producer="test",
            payload={},
        )
        message = ChatMessage(recipient, chat_id, uuid.uuid4(), "Carla", f"mensaje {n}")
        async with db.session() as session:
            await notify_message(runtime, session, envelope, message)

    await asyncio.gather(*(handle(n) for n in order))
    async with db.session(write=False) as session:
        rows = (
            (await session.execute(select(Notification).where(Notification.user_id == recipient)))
            .scalars()
            .all()
        )
    [notice] = rows
    assert notice.contador == 12
    assert "mensaje 11" in notice.mensaje
    assert notice.datos["preview"] == "mensaje 11"


async def test_preferences_are_upserted(db: Database) -> None:
    from conectar.notifications.catalog import Tipo

    person = uuid.uuid4()
    async with db.session() as session:
        await repo.set_preferences(
            session,
            person,
            {(Tipo.OFERTA_ACEPTADA, Canal.EMAIL): False, (Tipo.KYC_APROBADO, Canal.PUSH): False},
        )
    async with db.session() as session:
        await repo.set_preferences(session, person, {(Tipo.OFERTA_ACEPTADA, Canal.EMAIL): True})
    async with db.session(write=False) as session:
        assert await repo.overrides(session, person) == {
            (Tipo.OFERTA_ACEPTADA, Canal.EMAIL): True,
            (Tipo.KYC_APROBADO, Canal.PUSH): False,
        }
