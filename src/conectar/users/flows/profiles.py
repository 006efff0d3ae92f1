"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo, BanResult, PasswordChangeRequest, StaffActorInfo
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow
from conectar.platform.errors import Conflict, NotFound
from conectar.platform.uploads import process_image
from conectar.users import repository as repo
from conectar.users.models import UserProfile
from conectar.users.schemas import UserUpdate
from conectar.users.service import AVATAR_MAX_SIDE, apply_account_status, normalise_phone, publish_updated

log = structlog.get_logger(__name__)


async def get_profile(ctx: ServiceContext, user_id: uuid.UUID) -> UserProfile:
    """The profile; created from the auth service's account if its UserRegistered event is not here yet."""
    found = await ctx.db.read(lambda session: repo.profile(session, user_id))
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


DELETED_ACCOUNT = "La eliminación de esta cuenta está en curso: ya no se puede modificar"


async def _editable(session: AsyncSession, user_id: uuid.UUID) -> UserProfile:
    """The profile locked for a change its owner asked for; refused (409) once the account's deletion was
    recorded (the deletion locks the profile too): the change would bring back, and announce in
    UserUpdated, a name or a photo the deletion erases (SPEC §14)."""
    profile = await repo.profile(session, user_id, lock=True)
    if profile is None:
        raise NotFound("Usuario no encontrado")
    if profile.deleted_at is not None or await repo.deletion_of(session, user_id) is not None:
        raise Conflict(DELETED_ACCOUNT)
    return profile


async def update_me(ctx: ServiceContext, user_id: uuid.UUID, changes: UserUpdate) -> UserProfile:
    await get_profile(ctx, user_id)
    fields = changes.model_dump(exclude_unset=True)
    telefono = fields.get("telefono")
    async with ctx.db.session() as session:
        profile = await _editable(session, user_id)
        if fields.get("nombre") is not None:
            profile.nombre = fields["nombre"]
        if fields.get("apellido") is not None:
            profile.apellido = fields["apellido"]
        if "telefono" in fields:
            profile.telefono = normalise_phone(telefono) if telefono else None
        await publish_updated(ctx, session, profile)
    return profile


async def set_avatar(ctx: ServiceContext, user_id: uuid.UUID, data: bytes) -> UserProfile:
    await get_profile(ctx, user_id)
    image, _ = await process_image(data, max_side=AVATAR_MAX_SIDE)
    key = f"avatars/{user_id}/avatar-{uuid.uuid4().hex}.{image.extension}"
    await ctx.storage.put(key, image.data, image.content_type, public=True)
    try:
        async with ctx.db.session() as session:
            profile = await _editable(session, user_id)  # the new file is deleted below if refused
            previous = profile.avatar_key
            profile.avatar_key = key
            profile.avatar_url = ctx.storage.public_url(key)
            await publish_updated(ctx, session, profile)
    except BaseException:  # nothing refers to the new file: it goes (the previous avatar stays)
        try:
            await ctx.storage.delete(key, public=True)
        except Exception as exc:  # the failure matters more than a leftover file
            log.warning("avatar_cleanup_failed", error=type(exc).__name__)
        raise
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
