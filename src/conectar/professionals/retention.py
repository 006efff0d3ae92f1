"""KYC retention (SPEC §14): identity documents are kept while the professional is active, and for
``kyc_retention_days`` (default 180) after a rejection (while still rejected) or after the account's
deletion; then a periodic job erases them — files and rows — and records each erasure in the staff audit
trail as the platform (``kyc.documentos.borrar``, actor SYSTEM, ``detalle`` {documentos, motivo}).

Each professional is erased in its own unit of work, under the profile's row lock with the rule checked
again: the rows are deleted and the erasure recorded, the files deleted, then the commit. A file that cannot
be deleted rolls that professional back for the next run (deleting a file twice is harmless) and the run
goes on with the others.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import structlog

from conectar.platform.app import ServiceContext
from conectar.platform.audit import SYSTEM
from conectar.platform.db import utcnow
from conectar.professionals import repository as repo
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import ProfessionalProfile
from conectar.professionals.settings import professionals_settings

log = structlog.get_logger(__name__)

BATCH = 200
MOTIVO_RECHAZO = "rechazo"
MOTIVO_ELIMINACION = "eliminacion"


def expired_because(profile: ProfessionalProfile, cutoff: datetime) -> str | None:
    """Why the professional's documents are past their period at ``cutoff`` (None: they are not)."""
    if profile.eliminado_at is not None and profile.eliminado_at < cutoff:
        return MOTIVO_ELIMINACION
    if (
        profile.estado_verificacion == EstadoVerificacion.RECHAZADO
        and profile.kyc_revisado_at is not None
        and profile.kyc_revisado_at < cutoff
    ):
        return MOTIVO_RECHAZO
    return None


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
