"""The delivery machinery on PostgreSQL, where replicas run concurrently: workers claim with
``FOR UPDATE SKIP LOCKED`` and never send a row twice, a crashed worker's rows come back after its lease,
and concurrent chat messages fold into one e-mail."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from conectar.contracts.events import EventEnvelope
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal
from conectar.notifications.channels.base import DeliveryJob, Outcome
from conectar.notifications.delivery import ChannelWorker
from conectar.notifications.dispatch import ChatMessage, notify_message
from conectar.notifications.models import Delivery, DeliveryAttempt, Notification
from conectar.notifications.retry import RetryPolicy
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES

pytestmark = pytest.mark.postgres


@pytest.fixture
async def db(pg_url: str) -> AsyncIterator[Database]:
    await asyncio.to_thread(upgrade, SERVICES["notifications"].migrations, pg_url)
    database = Database(pg_url)
    yield database
    await database.dispose()


class Recorder:
    name = "email"

    def __init__(self) -> None:
        self.sent: list[uuid.UUID] = []

    async def deliver(self, job: DeliveryJob) -> Outcome:
        await asyncio.sleep(0.005)
        self.sent.append(job.id)
        return Outcome.sent()


async def seed(db: Database, count: int) -> list[uuid.UUID]:
    ids = []
    async with db.session() as session:
        for _ in range(count):
            user_id, event_id, notification_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
            await repo.insert_notification(
                session,
                {
                    "id": notification_id,
                    "user_id": user_id,
                    "event_id": event_id,
                    "dedupe_key": str(event_id),
                    "tipo": "kyc_aprobado",
                    "titulo": "t",
                    "mensaje": "m",
                    "datos": {},
                    "in_app": True,
                    "leida": False,
                    "contador": 1,
                },
            )
            delivery_id = uuid.uuid4()
            await repo.insert_delivery(
                session,
                {
                    "id": delivery_id,
                    "notification_id": notification_id,
                    "event_id": event_id,
                    "user_id": user_id,
                    "channel": "email",
                    "tipo": "kyc_aprobado",
                    "context": {},
                },
            )
            ids.append(delivery_id)
    return ids


async def drain(worker: ChannelWorker) -> None:
    while await worker.run_once():
        pass


async def test_replicas_share_the_work_without_sending_twice(pg_url: str, db: Database) -> None:
    ids = await seed(db, 80)
    channel = Recorder()
    replicas = [Database(pg_url) for _ in range(3)]
    try:
        workers = [
            ChannelWorker(Canal.EMAIL, channel, replica, RetryPolicy(), batch_size=7, concurrency=4)
            for replica in replicas
        ]
        await asyncio.gather(*(drain(worker) for worker in workers))
    finally:
        for replica in replicas:
            await replica.dispose()
    assert sorted(channel.sent) == sorted(ids)
    async with db.session(write=False) as session:
        statuses = await session.execute(select(Delivery.status, Delivery.attempts).distinct())
        assert statuses.all() == [("sent", 1)]
        attempts = await session.execute(select(func.count()).select_from(DeliveryAttempt))
        assert attempts.scalar_one() == 80


async def test_a_crashed_workers_rows_come_back_after_its_lease(db: Database) -> None:
    [delivery_id] = await seed(db, 1)
    now = utcnow()
    async with db.session() as session:
        [claimed] = await repo.claim_due(
            session,
            Canal.EMAIL,
            now=now,
            limit=10,
            token="crashed",
            locked_until=now + timedelta(seconds=0.5),
            skip_locked=True,
        )
    assert claimed.id == delivery_id
    channel = Recorder()
    worker = ChannelWorker(Canal.EMAIL, channel, db, RetryPolicy(), lease_seconds=30)
    assert await worker.run_once() == 0  # still leased to the crashed worker
    await asyncio.sleep(0.6)
    assert await worker.run_once() == 1
    assert channel.sent == [delivery_id]
    async with db.session() as session:
        late = await repo.finish_attempt(
            session, delivery_id, "crashed", values={"status": "dead"}, attempt={}
        )
    assert late is False  # the crashed worker's late answer does not overwrite the outcome
    async with db.session(write=False) as session:
        row = await session.get(Delivery, delivery_id)
        assert row is not None
        assert row.status == "sent"
        assert row.attempts == 2


class FakeRuntime:
    push_enabled = False
    base_url = "https://conectar.example"

    def burst(self, canal: Canal) -> tuple[float, float]:
        return 60.0, 600.0

    def wake_after_commit(self, *_: Any) -> None:
        return None

    def publish_after_commit(self, *_: Any) -> None:
        return None


async def test_concurrent_chat_messages_fold_into_one_email(db: Database) -> None:
    recipient = uuid.uuid4()
    runtime: Any = FakeRuntime()

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
    [delivery] = rows
    assert delivery.coalesced == 12
    assert delivery.context["contador"] == 12
    assert len(delivery.context["notificaciones"]) == 12
    assert len(delivery.context["chats"]) == 12
    assert delivery.coalesce_key == f"nuevo_mensaje:email:{recipient}"
    assert delivery.next_attempt_at > utcnow() + timedelta(seconds=50)


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
