"""Events the chat & offers service consumes."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import people
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.trabajos import apply, confirm_payment
from conectar.contracts.events import (
    EventEnvelope,
    PaymentConfirmed,
    RefundIssued,
    UserBanned,
    UserRegistered,
    UserUnbanned,
    UserUpdated,
    parse_event,
)
from conectar.platform.app import ServiceContext
from conectar.platform.consumer import EventHandlerFn

# RefundIssued: the money went back to the client — the refund we asked for, confirmed late (the provider
# had not answered at once), or one the provider reports on its own (refunded in its panel, chargeback).
REFUND_TRANSITIONS: dict[sm.EstadoEscrow, str] = {
    sm.EstadoEscrow.PAGADO_EN_ESCROW: "reembolso_del_proveedor",
    sm.EstadoEscrow.EN_DISPUTA: "reembolso_del_proveedor_en_disputa",
    sm.EstadoEscrow.LIBERANDO: "reembolso_del_proveedor_liberando",
    sm.EstadoEscrow.REEMBOLSANDO: "reembolso_aceptado",
    sm.EstadoEscrow.LIBERACION_RECHAZADA: "reembolso_del_proveedor_tras_rechazo",
    sm.EstadoEscrow.REEMBOLSO_RECHAZADO: "reembolso_confirmado_tras_rechazo",
}


class PersonNotYetKnown(RuntimeError):
    """A status event arrived before the person's UserRegistered; the bus retries it later."""


def handlers(ctx: ServiceContext) -> Mapping[str, EventHandlerFn]:
    async def on_registered(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserRegistered)
        await people.upsert_from_event(
            session,
            user_id=event.user_id,
            email=event.email,
            nombre=event.nombre,
            apellido=event.apellido,
            rol=event.rol,
            at=envelope.occurred_at,
        )

    async def on_updated(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserUpdated)
        if await repo.person(session, event.user_id) is None:
            raise PersonNotYetKnown(str(event.user_id))
        await people.upsert_from_event(
            session,
            user_id=event.user_id,
            email=None,
            nombre=event.nombre,
            apellido=event.apellido,
            rol=None,
            at=envelope.occurred_at,
        )

    async def on_banned(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserBanned)
        if not await people.set_active(session, event.user_id, active=False, at=envelope.occurred_at):
            raise PersonNotYetKnown(str(event.user_id))

    async def on_unbanned(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, UserUnbanned)
        if not await people.set_active(session, event.user_id, active=True, at=envelope.occurred_at):
            raise PersonNotYetKnown(str(event.user_id))

    async def on_payment_confirmed(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, PaymentConfirmed)
        await confirm_payment(ctx, session, event.trabajo_id, event.payment_id, event.amount, event.currency)

    async def on_refund_issued(session: AsyncSession, envelope: EventEnvelope) -> None:
        event = parse_event(envelope, RefundIssued)
        t = await repo.trabajo(session, event.trabajo_id, lock=True)
        if t is None:
            return
        if event.despues_de_liberar:
            return  # the money had been released: the trabajo stays LIBERADO (a platform loss, payments' books)
        nombre = REFUND_TRANSITIONS.get(sm.EstadoEscrow(t.estado_escrow))
        if nombre is not None:  # otherwise the trabajo already ended (CANCELADO_REEMBOLSADO, CANCELADO…)
            await apply(ctx, session, t, nombre, sm.Actor.PAGOS)

    return {
        UserRegistered.event_type(): on_registered,
        UserUpdated.event_type(): on_updated,
        UserBanned.event_type(): on_banned,
        UserUnbanned.event_type(): on_unbanned,
        PaymentConfirmed.event_type(): on_payment_confirmed,
        RefundIssued.event_type(): on_refund_issued,
    }
