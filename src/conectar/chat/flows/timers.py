"""flows: take the context, open and commit their own units of work, may call other services between them."""

# The timed transitions of the state table (offer expiry, unpaid trabajos, auto-release, escalations), run
# by a periodic job that holds a lease (``scheduled.run_timers``), so one replica runs them at a time.

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from conectar.chat import remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import chat_settings
from conectar.chat.flows.money import run_pending
from conectar.chat.models import Oferta, Trabajo
from conectar.chat.ofertas import apply_to_offer, locked_offer
from conectar.chat.trabajos import apply
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError, NotFound

log = structlog.get_logger(__name__)


async def run_timers(ctx: ServiceContext) -> int:
    """Apply every transition whose time has come; returns how many were applied."""
    settings = chat_settings(ctx)
    applied = 0
    for transition in (t for t in sm.TRANSITIONS if t.timer is not None):
        assert transition.timer is not None
        cutoff = utcnow() - timedelta(hours=settings.hours(transition.timer.period_setting))
        model = Oferta if transition.entity == "oferta" else Trabajo
        async with ctx.db.session(write=False) as session:
            ids = await repo.due_ids(
                session, model, str(transition.source), transition.timer.since_field, cutoff
            )
        fire = _expire_offer if transition.entity == "oferta" else _fire
        for entity_id in ids:
            applied += await fire(ctx, entity_id, transition, cutoff)
    return applied


async def _expire_offer(
    ctx: ServiceContext, oferta_id: uuid.UUID, transition: sm.Transition, _cutoff: datetime
) -> int:
    async with ctx.db.session() as session:
        try:
            oferta = await locked_offer(session, oferta_id)  # after its pedido's row, as every offer change
        except NotFound:
            return 0
        if oferta.estado != transition.source:
            return 0
        await apply_to_offer(ctx, session, oferta, transition.name, sm.Actor.TEMPORIZADOR)
    return 1


async def _fire(
    ctx: ServiceContext, trabajo_id: uuid.UUID, transition: sm.Transition, cutoff: datetime
) -> int:
    assert transition.timer is not None
    payout = None
    if sm.Action.LIBERAR in transition.actions:
        async with ctx.db.session(write=False) as session:
            found = await repo.trabajo(session, trabajo_id)
        if found is None:
            return 0
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    try:
        async with ctx.db.session() as session:
            t = await repo.trabajo(session, trabajo_id, lock=True)
            stamp = getattr(t, transition.timer.since_field, None) if t else None
            if t is None or t.estado_escrow != transition.source or stamp is None or stamp > cutoff:
                return 0
            await apply(
                ctx,
                session,
                t,
                transition.name,
                sm.Actor.TEMPORIZADOR,
                facts=sm.Facts(now=utcnow(), payout_account=payout),
                inline=True,
            )
    except AppError as exc:
        # A guard said no (e.g. no payout account yet): the trabajo waits; it is tried again next round.
        log.info("timer_transition_refused", transition=transition.name, reason=str(exc.detail))
        return 0
    await run_pending(ctx, trabajo_id)
    return 1
