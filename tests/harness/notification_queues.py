"""The notifications' delivery queues without the service around them: a database migrated to head,
kernel work queues with :class:`DeliveryHandler` on stand-in channels, and deliveries to send."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select

from conectar.notifications import delivery, flows
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Canal
from conectar.notifications.channels.base import Channel, DeliveryJob, Outcome, Status
from conectar.notifications.models import Delivery, DeliveryAttempt, tables
from conectar.platform.db import Database
from conectar.platform.workqueue import Backoff, QueueSpec, WorkQueues

Answer = Outcome | Callable[[DeliveryJob], Awaitable[Outcome]]


class Recorder:
    """A channel that records what it was given and answers from a script (then ``sent``)."""

    def __init__(self, name: str = "email", script: list[Answer] | None = None, delay: float = 0.0) -> None:
        self.name = name
        self.script = list(script or [])
        self.delay = delay
        self.sent: list[uuid.UUID] = []
        self.given: list[DeliveryJob] = []
        self.started = asyncio.Event()

    async def deliver(self, job: DeliveryJob) -> Outcome:
        self.given.append(job)
        self.started.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        answer: Answer = self.script.pop(0) if self.script else Outcome.sent(f"id-{job.id}")
        outcome = answer if isinstance(answer, Outcome) else await answer(job)
        if outcome.status is Status.SENT:
            self.sent.append(job.id)
        return outcome


def delivery_queues(
    db: Database,
    channels: Mapping[Canal, Channel],
    *,
    max_attempts: int = 8,
    backoff: Backoff | None = None,
    send_timeout: float = 30.0,
    **spec: Any,
) -> WorkQueues:
    """The service's delivery queues on ``db``, as ``Runtime.queue_specs`` builds them."""
    work = WorkQueues("notifications", db, tables.work_jobs)
    for canal, channel in channels.items():
        handler = flows.DeliveryHandler(
            canal, channel, db, max_attempts=max_attempts, send_timeout=send_timeout
        )
        work.register(
            QueueSpec(
                name=delivery.queue_of(canal),
                handler=handler,
                max_attempts=max_attempts,
                backoff=backoff or Backoff(base_seconds=10.0, cap_seconds=3600.0),
                on_dead=handler.on_dead,
                **spec,
            )
        )
    return work


async def seed(
    db: Database,
    work: WorkQueues,
    count: int = 1,
    *,
    canal: Canal = Canal.EMAIL,
    tipo: str = "kyc_aprobado",
    context: dict[str, Any] | None = None,
    due: datetime | None = None,
) -> list[uuid.UUID]:
    """``count`` deliveries (each of its own notification), enqueued as dispatch does."""
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
                    "tipo": tipo,
                    "titulo": "t",
                    "mensaje": "m",
                    "datos": {},
                    "in_app": True,
                },
            )
            values: dict[str, Any] = {
                "notification_id": notification_id,
                "event_id": event_id,
                "user_id": user_id,
                "channel": canal.value,
                "tipo": tipo,
                "context": dict(context or {}),
            }
            if due is not None:
                values["next_attempt_at"] = due
            delivery_id = await repo.insert_delivery(session, values)
            assert delivery_id is not None
            await delivery.enqueue(work, session, canal, delivery_id, due=due)
            ids.append(delivery_id)
    return ids


async def load(db: Database, delivery_id: uuid.UUID) -> tuple[Delivery, list[DeliveryAttempt]]:
    async with db.session(write=False) as session:
        row = await session.get(Delivery, delivery_id)
        assert row is not None
        attempts = await session.execute(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery_id)
            .order_by(DeliveryAttempt.started_at, DeliveryAttempt.number)
        )
        return row, list(attempts.scalars())


async def jobs(db: Database) -> list[dict[str, Any]]:
    table = tables.work_jobs
    async with db.session(write=False) as session:
        rows = await session.execute(select(table).order_by(table.c.created_at))
        return [dict(row) for row in rows.mappings()]


async def job_of(db: Database, delivery_id: uuid.UUID) -> dict[str, Any] | None:
    return next((job for job in await jobs(db) if job["key"] == str(delivery_id)), None)
