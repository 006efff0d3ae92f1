"""Routes of a person's data (SPEC §14): export, deletion, and staff's view of deletions and the audit trail."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from fastapi.responses import JSONResponse, Response

from conectar.platform.app import Ctx, Session
from conectar.platform.audit import StaffActor
from conectar.platform.dates import BoundedDateTime
from conectar.platform.downloads import open_stream, private_download
from conectar.platform.errors import Conflict, Gone, NotFound
from conectar.platform.net import address_of
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import AdminUser, CurrentUser
from conectar.users import audit_view, deletion, exports
from conectar.users import repository as repo
from conectar.users.flows import deletion as deletion_flows
from conectar.users.flows import exports as exports_flows
from conectar.users.schemas import (
    AuditPage,
    DeletionPage,
    DeletionRead,
    DeletionRequest,
    ExportRead,
    StaffDeletionRequest,
)

router = APIRouter(prefix="/api/v1/users/me", tags=["datos personales"])
admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin datos personales"])


@router.post("/exportar", response_model=ExportRead, status_code=status.HTTP_202_ACCEPTED)
async def request_export(principal: CurrentUser, ctx: Ctx) -> ExportRead:
    """Pedí una copia de todos tus datos (una por día). Se arma en segundo plano."""
    return await exports_flows.request(ctx, principal.user_id)


@router.get("/exportar", response_model=list[ExportRead])
async def my_exports(principal: CurrentUser, session: Session) -> list[ExportRead]:
    """Tus copias de datos, la más nueva primero."""
    return [exports.export_read(row) for row in await repo.exports_of(session, principal.user_id)]


@router.get(
    "/exportar/{export_id}",
    response_model=ExportRead,
    responses={
        200: {"content": {"application/zip": {}}, "description": "La copia, lista para descargar"},
        202: {"model": ExportRead, "description": "Todavía se está armando"},
        410: {"description": "Venció (se guardan 7 días)"},
    },
)
async def download_export(export_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> Response:
    """Descargá tu copia cuando está lista (202 mientras se arma)."""
    async with ctx.db.session(write=False) as session:
        row = await repo.export(session, export_id)
    if row is None or row.user_id != principal.user_id:
        raise NotFound("Exportación no encontrada")
    if row.estado == exports.PENDIENTE:
        return JSONResponse(exports.export_read(row).model_dump(mode="json"), status_code=202)
    if row.estado == exports.FALLIDA:
        raise Conflict("No pudimos armar esta copia; pedí una nueva")
    if row.estado == exports.VENCIDA or row.storage_key is None:
        raise Gone("Esta copia venció; pedí una nueva")
    body = await open_stream(ctx.storage, row.storage_key, public=False)
    stamp = row.fecha_creacion.strftime("%Y%m%d")
    return private_download(
        body,
        filename=f"mis-datos-conectarprofesionales-{stamp}.zip",
        content_type="application/zip",
        size=row.size,
    )


@router.post("/eliminar", response_model=DeletionRead, status_code=status.HTTP_202_ACCEPTED)
async def delete_me(
    body: DeletionRequest, request: Request, principal: CurrentUser, ctx: Ctx
) -> DeletionRead:
    """Eliminá tu cuenta: se cierra en el acto y tus datos se borran en cada servicio. Pagos y movimientos
    contables se conservan por ley, atados a un seudónimo. 409 si hay trabajos, disputas o saldo pendientes."""
    address = address_of(request, ctx.settings.trusted_proxies)
    return await deletion_flows.request_own(ctx, principal.user_id, password=body.password, address=address)


@admin_router.post(
    "/users/{user_id}/eliminar", response_model=DeletionRead, status_code=status.HTTP_202_ACCEPTED
)
async def delete_user(
    user_id: uuid.UUID, body: StaffDeletionRequest, actor: StaffActor, ctx: Ctx
) -> DeletionRead:
    """Elimina la cuenta de una persona (con el motivo, que queda en la auditoría)."""
    return await deletion_flows.request_by_staff(ctx, user_id, motivo=body.motivo, actor=actor)


@admin_router.get("/eliminaciones", response_model=DeletionPage)
async def deletions(_admin: AdminUser, session: Session, page: Page = 1, limit: Limit = 20) -> DeletionPage:
    """Eliminaciones de cuentas, las más nuevas primero, con los servicios que faltan."""
    return await deletion.page(session, page=page, limit=limit)


@admin_router.get("/eliminaciones/{deletion_id}", response_model=DeletionRead)
async def deletion_status(deletion_id: uuid.UUID, _admin: AdminUser, session: Session) -> DeletionRead:
    """Una eliminación y qué servicios ya borraron su parte."""
    found = await deletion.one(session, deletion_id)
    if found is None:
        raise NotFound("Eliminación no encontrada")
    return found


@admin_router.get("/auditoria", response_model=AuditPage)
async def audit_trail(
    _admin: AdminUser,
    ctx: Ctx,
    page: Page = 1,
    limit: Limit = 20,
    actor_id: uuid.UUID | None = None,
    accion: Annotated[str | None, Query(max_length=64)] = None,
    recurso_id: Annotated[str | None, Query(max_length=64)] = None,
    desde: BoundedDateTime | None = None,
    hasta: BoundedDateTime | None = None,
) -> AuditPage:
    """Acciones del staff en todos los servicios, las más nuevas primero. No se pueden modificar."""
    filters = audit_view.AuditFilters(
        actor_id=actor_id, accion=accion or None, recurso_id=recurso_id or None, desde=desde, hasta=hasta
    )
    return await audit_view.page(ctx, filters, page=page, limit=limit)
