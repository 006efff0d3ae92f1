"""The payments service killed (SIGKILL) after it accepted a signed provider notification and before it
applied it, then restarted: the notification was stored with its job before the answer, so the payment is
applied once — not lost, not twice — and MercadoPago's usual duplicate changes nothing."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from conectar.payments.service.sandbox_delivery import delivery_url
from conectar.payments.signature import sign
from tests.factories import (
    approved_professional,
    create_admin,
    eventually,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
    trabajo_state,
)
from tests.integration.conftest import Platform, wait_ready

# Once woken by a stored notification, the worker waits this long before leasing it: the window in
# which the test kills the process (the queue's own settle delay, stretched).
HELD_SECONDS = "600"


async def payments_db(platform: Platform) -> asyncpg.Connection:
    dsn = make_url(platform.database_url("payments")).set(drivername="postgresql")
    return await asyncpg.connect(dsn.render_as_string(hide_password=False))


def start_payments(platform: Platform, **env: str) -> None:
    platform.stack.start("payments", env=env)
    wait_ready(platform.service_urls["payments"] + "/health/ready")


async def test_a_payment_accepted_then_killed_is_applied_once_after_restart(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(platform, api)
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    oferta = await offer(api, pro, cliente, chat_id, "12000.00")
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    trabajo_id = uuid.UUID(accepted.json()["trabajo_id"])

    await asyncio.to_thread(platform.stack.stop, "payments")
    await asyncio.to_thread(
        start_payments,
        platform,
        CONECTAR_PAYMENTS_WORKER_SETTLE_SECONDS=HELD_SECONDS,
        CONECTAR_PAYMENTS_WORKER_POLL_SECONDS=HELD_SECONDS,
    )
    db = await payments_db(platform)
    try:
        paid = await pay_on_sandbox(api, accepted.json()["payment_url"])
        assert paid.status_code in (302, 303), paid.text

        async def notification_waiting() -> bool:
            waiting = await db.fetchval(
                "SELECT count(*) FROM work_jobs WHERE queue = 'payments.notifications' AND status = 'queued'"
            )
            return bool(waiting)

        # The sandbox delivered the signed notification and payments answered it: stored, with its job.
        await eventually(notification_waiting, timeout=20, interval=0.2)
        await asyncio.to_thread(platform.stack.stop, "payments", sig=signal.SIGKILL)
        assert (await trabajo_state(api, cliente, str(trabajo_id)))["estado_escrow"] == "PENDIENTE_PAGO"
        assert await funded(db, trabajo_id) == 0

        await asyncio.to_thread(start_payments, platform)

        async def in_escrow() -> bool:
            state = await trabajo_state(api, cliente, str(trabajo_id))
            return bool(state["estado_escrow"] == "PAGADO_EN_ESCROW")

        await eventually(in_escrow, timeout=30, interval=0.2)
        assert await funded(db, trabajo_id) == 1

        # MercadoPago sends duplicates: the same signed notification again changes nothing.
        sent = await db.fetchrow(
            "SELECT url, data_id, topic, body FROM sandbox_webhook_deliveries ORDER BY created_at DESC LIMIT 1"
        )
        assert sent is not None
        request_id = str(uuid.uuid4())
        signature = sign(
            platform.env["CONECTAR_MERCADOPAGO_WEBHOOK_SECRET"],
            data_id=sent["data_id"],
            request_id=request_id,
            ts=int(time.time()),
        )
        duplicate = await api.post(
            delivery_url(sent["url"], sent["data_id"], sent["topic"]).removeprefix(platform.base_url),
            content=sent["body"],
            headers={
                "content-type": "application/json",
                "x-request-id": request_id,
                "x-signature": signature,
            },
        )
        assert duplicate.status_code in (200, 201), duplicate.text
        await asyncio.sleep(1)
        assert await funded(db, trabajo_id) == 1
        waiting = await db.fetchval("SELECT count(*) FROM work_jobs WHERE queue = 'payments.notifications'")
        assert waiting == 0
    finally:
        await db.close()
        if platform.stack.processes.get("payments") is None:
            await asyncio.to_thread(start_payments, platform)


async def funded(db: asyncpg.Connection, trabajo_id: uuid.UUID) -> int:
    """Ledger transactions that funded the trabajo's escrow."""
    count = await db.fetchval(
        "SELECT count(*) FROM ledger_transactions WHERE funded_trabajo_id = $1", trabajo_id
    )
    return int(count)
