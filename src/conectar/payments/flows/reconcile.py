"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Reconciliation: ask the provider about money whose fate we have not heard (a lost webhook, a provider that
# did not answer) and bring the local state in line. Runs as a periodic job (one replica at a time, by lease)
# and as ``conectar payments reconcile``; every step is idempotent, so running it twice is harmless.

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import structlog

from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments import repository as repo
from conectar.payments.flows import intents, retiros
from conectar.payments.flows.notifications import apply_provider_payment
from conectar.payments.metrics import RECONCILIATION_MISMATCHES
from conectar.payments.providers.base import ProviderNotFound
from conectar.payments.schemas import ConciliacionResultado
from conectar.payments.service.notifications import mismatch
from conectar.payments.state import EstadoRetiro
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)

APPROVED_FIRST = {"approved": 0, "refunded": 1, "charged_back": 1}
# Card chargebacks can arrive months later; past this age a paid trabajo is no longer polled.
CHARGEBACK_WINDOW = timedelta(days=180)
# How applying a provider's payment answers when it is not the trabajo's (amount, currency, reference).
MISMATCH = "mismatch:"


def _mismatch_found(trabajo_id: object, payment_id: str, what: str) -> None:
    """The provider's payment and our record of the trabajo disagree: counted for the operator."""
    RECONCILIATION_MISMATCHES.inc()
    log.error("reconcile_mismatch", trabajo_id=str(trabajo_id), payment_id=payment_id, mismatch=what)


async def reconcile_by_staff(rt: PaymentsRuntime, actor: Actor) -> ConciliacionResultado:
    """An ADMIN asked for a reconciliation now. It decides nothing of its own (each step applies what the
    provider says, in its own unit of work), so the request is recorded once it has run, with its result."""
    result = await reconcile(rt)
    async with rt.db.session() as session:
        await rt.ctx.audit.record(
            session,
            actor,
            accion="pagos.conciliar",
            recurso="conciliacion",
            recurso_id=None,
            detalle=result.model_dump(),
        )
    return result


async def reconcile(rt: PaymentsRuntime) -> ConciliacionResultado:
    settings = rt.settings
    limit = settings.payments_reconcile_batch_size
    result = {"pendientes": 0, "acreditados": 0, "reembolsos": 0, "garantias": 0, "retiros": 0, "errores": 0}

    # 1. Checkouts left unpaid for a while: did a payment arrive whose webhook we missed?
    async with rt.db.session(write=False) as session:
        unpaid = await repo.intents_to_reconcile(
            session,
            [Estado.PENDIENTE.value, Estado.RECHAZADO.value],
            created_before=utcnow() - timedelta(seconds=settings.payments_reconcile_pending_after_seconds),
            limit=limit,
        )
    # Every record asked about is stamped, so that one that keeps failing goes to the back of the line;
    # its failure (the provider's, or applying its answer) is counted and never stops the others.
    checked = []
    for intent in unpaid:
        checked.append(intent.id)
        try:
            found = await rt.provider.search_payments(str(intent.trabajo_id))
            for payment in sorted(found, key=lambda p: APPROVED_FIRST.get(p.status, 2)):
                outcome = await apply_provider_payment(rt, payment, source="reconcile")
                if outcome.startswith(MISMATCH):
                    _mismatch_found(intent.trabajo_id, payment.id, outcome)
                if outcome in ("funded", "refunded", "charged_back"):
                    result["acreditados"] += 1
                    break
        except Exception as exc:
            result["errores"] += 1
            log.warning("reconcile_search_failed", trabajo_id=str(intent.trabajo_id), error=str(exc)[:200])
            continue
        result["pendientes"] += 1

    # 2. Refunds asked but not confirmed: ask again with the same idempotency key.
    async with rt.db.session(write=False) as session:
        pending = await repo.pending_refunds(session, limit)
    for refund in pending:
        result["reembolsos"] += 1
        try:
            await intents.execute_refund(rt, refund.trabajo_id)
        except Exception as exc:
            result["errores"] += 1
            log.warning("reconcile_refund_failed", trabajo_id=str(refund.trabajo_id), error=str(exc)[:200])

    # 3. Money in escrow (or released): refunds and chargebacks the provider did not tell us about.
    async with rt.db.session(write=False) as session:
        funded = await repo.intents_to_reconcile(
            session,
            [Estado.APROBADO.value, Estado.LIBERADO.value],
            created_before=utcnow(),
            created_after=utcnow() - CHARGEBACK_WINDOW,
            limit=limit,
        )
    for intent in funded:
        if intent.payment_id is None:
            continue
        checked.append(intent.id)
        try:
            payment = await rt.provider.get_payment(intent.payment_id)
            if payment.status in ("refunded", "charged_back"):
                outcome = await apply_provider_payment(rt, payment, source="reconcile")
                if outcome.startswith(MISMATCH):
                    _mismatch_found(intent.trabajo_id, payment.id, outcome)
            elif (problem := mismatch(intent, payment)) is not None:
                _mismatch_found(intent.trabajo_id, payment.id, f"{MISMATCH}{problem}")
        except ProviderNotFound:
            result["errores"] += 1
            RECONCILIATION_MISMATCHES.inc()
            log.error("reconcile_payment_missing", trabajo_id=str(intent.trabajo_id))
            continue
        except Exception as exc:
            result["errores"] += 1
            log.warning("reconcile_lookup_failed", trabajo_id=str(intent.trabajo_id), error=str(exc)[:200])
            continue
        result["garantias"] += 1
    async with rt.db.session() as session:
        await repo.stamp_reconciled(session, checked)

    # 4. Payouts sent to a provider and not confirmed: look them up, or send again with the same key.
    if rt.payout_provider is not None:
        provider = rt.payout_provider
        async with rt.db.session(write=False) as session:
            in_flight = await repo.retiros_in_state(
                session, EstadoRetiro.EN_PROCESO.value, limit=limit, provider=provider.name
            )
        for retiro in in_flight:
            result["retiros"] += 1
            try:
                if retiro.provider_payout_id is None:
                    await retiros.send(rt, retiro.id)
                else:
                    answer = await provider.get_payout(retiro.provider_payout_id)
                    await retiros.apply_provider_payout(rt, retiro.id, answer)
            except Exception as exc:
                result["errores"] += 1
                log.warning("reconcile_payout_failed", payout_id=str(retiro.id), error=str(exc)[:200])
    log.info("reconciled", **result)
    return ConciliacionResultado(
        pendientes_revisados=result["pendientes"],
        acreditados=result["acreditados"],
        reembolsos_reintentados=result["reembolsos"],
        garantias_revisadas=result["garantias"],
        retiros_revisados=result["retiros"],
        errores=result["errores"],
    )
