"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Offers (SPEC §5): the professional makes one in a conversation, the client accepts it (the trabajo is
# made and its checkout opened) or rejects it, the professional may withdraw it. The rules are in
# ``chat/ofertas.py`` and ``chat/trabajos.py``.

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from conectar.chat import ofertas, pedidos, remote, texts
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import chat_settings, ensure_active, lock_people
from conectar.chat.flows.money import open_payment_now
from conectar.chat.flows.people import ensure_people
from conectar.chat.schemas import AcceptResponse, OfertaCreate, OfertaRead
from conectar.chat.trabajos import new_trabajo
from conectar.chat.ventanas import Ventana
from conectar.contracts.events import OfferAccepted, OfferCreated
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, Forbidden, NotFound
from conectar.platform.security import Principal

A = sm.Actor


async def create_offer(ctx: ServiceContext, principal: Principal, body: OfertaCreate) -> OfertaRead:
    summary = await remote.professional(ctx, principal.user_id)
    if summary.estado_verificacion != "APROBADO" or not summary.is_active:
        raise Forbidden("Solo los profesionales verificados pueden enviar ofertas")
    await ensure_people(ctx, [principal.user_id, body.cliente_id])
    settings = chat_settings(ctx)
    visita = (
        Ventana(body.visita_desde, body.visita_hasta)
        if body.visita_desde is not None and body.visita_hasta is not None
        else None
    )
    off_hours = await remote.outside_hours(ctx, principal.user_id, visita)
    async with ctx.db.session() as session:
        # The people before their conversation (chat/pedidos.py's order): an award of a pedido of this
        # client holds them and then writes the conversations of the offers it rejects.
        people = await lock_people(session, principal.user_id, body.cliente_id)
        ensure_active(people, cliente_id=body.cliente_id, profesional_id=principal.user_id)
        conv = await repo.conversation(session, body.chat_id, lock=True)
        if conv is None:
            raise NotFound("Conversación no encontrada")
        if conv.profesional_id != principal.user_id or conv.cliente_id != body.cliente_id:
            raise Forbidden("Solo podés ofertar en tus conversaciones, al cliente de esa conversación")
        oferta = await ofertas.new_oferta(
            ctx,
            session,
            conv,
            descripcion=body.descripcion,
            precio_final=body.precio_final,
            ttl=timedelta(hours=settings.chat_offer_ttl_hours),
            visita=visita,
            fuera_de_horario=off_hours,
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
        return ofertas.oferta_read(oferta)


async def _offer_transition(
    ctx: ServiceContext, principal: Principal, oferta_id: uuid.UUID, name: str, actor: sm.Actor
) -> OfertaRead:
    async with ctx.db.session() as session:
        oferta = await ofertas.locked_offer(session, oferta_id)
        ofertas.ensure_owner(oferta, principal, actor)
        read = await ofertas.apply_to_offer(ctx, session, oferta, name, actor)
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
    ofertas.ensure_owner(oferta, principal, A.CLIENTE)
    sm.check("aceptar_oferta", oferta, A.CLIENTE, sm.Facts(now=utcnow()))
    if oferta.visita_desde is not None and oferta.visita_desde <= utcnow():
        raise BusinessRuleError(texts.VISITA_YA_EMPEZO)
    summary = await remote.professional(ctx, oferta.profesional_id)
    if not summary.is_active:
        raise BusinessRuleError("La cuenta del profesional está suspendida")
    await ensure_people(ctx, [oferta.cliente_id, oferta.profesional_id])
    try:
        async with ctx.db.session() as session:
            # An offer on a pedido (SPEC §10): the pedido's row first (chat/pedidos.py's lock order), so two
            # accepts of offers of one pedido queue there and the second finds it awarded (400).
            pedido = await pedidos.locked_open(session, oferta.pedido_id) if oferta.pedido_id else None
            if pedido is not None:  # then its open offers and all their people, before any of them
                await pedidos.lock_parties(session, pedido)
            oferta = await ofertas.locked_offer(session, oferta_id)
            read = await ofertas.apply_to_offer(ctx, session, oferta, "aceptar_oferta", A.CLIENTE)
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
                inline=True,  # the checkout is opened right below (open_payment_now)
                visita=ofertas.visita_of(oferta),  # 409 when it overlaps a visit the professional booked
                oficio=pedido.oficio_nombre if pedido is not None else None,
                direccion=pedido.direccion if pedido is not None else None,
            )
            if pedido is not None:  # awarded: the pedido's other offers are rejected
                await pedidos.award(ctx, session, pedido, oferta, t)
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
        mensaje=texts.OFERTA_ACEPTADA if link.payment_url else texts.OFERTA_ACEPTADA_SIN_ENLACE,
    )
