"""Requests for quotes (pedidos de presupuesto, SPEC §10), the rules that take a session: who sees what of a
pedido, the limits, and its transitions (``ABIERTO → ADJUDICADO | CANCELADO | VENCIDO``). Functions here
take the caller's session and never commit; the flows (which ask the professionals service who matches)
are in ``flows/pedidos.py``.

Lock order, everywhere: the pedido's row first, then its offers, then the people (``lock_people``). The
accept of an offer of a pedido locks the pedido before the offer (``flows/ofertas.accept_offer``), so two
accepts of different offers of one pedido queue on the pedido and the second finds it ADJUDICADO; any other
change of an offer of a pedido locks the pedido first too (``ofertas.locked_offer``). A change of the whole
pedido (award, close) locks all its people at once (:func:`lock_parties`). Conversations come after the
people (a message, an attachment, a direct offer lock the people first too)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import ofertas
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import lock_people
from conectar.chat.models import Oferta, Pedido, Trabajo
from conectar.chat.schemas import FranjaRead, PedidoRead
from conectar.contracts import lugares
from conectar.contracts.events import PedidoAwarded, PedidoClosed
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.security import Principal

ABIERTO = "ABIERTO"
ADJUDICADO = "ADJUDICADO"
CANCELADO = "CANCELADO"
VENCIDO = "VENCIDO"

TTL = timedelta(days=14)
MAX_OPEN_PER_CLIENT = 5
MAX_OFERTAS = 10

# Photos: the portfolio's image rules.
MAX_FOTOS = 5
FOTO_MAX_BYTES = 5 * 1024 * 1024
FOTO_MAX_SIDE = 1600

NOT_FOUND = "Pedido no encontrado"
NOT_OPEN = "El pedido ya no está abierto"
TOO_MANY_OPEN = "Podés tener hasta 5 pedidos abiertos a la vez: cancelá uno o esperá a adjudicarlo"
TOO_MANY_OFFERS = "Este pedido ya recibió 10 ofertas, el máximo"
ALREADY_OFFERED = "Ya enviaste una oferta para este pedido"


def sees_address(pedido: Pedido, principal: Principal) -> bool:
    """``direccion`` is shown to the client who asked and, once awarded, to the chosen professional only."""
    if principal.user_id == pedido.cliente_id:
        return True
    return pedido.estado == ADJUDICADO and principal.user_id == pedido.profesional_adjudicado_id


def pedido_read(pedido: Pedido, principal: Principal) -> PedidoRead:
    return PedidoRead(
        id=pedido.id,
        cliente_id=pedido.cliente_id,
        oficio_id=pedido.oficio_id,
        oficio_nombre=pedido.oficio_nombre,
        titulo=pedido.titulo,
        descripcion=pedido.descripcion,
        zona=pedido.zona,
        direccion=pedido.direccion if sees_address(pedido, principal) else None,
        franjas=[FranjaRead.model_validate(f) for f in pedido.franjas],
        presupuesto_max=pedido.presupuesto_max,
        estado=pedido.estado,
        fotos=list(pedido.fotos),
        total_ofertas=pedido.total_ofertas,
        fecha_expiracion=pedido.fecha_expiracion,
        fecha_creacion=pedido.fecha_creacion,
    )


async def get_pedido(session: AsyncSession, pedido_id: uuid.UUID, *, lock: bool = False) -> Pedido:
    found = await repo.pedido(session, pedido_id, lock=lock, refresh=lock)
    if found is None:
        raise NotFound(NOT_FOUND)
    return found


async def own_pedido(
    session: AsyncSession, principal: Principal, pedido_id: uuid.UUID, *, lock: bool = False
) -> Pedido:
    """The client's own pedido (404 for anyone else's: its existence is not disclosed)."""
    found = await get_pedido(session, pedido_id, lock=lock)
    if found.cliente_id != principal.user_id:
        raise NotFound(NOT_FOUND)
    return found


async def locked_open(session: AsyncSession, pedido_id: uuid.UUID) -> Pedido:
    """The pedido, row-locked, while it is ABIERTO (400 otherwise)."""
    found = await get_pedido(session, pedido_id, lock=True)
    if found.estado != ABIERTO:
        raise BusinessRuleError(NOT_OPEN)
    return found


def ensure_room_for_foto(pedido: Pedido) -> None:
    """Photos are added while the pedido is open, at most :data:`MAX_FOTOS`."""
    if pedido.estado != ABIERTO:
        raise BusinessRuleError(NOT_OPEN)
    if len(pedido.fotos) >= MAX_FOTOS:
        raise BusinessRuleError(f"Un pedido admite hasta {MAX_FOTOS} fotos")


async def ensure_room_for_offer(session: AsyncSession, pedido: Pedido, profesional_id: uuid.UUID) -> None:
    """One offer per professional, at most :data:`MAX_OFERTAS` per pedido (the caller locked the pedido; the
    unique index on ``(pedido_id, profesional_id)`` backs the first rule)."""
    if await repo.pedidos_offered_by(session, profesional_id, [pedido.id]):
        raise BusinessRuleError(ALREADY_OFFERED)
    if pedido.total_ofertas >= MAX_OFERTAS:
        raise BusinessRuleError(TOO_MANY_OFFERS)


async def lock_parties(session: AsyncSession, pedido: Pedido) -> list[Oferta]:
    """Lock the (locked) pedido's open offers, then everyone their change concerns — its client and the
    professional of each — together, in id order; the open offers. An award or a close changes the offers
    one by one, each in its conversation: taking each professional's row only when their offer's turn
    came, it would hold the client while waiting for a professional who, writing to that client at the
    same moment, holds their own row and waits for the client's (a deadlock)."""
    open_offers = list(
        await repo.ofertas_of_pedido(session, pedido.id, lock=True, estado=sm.EstadoOferta.OFERTADO)
    )
    await lock_people(session, pedido.cliente_id, *(o.profesional_id for o in open_offers))
    return open_offers


async def _reject_open_offers(
    ctx: ServiceContext, session: AsyncSession, pedido: Pedido, *, except_id: uuid.UUID | None = None
) -> int:
    """Every offer of the pedido still OFERTADO (but ``except_id``) becomes RECHAZADO, its professional
    told (OfferRejected) and the conversation too."""
    rejected = 0
    for oferta in await lock_parties(session, pedido):
        if oferta.id == except_id:
            continue
        await ofertas.apply_to_offer(ctx, session, oferta, "rechazar_oferta", sm.Actor.CLIENTE)
        rejected += 1
    return rejected


async def award(
    ctx: ServiceContext, session: AsyncSession, pedido: Pedido, oferta: Oferta, trabajo: Trabajo
) -> None:
    """The client accepted ``oferta`` of the (locked, open) pedido: ADJUDICADO, the others rejected."""
    if pedido.estado != ABIERTO:
        raise BusinessRuleError(NOT_OPEN)
    now = utcnow()
    pedido.estado = ADJUDICADO
    pedido.oferta_adjudicada_id = oferta.id
    pedido.profesional_adjudicado_id = oferta.profesional_id
    pedido.fecha_cierre = now
    pedido.fecha_actualizacion = now
    await _reject_open_offers(ctx, session, pedido, except_id=oferta.id)
    await ctx.outbox.add(
        session,
        PedidoAwarded(
            pedido_id=pedido.id,
            cliente_id=pedido.cliente_id,
            oferta_id=oferta.id,
            profesional_id=oferta.profesional_id,
            trabajo_id=trabajo.id,
        ),
    )


async def close(ctx: ServiceContext, session: AsyncSession, pedido: Pedido, estado: str) -> None:
    """The (locked, open) pedido ends without an award (CANCELADO by its client, VENCIDO by time); its
    open offers are rejected."""
    if pedido.estado != ABIERTO:
        raise BusinessRuleError(NOT_OPEN)
    now = utcnow()
    pedido.estado = estado
    pedido.fecha_cierre = now
    pedido.fecha_actualizacion = now
    await _reject_open_offers(ctx, session, pedido)
    await ctx.outbox.add(
        session,
        PedidoClosed(pedido_id=pedido.id, cliente_id=pedido.cliente_id, estado=estado),
    )


ERASED_TEXT = "Pedido eliminado"


async def erase_client_pedidos(
    ctx: ServiceContext, session: AsyncSession, cliente_id: uuid.UUID
) -> list[str]:
    """A deleted account's pedidos (SPEC §14): the open ones are cancelled (their offers rejected), and every
    one keeps no address, no exact point and no text the person wrote; the zone, oficio and offers stay
    (the professionals' offers and trabajos are theirs too). Returns the photos' storage keys (public) for
    the kernel to delete after the commit."""
    keys: list[str] = []
    for pedido in await repo.pedidos_of(session, cliente_id):
        locked = await get_pedido(session, pedido.id, lock=True)
        if locked.estado == ABIERTO:
            await close(ctx, session, locked, CANCELADO)
        zone = next(
            (lugar for lugar in lugares.BARRIOS + lugares.CIUDADES if locked.zona.startswith(lugar.nombre)),
            None,
        )
        locked.direccion = ""
        locked.titulo = ERASED_TEXT
        locked.descripcion = ERASED_TEXT
        locked.latitude = zone.lat if zone is not None else 0.0
        locked.longitude = zone.lng if zone is not None else 0.0
        locked.franjas = []
        keys.extend(locked.fotos_keys)
        locked.fotos = []
        locked.fotos_keys = []
    return keys
