"""Payments on the real infrastructure (every service its own process, PostgreSQL, RabbitMQ, Redis),
with the chat service's part played by the test: open a payment through the internal API, approve it on
the sandbox checkout through the gateway, see the signed webhook arrive over HTTP, the payment confirmed
(PaymentConfirmed on the bus), the escrow funded; then release (commission and payable posted, the
balance shows it) or refund (RefundIssued) — and the ledger balances after every step."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import select

from conectar.payments.models import LedgerAccount, ProviderNotification, SandboxWebhookDelivery
from conectar.platform.db import Database
from conectar.platform.security import ServiceTokens
from tests.factories import Account, create_admin, eventually, register
from tests.harness.payments import check_ledger
from tests.integration.conftest import Platform
from tests.integration.helpers import EventTap

pytestmark = pytest.mark.integration


@pytest.fixture
async def payments(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    """The payments service's internal API, called as the chat service would."""
    token = ServiceTokens(platform.env["CONECTAR_SERVICE_TOKEN_SECRET"], "chat").token()
    async with httpx.AsyncClient(
        base_url=platform.service_urls["payments"], headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        yield client


@pytest.fixture
async def ledger_db(platform: Platform) -> AsyncIterator[Database]:
    db = Database(platform.database_url("payments"), pool_size=2)
    yield db
    await db.dispose()


async def escrow_of(db: Database, trabajo_id: str) -> int:
    async with db.session(write=False) as session:
        found = (
            await session.execute(
                select(LedgerAccount.balance_centavos).where(LedgerAccount.code == f"escrow:{trabajo_id}")
            )
        ).scalar_one_or_none()
    return int(found or 0)


async def open_and_pay(
    platform: Platform,
    api: httpx.AsyncClient,
    payments: httpx.AsyncClient,
    db: Database,
    tap: EventTap,
    cliente: Account,
    profesional: Account,
    amount: str,
) -> dict[str, Any]:
    trabajo_id = str(uuid.uuid4())
    opened = await payments.post(
        "/internal/v1/payments",
        json={
            "trabajo_id": trabajo_id,
            "cliente_id": str(cliente.id),
            "profesional_id": str(profesional.id),
            "amount": amount,
            "description": "Instalación de aire acondicionado",
            "payer_email": cliente.email,
        },
    )
    assert opened.status_code == 200, opened.text
    payment_url = opened.json()["payment_url"]
    assert payment_url.startswith(platform.base_url + "/api/v1/pagos/sandbox/checkout/")
    await check_ledger(db)

    link = urlsplit(payment_url)
    assert (await api.get(link.path)).status_code == 403  # the preference id alone opens nothing
    checkout = f"{link.path}?{link.query}"  # the signed, single-use link
    page = await api.get(checkout)
    assert page.status_code == 200
    assert "Aprobar pago" in page.text
    decision = await api.post(checkout, data={"status": "approved"})
    assert decision.status_code == 303, decision.text
    returned = parse_qs(urlsplit(decision.headers["location"]).query)
    assert returned["status"] == ["approved"]
    payment_id = returned["payment_id"][0]

    # The sandbox's signed webhook arrives over HTTP through the gateway and is handled by its job.
    async def webhook_handled() -> bool:
        async with db.session(write=False) as session:
            notification = (
                await session.execute(
                    select(ProviderNotification).where(ProviderNotification.resource_id == payment_id)
                )
            ).scalar_one_or_none()
            delivery = (
                await session.execute(
                    select(SandboxWebhookDelivery).where(SandboxWebhookDelivery.data_id == payment_id)
                )
            ).scalar_one_or_none()
        return bool(
            notification is not None
            and notification.handled_at is not None
            and notification.outcome == "funded"
            and delivery is not None
            and delivery.handled_at is not None
            and delivery.last_status_code == 200
        )

    await eventually(webhook_handled, timeout=20)
    confirmed = await tap.next(
        lambda e: e["type"] == "PaymentConfirmed" and e["payload"]["trabajo_id"] == trabajo_id, timeout=20
    )
    assert confirmed["producer"] == "payments"
    assert confirmed["payload"]["payment_id"] == payment_id
    assert Decimal(confirmed["payload"]["amount"]) == Decimal(amount)
    assert confirmed["payload"]["currency"] == "ARS"
    status = (await payments.get(f"/internal/v1/payments/{trabajo_id}")).json()
    assert status["estado"] == "APROBADO"
    assert await escrow_of(db, trabajo_id) == int(Decimal(amount) * 100)
    await check_ledger(db)
    return {"trabajo_id": trabajo_id, "payment_id": payment_id}


async def test_checkout_webhook_escrow_then_release_or_refund(
    platform: Platform, api: httpx.AsyncClient, payments: httpx.AsyncClient, ledger_db: Database
) -> None:
    cliente = await register(api, "CLIENTE")
    profesional = await register(api, "PROFESIONAL")
    admin = await create_admin(platform, api)
    before = (await api.get("/api/v1/admin/metrics/financials", headers=admin.headers)).json()
    async with EventTap(platform, "PaymentConfirmed", "RefundIssued", "PayoutSent") as tap:
        # Release: commission to the platform, the rest to the professional's payable.
        paid = await open_and_pay(platform, api, payments, ledger_db, tap, cliente, profesional, "12000.00")
        released = await payments.post(
            f"/internal/v1/payments/{paid['trabajo_id']}/release",
            json={
                "profesional_id": str(profesional.id),
                "comision_plataforma": "2400.00",
                "monto_liberado": "9600.00",
                "payout_account": "0000003100010000000001",
            },
        )
        assert released.status_code == 200, released.text
        assert released.json()["estado"] == "LIBERADO"
        assert await escrow_of(ledger_db, paid["trabajo_id"]) == 0
        await check_ledger(ledger_db)
        balance = (await api.get("/api/v1/pagos/balance", headers=profesional.headers)).json()
        assert balance["disponible"] == "9600.00"
        assert balance["total_comisiones"] == "2400.00"
        assert balance["trabajos_completados"] == 1
        refused = await payments.post(
            f"/internal/v1/payments/{paid['trabajo_id']}/refund", json={"motivo": "x"}
        )
        assert refused.status_code == 409
        after = (await api.get("/api/v1/admin/metrics/financials", headers=admin.headers)).json()
        assert Decimal(after["comision_total"]) - Decimal(before["comision_total"]) == Decimal("2400.00")
        assert after["trabajos_completados"] == before["trabajos_completados"] + 1

        # Refund: the whole escrow back to the client through the provider's refund API.
        other = await open_and_pay(platform, api, payments, ledger_db, tap, cliente, profesional, "3500.50")
        refunded = await payments.post(
            f"/internal/v1/payments/{other['trabajo_id']}/refund", json={"motivo": "El cliente canceló"}
        )
        assert refunded.status_code == 200, refunded.text
        assert refunded.json()["estado"] == "REEMBOLSADO"
        issued = await tap.next(
            lambda e: e["type"] == "RefundIssued" and e["payload"]["trabajo_id"] == other["trabajo_id"]
        )
        assert issued["payload"]["amount"] == "3500.50"
        assert issued["payload"]["refund_id"] == refunded.json()["refund_id"]
        assert await escrow_of(ledger_db, other["trabajo_id"]) == 0
        late_release = await payments.post(
            f"/internal/v1/payments/{other['trabajo_id']}/release",
            json={
                "profesional_id": str(profesional.id),
                "comision_plataforma": "0",
                "monto_liberado": "3500.50",
            },
        )
        assert late_release.status_code == 409
        await check_ledger(ledger_db)

        # The professional withdraws to the account they have set; the admin approves; the sandbox pays.
        account = await api.put(
            "/api/v1/professional/payout-info",
            headers=profesional.headers,
            json={"payout_account": "alias.del.profe"},
        )
        assert account.status_code == 200, account.text
        requested = await api.post("/api/v1/pagos/retiros", headers=profesional.headers, json={})
        assert requested.status_code == 201, requested.text
        assert requested.json()["cuenta"] == "alias.del.profe"
        approved = await api.post(
            f"/api/v1/admin/pagos/retiros/{requested.json()['id']}/aprobar", headers=admin.headers
        )
        assert approved.json()["estado"] == "PAGADO"
        sent = await tap.next(
            lambda e: e["type"] == "PayoutSent" and e["payload"]["payout_id"] == requested.json()["id"]
        )
        assert sent["payload"]["amount"] == "9600.00"
        balance = (await api.get("/api/v1/pagos/balance", headers=profesional.headers)).json()
        assert balance["disponible"] == "0.00"
        assert balance["retirado"] == "9600.00"
        await check_ledger(ledger_db)
