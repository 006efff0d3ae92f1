"""Account deletion (SPEC §14), orchestrated here as a saga across the services.

1. Refused (409) while any service reports a blocker (an open trabajo or dispute, money not paid out).
2. One unit of work records the deletion and writes ``AccountDeletionRequested`` to the outbox (and, when
   staff runs it, the audit entry): from then on the deletion will finish, whatever fails after.
3. The auth service closes the account at once (no sign-in; every session and stream ends). If that call
   fails, auth closes it when the event reaches it.
4. Every service (this one too, through the kernel) erases or pseudonymises its part when the event
   arrives and answers ``PersonalDataErased``; a service that is down does it when it comes back. The
   deletion is complete when every service has answered.
"""

from __future__ import annotations

import math
import uuid

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import PersonalDataErased
from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES
from conectar.platform.db import utcnow
from conectar.platform.pagination import clamp
from conectar.users import repository as repo
from conectar.users.models import AccountDeletion
from conectar.users.schemas import DeletionPage, DeletionRead

log = structlog.get_logger(__name__)

IN_PROGRESS_MESSAGE = (
    "Tu cuenta quedó cerrada. Estamos borrando tus datos en cada parte de la plataforma; "
    "en menos de un minuto no quedará nada que te identifique."
)
DONE_MESSAGE = "La cuenta fue eliminada en todos los servicios."


def deletion_read(deletion: AccountDeletion, done: set[str]) -> DeletionRead:
    return DeletionRead(
        id=deletion.id,
        usuario_id=deletion.user_id,
        estado="COMPLETADA" if deletion.completed_at is not None else "EN_CURSO",
        solicitada_por=deletion.requested_by,
        motivo=deletion.motivo,
        fecha_solicitud=deletion.requested_at,
        fecha_completada=deletion.completed_at,
        servicios_completados=[name for name in PERSONAL_DATA_SERVICES if name in done],
        servicios_pendientes=[name for name in PERSONAL_DATA_SERVICES if name not in done],
        mensaje=DONE_MESSAGE if deletion.completed_at is not None else IN_PROGRESS_MESSAGE,
    )


async def page(session: AsyncSession, *, page: int, limit: int) -> DeletionPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.deletion_page(session, offset=(page - 1) * limit, limit=limit)
    steps = await repo.deletion_steps(session, [row.id for row in rows])
    return DeletionPage(
        eliminaciones=[deletion_read(row, steps[row.id]) for row in rows],
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


async def one(session: AsyncSession, deletion_id: uuid.UUID) -> DeletionRead | None:
    found = await repo.deletion(session, deletion_id)
    if found is None:
        return None
    steps = await repo.deletion_steps(session, [found.id])
    return deletion_read(found, steps[found.id])


async def record_erasure(session: AsyncSession, event: PersonalDataErased) -> None:
    """One service finished its part: the deletion is complete when all have."""
    deletion = await repo.deletion(session, event.deletion_id, lock=True)
    if deletion is None:
        log.warning("erasure_of_unknown_deletion", deletion_id=str(event.deletion_id), service=event.service)
        return
    await repo.record_deletion_step(session, deletion.id, event.service, event.erased_at)
    done = (await repo.deletion_steps(session, [deletion.id]))[deletion.id]
    if deletion.completed_at is None and set(PERSONAL_DATA_SERVICES) <= done:
        deletion.completed_at = utcnow()
        log.info("account_deletion_completed", deletion_id=str(deletion.id))
