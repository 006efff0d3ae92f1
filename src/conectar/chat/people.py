"""The people the chat knows: copies of accounts (from events, or read through from the auth service) and
their moderation state."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import ChatUserCopy
from conectar.contracts.identity import AccountInfo
from conectar.contracts.personal_data import is_pseudonymous_email
from conectar.platform.app import ServiceContext
from conectar.platform.errors import NotFound

KNOWN_CACHE_SIZE = 100_000


async def ensure_known(ctx: ServiceContext, user_ids: list[uuid.UUID]) -> None:
    """Make sure the chat has these people (once known, a person stays known: each replica remembers)."""
    seen: set[uuid.UUID] = ctx.extras.setdefault("known_people", set())
    if all(uid in seen for uid in user_ids):
        return
    await ensure_people(ctx, user_ids)
    if len(seen) > KNOWN_CACHE_SIZE:
        seen.clear()
    seen.update(user_ids)


async def ensure_people(ctx: ServiceContext, user_ids: list[uuid.UUID]) -> dict[uuid.UUID, ChatUserCopy]:
    """The people with these ids, fetching unknown ones from the auth service (outside any transaction)."""
    async with ctx.db.session(write=False) as session:
        known = await repo.people(session, user_ids)
    missing = [uid for uid in set(user_ids) if uid not in known]
    if not missing:
        return known
    accounts = []
    for user_id in missing:
        try:
            data = await ctx.clients.call("auth", "GET", f"/internal/v1/accounts/{user_id}")
        except NotFound as exc:
            raise NotFound("Usuario no encontrado") from exc
        accounts.append(AccountInfo.model_validate(data))
    async with ctx.db.session() as session:
        for account in accounts:
            await repo.insert_person(
                session,
                {
                    "id": account.id,
                    "email": account.email,
                    "nombre": account.nombre,
                    "apellido": account.apellido,
                    "rol": account.rol.value,
                    "is_active_copy": account.is_active,
                    "infracciones_chat": 0,
                    "is_chat_banned": False,
                    "feed_seq": 0,
                },
            )
        return await repo.people(session, user_ids)


async def ensure_person(ctx: ServiceContext, user_id: uuid.UUID) -> ChatUserCopy:
    return (await ensure_people(ctx, [user_id]))[user_id]


async def upsert_from_event(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    email: str | None,
    nombre: str,
    apellido: str,
    rol: str | None,
    at: datetime,
) -> None:
    inserted = await repo.insert_person(
        session,
        {
            "id": user_id,
            "email": email or "",
            "nombre": nombre,
            "apellido": apellido,
            "rol": rol or "",
            "is_active_copy": True,
            "profile_at": at,
            "infracciones_chat": 0,
            "is_chat_banned": False,
            "feed_seq": 0,
        },
    )
    if inserted:
        return
    current = await repo.person(session, user_id, lock=True)
    assert current is not None
    if is_pseudonymous_email(current.email):
        return  # the account was deleted here: nothing brings the person's data back (SPEC §14)
    if current.profile_at is None or at >= current.profile_at:
        current.nombre = nombre
        current.apellido = apellido
        if email:
            current.email = email
        if rol:
            current.rol = rol
        current.profile_at = at


async def set_active(session: AsyncSession, user_id: uuid.UUID, *, active: bool, at: datetime) -> bool:
    """False when the person is not known yet (the bus retries the event later)."""
    current = await repo.person(session, user_id, lock=True)
    if current is None:
        return False
    if current.status_at is None or at >= current.status_at:
        current.is_active_copy = active
        current.status_at = at
    return True
