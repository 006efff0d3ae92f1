"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.app import ServiceContext
from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.domain import SearchFilters, SortBy
from conectar.professionals.models import Resena
from conectar.professionals.schemas import (
    PublicOferta,
    PublicProfile,
    ResenaPage,
    SearchRequest,
    SearchResponse,
    SearchResult,
    ServicioDisponible,
)
from conectar.professionals.service import cancellations, disponibilidad
from conectar.professionals.service.common import rating_of, sorted_oficios
from conectar.professionals.service.portfolio import items_of
from conectar.professionals.service.public import (
    PROFILE_REVIEWS,
    card,
    find_oficio,
    resena_read,
    visible_profile,
)
from conectar.professionals.service.publicados import public_oferta


async def public_profile(ctx: ServiceContext, some_id: uuid.UUID) -> PublicProfile:
    """A professional's public page: 404 unless approved and not banned. Never the e-mail, the
    verification state, the payout account, the exact location or any client's id."""
    # Eight reads that need no lock and no common snapshot (the page is a set of lists): outside a
    # transaction, one round trip each.
    return await ctx.db.read(lambda session: _public_profile(session, some_id))


async def _public_profile(session: AsyncSession, some_id: uuid.UUID) -> PublicProfile:
    profile = await visible_profile(session, some_id)
    oficios = [o for o in await repo.oficios_of(session, profile.id) if o.activo]
    offers = [
        PublicOferta(
            id=s.id,
            nombre=s.nombre,
            descripcion=s.descripcion or "",
            oficio_id=s.oficio_id,
            precio_fijo=domain.from_centavos(o.precio_fijo_centavos),
        )
        for o, s in await repo.offers_of(session, profile.id, only_active=True)
        if o.precio_fijo_centavos is not None
    ]
    publicados = [public_oferta(s) for s in await repo.active_publicados_of(session, profile.id)]
    resenas, _ = await repo.reviews_page(session, profile.id, offset=0, limit=PROFILE_REVIEWS)
    portfolio = await items_of(session, profile.id)
    cancelaciones = await cancellations.count_90d(session, profile.usuario_id)
    semanal = await disponibilidad.semanal_of(session, profile.id)
    return PublicProfile(
        id=profile.id,
        usuario_id=profile.usuario_id,
        nombre=profile.nombre,
        apellido=profile.apellido,
        avatar_url=profile.avatar_url,
        descripcion=profile.descripcion,
        nivel=profile.nivel,
        radio_cobertura_km=profile.radio_cobertura_km,
        acepta_instant=profile.acepta_instant,
        tarifa_por_hora=domain.from_centavos(profile.tarifa_por_hora_centavos),
        rating_promedio=rating_of(profile),
        total_resenas=profile.total_resenas,
        trabajos_completados=profile.trabajos_completados,
        oficios=sorted_oficios(oficios),
        portfolio=portfolio,
        servicios_instant=offers if profile.acepta_instant else [],
        servicios_publicados=publicados if profile.acepta_instant else [],
        resenas=[resena_read(r) for r in resenas],
        fecha_creacion=profile.fecha_creacion,
        tiempo_respuesta_mediano_min=profile.tiempo_respuesta_mediano_min,
        cancelaciones_90d=cancelaciones,
        disponibilidad_semanal=semanal,
    )


async def reviews(ctx: ServiceContext, some_id: uuid.UUID, *, page: int, limit: int) -> ResenaPage:
    async def page_of(session: AsyncSession) -> tuple[Sequence[Resena], int]:
        profile = await visible_profile(session, some_id)
        return await repo.reviews_page(session, profile.id, offset=(page - 1) * limit, limit=limit)

    rows, total = await ctx.db.read(page_of)
    return ResenaPage(
        resenas=[resena_read(r) for r in rows],
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


def _result(hit: domain.SearchHit) -> SearchResult:
    return card(hit.candidate, hit.distance_m)


async def search(
    ctx: ServiceContext,
    *,
    oficio: str | uuid.UUID,
    lat: float,
    lng: float,
    filters: SearchFilters,
    sort: SortBy,
    offset: int,
    limit: int,
    want_total: bool,
) -> tuple[list[SearchResult], int]:
    """Approved, active professionals holding the oficio whose own coverage circle contains the point."""
    async with ctx.db.session(write=False) as session:
        found = await find_oficio(session, oficio)
        if found is None or not found.activo:
            return [], 0
        page = await search_index.search(
            session,
            search_index.SearchQuery(
                oficio_key=found.clave,
                lat=lat,
                lng=lng,
                filters=filters,
                sort=sort,
                offset=offset,
                limit=limit,
                want_total=want_total,
            ),
        )
    return [_result(hit) for hit in page.hits], page.total or 0


async def search_post(ctx: ServiceContext, body: SearchRequest) -> SearchResponse:
    results, total = await search(
        ctx,
        oficio=body.oficio,
        lat=body.latitude,
        lng=body.longitude,
        filters=SearchFilters(
            nivel=body.nivel.value if body.nivel else None,
            acepta_instant=body.acepta_instant,
            rating_minimo=body.rating_minimo,
            precio_maximo=body.precio_maximo,
            radio_km=body.radio_km,
        ),
        sort=body.ordenar_por,
        offset=body.skip,
        limit=body.limit,
        want_total=True,
    )
    return SearchResponse(
        total=total,
        resultados=results,
        pagina=body.skip // body.limit + 1,
        total_paginas=math.ceil(total / body.limit) if total else 0,
    )


async def hireable(
    ctx: ServiceContext,
    *,
    oficio_id: uuid.UUID | None,
    lat: float | None,
    lng: float | None,
    offset: int,
    limit: int,
) -> list[ServicioDisponible]:
    """Services a client can hire now — instant services of the catalog at a professional's price and
    services professionals published — of approved professionals who accept instant hires and (when a point
    is given) whose coverage circle contains it: nearest first, else cheapest."""
    async with ctx.db.session(write=False) as session:
        if lat is None or lng is None:
            rows = await repo.hireable_offers(session, oficio_id=oficio_id, offset=offset, limit=limit)
        else:
            rows = await search_index.hireable_at(
                session, lat=lat, lng=lng, oficio_id=oficio_id, offset=offset, limit=limit
            )
    found = []
    for item in rows:
        profile = item.profile
        distance: float | None = None
        if lat is not None and lng is not None:
            assert profile.latitude is not None
            assert profile.longitude is not None
            distance = domain.sphere_distance_m(profile.latitude, profile.longitude, lat, lng)
        precio = domain.from_centavos(item.precio_fijo_centavos)
        assert precio is not None
        found.append(
            ServicioDisponible(
                tipo="publicado" if item.tipo == repo.TIPO_PUBLICADO else "catalogo",
                servicio_id=item.id,
                nombre=item.nombre,
                descripcion=item.descripcion,
                oficio_id=item.oficio_id,
                precio_fijo=precio,
                profesional_id=profile.id,
                usuario_id=profile.usuario_id,
                profesional_nombre=profile.nombre,
                profesional_apellido=profile.apellido,
                avatar_url=profile.avatar_url,
                nivel=profile.nivel,
                rating_promedio=rating_of(profile),
                total_resenas=profile.total_resenas,
                distancia_km=None if distance is None else domain.round_km(distance),
            )
        )
    return found
