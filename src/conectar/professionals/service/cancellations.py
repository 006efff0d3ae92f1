"""``cancelaciones_90d`` (SPEC §13): the trabajos a professional cancelled in the last 90 days, from the
chat service's JobCancelled. Only cancellations the professional decided count (``cancelado_por``
PROFESIONAL); one row per trabajo, so a redelivered event is counted once. Counted when the public profile
is read (never on search cards)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import JobCancelled
from conectar.platform.db import insert_ignore, utcnow
from conectar.professionals.models import CancelacionProfesional

WINDOW = timedelta(days=90)


async def job_cancelled(session: AsyncSession, event: JobCancelled, at: datetime) -> None:
    if event.cancelado_por != "PROFESIONAL":
        return
    await insert_ignore(
        session,
        CancelacionProfesional.__table__,  # type: ignore[arg-type]
        {"trabajo_id": event.trabajo_id, "profesional_usuario_id": event.profesional_id, "at": at},
    )


async def count_90d(
    session: AsyncSession, profesional_usuario_id: uuid.UUID, now: datetime | None = None
) -> int:
    C = CancelacionProfesional
    since = (now or utcnow()) - WINDOW
    count = (
        await session.execute(
            select(func.count()).where(C.profesional_usuario_id == profesional_usuario_id, C.at >= since)
        )
    ).scalar_one()
    return int(count)
