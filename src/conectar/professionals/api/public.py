"""Routes anyone may call: public profiles, oficios, search, hireable instant services, the leaderboard."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query

from conectar.platform.app import Ctx
from conectar.platform.errors import BusinessRuleError
from conectar.platform.pagination import Limit, Page
from conectar.professionals.domain import Nivel, SearchFilters, SortBy
from conectar.professionals.flows import catalog, portfolio, public, reputation
from conectar.professionals.schemas import (
    LeaderboardEntry,
    OficioRead,
    PortfolioItemRead,
    PublicProfile,
    ResenaPage,
    SearchRequest,
    SearchResponse,
    SearchResult,
    ServicioDisponible,
)

router = APIRouter(prefix="/api/v1", tags=["public"])


@router.get("/public/oficios", response_model=list[OficioRead])
async def oficios(ctx: Ctx) -> list[OficioRead]:
    """Los oficios activos, por nombre."""
    return await catalog.list_oficios(ctx, include_inactive=False)


@router.get("/public/professional/{profesional_id}", response_model=PublicProfile)
async def public_profile(profesional_id: uuid.UUID, ctx: Ctx) -> PublicProfile:
    """Perfil público de un profesional aprobado (por id de perfil o de usuario)."""
    return await public.public_profile(ctx, profesional_id)


@router.get("/public/professional/{profesional_id}/portfolio", response_model=list[PortfolioItemRead])
async def public_portfolio(profesional_id: uuid.UUID, ctx: Ctx) -> list[PortfolioItemRead]:
    """Portfolio de un profesional, los trabajos más nuevos primero."""
    return await portfolio.public_items(ctx, profesional_id)


@router.get("/public/professional/{profesional_id}/resenas", response_model=ResenaPage)
async def public_reviews(
    profesional_id: uuid.UUID,
    ctx: Ctx,
    page: Page = 1,
    limit: Limit = 20,
) -> ResenaPage:
    """Reseñas de un profesional, las más nuevas primero."""
    return await public.reviews(ctx, profesional_id, page=page, limit=limit)


@router.get("/search/professionals", response_model=list[SearchResult])
async def search(
    ctx: Ctx,
    oficio_id: uuid.UUID,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lng: Annotated[float, Query(ge=-180, le=180)],
    nivel: Nivel | None = None,
    acepta_instant: bool | None = None,
    rating_minimo: Annotated[float | None, Query(ge=0, le=5)] = None,
    precio_maximo: Annotated[Decimal | None, Query(ge=0, le=10_000_000)] = None,
    sort_by: SortBy = SortBy.DISTANCIA,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> list[SearchResult]:
    """Profesionales aprobados con ese oficio cuya área de cobertura incluye el punto.

    Orden: `distancia` (el más cercano primero), `rating` (mayor promedio, luego más reseñas), `precio`
    (menor tarifa por hora; sin tarifa al final), `nivel` (mayor nivel, luego mayor promedio). La
    distancia se redondea a 0,1 km; la ubicación exacta nunca se muestra.
    """
    results, _ = await public.search(
        ctx,
        oficio=oficio_id,
        lat=lat,
        lng=lng,
        filters=SearchFilters(
            nivel=nivel.value if nivel else None,
            acepta_instant=acepta_instant,
            rating_minimo=rating_minimo,
            precio_maximo=precio_maximo,
        ),
        sort=sort_by,
        offset=(page - 1) * limit,
        limit=limit,
        want_total=False,
    )
    return results


@router.post("/search", response_model=SearchResponse)
async def search_post(body: SearchRequest, ctx: Ctx) -> SearchResponse:
    """La misma búsqueda con el cuerpo en JSON (`oficio` es el id o el nombre) y el total de resultados."""
    return await public.search_post(ctx, body)


@router.get("/servicios", response_model=list[ServicioDisponible])
async def servicios(
    ctx: Ctx,
    oficio_id: uuid.UUID | None = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lng: Annotated[float | None, Query(ge=-180, le=180)] = None,
    page: Page = 1,
    limit: Limit = 50,
) -> list[ServicioDisponible]:
    """Servicios contratables ya, a precio fijo, de profesionales aprobados que aceptan contrataciones
    instantáneas y cuya área cubre el punto (los más cercanos primero, luego los más baratos; sin punto,
    los más baratos primero). Dos clases en una lista, según `tipo`: `catalogo`, un servicio instantáneo
    del catálogo al precio del profesional (`POST /cliente/servicios/{servicio_id}/contratar` con
    `{profesional_id}`), y `publicado`, uno que el profesional publicó él mismo (el mismo POST, sin
    cuerpo)."""
    if (lat is None) != (lng is None):
        raise BusinessRuleError("lat y lng van juntas")
    return await public.hireable(
        ctx, oficio_id=oficio_id, lat=lat, lng=lng, offset=(page - 1) * limit, limit=limit
    )


@router.get("/gamification/leaderboard", response_model=list[LeaderboardEntry])
async def leaderboard(ctx: Ctx, limit: Annotated[int, Query(ge=1, le=100)] = 10) -> list[LeaderboardEntry]:
    """Los profesionales con más experiencia."""
    return await reputation.leaderboard(ctx, limit=limit)
