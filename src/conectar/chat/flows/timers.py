"""flows: take the context, open and commit their own units of work, may call other services between them."""

# The timed transitions of the state table (offer expiry, unpaid trabajos, auto-release, escalations), run
# by a periodic job that holds a lease (``scheduled.run_timers``), so one replica runs them at a time.

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from conectar.chat import money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import chat_settings
from conectar.chat.flows.money import run_pending
from conectar.chat.models import Oferta, Trabajo
from conectar.chat.trabajos import apply, apply_to_offer
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError

log = structlog.get_logger(__name__)


async def run_timers(ctx: ServiceContext) -> int:
    """Apply every transition whose time has come; returns how many were applied."""
    settings = chat_settings(ctx)
    applied = 0
    for transition in (t for t in sm.TRANSICIONES if t.temporizador is not None):
        assert transition.temporizador is not None
        cutoff = utcnow() - timedelta(hours=settings.hours(transition.temporizador.plazo))
        model = Oferta if transition.entidad == "oferta" else Trabajo
        async with ctx.db.session(write=False) as session:
            ids = await repo.due_ids(
                session, model, str(transition.desde), transition.temporizador.desde_campo, cutoff
            )
        fire = _expire_offer if transition.entidad == "oferta" else _fire
        for entity_id in ids:
            applied += await fire(ctx, entity_id, transition, cutoff)
    return applied


async def _expire_offer(
    ctx: ServiceContext, oferta_id: uuid.UUID, transition: sm.Transicion, _cutoff: datetime
) -> int:
    async with ctx.db.session() as session:
        oferta = await repo.oferta(session, oferta_id, lock=True)
        if oferta is None or oferta.estado != transition.desde:
            return 0
        await apply_to_offer(ctx, session, oferta, transition.nombre, sm.Actor.TEMPORIZADOR)
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
            money.run_inline(session)
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
    await run_pending(ctx, trabajo_id)
    return 1
