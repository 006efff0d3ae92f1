"""The portfolio: items with up to ten images each. An item that is not yours is 404 for every operation."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import structlog
from fastapi import UploadFile
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.uploads import process_image, read_limited
from conectar.professionals import repository as repo
from conectar.professionals.models import PortfolioImagen, PortfolioItem
from conectar.professionals.schemas import (
    PortfolioCreate,
    PortfolioImageRead,
    PortfolioItemRead,
    PortfolioUpdate,
)
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL, own_profile

log = structlog.get_logger(__name__)

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


async def _own_item(
    session: AsyncSession, usuario_id: uuid.UUID, item_id: uuid.UUID, *, lock: bool = False
) -> PortfolioItem:
    profile_id = await _profile_id(session, usuario_id)
    item = await repo.portfolio_item(session, item_id, lock=lock)
    if item is None or item.profesional_id != profile_id:
        raise NotFound(ITEM_NOT_FOUND)
    return item


async def list_mine(ctx: ServiceContext, usuario_id: uuid.UUID) -> list[PortfolioItemRead]:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return await items_of(session, profile.id)


async def get_mine(ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID) -> PortfolioItemRead:
    async with ctx.db.session(write=False) as session:
        item = await _own_item(session, usuario_id, item_id)
        return item_read(item, (await repo.images_of(session, [item.id]))[item.id])


async def create(ctx: ServiceContext, usuario_id: uuid.UUID, body: PortfolioCreate) -> PortfolioItemRead:
    async with own_profile(ctx, usuario_id, write=True) as (session, profile):
        item = PortfolioItem(
            profesional_id=profile.id,
            titulo=body.titulo,
            descripcion=(body.descripcion or "").strip(),
        )
        session.add(item)
        await session.flush()
    return item_read(item, [])


async def update(
    ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID, body: PortfolioUpdate
) -> PortfolioItemRead:
    async with ctx.db.session() as session:
        item = await _own_item(session, usuario_id, item_id, lock=True)
        if body.titulo is not None:
            item.titulo = body.titulo
        if "descripcion" in body.model_fields_set:
            item.descripcion = (body.descripcion or "").strip()
        item.fecha_actualizacion = utcnow()
        images = (await repo.images_of(session, [item.id]))[item.id]
    return item_read(item, images)


async def _delete_files(ctx: ServiceContext, keys: Sequence[str]) -> None:
    for key in keys:
        try:
            await ctx.storage.delete(key, public=True)
        except Exception as exc:  # the row is gone; a leftover file is only clutter
            log.warning("portfolio_file_delete_failed", error=type(exc).__name__)


async def delete_item(ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID) -> None:
    async with ctx.db.session() as session:
        item = await _own_item(session, usuario_id, item_id, lock=True)
        images = (await repo.images_of(session, [item.id]))[item.id]
        keys = [k for image in images for k in (image.imagen_key, image.thumbnail_key)]
        await session.execute(delete(PortfolioImagen).where(PortfolioImagen.item_id == item.id))
        await session.delete(item)
    await _delete_files(ctx, keys)


async def add_image(
    ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID, upload: UploadFile
) -> PortfolioItemRead:
    async with ctx.db.session(write=False) as session:
        item = await _own_item(session, usuario_id, item_id)
        if len((await repo.images_of(session, [item.id]))[item.id]) >= MAX_IMAGES_PER_ITEM:
            raise BusinessRuleError(f"Cada trabajo admite hasta {MAX_IMAGES_PER_ITEM} imágenes")
    data = await read_limited(upload, IMAGE_MAX_BYTES, label="La imagen")
    full, thumb = await process_image(data, max_side=IMAGE_MAX_SIDE, thumbnail_side=THUMBNAIL_SIDE)
    assert thumb is not None
    image_id = uuid.uuid4()
    base = f"portfolio/{item.profesional_id}/{item.id}/{image_id.hex}"
    image_key, thumb_key = f"{base}.{full.extension}", f"{base}-thumb.{thumb.extension}"
    await ctx.storage.put(image_key, full.data, full.content_type, public=True)
    await ctx.storage.put(thumb_key, thumb.data, thumb.content_type, public=True)
    try:
        async with ctx.db.session() as session:
            item = await _own_item(session, usuario_id, item_id, lock=True)
            images = (await repo.images_of(session, [item.id]))[item.id]
            if len(images) >= MAX_IMAGES_PER_ITEM:
                raise BusinessRuleError(f"Cada trabajo admite hasta {MAX_IMAGES_PER_ITEM} imágenes")
            image = PortfolioImagen(
                id=image_id,
                item_id=item.id,
                orden=len(images),
                imagen_key=image_key,
                thumbnail_key=thumb_key,
                imagen_url=ctx.storage.public_url(image_key),
                thumbnail_url=ctx.storage.public_url(thumb_key),
                fecha_creacion=utcnow(),
            )
            session.add(image)
            item.fecha_actualizacion = utcnow()
            await session.flush()
            result = item_read(item, [*images, image])
    except BaseException:
        await _delete_files(ctx, [image_key, thumb_key])
        raise
    return result


async def delete_image(
    ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID, image_id: uuid.UUID
) -> PortfolioItemRead:
    async with ctx.db.session() as session:
        item = await _own_item(session, usuario_id, item_id, lock=True)
        images = (await repo.images_of(session, [item.id]))[item.id]
        target = next((i for i in images if i.id == image_id), None)
        if target is None:
            raise NotFound("Imagen no encontrada")
        keys = [target.imagen_key, target.thumbnail_key]
        await session.delete(target)
        remaining = [i for i in images if i.id != image_id]
        for orden, image in enumerate(remaining):
            image.orden = orden
        item.fecha_actualizacion = utcnow()
        await session.flush()
        result = item_read(item, remaining)
    await _delete_files(ctx, keys)
    return result


async def public_items(ctx: ServiceContext, some_id: uuid.UUID) -> list[PortfolioItemRead]:
    """Any existing professional's portfolio (by profile id or user id); a deleted one has none (404)."""
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_id_or_user(session, some_id)
        if profile is None or profile.eliminado_at is not None:
            raise NotFound(NOT_A_PROFESSIONAL)
        return await items_of(session, profile.id)
