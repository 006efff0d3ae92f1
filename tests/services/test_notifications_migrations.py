"""The notifications migrations, on SQLite and on PostgreSQL: at head the schema is what the models say,
and the move to the kernel's work queue gives every pending or sending delivery its job."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Connection

from conectar.notifications import delivery
from conectar.notifications.catalog import Canal
from conectar.notifications.models import Base, Delivery
from conectar.platform.db import Database, UTCDateTime, utcnow
from conectar.platform.migrations import upgrade
from conectar.platform.workqueue import QUEUED
from conectar.services import SERVICES
from tests.harness.notification_queues import Recorder, delivery_queues, jobs, load

BEFORE_THE_QUEUE = "c08bf5f5c6a8"
MIGRATIONS = SERVICES["notifications"].migrations


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'notifications.db'}"
    return str(request.getfixturevalue("pg_url"))


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_the_migrations_make_the_models_schema(url: str) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    db = Database(url)
    try:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await db.dispose()


# The deliveries table as it was before the work queue (only what the migration reads or must keep).
OLD_DELIVERIES = sa.table(
    "deliveries",
    sa.column("id", sa.Uuid()),
    sa.column("notification_id", sa.Uuid()),
    sa.column("event_id", sa.Uuid()),
    sa.column("user_id", sa.Uuid()),
    sa.column("channel", sa.String()),
    sa.column("tipo", sa.String()),
    sa.column("context", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("next_attempt_at", UTCDateTime()),
    sa.column("locked_until", UTCDateTime()),
    sa.column("claim_token", sa.String()),
    sa.column("coalesced", sa.Integer()),
    sa.column("last_error", sa.Text()),
    sa.column("fecha_creacion", UTCDateTime()),
    sa.column("fecha_actualizacion", UTCDateTime()),
)
NOTIFICATIONS = sa.table(
    "notifications",
    *(sa.column(name, sa.Uuid()) for name in ("id", "user_id", "event_id")),
    *(sa.column(name, sa.String()) for name in ("dedupe_key", "tipo", "titulo", "mensaje")),
    sa.column("datos", sa.JSON()),
    *(sa.column(name, sa.Boolean()) for name in ("in_app", "leida")),
    sa.column("contador", sa.Integer()),
    *(
        sa.column(name, UTCDateTime())
        for name in ("ultima_actividad", "fecha_creacion", "fecha_actualizacion")
    ),
)
ATTEMPTS = sa.table(
    "delivery_attempts",
    *(sa.column(name, sa.Uuid()) for name in ("id", "delivery_id")),
    sa.column("number", sa.Integer()),
    *(sa.column(name, UTCDateTime()) for name in ("started_at", "finished_at")),
    sa.column("duration_ms", sa.Integer()),
    sa.column("outcome", sa.String()),
)


async def test_pending_and_sending_deliveries_get_their_jobs(url: str) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, url, BEFORE_THE_QUEUE)
    now = utcnow()
    due = now + timedelta(seconds=90)
    ids = {status: uuid.uuid4() for status in ("pending", "gathering", "sending", "sent", "dead")}
    push_id = uuid.uuid4()
    db = Database(url)
    try:
        async with db.session() as session:
            notification_id = uuid.uuid4()
            await session.execute(
                NOTIFICATIONS.insert().values(
                    id=notification_id,
                    user_id=uuid.uuid4(),
                    event_id=uuid.uuid4(),
                    dedupe_key="d",
                    tipo="kyc_aprobado",
                    titulo="t",
                    mensaje="m",
                    datos={},
                    in_app=True,
                    leida=False,
                    contador=1,
                    ultima_actividad=now,
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )
            rows = [
                ("pending", ids["pending"], "email", 2, now - timedelta(seconds=5), None),
                ("pending", ids["gathering"], "email", 0, due, None),
                (
                    "sending",
                    ids["sending"],
                    "email",
                    3,
                    now - timedelta(seconds=30),
                    now + timedelta(seconds=90),
                ),
                ("sent", ids["sent"], "email", 1, now, None),
                ("dead", ids["dead"], "email", 8, now, None),
                ("pending", push_id, "push", 0, now, None),
            ]
            for status, delivery_id, channel, attempts, next_attempt_at, locked_until in rows:
                await session.execute(
                    OLD_DELIVERIES.insert().values(
                        id=delivery_id,
                        notification_id=notification_id,
                        event_id=uuid.uuid4(),
                        user_id=uuid.uuid4(),
                        channel=channel,
                        tipo="kyc_aprobado",
                        context={},
                        status=status,
                        attempts=attempts,
                        next_attempt_at=next_attempt_at,
                        locked_until=locked_until,
                        claim_token="old-worker" if locked_until else None,
                        coalesced=1,
                        last_error="SMTP no disponible" if attempts else None,
                        fecha_creacion=now,
                        fecha_actualizacion=now,
                    )
                )
                if attempts:
                    await session.execute(
                        ATTEMPTS.insert().values(
                            id=uuid.uuid4(),
                            delivery_id=delivery_id,
                            number=1,
                            started_at=now,
                            finished_at=now,
                            duration_ms=5,
                            outcome="retry",
                        )
                    )
    finally:
        await db.dispose()

    await asyncio.to_thread(upgrade, MIGRATIONS, url)

    db = Database(url)
    try:
        found = {job["key"]: job for job in await jobs(db)}
        expected = {
            str(ids["pending"]): ("notifications.email", 2, now - timedelta(seconds=5)),
            str(ids["gathering"]): ("notifications.email", 0, due),
            str(ids["sending"]): ("notifications.email", 3, now - timedelta(seconds=30)),
            str(push_id): ("notifications.push", 0, now),
        }
        assert sorted(found) == sorted(expected)
        for key, (queue, attempts, run_after) in expected.items():
            job = found[key]
            assert (job["queue"], job["status"], job["attempts"]) == (queue, QUEUED, attempts), key
            assert job["payload"] == {"delivery_id": key}
            assert job["run_after"] == run_after
        sending, history = await load(db, ids["sending"])
        assert (sending.status, sending.attempts) == ("pending", 3)
        assert len(history) == 1  # the attempts survive the table's rebuild (SQLite)
        assert not hasattr(Delivery, "locked_until")

        # The new handler sends them; the one gathering its burst waits for its due time.
        recorder = Recorder()
        work = delivery_queues(db, {Canal.EMAIL: recorder})
        assert await work.drain(delivery.queue_of(Canal.EMAIL)) == 2
        assert sorted(recorder.sent) == sorted([ids["pending"], ids["sending"]])
        row, tried = await load(db, ids["sending"])
        assert (row.status, row.attempts) == ("sent", 4)
        assert [a.number for a in tried] == [1, 4]
        assert (await load(db, ids["gathering"]))[0].status == "pending"
    finally:
        await db.dispose()
