"""flows: take the context, open and commit their own units of work, may call other services between them."""

# Requests for quotes (pedidos de presupuesto, SPEC §10): a client describes a job once, the matching
# professionals answer with offers, the client accepts one (``flows/ofertas.accept_offer`` awards the
# pedido). Who matches is the professionals service's answer (search's coverage rule and read model):
# ``remote.matching_professionals`` for a point, ``remote.coverage`` for a professional. The rules that take
# a session are in ``chat/pedidos.py``.

from __future__ import annotations

import math
import uuid
from datetime import timedelta

from fastapi import UploadFile
from sqlalchemy.exc import IntegrityError

from conectar.chat import ofertas, pedidos, remote
from conectar.chat import repository as repo
from conectar.chat.conversations import chat_settings, lock_people, may_write, record_infraction
from conectar.chat.flows.conversations import open_conversation
from conectar.chat.flows.people import ensure_people
from conectar.chat.models import Pedido
from conectar.chat.moderation import moderate
from conectar.chat.schemas import (
    OfertaRead,
    PedidoCreate,
    PedidoOfertaCreate,
    PedidoOfertaItem,
    PedidoPage,
    PedidoParaProfesional,
    PedidoRead,
    ProfesionalDeOferta,
)
from conectar.chat.ventanas import Ventana
from conectar.contracts import lugares
from conectar.contracts.events import OfferCreated, PedidoCreated
from conectar.contracts.identity import Rol
from conectar.contracts.professionals import (
    COVERAGE_MAX_POINTS,
    MATCHING_MAX_LIMIT,
    CoverageRequest,
    MatchingRequest,
    PedidoMatch,
    PedidoPoint,
)
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.security import Principal
from conectar.platform.uploads import process_image, read_limited

UNKNOWN_OFICIO = "El oficio elegido no existe o no está activo"
EXPIRE_BATCH = 100


def _point(pedido: Pedido) -> PedidoPoint:
    return PedidoPoint(
        pedido_id=pedido.id, oficio_id=pedido.oficio_id, latitude=pedido.latitude, longitude=pedido.longitude
    )


async def _match(ctx: ServiceContext, user_id: uuid.UUID, pedido: Pedido) -> PedidoMatch | None:
    """Whether the professional (user id) matches the pedido now, with the distance."""
    answer = await remote.coverage(ctx, CoverageRequest(usuario_id=user_id, points=[_point(pedido)]))
    return next((m for m in answer.matches if m.pedido_id == pedido.id), None)


# --- the client --------------------------------------------------------------------------------------


async def create_pedido(ctx: ServiceContext, principal: Principal, body: PedidoCreate) -> PedidoRead:
    """A new open pedido. The matching professionals (nearest first, at most ``MATCHING_MAX_LIMIT``) are
    named in PedidoCreated, for the notifications service's ``pedido_nuevo``."""
    oficio_nombre = await remote.oficio_nombre(ctx, body.oficio_id)
    if oficio_nombre is None:
        raise BusinessRuleError(UNKNOWN_OFICIO)
    matching = await remote.matching_professionals(
        ctx,
        MatchingRequest(
            oficio_id=body.oficio_id,
            latitude=body.latitude,
            longitude=body.longitude,
            limit=MATCHING_MAX_LIMIT,
        ),
    )
    await ensure_people(ctx, [principal.user_id])
    titulo, descripcion = moderate(body.titulo), moderate(body.descripcion)
    settings = chat_settings(ctx)
    now = utcnow()
    async with ctx.db.session() as session:
        # The client's row lock serialises their creates: the limit of open pedidos holds under concurrency.
        client = may_write((await lock_people(session, principal.user_id)).get(principal.user_id))
        if await repo.count_open_pedidos(session, principal.user_id) >= pedidos.MAX_OPEN_PER_CLIENT:
            raise BusinessRuleError(pedidos.TOO_MANY_OPEN)
        pedido = Pedido(
            id=uuid.uuid4(),
            cliente_id=principal.user_id,
            oficio_id=body.oficio_id,
            oficio_nombre=oficio_nombre,
            titulo=titulo.text[:120],
            descripcion=descripcion.text[:2000],
            latitude=body.latitude,
            longitude=body.longitude,
            direccion=body.direccion,
            zona=lugares.zona(body.latitude, body.longitude),
            franjas=[f.model_dump(mode="json") for f in body.franjas],
            presupuesto_max=body.presupuesto_max,
            estado=pedidos.ABIERTO,
            fotos=[],
            fotos_keys=[],
            total_ofertas=0,
            fecha_expiracion=now + pedidos.TTL,
            fecha_creacion=now,
            fecha_actualizacion=now,
        )
        session.add(pedido)
        await session.flush()
        if titulo.flagged or descripcion.flagged:  # one infraction per pedido, as per chat message
            await record_infraction(ctx, session, settings, principal.user_id, client.infracciones_chat)
        await ctx.outbox.add(
            session,
            PedidoCreated(
                pedido_id=pedido.id,
                cliente_id=pedido.cliente_id,
                oficio_id=pedido.oficio_id,
                oficio_nombre=pedido.oficio_nombre,
                titulo=pedido.titulo,
                zona=pedido.zona,
                presupuesto_max=pedido.presupuesto_max,
                fecha_expiracion=pedido.fecha_expiracion,
                profesionales=[
                    p.usuario_id for p in matching.profesionales if p.usuario_id != principal.user_id
                ],
            ),
        )
        return pedidos.pedido_read(pedido, principal)


async def my_pedidos(ctx: ServiceContext, principal: Principal) -> list[PedidoRead]:
    async with ctx.db.session(write=False) as session:
        rows = await repo.pedidos_of(session, principal.user_id)
    return [pedidos.pedido_read(p, principal) for p in rows]


async def get_pedido(ctx: ServiceContext, principal: Principal, pedido_id: uuid.UUID) -> PedidoRead:
    """The owner, ADMIN, or a professional the pedido matches (or who was awarded it, or offered on it);
    404 for anyone else."""
    async with ctx.db.session(write=False) as session:
        pedido = await pedidos.get_pedido(session, pedido_id)
        offered = principal.rol is Rol.PROFESIONAL and bool(
            await repo.pedidos_offered_by(session, principal.user_id, [pedido.id])
        )
    if principal.user_id == pedido.cliente_id or principal.is_admin or offered:
        return pedidos.pedido_read(pedido, principal)
    if principal.rol is Rol.PROFESIONAL and await _match(ctx, principal.user_id, pedido) is not None:
        return pedidos.pedido_read(pedido, principal)
    raise NotFound(pedidos.NOT_FOUND)


async def cancel_pedido(ctx: ServiceContext, principal: Principal, pedido_id: uuid.UUID) -> PedidoRead:
    """The owner cancels it while ABIERTO; the offers still open are rejected."""
    async with ctx.db.session() as session:
        pedido = await pedidos.own_pedido(session, principal, pedido_id, lock=True)
        await pedidos.close(ctx, session, pedido, pedidos.CANCELADO)
        return pedidos.pedido_read(pedido, principal)


async def pedido_offers(
    ctx: ServiceContext, principal: Principal, pedido_id: uuid.UUID
) -> list[PedidoOfertaItem]:
    """The offers on the client's pedido, cheapest first, each with its professional's card. The cards
    come from the matching answer for the pedido's point; a professional who made an offer but no longer
    matches (moved, narrowed the coverage) gets a card from their summary, with ``distancia_km`` null."""
    async with ctx.db.session(write=False) as session:
        pedido = await pedidos.own_pedido(session, principal, pedido_id)
        rows = await repo.ofertas_of_pedido(session, pedido.id)
        ratings = await repo.rating_summaries(session, [o.profesional_id for o in rows])
    if not rows:
        return []
    matching = await remote.matching_professionals(
        ctx,
        MatchingRequest(
            oficio_id=pedido.oficio_id,
            latitude=pedido.latitude,
            longitude=pedido.longitude,
            limit=MATCHING_MAX_LIMIT,
        ),
    )
    cards = {m.usuario_id: ProfesionalDeOferta.model_validate(m.model_dump()) for m in matching.profesionales}
    for oferta in rows:
        if oferta.profesional_id in cards:
            continue
        try:
            summary = await remote.professional(ctx, oferta.profesional_id)
        except NotFound:
            continue
        rating = ratings.get(oferta.profesional_id)
        total = rating.total_resenas if rating is not None else 0
        cards[oferta.profesional_id] = ProfesionalDeOferta(
            id=summary.profesional_id,
            usuario_id=summary.usuario_id,
            nombre=summary.nombre,
            apellido=summary.apellido,
            avatar_url=None,
            nivel=summary.nivel,
            rating_promedio=round(rating.suma_ratings / total, 2) if rating is not None and total else 0.0,
            total_resenas=total,
            distancia_km=None,
            tiempo_respuesta_mediano_min=None,
        )
    return [
        PedidoOfertaItem(oferta=ofertas.oferta_read(o), profesional=cards[o.profesional_id])
        for o in rows
        if o.profesional_id in cards
    ]


async def add_foto(
    ctx: ServiceContext, principal: Principal, pedido_id: uuid.UUID, upload: UploadFile
) -> PedidoRead:
    """A photo of the problem on the client's open pedido (the portfolio's image rules: at most 5 MB,
    decoded within the kernel's pixel cap, re-encoded as WebP without metadata — no EXIF, no GPS —, at most
    1600 px a side), at most :data:`pedidos.MAX_FOTOS`. Stored before the unit of work; a refused write
    deletes the file."""
    async with ctx.db.session(write=False) as session:
        pedidos.ensure_room_for_foto(await pedidos.own_pedido(session, principal, pedido_id))
    data = await read_limited(upload, pedidos.FOTO_MAX_BYTES, label="La foto")
    full, _ = await process_image(data, max_side=pedidos.FOTO_MAX_SIDE)
    key = f"pedidos/{pedido_id}/{uuid.uuid4().hex}.{full.extension}"
    await ctx.storage.put(key, full.data, full.content_type, public=True)
    try:
        async with ctx.db.session() as session:
            pedido = await pedidos.own_pedido(session, principal, pedido_id, lock=True)
            pedidos.ensure_room_for_foto(pedido)
            pedido.fotos = [*pedido.fotos, ctx.storage.public_url(key)]
            pedido.fotos_keys = [*pedido.fotos_keys, key]
            pedido.fecha_actualizacion = utcnow()
            return pedidos.pedido_read(pedido, principal)
    except BaseException:
        await ctx.storage.delete(key, public=True)
        raise


# --- the professional --------------------------------------------------------------------------------


async def professional_pedidos(
    ctx: ServiceContext, principal: Principal, *, page: int, limit: int
) -> PedidoPage:
    """The open pedidos the professional matches, nearest first.

    Bounded: the candidates are the open pedidos of the professional's oficios (from their public profile),
    newest first, at most ``COVERAGE_MAX_POINTS`` (2,000); the professionals service answers which of those
    points their coverage circle holds, with the distance, in one call. Open pedidos live 14 days and a client
    holds at most 5, so 2,000 open pedidos of one oficio is far beyond today's volume; past it, the oldest
    are left out of this list (they still reach the professionals through ``pedido_nuevo``)."""
    oficio_ids = await remote.oficio_ids_of(ctx, principal.user_id)
    async with ctx.db.session(write=False) as session:
        candidates = await repo.open_pedidos_for_oficios(session, oficio_ids, limit=COVERAGE_MAX_POINTS)
    matches: list[PedidoMatch] = []
    if candidates:
        answer = await remote.coverage(
            ctx, CoverageRequest(usuario_id=principal.user_id, points=[_point(p) for p in candidates])
        )
        matches = answer.matches
    total = len(matches)
    window = matches[(page - 1) * limit : page * limit]
    async with ctx.db.session(write=False) as session:
        found = await repo.pedidos_by_ids(session, [m.pedido_id for m in window])
        offered = await repo.pedidos_offered_by(session, principal.user_id, list(found))
    items = [
        PedidoParaProfesional(
            **pedidos.pedido_read(found[m.pedido_id], principal).model_dump(),
            distancia_km=m.distancia_km,
            ya_ofertado=m.pedido_id in offered,
        )
        for m in window
        if m.pedido_id in found
    ]
    return PedidoPage(
        pedidos=items,
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


async def offer_on_pedido(
    ctx: ServiceContext, principal: Principal, pedido_id: uuid.UUID, body: PedidoOfertaCreate
) -> OfertaRead:
    """A matching professional quotes an open pedido (404 for one it does not match): the conversation
    with the client is opened (or reused) and the offer card posted there, as any offer
    (``ofertas.new_oferta``). One offer per professional (the unique index backs it under concurrency),
    at most 10 per pedido (counted under the pedido's row lock)."""
    async with ctx.db.session(write=False) as session:
        pedido = await pedidos.get_pedido(session, pedido_id)
    if pedido.cliente_id == principal.user_id or await _match(ctx, principal.user_id, pedido) is None:
        raise NotFound(pedidos.NOT_FOUND)
    if pedido.estado != pedidos.ABIERTO:
        raise BusinessRuleError(pedidos.NOT_OPEN)
    conv, _ = await open_conversation(ctx, pedido.cliente_id, principal.user_id)
    ttl = timedelta(hours=chat_settings(ctx).chat_offer_ttl_hours)
    visita = (
        Ventana(body.visita_desde, body.visita_hasta)
        if body.visita_desde is not None and body.visita_hasta is not None
        else None
    )
    off_hours = await remote.outside_hours(ctx, principal.user_id, visita)
    try:
        async with ctx.db.session() as session:
            locked = await pedidos.locked_open(session, pedido_id)
            await pedidos.ensure_room_for_offer(session, locked, principal.user_id)
            conv_locked = await repo.conversation(session, conv.id, lock=True)
            assert conv_locked is not None
            oferta = await ofertas.new_oferta(
                ctx,
                session,
                conv_locked,
                descripcion=body.descripcion,
                precio_final=body.precio_final,
                ttl=ttl,
                visita=visita,
                fuera_de_horario=off_hours,
                pedido_id=locked.id,
            )
            locked.total_ofertas += 1
            locked.fecha_actualizacion = utcnow()
            await ctx.outbox.add(
                session,
                OfferCreated(
                    oferta_id=oferta.id,
                    chat_id=conv_locked.id,
                    profesional_id=oferta.profesional_id,
                    cliente_id=oferta.cliente_id,
                    precio_final=oferta.precio_final,
                    descripcion=oferta.descripcion,
                ),
            )
            read = ofertas.oferta_read(oferta)
    except IntegrityError as exc:  # a concurrent offer of the same professional won the unique index
        raise BusinessRuleError(pedidos.ALREADY_OFFERED) from exc
    return read


# --- time --------------------------------------------------------------------------------------------


async def expire_pedidos(ctx: ServiceContext) -> int:
    """The open pedidos whose 14 days ran out become VENCIDO (their open offers rejected), each in its own
    unit of work; how many."""
    expired = 0
    while True:
        async with ctx.db.session(write=False) as session:
            due = await repo.pedidos_due(session, utcnow(), limit=EXPIRE_BATCH)
        for pedido_id in due:
            async with ctx.db.session() as session:
                pedido = await pedidos.get_pedido(session, pedido_id, lock=True)
                if pedido.estado == pedidos.ABIERTO and pedido.fecha_expiracion <= utcnow():
                    await pedidos.close(ctx, session, pedido, pedidos.VENCIDO)
                    expired += 1
        if len(due) < EXPIRE_BATCH:
            return expired
