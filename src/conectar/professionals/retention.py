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

from datetime import datetime

from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import ProfessionalProfile

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
