"""``GET /admin/auditoria``: every service's staff audit trail, merged newest first (SPEC §14).

Each service keeps its own entries (recorded in the unit of work of the action); this view asks every
one for the newest ``page × limit`` entries that match the filters, merges them by date and cuts the page.
An unreachable service makes the view fail (502) rather than show a trail with a silent hole in it.
"""

from __future__ import annotations

import asyncio
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from conectar.contracts.personal_data import AUDIT_ACTIONS, AUDITED_SERVICES, AuditRecord, AuditRecords
from conectar.platform.app import ServiceContext
from conectar.platform.audit import MAX_INTERNAL_LIMIT
from conectar.platform.errors import BusinessRuleError
from conectar.platform.pagination import clamp
from conectar.users import repository as repo
from conectar.users.schemas import AuditEntry, AuditPage


@dataclass(frozen=True)
class AuditFilters:
    actor_id: uuid.UUID | None = None
    accion: str | None = None
    recurso_id: str | None = None
    desde: datetime | None = None
    hasta: datetime | None = None

    def params(self) -> dict[str, str]:
        values: dict[str, Any] = {
            "actor_id": self.actor_id,
            "accion": self.accion,
            "recurso_id": self.recurso_id,
            "desde": self.desde.isoformat() if self.desde else None,
            "hasta": self.hasta.isoformat() if self.hasta else None,
        }
        return {key: str(value) for key, value in values.items() if value is not None}


async def page(ctx: ServiceContext, filters: AuditFilters, *, page: int, limit: int) -> AuditPage:
    """The staff's actions in every audited service, merged newest first. The other services are asked
    before a database session is opened: none is held across their calls."""
    page, limit = clamp(page, limit)
    window = page * limit
    if window > MAX_INTERNAL_LIMIT:
        raise BusinessRuleError("Esa página está demasiado lejos: acotá la búsqueda con fechas o filtros")
    params = {**filters.params(), "limit": str(window)}
    answers = await asyncio.gather(
        *(ctx.clients.call(name, "GET", "/internal/v1/audit", params=params) for name in AUDITED_SERVICES)
    )
    found = [AuditRecords.model_validate(answer) for answer in answers]
    merged = sorted(
        (entry for records in found for entry in records.entradas),
        key=lambda entry: (entry.fecha, str(entry.id)),
        reverse=True,
    )
    chosen = merged[(page - 1) * limit : window]
    total = sum(records.total for records in found)
    async with ctx.db.session(write=False) as session:
        actors = await repo.profiles_by_ids(session, {e.actor_id for e in chosen if e.actor_id is not None})
    return AuditPage(
        entradas=[_entry(entry, actors) for entry in chosen],
        total=total,
        page=page,
        limit=limit,
        totalPages=math.ceil(total / limit) if total else 0,
    )


def _entry(record: AuditRecord, actors: dict[uuid.UUID, Any]) -> AuditEntry:
    actor = actors.get(record.actor_id) if record.actor_id is not None else None
    return AuditEntry(
        id=record.id,
        actor_id=record.actor_id,
        actor_email=actor.email if actor is not None else None,
        accion=record.accion,
        accion_descripcion=AUDIT_ACTIONS.get(record.accion, record.accion),
        recurso=record.recurso,
        recurso_id=record.recurso_id,
        detalle=record.detalle,
        ip=record.ip,
        fecha=record.fecha,
        servicio=record.servicio,
    )
