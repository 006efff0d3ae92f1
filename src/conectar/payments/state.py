"""The payment intent's state machine, as a table: (from, trigger, to, actor or timer, actions).

Every state that holds money has an exit: APROBADO leaves by release or refund (asked by the chat
service, whose own timers release 72 h after completion); REEMBOLSO_PENDIENTE is retried by the
reconciliation job until the provider confirms or refuses; provider-reported refunds and chargebacks can
take the money out of any funded state. Payouts have their own small table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conectar.contracts.payments import PaymentEstado as Estado


class Trigger(StrEnum):
    PAYMENT_APPROVED = "payment_approved"
    PAYMENT_REJECTED = "payment_rejected"
    RELEASE = "release"
    REFUND_REQUESTED = "refund_requested"
    REFUND_CONFIRMED = "refund_confirmed"
    REFUND_REFUSED = "refund_refused"
    PROVIDER_REFUNDED = "provider_refunded"
    CHARGEBACK = "chargeback"


@dataclass(frozen=True)
class Transition:
    sources: frozenset[Estado]
    trigger: Trigger
    target: Estado
    actor: str
    actions: tuple[str, ...]


def _t(sources: set[Estado], trigger: Trigger, target: Estado, actor: str, *actions: str) -> Transition:
    return Transition(frozenset(sources), trigger, target, actor, actions)


UNPAID = {Estado.PENDIENTE, Estado.RECHAZADO}
IN_ESCROW = {Estado.APROBADO, Estado.REEMBOLSO_PENDIENTE}

TRANSITIONS: tuple[Transition, ...] = (
    _t(
        UNPAID,
        Trigger.PAYMENT_APPROVED,
        Estado.APROBADO,
        "provider (webhook or reconciliation), verified",
        "post FUNDING: client funding → escrow",
        "publish PaymentConfirmed",
    ),
    _t({Estado.PENDIENTE}, Trigger.PAYMENT_REJECTED, Estado.RECHAZADO, "provider", "remember the status"),
    _t(
        {Estado.APROBADO},
        Trigger.RELEASE,
        Estado.LIBERADO,
        "chat service (client confirms, 72 h timer, dispute resolved)",
        "post RELEASE: escrow → professional payable + platform revenue",
    ),
    _t(
        {Estado.APROBADO},
        Trigger.REFUND_REQUESTED,
        Estado.REEMBOLSO_PENDIENTE,
        "chat service (cancel, admin, dispute resolved)",
        "persist the refund and its idempotency key",
        "ask the provider's refund API (retried by reconciliation)",
    ),
    _t(
        {Estado.REEMBOLSO_PENDIENTE},
        Trigger.REFUND_CONFIRMED,
        Estado.REEMBOLSADO,
        "provider answer, or reconciliation timer",
        "post REFUND: escrow → client refunds",
        "publish RefundIssued",
    ),
    _t(
        {Estado.REEMBOLSO_PENDIENTE},
        Trigger.REFUND_REFUSED,
        Estado.APROBADO,
        "provider refuses for good",
        "mark the refund failed",
    ),
    _t(
        UNPAID | IN_ESCROW,
        Trigger.PROVIDER_REFUNDED,
        Estado.REEMBOLSADO,
        "provider (webhook or reconciliation)",
        "post FUNDING first when it was never seen approved",
        "post REFUND: escrow → client refunds",
        "publish RefundIssued",
    ),
    _t(
        UNPAID | IN_ESCROW,
        Trigger.CHARGEBACK,
        Estado.CONTRACARGO,
        "provider (webhook or reconciliation)",
        "post FUNDING first when it was never seen approved",
        "post CHARGEBACK: escrow → client refunds",
        "publish RefundIssued",
    ),
    # After release the escrow is empty: a refund or chargeback the provider reports is a platform loss.
    _t(
        {Estado.LIBERADO},
        Trigger.PROVIDER_REFUNDED,
        Estado.LIBERADO,
        "provider",
        "post REVERSAL_AFTER_RELEASE: platform losses → client refunds (once)",
        "publish RefundIssued",
    ),
    _t(
        {Estado.LIBERADO},
        Trigger.CHARGEBACK,
        Estado.LIBERADO,
        "provider",
        "post REVERSAL_AFTER_RELEASE: platform losses → client refunds (once)",
        "publish RefundIssued",
    ),
)

_BY_KEY: dict[tuple[Estado, Trigger], Transition] = {
    (source, transition.trigger): transition for transition in TRANSITIONS for source in transition.sources
}


def transition(current: Estado | str, trigger: Trigger) -> Transition | None:
    """The transition ``trigger`` takes from ``current``, or None when it does not apply."""
    return _BY_KEY.get((Estado(current), trigger))


class PayoutEstado(StrEnum):
    SOLICITADO = "SOLICITADO"  # requested: the amount is reserved (payable → in transit)
    EN_PROCESO = "EN_PROCESO"  # sent to the payout provider, or in a manual batch
    PAGADO = "PAGADO"  # confirmed: in transit → paid out; PayoutSent published
    FALLIDO = "FALLIDO"  # the provider failed it: in transit → payable again
    RECHAZADO = "RECHAZADO"  # an admin refused it: in transit → payable again


PAYOUT_TRANSITIONS: tuple[tuple[frozenset[PayoutEstado], PayoutEstado, str], ...] = (
    (frozenset({PayoutEstado.SOLICITADO}), PayoutEstado.EN_PROCESO, "admin approves or batches it"),
    (frozenset({PayoutEstado.SOLICITADO}), PayoutEstado.RECHAZADO, "admin rejects it"),
    (frozenset({PayoutEstado.EN_PROCESO}), PayoutEstado.PAGADO, "provider confirms, or admin pays batch"),
    (frozenset({PayoutEstado.EN_PROCESO}), PayoutEstado.FALLIDO, "provider fails it"),
)


def payout_can(current: PayoutEstado | str, target: PayoutEstado) -> bool:
    return any(PayoutEstado(current) in sources and target is goal for sources, goal, _ in PAYOUT_TRANSITIONS)
