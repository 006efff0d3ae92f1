"""The files the users service stores, and the rows that name them (the kernel sweeps the rest)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.orphan_files import StoredFiles, named_by
from conectar.users import exports
from conectar.users.models import DataExport, UserProfile


async def export_files(session: AsyncSession, keys: Sequence[str]) -> set[str]:
    """An export's zip is named by its row once ready; while the export is still being built its key is
    kept too: a run that stored the zip and failed before recording it will store it again at the same key
    (``exports/<user id>/<export id>.zip``), and a sweep between the two must not take the new one."""
    ids: set[uuid.UUID] = set()
    for key in keys:
        try:
            ids.add(uuid.UUID(key.rsplit("/", 1)[-1].removesuffix(".zip")))
        except ValueError:  # not a key an export could name
            continue
    rows = await session.execute(
        select(DataExport.id, DataExport.user_id, DataExport.storage_key, DataExport.estado).where(
            or_(
                DataExport.storage_key.in_(keys),
                DataExport.id.in_(ids) & (DataExport.estado == exports.PENDIENTE),
            )
        )
    )
    named: set[str] = set()
    for export_id, user_id, storage_key, estado in rows:
        if storage_key is not None:
            named.add(storage_key)
        if estado == exports.PENDIENTE:
            named.add(exports.file_key(user_id, export_id))
    return named.intersection(keys)


FILES = (
    StoredFiles("avatars", public=True, referenced=named_by(UserProfile.avatar_key)),
    StoredFiles("exports", public=False, referenced=export_files),
)
