"""Use cases of the auth service that work in the caller's unit of work: they take a session and never
commit. The flows (``flows.py``) open the units of work; password hashing is slow on purpose, so they hash
and verify outside any transaction and open short units around the reads and writes."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.auth import repository as repo
from conectar.auth.keys import KeyRing
from conectar.auth.models import Account, RefreshToken
from conectar.auth.schemas import TokenPair
from conectar.auth.settings import auth_settings
from conectar.auth.tokens import issue_access_token, new_opaque_token, token_hash
from conectar.contracts.identity import AccountInfo, Rol, UserRead
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow


def keyring(ctx: ServiceContext) -> KeyRing:
    ring: KeyRing = ctx.extras["keyring"]
    return ring


def user_read(account: Account) -> UserRead:
    return UserRead.build(
        id=account.id,
        email=account.email,
        nombre=account.nombre,
        apellido=account.apellido,
        rol=account.rol,
        is_active=account.is_active,
        fecha_creacion=account.fecha_creacion,
    )


def account_info(account: Account) -> AccountInfo:
    return AccountInfo(
        id=account.id,
        email=account.email,
        nombre=account.nombre,
        apellido=account.apellido,
        rol=Rol(account.rol),
        is_active=account.is_active,
        fecha_creacion=account.fecha_creacion,
    )


async def start_session(
    ctx: ServiceContext,
    session: AsyncSession,
    account: Account,
    family_id: uuid.UUID | None = None,
    *,
    client: str | None = None,
) -> TokenPair:
    """A new link of a session (a new family without ``family_id``): an access token, with the lifetime
    configured for ``client`` (the gateway's hint; the platform's default otherwise), and a refresh token.
    The link records the access token's own expiry, so revoking it later lasts as long as the token."""
    settings = ctx.settings
    ttl_seconds = auth_settings(ctx).access_token_ttl(client, settings.access_token_ttl_seconds)
    signer = await keyring(ctx).signer()
    access = issue_access_token(
        signer,
        user_id=account.id,
        rol=account.rol,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        ttl_seconds=ttl_seconds,
    )
    refresh = new_opaque_token()
    now = utcnow()
    session.add(
        RefreshToken(
            account_id=account.id,
            family_id=family_id or uuid.uuid4(),
            token_hash=token_hash(refresh),
            issued_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
            access_jti=access.jti,
            access_expires_at=access.expires_at,
        )
    )
    return TokenPair(access_token=access.token, refresh_token=refresh, expires_in=ttl_seconds)


async def _revoke_access(ctx: ServiceContext, tokens: Sequence[tuple[str, datetime]]) -> None:
    for jti, expires_at in tokens:
        await ctx.revocations.revoke(jti, int(expires_at.timestamp()))


async def revoke_family(ctx: ServiceContext, session: AsyncSession, link: RefreshToken) -> None:
    await repo.revoke_families(session, account_id=link.account_id, family_id=link.family_id)
    await _revoke_access(ctx, await repo.live_access_tokens(session, family_id=link.family_id))


async def end_all_sessions(
    ctx: ServiceContext, session: AsyncSession, account_id: uuid.UUID, *, keep_family: uuid.UUID | None = None
) -> None:
    await repo.revoke_families(session, account_id=account_id, except_family=keep_family)
    for family in await repo.family_ids(session, account_id):
        if family != keep_family:
            await _revoke_access(ctx, await repo.live_access_tokens(session, family_id=family))


async def close_in(ctx: ServiceContext, session: AsyncSession, account: Account) -> None:
    if account.deleted_at is None:
        account.deleted_at = utcnow()
    account.is_active = False
    await end_all_sessions(ctx, session, account.id)
