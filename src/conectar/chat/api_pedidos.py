"""Routes: requests for quotes (pedidos de presupuesto, SPEC §10)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, UploadFile, status

from conectar.chat.flows import pedidos as pedidos_flows
from conectar.chat.schemas import (
    OfertaRead,
    PedidoCreate,
    PedidoOfertaCreate,
    PedidoOfertaItem,
    PedidoPage,
    PedidoRead,
)
from conectar.platform.app import Ctx
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import ClientUser, CurrentUser, ProfessionalUser

router = APIRouter(prefix="/api/v1/pedidos", tags=["pedidos de presupuesto"])
professional = APIRouter(prefix="/api/v1/professional/pedidos", tags=["pedidos de presupuesto"])


@router.post("", response_model=PedidoRead, status_code=status.HTTP_201_CREATED)
async def create_pedido(body: PedidoCreate, principal: ClientUser, ctx: Ctx) -> PedidoRead:
    """Pedí presupuestos: describí el trabajo una vez y los profesionales de ese oficio que cubren tu zona
    te envían ofertas. Hasta 5 pedidos abiertos; vencen a los 14 días. Tu dirección solo la ve el
    profesional que elijas."""
    return await pedidos_flows.create_pedido(ctx, principal, body)


@router.post("/{pedido_id}/fotos", response_model=PedidoRead)
async def add_foto(
    pedido_id: uuid.UUID,
    principal: ClientUser,
    ctx: Ctx,
    file: Annotated[UploadFile, File(description="JPEG, PNG, WebP o GIF; hasta 5 MB")],
) -> PedidoRead:
    """Agregás una foto del problema a tu pedido abierto (JPEG, PNG, WebP o GIF de hasta 5 MB; hasta 5
    fotos). La guardamos sin metadatos: ni la ubicación ni los datos de la cámara llegan a nadie."""
    return await pedidos_flows.add_foto(ctx, principal, pedido_id, file)


@router.get("/mios", response_model=list[PedidoRead])
async def my_pedidos(principal: ClientUser, ctx: Ctx) -> list[PedidoRead]:
    """Tus pedidos de presupuesto, del más nuevo al más viejo."""
    return await pedidos_flows.my_pedidos(ctx, principal)


@router.get("/{pedido_id}", response_model=PedidoRead)
async def get_pedido(pedido_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> PedidoRead:
    """Un pedido: para quien lo pidió, el personal, o un profesional que lo cubre (404 para los demás)."""
    return await pedidos_flows.get_pedido(ctx, principal, pedido_id)


@router.post("/{pedido_id}/cancelar", response_model=PedidoRead)
async def cancel_pedido(pedido_id: uuid.UUID, principal: ClientUser, ctx: Ctx) -> PedidoRead:
    """Cancelás tu pedido mientras está abierto; las ofertas sin responder quedan rechazadas."""
    return await pedidos_flows.cancel_pedido(ctx, principal, pedido_id)


@router.get("/{pedido_id}/ofertas", response_model=list[PedidoOfertaItem])
async def pedido_offers(pedido_id: uuid.UUID, principal: ClientUser, ctx: Ctx) -> list[PedidoOfertaItem]:
    """Las ofertas de tu pedido, de la más barata a la más cara, con cada profesional (nivel, reseñas,
    distancia, tiempo de respuesta). Aceptás una con `POST /cliente/ofertas/{id}/accept`."""
    return await pedidos_flows.pedido_offers(ctx, principal, pedido_id)


@professional.get("", response_model=PedidoPage)
async def professional_pedidos(
    principal: ProfessionalUser, ctx: Ctx, page: Page = 1, limit: Limit = 20
) -> PedidoPage:
    """Los pedidos abiertos de tus oficios en tu zona de cobertura, del más cercano al más lejano."""
    return await pedidos_flows.professional_pedidos(ctx, principal, page=page, limit=limit)


@professional.post("/{pedido_id}/ofertas", response_model=OfertaRead, status_code=status.HTTP_201_CREATED)
async def offer_on_pedido(
    pedido_id: uuid.UUID, body: PedidoOfertaCreate, principal: ProfessionalUser, ctx: Ctx
) -> OfertaRead:
    """Enviás tu oferta para un pedido que cubrís (una por pedido; hasta 10 ofertas por pedido). Se abre la
    conversación con el cliente y la oferta aparece ahí."""
    return await pedidos_flows.offer_on_pedido(ctx, principal, pedido_id, body)
