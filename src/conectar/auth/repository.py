"""All SQL of the auth service."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.auth.models import Account, PasswordResetToken, RefreshToken
from conectar.platform.db import get_row, utcnow


async def account_by_email(session: AsyncSession, email: str, *, lock: bool = False) -> Account | None:
    query = select(Account).where(Account.email == email.lower())
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def account_by_id(
    session: AsyncSession, account_id: uuid.UUID, *, lock: bool = False
) -> Account | None:
    return await get_row(session, Account, account_id, lock=lock)


async def lock_account_shared(session: AsyncSession, account_id: uuid.UUID) -> Account | None:
    """The account read ``FOR SHARE`` on PostgreSQL: a session may be written for it (a refresh, a login)
    while nothing that ends its sessions (ban, reset, change of password, deletion: ``FOR UPDATE``) runs.
    Every unit of work that locks an account locks it before its refresh and reset tokens."""
    query = (
        select(Account)
        .where(Account.id == account_id)
        .with_for_update(read=True)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(query)).scalar_one_or_none()


async def set_password_hash(session: AsyncSession, account_id: uuid.UUID, password_hash: str) -> None:
    await session.execute(update(Account).where(Account.id == account_id).values(password_hash=password_hash))


async def refresh_by_hash(session: AsyncSession, digest: str) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.token_hash == digest).with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def refresh_account_id(session: AsyncSession, digest: str) -> uuid.UUID | None:
    """Whose session link this is, without locking it (lock the account first)."""
    query = select(RefreshToken.account_id).where(RefreshToken.token_hash == digest)
    return (await session.execute(query)).scalar_one_or_none()


async def refresh_by_access_jti(session: AsyncSession, jti: str) -> RefreshToken | None:
    query = select(RefreshToken).where(RefreshToken.access_jti == jti)
    return (await session.execute(query)).scalar_one_or_none()


async def live_access_tokens(
    session: AsyncSession, *, account_id: uuid.UUID | None = None, family_id: uuid.UUID | None = None
) -> Sequence[tuple[str, datetime]]:
    """(jti, expiry) of access tokens issued with a session link and not yet expired."""
    query = select(RefreshToken.access_jti, RefreshToken.access_expires_at).where(
        RefreshToken.access_expires_at > utcnow()
    )
    if account_id is not None:
        query = query.where(RefreshToken.account_id == account_id)
    if family_id is not None:
        query = query.where(RefreshToken.family_id == family_id)
    return [(jti, exp) for jti, exp in (await session.execute(query)).all()]


async def revoked_access_tokens(session: AsyncSession) -> Sequence[tuple[str, datetime]]:
    """(jti, expiry) of every access token whose session was ended and that has not expired yet."""
    query = select(RefreshToken.access_jti, RefreshToken.access_expires_at).where(
        RefreshToken.revoked_at.is_not(None), RefreshToken.access_expires_at > utcnow()
    )
    return [(jti, exp) for jti, exp in (await session.execute(query)).all()]


async def revoke_families(
    session: AsyncSession,
    *,
    account_id: uuid.UUID,
    family_id: uuid.UUID | None = None,
    except_family: uuid.UUID | None = None,
) -> None:
    query = update(RefreshToken).where(
        RefreshToken.account_id == account_id, RefreshToken.revoked_at.is_(None)
    )
    if family_id is not None:
        query = query.where(RefreshToken.family_id == family_id)
    if except_family is not None:
        query = query.where(RefreshToken.family_id != except_family)
    await session.execute(query.values(revoked_at=utcnow()))


async def family_ids(session: AsyncSession, account_id: uuid.UUID) -> set[uuid.UUID]:
    result = await session.execute(
        select(RefreshToken.family_id).where(RefreshToken.account_id == account_id).distinct()
    )
    return set(result.scalars())


async def reset_account_id(session: AsyncSession, digest: str) -> uuid.UUID | None:
    """Whose reset link this is, without locking it (lock the account first)."""
    query = select(PasswordResetToken.account_id).where(PasswordResetToken.token_hash == digest)
    return (await session.execute(query)).scalar_one_or_none()


async def reset_by_hash(session: AsyncSession, digest: str) -> PasswordResetToken | None:
    query = select(PasswordResetToken).where(PasswordResetToken.token_hash == digest).with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def expire_reset_tokens(session: AsyncSession, account_id: uuid.UUID) -> None:
    await session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.account_id == account_id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )


async def delete_expired(session: AsyncSession, before: datetime) -> None:
    await session.execute(
        delete(RefreshToken).where(RefreshToken.expires_at < before, RefreshToken.access_expires_at < before)
    )
    await session.execute(
        delete(PasswordResetToken).where(
            or_(PasswordResetToken.expires_at < before, PasswordResetToken.used_at < before)
        )
    )


async def delete_reset_tokens(session: AsyncSession, account_id: uuid.UUID) -> None:
    await session.execute(delete(PasswordResetToken).where(PasswordResetToken.account_id == account_id))
