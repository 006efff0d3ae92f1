"""All SQL of the users service."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import AccountInfo, Rol
from conectar.platform.db import get_row, insert_ignore
from conectar.users.models import AccountDeletion, AccountDeletionStep, DataExport, UserProfile


async def profile(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> UserProfile | None:
    return await get_row(session, UserProfile, user_id, lock=lock)


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


async def profiles_by_ids(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, UserProfile]:
    if not ids:
        return {}
    rows = await session.execute(select(UserProfile).where(UserProfile.id.in_(ids)))
    return {row.id: row for row in rows.scalars()}


async def deletion(
    session: AsyncSession, deletion_id: uuid.UUID, *, lock: bool = False
) -> AccountDeletion | None:
    return await get_row(session, AccountDeletion, deletion_id, lock=lock)


async def deletion_of(session: AsyncSession, user_id: uuid.UUID) -> AccountDeletion | None:
    query = select(AccountDeletion).where(AccountDeletion.user_id == user_id)
    return (await session.execute(query)).scalar_one_or_none()


async def deletion_page(
    session: AsyncSession, *, offset: int, limit: int
) -> tuple[Sequence[AccountDeletion], int]:
    total = (await session.execute(select(func.count()).select_from(AccountDeletion))).scalar_one()
    rows = await session.execute(
        select(AccountDeletion)
        .order_by(AccountDeletion.requested_at.desc(), AccountDeletion.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


async def record_deletion_step(
    session: AsyncSession, deletion_id: uuid.UUID, service: str, erased_at: datetime
) -> bool:
    return await insert_ignore(
        session,
        AccountDeletionStep.__table__,  # type: ignore[arg-type]
        {"deletion_id": deletion_id, "service": service, "erased_at": erased_at},
    )


async def deletion_steps(
    session: AsyncSession, deletion_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, set[str]]:
    done: dict[uuid.UUID, set[str]] = {deletion_id: set() for deletion_id in deletion_ids}
    if not deletion_ids:
        return done
    rows = await session.execute(
        select(AccountDeletionStep.deletion_id, AccountDeletionStep.service).where(
            AccountDeletionStep.deletion_id.in_(deletion_ids)
        )
    )
    for deletion_id, service in rows.all():
        done[deletion_id].add(service)
    return done


async def export(session: AsyncSession, export_id: uuid.UUID, *, lock: bool = False) -> DataExport | None:
    return await get_row(session, DataExport, export_id, lock=lock)


async def exports_of(session: AsyncSession, user_id: uuid.UUID, *, limit: int = 20) -> Sequence[DataExport]:
    rows = await session.execute(
        select(DataExport)
        .where(DataExport.user_id == user_id)
        .order_by(DataExport.fecha_creacion.desc(), DataExport.id)
        .limit(limit)
    )
    return list(rows.scalars())


async def expired_exports(session: AsyncSession, now: datetime, *, limit: int) -> Sequence[DataExport]:
    rows = await session.execute(
        select(DataExport)
        .where(DataExport.expires_at.is_not(None), DataExport.expires_at <= now, DataExport.estado == "LISTA")
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list(rows.scalars())


async def delete_exports_of(session: AsyncSession, user_id: uuid.UUID) -> Sequence[DataExport]:
    rows = list((await session.execute(select(DataExport).where(DataExport.user_id == user_id))).scalars())
    await session.execute(delete(DataExport).where(DataExport.user_id == user_id))
    return rows
