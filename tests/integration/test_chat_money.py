"""Money states that never lie, distributed (every service its own process on PostgreSQL, RabbitMQ and
Redis): a release payments refuses shows on the trabajo, reaches every admin over the broker and the chat's
/metrics, and a staff retry releases it once; with payments down the release stays in flight and the
``chat.money`` queue finishes it when payments is back."""

from __future__ import annotations

import re
import uuid
from decimal import Decimal

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    eventually,
    money,
    paid_trabajo,
    register,
    trabajo_state,
)
from tests.integration.conftest import Platform, wait_ready


@pytest.fixture(scope="module")
async def admin(platform: Platform) -> Account:
    async with platform.client() as api:
        return await create_admin(platform, api)


async def database(platform: Platform, service: str) -> asyncpg.Connection:
    dsn = (
        make_url(platform.database_url(service))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    return await asyncpg.connect(dsn)


async def chat_metric(platform: Platform, name: str, labels: str = "") -> float:
    async with httpx.AsyncClient(timeout=10) as client:
        text = (await client.get(platform.service_urls["chat"] + "/metrics")).text
    found = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


async def test_a_refused_release_reaches_staff_and_a_retry_releases_it_once(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    refused_before = await chat_metric(platform, "conectar_chat_money_refusals_total", '{kind="release"}')
    payments = await database(platform, "payments")
    try:
        await payments.execute(
            "UPDATE payment_intents SET estado = 'PENDIENTE' WHERE trabajo_id = $1", uuid.UUID(trabajo_id)
        )
        finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
        assert finalized.json()["estado_escrow"] == "LIBERACION_RECHAZADA"
        pro_view = await api.get(f"/api/v1/professional/trabajos/{trabajo_id}", headers=pro.account.headers)
        assert pro_view.json()["estado_escrow"] == "LIBERACION_RECHAZADA"
        balance = (await api.get("/api/v1/pagos/balance", headers=pro.account.headers)).json()
        assert money(balance["total_ganado"]) == Decimal("0")
        assert (
            await chat_metric(platform, "conectar_chat_money_refusals_total", '{kind="release"}')
            == refused_before + 1
        )
        assert await chat_metric(platform, "conectar_chat_money_awaiting_staff") >= 1

        async def noticed() -> bool:
            inbox = (await api.get("/api/v1/notificaciones", headers=admin.headers)).json()
            return any(
                n["tipo"] == "dinero_observado" and n["datos"].get("trabajo_id") == trabajo_id
                for n in inbox["notificaciones"]
            )

        await eventually(noticed, timeout=30)
        await payments.execute(
            "UPDATE payment_intents SET estado = 'APROBADO' WHERE trabajo_id = $1", uuid.UUID(trabajo_id)
        )
    finally:
        await payments.close()
    retried = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert retried.status_code == 200, retried.text
    assert retried.json()["estado_escrow"] == "LIBERADO"
    again = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert again.status_code == 400
    balance = (await api.get("/api/v1/pagos/balance", headers=pro.account.headers)).json()
    assert money(balance["total_ganado"]) == Decimal("12000.00")


async def test_with_payments_down_the_release_stays_in_flight_until_the_queue_finishes_it(
    platform: Platform, api: httpx.AsyncClient, admin: Account
) -> None:
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    platform.stack.stop("payments")
    try:
        finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
        assert finalized.status_code == 200, finalized.text
        assert finalized.json()["estado_escrow"] == "LIBERANDO"
        chat = await database(platform, "chat")
        try:
            job = await chat.fetchrow(
                "SELECT j.status, j.attempts, j.last_error FROM work_jobs j JOIN money_actions a "
                "ON j.key = a.id::text || ':' || a.ask_round WHERE a.trabajo_id = $1 AND a.kind = 'release'",
                uuid.UUID(trabajo_id),
            )
        finally:
            await chat.close()
        assert job is not None
        assert job["status"] in ("queued", "running")
        assert job["attempts"] >= 1
        assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "LIBERANDO"
    finally:
        platform.stack.start("payments")
        wait_ready(platform.service_urls["payments"] + "/health/ready")

    async def released() -> bool:
        return (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "LIBERADO"

    await eventually(released, timeout=60, interval=0.5)
    balance = (await api.get("/api/v1/pagos/balance", headers=pro.account.headers)).json()
    assert money(balance["total_ganado"]) == Decimal("12000.00")
