"""The timed transitions of the state table (offer expiry, unpaid trabajos, auto-release, escalations),
run by a periodic job that holds a lease, so one replica runs them at a time."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from conectar.chat import feed, money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import chat_settings, lock_people, system_message
from conectar.chat.models import Oferta, Trabajo
from conectar.chat.trabajos import apply, oferta_read
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError

log = structlog.get_logger(__name__)


async def run_timers(ctx: ServiceContext) -> int:
    """Apply every transition whose time has come; returns how many were applied."""
    settings = chat_settings(ctx)
    applied = 0
    for transition in sm.timed("oferta"):
        assert transition.temporizador is not None
        cutoff = utcnow() - timedelta(hours=settings.hours(transition.temporizador.plazo))
        async with ctx.db.session(write=False) as session:
            ids = await repo.due_ids(
                session, Oferta, str(transition.desde), transition.temporizador.desde_campo, cutoff
            )
        for oferta_id in ids:
            applied += await _expire_offer(ctx, oferta_id, transition)
    for transition in sm.timed("trabajo"):
        assert transition.temporizador is not None
        cutoff = utcnow() - timedelta(hours=settings.hours(transition.temporizador.plazo))
        async with ctx.db.session(write=False) as session:
            ids = await repo.due_ids(
                session, Trabajo, str(transition.desde), transition.temporizador.desde_campo, cutoff
            )
        for trabajo_id in ids:
            applied += await _fire(ctx, trabajo_id, transition, cutoff)
    return applied


async def _expire_offer(ctx: ServiceContext, oferta_id: uuid.UUID, transition: sm.Transicion) -> int:
    async with ctx.db.session() as session:
        oferta = await repo.oferta(session, oferta_id, lock=True)
        if oferta is None or oferta.estado != transition.desde:
            return 0
        oferta.estado = transition.hacia
        oferta.fecha_actualizacion = utcnow()
        conv = await repo.conversation(session, oferta.chat_id)
        assert conv is not None
        await lock_people(session, oferta.cliente_id, oferta.profesional_id)
        await system_message(ctx, session, conv, "La oferta venció sin respuesta.", oferta_id=oferta.id)
        await feed.push(
            ctx,
            session,
            [oferta.cliente_id, oferta.profesional_id],
            "oferta",
            oferta_read(oferta).model_dump(mode="json"),
        )
    return 1


async def _fire(
    ctx: ServiceContext, trabajo_id: uuid.UUID, transition: sm.Transicion, cutoff: datetime
) -> int:
    assert transition.temporizador is not None
    payout = None
    if sm.Accion.LIBERAR in transition.acciones:
        async with ctx.db.session(write=False) as session:
            found = await repo.trabajo(session, trabajo_id)
        if found is None:
            return 0
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    try:
        async with ctx.db.session() as session:
            t = await repo.trabajo(session, trabajo_id, lock=True)
            stamp = getattr(t, transition.temporizador.desde_campo, None) if t else None
            if t is None or t.estado_escrow != transition.desde or stamp is None or stamp > cutoff:
                return 0
            await apply(
                ctx,
                session,
                t,
                transition.nombre,
                sm.Actor.TEMPORIZADOR,
                hechos=sm.Hechos(ahora=utcnow(), payout_account=payout),
            )
    except AppError as exc:
        # A guard said no (e.g. no payout account yet): the trabajo waits; it is tried again next round.
        log.info("timer_transition_refused", transition=transition.nombre, reason=str(exc.detail))
        return 0
    await money.run_pending(ctx, trabajo_id)
    return 1
