"""Routes: disputes (SPEC §5)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, File, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from conectar.chat import disputes
from conectar.chat import repository as repo
from conectar.chat.attachments import with_cited
from conectar.chat.flows import disputes as disputes_flows
from conectar.chat.schemas import (
    DisputaCreate,
    DisputaMensajeCreate,
    DisputaMensajeRead,
    DisputaRead,
    DisputaResolve,
    EvidenciaRead,
)
from conectar.platform.app import Ctx, Session
from conectar.platform.audit import StaffActor, staff_actor
from conectar.platform.downloads import private_download
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import AdminUser, CurrentUser
from conectar.platform.uploads import read_limited

router = APIRouter(prefix="/api/v1/disputas", tags=["disputas"])
admin_router = APIRouter(prefix="/api/v1/admin/disputas", tags=["admin"])

Estado = Literal["ABIERTA", "RESUELTA_A_FAVOR_CLIENTE", "RESUELTA_A_FAVOR_PROFESIONAL", "CANCELADA"]


@router.post("", response_model=DisputaRead, status_code=status.HTTP_201_CREATED)
async def open_dispute(body: DisputaCreate, principal: CurrentUser, ctx: Ctx) -> DisputaRead:
    """Abre una disputa sobre un trabajo pagado: el dinero queda retenido hasta que un administrador resuelva."""
    return await disputes_flows.open_dispute(ctx, principal, body)


@router.get("/mis-disputas", response_model=list[DisputaRead])
async def my_disputes(
    principal: CurrentUser,
    session: Session,
    response: Response,
    page: Page = 1,
    limit: Limit = 20,
) -> list[DisputaRead]:
    rows, total = await repo.disputas(
        session, user_id=principal.user_id, offset=(page - 1) * limit, limit=limit
    )
    response.headers["X-Total-Count"] = str(total)
    return await with_cited(session, [disputes.disputa_read(d) for d in rows])


@router.get("/{disputa_id}", response_model=DisputaRead)
async def get_dispute(disputa_id: uuid.UUID, principal: CurrentUser, session: Session) -> DisputaRead:
    """La disputa, con los archivos del chat que se citaron como prueba (`adjuntos`)."""
    found = disputes.disputa_read(await disputes.visible(session, principal, disputa_id))
    return (await with_cited(session, [found]))[0]


@router.post("/{disputa_id}/cancelar", response_model=DisputaRead)
async def withdraw(disputa_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> DisputaRead:
    """Quien abrió la disputa la retira; el trabajo sigue en curso."""
    return await disputes_flows.withdraw(ctx, principal, disputa_id)


@router.post("/{disputa_id}/evidencias", response_model=EvidenciaRead, status_code=status.HTTP_201_CREATED)
async def add_evidence(
    disputa_id: uuid.UUID, principal: CurrentUser, ctx: Ctx, file: Annotated[UploadFile, File()]
) -> EvidenciaRead:
    """Adjunta una prueba (PDF, JPEG o PNG; hasta 10 MB; hasta 10 por disputa)."""
    data = await read_limited(file, disputes.EVIDENCE_MAX_BYTES, label="El archivo")
    return await disputes_flows.add_evidence(
        ctx, principal, disputa_id, filename=file.filename or "", data=data
    )


@router.get("/{disputa_id}/evidencias", response_model=list[EvidenciaRead])
async def evidence(disputa_id: uuid.UUID, principal: CurrentUser, session: Session) -> list[EvidenciaRead]:
    return await disputes.evidence_list(session, principal, disputa_id)


@router.get("/{disputa_id}/evidencias/{evidencia_id}", response_class=StreamingResponse)
async def evidence_file(
    disputa_id: uuid.UUID, evidencia_id: uuid.UUID, principal: CurrentUser, ctx: Ctx, request: Request
) -> StreamingResponse:
    """El archivo de una evidencia, para las partes de la disputa y los administradores (cada apertura por
    un administrador queda registrada en la auditoría del equipo)."""
    staff = await staff_actor(request, principal) if principal.is_admin else None
    evidencia, body = await disputes_flows.evidence_file(
        ctx, principal, disputa_id, evidencia_id, staff=staff
    )
    return private_download(
        body,
        filename=evidencia.nombre_archivo,
        content_type=evidencia.content_type,
        size=evidencia.tamano_bytes,
    )


@router.get("/{disputa_id}/mensajes", response_model=list[DisputaMensajeRead])
async def dispute_messages(
    disputa_id: uuid.UUID, principal: CurrentUser, session: Session
) -> list[DisputaMensajeRead]:
    return await disputes.messages(session, principal, disputa_id)


@router.post("/{disputa_id}/mensajes", response_model=DisputaMensajeRead, status_code=status.HTTP_201_CREATED)
async def add_dispute_message(
    disputa_id: uuid.UUID, body: DisputaMensajeCreate, principal: CurrentUser, ctx: Ctx
) -> DisputaMensajeRead:
    return await disputes_flows.add_message(ctx, principal, disputa_id, body.texto)


@admin_router.get("", response_model=list[DisputaRead])
async def all_disputes(
    _admin: AdminUser,
    session: Session,
    response: Response,
    estado: Estado | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> list[DisputaRead]:
    """Disputas: las abiertas primero, de la más vieja a la más nueva, con los archivos del chat citados
    como prueba (`adjuntos`: se descargan con `GET /chat/adjuntos/{id}`)."""
    rows, total = await repo.disputas(session, estado=estado, offset=(page - 1) * limit, limit=limit)
    response.headers["X-Total-Count"] = str(total)
    return await with_cited(session, [disputes.disputa_read(d) for d in rows])


@admin_router.post("/{disputa_id}/resolver", response_model=DisputaRead)
async def resolve(disputa_id: uuid.UUID, body: DisputaResolve, staff: StaffActor, ctx: Ctx) -> DisputaRead:
    """Resuelve: a favor del profesional libera el pago; a favor del cliente lo reintegra."""
    return await disputes_flows.resolve(ctx, staff, disputa_id, body)
