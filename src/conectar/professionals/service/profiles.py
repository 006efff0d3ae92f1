"""Professional profiles: creation (from UserRegistered or read-through from auth), the account copies,
and what a professional edits about themselves."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo, Rol
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.models import PendingAccountCopy, ProfesionalServicio, ProfessionalProfile
from conectar.professionals.schemas import OfertaInstantRead, OficioRead, ProfileRead
from conectar.professionals.service.common import profile_read, sorted_oficios

log = structlog.get_logger(__name__)

NOT_A_PROFESSIONAL = "Perfil profesional no encontrado"


# --- creation and account copies --------------------------------------------------------------------


def _newer(stamp: datetime | None, at: datetime) -> bool:
    return stamp is None or at >= stamp


def apply_account_copy(
    profile: ProfessionalProfile, *, nombre: str, apellido: str, avatar_url: str | None, at: datetime
) -> bool:
    if not _newer(profile.account_copy_at, at):
        return False
    profile.nombre, profile.apellido, profile.avatar_url = nombre, apellido, avatar_url
    profile.account_copy_at = at
    return True


def apply_account_status(profile: ProfessionalProfile, *, is_active: bool, at: datetime) -> bool:
    if not _newer(profile.account_status_at, at):
        return False
    profile.is_active_copy = is_active
    profile.account_status_at = at
    return True


async def _merge_pending(session: AsyncSession, profile: ProfessionalProfile) -> None:
    pending = await repo.pending_copy(session, profile.usuario_id, lock=True)
    if pending is None:
        return
    if pending.account_copy_at is not None and pending.nombre is not None and pending.apellido is not None:
        apply_account_copy(
            profile,
            nombre=pending.nombre,
            apellido=pending.apellido,
            avatar_url=pending.avatar_url,
            at=pending.account_copy_at,
        )
    if pending.account_status_at is not None and pending.is_active is not None:
        apply_account_status(profile, is_active=pending.is_active, at=pending.account_status_at)
    await repo.delete_pending_copy(session, profile.usuario_id)


async def create_profile(
    session: AsyncSession,
    *,
    usuario_id: uuid.UUID,
    email: str,
    nombre: str,
    apellido: str,
    is_active: bool,
    fecha_creacion: datetime,
    status_read_at: datetime | None = None,
) -> bool:
    """Insert-or-ignore the profile with SPEC §2's defaults; True when this call created it.
    ``status_read_at``: when ``is_active`` was read from the auth service (older ban events then lose).
    Never for a deleted person (an event about them still on its way when they were erased)."""
    if await repo.is_erased(session, usuario_id):
        return False
    created = await repo.insert_profile_if_missing(
        session,
        usuario_id=usuario_id,
        email=email,
        nombre=nombre,
        apellido=apellido,
        is_active=is_active,
        fecha_creacion=fecha_creacion,
    )
    if created:
        profile = await repo.profile_by_user(session, usuario_id, lock=True)
        assert profile is not None
        profile.account_status_at = status_read_at
        await _merge_pending(session, profile)
    return created


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


async def record_account_copy(
    session: AsyncSession,
    usuario_id: uuid.UUID,
    *,
    at: datetime,
    names: tuple[str, str, str | None] | None = None,
    is_active: bool | None = None,
) -> None:
    """Apply an account event to the profile (and the search rows), or keep it until the profile exists.
    Ignored for a deleted person: their copies are erased and stay so."""
    if await repo.is_erased(session, usuario_id):
        return
    profile = await repo.profile_by_user(session, usuario_id, lock=True)
    if profile is not None:
        changed = False
        if names is not None:
            changed |= apply_account_copy(
                profile, nombre=names[0], apellido=names[1], avatar_url=names[2], at=at
            )
        if is_active is not None:
            changed |= apply_account_status(profile, is_active=is_active, at=at)
        if changed:
            await search_index.sync(session, profile)
        return
    pending = await repo.pending_copy(session, usuario_id, lock=True)
    if pending is None:
        pending = PendingAccountCopy(usuario_id=usuario_id, recibido_at=utcnow())
        session.add(pending)
    if names is not None and _newer(pending.account_copy_at, at):
        pending.nombre, pending.apellido, pending.avatar_url = names
        pending.account_copy_at = at
    if is_active is not None and _newer(pending.account_status_at, at):
        pending.is_active = is_active
        pending.account_status_at = at


# --- the professional's own profile -----------------------------------------------------------------


async def get_me(ctx: ServiceContext, usuario_id: uuid.UUID) -> ProfileRead:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return profile_read(profile, await repo.oficios_of(session, profile.id))


def _apply_changes(profile: ProfessionalProfile, changes: dict[str, Any]) -> None:
    if changes.get("radio_cobertura_km") is not None:
        profile.radio_cobertura_km = int(changes["radio_cobertura_km"])
    if changes.get("acepta_instant") is not None:
        profile.acepta_instant = bool(changes["acepta_instant"])
    if "tarifa_por_hora" in changes:
        tarifa = changes["tarifa_por_hora"]
        profile.tarifa_por_hora_centavos = None if tarifa is None else domain.to_centavos(tarifa)
    if "descripcion" in changes:
        descripcion = changes["descripcion"]
        profile.descripcion = (
            descripcion.strip() if isinstance(descripcion, str) and descripcion.strip() else None
        )
    if changes.get("latitude") is not None and changes.get("longitude") is not None:
        profile.latitude = float(changes["latitude"])
        profile.longitude = float(changes["longitude"])
    if changes.get("payout_account") is not None:
        profile.payout_account = str(changes["payout_account"])


async def update_profile(ctx: ServiceContext, usuario_id: uuid.UUID, changes: dict[str, Any]) -> ProfileRead:
    """Partial update of the profile (fields already validated by the request models)."""
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        _apply_changes(profile, changes)
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


# --- instant services offered -----------------------------------------------------------------------


def offer_read(offer: ProfesionalServicio, servicio: Any) -> OfertaInstantRead:
    return OfertaInstantRead(
        id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        activo=servicio.activo,
        precio_fijo=domain.from_centavos(offer.precio_fijo_centavos),
    )


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
