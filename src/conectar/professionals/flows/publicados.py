"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.models import ServicioPublicado
from conectar.professionals.schemas import (
    ServicioPublicadoCreate,
    ServicioPublicadoRead,
    ServicioPublicadoUpdate,
)
from conectar.professionals.service.publicados import (
    ensure_room,
    own_oficio,
    own_publicado,
    publicado_read,
)


async def list_mine(ctx: ServiceContext, usuario_id: uuid.UUID) -> list[ServicioPublicadoRead]:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return [publicado_read(s, o) for s, o in await repo.publicados_of(session, profile.id)]


async def create(
    ctx: ServiceContext, usuario_id: uuid.UUID, body: ServicioPublicadoCreate
) -> ServicioPublicadoRead:
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        oficio = await own_oficio(session, profile, body.oficio_id)
        await ensure_room(session, profile)
        servicio = ServicioPublicado(
            profesional_id=profile.id,
            oficio_id=oficio.id,
            nombre=" ".join(body.nombre.split()),
            descripcion=(body.descripcion or "").strip(),
            precio_fijo_centavos=domain.to_centavos(body.precio_fijo),
            activo=body.activo,
        )
        session.add(servicio)
        await session.flush()
        return publicado_read(servicio, oficio)


async def update(
    ctx: ServiceContext, usuario_id: uuid.UUID, servicio_id: uuid.UUID, body: ServicioPublicadoUpdate
) -> ServicioPublicadoRead:
    async with own_profile(ctx, usuario_id, write=True) as (session, profile):
        servicio = await own_publicado(session, profile, servicio_id, lock=True)
        if body.oficio_id is not None:
            servicio.oficio_id = (await own_oficio(session, profile, body.oficio_id)).id
        if body.nombre is not None:
            servicio.nombre = " ".join(body.nombre.split())
        if "descripcion" in body.model_fields_set:
            servicio.descripcion = (body.descripcion or "").strip()
        if body.precio_fijo is not None:
            servicio.precio_fijo_centavos = domain.to_centavos(body.precio_fijo)
        if body.activo is not None:
            servicio.activo = body.activo
        servicio.fecha_actualizacion = utcnow()
        await session.flush()
        oficio = await repo.oficio(session, servicio.oficio_id)
        assert oficio is not None
        return publicado_read(servicio, oficio)


async def delete(ctx: ServiceContext, usuario_id: uuid.UUID, servicio_id: uuid.UUID) -> None:
    """Unpublish for good (trabajos already hired keep their own copy of it)."""
    async with own_profile(ctx, usuario_id, write=True) as (session, profile):
        servicio = await own_publicado(session, profile, servicio_id, lock=True)
        await session.delete(servicio)
