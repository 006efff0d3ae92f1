"""Events the chat & offers service consumes."""

from __future__ import annotations

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
)
from conectar.platform.app import ServiceContext
from conectar.platform.handlers import EventHandlers

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


handlers = EventHandlers[ServiceContext]()


class PersonNotYetKnown(RuntimeError):
    """A status event arrived before the person's UserRegistered; the bus retries it later."""


@handlers.on(UserRegistered)
async def on_registered(
    ctx: ServiceContext, session: AsyncSession, event: UserRegistered, envelope: EventEnvelope
) -> None:
    await people.upsert_from_event(
        session,
        user_id=event.user_id,
        email=event.email,
        nombre=event.nombre,
        apellido=event.apellido,
        rol=event.rol,
        at=envelope.occurred_at,
    )


@handlers.on(UserUpdated)
async def on_updated(
    ctx: ServiceContext, session: AsyncSession, event: UserUpdated, envelope: EventEnvelope
) -> None:
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


@handlers.on(UserBanned)
async def on_banned(
    ctx: ServiceContext, session: AsyncSession, event: UserBanned, envelope: EventEnvelope
) -> None:
    if not await people.set_active(session, event.user_id, active=False, at=envelope.occurred_at):
        raise PersonNotYetKnown(str(event.user_id))


@handlers.on(UserUnbanned)
async def on_unbanned(
    ctx: ServiceContext, session: AsyncSession, event: UserUnbanned, envelope: EventEnvelope
) -> None:
    if not await people.set_active(session, event.user_id, active=True, at=envelope.occurred_at):
        raise PersonNotYetKnown(str(event.user_id))


@handlers.on(PaymentConfirmed)
async def on_payment_confirmed(
    ctx: ServiceContext, session: AsyncSession, event: PaymentConfirmed, envelope: EventEnvelope
) -> None:
    await confirm_payment(ctx, session, event.trabajo_id, event.payment_id, event.amount, event.currency)


@handlers.on(RefundIssued)
async def on_refund_issued(
    ctx: ServiceContext, session: AsyncSession, event: RefundIssued, envelope: EventEnvelope
) -> None:
    t = await repo.trabajo(session, event.trabajo_id, lock=True)
    if t is None:
        return
    if event.despues_de_liberar:
        return  # the money had been released: the trabajo stays LIBERADO (a platform loss, payments' books)
    name = REFUND_TRANSITIONS.get(sm.EstadoEscrow(t.estado_escrow))
    if name is not None:  # otherwise the trabajo already ended (CANCELADO_REEMBOLSADO, CANCELADO…)
        await apply(ctx, session, t, name, sm.Actor.PAGOS)
