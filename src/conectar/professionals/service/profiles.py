"""Professional profiles: creation (from UserRegistered or read-through from auth), the account copies,
and what a professional edits about themselves."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.models import PendingAccountCopy, ProfesionalServicio, ProfessionalProfile
from conectar.professionals.schemas import OfertaInstantRead

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
    # Claimed, not only read: an account change being kept aside right now (not committed, so not seen)
    # is waited for and merged, and one that comes later finds the profile (``record_account_copy``).
    pending = await repo.claim_pending_copy(session, profile.usuario_id)
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
    pending: PendingAccountCopy | None = None
    merged = False
    profile = await repo.profile_by_user(session, usuario_id, lock=True)
    if profile is None:
        # Kept aside until the profile exists. Claiming the pending copy waits for a profile being created
        # right now (which claims it too), so look for the profile again once it is ours.
        pending = await repo.claim_pending_copy(session, usuario_id)
        profile = await repo.profile_by_user(session, usuario_id, lock=True)
        if profile is not None:
            await _merge_pending(session, profile)
            merged = True
    if profile is not None:
        changed = merged
        if names is not None:
            changed |= apply_account_copy(
                profile, nombre=names[0], apellido=names[1], avatar_url=names[2], at=at
            )
        if is_active is not None:
            changed |= apply_account_status(profile, is_active=is_active, at=at)
        if changed:
            await search_index.sync(session, profile)
        return
    assert pending is not None
    if names is not None and _newer(pending.account_copy_at, at):
        pending.nombre, pending.apellido, pending.avatar_url = names
        pending.account_copy_at = at
    if is_active is not None and _newer(pending.account_status_at, at):
        pending.is_active = is_active
        pending.account_status_at = at


# --- the professional's own profile -----------------------------------------------------------------


def apply_changes(profile: ProfessionalProfile, changes: dict[str, Any]) -> None:
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
