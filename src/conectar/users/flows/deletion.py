"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import asyncio
import uuid

import structlog

from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.identity import PasswordCheck, Rol
from conectar.contracts.personal_data import DELETION_GATEKEEPERS, DeletionBlockers
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import AppError, BusinessRuleError, Conflict
from conectar.users import repository as repo
from conectar.users.deletion import deletion_read
from conectar.users.flows import profiles
from conectar.users.models import AccountDeletion, UserProfile
from conectar.users.schemas import DeletionRead

log = structlog.get_logger(__name__)


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
    profile = await profiles.get_profile(ctx, user_id)
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
    profile = await profiles.get_profile(ctx, user_id)
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
