"""The staff audit trail (SPEC §14): every ADMIN action, recorded append-only by the service that performs it.

A service records an action with :meth:`StaffAudit.record` in the same unit of work as the action itself, so
an action without its record cannot commit. Route handlers take the acting ADMIN as :data:`StaffActor`
(the role check plus the caller's address). Scheduled jobs record as :data:`SYSTEM` (no actor).

Each service keeps its own ``staff_audit`` table; no API updates or deletes it, and on both databases a
trigger (created by the service's migration) refuses UPDATE and DELETE. The users service merges every service's
entries for ``GET /admin/auditoria`` through ``GET /internal/v1/audit``, which every service serves.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import JSON, Column, Index, MetaData, String, Table, Uuid, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.personal_data import AUDIT_ACTIONS, AuditRecord, AuditRecords
from conectar.platform.dates import BoundedDateTime
from conectar.platform.db import UTCDateTime, new_id, utcnow
from conectar.platform.net import address_of
from conectar.platform.security import AdminUser, ServiceCaller

MAX_INTERNAL_LIMIT = 10_000


def audit_table(metadata: MetaData) -> Table:
    return Table(
        "staff_audit",
        metadata,
        Column("id", Uuid(), primary_key=True),
        Column("fecha", UTCDateTime(), nullable=False),
        # NULL: the platform itself (a scheduled job), not a person.
        Column("actor_id", Uuid(), nullable=True),
        Column("accion", String(64), nullable=False),
        Column("recurso", String(40), nullable=False),
        Column("recurso_id", String(64), nullable=True),
        Column("detalle", JSON, nullable=False),
        Column("ip", String(64), nullable=True),
        Index("ix_staff_audit_fecha", "fecha"),
        Index("ix_staff_audit_actor_id_fecha", "actor_id", "fecha"),
        Index("ix_staff_audit_recurso_id_fecha", "recurso_id", "fecha"),
    )


@dataclass(frozen=True)
class Actor:
    """Who performed an action: an ADMIN (with the address the request came from) or the platform."""

    user_id: uuid.UUID | None
    ip: str | None = None


SYSTEM = Actor(user_id=None)


async def staff_actor(request: Request, principal: AdminUser) -> Actor:
    return Actor(
        user_id=principal.user_id, ip=address_of(request, request.app.state.ctx.settings.trusted_proxies)
    )


StaffActor = Annotated[Actor, Depends(staff_actor)]


class StaffAudit:
    """Records and lists one service's staff actions."""

    def __init__(self, service: str, table: Table) -> None:
        self.service = service
        self.table = table

    async def record(
        self,
        session: AsyncSession,
        actor: Actor,
        *,
        accion: str,
        recurso: str,
        recurso_id: uuid.UUID | str | None,
        detalle: Mapping[str, Any] | None = None,
    ) -> uuid.UUID:
        """Write one entry in the caller's unit of work. ``detalle`` holds what changed, never personal
        data beyond ids (the trail outlives a person's deletion). ``accion`` must be one of
        ``AUDIT_ACTIONS`` (the staff page names each one): an unknown one fails the action itself."""
        if accion not in AUDIT_ACTIONS:
            raise ValueError(f"{accion!r} is not in conectar.contracts.personal_data.AUDIT_ACTIONS")
        entry_id = new_id()
        await session.execute(
            self.table.insert().values(
                id=entry_id,
                fecha=utcnow(),
                actor_id=actor.user_id,
                accion=accion,
                recurso=recurso,
                recurso_id=str(recurso_id) if recurso_id is not None else None,
                detalle=dict(detalle or {}),
                ip=actor.ip,
            )
        )
        return entry_id

    async def list(
        self,
        session: AsyncSession,
        *,
        limit: int,
        actor_id: uuid.UUID | None = None,
        accion: str | None = None,
        recurso_id: str | None = None,
        desde: datetime | None = None,
        hasta: datetime | None = None,
    ) -> AuditRecords:
        """The newest ``limit`` entries that match, and how many match in all."""
        t = self.table
        where: list[Any] = []
        if actor_id is not None:
            where.append(t.c.actor_id == actor_id)
        if accion:
            where.append(t.c.accion == accion)
        if recurso_id:
            where.append(t.c.recurso_id == recurso_id)
        if desde is not None:
            where.append(t.c.fecha >= desde)
        if hasta is not None:
            where.append(t.c.fecha <= hasta)
        total = (await session.execute(select(func.count()).select_from(t).where(*where))).scalar_one()
        rows = (
            await session.execute(select(t).where(*where).order_by(t.c.fecha.desc(), t.c.id).limit(limit))
        ).all()
        return AuditRecords(
            entradas=[
                AuditRecord(
                    id=row.id,
                    servicio=self.service,
                    actor_id=row.actor_id,
                    accion=row.accion,
                    recurso=row.recurso,
                    recurso_id=row.recurso_id,
                    detalle=row.detalle or {},
                    ip=row.ip,
                    fecha=row.fecha,
                )
                for row in rows
            ],
            total=int(total),
        )


def audit_router() -> APIRouter:
    """``GET /internal/v1/audit``: this service's entries for the users service's merged staff view."""
    router = APIRouter(prefix="/internal/v1", include_in_schema=False)

    @router.get("/audit", response_model=AuditRecords)
    async def entries(
        request: Request,
        _caller: ServiceCaller,
        limit: Annotated[int, Query(ge=1, le=MAX_INTERNAL_LIMIT)] = 100,
        actor_id: uuid.UUID | None = None,
        accion: Annotated[str | None, Query(max_length=64)] = None,
        recurso_id: Annotated[str | None, Query(max_length=64)] = None,
        desde: BoundedDateTime | None = None,
        hasta: BoundedDateTime | None = None,
    ) -> AuditRecords:
        ctx = request.app.state.ctx
        async with ctx.db.session(write=False) as session:
            found: AuditRecords = await ctx.audit.list(
                session,
                limit=limit,
                actor_id=actor_id,
                accion=accion,
                recurso_id=recurso_id,
                desde=desde,
                hasta=hasta,
            )
        return found

    return router
