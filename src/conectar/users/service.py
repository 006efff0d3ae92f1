"""Use cases of the users service that work in the caller's unit of work: they take a session and never
commit. The flows, which open their own units of work, are in ``users/flows/``."""

from __future__ import annotations

import math
from datetime import datetime

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import UserUpdated
from conectar.contracts.identity import Rol, UserRead
from conectar.platform.app import ServiceContext
from conectar.platform.errors import BusinessRuleError
from conectar.platform.pagination import clamp
from conectar.users import repository as repo
from conectar.users.models import UserProfile
from conectar.users.schemas import UserMetrics, UserPage

AVATAR_MAX_BYTES = 5 * 1024 * 1024
AVATAR_MAX_SIDE = 512
KYC_IN_REVIEW = "EN_REVISION"
KYC_APPROVED = "APROBADO"


def user_read(profile: UserProfile) -> UserRead:
    return UserRead.build(
        id=profile.id,
        email=profile.email,
        nombre=profile.nombre,
        apellido=profile.apellido,
        rol=profile.rol,
        is_active=profile.is_active_copy,
        fecha_creacion=profile.fecha_creacion,
        avatar_url=profile.avatar_url,
        telefono=profile.telefono,
        infracciones_chat=profile.chat_infractions_copy,
        is_chat_banned=profile.chat_banned_copy,
    )


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "AR")
    except phonenumbers.NumberParseException as exc:
        raise BusinessRuleError("El teléfono no es válido") from exc
    if not phonenumbers.is_valid_number(number):
        raise BusinessRuleError("El teléfono no es válido")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


async def publish_updated(ctx: ServiceContext, session: AsyncSession, profile: UserProfile) -> None:
    await ctx.outbox.add(
        session,
        UserUpdated(
            user_id=profile.id,
            nombre=profile.nombre,
            apellido=profile.apellido,
            telefono=profile.telefono,
            avatar_url=profile.avatar_url,
        ),
    )


async def list_users(ctx: ServiceContext, session: AsyncSession, *, page: int, limit: int) -> UserPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.page(session, offset=(page - 1) * limit, limit=limit)
    return UserPage(
        users=[user_read(row) for row in rows],
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


async def metrics(session: AsyncSession) -> UserMetrics:
    by_role = await repo.count_by_role(session)
    return UserMetrics(
        total_clientes=by_role.get(Rol.CLIENTE.value, 0),
        total_profesionales=by_role.get(Rol.PROFESIONAL.value, 0),
        total_pro_pendientes_kyc=await repo.count_professionals_in_kyc_state(session, KYC_IN_REVIEW),
        total_pro_aprobados=await repo.count_professionals_in_kyc_state(session, KYC_APPROVED),
    )


def _newer(stamp: datetime | None, at: datetime) -> bool:
    return stamp is None or at >= stamp


def apply_account_status(profile: UserProfile, *, is_active: bool, at: datetime) -> None:
    if _newer(profile.account_status_at, at):
        profile.is_active_copy = is_active
        profile.account_status_at = at


def apply_kyc_state(profile: UserProfile, state: str, at: datetime) -> None:
    if _newer(profile.kyc_state_at, at):
        profile.kyc_state_copy = state
        profile.kyc_state_at = at


def apply_chat_status(profile: UserProfile, *, infracciones: int, banned: bool, at: datetime) -> None:
    if _newer(profile.chat_status_at, at):
        profile.chat_infractions_copy = infracciones
        profile.chat_banned_copy = banned
        profile.chat_status_at = at
