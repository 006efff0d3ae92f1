"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Trabajos (SPEC §5): people and the platform move them through the state table, and the money movement a
# transition decides runs at once after its commit. Offers are in ``flows/ofertas.py``, instant hires in
# ``flows/contratacion.py``; the rules in ``chat/trabajos.py`` and ``chat/actions.py``.

from __future__ import annotations

import asyncio
import uuid

from conectar.chat import remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.cancel_by_professional import transition_for
from conectar.chat.flows.money import open_payment_now, run_pending
from conectar.chat.money import choose_return_client
from conectar.chat.schemas import PaymentLink, TrabajoRead
from conectar.chat.trabajos import (
    StaffDecision,
    apply,
    ensure_party,
    get_trabajo,
    locked_trabajo,
    record_staff_decision,
    trabajo_read,
)
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.security import Principal

A = sm.Actor
E = sm.EstadoEscrow


async def payment_link(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, *, client: str | None = None
) -> PaymentLink:
    """The trabajo's checkout link; one not opened yet returns to ``client``'s pages (the gateway's hint)."""
    async with ctx.db.session(write=False) as session:
        t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    ensure_party(t, principal, as_client=True)
    if t.estado_escrow != E.PENDIENTE_PAGO:
        raise BusinessRuleError("El trabajo no está pendiente de pago")
    if not t.payment_url:
        async with ctx.db.session() as session:
            await choose_return_client(session, trabajo_id, client)
    return await open_payment_now(ctx, trabajo_id)


async def act(
    ctx: ServiceContext,
    principal: Principal | None,
    trabajo_id: uuid.UUID,
    name: str,
    actor: sm.Actor,
    *,
    motivo: str | None = None,
    staff: StaffDecision | None = None,
) -> TrabajoRead:
    """Apply a transition on behalf of a person (or the platform) and carry out its money action; a
    ``staff`` decision is recorded in the same unit of work as the transition."""
    transition = sm.transition(name)
    payout: str | None = None
    if sm.Action.LIBERAR in transition.actions:
        async with ctx.db.session(write=False) as session:
            found = await repo.trabajo(session, trabajo_id)
        if found is None:
            raise NotFound("Trabajo no encontrado")
        payout = (await remote.professional(ctx, found.profesional_id)).payout_account
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, trabajo_id)
        if principal is not None and actor in (A.CLIENTE, A.PROFESIONAL):
            ensure_party(t, principal, as_client=actor is A.CLIENTE)
        estado_anterior = t.estado_escrow
        await apply(
            ctx,
            session,
            t,
            name,
            actor,
            facts=sm.Facts(now=utcnow(), payout_account=payout),
            motivo=motivo,
            inline=True,
        )
        if staff is not None:
            await record_staff_decision(ctx, session, staff, t, estado_anterior, motivo=motivo)
    # The money movement it decided, at once: the answer shows what really happened to the money (LIBERADO
    # once payments accepted the release; LIBERANDO while it is still being asked).
    await run_pending(ctx, trabajo_id)
    return await current_trabajo(ctx, trabajo_id)


async def current_trabajo(ctx: ServiceContext, trabajo_id: uuid.UUID) -> TrabajoRead:
    async with ctx.db.session(write=False) as session:
        t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    return trabajo_read(t)


async def cancel_by_client(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, motivo: str | None
) -> TrabajoRead:
    """Unpaid, it closes; paid and not yet marked done, the payment goes back to the client."""
    async with ctx.db.session(write=False) as session:
        found = await get_trabajo(session, principal, trabajo_id, as_client=True)
    name = "cancelar_impago" if found.estado_escrow == E.PENDIENTE_PAGO else "cancelar_con_reembolso"
    return await act(ctx, principal, trabajo_id, name, A.CLIENTE, motivo=motivo)


async def cancel_by_professional(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, motivo: str
) -> TrabajoRead:
    """The professional cancels one of their trabajos (see ``cancel_by_professional``)."""
    async with ctx.db.session() as session:
        t = await locked_trabajo(session, trabajo_id)
        ensure_party(t, principal, as_client=False)
        await apply(
            ctx,
            session,
            t,
            transition_for(t.estado_escrow),
            A.PROFESIONAL,
            facts=sm.Facts(now=utcnow()),
            motivo=motivo,
            inline=True,
        )
    # The refund it asked for, at once: the answer shows CANCELADO_REEMBOLSADO once payments confirmed it.
    await run_pending(ctx, trabajo_id)
    return await current_trabajo(ctx, trabajo_id)


async def cancel_by_admin(
    ctx: ServiceContext, staff: audit.Actor, trabajo_id: uuid.UUID, motivo: str | None
) -> TrabajoRead:
    """An ADMIN cancels a trabajo; if it was paid, the money goes back to the client."""
    async with ctx.db.session(write=False) as session:
        found = await repo.trabajo(session, trabajo_id)
    if found is None:
        raise NotFound("Trabajo no encontrado")
    name = "cancelar_impago" if found.estado_escrow == E.PENDIENTE_PAGO else "cancelar_por_admin"
    return await act(
        ctx,
        None,
        trabajo_id,
        name,
        A.ADMIN,
        motivo=motivo or "Cancelado por un administrador",
        staff=StaffDecision(staff, "trabajo.cancelar"),
    )


async def simulate_payment(ctx: ServiceContext, staff: audit.Actor, trabajo_id: uuid.UUID) -> TrabajoRead:
    """Sandbox provider only: the payments service approves the payment as if the client had paid."""
    async with ctx.db.session(write=False) as session:
        found = await repo.trabajo(session, trabajo_id)
    if found is None:
        raise NotFound("Trabajo no encontrado")
    estado_anterior = found.estado_escrow
    await remote.simulate_approval(ctx, trabajo_id)
    current = found
    for _ in range(50):  # the PaymentConfirmed event moves the trabajo; wait a moment for it
        async with ctx.db.session(write=False) as session:
            current = await repo.trabajo(session, trabajo_id) or current
        if current.estado_escrow != E.PENDIENTE_PAGO:
            break
        await asyncio.sleep(0.1)
    # The payment the payments service approved (the trabajo moves when its event arrives): recorded once
    # the approval succeeded, in a unit of work of its own (this request changes nothing else here).
    async with ctx.db.session() as session:
        await record_staff_decision(
            ctx, session, StaffDecision(staff, "trabajo.simular_pago"), current, estado_anterior
        )
    return trabajo_read(current)
