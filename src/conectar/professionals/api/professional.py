"""Routes of a professional about themselves (`/professional/...`, role PROFESIONAL)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Response, UploadFile, status

from conectar.platform.app import Ctx
from conectar.platform.security import ProfessionalUser
from conectar.professionals.flows import disponibilidad, kyc, portfolio, profiles, publicados, reputation
from conectar.professionals.schemas import (
    DisponibilidadRead,
    DisponibilidadUpdate,
    KycStatus,
    KycUploadResult,
    LocationUpdate,
    MeUpdate,
    NivelRead,
    OfertaInstantRead,
    OficioIds,
    OficioRead,
    PayoutUpdate,
    PortfolioCreate,
    PortfolioItemRead,
    PortfolioUpdate,
    PrecioFijo,
    ProfileRead,
    ProfileUpdate,
    ServicioIds,
    ServicioPublicadoCreate,
    ServicioPublicadoRead,
    ServicioPublicadoUpdate,
)

router = APIRouter(prefix="/api/v1/professional", tags=["professional"])


@router.get("/me", response_model=ProfileRead)
async def me(principal: ProfessionalUser, ctx: Ctx) -> ProfileRead:
    """Tu perfil profesional (existe desde el registro)."""
    return await profiles.get_me(ctx, principal.user_id)


@router.get("/profile", response_model=ProfileRead, include_in_schema=False)
async def profile(principal: ProfessionalUser, ctx: Ctx) -> ProfileRead:
    return await profiles.get_me(ctx, principal.user_id)


@router.put("/me", response_model=ProfileRead)
async def update_me(principal: ProfessionalUser, body: MeUpdate, ctx: Ctx) -> ProfileRead:
    """Como `PUT /professional/profile`, y además `latitude`, `longitude` (juntas) y `payout_account`."""
    return await profiles.update_profile(ctx, principal.user_id, body.model_dump(exclude_unset=True))


@router.put("/profile", response_model=ProfileRead)
async def update_profile(principal: ProfessionalUser, body: ProfileUpdate, ctx: Ctx) -> ProfileRead:
    """Actualiza radio de cobertura (1–500 km), servicios instantáneos, tarifa por hora y descripción."""
    return await profiles.update_profile(ctx, principal.user_id, body.model_dump(exclude_unset=True))


@router.put("/profile/location", response_model=ProfileRead)
async def update_location(principal: ProfessionalUser, body: LocationUpdate, ctx: Ctx) -> ProfileRead:
    """Tu ubicación (el centro de tu área de cobertura). Nunca se muestra a los clientes."""
    return await profiles.update_profile(ctx, principal.user_id, body.model_dump())


@router.put("/payout-info", response_model=ProfileRead)
async def update_payout(principal: ProfessionalUser, body: PayoutUpdate, ctx: Ctx) -> ProfileRead:
    """Cuenta para cobrar: CBU/CVU de 22 dígitos (dígitos verificadores válidos; código de banco o de
    proveedor y número de cuenta distintos de cero) o alias."""
    return await profiles.update_profile(ctx, principal.user_id, body.model_dump())


@router.get("/profile/oficios", response_model=list[OficioRead])
async def my_oficios(principal: ProfessionalUser, ctx: Ctx) -> list[OficioRead]:
    return (await profiles.get_me(ctx, principal.user_id)).oficios


@router.put("/profile/oficios", response_model=list[OficioRead])
async def replace_oficios(principal: ProfessionalUser, body: OficioIds, ctx: Ctx) -> list[OficioRead]:
    """Reemplaza tus oficios (ids repetidos se ignoran; uno inexistente es 404)."""
    return await profiles.replace_oficios(ctx, principal.user_id, body.oficio_ids)


@router.get("/profile/servicios-instant", response_model=list[OfertaInstantRead])
async def my_offers(principal: ProfessionalUser, ctx: Ctx) -> list[OfertaInstantRead]:
    return await profiles.list_offers(ctx, principal.user_id)


@router.put("/profile/servicios-instant", response_model=list[OfertaInstantRead])
async def replace_offers(principal: ProfessionalUser, body: ServicioIds, ctx: Ctx) -> list[OfertaInstantRead]:
    """Reemplaza los servicios instantáneos que ofrecés (los precios de los que quedan se conservan)."""
    return await profiles.replace_offers(ctx, principal.user_id, body.servicio_ids)


@router.put("/servicios-instant/{servicio_id}", response_model=OfertaInstantRead)
async def set_price(
    servicio_id: uuid.UUID, principal: ProfessionalUser, body: PrecioFijo, ctx: Ctx
) -> OfertaInstantRead:
    """Tu precio fijo para un servicio instantáneo (si no lo ofrecías, lo agrega)."""
    return await profiles.set_price(ctx, principal.user_id, servicio_id, body.precio_fijo)


@router.get("/servicios", response_model=list[ServicioPublicadoRead])
async def my_servicios(principal: ProfessionalUser, ctx: Ctx) -> list[ServicioPublicadoRead]:
    """Los servicios que publicaste vos (activos e inactivos), los más nuevos primero.

    Un servicio publicado es tuyo: nombre, descripción y precio fijo propios, en uno de tus oficios. Los
    clientes lo ven en `GET /servicios` (con `tipo: "publicado"`) y lo contratan con
    `POST /cliente/servicios/{id}/contratar`, sin cuerpo, mientras esté activo, conserves el oficio y
    aceptes contrataciones instantáneas."""
    return await publicados.list_mine(ctx, principal.user_id)


@router.post("/servicios", response_model=ServicioPublicadoRead, status_code=status.HTTP_201_CREATED)
async def publish_servicio(
    principal: ProfessionalUser, body: ServicioPublicadoCreate, ctx: Ctx
) -> ServicioPublicadoRead:
    """Publica un servicio propio: `nombre` (3–200), `descripcion` (hasta 2000), `precio_fijo` (mayor que
    0) y `oficio_id`, que tiene que ser uno de tus oficios (400 si no lo es o está desactivado). Hasta 50
    servicios."""
    return await publicados.create(ctx, principal.user_id, body)


@router.put("/servicios/{servicio_id}", response_model=ServicioPublicadoRead)
async def update_servicio(
    servicio_id: uuid.UUID, principal: ProfessionalUser, body: ServicioPublicadoUpdate, ctx: Ctx
) -> ServicioPublicadoRead:
    """Cambia los campos enviados de un servicio tuyo (404 si no es tuyo). Lo que ya se contrató no
    cambia: cada trabajo guarda su nombre y su precio."""
    return await publicados.update(ctx, principal.user_id, servicio_id, body)


@router.delete("/servicios/{servicio_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_servicio(servicio_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx) -> Response:
    """Da de baja un servicio tuyo (404 si no es tuyo); los trabajos ya contratados siguen igual."""
    await publicados.delete(ctx, principal.user_id, servicio_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/disponibilidad", response_model=DisponibilidadRead)
async def my_availability(principal: ProfessionalUser, ctx: Ctx) -> DisponibilidadRead:
    """Tus horarios de cada semana (hora de Argentina) y tus bloqueos que no terminaron todavía."""
    return await disponibilidad.get_mine(ctx, principal.user_id)


@router.put("/disponibilidad", response_model=DisponibilidadRead)
async def set_availability(
    principal: ProfessionalUser, body: DisponibilidadUpdate, ctx: Ctx
) -> DisponibilidadRead:
    """Tus horarios y bloqueos. `semanal`: franjas `{dia (0 = lunes … 6 = domingo), desde, hasta}` en
    hora de Argentina (HH:MM; `hasta` puede ser 24:00), hasta 4 por día, sin superponerse dentro del día.
    `bloqueos`: períodos `{desde, hasta}` (fecha y hora con zona horaria) sin disponibilidad, hasta 50, de
    hasta 366 días cada uno. Cada lista que envíes reemplaza la anterior; la que no envíes queda igual.
    Tu perfil público muestra los horarios semanales; una oferta con visita fuera de ellos o en un bloqueo
    se permite y queda marcada `fuera_de_horario`."""
    return await disponibilidad.replace(ctx, principal.user_id, body)


@router.post("/kyc/upload", response_model=KycUploadResult)
async def kyc_upload(
    principal: ProfessionalUser,
    ctx: Ctx,
    files: Annotated[
        list[UploadFile], File(description="PDF, JPEG o PNG; hasta 10 MB cada uno y 5 archivos")
    ],
) -> KycUploadResult:
    """Envía tu documentación para verificar tu identidad; queda `EN_REVISION`."""
    return await kyc.upload(ctx, principal.user_id, files)


@router.get("/kyc/status", response_model=KycStatus)
async def kyc_status(principal: ProfessionalUser, ctx: Ctx) -> KycStatus:
    return await kyc.status(ctx, principal.user_id)


@router.get("/me/nivel", response_model=NivelRead)
async def my_level(principal: ProfessionalUser, ctx: Ctx) -> NivelRead:
    """Tu nivel, experiencia, progreso hacia el siguiente nivel y comisión actual."""
    return await reputation.level(ctx, principal.user_id)


@router.get("/portfolio", response_model=list[PortfolioItemRead])
async def my_portfolio(principal: ProfessionalUser, ctx: Ctx) -> list[PortfolioItemRead]:
    return await portfolio.list_mine(ctx, principal.user_id)


@router.post("/portfolio", response_model=PortfolioItemRead, status_code=status.HTTP_201_CREATED)
async def create_item(principal: ProfessionalUser, body: PortfolioCreate, ctx: Ctx) -> PortfolioItemRead:
    return await portfolio.create(ctx, principal.user_id, body)


@router.get("/portfolio/{item_id}", response_model=PortfolioItemRead)
async def get_item(item_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx) -> PortfolioItemRead:
    return await portfolio.get_mine(ctx, principal.user_id, item_id)


@router.put("/portfolio/{item_id}", response_model=PortfolioItemRead)
async def update_item(
    item_id: uuid.UUID, principal: ProfessionalUser, body: PortfolioUpdate, ctx: Ctx
) -> PortfolioItemRead:
    return await portfolio.update(ctx, principal.user_id, item_id, body)


@router.delete("/portfolio/{item_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_item(item_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx) -> Response:
    """Borra el trabajo y sus imágenes."""
    await portfolio.delete_item(ctx, principal.user_id, item_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/portfolio/{item_id}/image", response_model=PortfolioItemRead)
async def add_image(
    item_id: uuid.UUID,
    principal: ProfessionalUser,
    ctx: Ctx,
    file: Annotated[UploadFile, File(description="JPEG, PNG, GIF o WebP; hasta 5 MB")],
) -> PortfolioItemRead:
    """Agrega una imagen (hasta 10 por trabajo); se re-codifica sin metadatos y con miniatura."""
    return await portfolio.add_image(ctx, principal.user_id, item_id, file)


@router.delete("/portfolio/{item_id}/image/{image_id}", response_model=PortfolioItemRead)
async def delete_image(
    item_id: uuid.UUID, image_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx
) -> PortfolioItemRead:
    """Borra una imagen; las demás conservan su orden (0, 1, 2…)."""
    return await portfolio.delete_image(ctx, principal.user_id, item_id, image_id)
