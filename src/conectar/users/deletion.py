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

import asyncio
import math
import uuid

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested, PersonalDataErased
from conectar.contracts.identity import PasswordCheck, Rol
from conectar.contracts.personal_data import DELETION_GATEKEEPERS, PERSONAL_DATA_SERVICES, DeletionBlockers
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import AppError, BusinessRuleError, Conflict
from conectar.platform.pagination import clamp
from conectar.users import repository as repo
from conectar.users import service
from conectar.users.models import AccountDeletion, UserProfile
from conectar.users.schemas import DeletionPage, DeletionRead

log = structlog.get_logger(__name__)

IN_PROGRESS_MESSAGE = (
    "Tu cuenta quedó cerrada. Estamos borrando tus datos en cada parte de la plataforma; "
    "en menos de un minuto no quedará nada que te identifique."
)
DONE_MESSAGE = "La cuenta fue eliminada en todos los servicios."


async def blockers(ctx: ServiceContext, user_id: uuid.UUID) -> list[str]:
    """The gatekeepers' reasons to refuse the deletion now (an unreachable gatekeeper refuses it: 502)."""
    answers = await asyncio.gather(
        *(
            ctx.clients.call(name, "GET", f"/internal/v1/personal-data/{user_id}/blockers")
            for name in DELETION_GATEKEEPERS
        )
    )
    return [reason for answer in answers for reason in DeletionBlockers.model_validate(answer).bloqueos]


async def request_own(
    ctx: ServiceContext, user_id: uuid.UUID, *, password: str, address: str
) -> DeletionRead:
    profile = await service.get_profile(ctx, user_id)
    if profile.rol == Rol.ADMIN.value:
        raise BusinessRuleError("Las cuentas de administrador no se eliminan desde la plataforma")
    check = PasswordCheck(password=password, address=address)
    await ctx.clients.call(
        "auth", "POST", f"/internal/v1/accounts/{user_id}/verify-password", json=check.model_dump()
    )
    return await _start(ctx, profile, requested_by=user_id, motivo=None, actor=None)


async def request_by_staff(
    ctx: ServiceContext, user_id: uuid.UUID, *, motivo: str, actor: Actor
) -> DeletionRead:
    profile = await service.get_profile(ctx, user_id)
    if profile.rol == Rol.ADMIN.value:
        raise BusinessRuleError("No se puede eliminar la cuenta de un administrador")
    assert actor.user_id is not None
    return await _start(ctx, profile, requested_by=actor.user_id, motivo=motivo, actor=actor)


async def _start(
    ctx: ServiceContext,
    profile: UserProfile,
    *,
    requested_by: uuid.UUID,
    motivo: str | None,
    actor: Actor | None,
) -> DeletionRead:
    reasons = await blockers(ctx, profile.id)
    if reasons:
        # One reason per line: the web app lists them.
        raise Conflict("Todavía no se puede eliminar la cuenta:\n" + "\n".join(reasons))
    async with ctx.db.session() as session:
        await repo.profile(session, profile.id, lock=True)  # one deletion at a time per person
        if await repo.deletion_of(session, profile.id) is not None:
            raise Conflict("La eliminación de esta cuenta ya está en curso")
        deletion = AccountDeletion(
            id=new_id(),
            user_id=profile.id,
            rol=profile.rol,
            requested_by=requested_by,
            motivo=motivo,
            requested_at=utcnow(),
        )
        session.add(deletion)
        await ctx.outbox.add(
            session,
            AccountDeletionRequested(
                deletion_id=deletion.id,
                user_id=profile.id,
                rol=profile.rol,
                requested_at=deletion.requested_at,
                requested_by=requested_by,
            ),
        )
        if actor is not None:
            await ctx.audit.record(
                session,
                actor,
                accion="usuario.eliminar",
                recurso="usuario",
                recurso_id=profile.id,
                detalle={"eliminacion_id": str(deletion.id), "motivo": motivo},
            )
    try:
        await ctx.clients.call("auth", "POST", f"/internal/v1/accounts/{profile.id}/close")
    except AppError as exc:  # recorded: auth closes the account when the event reaches it
        log.warning("account_close_deferred", deletion_id=str(deletion.id), error=type(exc).__name__)
    return deletion_read(deletion, set())


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
