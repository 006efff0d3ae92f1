"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from conectar.chat import feed, money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.cancel_by_professional import transition_for
from conectar.chat.conversations import chat_settings, lock_people, system_message
from conectar.chat.flows.conversations import open_conversation
from conectar.chat.flows.money import open_payment_now, run_pending
from conectar.chat.flows.people import ensure_people
from conectar.chat.models import Oferta
from conectar.chat.schemas import AcceptResponse, OfertaCreate, OfertaRead, PaymentLink, TrabajoRead
from conectar.chat.trabajos import (
    StaffDecision,
    apply,
    apply_to_offer,
    ensure_party,
    get_trabajo,
    locked_trabajo,
    new_trabajo,
    oferta_read,
    record_staff_decision,
    trabajo_read,
)
from conectar.contracts.events import OfferAccepted, OfferCreated, OfferRejected
from conectar.contracts.money import ars
from conectar.contracts.professionals import InstantOffer
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, Forbidden, NotFound
from conectar.platform.security import Principal

A = sm.Actor
E = sm.EstadoEscrow


async def create_offer(ctx: ServiceContext, principal: Principal, body: OfertaCreate) -> OfertaRead:
    summary = await remote.professional(ctx, principal.user_id)
    if summary.estado_verificacion != "APROBADO" or not summary.is_active:
        raise Forbidden("Solo los profesionales verificados pueden enviar ofertas")
    await ensure_people(ctx, [principal.user_id, body.cliente_id])
    settings = chat_settings(ctx)
    async with ctx.db.session() as session:
        conv = await repo.conversation(session, body.chat_id, lock=True)
        if conv is None:
            raise NotFound("Conversación no encontrada")
        if conv.profesional_id != principal.user_id or conv.cliente_id != body.cliente_id:
            raise Forbidden("Solo podés ofertar en tus conversaciones, al cliente de esa conversación")
        sm.check("ofertar", None, A.PROFESIONAL, sm.Facts(now=utcnow()))
        now = utcnow()
        oferta = Oferta(
            profesional_id=principal.user_id,
            cliente_id=body.cliente_id,
            chat_id=conv.id,
            descripcion=body.descripcion,
            precio_final=body.precio_final,
            estado=sm.EstadoOferta.OFERTADO,
            fecha_expiracion=now + timedelta(hours=settings.chat_offer_ttl_hours),
            fecha_creacion=now,
            fecha_actualizacion=now,
        )
        session.add(oferta)
        await session.flush()
        await lock_people(session, conv.cliente_id, conv.profesional_id)
        await system_message(
            ctx,
            session,
            conv,
            f"Oferta por {ars(oferta.precio_final)}: {oferta.descripcion}",
            tipo="oferta",
            oferta_id=oferta.id,
            sender_id=principal.user_id,
        )
        read = oferta_read(oferta)
        await feed.push(
            ctx, session, [conv.cliente_id, conv.profesional_id], "oferta", read.model_dump(mode="json")
        )
        await ctx.outbox.add(
            session,
            OfferCreated(
                oferta_id=oferta.id,
                chat_id=conv.id,
                profesional_id=oferta.profesional_id,
                cliente_id=oferta.cliente_id,
                precio_final=oferta.precio_final,
                descripcion=oferta.descripcion,
            ),
        )
    return read


async def _offer_transition(
    ctx: ServiceContext, principal: Principal, oferta_id: uuid.UUID, name: str, actor: sm.Actor
) -> OfertaRead:
    async with ctx.db.session() as session:
        oferta = await repo.oferta(session, oferta_id, lock=True)
        if oferta is None:
            raise NotFound("Oferta no encontrada")
        owner = oferta.cliente_id if actor is A.CLIENTE else oferta.profesional_id
        if owner != principal.user_id:
            raise Forbidden("Esta oferta no es tuya")
        read = await apply_to_offer(ctx, session, oferta, name, actor)
        if name == "rechazar_oferta":
            await ctx.outbox.add(
                session,
                OfferRejected(
                    oferta_id=oferta.id,
                    profesional_id=oferta.profesional_id,
                    cliente_id=oferta.cliente_id,
                    chat_id=oferta.chat_id,
                ),
            )
    return read


async def reject_offer(ctx: ServiceContext, principal: Principal, oferta_id: uuid.UUID) -> OfertaRead:
    return await _offer_transition(ctx, principal, oferta_id, "rechazar_oferta", A.CLIENTE)


async def withdraw_offer(ctx: ServiceContext, principal: Principal, oferta_id: uuid.UUID) -> OfertaRead:
    return await _offer_transition(ctx, principal, oferta_id, "retirar_oferta", A.PROFESIONAL)


async def accept_offer(
    ctx: ServiceContext, principal: Principal, oferta_id: uuid.UUID, *, client: str | None = None
) -> AcceptResponse:
    """The client accepts: the trabajo is made and its checkout opened (returning to ``client``'s pages,
    the gateway's hint, when that client has some registered)."""
    async with ctx.db.session(write=False) as session:
        oferta = await repo.oferta(session, oferta_id)
    if oferta is None:
        raise NotFound("Oferta no encontrada")
    if oferta.cliente_id != principal.user_id:
        raise Forbidden("Esta oferta no es tuya")
    sm.check("aceptar_oferta", oferta, A.CLIENTE, sm.Facts(now=utcnow()))
    summary = await remote.professional(ctx, oferta.profesional_id)
    if not summary.is_active:
        raise BusinessRuleError("La cuenta del profesional está suspendida")
    await ensure_people(ctx, [oferta.cliente_id, oferta.profesional_id])
    try:
        async with ctx.db.session() as session:
            oferta = await repo.oferta(session, oferta_id, lock=True)
            assert oferta is not None
            money.run_inline(session)  # the checkout is opened right below (open_payment_now)
            read = await apply_to_offer(ctx, session, oferta, "aceptar_oferta", A.CLIENTE)
            t = await new_trabajo(
                ctx,
                session,
                cliente_id=oferta.cliente_id,
                profesional_id=oferta.profesional_id,
                chat_id=oferta.chat_id,
                descripcion=oferta.descripcion,
                precio=oferta.precio_final,
                tasa=summary.tasa_comision_actual,
                oferta_id=oferta.id,
                servicio_id=None,
                client=client,
            )
            await ctx.outbox.add(
                session,
                OfferAccepted(
                    oferta_id=oferta.id,
                    trabajo_id=t.id,
                    profesional_id=oferta.profesional_id,
                    cliente_id=oferta.cliente_id,
                    precio_final=oferta.precio_final,
                ),
            )
    except IntegrityError as exc:  # a concurrent accept made the trabajo first
        raise Conflict("La oferta ya fue aceptada") from exc
    link = await open_payment_now(ctx, t.id)
    return AcceptResponse(
        oferta=read,
        trabajo_id=t.id,
        payment_preference_id=link.payment_preference_id,
        payment_url=link.payment_url,
        mensaje="Oferta aceptada. Pagá para confirmar el trabajo."
        if link.payment_url
        else "Oferta aceptada. El enlace de pago todavía no está listo: pedilo de nuevo en unos segundos.",
    )


async def _hireable_offer(
    ctx: ServiceContext, servicio_id: uuid.UUID, profesional_id: uuid.UUID | None
) -> InstantOffer:
    """What an instant hire takes: a service the professional published (no professional named: it has
    its own), or a catalog service at the named professional's price — or a published one, when the
    professional named is its own."""
    if profesional_id is None:
        return await remote.published_offer(ctx, servicio_id)
    try:
        return await remote.instant_offer(ctx, servicio_id, profesional_id)
    except NotFound as missing:
        try:
            offer = await remote.published_offer(ctx, servicio_id)
        except NotFound:
            raise missing from None
        if profesional_id not in (offer.usuario_id, offer.profesional_id):
            raise missing from None
        return offer


async def hire_instant(
    ctx: ServiceContext,
    principal: Principal,
    servicio_id: uuid.UUID,
    profesional_id: uuid.UUID | None,
    *,
    client: str | None = None,
) -> AcceptResponse:
    """An instant hire at the professional's fixed price (see :func:`_hireable_offer`); ``client`` as for
    :func:`accept_offer`."""
    offer = await _hireable_offer(ctx, servicio_id, profesional_id)
    profesional_id = offer.usuario_id  # the client may have named the profile id: the user id from here on
    summary = await remote.professional(ctx, profesional_id)
    conv, _ = await open_conversation(ctx, principal.user_id, profesional_id)
    async with ctx.db.session() as session:
        money.run_inline(session)  # the checkout is opened right below (open_payment_now)
        await lock_people(session, principal.user_id, profesional_id)
        # A second click on "Contratar" returns the hire that is still waiting for its payment.
        existing = await repo.open_instant_trabajo(
            session, principal.user_id, profesional_id, servicio_id, publicado=offer.publicado
        )
        if existing is None:
            existing = await new_trabajo(
                ctx,
                session,
                cliente_id=principal.user_id,
                profesional_id=profesional_id,
                chat_id=conv.id,
                descripcion=f"{offer.nombre}: {offer.descripcion}"[:2000]
                if offer.descripcion
                else offer.nombre,
                precio=offer.precio_fijo,
                tasa=summary.tasa_comision_actual,
                oferta_id=None,
                servicio_id=None if offer.publicado else servicio_id,
                servicio_publicado_id=servicio_id if offer.publicado else None,
                client=client,
            )
        else:
            await money.choose_return_client(session, existing.id, client)
        trabajo_id = existing.id
    link = await open_payment_now(ctx, trabajo_id)
    return AcceptResponse(
        oferta=None,
        trabajo_id=trabajo_id,
        payment_preference_id=link.payment_preference_id,
        payment_url=link.payment_url,
        mensaje="Servicio contratado. Pagá para confirmarlo.",
    )


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
            await money.choose_return_client(session, trabajo_id, client)
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
        money.run_inline(session)
        estado_anterior = t.estado_escrow
        await apply(
            ctx,
            session,
            t,
            name,
            actor,
            facts=sm.Facts(now=utcnow(), payout_account=payout),
            motivo=motivo,
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
        money.run_inline(session)
        await apply(
            ctx,
            session,
            t,
            transition_for(t.estado_escrow),
            A.PROFESIONAL,
            facts=sm.Facts(now=utcnow()),
            motivo=motivo,
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
