"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError

from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
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
from conectar.professionals.service.catalog import (
    OFICIO_EXISTS,
    OFICIO_NOT_FOUND,
    SERVICIO_NOT_FOUND,
    record_toggle,
    servicio_read,
)
from conectar.professionals.service.common import normalise_name, oficio_read, sorted_oficios


def _change(changes: dict[str, Any], field: str, before: Any, after: Any) -> None:
    if before != after:
        changes[field] = {"antes": before, "despues": after}


async def list_oficios(ctx: ServiceContext, *, include_inactive: bool) -> list[OficioRead]:
    found = await ctx.db.read(lambda session: repo.oficios(session, only_active=not include_inactive))
    return sorted_oficios(found)


async def create_oficio(ctx: ServiceContext, body: OficioCreate, actor: Actor) -> OficioRead:
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
                await ctx.audit.record(
                    session,
                    actor,
                    accion="oficio.crear",
                    recurso="oficio",
                    recurso_id=oficio.id,
                    detalle={"nombre": oficio.nombre},
                )
            return oficio_read(oficio)
        except IntegrityError as exc:
            # The same name created concurrently, or the same search key taken: tell which, or retry.
            async with ctx.db.session(write=False) as session:
                if await repo.oficio_by_normalised_name(session, normalise_name(nombre)) is not None:
                    raise BusinessRuleError(OFICIO_EXISTS) from exc
            if attempt == 2:
                raise Conflict() from exc
    raise Conflict()


async def update_oficio(
    ctx: ServiceContext, oficio_id: uuid.UUID, body: OficioUpdate, actor: Actor
) -> OficioRead:
    try:
        async with ctx.db.session() as session:
            oficio = await repo.oficio(session, oficio_id, lock=True)
            if oficio is None:
                raise NotFound(OFICIO_NOT_FOUND)
            changes: dict[str, Any] = {}
            if body.nombre is not None:
                nombre = " ".join(body.nombre.split())
                same = await repo.oficio_by_normalised_name(session, normalise_name(nombre))
                if same is not None and same.id != oficio.id:
                    raise BusinessRuleError(OFICIO_EXISTS)
                _change(changes, "nombre", oficio.nombre, nombre)
                oficio.nombre, oficio.nombre_normalizado = nombre, normalise_name(nombre)
            if "descripcion" in body.model_fields_set:
                descripcion = (body.descripcion or "").strip()
                _change(changes, "descripcion", oficio.descripcion, descripcion)
                oficio.descripcion = descripcion
            if body.activo is not None:
                _change(changes, "activo", oficio.activo, body.activo)
                oficio.activo = body.activo
            oficio.fecha_actualizacion = utcnow()
            await session.flush()
            await ctx.audit.record(
                session,
                actor,
                accion="oficio.editar",
                recurso="oficio",
                recurso_id=oficio.id,
                detalle=changes,
            )
    except IntegrityError as exc:
        raise BusinessRuleError(OFICIO_EXISTS) from exc
    return oficio_read(oficio)


async def toggle_oficio(ctx: ServiceContext, oficio_id: uuid.UUID, actor: Actor) -> OficioRead:
    async with ctx.db.session() as session:
        oficio = await repo.oficio(session, oficio_id, lock=True)
        if oficio is None:
            raise NotFound(OFICIO_NOT_FOUND)
        oficio.activo = not oficio.activo
        oficio.fecha_actualizacion = utcnow()
        await record_toggle(ctx, session, actor, "oficio", oficio)
    return oficio_read(oficio)


async def create_servicio(
    ctx: ServiceContext, body: ServicioInstantCreate, actor: Actor
) -> ServicioInstantRead:
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
        await ctx.audit.record(
            session,
            actor,
            accion="servicio_instant.crear",
            recurso="servicio_instant",
            recurso_id=servicio.id,
            detalle={"nombre": servicio.nombre, "oficio_id": str(servicio.oficio_id)},
        )
    return servicio_read(servicio)


async def update_servicio(
    ctx: ServiceContext, servicio_id: uuid.UUID, body: ServicioInstantUpdate, actor: Actor
) -> ServicioInstantRead:
    async with ctx.db.session() as session:
        servicio = await repo.servicio(session, servicio_id, lock=True)
        if servicio is None:
            raise NotFound(SERVICIO_NOT_FOUND)
        changes: dict[str, Any] = {}
        if body.nombre is not None:
            nombre = " ".join(body.nombre.split())
            _change(changes, "nombre", servicio.nombre, nombre)
            servicio.nombre = nombre
        if "descripcion" in body.model_fields_set:
            descripcion = (body.descripcion or "").strip()
            _change(changes, "descripcion", servicio.descripcion, descripcion)
            servicio.descripcion = descripcion
        if body.activo is not None:
            _change(changes, "activo", servicio.activo, body.activo)
            servicio.activo = body.activo
        servicio.fecha_actualizacion = utcnow()
        await session.flush()
        await ctx.audit.record(
            session,
            actor,
            accion="servicio_instant.editar",
            recurso="servicio_instant",
            recurso_id=servicio.id,
            detalle=changes,
        )
    return servicio_read(servicio)


async def toggle_servicio(ctx: ServiceContext, servicio_id: uuid.UUID, actor: Actor) -> ServicioInstantRead:
    async with ctx.db.session() as session:
        servicio = await repo.servicio(session, servicio_id, lock=True)
        if servicio is None:
            raise NotFound(SERVICIO_NOT_FOUND)
        servicio.activo = not servicio.activo
        servicio.fecha_actualizacion = utcnow()
        await record_toggle(ctx, session, actor, "servicio_instant", servicio)
    return servicio_read(servicio)


async def servicios_of_oficio(
    ctx: ServiceContext, oficio_id: uuid.UUID, *, include_inactive: bool
) -> list[ServicioInstantRead]:
    async with ctx.db.session(write=False) as session:
        if await repo.oficio(session, oficio_id) is None:
            raise NotFound(OFICIO_NOT_FOUND)
        rows = await repo.servicios_of_oficio(session, oficio_id, only_active=not include_inactive)
        return [servicio_read(s) for s in rows]
