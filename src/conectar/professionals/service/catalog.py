"""The catalog managed by admins: oficios and instant services."""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, NotFound
from conectar.professionals import repository as repo
from conectar.professionals.models import Oficio, ServicioInstant
from conectar.professionals.schemas import (
    OficioCreate,
    OficioRead,
    OficioUpdate,
    ServicioInstantCreate,
    ServicioInstantRead,
    ServicioInstantUpdate,
)
from conectar.professionals.service.common import normalise_name, oficio_read, sorted_oficios

OFICIO_EXISTS = "Ya existe un oficio con ese nombre"
OFICIO_NOT_FOUND = "Oficio no encontrado"
SERVICIO_NOT_FOUND = "Servicio instantáneo no encontrado"


async def list_oficios(ctx: ServiceContext, *, include_inactive: bool) -> list[OficioRead]:
    async with ctx.db.session(write=False) as session:
        return sorted_oficios(await repo.oficios(session, only_active=not include_inactive))


async def create_oficio(ctx: ServiceContext, body: OficioCreate) -> OficioRead:
    nombre = " ".join(body.nombre.split())
    for attempt in range(3):
        try:
            async with ctx.db.session() as session:
                if await repo.oficio_by_normalised_name(session, normalise_name(nombre)) is not None:
                    raise BusinessRuleError(OFICIO_EXISTS)
                oficio = Oficio(
                    nombre=nombre,
                    nombre_normalizado=normalise_name(nombre),
                    descripcion=(body.descripcion or "").strip(),
                    activo=True,
                    clave=await repo.next_oficio_clave(session),
                )
                session.add(oficio)
                await session.flush()
            return oficio_read(oficio)
        except IntegrityError as exc:
            # The same name created concurrently, or the same search key taken: tell which, or retry.
            async with ctx.db.session(write=False) as session:
                if await repo.oficio_by_normalised_name(session, normalise_name(nombre)) is not None:
                    raise BusinessRuleError(OFICIO_EXISTS) from exc
            if attempt == 2:
                raise Conflict() from exc
    raise Conflict()


async def update_oficio(ctx: ServiceContext, oficio_id: uuid.UUID, body: OficioUpdate) -> OficioRead:
    try:
        async with ctx.db.session() as session:
            oficio = await repo.oficio(session, oficio_id, lock=True)
            if oficio is None:
                raise NotFound(OFICIO_NOT_FOUND)
            if body.nombre is not None:
                nombre = " ".join(body.nombre.split())
                same = await repo.oficio_by_normalised_name(session, normalise_name(nombre))
                if same is not None and same.id != oficio.id:
                    raise BusinessRuleError(OFICIO_EXISTS)
                oficio.nombre, oficio.nombre_normalizado = nombre, normalise_name(nombre)
            if "descripcion" in body.model_fields_set:
                oficio.descripcion = (body.descripcion or "").strip()
            if body.activo is not None:
                oficio.activo = body.activo
            oficio.fecha_actualizacion = utcnow()
    except IntegrityError as exc:
        raise BusinessRuleError(OFICIO_EXISTS) from exc
    return oficio_read(oficio)


async def toggle_oficio(ctx: ServiceContext, oficio_id: uuid.UUID) -> OficioRead:
    async with ctx.db.session() as session:
        oficio = await repo.oficio(session, oficio_id, lock=True)
        if oficio is None:
            raise NotFound(OFICIO_NOT_FOUND)
        oficio.activo = not oficio.activo
        oficio.fecha_actualizacion = utcnow()
    return oficio_read(oficio)


def servicio_read(servicio: ServicioInstant) -> ServicioInstantRead:
    return ServicioInstantRead(
        id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        activo=servicio.activo,
        fecha_creacion=servicio.fecha_creacion,
        fecha_actualizacion=servicio.fecha_actualizacion,
    )


async def create_servicio(ctx: ServiceContext, body: ServicioInstantCreate) -> ServicioInstantRead:
    async with ctx.db.session() as session:
        if await repo.oficio(session, body.oficio_id) is None:
            raise NotFound(OFICIO_NOT_FOUND)
        servicio = ServicioInstant(
            nombre=" ".join(body.nombre.split()),
            descripcion=(body.descripcion or "").strip(),
            oficio_id=body.oficio_id,
            activo=True,
        )
        session.add(servicio)
        await session.flush()
    return servicio_read(servicio)


async def update_servicio(
    ctx: ServiceContext, servicio_id: uuid.UUID, body: ServicioInstantUpdate
) -> ServicioInstantRead:
    async with ctx.db.session() as session:
        servicio = await repo.servicio(session, servicio_id, lock=True)
        if servicio is None:
            raise NotFound(SERVICIO_NOT_FOUND)
        if body.nombre is not None:
            servicio.nombre = " ".join(body.nombre.split())
        if "descripcion" in body.model_fields_set:
            servicio.descripcion = (body.descripcion or "").strip()
        if body.activo is not None:
            servicio.activo = body.activo
        servicio.fecha_actualizacion = utcnow()
    return servicio_read(servicio)


async def toggle_servicio(ctx: ServiceContext, servicio_id: uuid.UUID) -> ServicioInstantRead:
    async with ctx.db.session() as session:
        servicio = await repo.servicio(session, servicio_id, lock=True)
        if servicio is None:
            raise NotFound(SERVICIO_NOT_FOUND)
        servicio.activo = not servicio.activo
        servicio.fecha_actualizacion = utcnow()
    return servicio_read(servicio)


async def servicios_of_oficio(
    ctx: ServiceContext, oficio_id: uuid.UUID, *, include_inactive: bool
) -> list[ServicioInstantRead]:
    async with ctx.db.session(write=False) as session:
        if await repo.oficio(session, oficio_id) is None:
            raise NotFound(OFICIO_NOT_FOUND)
        rows = await repo.servicios_of_oficio(session, oficio_id, only_active=not include_inactive)
        return [servicio_read(s) for s in rows]
