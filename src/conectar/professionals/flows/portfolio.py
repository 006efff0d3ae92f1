"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import structlog
from fastapi import UploadFile
from sqlalchemy import delete

from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.uploads import process_image, read_limited
from conectar.professionals import repository as repo
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.models import PortfolioImagen, PortfolioItem
from conectar.professionals.schemas import PortfolioCreate, PortfolioItemRead, PortfolioUpdate
from conectar.professionals.service.portfolio import (
    IMAGE_MAX_BYTES,
    IMAGE_MAX_SIDE,
    MAX_IMAGES_PER_ITEM,
    THUMBNAIL_SIDE,
    item_read,
    items_of,
    own_item,
)
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL

log = structlog.get_logger(__name__)


async def list_mine(ctx: ServiceContext, usuario_id: uuid.UUID) -> list[PortfolioItemRead]:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return await items_of(session, profile.id)


async def get_mine(ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID) -> PortfolioItemRead:
    async with ctx.db.session(write=False) as session:
        item = await own_item(session, usuario_id, item_id)
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
        item = await own_item(session, usuario_id, item_id, lock=True)
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
        item = await own_item(session, usuario_id, item_id, lock=True)
        images = (await repo.images_of(session, [item.id]))[item.id]
        keys = [k for image in images for k in (image.imagen_key, image.thumbnail_key)]
        await session.execute(delete(PortfolioImagen).where(PortfolioImagen.item_id == item.id))
        await session.delete(item)
    await _delete_files(ctx, keys)


async def add_image(
    ctx: ServiceContext, usuario_id: uuid.UUID, item_id: uuid.UUID, upload: UploadFile
) -> PortfolioItemRead:
    async with ctx.db.session(write=False) as session:
        item = await own_item(session, usuario_id, item_id)
        if len((await repo.images_of(session, [item.id]))[item.id]) >= MAX_IMAGES_PER_ITEM:
            raise BusinessRuleError(f"Cada trabajo admite hasta {MAX_IMAGES_PER_ITEM} imágenes")
    data = await read_limited(upload, IMAGE_MAX_BYTES, label="La imagen")
    full, thumb = await process_image(data, max_side=IMAGE_MAX_SIDE, thumbnail_side=THUMBNAIL_SIDE)
    assert thumb is not None
    image_id = uuid.uuid4()
    base = f"portfolio/{item.profesional_id}/{item.id}/{image_id.hex}"
    image_key, thumb_key = f"{base}.{full.extension}", f"{base}-thumb.{thumb.extension}"
    try:
        await ctx.storage.put(image_key, full.data, full.content_type, public=True)
        await ctx.storage.put(thumb_key, thumb.data, thumb.content_type, public=True)
        async with ctx.db.session() as session:
            item = await own_item(session, usuario_id, item_id, lock=True)
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
        item = await own_item(session, usuario_id, item_id, lock=True)
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
