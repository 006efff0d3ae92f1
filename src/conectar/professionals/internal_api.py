"""Internal API of the professionals service for the chat and payments services (service tokens only).

Models: ``conectar.contracts.professionals``.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from conectar.contracts.professionals import (
    CoverageAnswer,
    CoverageRequest,
    InstantOffer,
    MatchingProfessionals,
    MatchingRequest,
    ProfessionalSummary,
    WindowAnswer,
    WindowRequest,
)
from conectar.platform.app import Ctx
from conectar.platform.errors import NotFound
from conectar.platform.security import ServiceCaller
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.flows import disponibilidad, matching
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.models import ProfessionalProfile
from conectar.professionals.service.profiles import NOT_A_PROFESSIONAL
from conectar.professionals.service.publicados import hireable_publicado

router = APIRouter(prefix="/internal/v1", include_in_schema=False)


def summary(profile: ProfessionalProfile) -> ProfessionalSummary:
    return ProfessionalSummary(
        profesional_id=profile.id,
        usuario_id=profile.usuario_id,
        nombre=profile.nombre,
        apellido=profile.apellido,
        email=profile.email,
        estado_verificacion=profile.estado_verificacion,
        nivel=profile.nivel,
        tasa_comision_actual=domain.commission_for(profile.nivel),
        payout_account=profile.payout_account,
        acepta_instant=profile.acepta_instant,
        is_active=profile.is_active_copy,
    )


@router.get("/professionals/by-user/{user_id}", response_model=ProfessionalSummary)
async def by_user(user_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> ProfessionalSummary:
    """The professional whose user id this is (created from the auth account if not here yet)."""
    async with own_profile(ctx, user_id) as (_, profile):
        return summary(profile)


@router.get("/professionals/{profesional_id}", response_model=ProfessionalSummary)
async def by_profile(profesional_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> ProfessionalSummary:
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_id(session, profesional_id)
    if profile is None:
        raise NotFound(NOT_A_PROFESSIONAL)
    return summary(profile)


@router.get("/servicios-instant/{servicio_id}/profesionales/{user_id}", response_model=InstantOffer)
async def instant_offer(
    servicio_id: uuid.UUID, user_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx
) -> InstantOffer:
    """The fixed-price offer an instant hire uses; 404 unless it is hireable right now. ``user_id`` may be
    the professional's user id or profile id (``GET /servicios`` lists both; clients used either)."""
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_user(session, user_id) or await repo.profile_by_id(session, user_id)
        servicio = await repo.servicio(session, servicio_id)
        offer = await repo.offer(session, profile.id, servicio_id) if profile is not None else None
    if (
        profile is None
        or servicio is None
        or offer is None
        or offer.precio_fijo_centavos is None
        or not servicio.activo
        or not profile.acepta_instant
        or not profile.is_active_copy
        or profile.estado_verificacion != EstadoVerificacion.APROBADO
    ):
        raise NotFound("El profesional no ofrece ese servicio instantáneo")
    precio = domain.from_centavos(offer.precio_fijo_centavos)
    assert precio is not None
    return InstantOffer(
        servicio_id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        profesional_id=profile.id,
        usuario_id=profile.usuario_id,
        precio_fijo=precio,
    )


@router.get("/servicios-publicados/{servicio_id}", response_model=InstantOffer)
async def published_offer(servicio_id: uuid.UUID, _caller: ServiceCaller, ctx: Ctx) -> InstantOffer:
    """A service a professional published, as an instant hire uses it (its professional and price are
    its own); 404 unless it is hireable right now (``GET /servicios``'s rule)."""
    async with ctx.db.session(write=False) as session:
        servicio, profile = await hireable_publicado(session, servicio_id)
    precio = domain.from_centavos(servicio.precio_fijo_centavos)
    assert precio is not None
    return InstantOffer(
        servicio_id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        profesional_id=profile.id,
        usuario_id=profile.usuario_id,
        precio_fijo=precio,
        publicado=True,
    )


@router.post("/pedidos/profesionales", response_model=MatchingProfessionals)
async def pedido_matching(body: MatchingRequest, _caller: ServiceCaller, ctx: Ctx) -> MatchingProfessionals:
    """The professionals a pedido matches (SPEC §10: search's coverage rule and read model), nearest
    first, at most ``limit``."""
    return await matching.matching_professionals(ctx, body)


@router.post("/pedidos/cobertura", response_model=CoverageAnswer)
async def pedido_coverage(body: CoverageRequest, _caller: ServiceCaller, ctx: Ctx) -> CoverageAnswer:
    """Which of the given pedido points a professional (by user id) matches, with the distance."""
    return await matching.coverage(ctx, body)


@router.post("/disponibilidad/ventana", response_model=WindowAnswer)
async def availability_window(body: WindowRequest, _caller: ServiceCaller, ctx: Ctx) -> WindowAnswer:
    """Whether a visit window falls outside the professional's weekly hours or on a blocked period."""
    return await disponibilidad.window(ctx, body)
