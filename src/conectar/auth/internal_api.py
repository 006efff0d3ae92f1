"""Internal API of the auth service (service tokens only)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from conectar.auth import flows, service
from conectar.auth import repository as repo
from conectar.contracts.identity import (
    AccountInfo,
    BanResult,
    PasswordChangeRequest,
    PasswordCheck,
    StaffActorInfo,
)
from conectar.platform.app import Ctx
from conectar.platform.audit import Actor
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
    await flows.change_password(
        ctx,
        account_id,
        current=body.current_password,
        new=body.new_password,
        keep_session_jti=body.keep_session_jti,
    )


def _actor(body: StaffActorInfo) -> Actor:
    return Actor(user_id=body.actor_id, ip=body.ip)


@router.post("/{account_id}/ban", response_model=BanResult)
async def ban(account_id: uuid.UUID, body: StaffActorInfo, _caller: ServiceCaller, ctx: Ctx) -> BanResult:
    account = await flows.ban(ctx, account_id, _actor(body))
    return BanResult(id=account.id, is_active=account.is_active)


@router.post("/{account_id}/unban", response_model=BanResult)
async def unban(account_id: uuid.UUID, body: StaffActorInfo, _caller: ServiceCaller, ctx: Ctx) -> BanResult:
    account = await flows.unban(ctx, account_id, _actor(body))
    return BanResult(id=account.id, is_active=account.is_active)


@router.post("/{account_id}/verify-password", status_code=status.HTTP_204_NO_CONTENT)
async def verify_password(
    account_id: uuid.UUID, body: PasswordCheck, _caller: ServiceCaller, ctx: Ctx
) -> None:
    await flows.check_password(ctx, account_id, password=body.password, address=body.address)


@router.post("/{account_id}/close", status_code=status.HTTP_204_NO_CONTENT)
async def close(account_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> None:
    await flows.close_account(ctx, account_id)
