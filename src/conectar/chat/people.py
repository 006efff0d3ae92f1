"""The people the chat knows: copies of accounts (from events, or read through from the auth service) and
their moderation state."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.contracts.personal_data import is_pseudonymous_email

KNOWN_CACHE_SIZE = 100_000


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
