"""The payment's state machine, as a table of transitions (name, from, to, actor or timer, actions), the
same shape as the chat service's (``conectar.chat.statemachine``): Spanish names and states, English
mechanics.

Every state that holds money has an exit: APROBADO leaves by release or refund (asked by the chat
service, whose own timers release 72 h after completion); REEMBOLSO_PENDIENTE is retried by the
reconciliation job until the provider confirms or refuses; provider-reported refunds and chargebacks can
take the money out of any funded state. Retiros have their own small table below.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from conectar.contracts.payments import PaymentEstado as Estado


class TransitionName(StrEnum):
    """The transitions' names. Never stored: they name rows of the table (and read in refusals)."""

    PAGO_APROBADO = "pago_aprobado"
    PAGO_RECHAZADO = "pago_rechazado"
    LIBERAR = "liberar"
    PEDIR_REEMBOLSO = "pedir_reembolso"
    REEMBOLSO_CONFIRMADO = "reembolso_confirmado"
    REEMBOLSO_RECHAZADO = "reembolso_rechazado"
    REEMBOLSO_DEL_PROVEEDOR = "reembolso_del_proveedor"
    CONTRACARGO = "contracargo"


@dataclass(frozen=True)
class Transition:
    name: TransitionName
    sources: frozenset[Estado]
    target: Estado
    actor: str
    actions: tuple[str, ...]


def _t(sources: set[Estado], name: TransitionName, target: Estado, actor: str, *actions: str) -> Transition:
    return Transition(name, frozenset(sources), target, actor, actions)


UNPAID = {Estado.PENDIENTE, Estado.RECHAZADO}
IN_ESCROW = {Estado.APROBADO, Estado.REEMBOLSO_PENDIENTE}

TRANSITIONS: tuple[Transition, ...] = (
    _t(
        UNPAID,
        TransitionName.PAGO_APROBADO,
        Estado.APROBADO,
        "provider (webhook or reconciliation), verified",
        "post FUNDING: client funding → escrow",
        "publish PaymentConfirmed",
    ),
    _t(
        {Estado.PENDIENTE}, TransitionName.PAGO_RECHAZADO, Estado.RECHAZADO, "provider", "remember the status"
    ),
    _t(
        {Estado.APROBADO},
        TransitionName.LIBERAR,
        Estado.LIBERADO,
        "chat service (client confirms, 72 h timer, dispute resolved)",
        "post RELEASE: escrow → professional payable + platform revenue",
    ),
    _t(
        {Estado.APROBADO},
        TransitionName.PEDIR_REEMBOLSO,
        Estado.REEMBOLSO_PENDIENTE,
        "chat service (cancel, admin, dispute resolved)",
        "persist the refund and its idempotency key",
        "ask the provider's refund API (retried by reconciliation)",
    ),
    _t(
        {Estado.REEMBOLSO_PENDIENTE},
        TransitionName.REEMBOLSO_CONFIRMADO,
        Estado.REEMBOLSADO,
        "provider answer, or reconciliation timer",
        "post REFUND: escrow → client refunds",
        "publish RefundIssued",
    ),
    _t(
        {Estado.REEMBOLSO_PENDIENTE},
        TransitionName.REEMBOLSO_RECHAZADO,
        Estado.APROBADO,
        "provider refuses for good",
        "mark the refund failed",
    ),
    _t(
        UNPAID | IN_ESCROW,
        TransitionName.REEMBOLSO_DEL_PROVEEDOR,
        Estado.REEMBOLSADO,
        "provider (webhook or reconciliation)",
        "post FUNDING first when it was never seen approved",
        "post REFUND: escrow → client refunds",
        "publish RefundIssued",
    ),
    _t(
        UNPAID | IN_ESCROW,
        TransitionName.CONTRACARGO,
        Estado.CONTRACARGO,
        "provider (webhook or reconciliation)",
        "post FUNDING first when it was never seen approved",
        "post CHARGEBACK: escrow → client refunds",
        "publish RefundIssued",
    ),
    # After release the escrow is empty: a refund or chargeback the provider reports is a platform loss.
    _t(
        {Estado.LIBERADO},
        TransitionName.REEMBOLSO_DEL_PROVEEDOR,
        Estado.LIBERADO,
        "provider",
        "post REVERSAL_AFTER_RELEASE: platform losses → client refunds (once)",
        "publish RefundIssued",
    ),
    _t(
        {Estado.LIBERADO},
        TransitionName.CONTRACARGO,
        Estado.LIBERADO,
        "provider",
        "post REVERSAL_AFTER_RELEASE: platform losses → client refunds (once)",
        "publish RefundIssued",
    ),
)

_BY_KEY: dict[tuple[Estado, TransitionName], Transition] = {
    (source, transition.name): transition for transition in TRANSITIONS for source in transition.sources
}


def transition(current: Estado | str, name: TransitionName) -> Transition | None:
    """The transition ``name`` from ``current``, or None when it does not apply."""
    return _BY_KEY.get((Estado(current), name))


class EstadoRetiro(StrEnum):
    SOLICITADO = "SOLICITADO"  # requested: the amount is reserved (payable → in transit)
    EN_PROCESO = "EN_PROCESO"  # sent to the payout provider, or in a manual lote
    PAGADO = "PAGADO"  # confirmed: in transit → paid out; PayoutSent published
    FALLIDO = "FALLIDO"  # the provider failed it: in transit → payable again
    RECHAZADO = "RECHAZADO"  # an admin refused it: in transit → payable again


RETIRO_TRANSITIONS: tuple[tuple[frozenset[EstadoRetiro], EstadoRetiro, str], ...] = (
    (frozenset({EstadoRetiro.SOLICITADO}), EstadoRetiro.EN_PROCESO, "admin approves it or puts it in a lote"),
    (frozenset({EstadoRetiro.SOLICITADO}), EstadoRetiro.RECHAZADO, "admin rejects it"),
    (frozenset({EstadoRetiro.EN_PROCESO}), EstadoRetiro.PAGADO, "provider confirms, or admin pays lote"),
    (frozenset({EstadoRetiro.EN_PROCESO}), EstadoRetiro.FALLIDO, "provider fails it"),
)


def retiro_can(current: EstadoRetiro | str, target: EstadoRetiro) -> bool:
    return any(EstadoRetiro(current) in sources and target is goal for sources, goal, _ in RETIRO_TRANSITIONS)
