"""The payments service in standalone mode, through the gateway: checkout on the sandbox, the signed
webhook delivered in-process, escrow, release, refund, payouts, the read APIs, roles and validation."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from sqlalchemy import func, select

from conectar.admin import create_admin_account
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import (
    Lote,
    PaymentIntent,
    ProviderNotification,
    Refund,
    Retiro,
    SandboxWebhookDelivery,
)
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE, CheckoutLinks
from conectar.payments.runtime import runtime_of
from conectar.payments.signature import sign
from conectar.platform.security import ServiceTokens
from tests.conftest import unique_email
from tests.factories import PASSWORD, Account, eventually, login, register
from tests.harness.payments import check_ledger, outbox_types
from tests.services.conftest import Standalone

PREFIX = "/api/v1"


@pytest.fixture
async def internal(standalone: Standalone) -> AsyncIterator[httpx.AsyncClient]:
    token = ServiceTokens(standalone.settings.secret("service_token_secret"), "chat").token()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=standalone.host.services["payments"]),
        base_url="http://payments.internal",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


@pytest.fixture(scope="module")
async def people(standalone: Standalone) -> dict[str, Account]:
    api = standalone.client
    email = unique_email("admin")
    admin_id = await create_admin_account(
        standalone.settings, email=email, password=PASSWORD, nombre="Ana", apellido="Admin"
    )
    tokens = await login(api, email, PASSWORD)
    admin = Account(admin_id, email, PASSWORD, "ADMIN", tokens["access_token"], tokens["refresh_token"])
    people = {
        "admin": admin,
        "cliente": await register(api, "CLIENTE"),
        "profesional": await register(api, "PROFESIONAL"),
        "otro_profesional": await register(api, "PROFESIONAL"),
    }
    for name in ("profesional", "otro_profesional"):  # payouts go to the account they have set
        account = await api.put(
            f"{PREFIX}/professional/payout-info",
            headers=people[name].headers,
            json={"payout_account": f"alias.{name[:4]}.mp"},
        )
        assert account.status_code == 200, account.text
    return people


async def recorded(standalone: Standalone) -> dict[str, int]:
    """How many payments, refunds, retiros and lotes the service holds."""
    async with standalone.ctx("payments").db.session(write=False) as session:
        return {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model)) or 0
            for model in (PaymentIntent, Refund, Retiro, Lote)
        }


async def open_payment(
    internal: httpx.AsyncClient, people: dict[str, Account], amount: str = "15000.50", **extra: Any
) -> dict[str, Any]:
    body = {
        "trabajo_id": str(uuid.uuid4()),
        "cliente_id": str(people["cliente"].id),
        "profesional_id": str(people["profesional"].id),
        "amount": amount,
        "description": "Reparación de pérdida en el baño",
        "payer_email": people["cliente"].email,
        **extra,
    }
    response = await internal.post("/internal/v1/payments", json=body)
    assert response.status_code == 200, response.text
    return {**body, **response.json()}


def checkout_path(payment_url: str) -> str:
    """The checkout link on this host: its path and its query (the signed token)."""
    parts = urlsplit(payment_url)
    return f"{parts.path}?{parts.query}"


async def status_of(internal: httpx.AsyncClient, trabajo_id: str) -> dict[str, Any]:
    response = await internal.get(f"/internal/v1/payments/{trabajo_id}")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def pay(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, opened: dict[str, Any], status: str = "approved"
) -> httpx.Response:
    decision = await api.post(checkout_path(opened["payment_url"]), data={"status": status})
    assert decision.status_code == 303, decision.text
    if status == "approved":

        async def funded() -> bool:
            return (await status_of(internal, opened["trabajo_id"]))["estado"] == "APROBADO"

        await eventually(funded)
    return decision


def release_body(opened: dict[str, Any], comision: str, liberado: str, **extra: Any) -> dict[str, Any]:
    return {
        "profesional_id": opened["profesional_id"],
        "comision_plataforma": comision,
        "monto_liberado": liberado,
        "payout_account": "0000003100010000000001",
        **extra,
    }


# --- internal API ------------------------------------------------------------------------------------


async def test_open_is_idempotent_and_the_checkout_page_shows_the_item(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    opened = await open_payment(internal, people)
    assert opened["payment_url"].startswith(
        f"{standalone.settings.base_url}/api/v1/pagos/sandbox/checkout/{opened['payment_preference_id']}?token="
    )
    again = await internal.post(
        "/internal/v1/payments",
        json={
            k: opened[k]
            for k in ("trabajo_id", "cliente_id", "profesional_id", "amount", "description", "payer_email")
        },
    )
    assert again.json() == {k: opened[k] for k in ("payment_preference_id", "payment_url")}
    conflicting = await internal.post(
        "/internal/v1/payments",
        json={
            **{
                k: opened[k]
                for k in ("trabajo_id", "cliente_id", "profesional_id", "description", "payer_email")
            },
            "amount": "1.00",
        },
    )
    assert conflicting.status_code == 409
    page = await api.get(checkout_path(opened["payment_url"]))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Reparación de pérdida en el baño" in page.text
    assert "$ 15.000,50" in page.text
    assert 'value="approved"' in page.text
    assert 'value="rejected"' in page.text
    assert "Aprobar pago" in page.text
    assert (await api.get(f"{PREFIX}/pagos/sandbox/checkout/no-existe")).status_code == 404
    status = await status_of(internal, opened["trabajo_id"])
    assert status["estado"] == "PENDIENTE"
    assert status["amount"] == "15000.50"


async def test_internal_api_needs_a_service_token_and_validates(
    standalone: Standalone, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    before = await recorded(standalone)
    anonymous = httpx.AsyncClient(transport=internal._transport, base_url="http://payments.internal")
    assert (await anonymous.get(f"/internal/v1/payments/{uuid.uuid4()}")).status_code == 401
    user_token = {"Authorization": f"Bearer {people['admin'].access_token}"}
    assert (
        await anonymous.get(f"/internal/v1/payments/{uuid.uuid4()}", headers=user_token)
    ).status_code == 401
    await anonymous.aclose()
    assert (await internal.get(f"/internal/v1/payments/{uuid.uuid4()}")).status_code == 404
    bad = await internal.post(
        "/internal/v1/payments",
        json={
            "trabajo_id": "x",
            "cliente_id": str(uuid.uuid4()),
            "amount": "-5",
            "description": "",
            "payer_email": "no",
        },
    )
    assert bad.status_code == 422
    too_precise = await internal.post(
        "/internal/v1/payments",
        json={
            "trabajo_id": str(uuid.uuid4()),
            "cliente_id": str(uuid.uuid4()),
            "profesional_id": str(uuid.uuid4()),
            "amount": "10.001",
            "description": "x",
            "payer_email": "a@example.com",
        },
    )
    assert too_precise.status_code == 422
    assert any("amount" in error["loc"] for error in too_precise.json()["detail"])
    assert (await internal.post(f"/internal/v1/payments/{uuid.uuid4()}/refund", json={})).status_code == 422
    # a user's token opens nothing; without a token and with a bad body nothing was recorded
    user_open = httpx.AsyncClient(transport=internal._transport, base_url="http://payments.internal")
    opened_by_user = await user_open.post(
        "/internal/v1/payments",
        headers=user_token,
        json={
            "trabajo_id": str(uuid.uuid4()),
            "cliente_id": str(people["cliente"].id),
            "profesional_id": str(people["profesional"].id),
            "amount": "100.00",
            "description": "x",
            "payer_email": people["cliente"].email,
        },
    )
    await user_open.aclose()
    assert opened_by_user.status_code == 401
    assert await recorded(standalone) == before


async def test_checkout_approval_sends_a_signed_webhook_and_funds_the_escrow(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    opened = await open_payment(internal, people, amount="20000.00")
    decision = await pay(api, internal, opened)
    location = urlsplit(decision.headers["location"])
    params = parse_qs(location.query)
    assert location.path == "/pagos/resultado"
    assert params["estado"] == ["aprobado"]
    assert params["status"] == ["approved"]
    assert params["external_reference"] == [opened["trabajo_id"]]
    status = await status_of(internal, opened["trabajo_id"])
    assert params["payment_id"] == [status["payment_id"]]
    rt = runtime_of(standalone.ctx("payments"))
    async with rt.db.session(write=False) as session:
        notification = (
            await session.execute(
                select(ProviderNotification).where(ProviderNotification.resource_id == status["payment_id"])
            )
        ).scalar_one()
        delivery = (
            await session.execute(
                select(SandboxWebhookDelivery).where(SandboxWebhookDelivery.data_id == status["payment_id"])
            )
        ).scalar_one()
    assert notification.handled_at is not None
    assert notification.outcome == "funded"
    assert delivery.handled_at is not None
    assert delivery.last_status_code == 200
    confirmed = [
        p
        for kind, p in await outbox_types(rt)
        if kind == "PaymentConfirmed" and p["trabajo_id"] == opened["trabajo_id"]
    ]
    assert len(confirmed) == 1
    assert confirmed[0]["amount"] == "20000.00"
    assert confirmed[0]["currency"] == "ARS"
    # The link decides once: a second approval is refused and pays nothing.
    again = await api.post(checkout_path(opened["payment_url"]), data={"status": "approved"})
    assert again.status_code == 403
    assert "ya fue aprobado" in again.text
    assert len(await rt.require_sandbox().search_documents(opened["trabajo_id"])) == 1
    page = await api.get(checkout_path(opened["payment_url"]))
    assert "ya fue aprobado" in page.text
    assert "<form" not in page.text
    await check_ledger(rt)


async def test_a_rejection_lets_the_payer_retry_then_the_approval_uses_the_link_up(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    opened = await open_payment(internal, people)
    assert (await api.post(checkout_path(opened["payment_url"]), data={"status": "maybe"})).status_code == 422
    rejected = await pay(api, internal, opened, "rejected")
    assert parse_qs(urlsplit(rejected.headers["location"]).query)["estado"] == ["rechazado"]

    async def seen_rejected() -> bool:
        return (await status_of(internal, opened["trabajo_id"]))["estado"] == "RECHAZADO"

    await eventually(seen_rejected)
    page = await api.get(checkout_path(opened["payment_url"]))
    assert page.status_code == 200
    assert "<form" in page.text  # "Reintentar": another card, same link
    await pay(api, internal, opened, "approved")

    async def seen_approved() -> bool:
        return (await status_of(internal, opened["trabajo_id"]))["estado"] == "APROBADO"

    await eventually(seen_approved)
    # After the approval the link is used up: neither decision changes anything.
    for status in ("approved", "rejected"):
        late = await api.post(checkout_path(opened["payment_url"]), data={"status": status})
        assert late.status_code == 403
        assert "ya fue aprobado" in late.text
    rt = runtime_of(standalone.ctx("payments"))
    documents = await rt.require_sandbox().search_documents(opened["trabajo_id"])
    assert sorted(d["status"] for d in documents) == ["approved", "rejected"]
    await check_ledger(rt)


async def test_the_checkout_needs_its_signed_link_and_decides_once(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    opened = await open_payment(internal, people, amount="4321.00")
    other = await open_payment(internal, people, amount="1234.00")
    preference_id = opened["payment_preference_id"]
    bare = f"{PREFIX}/pagos/sandbox/checkout/{preference_id}"
    token = parse_qs(urlsplit(opened["payment_url"]).query)["token"][0]
    other_token = parse_qs(urlsplit(other["payment_url"]).query)["token"][0]
    expires, signature = token.split(".")
    sandbox = runtime_of(standalone.ctx("payments")).require_sandbox()
    payer = people["cliente"].email
    expired = sandbox.links.token(preference_id, payer, now=time.time() - sandbox.links.ttl_seconds - 1)
    refused = {
        "no token": {},
        "empty": {"token": ""},
        "another preference's": {"token": other_token},
        "forged signature": {"token": f"{expires}.{signature[:-2]}xx"},
        "later expiry, same signature": {"token": f"{int(expires) + 3600}.{signature}"},
        "signed with another key": {
            "token": CheckoutLinks.from_secret("otro-secreto", 3600).token(preference_id, payer)
        },
        "expired": {"token": expired},
        "huge": {"token": "9" * 12 + "." + "x" * 5000},
    }
    for case, params in refused.items():
        page = await api.get(bare, params=params)
        assert page.status_code == 403, case
        assert page.headers["content-type"].startswith("text/html"), case
        assert "enlace" in page.text.lower(), case
        assert "Aprobar pago" not in page.text, case
        decision = await api.post(bare, params=params, data={"status": "approved"})
        assert decision.status_code == 403, case
        assert "enlace" in decision.text.lower(), case
    assert "venció" in (await api.get(bare, params={"token": expired})).text
    # Nothing was paid by any of them.
    assert await sandbox.search_documents(opened["trabajo_id"]) == []
    assert (await status_of(internal, opened["trabajo_id"]))["estado"] == "PENDIENTE"
    # The real link approves once: of two approvals at the same moment one pays, the other is refused;
    # after it, even a rejection is refused and changes nothing.
    page = await api.get(bare, params={"token": token})
    assert page.status_code == 200
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Aprobar pago" in page.text
    first, second = await asyncio.gather(
        api.post(bare, params={"token": token}, data={"status": "approved"}),
        api.post(bare, params={"token": token}, data={"status": "approved"}),
    )
    assert sorted([first.status_code, second.status_code]) == [303, 403]
    documents = await sandbox.search_documents(opened["trabajo_id"])
    assert [d["status"] for d in documents] == ["approved"]
    for status in ("approved", "rejected"):
        again = await api.post(bare, params={"token": token}, data={"status": status})
        assert again.status_code == 403
    assert len(await sandbox.search_documents(opened["trabajo_id"])) == 1
    # The other preference's own link is untouched.
    assert (await api.get(checkout_path(other["payment_url"]))).status_code == 200


async def test_release_posts_commission_and_payable_and_the_balance_shows_it(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    pro = people["otro_profesional"]
    opened = await open_payment(internal, people, amount="10000.00", profesional_id=str(pro.id))
    before = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert before["pendiente"] == "0.00"
    not_yet = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "2000.00", "8000.00"),
    )
    assert not_yet.status_code == 400
    await pay(api, internal, opened)
    pending = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert pending["pendiente"] == "10000.00"
    wrong_sum = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "2000.00", "7000.00"),
    )
    assert wrong_sum.status_code == 400
    wrong_pro = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "2000.00", "8000.00", profesional_id=str(uuid.uuid4())),
    )
    assert wrong_pro.status_code == 400
    released = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "2000.00", "8000.00"),
    )
    assert released.status_code == 200, released.text
    assert released.json()["estado"] == "LIBERADO"
    assert released.json()["comision_plataforma"] == "2000.00"
    repeat = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "2000.00", "8000.00"),
    )
    assert repeat.status_code == 200
    assert repeat.json() == released.json()
    other_amounts = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "1000.00", "9000.00"),
    )
    assert other_amounts.status_code == 409
    refund = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "tarde"}
    )
    assert refund.status_code == 409
    balance = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert balance == {
        "disponible": "8000.00",
        "pendiente": "0.00",
        "total_ganado": "8000.00",
        "total_comisiones": "2000.00",
        "trabajos_completados": 1,
        "en_transito": "0.00",
        "retirado": "0.00",
    }
    history = (await api.get(f"{PREFIX}/pagos/historial", headers=pro.headers)).json()
    assert [m["tipo"] for m in history["movimientos"]] == ["LIBERACION", "PAGO"]
    assert history["movimientos"][0]["neto"] == "8000.00"
    assert history["movimientos"][0]["comision"] == "2000.00"
    assert history["resumen"]["por_tipo"]["LIBERACION"] == {"cantidad": 1, "monto": "10000.00"}
    only = (
        await api.get(f"{PREFIX}/pagos/historial", params={"tipo": "LIBERACION"}, headers=pro.headers)
    ).json()
    assert only["total"] == 1
    future = (
        await api.get(f"{PREFIX}/pagos/historial", params={"desde": "2100-01-01"}, headers=pro.headers)
    ).json()
    assert future["total"] == 0
    client_history = (await api.get(f"{PREFIX}/pagos/historial", headers=people["cliente"].headers)).json()
    assert opened["trabajo_id"] in {m["trabajo_id"] for m in client_history["movimientos"]}
    assert all(
        m["tipo"] in ("PAGO", "REEMBOLSO", "CONTRACARGO", "REVERSION") for m in client_history["movimientos"]
    )
    # Nobody else sees these movements (newest first: they would lead the first page).
    other_pro = (await api.get(f"{PREFIX}/pagos/historial", headers=people["profesional"].headers)).json()
    assert opened["trabajo_id"] not in {m["trabajo_id"] for m in other_pro["movimientos"]}
    stranger = await register(api, "CLIENTE")
    assert (await api.get(f"{PREFIX}/pagos/historial", headers=stranger.headers)).json()["total"] == 0
    everything = (await api.get(f"{PREFIX}/pagos/historial", headers=people["admin"].headers)).json()
    assert opened["trabajo_id"] in {m["trabajo_id"] for m in everything["movimientos"]}
    await check_ledger(runtime_of(standalone.ctx("payments")))


async def test_release_needs_a_payout_account(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    stranger = uuid.uuid4()  # no copy of their account, and the professionals service does not know them
    opened = await open_payment(internal, people, amount="500.00", profesional_id=str(stranger))
    await pay(api, internal, opened)
    refused = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json={"profesional_id": str(stranger), "comision_plataforma": "100.00", "monto_liberado": "400.00"},
    )
    assert refused.status_code == 400, refused.text
    assert "payout_account" in refused.json()["detail"]
    assert (await status_of(internal, opened["trabajo_id"]))["estado"] == "APROBADO"


async def test_a_payout_goes_to_the_account_the_professional_has_now(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    pro = await register(api, "PROFESIONAL")
    opened = await open_payment(internal, people, amount="1000.00", profesional_id=str(pro.id))
    await pay(api, internal, opened)
    released = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release", json=release_body(opened, "200.00", "800.00")
    )
    assert released.status_code == 200, released.text
    changed = await api.put(
        f"{PREFIX}/professional/payout-info", headers=pro.headers, json={"payout_account": "nuevo.alias.mp"}
    )
    assert changed.status_code == 200, changed.text
    requested = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={})
    assert requested.status_code == 201, requested.text
    assert requested.json()["cuenta"] == "nuevo.alias.mp"
    assert requested.json()["monto"] == "800.00"


async def test_refund_at_most_once_and_never_after(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    opened = await open_payment(internal, people, amount="3000.00")
    assert (
        await internal.post(f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "x"})
    ).status_code == 400
    await pay(api, internal, opened)
    refunded = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "El cliente canceló"}
    )
    assert refunded.status_code == 200, refunded.text
    body = refunded.json()
    assert body["estado"] == "REEMBOLSADO"
    assert body["refund_id"]
    assert body["motivo_reembolso"] == "El cliente canceló"
    again = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "otra vez"}
    )
    assert again.json()["refund_id"] == body["refund_id"]
    release = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "600.00", "2400.00"),
    )
    assert release.status_code == 409
    rt = runtime_of(standalone.ctx("payments"))
    issued = [
        p
        for kind, p in await outbox_types(rt)
        if kind == "RefundIssued" and p["trabajo_id"] == opened["trabajo_id"]
    ]
    assert len(issued) == 1
    assert issued[0]["origen"] == "plataforma"
    assert issued[0]["despues_de_liberar"] is False
    # The sandbox also notifies the refund; handling it changes nothing.
    await rt.ctx.queues.drain(WEBHOOKS_QUEUE)
    await rt.ctx.queues.drain(NOTIFICATIONS_QUEUE)
    assert (await status_of(internal, opened["trabajo_id"]))["estado"] == "REEMBOLSADO"
    await check_ledger(rt)


async def test_simulate_approval_only_with_the_sandbox(
    internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone, api: httpx.AsyncClient
) -> None:
    opened = await open_payment(internal, people, amount="800.00")
    simulated = await internal.post(f"/internal/v1/payments/{opened['trabajo_id']}/simulate-approval")
    assert simulated.status_code == 200, simulated.text
    assert simulated.json()["estado"] == "APROBADO"
    assert (await internal.post(f"/internal/v1/payments/{uuid.uuid4()}/simulate-approval")).status_code == 404
    settings = standalone.ctx("payments").settings
    settings.payment_provider = "mercadopago"
    try:
        assert (
            await internal.post(f"/internal/v1/payments/{opened['trabajo_id']}/simulate-approval")
        ).status_code == 404
        assert (await api.get(checkout_path(opened["payment_url"]))).status_code == 404
        assert (
            await api.post(checkout_path(opened["payment_url"]), data={"status": "approved"})
        ).status_code == 404
    finally:
        settings.payment_provider = "sandbox"


# --- webhook -----------------------------------------------------------------------------------------


def signed(
    secret: str, data_id: str | None, *, ts: int | None = None, request_id: str | None = "req-1"
) -> dict[str, str]:
    headers = {"x-signature": sign(secret, data_id=data_id, request_id=request_id, ts=ts or int(time.time()))}
    if request_id:
        headers["x-request-id"] = request_id
    return headers


async def test_webhook_signatures_through_the_gateway(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, standalone: Standalone
) -> None:
    secret = standalone.settings.secret("mercadopago_webhook_secret")
    url = f"{PREFIX}/webhook/mercadopago"
    body = {"id": 4242, "type": "payment", "action": "payment.updated", "data": {"id": "123456"}}
    params = {"data.id": "123456", "type": "payment"}
    missing = await api.post(url, params=params, json=body)
    assert missing.status_code == 401
    bad = await api.post(url, params=params, json=body, headers=signed("otro-secreto", "123456"))
    assert bad.status_code == 401
    stale = await api.post(
        url, params=params, json=body, headers=signed(secret, "123456", ts=int(time.time()) - 3600)
    )
    assert stale.status_code == 401
    future = await api.post(
        url, params=params, json=body, headers=signed(secret, "123456", ts=int(time.time()) + 3600)
    )
    assert future.status_code == 401
    wrong_id = await api.post(url, params={"data.id": "654321"}, json=body, headers=signed(secret, "123456"))
    assert wrong_id.status_code == 401
    garbage = await api.post(
        url, params=params, json=body, headers={"x-signature": "ts=abc,v1=zz", "x-request-id": "r"}
    )
    assert garbage.status_code == 401
    ok = await api.post(url, params=params, json=body, headers=signed(secret, "123456"))
    assert ok.status_code == 200
    assert ok.json() == {"status": "received"}
    # The provider knows no payment 123456: the notice is recorded and settled after one look, not retried.
    rt = runtime_of(standalone.ctx("payments"))

    jobs = rt.ctx.tables.work_jobs

    async def notification() -> tuple[ProviderNotification, bool]:
        """The notification, and whether its job is still there."""
        async with rt.db.session(write=False) as session:
            row = (
                await session.execute(
                    select(ProviderNotification).where(ProviderNotification.resource_id == "123456")
                )
            ).scalar_one()
            job = await session.execute(
                select(jobs.c.id).where(jobs.c.queue == NOTIFICATIONS_QUEUE, jobs.c.key == str(row.id))
            )
            return row, job.first() is not None

    async def settled() -> bool:
        row, queued = await notification()
        return row.handled_at is not None and not queued

    await eventually(settled)
    row, _ = await notification()
    assert (row.outcome, row.last_error) == ("unknown_payment", None)  # done after one look, not retried
    replayed = await api.post(url, params=params, json=body, headers=signed(secret, "123456"))
    assert replayed.status_code == 200
    assert replayed.json() == {"status": "duplicate"}
    # An alphanumeric id is tried as received, then lower-cased (MercadoPago signs it lower-case).
    upper = {"id": 4343, "type": "payment", "data": {"id": "ABC123"}}
    lowered = await api.post(
        url, params={"data.id": "ABC123", "type": "payment"}, json=upper, headers=signed(secret, "abc123")
    )
    assert lowered.status_code == 200
    # Missing parts are left out of the manifest: no data.id; no x-request-id (straight to the service:
    # the gateway gives every request an X-Request-ID, and MercadoPago always sends one).
    no_data_id = await api.post(url, json={**body, "id": 4545}, headers=signed(secret, None))
    assert no_data_id.status_code == 200
    no_request_id = await internal.post(
        url, params=params, json={**body, "id": 4444}, headers=signed(secret, "123456", request_id=None)
    )
    assert no_request_id.status_code == 200


# --- roles, read APIs, payouts ------------------------------------------------------------------------


async def test_roles_and_validation(
    standalone: Standalone, api: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    cliente, pro, admin = people["cliente"], people["profesional"], people["admin"]
    before = await recorded(standalone)
    balance = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert (await api.get(f"{PREFIX}/pagos/balance")).status_code == 401
    assert (await api.get(f"{PREFIX}/pagos/balance", headers=cliente.headers)).status_code == 403
    assert (await api.get(f"{PREFIX}/pagos/balance", headers=admin.headers)).status_code == 403
    assert (
        await api.post(f"{PREFIX}/pagos/retiros", headers=cliente.headers, json={"monto": "x"})
    ).status_code == 403
    for path in (
        "/admin/metrics/financials",
        "/admin/pagos/dashboard",
        "/admin/pagos/retiros",
        "/admin/pagos/retiros/lotes",
    ):
        assert (await api.get(PREFIX + path, headers=pro.headers)).status_code == 403, path
        assert (await api.get(PREFIX + path, headers=cliente.headers)).status_code == 403, path
        assert (await api.get(PREFIX + path)).status_code == 401, path
    assert (
        await api.post(f"{PREFIX}/admin/pagos/retiros/lotes", headers=pro.headers, json={"retiro_ids": "x"})
    ).status_code == 403
    assert (await api.post(f"{PREFIX}/admin/pagos/conciliar", headers=pro.headers)).status_code == 403
    for params in ({"limit": 0}, {"limit": 101}, {"page": 0}, {"tipo": "NADA"}, {"desde": "ayer"}):
        assert (
            await api.get(f"{PREFIX}/pagos/historial", params=params, headers=pro.headers)
        ).status_code == 422, params
    assert (
        await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": "-1"})
    ).status_code == 422
    assert (
        await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{uuid.uuid4()}/pagar", headers=admin.headers, json={}
        )
    ).status_code == 422
    assert (
        await api.get(f"{PREFIX}/admin/pagos/retiros", params={"estado": "X"}, headers=admin.headers)
    ).status_code == 422
    assert (
        await api.get(f"{PREFIX}/admin/pagos/retiros/{uuid.uuid4()}", headers=admin.headers)
    ).status_code == 404
    assert (
        await api.get(f"{PREFIX}/admin/pagos/trabajos/{uuid.uuid4()}", headers=admin.headers)
    ).status_code == 404
    # the refused and invalid requests moved no money: no payout, no batch, the same balance
    assert await recorded(standalone) == before
    assert (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json() == balance


async def test_admin_metrics_dashboard_and_payouts(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    admin, pro = people["admin"], people["profesional"]
    before = (await api.get(f"{PREFIX}/admin/metrics/financials", headers=admin.headers)).json()
    opened = await open_payment(internal, people, amount="5000.00")
    await pay(api, internal, opened)
    middle = (await api.get(f"{PREFIX}/admin/metrics/financials", headers=admin.headers)).json()
    assert Decimal(middle["dinero_en_escrow"]) - Decimal(before["dinero_en_escrow"]) == Decimal("5000.00")
    # Money held in escrow is not billed yet; released money is (refunded money never is: see below).
    assert Decimal(middle["total_facturado"]) == Decimal(before["total_facturado"])
    released = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "1000.00", "4000.00"),
    )
    assert released.status_code == 200
    after = (await api.get(f"{PREFIX}/admin/metrics/financials", headers=admin.headers)).json()
    assert Decimal(after["comision_total"]) - Decimal(before["comision_total"]) == Decimal("1000.00")
    assert Decimal(after["total_facturado"]) - Decimal(before["total_facturado"]) == Decimal("5000.00")
    refunded = await open_payment(internal, people, amount="3000.00")
    await pay(api, internal, refunded)
    back = await internal.post(f"/internal/v1/payments/{refunded['trabajo_id']}/refund", json={"motivo": "x"})
    assert back.status_code == 200, back.text
    final = (await api.get(f"{PREFIX}/admin/metrics/financials", headers=admin.headers)).json()
    assert final["total_facturado"] == after["total_facturado"]
    assert after["trabajos_completados"] == before["trabajos_completados"] + 1
    assert Decimal(after["dinero_en_escrow"]) == Decimal(before["dinero_en_escrow"])

    available = Decimal((await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()["disponible"])
    too_much = await api.post(
        f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": str(available + 1)}
    )
    assert too_much.status_code == 400
    first = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": "1500.00"})
    assert first.status_code == 201, first.text
    assert first.json()["estado"] == "SOLICITADO"
    balance = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert Decimal(balance["disponible"]) == available - Decimal("1500.00")
    assert balance["en_transito"] == "1500.00"
    approved = await api.post(
        f"{PREFIX}/admin/pagos/retiros/{first.json()['id']}/aprobar", headers=admin.headers
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["estado"] == "PAGADO"  # the sandbox pays at once
    assert approved.json()["proveedor"] == "sandbox"
    assert (
        await api.post(
            f"{PREFIX}/admin/pagos/retiros/{first.json()['id']}/rechazar",
            headers=admin.headers,
            json={"motivo": "x"},
        )
    ).status_code == 400

    # Manual payouts: a batch paid by bank transfer, confirmed with its reference.
    rt = runtime_of(standalone.ctx("payments"))
    automatic, rt.payout_provider = rt.payout_provider, None
    try:
        second = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={})
        assert second.status_code == 201, second.text
        refused = await api.post(
            f"{PREFIX}/admin/pagos/retiros/{second.json()['id']}/aprobar", headers=admin.headers
        )
        assert refused.status_code == 400
        batch = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes",
            headers=admin.headers,
            json={"retiro_ids": [second.json()["id"]]},
        )
        assert batch.status_code == 201, batch.text
        assert batch.json()["estado"] == "ABIERTO"
        assert [r["estado"] for r in batch.json()["retiros"]] == ["EN_PROCESO"]
        paid = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{batch.json()['id']}/pagar",
            headers=admin.headers,
            json={"referencia_bancaria": "TRF-2026-000123"},
        )
        assert paid.status_code == 200, paid.text
        assert paid.json()["estado"] == "PAGADO"
        assert paid.json()["retiros"][0]["referencia"] == "TRF-2026-000123"
        again = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{batch.json()['id']}/pagar",
            headers=admin.headers,
            json={"referencia_bancaria": "OTRA"},
        )
        assert again.status_code == 409
        # No list: every requested payout plus every professional's available balance (with an account).
        theirs = await open_payment(
            internal, people, amount="300.00", profesional_id=str(people["otro_profesional"].id)
        )
        await pay(api, internal, theirs)
        released_theirs = await internal.post(
            f"/internal/v1/payments/{theirs['trabajo_id']}/release",
            json=release_body(theirs, "60.00", "240.00"),
        )
        assert released_theirs.status_code == 200, released_theirs.text
        everyone = await api.post(f"{PREFIX}/admin/pagos/retiros/lotes", headers=admin.headers, json={})
        assert everyone.status_code == 201, everyone.text
        assert str(people["otro_profesional"].id) in {r["profesional_id"] for r in everyone.json()["retiros"]}
        paid_all = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{everyone.json()['id']}/pagar",
            headers=admin.headers,
            json={"referencia_bancaria": "TRF-2026-000124"},
        )
        assert paid_all.status_code == 200
        reused = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes", headers=admin.headers, json={"retiro_ids": []}
        )
        assert reused.status_code == 400
        nothing_left = await api.post(f"{PREFIX}/admin/pagos/retiros/lotes", headers=admin.headers, json={})
        assert nothing_left.status_code == 400
    finally:
        rt.payout_provider = automatic
    balance = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert balance["disponible"] == "0.00"
    assert balance["en_transito"] == "0.00"
    assert Decimal(balance["retirado"]) == available
    mine = (await api.get(f"{PREFIX}/pagos/retiros", headers=pro.headers)).json()
    assert {r["estado"] for r in mine["retiros"]} == {"PAGADO"}
    listed = (
        await api.get(f"{PREFIX}/admin/pagos/retiros", params={"estado": "PAGADO"}, headers=admin.headers)
    ).json()
    assert listed["total"] >= 2
    lotes = (await api.get(f"{PREFIX}/admin/pagos/retiros/lotes", headers=admin.headers)).json()
    assert lotes["total"] >= 2
    by_id = {lote["id"]: lote for lote in lotes["lotes"]}
    assert [r["id"] for r in by_id[batch.json()["id"]]["retiros"]] == [second.json()["id"]]
    assert {r["id"] for r in by_id[everyone.json()["id"]]["retiros"]} == {
        r["id"] for r in everyone.json()["retiros"]
    }
    assert by_id[everyone.json()["id"]]["estado"] == "PAGADO"
    sent = [p for kind, p in await outbox_types(rt) if kind == "PayoutSent"]
    assert {p["reference"] for p in sent} >= {"TRF-2026-000123"}

    dashboard = (await api.get(f"{PREFIX}/admin/pagos/dashboard", headers=admin.headers)).json()
    assert (
        dashboard["financials"]
        == (await api.get(f"{PREFIX}/admin/metrics/financials", headers=admin.headers)).json()
    )
    assert dashboard["proveedor_pagos"] == "sandbox"
    assert dashboard["retiros_por_estado"]["PAGADO"]["cantidad"] >= 2
    assert dashboard["pagos_por_estado"]["LIBERADO"] >= 1
    assert dashboard["ultimos_movimientos"]
    admin_history = (
        await api.get(f"{PREFIX}/pagos/historial", params={"tipo": "RETIRO"}, headers=admin.headers)
    ).json()
    assert admin_history["total"] >= 2
    reconciled = await api.post(f"{PREFIX}/admin/pagos/conciliar", headers=admin.headers)
    assert reconciled.status_code == 200
    one = await api.get(f"{PREFIX}/admin/pagos/trabajos/{opened['trabajo_id']}", headers=admin.headers)
    assert one.json()["estado"] == "LIBERADO"
    await check_ledger(rt)


async def test_chargeback_and_refund_reported_by_the_provider(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    rt = runtime_of(standalone.ctx("payments"))
    assert rt.sandbox is not None
    in_escrow = await open_payment(internal, people, amount="1000.00")
    await pay(api, internal, in_escrow)
    await rt.sandbox.charge_back((await status_of(internal, in_escrow["trabajo_id"]))["payment_id"])

    async def charged_back() -> bool:
        return (await status_of(internal, in_escrow["trabajo_id"]))["estado"] == "CONTRACARGO"

    await eventually(charged_back)
    released = await open_payment(internal, people, amount="2000.00")
    await pay(api, internal, released)
    assert (
        await internal.post(
            f"/internal/v1/payments/{released['trabajo_id']}/release",
            json=release_body(released, "400.00", "1600.00"),
        )
    ).status_code == 200
    payment_id = (await status_of(internal, released["trabajo_id"]))["payment_id"]
    await rt.sandbox.refund_payment("from-the-panel", payment_id)

    async def reversed_after_release() -> bool:
        return any(
            kind == "RefundIssued" and p["trabajo_id"] == released["trabajo_id"] and p["despues_de_liberar"]
            for kind, p in await outbox_types(rt)
        )

    await eventually(reversed_after_release)
    assert (await status_of(internal, released["trabajo_id"]))["estado"] == "LIBERADO"
    dashboard = (await api.get(f"{PREFIX}/admin/pagos/dashboard", headers=people["admin"].headers)).json()
    assert Decimal(dashboard["perdidas"]) >= Decimal("2000.00")
    await check_ledger(rt)


async def test_the_sandbox_serves_the_provider_api_shapes(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    opened = await open_payment(internal, people, amount="4321.09")
    await pay(api, internal, opened)
    payment_id = (await status_of(internal, opened["trabajo_id"]))["payment_id"]
    base = f"{PREFIX}/pagos/sandbox/api"
    payment = await internal.get(f"{base}/v1/payments/{payment_id}")
    assert payment.status_code == 200
    body = payment.json()
    assert body["id"] == int(payment_id)
    assert body["status"] == "approved"
    assert body["transaction_amount"] == 4321.09
    assert body["currency_id"] == "ARS"
    assert body["external_reference"] == opened["trabajo_id"]
    found = (
        await internal.get(f"{base}/v1/payments/search", params={"external_reference": opened["trabajo_id"]})
    ).json()
    assert [r["id"] for r in found["results"]] == [int(payment_id)]
    preference = (await internal.get(f"{base}/checkout/preferences/{opened['payment_preference_id']}")).json()
    assert preference["init_point"] == opened["payment_url"]
    assert preference["auto_return"] == "approved"
    assert preference["binary_mode"] is True
    assert preference["items"][0]["unit_price"] == 4321.09
    assert (await internal.get(f"{base}/v1/payments/1")).status_code == 404
    # Public at the gateway (under /pagos/sandbox), but the provider API still wants our token.
    assert (await api.get(f"{base}/v1/payments/{payment_id}")).status_code == 401


async def test_a_bounced_manual_transfer_returns_to_the_balance(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], standalone: Standalone
) -> None:
    admin, pro = people["admin"], people["otro_profesional"]
    opened = await open_payment(internal, people, amount="700.00", profesional_id=str(pro.id))
    await pay(api, internal, opened)
    released = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release", json=release_body(opened, "140.00", "560.00")
    )
    assert released.status_code == 200
    rt = runtime_of(standalone.ctx("payments"))
    automatic, rt.payout_provider = rt.payout_provider, None
    try:
        requested = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": "560.00"})
        assert requested.status_code == 201, requested.text
        retiro = requested.json()["id"]
        batch = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes", headers=admin.headers, json={"retiro_ids": [retiro]}
        )
        assert batch.status_code == 201
        lote = await api.get(
            f"{PREFIX}/admin/pagos/retiros/lotes/{batch.json()['id']}", headers=admin.headers
        )
        assert lote.status_code == 200
        assert [r["id"] for r in lote.json()["retiros"]] == [retiro]
        assert lote.json()["total"] == "560.00"
        assert (
            await api.get(f"{PREFIX}/admin/pagos/retiros/lotes/{uuid.uuid4()}", headers=admin.headers)
        ).status_code == 404
        bounced = await api.post(
            f"{PREFIX}/admin/pagos/retiros/{retiro}/fallido",
            headers=admin.headers,
            json={"motivo": "CBU inexistente"},
        )
        assert bounced.status_code == 200, bounced.text
        assert bounced.json()["estado"] == "FALLIDO"
        assert bounced.json()["motivo"] == "CBU inexistente"
        one = await api.get(f"{PREFIX}/admin/pagos/retiros/{retiro}", headers=admin.headers)
        assert one.json()["estado"] == "FALLIDO"
        assert (
            await api.post(
                f"{PREFIX}/admin/pagos/retiros/{retiro}/fallido", headers=pro.headers, json={"motivo": "x"}
            )
        ).status_code == 403
    finally:
        rt.payout_provider = automatic
    balance = (await api.get(f"{PREFIX}/pagos/balance", headers=pro.headers)).json()
    assert Decimal(balance["disponible"]) >= Decimal("560.00")
    assert balance["en_transito"] == "0.00"
    history = (
        await api.get(f"{PREFIX}/pagos/historial", params={"tipo": "RETIRO_REVERTIDO"}, headers=pro.headers)
    ).json()
    assert history["total"] >= 1
    await check_ledger(rt)
