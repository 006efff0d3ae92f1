"""The money moves of a trabajo's escrow, inside the caller's unit of work (the intent row locked):
funding, release, refund or chargeback out of escrow, reversal after release. Each posts the ledger,
moves the intent's state by the transition table, and writes its event to the outbox."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import PaymentConfirmed, RefundIssued
from conectar.contracts.payments import PaymentEstado as Estado
from conectar.contracts.payments import PaymentStatus
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.ledger import Leg, Posting, TxKind
from conectar.payments.metrics import REFUNDS
from conectar.payments.models import PaymentIntent, Refund
from conectar.payments.money import CURRENCY, from_centavos
from conectar.payments.state import TransitionName, transition
from conectar.platform.db import new_id, on_commit, utcnow
from conectar.platform.errors import Conflict

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)

ORIGEN_PLATAFORMA = "plataforma"
ORIGEN_PROVEEDOR = "proveedor"
ORIGEN_CONTRACARGO = "contracargo"


def status_of(intent: PaymentIntent, refund: Refund | None = None) -> PaymentStatus:
    return PaymentStatus(
        trabajo_id=intent.trabajo_id,
        estado=Estado(intent.estado),
        amount=from_centavos(intent.amount_centavos),
        currency=intent.currency,
        cliente_id=intent.cliente_id,
        profesional_id=intent.profesional_id,
        provider=intent.provider,
        payment_id=intent.payment_id,
        payment_preference_id=intent.preference_id,
        payment_url=intent.payment_url,
        comision_plataforma=(
            from_centavos(intent.comision_centavos) if intent.comision_centavos is not None else None
        ),
        monto_liberado=(
            from_centavos(intent.liberado_centavos) if intent.liberado_centavos is not None else None
        ),
        refund_id=refund.provider_refund_id if refund is not None else None,
        motivo_reembolso=refund.motivo if refund is not None else None,
        approved_at=intent.approved_at,
        released_at=intent.released_at,
        refunded_at=intent.refunded_at,
        fecha_creacion=intent.fecha_creacion,
        fecha_actualizacion=intent.fecha_actualizacion,
    )


def move(intent: PaymentIntent, name: TransitionName) -> None:
    """Apply the transition table; a move it does not allow is a conflicting concurrent change."""
    step = transition(intent.estado, name)
    if step is None:
        raise Conflict(f"El pago está {intent.estado}; no admite {name.value}")
    intent.estado = step.target.value
    intent.fecha_actualizacion = utcnow()


def _escrow(intent: PaymentIntent) -> ledger.AccountRef:
    return ledger.escrow(intent.trabajo_id, intent.profesional_id)


async def _post(
    session: AsyncSession, intent: PaymentIntent, key: str, kind: TxKind, legs: Sequence[Leg], **details: Any
) -> ledger.Posted:
    """Post a transaction of the trabajo's whole amount, keyed ``<key>:<trabajo id>``."""
    return await ledger.post(
        session,
        Posting(
            key=f"{key}:{intent.trabajo_id}",
            kind=kind,
            legs=legs,
            amount_centavos=intent.amount_centavos,
            trabajo_id=intent.trabajo_id,
            cliente_id=intent.cliente_id,
            profesional_id=intent.profesional_id,
            **details,
        ),
    )


def _refund_issued(intent: PaymentIntent, *, refund_id: str, origen: str, motivo: str) -> RefundIssued:
    return RefundIssued(
        trabajo_id=intent.trabajo_id,
        refund_id=refund_id,
        amount=from_centavos(intent.amount_centavos),
        cliente_id=intent.cliente_id,
        profesional_id=intent.profesional_id,
        origen=origen,
        motivo=motivo,
        despues_de_liberar=Estado(intent.estado) is Estado.LIBERADO,
    )


async def fund(
    session: AsyncSession,
    rt: PaymentsRuntime,
    intent: PaymentIntent,
    *,
    payment_id: str,
    approved_at: datetime | None,
) -> None:
    amount = intent.amount_centavos
    await _post(
        session,
        intent,
        "funding",
        TxKind.FUNDING,
        (Leg(ledger.client_funding(intent.cliente_id), -amount), Leg(_escrow(intent), amount)),
        description=f"Pago del trabajo ({intent.description})",
        funds_trabajo=True,
        reference=payment_id,
    )
    move(intent, TransitionName.PAGO_APROBADO)
    intent.payment_id = payment_id
    intent.approved_at = approved_at or utcnow()
    await rt.outbox.add(
        session,
        PaymentConfirmed(
            trabajo_id=intent.trabajo_id,
            payment_id=payment_id,
            amount=from_centavos(amount),
            currency=CURRENCY,
            approved_at=intent.approved_at,
            cliente_id=intent.cliente_id,
            profesional_id=intent.profesional_id,
        ),
    )


async def release(
    session: AsyncSession, intent: PaymentIntent, *, comision_centavos: int, liberado_centavos: int
) -> None:
    amount = intent.amount_centavos
    in_escrow = await ledger.balance(session, _escrow(intent))
    if in_escrow != amount:
        raise Conflict("La garantía del trabajo no coincide con su pago")
    legs = [Leg(_escrow(intent), -amount)]
    if liberado_centavos:
        legs.append(Leg(ledger.payable(intent.profesional_id), liberado_centavos))
    if comision_centavos:
        legs.append(Leg(ledger.REVENUE, comision_centavos))
    await _post(
        session,
        intent,
        "release",
        TxKind.RELEASE,
        legs,
        fee_centavos=comision_centavos,
        description=f"Liberación del trabajo ({intent.description})",
        exits_escrow=True,
    )
    move(intent, TransitionName.LIBERAR)
    intent.comision_centavos = comision_centavos
    intent.liberado_centavos = liberado_centavos
    intent.released_at = utcnow()


async def exit_escrow(
    session: AsyncSession,
    rt: PaymentsRuntime,
    intent: PaymentIntent,
    *,
    name: TransitionName,
    refund_id: str,
    origen: str,
    motivo: str,
) -> None:
    """Refund or chargeback: the whole escrow goes back to the client, once."""
    amount = intent.amount_centavos
    kind = TxKind.CHARGEBACK if name is TransitionName.CONTRACARGO else TxKind.REFUND
    await _post(
        session,
        intent,
        kind.value.lower(),
        kind,
        (Leg(_escrow(intent), -amount), Leg(ledger.client_refunds(intent.cliente_id), amount)),
        description=f"Reembolso del trabajo ({motivo})",
        exits_escrow=True,
        reference=refund_id,
    )
    move(intent, name)
    intent.refunded_at = utcnow()
    await _record_refund(session, intent, refund_id=refund_id, origen=origen, motivo=motivo)
    await rt.outbox.add(session, _refund_issued(intent, refund_id=refund_id, origen=origen, motivo=motivo))
    if kind is TxKind.REFUND:
        on_commit(session, REFUNDS.labels("issued").inc)


async def reverse_after_release(
    session: AsyncSession, rt: PaymentsRuntime, intent: PaymentIntent, *, refund_id: str, origen: str
) -> bool:
    """The provider gave the money back after we released it: a platform loss, recorded once."""
    amount = intent.amount_centavos
    posted = await _post(
        session,
        intent,
        "reversal",
        TxKind.REVERSAL_AFTER_RELEASE,
        (Leg(ledger.LOSSES, -amount), Leg(ledger.client_refunds(intent.cliente_id), amount)),
        description="Reembolso o contracargo posterior a la liberación (pérdida de la plataforma)",
        reference=refund_id,
    )
    if not posted.created:
        return False
    log.error("payment_reversed_after_release", trabajo_id=str(intent.trabajo_id), origen=origen)
    motivo = "Informado por el proveedor después de la liberación"
    await rt.outbox.add(session, _refund_issued(intent, refund_id=refund_id, origen=origen, motivo=motivo))
    return True


async def _record_refund(
    session: AsyncSession, intent: PaymentIntent, *, refund_id: str, origen: str, motivo: str
) -> None:
    refund = await repo.refund_by_trabajo(session, intent.trabajo_id, lock=True)
    now = utcnow()
    if refund is None:
        session.add(
            Refund(
                id=new_id(),
                trabajo_id=intent.trabajo_id,
                amount_centavos=intent.amount_centavos,
                motivo=motivo[:500],
                origen=origen,
                estado="APROBADO",
                provider_refund_id=refund_id,
                completed_at=now,
            )
        )
        return
    refund.estado = "APROBADO"
    refund.provider_refund_id = refund_id
    refund.completed_at = now
    if origen != ORIGEN_PLATAFORMA and refund.origen == ORIGEN_PLATAFORMA and refund.idempotency_key is None:
        refund.origen = origen


def trabajo_uuid(reference: str | None) -> uuid.UUID | None:
    if not reference:
        return None
    try:
        return uuid.UUID(reference)
    except ValueError:
        return None
