"""Visits (SPEC §11), the use cases that take the caller's session: either party of a trabajo proposes a
new window, the other accepts it (it becomes the visit, if the professional's agenda is free) or rejects
it. They never commit; the flows are in ``flows/visitas.py``, the pure rules in ``ventanas.py``, the
agenda's guarantee in ``agenda.py``."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import agenda, feed, texts
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import lock_people, system_message
from conectar.chat.models import Trabajo
from conectar.chat.trabajos import trabajo_read
from conectar.chat.ventanas import Ventana
from conectar.contracts.events import VisitChangeAnswered, VisitChangeProposed
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, Forbidden, NotFound
from conectar.platform.security import Principal

E = sm.EstadoEscrow

NO_REPROGRAMABLE = (
    "Solo se puede cambiar la visita de un trabajo pendiente de pago, o pagado y todavía no terminado"
)
SIN_PROPUESTA = "No hay un cambio de horario pendiente para este trabajo"
PROPIA = "El cambio de horario lo tiene que responder la otra parte"
NO_ENCONTRADO = "Trabajo no encontrado"
YA_PASO = "El horario propuesto ya pasó: proponé uno nuevo"


def books_time(t: Trabajo) -> bool:
    """Whether the trabajo holds its professional's time: waiting for payment, or paid and not yet marked
    done (the same rule as ``repository.overlapping_visit``)."""
    return t.estado_escrow == E.PENDIENTE_PAGO or (
        t.estado_escrow == E.PAGADO_EN_ESCROW and t.fecha_completado is None
    )


def visita_of(t: Trabajo) -> Ventana | None:
    if t.visita_desde is None or t.visita_hasta is None:
        return None
    return Ventana(t.visita_desde, t.visita_hasta)


async def participant_trabajo(
    session: AsyncSession, principal: Principal, trabajo_id: uuid.UUID, *, lock: bool = False
) -> Trabajo:
    """A trabajo of which the caller is the client or the professional; 404 for anyone else (the path
    ``/trabajos/{id}`` is the same for both sides, and it does not tell others the trabajo exists)."""
    t = await repo.trabajo(session, trabajo_id, lock=lock)
    if t is None or principal.user_id not in (t.cliente_id, t.profesional_id):
        raise NotFound(NO_ENCONTRADO)
    return t


async def _tell(ctx: ServiceContext, session: AsyncSession, t: Trabajo, texto: str) -> None:
    conv = await repo.conversation(session, t.chat_id)
    assert conv is not None
    await system_message(ctx, session, conv, texto)
    await feed.push(
        ctx, session, [t.cliente_id, t.profesional_id], "trabajo", trabajo_read(t).model_dump(mode="json")
    )


async def propose(
    ctx: ServiceContext,
    session: AsyncSession,
    t: Trabajo,
    by: uuid.UUID,
    ventana: Ventana,
    motivo: str,
) -> None:
    """``by`` (a party of the trabajo, which the caller locked) proposes a new window; it replaces one
    still unanswered. Refused at once (409) when the professional already booked that time."""
    if not books_time(t):
        raise BusinessRuleError(NO_REPROGRAMABLE)
    await lock_people(session, t.cliente_id, t.profesional_id)
    await agenda.ensure_free(session, t.profesional_id, ventana, except_id=t.id)
    now = utcnow()
    t.reprogramacion_desde = ventana.desde
    t.reprogramacion_hasta = ventana.hasta
    t.reprogramacion_motivo = motivo[:500]
    t.reprogramacion_por = by
    t.fecha_reprogramacion = now
    t.fecha_actualizacion = now
    await _tell(ctx, session, t, texts.visita_propuesta(by == t.cliente_id, ventana, motivo))
    await ctx.outbox.add(
        session,
        VisitChangeProposed(
            trabajo_id=t.id,
            propuesta_por=by,
            para=t.profesional_id if by == t.cliente_id else t.cliente_id,
            visita_desde=ventana.desde,
            visita_hasta=ventana.hasta,
            motivo=t.reprogramacion_motivo or "",
        ),
    )


async def answer(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, by: uuid.UUID, *, accept: bool
) -> None:
    """The other party answers the proposed window (the caller locked the trabajo): accepted, it becomes
    the visit — unless the professional booked that time meanwhile (409) — and the reminders start over."""
    if t.reprogramacion_desde is None or t.reprogramacion_hasta is None:
        raise BusinessRuleError(SIN_PROPUESTA)
    if t.reprogramacion_por == by:
        raise Forbidden(PROPIA)
    nueva = Ventana(t.reprogramacion_desde, t.reprogramacion_hasta)
    proposer = t.reprogramacion_por
    if accept:
        if not books_time(t):
            raise BusinessRuleError(NO_REPROGRAMABLE)
        if nueva.desde <= utcnow():
            raise BusinessRuleError(YA_PASO)
        await lock_people(session, t.cliente_id, t.profesional_id)
        await agenda.ensure_free(session, t.profesional_id, nueva, except_id=t.id)
        t.visita_desde, t.visita_hasta = nueva.desde, nueva.hasta
        t.visita_secuencia = (t.visita_secuencia or 0) + 1
        t.reminder_sent_hours = None
    t.reprogramacion_desde = None
    t.reprogramacion_hasta = None
    t.reprogramacion_motivo = None
    t.reprogramacion_por = None
    t.fecha_reprogramacion = None
    t.fecha_actualizacion = utcnow()
    await _tell(ctx, session, t, texts.visita_reprogramada(nueva) if accept else texts.VISITA_RECHAZADA)
    if proposer is not None:
        await ctx.outbox.add(
            session,
            VisitChangeAnswered(
                trabajo_id=t.id,
                respondida_por=by,
                para=proposer,
                aceptada=accept,
                visita_desde=nueva.desde,
                visita_hasta=nueva.hasta,
            ),
        )
