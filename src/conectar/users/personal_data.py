"""What the users service holds about a person (SPEC §14): the profile and the person's data exports.

On deletion the profile row stays (its id is the pseudonym others keep) with "Usuario eliminado" as its
name, a pseudonymous e-mail and no phone or photo; the person's exports are erased with their files.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.personal_data import DELETED_APELLIDO, DELETED_NOMBRE, pseudonymous_email
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.personal_data import ExportFile, PersonalDataExport, PersonalDataHooks, StoredFile
from conectar.users import repository as repo
from conectar.users.exports import file_key as export_file_key


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile(session, user_id)
        exports = await repo.exports_of(session, user_id)
    if profile is None:
        return PersonalDataExport(data={"perfil": None})
    files = []
    if profile.avatar_key:
        extension = profile.avatar_key.rsplit(".", 1)[-1]
        files.append(ExportFile(f"foto-de-perfil.{extension}", StoredFile(profile.avatar_key, public=True)))
    return PersonalDataExport(
        data={
            "perfil": {
                "id": profile.id,
                "email": profile.email,
                "nombre": profile.nombre,
                "apellido": profile.apellido,
                "telefono": profile.telefono,
                "rol": profile.rol,
                "avatar_url": profile.avatar_url,
                "fecha_creacion": profile.fecha_creacion,
                "fecha_actualizacion": profile.fecha_actualizacion,
                "cuenta_activa": profile.is_active_copy,
                "infracciones_chat": profile.chat_infractions_copy,
                "bloqueado_en_chat": profile.chat_banned_copy,
                "estado_verificacion": profile.kyc_state_copy,
            },
            "exportaciones": [
                {"id": row.id, "estado": row.estado, "fecha_creacion": row.fecha_creacion} for row in exports
            ],
        },
        files=files,
    )


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    # Every export's file where it would be stored, recorded or not (a run that stored it and failed before
    # recording it leaves it there; deleting a file that is not there does nothing).
    files: list[StoredFile] = [
        StoredFile(row.storage_key or export_file_key(row.user_id, row.id), public=False)
        for row in await repo.delete_exports_of(session, event.user_id)
    ]
    profile = await repo.profile(session, event.user_id, lock=True)
    if profile is None:
        return files
    if profile.avatar_key:
        files.append(StoredFile(profile.avatar_key, public=True))
    profile.nombre = DELETED_NOMBRE
    profile.apellido = DELETED_APELLIDO
    profile.email = pseudonymous_email(profile.id)
    profile.telefono = None
    profile.avatar_key = None
    profile.avatar_url = None
    profile.is_active_copy = False
    profile.deleted_at = profile.deleted_at or utcnow()
    return files


HOOKS = PersonalDataHooks(export=export, erase=erase)
