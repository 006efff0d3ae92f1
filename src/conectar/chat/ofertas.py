"""Offers (SPEC §5): made in a conversation by its professional, answered by its client; every change goes
through the state table in ``statemachine``. Functions here take the caller's session and never commit;
the flows are in ``flows/ofertas.py``."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import feed, texts
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import lock_people, system_message
from conectar.chat.models import Conversation, Oferta
from conectar.chat.schemas import OfertaRead
from conectar.chat.ventanas import Ventana
from conectar.contracts.events import OfferRejected
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import Forbidden, NotFound
from conectar.platform.security import Principal

A = sm.Actor


def oferta_read(o: Oferta) -> OfertaRead:
    return OfertaRead.model_validate(o, from_attributes=True)


async def visible_offer(session: AsyncSession, principal: Principal, oferta_id: uuid.UUID) -> Oferta:
    """An offer its client, its professional or an admin may see."""
    oferta = await repo.oferta(session, oferta_id)
    if oferta is None:
        raise NotFound("Oferta no encontrada")
    if principal.user_id not in (oferta.cliente_id, oferta.profesional_id) and not principal.is_admin:
        raise Forbidden("Esta oferta no es tuya")
    return oferta


def visita_of(oferta: Oferta) -> Ventana | None:
    """The visit window the offer proposes, if it carries one."""
    if oferta.visita_desde is None or oferta.visita_hasta is None:
        return None
    return Ventana(oferta.visita_desde, oferta.visita_hasta)


def ensure_owner(oferta: Oferta, principal: Principal, actor: sm.Actor) -> None:
    """Only the offer's client answers it, only its professional withdraws it."""
    owner = oferta.cliente_id if actor is A.CLIENTE else oferta.profesional_id
    if owner != principal.user_id:
        raise Forbidden("Esta oferta no es tuya")


async def locked_offer(session: AsyncSession, oferta_id: uuid.UUID) -> Oferta:
    """The offer, row-locked. An offer of a pedido is locked after its pedido's row (the lock order of
    ``chat/pedidos.py``: the pedido, its offers, the people): the accept of another offer of that pedido
    holds the people when it locks this one to reject it, so taking this offer first (a professional
    withdrawing it, the client rejecting it, the expiry timer) would deadlock with that accept."""
    found = await repo.oferta(session, oferta_id)
    if found is None:
        raise NotFound("Oferta no encontrada")
    if found.pedido_id is not None:  # never changes: read before the lock is enough to know it
        await repo.pedido(session, found.pedido_id, lock=True)
    oferta = await repo.oferta(session, oferta_id, lock=True, refresh=True)
    if oferta is None:
        raise NotFound("Oferta no encontrada")
    return oferta


async def new_oferta(
    ctx: ServiceContext,
    session: AsyncSession,
    conv: Conversation,
    *,
    descripcion: str,
    precio_final: Decimal,
    ttl: timedelta,
    visita: Ventana | None = None,
    fuera_de_horario: bool = False,
    pedido_id: uuid.UUID | None = None,
) -> Oferta:
    """A new offer from the conversation's professional to its client, with its card in the conversation
    and the real-time notice to both (the caller locked the conversation and checked who asks)."""
    now = utcnow()
    sm.check("ofertar", None, A.PROFESIONAL, sm.Facts(now=now))
    oferta = Oferta(
        profesional_id=conv.profesional_id,
        cliente_id=conv.cliente_id,
        chat_id=conv.id,
        descripcion=descripcion,
        precio_final=precio_final,
        estado=sm.EstadoOferta.OFERTADO,
        fecha_expiracion=now + ttl,
        visita_desde=visita.desde if visita is not None else None,
        visita_hasta=visita.hasta if visita is not None else None,
        fuera_de_horario=fuera_de_horario and visita is not None,
        pedido_id=pedido_id,
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
        texts.oferta_card(oferta.precio_final, oferta.descripcion, visita),
        tipo="oferta",
        oferta_id=oferta.id,
        sender_id=conv.profesional_id,
    )
    await feed.push(
        ctx,
        session,
        [conv.cliente_id, conv.profesional_id],
        "oferta",
        oferta_read(oferta).model_dump(mode="json"),
    )
    return oferta


async def apply_to_offer(
    ctx: ServiceContext, session: AsyncSession, oferta: Oferta, name: str, actor: sm.Actor
) -> OfertaRead:
    """Apply an offer transition of the table to an offer the caller has locked, and tell both sides."""
    transition = sm.check(name, oferta, actor, sm.Facts(now=utcnow()))
    oferta.estado = transition.target
    oferta.fecha_actualizacion = utcnow()
    await lock_people(session, oferta.cliente_id, oferta.profesional_id)
    texto = texts.oferta_text(name)
    if texto is not None:
        conv = await repo.conversation(session, oferta.chat_id)
        assert conv is not None
        await system_message(ctx, session, conv, texto, oferta_id=oferta.id)
    read = oferta_read(oferta)
    await feed.push(
        ctx, session, [oferta.cliente_id, oferta.profesional_id], "oferta", read.model_dump(mode="json")
    )
    if name == "rechazar_oferta":  # the professional is told, whoever declined it (the client, an award)
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
