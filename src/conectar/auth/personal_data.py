"""What the auth service holds about a person (SPEC §14): the account and its sessions.

On deletion the account stays as a row (its id is the pseudonym the ledger keeps) with no e-mail, name or
usable password; its sessions stay revoked until they expire (their rows hold hashes and times only, and
they are what refills the revocation cache if Redis forgets it).
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.auth import repository as repo
from conectar.auth import service
from conectar.auth.models import RefreshToken
from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.personal_data import DELETED_APELLIDO, DELETED_NOMBRE, pseudonymous_email
from conectar.platform.app import ServiceContext
from conectar.platform.personal_data import PersonalDataExport, PersonalDataHooks, StoredFile


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.session(write=False) as session:
        account = await repo.account_by_id(session, user_id)
        links = (
            (await session.execute(select(RefreshToken).where(RefreshToken.account_id == user_id)))
            .scalars()
            .all()
        )
    if account is None:
        return PersonalDataExport(data={"cuenta": None})
    return PersonalDataExport(
        data={
            "cuenta": {
                "id": account.id,
                "email": account.email,
                "nombre": account.nombre,
                "apellido": account.apellido,
                "rol": account.rol,
                "activa": account.is_active,
                "fecha_creacion": account.fecha_creacion,
                "suspendida_el": account.banned_at,
                "contrasena_cambiada_el": account.password_changed_at,
            },
            "sesiones": [
                {
                    "iniciada_el": link.issued_at,
                    "vence_el": link.expires_at,
                    "usada_el": link.used_at,
                    "cerrada_el": link.revoked_at,
                }
                for link in sorted(links, key=lambda link: link.issued_at)
            ],
        }
    )


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    account = await repo.account_by_id(session, event.user_id, lock=True)
    if account is None:
        return []
    await service.close_in(ctx, session, account)
    account.email = pseudonymous_email(account.id)
    account.nombre = DELETED_NOMBRE
    account.apellido = DELETED_APELLIDO
    # Not an argon2 hash: no password can ever match it.
    account.password_hash = f"!eliminada-{secrets.token_hex(16)}"
    await repo.delete_reset_tokens(session, account.id)
    return []


HOOKS = PersonalDataHooks(export=export, erase=erase)
