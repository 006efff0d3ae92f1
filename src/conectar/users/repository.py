"""All SQL of the users service."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo, Rol
from conectar.platform.db import insert_ignore
from conectar.users.models import UserProfile


async def profile(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> UserProfile | None:
    query = select(UserProfile).where(UserProfile.id == user_id)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def insert_profile_if_missing(
    session: AsyncSession,
    *,
    user_id: uuid.UUID,
    email: str,
    rol: str,
    nombre: str,
    apellido: str,
    fecha_creacion: datetime,
    is_active: bool = True,
) -> bool:
    return await insert_ignore(
        session,
        UserProfile.__table__,  # type: ignore[arg-type]
        {
            "id": user_id,
            "email": email,
            "rol": rol,
            "nombre": nombre,
            "apellido": apellido,
            "fecha_creacion": fecha_creacion,
            "fecha_actualizacion": fecha_creacion,
            "is_active_copy": is_active,
            "chat_infractions_copy": 0,
            "chat_banned_copy": False,
        },
    )


async def insert_from_account(session: AsyncSession, account: AccountInfo) -> bool:
    return await insert_profile_if_missing(
        session,
        user_id=account.id,
        email=account.email,
        rol=account.rol.value,
        nombre=account.nombre,
        apellido=account.apellido,
        fecha_creacion=account.fecha_creacion,
        is_active=account.is_active,
    )


async def page(session: AsyncSession, *, offset: int, limit: int) -> tuple[Sequence[UserProfile], int]:
    total = (await session.execute(select(func.count()).select_from(UserProfile))).scalar_one()
    rows = await session.execute(
        select(UserProfile)
        .order_by(UserProfile.fecha_creacion.desc(), UserProfile.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def search_by_email(session: AsyncSession, fragment: str, *, limit: int) -> Sequence[UserProfile]:
    pattern = f"%{_escape_like(fragment.lower())}%"
    rows = await session.execute(
        select(UserProfile)
        .where(func.lower(UserProfile.email).like(pattern, escape="\\"))
        .order_by(UserProfile.fecha_creacion.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def count_by_role(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(UserProfile.rol, func.count()).group_by(UserProfile.rol))
    return {rol: int(count) for rol, count in rows.all()}


async def count_professionals_in_kyc_state(session: AsyncSession, state: str) -> int:
    result = await session.execute(
        select(func.count())
        .select_from(UserProfile)
        .where(UserProfile.rol == Rol.PROFESIONAL.value, UserProfile.kyc_state_copy == state)
    )
    return int(result.scalar_one())
