"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from conectar.platform.app import ServiceContext
from conectar.platform.audit import SYSTEM
from conectar.platform.db import utcnow
from conectar.professionals import repository as repo
from conectar.professionals.retention import BATCH, expired_because
from conectar.professionals.settings import professionals_settings

log = structlog.get_logger(__name__)


async def _erase(ctx: ServiceContext, profile_id: uuid.UUID, cutoff: datetime) -> bool:
    async with ctx.db.session() as session:
        profile = await repo.profile_by_id(session, profile_id, lock=True)
        motivo = expired_because(profile, cutoff) if profile is not None else None
        if motivo is None:
            return False  # uploaded again, or erased by another run, since it was listed
        docs = await repo.kyc_documents(session, profile_id)
        if not docs:
            return False
        await repo.delete_kyc_documents(session, profile_id)
        await ctx.audit.record(
            session,
            SYSTEM,
            accion="kyc.documentos.borrar",
            recurso="profesional",
            recurso_id=profile_id,
            detalle={"documentos": len(docs), "motivo": motivo},
        )
        for doc in docs:
            await ctx.storage.delete(doc.storage_key, public=False)
    log.info("kyc_documents_erased", profesional_id=str(profile_id), documentos=len(docs), motivo=motivo)
    return True


async def erase_expired_kyc(ctx: ServiceContext, *, now: datetime | None = None, limit: int = BATCH) -> int:
    """Erase the KYC documents kept past the retention period (up to ``limit`` professionals per run; the
    next run takes the rest); how many professionals' documents were erased."""
    cutoff = (now or utcnow()) - timedelta(days=professionals_settings(ctx).kyc_retention_days)
    async with ctx.db.session(write=False) as session:
        due = await repo.profiles_with_expired_kyc(
            session, rejected_before=cutoff, deleted_before=cutoff, limit=limit
        )
    erased = 0
    for profile_id in due:
        try:
            erased += await _erase(ctx, profile_id, cutoff)
        except Exception as exc:  # this professional waits for the next run; the others go on
            log.warning("kyc_retention_failed", profesional_id=str(profile_id), error=type(exc).__name__)
    return erased
