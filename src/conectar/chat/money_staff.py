"""What staff do about a trabajo's money that the payments service refused (or that is taking too long):
list it, retry it, or resolve it another way (ADMIN only; the routes check the role).

- Retry (``reintentar``): once the cause is fixed (the payment record, the professional's account…), the
  same movement is asked again — a new round of its job, run at once. On a movement still in flight it runs
  its job now instead of waiting for the backoff.
- Resolve (``resolver``): LIBERAR or REEMBOLSAR asks for that movement (the same one again, or the other one:
  when payments refused a release because the money already went back to the client, refunding is what the
  ledger agrees with, and payments accepts it at once); CERRAR records that staff settled it outside the
  platform, and is allowed only when the payments service no longer holds the trabajo's money in escrow
  (no payment at all, never credited, or already out of escrow), so the ledger and the trabajo still agree.

Every decision is recorded on the refused movement (what, who, when), in the staff audit trail
(``trabajo.dinero.reintentar``, ``trabajo.dinero.resolver``) and told in the conversation.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.models import MoneyAction, Trabajo
from conectar.chat.schemas import (
    DineroObservadoItem,
    DineroObservadoPage,
    DineroResolver,
    MovimientoDineroRead,
    TrabajoAdminRead,
)
from conectar.chat.trabajos import StaffDecision, apply, locked_trabajo, record_staff_decision, trabajo_read
from conectar.contracts.payments import PaymentEstado
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.pagination import clamp

E = sm.EstadoEscrow
# An in-flight movement older than this shows in the staff's list as late (it is still being retried).
LATE_AFTER = timedelta(minutes=10)
TIPO = {money.OPEN: "pago", money.RELEASE: "liberacion", money.REFUND: "reembolso"}
ESTADO = {
    money.PENDING: "pendiente",
    money.DONE: "hecho",
    money.REFUSED: "rechazado",
    money.SUPERSEDED: "reemplazado",
}
REFUSED_KIND: dict[str, str] = {E.LIBERACION_RECHAZADA: money.RELEASE, E.REEMBOLSO_RECHAZADO: money.REFUND}
IN_FLIGHT_KIND: dict[str, str] = {E.LIBERANDO: money.RELEASE, E.REEMBOLSANDO: money.REFUND}
RETRY: dict[str, str] = {
    E.LIBERACION_RECHAZADA: "reintentar_liberacion",
    E.REEMBOLSO_RECHAZADO: "reintentar_reembolso",
}
RESOLVE: dict[tuple[str, str], str] = {
    (E.LIBERACION_RECHAZADA, "LIBERAR"): "reintentar_liberacion",
    (E.LIBERACION_RECHAZADA, "REEMBOLSAR"): "reembolsar_en_lugar_de_liberar",
    (E.LIBERACION_RECHAZADA, "CERRAR"): "cerrar_liberacion_a_mano",
    (E.REEMBOLSO_RECHAZADO, "REEMBOLSAR"): "reintentar_reembolso",
    (E.REEMBOLSO_RECHAZADO, "LIBERAR"): "liberar_en_lugar_de_reembolsar",
    (E.REEMBOLSO_RECHAZADO, "CERRAR"): "cerrar_reembolso_a_mano",
}
# Decisions whose reason becomes the trabajo's closing reason (a retry keeps the original one).
REASON_CLOSES = frozenset(
    {"reembolsar_en_lugar_de_liberar", "cerrar_liberacion_a_mano", "cerrar_reembolso_a_mano"}
)
HELD_BY_PAYMENTS = frozenset({PaymentEstado.APROBADO, PaymentEstado.REEMBOLSO_PENDIENTE})
NOTHING_TO_DECIDE = "El trabajo no tiene un movimiento de dinero rechazado que resolver"
RETRY_ACTION = "trabajo.dinero.reintentar"
RESOLVE_ACTION = "trabajo.dinero.resolver"


def movimiento_read(action: MoneyAction) -> MovimientoDineroRead:
    return MovimientoDineroRead(
        id=action.id,
        tipo=TIPO[action.kind],
        estado=ESTADO[action.status],
        motivo=action.last_error,
        codigo_http=action.refusal_status,
        veces_pedido=action.ask_round,
        fecha_creacion=action.created_at,
        fecha_actualizacion=action.updated_at,
        fecha_rechazo=action.refused_at,
        fecha_realizado=action.done_at,
        resolucion=action.resolution,
        resuelto_por=action.resolved_by,
        fecha_resolucion=action.resolved_at,
    )


def _admin_read(t: Trabajo, actions: list[MoneyAction]) -> TrabajoAdminRead:
    return TrabajoAdminRead(
        **trabajo_read(t).model_dump(),
        motivo_cierre=t.motivo_cierre,
        movimientos=[movimiento_read(a) for a in actions if a.trabajo_id == t.id],
    )


async def admin_trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> TrabajoAdminRead:
    t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    return _admin_read(t, await repo.money_actions_of(session, [t.id]))


async def watch_list(session: AsyncSession, *, demorados: bool, page: int, limit: int) -> DineroObservadoPage:
    """Trabajos whose release or refund was refused (waiting for staff) and, with ``demorados``, those whose
    movement has been in flight for longer than usual; the oldest first."""
    page, limit = clamp(page, limit)
    rows, total = await repo.money_watch_page(
        session,
        refused=sorted(sm.AWAITING_STAFF),
        in_flight=sorted(sm.IN_FLIGHT),
        in_flight_before=utcnow() - LATE_AFTER if demorados else None,
        offset=(page - 1) * limit,
        limit=limit,
    )
    actions = await repo.money_actions_of(session, [t.id for t in rows])
    items = [
        DineroObservadoItem(
            **_admin_read(t, actions).model_dump(),
            situacion="RECHAZADO" if t.estado_escrow in sm.AWAITING_STAFF else "DEMORADO",
        )
        for t in rows
    ]
    return DineroObservadoPage(
        trabajos=items, total=total, page=page, limit=limit, totalPages=max(1, -(-total // limit))
    )


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
        await money.retry_now(ctx, action.id)
        return await _current(ctx, trabajo_id)
    nombre = RETRY.get(found.estado_escrow)
    if nombre is None:
        raise BusinessRuleError("El trabajo no tiene un movimiento de dinero para reintentar")
    return await _decide(
        ctx, StaffDecision(admin, RETRY_ACTION), found, nombre, motivo or "Reintento pedido por el equipo"
    )


async def resolve(
    ctx: ServiceContext, admin: audit.Actor, trabajo_id: uuid.UUID, body: DineroResolver
) -> TrabajoAdminRead:
    found = await _found(ctx, trabajo_id)
    nombre = RESOLVE.get((found.estado_escrow, body.accion))
    if nombre is None:
        raise BusinessRuleError(NOTHING_TO_DECIDE)
    return await _decide(ctx, StaffDecision(admin, RESOLVE_ACTION), found, nombre, body.motivo)


async def _decide(
    ctx: ServiceContext, staff: StaffDecision, found: Trabajo, nombre: str, motivo: str
) -> TrabajoAdminRead:
    transition = sm.transicion(nombre)
    payout: str | None = None
    if sm.Accion.LIBERAR in transition.acciones:
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    held = True
    if sm.Accion.CERRAR_A_MANO in transition.acciones:
        status = await remote.payment_status(ctx, found.id)
        held = status is not None and status.estado in HELD_BY_PAYMENTS
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, found.id)
        kind = REFUSED_KIND.get(t.estado_escrow)
        if kind is None:
            raise BusinessRuleError(NOTHING_TO_DECIDE)  # decided meanwhile by someone else
        refused = await repo.money_action_of(session, t.id, kind, lock=True)
        money.run_inline(session)
        estado_anterior = t.estado_escrow
        await apply(
            ctx,
            session,
            t,
            nombre,
            sm.Actor.ADMIN,
            hechos=sm.Hechos(ahora=utcnow(), payout_account=payout, dinero_en_pagos=held),
            motivo=motivo if nombre in REASON_CLOSES else None,
        )
        await record_staff_decision(
            ctx, session, staff, t, estado_anterior, decision=nombre, movimiento=TIPO[kind], motivo=motivo
        )
        if refused is not None:
            refused.resolution = f"{nombre}: {motivo}"[:2000]
            refused.resolved_by = staff.actor.user_id
            refused.resolved_at = utcnow()
            refused.updated_at = utcnow()
            if refused.status == money.REFUSED:  # not asked again: the other movement, or closed by hand
                refused.status = money.SUPERSEDED
    await money.run_pending(ctx, found.id)
    await money.measure(ctx)
    return await _current(ctx, found.id)
