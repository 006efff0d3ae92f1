"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Visits (SPEC §11): a party proposes a new window and the other answers it; the calendar file of the
# visit; the reminders 24 h and 2 h before (a periodic job, ``scheduled.send_visit_reminders``). The rules
# are in ``chat/visitas.py``, ``chat/ventanas.py`` and ``chat/agenda.py``.

from __future__ import annotations

import uuid
from datetime import timedelta

import structlog

from conectar.chat import remote, ventanas, visitas
from conectar.chat import repository as repo
from conectar.chat.schemas import ReprogramarRequest, TrabajoRead
from conectar.chat.trabajos import ensure_party, locked_trabajo, trabajo_read
from conectar.chat.ventanas import Ventana, VisitaCalendario
from conectar.contracts.events import VisitReminderDue
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError, NotFound
from conectar.platform.security import Principal

log = structlog.get_logger(__name__)

SIN_VISITA = "Este trabajo no tiene una visita programada"


async def reprogramar(
    ctx: ServiceContext,
    principal: Principal,
    trabajo_id: uuid.UUID,
    body: ReprogramarRequest,
    *,
    as_client: bool,
) -> TrabajoRead:
    """The client (``as_client``) or the professional of the trabajo proposes a new window."""
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, trabajo_id)
        ensure_party(t, principal, as_client=as_client)
        ventana = Ventana(body.visita_desde, body.visita_hasta)
        await visitas.propose(ctx, session, t, principal.user_id, ventana, body.motivo)
        return trabajo_read(t)


async def responder(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, *, accept: bool
) -> TrabajoRead:
    """The other party accepts or rejects the proposed window."""
    async with ctx.db.session() as session:
        t = await visitas.participant_trabajo(session, principal, trabajo_id, lock=True)
        await visitas.answer(ctx, session, t, principal.user_id, accept=accept)
        return trabajo_read(t)


async def calendario(ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID) -> str:
    """The visit as an iCalendar file for a party of the trabajo: the window, the oficio and, in the
    professional's file, the address when the trabajo has one."""
    async with ctx.db.session(write=False) as session:
        t = await visitas.participant_trabajo(session, principal, trabajo_id)
    ventana = visitas.visita_of(t)
    if ventana is None:
        raise NotFound(SIN_VISITA)
    oficio = t.oficio
    if oficio is None:
        try:
            oficio = ", ".join(await remote.oficios_of(ctx, t.profesional_id)) or None
        except AppError as exc:  # the file is still useful without it
            log.info("visit_calendar_without_oficio", trabajo_id=str(t.id), reason=str(exc.detail))
    para_profesional = principal.user_id == t.profesional_id
    return ventanas.ics(
        VisitaCalendario(
            trabajo_id=t.id,
            ventana=ventana,
            oficio=oficio,
            descripcion=t.descripcion,
            url=f"{ctx.settings.base_url}/trabajos/{t.id}",
            direccion=t.direccion if para_profesional else None,
            secuencia=t.visita_secuencia or 0,
            stamp=t.fecha_actualizacion,
        ),
        utcnow(),
    )


async def send_visit_reminders(ctx: ServiceContext) -> int:
    """Publish the reminder due for every booked visit starting within 24 h (``VisitReminderDue``, which
    the notifications service turns into ``visita_recordatorio`` for both parties); how many went out.
    Each is decided under the trabajo's lock and stamped in the same unit of work as its event, so a
    visit gets each reminder once, whichever replica runs the job."""
    now = utcnow()
    longest = max(ventanas.REMINDER_HOURS)
    closest = min(ventanas.REMINDER_HOURS)
    async with ctx.db.session(write=False) as session:
        ids = await repo.visits_due_reminder(
            session, now, now + timedelta(hours=longest), closest_hours=closest
        )
    sent = 0
    for trabajo_id in ids:
        sent += await _remind(ctx, trabajo_id)
    return sent


async def _remind(ctx: ServiceContext, trabajo_id: uuid.UUID) -> int:
    async with ctx.db.session() as session:
        t = await repo.trabajo(session, trabajo_id, lock=True)
        if t is None or not visitas.books_time(t):
            return 0
        ventana = visitas.visita_of(t)
        if ventana is None:
            return 0
        due = ventanas.reminder_due(ventana.desde, utcnow(), ventanas.sent_reminders(t.reminder_sent_hours))
        if due is None:
            return 0
        t.reminder_sent_hours = due
        await ctx.outbox.add(
            session,
            VisitReminderDue(
                trabajo_id=t.id,
                profesional_id=t.profesional_id,
                cliente_id=t.cliente_id,
                visita_desde=ventana.desde,
                visita_hasta=ventana.hasta,
                anticipacion_horas=due,
            ),
        )
    return 1
