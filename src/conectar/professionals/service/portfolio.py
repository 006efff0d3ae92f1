"""The portfolio: items with up to ten images each. An item that is not yours is 404 for every operation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.errors import NotFound
from conectar.professionals import repository as repo
from conectar.professionals.models import PortfolioImagen, PortfolioItem
from conectar.professionals.schemas import PortfolioImageRead, PortfolioItemRead
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL

IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_SIDE = 1600
THUMBNAIL_SIDE = 400
MAX_IMAGES_PER_ITEM = 10
ITEM_NOT_FOUND = "Trabajo del portfolio no encontrado"


def item_read(item: PortfolioItem, images: Sequence[PortfolioImagen]) -> PortfolioItemRead:
    return PortfolioItemRead(
        id=item.id,
        profesional_id=item.profesional_id,
        titulo=item.titulo,
        descripcion=item.descripcion or "",
        fecha_creacion=item.fecha_creacion,
        fecha_actualizacion=item.fecha_actualizacion,
        imagenes=[
            PortfolioImageRead(id=i.id, imagen_url=i.imagen_url, thumbnail_url=i.thumbnail_url, orden=i.orden)
            for i in sorted(images, key=lambda i: i.orden)
        ],
    )


async def items_of(session: AsyncSession, profile_id: uuid.UUID) -> list[PortfolioItemRead]:
    items = await repo.portfolio_items(session, profile_id)
    images = await repo.images_of(session, [i.id for i in items])
    return [item_read(item, images[item.id]) for item in items]


async def _profile_id(session: AsyncSession, usuario_id: uuid.UUID) -> uuid.UUID:
    profile = await repo.profile_by_user(session, usuario_id)
    if profile is None:
        raise NotFound(NOT_A_PROFESSIONAL)
    return profile.id


async def own_item(
    session: AsyncSession, usuario_id: uuid.UUID, item_id: uuid.UUID, *, lock: bool = False
) -> PortfolioItem:
    profile_id = await _profile_id(session, usuario_id)
    item = await repo.portfolio_item(session, item_id, lock=lock)
    if item is None or item.profesional_id != profile_id:
        raise NotFound(ITEM_NOT_FOUND)
    return item
