"""Public routes of the users service."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile

from conectar.contracts.identity import UserRead
from conectar.platform.app import Ctx, Session
from conectar.platform.audit import StaffActor
from conectar.platform.security import AdminUser, CurrentUser
from conectar.platform.uploads import read_limited
from conectar.users import repository as repo
from conectar.users import service
from conectar.users.flows import profiles
from conectar.users.schemas import (
    BanResponse,
    MessageResponse,
    PasswordChange,
    UserMetrics,
    UserPage,
    UserUpdate,
)

router = APIRouter(prefix="/api/v1/users", tags=["users"])
admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@router.get("/me", response_model=UserRead)
async def me(principal: CurrentUser, ctx: Ctx) -> UserRead:
    """Tu perfil."""
    return service.user_read(await profiles.get_profile(ctx, principal.user_id))


@router.put("/me", response_model=UserRead)
async def update_me(body: UserUpdate, principal: CurrentUser, ctx: Ctx) -> UserRead:
    """Actualiza nombre, apellido o teléfono (parcial)."""
    return service.user_read(await profiles.update_me(ctx, principal.user_id, body))


@router.post("/me/avatar", response_model=UserRead)
async def upload_avatar(principal: CurrentUser, ctx: Ctx, file: Annotated[UploadFile, File()]) -> UserRead:
    """Sube una foto de perfil (JPEG, PNG, GIF o WebP; hasta 5 MB). Se re-codifica sin metadatos."""
    data = await read_limited(file, service.AVATAR_MAX_BYTES, label="La imagen")
    return service.user_read(await profiles.set_avatar(ctx, principal.user_id, data))


async def _change_password(body: PasswordChange, principal: CurrentUser, ctx: Ctx) -> MessageResponse:
    await profiles.change_password(
        ctx,
        principal.user_id,
        current=body.current_password,
        new=body.new_password,
        session_jti=principal.jti,
    )
    return MessageResponse(message="Contraseña actualizada")


@router.post("/me/change-password", response_model=MessageResponse)
async def change_password(body: PasswordChange, principal: CurrentUser, ctx: Ctx) -> MessageResponse:
    """Cambia la contraseña; cierra las demás sesiones."""
    return await _change_password(body, principal, ctx)


@router.patch("/me/password", response_model=MessageResponse)
async def patch_password(body: PasswordChange, principal: CurrentUser, ctx: Ctx) -> MessageResponse:
    """Igual que `POST /users/me/change-password`."""
    return await _change_password(body, principal, ctx)


@admin_router.get("/users", response_model=UserPage)
async def list_users(
    _admin: AdminUser, ctx: Ctx, session: Session, page: int = 1, limit: int = 20
) -> UserPage:
    """Usuarios, los más nuevos primero (`limit` entre 1 y 100)."""
    return await service.list_users(ctx, session, page=page, limit=limit)


@admin_router.get("/users/search", response_model=list[UserRead])
async def search_users(
    _admin: AdminUser,
    session: Session,
    email: Annotated[str, Query(min_length=2, max_length=254)],
) -> list[UserRead]:
    """Busca por parte del email (hasta 50 resultados)."""
    return [service.user_read(row) for row in await repo.search_by_email(session, email.strip(), limit=50)]


@admin_router.post("/users/{user_id}/ban", response_model=BanResponse)
async def ban(user_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> BanResponse:
    """Suspende la cuenta: no puede iniciar sesión y se cierran todas sus sesiones."""
    profile = await profiles.set_banned(ctx, user_id, banned=True, actor=actor)
    return BanResponse(message="Usuario suspendido", user=service.user_read(profile))


@admin_router.post("/users/{user_id}/unban", response_model=BanResponse)
async def unban(user_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> BanResponse:
    """Levanta la suspensión."""
    profile = await profiles.set_banned(ctx, user_id, banned=False, actor=actor)
    return BanResponse(message="Usuario reactivado", user=service.user_read(profile))


@admin_router.get("/metrics/users", response_model=UserMetrics)
async def user_metrics(_admin: AdminUser, session: Session) -> UserMetrics:
    """Totales de clientes y profesionales (pendientes de KYC = documentación en revisión)."""
    return await service.metrics(session)
