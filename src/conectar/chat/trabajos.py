"""Trabajos (SPEC §5): made from an accepted offer or an instant hire, moved only through the state table
in ``statemachine`` (:func:`apply`), whose actions are in ``actions``. Functions here take the caller's
session and never commit; the flows are in ``flows/trabajos.py``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import actions, agenda, disputes, feed, money, texts
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import ensure_active, lock_people, system_message
from conectar.chat.models import Trabajo
from conectar.chat.schemas import ReprogramacionRead, TrabajoPage, TrabajoRead
from conectar.chat.ventanas import Ventana
from conectar.contracts.events import JobCreated
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import Forbidden, NotFound
from conectar.platform.pagination import clamp
from conectar.platform.security import Principal

log = structlog.get_logger(__name__)

A = sm.Actor
E = sm.EstadoEscrow


def trabajo_read(t: Trabajo) -> TrabajoRead:
    read = TrabajoRead.model_validate(t, from_attributes=True)
    pending = reprogramacion_read(t)
    return read if pending is None else read.model_copy(update={"reprogramacion": pending})


def reprogramacion_read(t: Trabajo) -> ReprogramacionRead | None:
    """The new visit window one party proposed and the other has not answered, while it can still be
    answered (a trabajo cancelled, closed or marked done shows none)."""
    still_booked = t.estado_escrow == sm.EstadoEscrow.PENDIENTE_PAGO or (
        t.estado_escrow == sm.EstadoEscrow.PAGADO_EN_ESCROW and t.fecha_completado is None
    )
    if (
        not still_booked
        or t.reprogramacion_desde is None
        or t.reprogramacion_hasta is None
        or t.reprogramacion_por is None
        or t.fecha_reprogramacion is None
    ):
        return None
    return ReprogramacionRead(
        visita_desde=t.reprogramacion_desde,
        visita_hasta=t.reprogramacion_hasta,
        motivo=t.reprogramacion_motivo or "",
        propuesta_por=t.reprogramacion_por,
        fecha_propuesta=t.fecha_reprogramacion,
    )


async def apply(
    ctx: ServiceContext,
    session: AsyncSession,
    t: Trabajo,
    name: str,
    actor: sm.Actor,
    *,
    facts: sm.Facts | None = None,
    motivo: str | None = None,
    refusal: money.Refusal | None = None,
    disputa: disputes.NuevaDisputa | None = None,
    inline: bool = False,
) -> sm.Transition:
    """Apply a transition of the table to a trabajo the caller has locked: its actions get what they need
    explicitly (``actions.Inputs``): the ``motivo``, the payout account of ``facts``, payments'
    ``refusal``, the ``disputa`` a person opens; ``inline``: the caller runs the money movement it asks for
    after its commit (``flows.money.run_pending``)."""
    facts = facts or sm.Facts(now=utcnow())
    transition = sm.check(name, t, actor, facts)
    await lock_people(session, t.cliente_id, t.profesional_id)
    t.estado_escrow = transition.target
    t.fecha_actualizacion = utcnow()
    inputs = actions.Inputs(
        actor=actor,
        motivo=motivo,
        payout_account=facts.payout_account,
        refusal=refusal,
        disputa=disputa,
        inline=inline,
        transition=transition.name,
    )
    await actions.run(ctx, session, t, transition, inputs)
    conv = await repo.conversation(session, t.chat_id)
    assert conv is not None
    await system_message(ctx, session, conv, texts.trabajo_text(transition.name))
    await feed.push(
        ctx, session, [t.cliente_id, t.profesional_id], "trabajo", trabajo_read(t).model_dump(mode="json")
    )
    return transition


async def locked_trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> Trabajo:
    found = await repo.trabajo(session, trabajo_id, lock=True)
    if found is None:
        raise NotFound("Trabajo no encontrado")
    return found


def ensure_party(t: Trabajo, principal: Principal, *, as_client: bool | None = None) -> None:
    """``as_client``: True the client only, False the professional only, None either (or an admin)."""
    if as_client is None:
        allowed = {t.cliente_id, t.profesional_id}
        if principal.is_admin:
            return
    else:
        allowed = {t.cliente_id if as_client else t.profesional_id}
    if principal.user_id not in allowed:
        raise Forbidden("Este trabajo no es tuyo")


async def new_trabajo(
    ctx: ServiceContext,
    session: AsyncSession,
    *,
    cliente_id: uuid.UUID,
    profesional_id: uuid.UUID,
    chat_id: uuid.UUID,
    descripcion: str,
    precio: Decimal,
    tasa: Decimal,
    oferta_id: uuid.UUID | None,
    servicio_id: uuid.UUID | None,
    servicio_publicado_id: uuid.UUID | None = None,
    client: str | None = None,
    inline: bool = False,
    visita: Ventana | None = None,
    oficio: str | None = None,
    direccion: str | None = None,
) -> Trabajo:
    """A new trabajo waiting for its payment, whose checkout is asked for at once (returning the payer to
    ``client``'s pages, the gateway's hint of who asked; ``inline``: the caller opens it after its commit).
    A ``visita`` books the professional's time: 409 when it overlaps one of their booked visits."""
    people = await lock_people(session, cliente_id, profesional_id)
    ensure_active(people, cliente_id=cliente_id, profesional_id=profesional_id)
    if visita is not None:
        await agenda.ensure_free(session, profesional_id, visita)
    now = utcnow()
    t = Trabajo(
        id=uuid.uuid4(),
        cliente_id=cliente_id,
        profesional_id=profesional_id,
        chat_id=chat_id,
        oferta_id=oferta_id,
        servicio_instant_id=servicio_id,
        servicio_publicado_id=servicio_publicado_id,
        descripcion=descripcion,
        precio_final=precio,
        tasa_comision=tasa,
        estado_escrow=E.PENDIENTE_PAGO,
        visita_desde=visita.desde if visita is not None else None,
        visita_hasta=visita.hasta if visita is not None else None,
        visita_secuencia=0,
        oficio=oficio,
        direccion=direccion,
        fecha_creacion=now,
        fecha_actualizacion=now,
    )
    sm.check("crear", None, A.CLIENTE, sm.Facts(now=now))
    session.add(t)
    await session.flush()
    await actions.ask_open_payment(ctx, session, t, client, inline=inline)
    conv = await repo.conversation(session, chat_id)
    assert conv is not None
    await system_message(ctx, session, conv, texts.trabajo_text("crear"))
    await feed.push(
        ctx, session, [cliente_id, profesional_id], "trabajo", trabajo_read(t).model_dump(mode="json")
    )
    await ctx.outbox.add(
        session,
        JobCreated(
            trabajo_id=t.id,
            profesional_id=profesional_id,
            cliente_id=cliente_id,
            precio_final=precio,
            tasa_comision=tasa,
            oferta_id=oferta_id,
            servicio_instant_id=servicio_id,
            servicio_publicado_id=servicio_publicado_id,
        ),
    )
    return t


async def list_trabajos(
    session: AsyncSession,
    *,
    cliente_id: uuid.UUID | None = None,
    profesional_id: uuid.UUID | None = None,
    estado: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> TrabajoPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.trabajos_page(
        session,
        cliente_id=cliente_id,
        profesional_id=profesional_id,
        estado=estado,
        offset=(page - 1) * limit,
        limit=limit,
    )
    return TrabajoPage(trabajos=[trabajo_read(t) for t in rows], total=total, page=page, limit=limit)


async def get_trabajo(
    session: AsyncSession, principal: Principal, trabajo_id: uuid.UUID, *, as_client: bool | None
) -> TrabajoRead:
    t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    ensure_party(t, principal, as_client=as_client)
    return trabajo_read(t)


@dataclass(frozen=True)
class StaffDecision:
    """A transition an ADMIN decided: recorded in the staff audit trail with the transition itself."""

    actor: audit.Actor
    accion: str


async def record_staff_decision(
    ctx: ServiceContext,
    session: AsyncSession,
    staff: StaffDecision,
    t: Trabajo,
    estado_anterior: str,
    **detalle: object,
) -> None:
    await ctx.audit.record(
        session,
        staff.actor,
        accion=staff.accion,
        recurso="trabajo",
        recurso_id=t.id,
        detalle={"estado_anterior": estado_anterior, "estado_nuevo": t.estado_escrow, **detalle},
    )


async def confirm_payment(
    ctx: ServiceContext,
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    payment_id: str,
    amount: Decimal,
    currency: str,
) -> None:
    """PaymentConfirmed: the money is in escrow."""
    t = await repo.trabajo(session, trabajo_id, lock=True)
    if t is None:
        return  # not one of ours
    if t.estado_escrow == E.PENDIENTE_PAGO:
        if amount != t.precio_final or currency != "ARS":
            # The payments service verifies amounts before confirming; this would need a person to look.
            log.error("payment_amount_mismatch", trabajo_id=str(t.id))
            return
        t.mercadopago_payment_id = payment_id
        await apply(ctx, session, t, "confirmar_pago", A.PAGOS)
    elif t.estado_escrow == E.CANCELADO:
        t.mercadopago_payment_id = payment_id
        await apply(
            ctx,
            session,
            t,
            "reembolsar_pago_tardio",
            A.PAGOS,
            motivo="Pago recibido después de la cancelación",
        )
