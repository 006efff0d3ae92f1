"""Internal API of the auth service (service tokens only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from conectar.auth import repository as repo
from conectar.auth import service
from conectar.contracts.identity import AccountInfo, BanResult, PasswordChangeRequest
from conectar.platform.app import Ctx
from conectar.platform.errors import NotFound
from conectar.platform.security import ServiceCaller

router = APIRouter(prefix="/internal/v1/accounts", include_in_schema=False)


@router.get("/{account_id}", response_model=AccountInfo)
async def get_account(account_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> AccountInfo:
    async with ctx.db.session(write=False) as session:
        account = await repo.account_by_id(session, account_id)
    if account is None:
        raise NotFound("Usuario no encontrado")
    return service.account_info(account)


@router.post("/{account_id}/password", status_code=status.HTTP_204_NO_CONTENT)
async def change_password(
    account_id: uuid.UUID, body: PasswordChangeRequest, _caller: ServiceCaller, ctx: Ctx
) -> None:
    await service.change_password(
        ctx,
        account_id,
        current=body.current_password,
        new=body.new_password,
        keep_session_jti=body.keep_session_jti,
    )


@router.post("/{account_id}/ban", response_model=BanResult)
async def ban(account_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> BanResult:
    account = await service.ban(ctx, account_id)
    return BanResult(id=account.id, is_active=account.is_active)


@router.post("/{account_id}/unban", response_model=BanResult)
async def unban(account_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> BanResult:
    account = await service.unban(ctx, account_id)
    return BanResult(id=account.id, is_active=account.is_active)
