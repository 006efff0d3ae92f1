"""Provider notifications: recorded once when they arrive, with their job (the webhook answers at once),
handled by the ``payments.notifications`` work queue: the payment is always fetched from the provider with
our own token and acted on only when its status, amount, currency and external_reference agree with ours.

Only the first approved payment of a trabajo funds its escrow. Any other approved payment for the same
trabajo (the payer went through the checkout twice) is refunded in full through the provider: it never
entered the escrow, so the ledger does not move."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import structlog
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments import repository as repo
from conectar.payments.metrics import WEBHOOK_PROCESSING
from conectar.payments.models import PaymentIntent
from conectar.payments.money import CURRENCY, to_centavos
from conectar.payments.providers.base import ProviderPayment
from conectar.payments.service import escrow
from conectar.payments.service.escrow import ORIGEN_CONTRACARGO, ORIGEN_PROVEEDOR
from conectar.payments.state import IN_ESCROW, UNPAID, TransitionName
from conectar.platform.db import on_commit
from conectar.platform.observability import observe

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


async def apply_to_intent(
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
            escrow.move(intent, TransitionName.PAGO_RECHAZADO)
            intent.provider_status = status
            return "rejected"
        return "noop"
    if status in ("refunded", "charged_back"):
        chargeback = status == "charged_back"
        name = TransitionName.CONTRACARGO if chargeback else TransitionName.REEMBOLSO_DEL_PROVEEDOR
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
                name, origen = TransitionName.REEMBOLSO_CONFIRMADO, escrow.ORIGEN_PLATAFORMA
                record = await repo.refund_by_trabajo(session, intent.trabajo_id, lock=True)
                motivo = record.motivo if record is not None else "Reembolso"
            else:
                motivo = "Contracargo informado por el proveedor" if chargeback else "Reembolso del proveedor"
            await escrow.exit_escrow(
                session, rt, intent, name=name, refund_id=refund_id, origen=origen, motivo=motivo
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
