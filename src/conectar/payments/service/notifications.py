"""Provider notifications: recorded once when they arrive, with their job (the webhook answers at once),
handled by the ``payments.notifications`` work queue: the payment is always fetched from the provider with
our own token and acted on only when its status, amount, currency and external_reference agree with ours.

Only the first approved payment of a trabajo funds its escrow. Any other approved payment for the same
trabajo (the payer went through the checkout twice) is refunded in full through the provider: it never
entered the escrow, so the ledger does not move."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments import repository as repo
from conectar.payments.metrics import WEBHOOK_PROCESSING, WEBHOOKS
from conectar.payments.models import PaymentIntent
from conectar.payments.money import CURRENCY, to_centavos
from conectar.payments.providers.base import ProviderError, ProviderNotFound, ProviderPayment
from conectar.payments.service import escrow
from conectar.payments.service.escrow import ORIGEN_CONTRACARGO, ORIGEN_PROVEEDOR, trabajo_uuid
from conectar.payments.state import IN_ESCROW, UNPAID, Trigger
from conectar.platform.db import on_commit
from conectar.platform.observability import observe
from conectar.platform.workqueue import Dead, Done, Job, Outcome, RetryAfter

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)

SOURCE = "mercadopago"
DUPLICATE_PAYMENT = "duplicate_payment"
PAYMENT_TOPICS = frozenset({"payment", "payments"})
CHARGEBACK_TOPICS = frozenset({"chargebacks", "chargeback", "topic_chargebacks_wh"})
NOTIFICATION_OUTCOMES = Counter(
    "conectar_payments_notifications_total", "Provider notifications handled, by outcome", ["outcome"]
)


async def record_notification(
    rt: PaymentsRuntime,
    *,
    external_id: str,
    topic: str,
    action: str | None,
    resource_id: str,
    request_id: str | None,
    payload: Mapping[str, Any],
) -> bool:
    """Store the notification once (insert-or-ignore on source and external id, group-committed with
    concurrent ones) and, when new, its job in the same transaction; True when new."""
    return await rt.inbox.store(
        {
            "source": SOURCE,
            "external_id": external_id[:200],
            "topic": topic[:32],
            "action": action[:64] if action else None,
            "resource_id": resource_id[:64],
            "request_id": request_id[:128] if request_id else None,
            "payload": dict(payload),
        }
    )


async def handle_job(rt: PaymentsRuntime, job: Job) -> Outcome:
    """The ``payments.notifications`` handler. Idempotent: a notification already handled (``handled_at``)
    is done; handling one twice (a worker died before finishing its job) changes nothing more, since every
    effect is guarded by the intent's row lock and unique keys. A failure is recorded on the notification
    (``last_error``) and retried with the queue's backoff."""
    notification_id = uuid.UUID(str(job.payload["notification_id"]))
    async with rt.db.session(write=False) as session:
        row = await repo.notification(session, notification_id)
    if row is None:
        return Dead(f"notification {notification_id} does not exist")
    if row["handled_at"] is not None:
        return Done()
    try:
        await handle_notification(rt, row)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {str(exc)[:500]}"
        async with rt.db.session() as session:
            await repo.notification_failed(session, notification_id, reason)
        log.warning("notification_failed", notification_id=str(notification_id), error=reason[:200])
        return RetryAfter(reason)
    return Done()


async def handle_notification(rt: PaymentsRuntime, row: Mapping[str, Any]) -> None:
    """Handle one stored notification and stamp it handled; raising means try again later."""
    topic = str(row["topic"]).lower()
    resource_id = str(row["resource_id"])
    if topic in PAYMENT_TOPICS:
        try:
            payment = await rt.provider.get_payment(resource_id)
        except ProviderNotFound:
            # A correctly signed notice of a payment the provider does not know: recorded and settled, not
            # retried for ever (a real payment still reaches us: reconciliation asks about pending ones).
            async with rt.db.session() as session:
                await mark_handled(session, row["id"], "unknown_payment")
                on_commit(session, WEBHOOKS.labels("unknown_payment").inc)
            NOTIFICATION_OUTCOMES.labels("unknown_payment").inc()
            log.warning("payment_notification_unknown", resource_id=resource_id[:64])
            return
        await apply_provider_payment(rt, payment, notification_id=row["id"])
        return
    if topic in CHARGEBACK_TOPICS:
        outcomes = []
        for payment_id in await rt.provider.chargeback_payment_ids(resource_id):
            payment = await rt.provider.get_payment(payment_id)
            outcomes.append(await apply_provider_payment(rt, payment))
        async with rt.db.session() as session:
            await mark_handled(session, row["id"], ",".join(outcomes) or "no_payments")
        return
    async with rt.db.session() as session:
        await mark_handled(session, row["id"], f"ignored:{topic}")
    NOTIFICATION_OUTCOMES.labels("ignored").inc()


async def mark_handled(session: AsyncSession, notification_id: Any, outcome: str) -> None:
    """Stamp the notification handled (in the unit of work of its effect) and, once that commits, observe
    how long it took from its receipt (``conectar_payments_webhook_processing_seconds``)."""
    stamped = await repo.mark_notification(session, notification_id, outcome)
    if stamped is not None:
        received_at, handled_at = stamped
        waited = max(0.0, (handled_at - received_at).total_seconds())
        on_commit(session, lambda: observe(WEBHOOK_PROCESSING, waited))


def mismatch(intent: PaymentIntent, payment: ProviderPayment) -> str | None:
    """Why the provider's payment does not belong to this intent, or None when it does."""
    if payment.external_reference != str(intent.trabajo_id):
        return "external_reference"
    if payment.currency != CURRENCY or intent.currency != CURRENCY:
        return "currency"
    try:
        if to_centavos(payment.amount) != intent.amount_centavos:
            return "amount"
    except ValueError:
        return "amount"
    return None


async def apply_provider_payment(
    rt: PaymentsRuntime,
    payment: ProviderPayment,
    *,
    notification_id: Any = None,
    source: str = "webhook",
) -> str:
    """Bring our state in line with the provider's payment; returns what happened."""
    trabajo_id = trabajo_uuid(payment.external_reference)
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True) if trabajo_id else None
        if intent is None:
            outcome = "unknown_reference"
        else:
            outcome = await _apply(session, rt, intent, payment)
        if notification_id is not None and outcome != DUPLICATE_PAYMENT:
            await mark_handled(session, notification_id, outcome)
    if outcome == DUPLICATE_PAYMENT:
        # The refund's key is committed; now ask the provider. A failure raises, so the notification stays
        # unhandled and its job asks again later with the same key.
        outcome = await _refund_duplicate(rt, payment)
        if notification_id is not None:
            async with rt.db.session() as session:
                await mark_handled(session, notification_id, outcome)
    NOTIFICATION_OUTCOMES.labels(outcome.split(":", 1)[0]).inc()
    log.info(
        "provider_payment_applied",
        source=source,
        outcome=outcome,
        payment_id=payment.id,
        status=payment.status,
        trabajo_id=str(trabajo_id) if trabajo_id else None,
    )
    return outcome


async def _apply(
    session: AsyncSession, rt: PaymentsRuntime, intent: PaymentIntent, payment: ProviderPayment
) -> str:
    problem = mismatch(intent, payment)
    if problem is not None:
        log.warning("provider_payment_mismatch", field=problem, payment_id=payment.id)
        return f"mismatch:{problem}"
    if intent.payment_id is not None and intent.payment_id != payment.id:
        # Another payment for the same trabajo (an earlier rejected attempt, or a second payment). Only the
        # first approved one funds the escrow; a second approved one goes back to the payer.
        if payment.status == "approved":
            log.warning("duplicate_payment", trabajo_id=str(intent.trabajo_id), payment_id=payment.id)
            await repo.record_provider_request(
                session,
                key=duplicate_refund_key(payment.id),
                provider=intent.provider,
                operation="duplicate_refund",
                subject_id=intent.id,
            )
            return DUPLICATE_PAYMENT
        return f"other_payment:{payment.status}"
    estado = Estado(intent.estado)
    status = payment.status
    if status == "approved":
        if estado in UNPAID:
            await escrow.fund(session, rt, intent, payment_id=payment.id, approved_at=payment.date_approved)
            intent.provider_status = status
            return "funded"
        return "noop"
    if status in ("rejected", "cancelled"):
        if estado is Estado.PENDIENTE:
            escrow.move(intent, Trigger.PAYMENT_REJECTED)
            intent.provider_status = status
            return "rejected"
        return "noop"
    if status in ("refunded", "charged_back"):
        chargeback = status == "charged_back"
        trigger = Trigger.CHARGEBACK if chargeback else Trigger.PROVIDER_REFUNDED
        origen = ORIGEN_CONTRACARGO if chargeback else ORIGEN_PROVEEDOR
        refund_id = payment.refunds[-1].id if payment.refunds and not chargeback else f"cb-{payment.id}"
        intent.provider_status = status
        if estado in UNPAID:
            # Approved and refunded before we heard of it: record both, in order.
            await escrow.fund(session, rt, intent, payment_id=payment.id, approved_at=payment.date_approved)
            estado = Estado(intent.estado)
        if estado in IN_ESCROW:
            if estado is Estado.REEMBOLSO_PENDIENTE and not chargeback:
                # Our own refund, confirmed by the provider before its answer reached us.
                trigger, origen = Trigger.REFUND_CONFIRMED, escrow.ORIGEN_PLATAFORMA
                record = await repo.refund_by_trabajo(session, intent.trabajo_id, lock=True)
                motivo = record.motivo if record is not None else "Reembolso"
            else:
                motivo = "Contracargo informado por el proveedor" if chargeback else "Reembolso del proveedor"
            await escrow.exit_escrow(
                session, rt, intent, trigger=trigger, refund_id=refund_id, origen=origen, motivo=motivo
            )
            return status
        if estado is Estado.LIBERADO:
            reversed_now = await escrow.reverse_after_release(
                session, rt, intent, refund_id=refund_id, origen=origen
            )
            return "reversed_after_release" if reversed_now else "noop"
        return "noop"
    return f"pending:{status}"


def duplicate_refund_key(payment_id: str) -> str:
    """The idempotency key of the refund of a duplicate payment: one per payment, whoever asks."""
    return f"duplicate-refund-{payment_id}"[:64]


async def _refund_duplicate(rt: PaymentsRuntime, payment: ProviderPayment) -> str:
    """Refund in full a second approved payment of an already funded trabajo (its key already stored)."""
    key = duplicate_refund_key(payment.id)
    try:
        answer = await rt.provider.refund_payment(key, payment.id)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, key, error=str(exc)[:500])
        log.warning("duplicate_refund_failed", payment_id=payment.id, error=str(exc)[:200])
        raise
    async with rt.db.session() as session:
        await repo.provider_request_attempted(session, key, response_id=answer.id)
    return "duplicate_refunded"
