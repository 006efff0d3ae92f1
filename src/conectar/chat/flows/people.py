"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from conectar.chat import repository as repo
from conectar.chat.models import ChatUserCopy
from conectar.chat.people import KNOWN_CACHE_SIZE
from conectar.contracts.identity import AccountInfo
from conectar.platform.app import ServiceContext
from conectar.platform.errors import NotFound


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
