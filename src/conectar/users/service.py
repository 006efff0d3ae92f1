"""Use cases of the users service."""

from __future__ import annotations

import math
import uuid
from datetime import datetime

import phonenumbers
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import UserUpdated
from conectar.contracts.identity import (
    AccountInfo,
    BanResult,
    PasswordChangeRequest,
    Rol,
    StaffActorInfo,
    UserRead,
)
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.platform.pagination import clamp
from conectar.platform.uploads import process_image
from conectar.users import repository as repo
from conectar.users.models import UserProfile
from conectar.users.schemas import UserMetrics, UserPage, UserUpdate

log = structlog.get_logger(__name__)

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


async def get_profile(ctx: ServiceContext, user_id: uuid.UUID) -> UserProfile:
    """The profile; created from the auth service's account if its UserRegistered event is not here yet."""
    async with ctx.db.session(write=False) as session:
        found = await repo.profile(session, user_id)
    if found is not None:
        return found
    account = AccountInfo.model_validate(
        await ctx.clients.call("auth", "GET", f"/internal/v1/accounts/{user_id}")
    )
    async with ctx.db.session() as session:
        await repo.insert_from_account(session, account)
        created = await repo.profile(session, user_id)
    if created is None:
        raise NotFound("Usuario no encontrado")
    return created


def normalise_phone(raw: str) -> str:
    try:
        number = phonenumbers.parse(raw, "AR")
    except phonenumbers.NumberParseException as exc:
        raise BusinessRuleError("El teléfono no es válido") from exc
    if not phonenumbers.is_valid_number(number):
        raise BusinessRuleError("El teléfono no es válido")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


async def _publish_updated(ctx: ServiceContext, session: AsyncSession, profile: UserProfile) -> None:
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


async def update_me(ctx: ServiceContext, user_id: uuid.UUID, changes: UserUpdate) -> UserProfile:
    await get_profile(ctx, user_id)
    fields = changes.model_dump(exclude_unset=True)
    telefono = fields.get("telefono")
    async with ctx.db.session() as session:
        profile = await repo.profile(session, user_id, lock=True)
        assert profile is not None
        if fields.get("nombre") is not None:
            profile.nombre = fields["nombre"]
        if fields.get("apellido") is not None:
            profile.apellido = fields["apellido"]
        if "telefono" in fields:
            profile.telefono = normalise_phone(telefono) if telefono else None
        await _publish_updated(ctx, session, profile)
    return profile


async def set_avatar(ctx: ServiceContext, user_id: uuid.UUID, data: bytes) -> UserProfile:
    await get_profile(ctx, user_id)
    image, _ = await process_image(data, max_side=AVATAR_MAX_SIDE)
    key = f"avatars/{user_id}/avatar-{uuid.uuid4().hex}.{image.extension}"
    await ctx.storage.put(key, image.data, image.content_type, public=True)
    async with ctx.db.session() as session:
        profile = await repo.profile(session, user_id, lock=True)
        assert profile is not None
        previous = profile.avatar_key
        profile.avatar_key = key
        profile.avatar_url = ctx.storage.public_url(key)
        await _publish_updated(ctx, session, profile)
    if previous:
        try:
            await ctx.storage.delete(previous, public=True)
        except Exception as exc:  # the new avatar is saved; a leftover file is only clutter
            log.warning("avatar_delete_failed", error=type(exc).__name__)
    return profile


async def change_password(
    ctx: ServiceContext, user_id: uuid.UUID, *, current: str, new: str, session_jti: str
) -> None:
    request = PasswordChangeRequest(current_password=current, new_password=new, keep_session_jti=session_jti)
    await ctx.clients.call(
        "auth", "POST", f"/internal/v1/accounts/{user_id}/password", json=request.model_dump()
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


async def set_banned(ctx: ServiceContext, user_id: uuid.UUID, *, banned: bool, actor: Actor) -> UserProfile:
    """Auth performs the ban (and records it in the staff audit trail in the same unit of work)."""
    await get_profile(ctx, user_id)
    action = "ban" if banned else "unban"
    assert actor.user_id is not None
    staff = StaffActorInfo(actor_id=actor.user_id, ip=actor.ip)
    result = BanResult.model_validate(
        await ctx.clients.call(
            "auth", "POST", f"/internal/v1/accounts/{user_id}/{action}", json=staff.model_dump(mode="json")
        )
    )
    async with ctx.db.session() as session:
        profile = await repo.profile(session, user_id, lock=True)
        assert profile is not None
        apply_account_status(profile, is_active=result.is_active, at=utcnow())
    return profile


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
