"""The MercadoPago adapter (the official SDK with our transport) against a local stand-in of the
MercadoPago API: preference shape, idempotency keys persisted before sending and reused on retry,
payment lookup, refunds, payouts, chargebacks, and errors and timeouts."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select, update

from conectar.payments.flows import reconcile, retiros
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import ProviderNotification, ProviderRequest, Refund
from conectar.payments.providers.base import (
    PayoutRequest,
    PreferenceRequest,
    ProviderNotFound,
    ProviderRejected,
    ProviderUnavailable,
)
from conectar.payments.providers.mercadopago import MercadoPagoProvider
from conectar.platform.db import utcnow
from conectar.standins.mercadopago import ACCESS_TOKEN, MercadoPagoStandIn
from tests.harness.payments import Harness, check_ledger, outbox_types, payments_service


@pytest.fixture
def standin() -> Iterator[MercadoPagoStandIn]:
    with MercadoPagoStandIn() as server:
        yield server


def provider_for(
    standin: MercadoPagoStandIn, *, timeout: float = 2.0, retries: int = 2
) -> MercadoPagoProvider:
    return MercadoPagoProvider(
        ACCESS_TOKEN, api_url=standin.url, timeout_seconds=timeout, max_retries=retries
    )


@pytest.fixture
async def mp(standin: MercadoPagoStandIn, tmp_path: Path) -> AsyncIterator[Harness]:
    provider = provider_for(standin, timeout=1.0, retries=1)
    async with payments_service(
        tmp_path, provider=provider, payout_provider=provider, payment_provider="mercadopago"
    ) as harness:
        yield harness


PREFERENCE = PreferenceRequest(
    external_reference="2b8f2f0e-5b59-4a4c-9a4e-0e2f1f3c9d11",
    title="Instalación de termotanque",
    amount=Decimal("15000.50"),
    currency="ARS",
    payer_email="cliente@example.com",
    back_urls={
        "success": "https://conectar.example/pagos/ok",
        "failure": "https://conectar.example/pagos/error",
        "pending": "https://conectar.example/pagos/pendiente",
    },
    notification_url="https://conectar.example/api/v1/webhook/mercadopago",
    statement_descriptor="CONECTAR",
)


async def test_preference_has_the_checkout_pro_shape(standin: MercadoPagoStandIn) -> None:
    provider = provider_for(standin)
    created = await provider.create_preference("pref-key-1", PREFERENCE)
    assert created.init_point.startswith("https://www.mercadopago.com.ar/checkout/v1/redirect?pref_id=")
    (sent,) = standin.received("POST", "/checkout/preferences")
    assert sent.idempotency_key == "pref-key-1"
    assert sent.authorization == f"Bearer {ACCESS_TOKEN}"
    assert sent.body == {
        "items": [
            {
                "id": PREFERENCE.external_reference,
                "title": "Instalación de termotanque",
                "quantity": 1,
                "currency_id": "ARS",
                "unit_price": Decimal("15000.5"),
            }
        ],
        "payer": {"email": "cliente@example.com"},
        "external_reference": PREFERENCE.external_reference,
        "back_urls": dict(PREFERENCE.back_urls),
        "notification_url": PREFERENCE.notification_url,
        "auto_return": "approved",
        "binary_mode": True,
        "statement_descriptor": "CONECTAR",
    }
    again = await provider.create_preference("pref-key-1", PREFERENCE)
    assert again.id == created.id
    assert len(standin.state.preferences) == 1
    await provider.close()


async def test_errors_and_timeouts_become_the_ports_errors(standin: MercadoPagoStandIn) -> None:
    provider = provider_for(standin, timeout=0.5, retries=1)
    with pytest.raises(ProviderNotFound):
        await provider.get_payment("123")
    standin.fail("GET", "/v1/payments/5005", status=500, times=2)
    with pytest.raises(ProviderUnavailable):
        await provider.get_payment("5005")
    assert len(standin.received("GET", "/v1/payments/5005")) == 2  # one retry
    standin.fail("GET", "/v1/payments/7007", delay_before=2.0, times=2)
    with pytest.raises(ProviderUnavailable, match="timeout"):
        await provider.get_payment("7007")
    standin.fail("GET", "/v1/payments/4294", status=429, times=1)
    with pytest.raises(ProviderNotFound):  # the retry after 429 reaches the (empty) API
        await provider.get_payment("4294")
    bad = MercadoPagoProvider("wrong-token", api_url=standin.url, timeout_seconds=1, max_retries=0)
    with pytest.raises(ProviderRejected) as refused:
        await bad.get_payment("1")
    assert refused.value.status == 401
    with pytest.raises(ProviderRejected) as invalid:
        await provider.create_preference(
            "k", PreferenceRequest(**{**PREFERENCE.__dict__, "amount": Decimal("0.00")})
        )
    assert invalid.value.status == 400
    unreachable = MercadoPagoProvider(
        ACCESS_TOKEN, api_url="http://127.0.0.1:9", timeout_seconds=0.5, max_retries=0
    )
    with pytest.raises(ProviderUnavailable, match="connection"):
        await unreachable.get_payment("1")
    for client in (provider, bad, unreachable):
        await client.close()


async def test_idempotency_key_is_persisted_before_sending_and_reused_on_retry(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    # The stand-in holds the request for a moment: the key is already committed in our database.
    standin.fail("POST", "/checkout/preferences", delay_before=0.6)
    task = asyncio.create_task(mp.open())
    while not standin.received("POST", "/checkout/preferences"):
        await asyncio.sleep(0.01)
    key = standin.received("POST", "/checkout/preferences")[0].idempotency_key
    async with mp.rt.db.session(write=False) as session:
        stored = await session.get(ProviderRequest, key)
    assert stored is not None
    assert stored.operation == "preference"
    assert stored.completed_at is None
    opened = await task
    # Now the answer is lost: the preference is created at MercadoPago but we time out.
    standin.fail("POST", "/checkout/preferences", delay_after=3.0, times=2)
    trabajo = uuid.uuid4()
    body = {
        "trabajo_id": str(trabajo),
        "cliente_id": str(uuid.uuid4()),
        "profesional_id": str(uuid.uuid4()),
        "amount": "999.99",
        "description": "Cambio de cerradura",
        "payer_email": "otra@example.com",
    }
    failed = await mp.internal.post("/internal/v1/payments", json=body)
    assert failed.status_code == 502
    sent = [
        r
        for r in standin.received("POST", "/checkout/preferences")
        if r.body["external_reference"] == str(trabajo)
    ]
    assert len(sent) == 2  # the adapter's own retry, same key
    assert len({r.idempotency_key for r in sent}) == 1
    retried = await mp.internal.post("/internal/v1/payments", json=body)
    assert retried.status_code == 200
    sent = [
        r
        for r in standin.received("POST", "/checkout/preferences")
        if r.body["external_reference"] == str(trabajo)
    ]
    assert len({r.idempotency_key for r in sent}) == 1
    created = [p for p in standin.state.preferences.values() if p["external_reference"] == str(trabajo)]
    assert len(created) == 1
    assert retried.json()["payment_preference_id"] == created[0]["id"]
    assert opened["payment_url"] != retried.json()["payment_url"]


async def test_webhook_fetches_the_payment_and_acts_only_when_it_matches(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    good = await mp.open(amount="15000.50")
    payment = standin.pay(good["payment_preference_id"])
    assert (await mp.webhook(str(payment["id"]))).status_code == 200
    await mp.drain()
    status = (await mp.internal.get(f"/internal/v1/payments/{good['trabajo_id']}")).json()
    assert status["estado"] == "APROBADO"
    assert status["payment_id"] == str(payment["id"])
    lookups = standin.received("GET", f"/v1/payments/{payment['id']}")
    assert lookups
    assert lookups[0].authorization == f"Bearer {ACCESS_TOKEN}"

    tampered = [
        ("amount", {"amount": Decimal("1.00")}),
        ("currency", {"currency": "USD"}),
        ("external_reference", {"external_reference": str(uuid.uuid4())}),
    ]
    for field, changes in tampered:
        opened = await mp.open(amount="15000.50")
        bad = standin.pay(opened["payment_preference_id"], **changes)  # type: ignore[arg-type]
        if field == "external_reference":
            # A payment for someone else's reference, notified to us: never credited to this trabajo.
            bad["external_reference"] = changes["external_reference"]
        await mp.webhook(str(bad["id"]))
        await mp.drain()
        assert (await mp.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
            "estado"
        ] == "PENDIENTE"
    async with mp.rt.db.session(write=False) as session:
        outcomes = list((await session.execute(select(ProviderNotification.outcome))).scalars())
    assert "mismatch:amount" in outcomes
    assert "mismatch:currency" in outcomes
    assert "unknown_reference" in outcomes
    await check_ledger(mp.rt)


async def test_a_second_approved_payment_goes_back_to_the_payer(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    opened = await mp.open(amount="8000.00")
    first = standin.pay(opened["payment_preference_id"])
    second = standin.pay(opened["payment_preference_id"])  # the payer went through the checkout twice
    await mp.webhook(str(first["id"]))
    await mp.drain()
    refund_path = f"/v1/payments/{second['id']}/refunds"
    standin.fail("POST", refund_path, status=500, times=2)  # the provider fails the first attempt
    await mp.webhook(str(second["id"]))
    await mp.ctx.queues.run_once(NOTIFICATIONS_QUEUE)
    async with mp.rt.db.session(write=False) as session:
        notification = (
            await session.execute(
                select(ProviderNotification).where(ProviderNotification.resource_id == str(second["id"]))
            )
        ).scalar_one()
    # Not dropped: unhandled, the failure recorded, its job asked again later.
    assert notification.handled_at is None
    assert notification.last_error is not None
    [job] = await mp.jobs()
    assert (job["status"], job["attempts"]) == ("queued", 1)
    assert job["run_after"] > utcnow()
    table = mp.ctx.tables.work_jobs
    async with mp.rt.db.session() as session:  # the retry is due now
        await session.execute(update(table).where(table.c.id == job["id"]).values(run_after=utcnow()))
    await mp.drain()
    status = (await mp.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()
    assert status["estado"] == "APROBADO"
    assert status["payment_id"] == str(first["id"])
    assert standin.state.payments[str(second["id"])]["status"] == "refunded"
    assert standin.state.payments[str(first["id"])]["status"] == "approved"
    sent = standin.received("POST", refund_path)
    assert len(sent) == 3  # two refused by the provider, then the refund: always the same key
    assert len({r.idempotency_key for r in sent}) == 1
    assert sent[0].body is None  # in full
    async with mp.rt.db.session(write=False) as session:
        stored = await session.get(ProviderRequest, sent[0].idempotency_key)
        outcome = (
            await session.execute(
                select(ProviderNotification.outcome).where(ProviderNotification.id == notification.id)
            )
        ).scalar_one()
    assert stored is not None
    assert stored.operation == "duplicate_refund"
    assert stored.completed_at is not None
    assert outcome == "duplicate_refunded"
    # The refund's own notification, and the duplicate notified again, change nothing more.
    await mp.webhook(str(second["id"]))
    await mp.drain()
    assert len(standin.received("POST", refund_path)) == 3
    kinds = [kind for kind, p in await outbox_types(mp.rt) if p.get("trabajo_id") == opened["trabajo_id"]]
    assert kinds == ["PaymentConfirmed"]
    await check_ledger(mp.rt)


async def test_unknown_payment_is_recorded_once_not_retried(mp: Harness, standin: MercadoPagoStandIn) -> None:
    """MercadoPago answers 404 for the payment a signed notice names: the notice is settled and recorded
    (a real payment of a pending trabajo is still found: reconciliation asks about pending ones)."""
    await mp.webhook("99999")
    assert await mp.ctx.queues.run_once(NOTIFICATIONS_QUEUE) == 1
    assert await mp.ctx.queues.run_once(NOTIFICATIONS_QUEUE) == 0
    async with mp.rt.db.session(write=False) as session:
        row = (await session.execute(select(ProviderNotification))).scalar_one()
    assert (row.outcome, row.last_error) == ("unknown_payment", None)
    assert row.handled_at is not None
    assert await mp.jobs() == []  # done, not retried
    assert len(standin.received("GET", "/v1/payments/99999")) == 1


async def test_full_refund_through_the_refund_api(mp: Harness, standin: MercadoPagoStandIn) -> None:
    opened = await mp.open(amount="5000.00")
    payment = standin.pay(opened["payment_preference_id"])
    await mp.webhook(str(payment["id"]))
    await mp.drain()
    refunded = await mp.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "cancelado"}
    )
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["estado"] == "REEMBOLSADO"
    (sent,) = standin.received("POST", f"/v1/payments/{payment['id']}/refunds")
    assert sent.body is None  # no amount: a full refund
    async with mp.rt.db.session(write=False) as session:
        refund = (await session.execute(select(Refund))).scalar_one()
    assert refund.idempotency_key == sent.idempotency_key
    assert refunded.json()["refund_id"] == str(standin.state.payments[str(payment["id"])]["refunds"][0]["id"])
    assert standin.state.payments[str(payment["id"])]["status"] == "refunded"
    events = [kind for kind, _ in await outbox_types(mp.rt)]
    assert events.count("RefundIssued") == 1
    await check_ledger(mp.rt)


async def test_refund_without_answer_is_retried_with_the_same_key(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    opened = await mp.open(amount="7000.00")
    payment = standin.pay(opened["payment_preference_id"])
    await mp.webhook(str(payment["id"]))
    await mp.drain()
    path = f"/v1/payments/{payment['id']}/refunds"
    standin.fail("POST", path, delay_after=3.0, times=2)  # done at MercadoPago, answer lost (twice)
    pending = await mp.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "x"}
    )
    assert pending.status_code == 200
    assert pending.json()["estado"] == "REEMBOLSO_PENDIENTE"
    release = await mp.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json={
            "profesional_id": opened["profesional_id"],
            "comision_plataforma": "0",
            "monto_liberado": "7000.00",
            "payout_account": "alias.x",
        },
    )
    assert release.status_code == 409
    mp.rt.settings.payments_reconcile_pending_after_seconds = 0
    await reconcile.reconcile(mp.rt)
    assert (await mp.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
        "estado"
    ] == "REEMBOLSADO"
    sent = standin.received("POST", path)
    assert len(sent) == 3
    assert len({r.idempotency_key for r in sent}) == 1
    assert len(standin.state.payments[str(payment["id"])]["refunds"]) == 1
    await check_ledger(mp.rt)


async def test_refund_refused_because_charged_back_becomes_a_chargeback(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    opened = await mp.open(amount="3000.00")
    payment = standin.pay(opened["payment_preference_id"])
    await mp.webhook(str(payment["id"]))
    await mp.drain()
    standin.set_payment_status(str(payment["id"]), "charged_back")
    answer = await mp.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "x"}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["estado"] == "CONTRACARGO"
    await check_ledger(mp.rt)


async def test_chargeback_notification(mp: Harness, standin: MercadoPagoStandIn) -> None:
    opened = await mp.open(amount="3000.00")
    payment = standin.pay(opened["payment_preference_id"])
    await mp.webhook(str(payment["id"]))
    await mp.drain()
    standin.set_payment_status(str(payment["id"]), "charged_back")
    chargeback_id = next(iter(standin.state.chargebacks))
    await mp.webhook(chargeback_id, topic="chargebacks", action="created")
    await mp.drain()
    assert (await mp.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
        "estado"
    ] == "CONTRACARGO"
    refund_events = [p for kind, p in await outbox_types(mp.rt) if kind == "RefundIssued"]
    assert [p["origen"] for p in refund_events] == ["contracargo"]
    await check_ledger(mp.rt)


async def test_reconciliation_finds_a_payment_whose_webhook_was_lost(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    opened = await mp.open(amount="1234.56")
    standin.pay(opened["payment_preference_id"], "rejected")
    standin.pay(opened["payment_preference_id"])
    mp.rt.settings.payments_reconcile_pending_after_seconds = 0
    result = await reconcile.reconcile(mp.rt)
    assert result.acreditados == 1
    assert (await mp.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
        "estado"
    ] == "APROBADO"
    assert standin.received("GET", "/v1/payments/search")
    await check_ledger(mp.rt)


async def test_payouts_through_the_payouts_api(mp: Harness, standin: MercadoPagoStandIn) -> None:
    profesional = uuid.uuid4()
    admin = uuid.uuid4()
    for amount in ("10000.00", "20000.00"):
        opened = await mp.open(amount=amount, profesional_id=profesional)
        payment = standin.pay(opened["payment_preference_id"])
        await mp.webhook(str(payment["id"]))
        await mp.drain()
        released = await mp.internal.post(
            f"/internal/v1/payments/{opened['trabajo_id']}/release",
            json={
                "profesional_id": str(profesional),
                "comision_plataforma": str(Decimal(amount) / 5),
                "monto_liberado": str(Decimal(amount) * 4 / 5),
                "payout_account": "0000003100010000000001",
            },
        )
        assert released.status_code == 200, released.text
    first = await retiros.request_retiro(mp.rt, profesional, Decimal("16000.00"), profesional)
    sent = await retiros.approve(mp.rt, first.id, admin)
    assert sent.estado == "EN_PROCESO"  # MercadoPago answered "approved": created, not yet processed
    (request,) = standin.received("POST", "/v1/payouts")
    assert request.idempotency_key
    assert request.body["transaction"]["to"]["accounts"][0] == {
        "amount": 16000,
        "type": "current",
        "number": "0000003100010000000001",
    }
    assert request.body["external_reference"] == str(first.id)
    standin.set_payout_status(sent.referencia or "", "processed", "approved")
    await reconcile.reconcile(mp.rt)
    async with mp.rt.db.session(write=False) as session:
        stored = await session.get(ProviderRequest, request.idempotency_key)
    assert stored is not None
    assert stored.completed_at is not None
    second = await retiros.request_retiro(mp.rt, profesional, None, profesional)
    assert second.monto == Decimal("8000.00")
    await retiros.approve(mp.rt, second.id, admin)
    standin.set_payout_status(
        str(
            next(p["id"] for p in standin.state.payouts.values() if p["external_reference"] == str(second.id))
        ),
        "rejected",
        "by_bank",
    )
    await reconcile.reconcile(mp.rt)
    events = [p for kind, p in await outbox_types(mp.rt) if kind == "PayoutSent"]
    assert [p["amount"] for p in events] == ["16000.00"]
    from conectar.payments.service.reports import balance

    async with mp.rt.db.session(write=False) as session:
        totals = await balance(session, profesional)
    assert totals.retirado == Decimal("16000.00")
    assert totals.disponible == Decimal("8000.00")  # the rejected retiro came back
    assert totals.en_transito == Decimal("0.00")
    await check_ledger(mp.rt)


async def test_payout_request_shapes(standin: MercadoPagoStandIn) -> None:
    provider = provider_for(standin)
    answer = await provider.create_payout(
        "payout-key-1",
        PayoutRequest(
            external_reference="r-1", amount=Decimal("1500.25"), account="mi.alias.mp", description="x"
        ),
    )
    assert answer.status == "approved"
    (sent,) = standin.received("POST", "/v1/payouts")
    assert sent.body["transaction"]["to"]["accounts"][0] == {
        "amount": Decimal("1500.25"),
        "type": "alias",
        "alias": "mi.alias.mp",
    }
    assert sent.body["transaction"]["total_amount"] == Decimal("1500.25")
    assert (await provider.get_payout(answer.id)).id == answer.id
    await provider.close()
