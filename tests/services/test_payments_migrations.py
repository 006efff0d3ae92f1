"""The payments migrations: the models and the revisions agree (on SQLite and PostgreSQL), and the revision
that moved the service's background work onto the kernel work queue turns the rows still owed into jobs
that the new handlers then run."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, Text, Uuid, select
from sqlalchemy.engine import Connection

from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import Base, ProviderNotification, SandboxWebhookDelivery
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.runtime import WEBHOOK_PATH
from conectar.platform.db import Database, UTCDateTime, utcnow
from conectar.platform.migrations import upgrade
from tests.conftest import standalone_settings
from tests.harness.payments import MIGRATIONS, payments_service

BEFORE_THE_WORK_QUEUE = "88fb0faa0e56"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str | None:
    """None: the harness's SQLite file; else a fresh PostgreSQL database."""
    return None if request.param == "sqlite" else request.getfixturevalue("pg_url")


def payments_url(tmp_path: Path, database_url: str | None) -> str:
    return database_url or standalone_settings(tmp_path).database_url("payments")


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_the_migrations_build_exactly_the_models(tmp_path: Path, database_url: str | None) -> None:
    url = payments_url(tmp_path, database_url)
    await asyncio.to_thread(upgrade, MIGRATIONS, url)
    db = Database(url)
    try:
        async with db.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
    finally:
        await db.dispose()


# The two tables as they were before revision 9007a1e4391a: queues of their own.
OLD = MetaData()
OLD_NOTIFICATIONS = Table(
    "provider_notifications",
    OLD,
    Column("id", Uuid(), primary_key=True),
    Column("source", String(32)),
    Column("external_id", String(200)),
    Column("topic", String(32)),
    Column("action", String(64)),
    Column("resource_id", String(64)),
    Column("request_id", String(128)),
    Column("payload", JSON),
    Column("received_at", UTCDateTime()),
    Column("status", String(8)),
    Column("attempts", Integer),
    Column("next_attempt_at", UTCDateTime()),
    Column("last_error", Text),
    Column("handled_at", UTCDateTime()),
    Column("outcome", String(48)),
)
OLD_DELIVERIES = Table(
    "sandbox_webhook_deliveries",
    OLD,
    Column("id", Uuid(), primary_key=True),
    Column("url", String(1024)),
    Column("topic", String(32)),
    Column("data_id", String(64)),
    Column("body", JSON),
    Column("created_at", UTCDateTime()),
    Column("status", String(8)),
    Column("attempts", Integer),
    Column("next_attempt_at", UTCDateTime()),
    Column("last_error", Text),
    Column("last_status_code", Integer),
    Column("handled_at", UTCDateTime()),
)


def _notification(external_id: str, topic: str, status: str, **values: Any) -> dict[str, Any]:
    now = utcnow()
    return {
        "id": uuid.uuid4(),
        "source": "mercadopago",
        "external_id": external_id,
        "topic": topic,
        "action": None,
        "resource_id": "424242",
        "request_id": None,
        "payload": {"id": external_id},
        "received_at": now - timedelta(minutes=10),
        "status": status,
        "attempts": 0,
        "next_attempt_at": now - timedelta(minutes=1),
        "last_error": None,
        "handled_at": None,
        "outcome": None,
        **values,
    }


async def test_rows_still_owed_become_jobs_that_the_new_handlers_run(
    tmp_path: Path, database_url: str | None
) -> None:
    url = payments_url(tmp_path, database_url)
    await asyncio.to_thread(upgrade, MIGRATIONS, url, BEFORE_THE_WORK_QUEUE)
    pending = _notification("n-pending", "merchant_order", "pending", attempts=2, last_error="Timeout")
    dead = _notification("n-dead", "payment", "dead", attempts=25, last_error="ProviderUnavailable: 503")
    done = _notification("n-done", "payment", "done", attempts=1, handled_at=utcnow(), outcome="funded")
    base_url = standalone_settings(tmp_path).base_url
    delivery_id = uuid.uuid4()
    delivery = {
        "id": delivery_id,
        "url": base_url + WEBHOOK_PATH,
        "topic": "payment",
        "data_id": "777000",
        "body": {"id": 990001, "type": "payment", "action": "payment.created", "data": {"id": "777000"}},
        "created_at": utcnow() - timedelta(minutes=5),
        "status": "pending",
        "attempts": 3,
        "next_attempt_at": utcnow() - timedelta(seconds=1),
        "last_error": "ConnectError",
        "last_status_code": None,
        "handled_at": None,
    }
    acknowledged = {**delivery, "id": uuid.uuid4(), "status": "done", "handled_at": utcnow()}
    db = Database(url)
    try:
        async with db.session() as session:
            await session.execute(OLD_NOTIFICATIONS.insert(), [pending, dead, done])
            await session.execute(OLD_DELIVERIES.insert(), [delivery, acknowledged])
    finally:
        await db.dispose()

    async with payments_service(tmp_path, database_url=database_url) as h:  # migrates to head
        jobs = {(job["queue"], job["key"]): job for job in await h.jobs() + await h.jobs(WEBHOOKS_QUEUE)}
        assert set(jobs) == {
            (NOTIFICATIONS_QUEUE, str(pending["id"])),
            (NOTIFICATIONS_QUEUE, str(dead["id"])),
            (WEBHOOKS_QUEUE, str(delivery_id)),
        }
        owed = jobs[NOTIFICATIONS_QUEUE, str(pending["id"])]
        assert owed["payload"] == {"notification_id": str(pending["id"])}
        assert (owed["status"], owed["attempts"], owed["last_error"]) == ("queued", 2, "Timeout")
        assert owed["run_after"] == pending["next_attempt_at"]
        gone = jobs[NOTIFICATIONS_QUEUE, str(dead["id"])]
        assert (gone["status"], gone["attempts"]) == ("dead", 25)
        assert gone["last_error"] == "ProviderUnavailable: 503"
        assert jobs[WEBHOOKS_QUEUE, str(delivery_id)]["payload"] == {"delivery_id": str(delivery_id)}

        # The new handlers take the migrated jobs: the owed webhook is delivered (a new notification, and
        # its job), the owed notification is handled; the dead one waits for an operator.
        await h.drain()
        async with h.rt.db.session(write=False) as session:
            notifications = {
                n.external_id: n for n in (await session.execute(select(ProviderNotification))).scalars()
            }
            sent = await session.get(SandboxWebhookDelivery, delivery_id)
        assert notifications["n-pending"].outcome == "ignored:merchant_order"
        assert notifications["n-pending"].handled_at is not None
        assert notifications["n-pending"].last_error is None
        assert notifications["n-dead"].handled_at is None
        assert notifications["n-done"].outcome == "funded"
        assert notifications["990001"].outcome == "unknown_payment"  # the delivered webhook
        assert sent is not None
        assert (sent.last_status_code, sent.last_error) == (200, None)
        assert sent.handled_at is not None
        left = await h.jobs() + await h.jobs(WEBHOOKS_QUEUE)
        assert [(job["key"], job["status"]) for job in left] == [(str(dead["id"]), "dead")]
