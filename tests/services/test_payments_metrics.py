"""The payments metrics an operator pages on (issue #12), each driven by the real behaviour: money held in
escrow and payouts by state (measured from the database), reconciliation mismatches, refunds by outcome,
webhooks by outcome at the route and the time from a notification's receipt to its being applied.

The Prometheus registry is process-global: every assertion compares a reading before and after."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import update

from conectar.payments import app as payments_app
from conectar.payments import metrics
from conectar.payments.flows import reconcile, retiros
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import ProviderNotification, Retiro
from conectar.payments.providers.mercadopago import MercadoPagoProvider
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.runtime import WEBHOOK_PATH
from conectar.payments.signature import sign
from conectar.platform.db import utcnow
from conectar.standins.mercadopago import ACCESS_TOKEN, MercadoPagoStandIn
from tests.harness.payments import Harness, check_ledger, payments_service
from tests.services.conftest import Standalone

ESCROW = "conectar_payments_escrow_held_centavos"
PAYOUTS = "conectar_payments_payouts"
MISMATCHES = "conectar_payments_reconciliation_mismatches_total"
REFUNDS = "conectar_payments_refunds_total"
WEBHOOKS = "conectar_payments_webhooks_total"
PROCESSING = "conectar_payments_webhook_processing_seconds"
PAYOUT_ACCOUNT = "0000003100010000000001"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def samples(name: str, label: str, values: tuple[str, ...]) -> dict[str, float]:
    return {value: sample(name, **{label: value}) for value in values}


def moved(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """What changed between two readings (the labels that did not move left out)."""
    return {key: after[key] - before[key] for key in before if after[key] != before[key]}


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    """The payments service on the sandbox provider, with manual (batch) payouts."""
    async with payments_service(tmp_path, payout_provider=None) as harness:
        yield harness


@pytest.fixture
def standin() -> Iterator[MercadoPagoStandIn]:
    with MercadoPagoStandIn() as server:
        yield server


@pytest.fixture
async def mp(standin: MercadoPagoStandIn, tmp_path: Path) -> AsyncIterator[Harness]:
    """The payments service on MercadoPago (a local stand-in of its API)."""
    provider = MercadoPagoProvider(ACCESS_TOKEN, api_url=standin.url, timeout_seconds=1.0, max_retries=1)
    async with payments_service(
        tmp_path, provider=provider, payout_provider=provider, payment_provider="mercadopago"
    ) as harness:
        yield harness


async def funded_on_sandbox(
    h: Harness, amount: str, profesional_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """A trabajo paid at the sandbox checkout, its webhook delivered and handled: the money in escrow."""
    opened = await h.open(amount=amount, profesional_id=profesional_id)
    assert h.rt.sandbox is not None
    await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
    await h.drain()
    assert await estado(h, opened) == "APROBADO"
    return opened


async def funded_on_mercadopago(mp: Harness, standin: MercadoPagoStandIn, amount: str) -> dict[str, Any]:
    opened = await mp.open(amount=amount)
    payment = standin.pay(opened["payment_preference_id"])
    assert (await mp.webhook(str(payment["id"]))).status_code == 200
    await mp.drain()
    assert await estado(mp, opened) == "APROBADO"
    return {**opened, "payment_id": str(payment["id"])}


async def estado(h: Harness, opened: dict[str, Any]) -> str:
    status = await h.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")
    assert status.status_code == 200, status.text
    return str(status.json()["estado"])


async def release(h: Harness, opened: dict[str, Any], comision: str, liberado: str) -> None:
    released = await h.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json={
            "profesional_id": opened["profesional_id"],
            "comision_plataforma": comision,
            "monto_liberado": liberado,
            "payout_account": PAYOUT_ACCOUNT,
        },
    )
    assert released.status_code == 200, released.text
    assert released.json()["estado"] == "LIBERADO"


async def refund(h: Harness, opened: dict[str, Any]) -> Any:
    return await h.internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/refund", json={"motivo": "cancelado"}
    )


# --- money held in escrow, payouts waiting or failed (database-wide gauges) ----------------------------------


async def test_money_held_in_escrow_is_measured_from_the_ledger(h: Harness) -> None:
    first = await funded_on_sandbox(h, "2500.00")
    await metrics.measure(h.rt.db)
    assert sample(ESCROW) == 250_000
    second = await funded_on_sandbox(h, "1000.50")
    await metrics.measure(h.rt.db)
    assert sample(ESCROW) == 350_050
    await release(h, first, "500.00", "2000.00")  # out of escrow: to the professional and the platform
    await metrics.measure(h.rt.db)
    assert sample(ESCROW) == 100_050
    refunded = await refund(h, second)
    assert refunded.json()["estado"] == "REEMBOLSADO"
    await metrics.measure(h.rt.db)
    assert sample(ESCROW) == 0
    await check_ledger(h.rt)


async def test_payouts_waiting_and_failed_are_measured(h: Harness) -> None:
    profesional, admin = uuid.uuid4(), uuid.uuid4()
    for amount in ("10000.00", "20000.00"):
        opened = await funded_on_sandbox(h, amount, profesional)
        await release(h, opened, str(Decimal(amount) / 5), str(Decimal(amount) * 4 / 5))

    async def measured() -> dict[str, float]:
        await metrics.measure(h.rt.db)
        return samples(PAYOUTS, "state", ("pending", "failed"))

    assert await measured() == {"pending": 0, "failed": 0}
    first = await retiros.request_retiro(h.rt, profesional, Decimal("5000.00"), profesional)  # SOLICITADO
    assert await measured() == {"pending": 1, "failed": 0}
    await retiros.create_lote(h.rt, admin, [first.id])  # EN_PROCESO: still waiting for the money to arrive
    second = await retiros.request_retiro(h.rt, profesional, Decimal("1000.00"), profesional)
    assert await measured() == {"pending": 2, "failed": 0}
    await retiros.fail(h.rt, first.id, "la transferencia rebotó")  # FALLIDO
    assert await measured() == {"pending": 1, "failed": 1}
    await retiros.reject(h.rt, second.id, "cuenta equivocada", admin)  # RECHAZADO: neither
    assert await measured() == {"pending": 0, "failed": 1}
    # A failure stays FALLIDO for good: the gauge counts those of the last 24 hours.
    async with h.rt.db.session() as session:
        await session.execute(
            update(Retiro)
            .where(Retiro.id == first.id)
            .values(fecha_actualizacion=utcnow() - timedelta(hours=24, minutes=1))
        )
    assert await measured() == {"pending": 0, "failed": 0}
    await check_ledger(h.rt)


async def test_every_replica_measures_the_gauges_on_its_own(h: Harness) -> None:
    gauges = metrics.gauges(h.rt.db, interval_seconds=0.05)
    gauges.start()
    try:
        await funded_on_sandbox(h, "4321.00")
        deadline = time.monotonic() + 5
        while sample(ESCROW) != 432_100:
            assert time.monotonic() < deadline, "the loop did not measure the escrow"
            await asyncio.sleep(0.02)
    finally:
        await gauges.stop()
    assert metrics.GAUGE_SECONDS == 30.0


async def test_the_running_service_measures_its_gauges_every_30_seconds(standalone: Standalone) -> None:
    gauges = standalone.ctx("payments").extras[payments_app.GAUGES_KEY]
    assert gauges.interval == 30.0
    assert gauges.running


# --- webhooks at the route, and their processing time ---------------------------------------------------------


async def test_webhooks_are_counted_by_outcome(h: Harness) -> None:
    outcomes = ("accepted", "duplicate", "bad_signature", "malformed", "unknown_payment")
    before = samples(WEBHOOKS, "outcome", outcomes)
    assert (await h.webhook("31415", notification_id=7)).json() == {"status": "received"}
    assert moved(before, samples(WEBHOOKS, "outcome", outcomes)) == {"accepted": 1}

    before = samples(WEBHOOKS, "outcome", outcomes)
    assert (await h.webhook("31415", notification_id=7)).json() == {"status": "duplicate"}
    assert moved(before, samples(WEBHOOKS, "outcome", outcomes)) == {"duplicate": 1}

    before = samples(WEBHOOKS, "outcome", outcomes)
    assert (await h.webhook("27182", secret="not-the-secret")).status_code == 401
    assert moved(before, samples(WEBHOOKS, "outcome", outcomes)) == {"bad_signature": 1}

    before = samples(WEBHOOKS, "outcome", outcomes)
    request_id = str(uuid.uuid4())
    signed = sign(h.secret, data_id=None, request_id=request_id, ts=int(time.time()))
    nothing = await h.internal.post(
        WEBHOOK_PATH,
        json={"type": "payment", "action": "payment.updated"},  # no data.id anywhere
        headers={"x-signature": signed, "x-request-id": request_id},
    )
    assert nothing.json() == {"status": "ignored"}
    assert moved(before, samples(WEBHOOKS, "outcome", outcomes)) == {"malformed": 1}

    # The accepted webhook named a payment the provider does not know: counted when its job finds out.
    before = samples(WEBHOOKS, "outcome", outcomes)
    assert await h.ctx.queues.run_once(NOTIFICATIONS_QUEUE) == 1
    assert moved(before, samples(WEBHOOKS, "outcome", outcomes)) == {"unknown_payment": 1}


async def test_webhook_processing_is_timed_from_receipt_to_applied(h: Harness) -> None:
    opened = await h.open(amount="12000.00")
    assert h.rt.sandbox is not None
    await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
    assert await h.ctx.queues.drain(WEBHOOKS_QUEUE) == 1  # the sandbox's webhook: stored, not yet handled
    async with h.rt.db.session() as session:  # it arrived 7 s ago
        await session.execute(
            update(ProviderNotification).values(received_at=utcnow() - timedelta(seconds=7))
        )
    count, total = sample(f"{PROCESSING}_count"), sample(f"{PROCESSING}_sum")
    under_5s, under_10s = (sample(f"{PROCESSING}_bucket", le=le) for le in ("5.0", "10.0"))
    await h.drain()
    assert await estado(h, opened) == "APROBADO"
    assert sample(f"{PROCESSING}_count") == count + 1
    assert 7 <= sample(f"{PROCESSING}_sum") - total < 10
    assert sample(f"{PROCESSING}_bucket", le="5.0") == under_5s
    assert sample(f"{PROCESSING}_bucket", le="10.0") == under_10s + 1
    # A notification handled again (its job run twice) is not timed twice.
    await h.drain()
    assert sample(f"{PROCESSING}_count") == count + 1


# --- refunds -----------------------------------------------------------------------------------------------


async def test_refunds_are_counted_issued_pending_and_refused(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    outcomes = ("issued", "pending", "refused")

    # Issued: the provider confirms our refund at once.
    opened = await funded_on_mercadopago(mp, standin, "5000.00")
    before = samples(REFUNDS, "outcome", outcomes)
    assert (await refund(mp, opened)).json()["estado"] == "REEMBOLSADO"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {"issued": 1}

    # Pending: the provider does not answer (the refund stays pending); reconciliation asks again: issued.
    opened = await funded_on_mercadopago(mp, standin, "7000.00")
    standin.fail("POST", f"/v1/payments/{opened['payment_id']}/refunds", delay_after=3.0, times=2)
    before = samples(REFUNDS, "outcome", outcomes)
    assert (await refund(mp, opened)).json()["estado"] == "REEMBOLSO_PENDIENTE"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {"pending": 1}
    before = samples(REFUNDS, "outcome", outcomes)
    await reconcile.reconcile(mp.rt)
    assert await estado(mp, opened) == "REEMBOLSADO"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {"issued": 1}

    # Refused: the provider says no for good; the money stays in escrow.
    opened = await funded_on_mercadopago(mp, standin, "3000.00")
    standin.fail("POST", f"/v1/payments/{opened['payment_id']}/refunds", status=400)
    before = samples(REFUNDS, "outcome", outcomes)
    assert (await refund(mp, opened)).status_code == 502
    assert await estado(mp, opened) == "APROBADO"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {"refused": 1}

    # A refund made in the provider's panel, reported by its webhook: the money went back too.
    standin.set_payment_status(opened["payment_id"], "refunded")
    before = samples(REFUNDS, "outcome", outcomes)
    await mp.webhook(opened["payment_id"])
    await mp.drain()
    assert await estado(mp, opened) == "REEMBOLSADO"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {"issued": 1}

    # A chargeback is not a refund.
    opened = await funded_on_mercadopago(mp, standin, "2000.00")
    standin.set_payment_status(opened["payment_id"], "charged_back")
    before = samples(REFUNDS, "outcome", outcomes)
    await mp.webhook(opened["payment_id"])
    await mp.drain()
    assert await estado(mp, opened) == "CONTRACARGO"
    assert moved(before, samples(REFUNDS, "outcome", outcomes)) == {}
    await check_ledger(mp.rt)


# --- reconciliation mismatches ----------------------------------------------------------------------------------


async def test_reconciliation_counts_a_payment_that_does_not_match_its_trabajo(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    mp.rt.settings.payments_reconcile_pending_after_seconds = 0
    tampered = await mp.open(amount="15000.00")
    standin.pay(tampered["payment_preference_id"], amount=Decimal("1.00"))  # webhook lost, wrong amount
    lost = await mp.open(amount="800.00")
    standin.pay(lost["payment_preference_id"])  # webhook lost: reconciliation credits it, no mismatch
    before = sample(MISMATCHES)
    result = await reconcile.reconcile(mp.rt)
    assert result.acreditados == 1
    assert (await estado(mp, tampered), await estado(mp, lost)) == ("PENDIENTE", "APROBADO")
    assert sample(MISMATCHES) == before + 1
    # Still there the next time the job runs: found again.
    await reconcile.reconcile(mp.rt)
    assert sample(MISMATCHES) == before + 2
    await check_ledger(mp.rt)


async def test_reconciliation_counts_funded_payments_the_provider_contradicts(
    mp: Harness, standin: MercadoPagoStandIn
) -> None:
    fine = await funded_on_mercadopago(mp, standin, "1000.00")
    missing = await funded_on_mercadopago(mp, standin, "2000.00")
    changed = await funded_on_mercadopago(mp, standin, "3000.00")
    with standin.lock:
        del standin.state.payments[missing["payment_id"]]  # the provider no longer knows it
        standin.state.payments[changed["payment_id"]]["transaction_amount"] = Decimal("30.00")
    before = sample(MISMATCHES)
    await reconcile.reconcile(mp.rt)
    assert sample(MISMATCHES) == before + 2
    assert {await estado(mp, o) for o in (fine, missing, changed)} == {"APROBADO"}  # nothing moved
    await check_ledger(mp.rt)
