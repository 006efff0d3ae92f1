"""The payments service's background work on the kernel work queue: a webhook's notification and its job
are committed together (one job per new notification, none for a duplicate, one transaction for a
burst); a handler that fails is retried and its effect happens once; a job run again after its effect
(a worker that died before finishing it) changes nothing; the queues take the service's settings; the
admin dashboard counts owed notifications from the queue."""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from conectar.payments import scheduled as payments_scheduled
from conectar.payments.flows.notifications import record_notification
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import LedgerTransaction, ProviderNotification, SandboxWebhookDelivery
from conectar.payments.providers.base import ProviderPayment, ProviderUnavailable
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.runtime import WEBHOOK_PATH
from conectar.payments.service import reports
from conectar.payments.settings import PaymentsSettings
from conectar.platform.db import utcnow
from conectar.platform.workqueue import Job, Outcome, RetryAfter
from tests.harness.payments import Harness, check_ledger, outbox_types, payments_service


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    async with payments_service(tmp_path) as harness:
        yield harness


async def notifications(h: Harness) -> list[ProviderNotification]:
    async with h.rt.db.session(write=False) as session:
        return list((await session.execute(select(ProviderNotification))).scalars())


async def make_due(h: Harness, queue: str = NOTIFICATIONS_QUEUE) -> None:
    table = h.ctx.tables.work_jobs
    async with h.rt.db.session() as session:
        await session.execute(update(table).where(table.c.queue == queue).values(run_after=utcnow()))


async def paid_and_notified(h: Harness) -> dict[str, Any]:
    """A payment approved at the sandbox, whose webhook has been delivered (its notification is owed)."""
    opened = await h.open(amount="12000.00")
    assert h.rt.sandbox is not None
    await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
    assert await h.ctx.queues.drain(WEBHOOKS_QUEUE) == 1
    assert len(await h.jobs()) == 1
    return opened


async def fundings(h: Harness, trabajo_id: str) -> tuple[int, int]:
    """(FUNDING ledger transactions, PaymentConfirmed events) of one trabajo."""
    async with h.rt.db.session(write=False) as session:
        funded = (
            await session.execute(
                select(func.count())
                .select_from(LedgerTransaction)
                .where(
                    LedgerTransaction.kind == "FUNDING", LedgerTransaction.trabajo_id == uuid.UUID(trabajo_id)
                )
            )
        ).scalar_one()
    confirmed = [p for kind, p in await outbox_types(h.rt) if kind == "PaymentConfirmed"]
    return int(funded), sum(1 for p in confirmed if p["trabajo_id"] == trabajo_id)


async def test_a_burst_of_webhooks_stores_each_notification_with_its_job_in_one_commit(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []
    write = h.rt.inbox._write

    async def counted(rows: Any) -> Any:
        writes.append(len(rows))
        return await write(rows)

    monkeypatch.setattr(h.rt.inbox, "_write", counted)
    ids = [1, 1, 2, 3, 3, 3, 4, 5, 6, 6, 7, 8]
    answers = await asyncio.gather(*(h.webhook(f"55{n}", notification_id=n) for n in ids))
    assert [a.status_code for a in answers] == [200] * len(ids)
    received = [a for a in answers if a.json()["status"] == "received"]
    assert len(received) == 8
    assert sum(writes) == len(ids)
    assert len(writes) < len(ids)  # group commit: a burst shares transactions
    stored = await notifications(h)
    jobs = await h.jobs()
    assert len(stored) == len(jobs) == 8
    assert sorted(job["key"] for job in jobs) == sorted(str(n.id) for n in stored)
    assert all(job["payload"] == {"notification_id": job["key"]} for job in jobs)
    assert {job["status"] for job in jobs} == {"queued"}
    # Each job carries the request id of the webhook that stored its notification.
    assert {job["correlation_id"] for job in jobs} == {a.headers["x-request-id"] for a in received}
    # MercadoPago delivering them all again adds neither a notification nor a job.
    again = await asyncio.gather(*(h.webhook(f"55{n}", notification_id=n) for n in set(ids)))
    assert {a.json()["status"] for a in again} == {"duplicate"}
    assert len(await notifications(h)) == len(await h.jobs()) == 8


async def test_a_notification_is_never_stored_without_its_job(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: Any) -> None:
        raise RuntimeError("the job could not be written")

    values: dict[str, Any] = {
        "external_id": "991",
        "topic": "payment",
        "action": "payment.updated",
        "resource_id": "123",
        "request_id": "req-991",
        "payload": {"id": 991},
    }
    with monkeypatch.context() as patched:
        patched.setattr(h.rt.inbox, "_enqueue", broken)
        with pytest.raises(RuntimeError, match="could not be written"):
            await record_notification(h.rt, **values)
    assert await notifications(h) == []  # the webhook answered 500: MercadoPago sends it again
    assert await h.jobs() == []
    assert await record_notification(h.rt, **values) is True
    [stored] = await notifications(h)
    [job] = await h.jobs()
    assert job["key"] == str(stored.id)


async def test_a_failed_handling_is_retried_and_funds_the_escrow_once(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = await paid_and_notified(h)
    assert h.rt.sandbox is not None
    get_payment = h.rt.sandbox.get_payment
    calls: list[str] = []

    async def flaky(payment_id: str) -> ProviderPayment:
        calls.append(payment_id)
        if len(calls) == 1:
            raise ProviderUnavailable("injected: MercadoPago answered 503")
        return await get_payment(payment_id)

    monkeypatch.setattr(h.rt.sandbox, "get_payment", flaky)
    outcomes = await h.ctx.queues.run_once(NOTIFICATIONS_QUEUE)
    assert outcomes == 1
    [notification] = await notifications(h)
    assert notification.handled_at is None
    assert notification.last_error is not None
    assert "503" in notification.last_error
    [job] = await h.jobs()
    assert (job["status"], job["attempts"]) == ("queued", 1)
    assert job["run_after"] > utcnow()  # the queue's backoff
    assert await h.ctx.queues.run_once(NOTIFICATIONS_QUEUE) == 0  # not due yet
    assert (await h.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
        "estado"
    ] == "PENDIENTE"
    await make_due(h)
    await h.drain()
    [notification] = await notifications(h)
    assert (notification.outcome, notification.last_error) == ("funded", None)
    assert await h.jobs() == []
    assert len(calls) == 2
    assert await fundings(h, opened["trabajo_id"]) == (1, 1)
    await check_ledger(h.rt)


async def test_a_job_run_again_after_its_effect_changes_nothing(h: Harness) -> None:
    """At-least-once delivery: the worker applied the payment and died before finishing the job; the
    job runs again (on another replica) and finds the notification handled."""
    opened = await paid_and_notified(h)
    spec = h.ctx.queues.specs[NOTIFICATIONS_QUEUE]
    runs: list[int] = []

    async def dies_after_the_effect(job: Job) -> Outcome | None:
        runs.append(job.attempts)
        outcome = await spec.handler(job)
        if len(runs) == 1:
            raise RuntimeError("worker died before finishing the job")
        return outcome

    h.ctx.queues.specs[NOTIFICATIONS_QUEUE] = dataclasses.replace(spec, handler=dies_after_the_effect)
    assert await h.ctx.queues.run_once(NOTIFICATIONS_QUEUE) == 1
    assert await fundings(h, opened["trabajo_id"]) == (1, 1)
    [job] = await h.jobs()
    assert job["status"] == "queued"  # to be run again
    await make_due(h)
    await h.drain()
    assert runs == [1, 2]
    assert await h.jobs() == []
    [notification] = await notifications(h)
    assert notification.outcome == "funded"
    assert await fundings(h, opened["trabajo_id"]) == (1, 1)
    await check_ledger(h.rt)


async def test_a_sandbox_webhook_refused_is_retried_until_acknowledged(h: Harness) -> None:
    opened = await h.open(amount="700.00")
    assert h.rt.sandbox is not None
    await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
    [owed] = await h.jobs(WEBHOOKS_QUEUE)
    delivery_id = uuid.UUID(owed["key"])

    async def point_at(path: str) -> None:
        async with h.rt.db.session() as session:
            await session.execute(
                update(SandboxWebhookDelivery)
                .where(SandboxWebhookDelivery.id == delivery_id)
                .values(url=h.rt.platform.base_url + path)
            )

    await point_at("/api/v1/webhook/otro")  # the receiver answers 404
    outcome = await h.ctx.queues.run_now(WEBHOOKS_QUEUE, owed["key"])
    assert isinstance(outcome, RetryAfter)
    assert "404" in outcome.reason
    [job] = await h.jobs(WEBHOOKS_QUEUE)
    assert (job["status"], job["attempts"]) == ("queued", 1)
    async with h.rt.db.session(write=False) as session:
        delivery = await session.get(SandboxWebhookDelivery, delivery_id)
    assert delivery is not None
    assert (delivery.last_status_code, delivery.handled_at) == (404, None)
    assert await h.jobs() == []  # nothing stored by a receiver
    await point_at(WEBHOOK_PATH)
    await make_due(h, WEBHOOKS_QUEUE)
    await h.drain()
    assert await h.jobs(WEBHOOKS_QUEUE) == []
    async with h.rt.db.session(write=False) as session:
        delivery = await session.get(SandboxWebhookDelivery, delivery_id, populate_existing=True)
    assert delivery is not None
    assert (delivery.last_status_code, delivery.last_error) == (200, None)
    assert delivery.handled_at is not None
    status = (await h.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()
    assert status["estado"] == "APROBADO"
    await check_ledger(h.rt)


async def test_the_queues_take_the_services_settings(tmp_path: Path) -> None:
    own = PaymentsSettings(
        payments_worker_poll_seconds=2.5,
        payments_worker_concurrency=3,
        payments_worker_max_attempts=7,
        payments_worker_settle_seconds=0.2,
    )
    async with payments_service(tmp_path, settings=own) as h:
        specs = {spec.name: spec for spec in payments_scheduled.queues(h.ctx)}
        assert set(specs) == {NOTIFICATIONS_QUEUE, WEBHOOKS_QUEUE}
        for spec in specs.values():
            assert (spec.poll_seconds, spec.concurrency, spec.max_attempts) == (2.5, 3, 7)
        notices, webhooks = specs[NOTIFICATIONS_QUEUE], specs[WEBHOOKS_QUEUE]
        assert notices.settle_seconds == 0.2
        assert notices.yield_to == h.rt.inbox.busy
        assert notices.backoff.cap_seconds == 300.0
        assert (webhooks.settle_seconds, webhooks.yield_to) == (0.0, None)
        assert webhooks.backoff.cap_seconds == 60.0
    (tmp_path / "mp").mkdir()
    async with payments_service(
        tmp_path / "mp", payment_provider="mercadopago", mercadopago_access_token="TEST-token"
    ) as h:
        assert [spec.name for spec in payments_scheduled.queues(h.ctx)] == [NOTIFICATIONS_QUEUE]


async def test_the_dashboard_counts_notifications_from_the_queue(h: Harness) -> None:
    for n in (1, 2, 3):
        assert (await h.webhook(f"66{n}", notification_id=n, topic="merchant_order")).status_code == 200
    first, second, third = await h.jobs()
    assert await h.ctx.queues.run_now(NOTIFICATIONS_QUEUE, first["key"]) is not None
    table = h.ctx.tables.work_jobs
    async with h.rt.db.session() as session:
        await session.execute(update(table).where(table.c.id == third["id"]).values(status="dead"))
    async with h.rt.db.session(write=False) as session:
        dashboard = await reports.dashboard(h.rt, session)
    assert dashboard.notificaciones == {"done": 1, "pending": 1, "dead": 1}
    assert second["key"] in {job["key"] for job in await h.jobs() if job["status"] == "queued"}
