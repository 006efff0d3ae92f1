"""A client's favourite professionals (`/favoritos`, role CLIENTE; SPEC §13)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from conectar.platform.app import Ctx
from conectar.platform.errors import BusinessRuleError
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import ClientUser
from conectar.professionals.flows import favoritos
from conectar.professionals.schemas import SearchResult

router = APIRouter(prefix="/api/v1/favoritos", tags=["favoritos"])


@router.get("", response_model=list[SearchResult])
async def list_favoritos(
    principal: ClientUser,
    ctx: Ctx,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lng: Annotated[float | None, Query(ge=-180, le=180)] = None,
    page: Page = 1,
    limit: Limit = 20,
) -> list[SearchResult]:
    """Tus profesionales favoritos, los agregados más recientemente primero, con la forma de los
    resultados de búsqueda (`distancia_km` sólo si mandás `lat` y `lng`). No aparecen los profesionales
    que dejaron de estar visibles."""
    if (lat is None) != (lng is None):
        raise BusinessRuleError("lat y lng van juntas")
    return await favoritos.list_for(
        ctx, principal.user_id, lat=lat, lng=lng, offset=(page - 1) * limit, limit=limit
    )


@router.put(
    "/{profesional_id}",
    response_model=SearchResult,
    responses={201: {"model": SearchResult, "description": "Agregado"}},
)
async def add_favorito(
    profesional_id: uuid.UUID, principal: ClientUser, ctx: Ctx, response: Response
) -> SearchResult:
    """Agrega un profesional visible a tus favoritos: 201 si lo agregó, 200 si ya estaba (máximo 200)."""
    result, created = await favoritos.add(ctx, principal.user_id, profesional_id)
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return result


@router.delete("/{profesional_id}", status_code=status.HTTP_204_NO_CONTENT)
async def remove_favorito(profesional_id: uuid.UUID, principal: ClientUser, ctx: Ctx) -> Response:
    """Quita un profesional de tus favoritos (204 también si no estaba)."""
    await favoritos.remove(ctx, principal.user_id, profesional_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
