"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from conectar.chat import money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.flows.money import measure, retry_now, run_pending
from conectar.chat.models import Trabajo
from conectar.chat.money_staff import (
    HELD_BY_PAYMENTS,
    IN_FLIGHT_KIND,
    NOTHING_TO_DECIDE,
    REASON_CLOSES,
    REFUSED_KIND,
    RESOLVE,
    RESOLVE_ACTION,
    RETRY,
    RETRY_ACTION,
    TIPO,
    admin_trabajo,
)
from conectar.chat.schemas import DineroResolver, TrabajoAdminRead
from conectar.chat.trabajos import StaffDecision, apply, locked_trabajo, record_staff_decision
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound


async def _found(ctx: ServiceContext, trabajo_id: uuid.UUID) -> Trabajo:
    async with ctx.db.session(write=False) as session:
        found = await repo.trabajo(session, trabajo_id)
    if found is None:
        raise NotFound("Trabajo no encontrado")
    return found


async def _current(ctx: ServiceContext, trabajo_id: uuid.UUID) -> TrabajoAdminRead:
    async with ctx.db.session(write=False) as session:
        return await admin_trabajo(session, trabajo_id)


async def retry(
    ctx: ServiceContext, admin: audit.Actor, trabajo_id: uuid.UUID, motivo: str | None
) -> TrabajoAdminRead:
    found = await _found(ctx, trabajo_id)
    kind = IN_FLIGHT_KIND.get(found.estado_escrow)
    if kind is not None:
        async with ctx.db.session() as session:
            action = await repo.money_action_of(session, found.id, kind)
            if action is None or action.status != money.PENDING:
                raise BusinessRuleError("El movimiento de dinero de este trabajo ya no está en curso")
            # Running it now changes no state here (the queue's attempt does): the decision is recorded.
            await record_staff_decision(
                ctx,
                session,
                StaffDecision(admin, RETRY_ACTION),
                found,
                found.estado_escrow,
                decision="correr_ahora",
                movimiento=TIPO[kind],
                motivo=motivo,
            )
        await retry_now(ctx, action.id)
        return await _current(ctx, trabajo_id)
    name = RETRY.get(found.estado_escrow)
    if name is None:
        raise BusinessRuleError("El trabajo no tiene un movimiento de dinero para reintentar")
    return await _decide(
        ctx, StaffDecision(admin, RETRY_ACTION), found, name, motivo or "Reintento pedido por el equipo"
    )


async def resolve(
    ctx: ServiceContext, admin: audit.Actor, trabajo_id: uuid.UUID, body: DineroResolver
) -> TrabajoAdminRead:
    found = await _found(ctx, trabajo_id)
    name = RESOLVE.get((found.estado_escrow, body.accion))
    if name is None:
        raise BusinessRuleError(NOTHING_TO_DECIDE)
    return await _decide(ctx, StaffDecision(admin, RESOLVE_ACTION), found, name, body.motivo)


async def _decide(
    ctx: ServiceContext, staff: StaffDecision, found: Trabajo, name: str, motivo: str
) -> TrabajoAdminRead:
    transition = sm.transition(name)
    payout: str | None = None
    if sm.Action.LIBERAR in transition.actions:
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    held = True
    if sm.Action.CERRAR_A_MANO in transition.actions:
        status = await remote.payment_status(ctx, found.id)
        held = status is not None and status.estado in HELD_BY_PAYMENTS
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, found.id)
        kind = REFUSED_KIND.get(t.estado_escrow)
        if kind is None:
            raise BusinessRuleError(NOTHING_TO_DECIDE)  # decided meanwhile by someone else
        refused = await repo.money_action_of(session, t.id, kind, lock=True)
        estado_anterior = t.estado_escrow
        await apply(
            ctx,
            session,
            t,
            name,
            sm.Actor.ADMIN,
            facts=sm.Facts(now=utcnow(), payout_account=payout, dinero_en_pagos=held),
            motivo=motivo if name in REASON_CLOSES else None,
            inline=True,
        )
        await record_staff_decision(
            ctx, session, staff, t, estado_anterior, decision=name, movimiento=TIPO[kind], motivo=motivo
        )
        if refused is not None:
            refused.resolution = f"{name}: {motivo}"[:2000]
            refused.resolved_by = staff.actor.user_id
            refused.resolved_at = utcnow()
            refused.updated_at = utcnow()
            if refused.status == money.REFUSED:  # not asked again: the other movement, or closed by hand
                refused.status = money.SUPERSEDED
    await run_pending(ctx, found.id)
    await measure(ctx)
    return await _current(ctx, found.id)
