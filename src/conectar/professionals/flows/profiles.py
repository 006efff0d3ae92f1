"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo, Rol
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.models import ProfesionalServicio, ProfessionalProfile
from conectar.professionals.schemas import OfertaInstantRead, OficioRead, ProfileRead
from conectar.professionals.service.common import profile_read, sorted_oficios
from conectar.professionals.service.profiles import (
    NOT_A_PROFESSIONAL,
    apply_changes,
    create_profile,
    offer_read,
)


async def _create_from_account(ctx: ServiceContext, usuario_id: uuid.UUID) -> None:
    """Create the profile now from the auth service's account (its UserRegistered event has not arrived
    yet); called outside any unit of work."""
    read_at = utcnow()
    account = AccountInfo.model_validate(
        await ctx.clients.call("auth", "GET", f"/internal/v1/accounts/{usuario_id}")
    )
    if account.rol is not Rol.PROFESIONAL:
        raise NotFound(NOT_A_PROFESSIONAL)
    async with ctx.db.session() as session:
        await create_profile(
            session,
            usuario_id=account.id,
            email=account.email,
            nombre=account.nombre,
            apellido=account.apellido,
            is_active=account.is_active,
            fecha_creacion=account.fecha_creacion,
            status_read_at=read_at,
        )


@asynccontextmanager
async def own_profile(
    ctx: ServiceContext, usuario_id: uuid.UUID, *, write: bool = False, lock: bool = False
) -> AsyncIterator[tuple[AsyncSession, ProfessionalProfile]]:
    """A unit of work holding the professional's own profile, which exists from registration on: when it
    is not here yet (its UserRegistered event still on its way) it is created from the auth service's
    account first, outside any unit of work. The usual case is a single unit of work."""
    async with ctx.db.session(write=write) as session:
        profile = await repo.profile_by_user(session, usuario_id, lock=lock)
        if profile is not None:
            yield session, profile
            return
    await _create_from_account(ctx, usuario_id)
    async with ctx.db.session(write=write) as session:
        profile = await repo.profile_by_user(session, usuario_id, lock=lock)
        if profile is None:
            raise NotFound(NOT_A_PROFESSIONAL)
        yield session, profile


async def get_me(ctx: ServiceContext, usuario_id: uuid.UUID) -> ProfileRead:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return profile_read(profile, await repo.oficios_of(session, profile.id))


async def update_profile(ctx: ServiceContext, usuario_id: uuid.UUID, changes: dict[str, Any]) -> ProfileRead:
    """Partial update of the profile (fields already validated by the request models)."""
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        apply_changes(profile, changes)
        profile.fecha_actualizacion = utcnow()
        await search_index.sync(session, profile)
        return profile_read(profile, await repo.oficios_of(session, profile.id))


async def replace_oficios(
    ctx: ServiceContext, usuario_id: uuid.UUID, oficio_ids: list[uuid.UUID]
) -> list[OficioRead]:
    wanted = list(dict.fromkeys(oficio_ids))
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        found = {o.id: o for o in await repo.oficios_by_ids(session, wanted)}
        missing = [str(i) for i in wanted if i not in found]
        if missing:
            raise NotFound(f"Oficio no encontrado: {', '.join(missing)}")
        inactive = [o.nombre for o in found.values() if not o.activo]
        if inactive:
            raise BusinessRuleError(f"El oficio no está disponible: {', '.join(inactive)}")
        await repo.replace_oficios(session, profile.id, wanted)
        profile.fecha_actualizacion = utcnow()
        await search_index.sync(session, profile)
        return sorted_oficios(found.values())


async def list_offers(ctx: ServiceContext, usuario_id: uuid.UUID) -> list[OfertaInstantRead]:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return [offer_read(o, s) for o, s in await repo.offers_of(session, profile.id)]


async def replace_offers(
    ctx: ServiceContext, usuario_id: uuid.UUID, servicio_ids: list[uuid.UUID]
) -> list[OfertaInstantRead]:
    """Replace the set of instant services offered; prices of the ones kept are kept."""
    wanted = list(dict.fromkeys(servicio_ids))
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        found = {s.id: s for s in await repo.servicios_by_ids(session, wanted)}
        missing = [str(i) for i in wanted if i not in found]
        if missing:
            raise NotFound(f"Servicio instantáneo no encontrado: {', '.join(missing)}")
        existing = {o.servicio_id for o, _ in await repo.offers_of(session, profile.id)}
        # A deactivated service may stay where it was offered, but not be added.
        inactive = [s.nombre for s in found.values() if not s.activo and s.id not in existing]
        if inactive:
            raise BusinessRuleError(f"El servicio no está disponible: {', '.join(inactive)}")
        await repo.delete_offers_except(session, profile.id, wanted)
        for servicio_id in wanted:
            if servicio_id not in existing:
                session.add(ProfesionalServicio(profesional_id=profile.id, servicio_id=servicio_id))
        await session.flush()
        return [offer_read(o, s) for o, s in await repo.offers_of(session, profile.id)]


async def set_price(
    ctx: ServiceContext, usuario_id: uuid.UUID, servicio_id: uuid.UUID, precio: Any
) -> OfertaInstantRead:
    """Set the fixed price of one instant service (adding it to the professional's offer if needed)."""
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        servicio = await repo.servicio(session, servicio_id)
        if servicio is None:
            raise NotFound("Servicio instantáneo no encontrado")
        offer = await repo.offer(session, profile.id, servicio_id, lock=True)
        if offer is None:
            if not servicio.activo:
                raise BusinessRuleError("El servicio no está disponible")
            offer = ProfesionalServicio(profesional_id=profile.id, servicio_id=servicio_id)
            session.add(offer)
        offer.precio_fijo_centavos = domain.to_centavos(precio)
        await session.flush()
        return offer_read(offer, servicio)
