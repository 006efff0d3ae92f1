"""Admin routes: the KYC review queue and the catalog (oficios, instant services).

Every decision, every change to the catalog and every KYC document opened is recorded in the staff audit
trail (SPEC §14) in the same unit of work: routes that act take the ADMIN as :data:`StaffActor`.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from fastapi.responses import StreamingResponse

from conectar.contracts.identity import Rol
from conectar.platform.app import Ctx
from conectar.platform.audit import StaffActor
from conectar.platform.downloads import private_download
from conectar.platform.security import AdminUser, CurrentUser
from conectar.professionals.flows import catalog, kyc
from conectar.professionals.schemas import (
    KycDecision,
    KycPendiente,
    KycReject,
    OficioCreate,
    OficioRead,
    OficioUpdate,
    ServicioInstantCreate,
    ServicioInstantRead,
    ServicioInstantUpdate,
)

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])


# --- KYC --------------------------------------------------------------------------------------------


@router.get("/kyc/pendientes", response_model=list[KycPendiente])
async def kyc_pending(_admin: AdminUser, ctx: Ctx) -> list[KycPendiente]:
    """Profesionales con documentación `EN_REVISION`, los que esperan hace más tiempo primero."""
    return await kyc.pending(ctx)


@router.get("/kyc/{profesional_id}", response_model=KycPendiente)
async def kyc_detail(profesional_id: uuid.UUID, _admin: AdminUser, ctx: Ctx) -> KycPendiente:
    """Estado de verificación de un profesional (id del perfil) y todos sus documentos."""
    return await kyc.review_detail(ctx, profesional_id)


@router.get(
    "/kyc/{profesional_id}/documentos/{doc_id}",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/pdf": {}, "image/jpeg": {}, "image/png": {}}}},
)
async def kyc_document(
    profesional_id: uuid.UUID, doc_id: uuid.UUID, actor: StaffActor, ctx: Ctx
) -> StreamingResponse:
    """Descarga un documento de KYC (sólo administradores; queda registrado quién lo abrió)."""
    doc, body = await kyc.open_document(ctx, profesional_id, doc_id, actor)
    return private_download(
        body, filename=doc.nombre_archivo, content_type=doc.content_type, size=doc.tamano_bytes
    )


@router.post("/kyc/approve/{profesional_id}", response_model=KycDecision)
async def kyc_approve(profesional_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> KycDecision:
    """Aprueba la documentación en revisión: el profesional pasa a aparecer en búsquedas."""
    return await kyc.approve(ctx, profesional_id, actor)


@router.post("/kyc/reject/{profesional_id}", response_model=KycDecision)
async def kyc_reject(profesional_id: uuid.UUID, actor: StaffActor, body: KycReject, ctx: Ctx) -> KycDecision:
    """Rechaza la documentación en revisión con un motivo (se le informa al profesional)."""
    return await kyc.reject(ctx, profesional_id, body.motivo, actor)


# --- oficios ----------------------------------------------------------------------------------------


@router.post("/oficios", response_model=OficioRead, status_code=status.HTTP_201_CREATED)
async def create_oficio(actor: StaffActor, body: OficioCreate, ctx: Ctx) -> OficioRead:
    """Crea un oficio (400 si el nombre ya existe, sin distinguir mayúsculas)."""
    return await catalog.create_oficio(ctx, body, actor)


@router.get("/oficios", response_model=list[OficioRead])
async def list_oficios(principal: CurrentUser, ctx: Ctx) -> list[OficioRead]:
    """Oficios por nombre (cualquier usuario; los administradores ven también los desactivados)."""
    return await catalog.list_oficios(ctx, include_inactive=principal.rol is Rol.ADMIN)


@router.put("/oficios/{oficio_id}", response_model=OficioRead)
async def update_oficio(oficio_id: uuid.UUID, actor: StaffActor, body: OficioUpdate, ctx: Ctx) -> OficioRead:
    """Renombra, describe o (des)activa un oficio."""
    return await catalog.update_oficio(ctx, oficio_id, body, actor)


@router.patch("/oficios/{oficio_id}/toggle", response_model=OficioRead)
async def toggle_oficio(oficio_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> OficioRead:
    """Activa o desactiva un oficio (uno desactivado no se puede elegir ni buscar)."""
    return await catalog.toggle_oficio(ctx, oficio_id, actor)


@router.get("/oficios/{oficio_id}/servicios-instant", response_model=list[ServicioInstantRead])
async def servicios_of_oficio(
    oficio_id: uuid.UUID, principal: CurrentUser, ctx: Ctx
) -> list[ServicioInstantRead]:
    """Servicios instantáneos del oficio (cualquier usuario; 404 si el oficio no existe)."""
    return await catalog.servicios_of_oficio(ctx, oficio_id, include_inactive=principal.rol is Rol.ADMIN)


# --- instant services -------------------------------------------------------------------------------


@router.post("/servicios-instant", response_model=ServicioInstantRead, status_code=status.HTTP_201_CREATED)
async def create_servicio(actor: StaffActor, body: ServicioInstantCreate, ctx: Ctx) -> ServicioInstantRead:
    """Agrega un servicio instantáneo al catálogo (404 si el oficio no existe)."""
    return await catalog.create_servicio(ctx, body, actor)


@router.put("/servicios-instant/{servicio_id}", response_model=ServicioInstantRead)
async def update_servicio(
    servicio_id: uuid.UUID, actor: StaffActor, body: ServicioInstantUpdate, ctx: Ctx
) -> ServicioInstantRead:
    return await catalog.update_servicio(ctx, servicio_id, body, actor)


@router.patch("/servicios-instant/{servicio_id}/toggle", response_model=ServicioInstantRead)
async def toggle_servicio(servicio_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> ServicioInstantRead:
    return await catalog.toggle_servicio(ctx, servicio_id, actor)
