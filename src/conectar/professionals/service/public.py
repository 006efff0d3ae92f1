"""What anyone may see: public profiles, reviews, oficios, search and hireable instant services."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.errors import NotFound
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import Oficio, ProfessionalProfile, Resena
from conectar.professionals.schemas import ResenaRead, SearchResult
from conectar.professionals.service.common import normalise_name

PROFILE_REVIEWS = 10
NOT_VISIBLE = "Profesional no encontrado"


def is_public(profile: ProfessionalProfile | None) -> bool:
    return (
        profile is not None
        and profile.estado_verificacion == EstadoVerificacion.APROBADO
        and profile.is_active_copy
        and profile.eliminado_at is None
    )


def resena_read(resena: Resena) -> ResenaRead:
    return ResenaRead(
        id=resena.id,
        rating=resena.rating,
        texto_resena=resena.texto_resena or "",
        nombre_cliente=resena.nombre_cliente,
        fecha_creacion=resena.fecha_creacion,
        respuesta=resena.respuesta,
        fecha_respuesta=resena.fecha_respuesta,
    )


async def visible_profile(session: AsyncSession, some_id: uuid.UUID) -> ProfessionalProfile:
    profile = await repo.profile_by_id_or_user(session, some_id)
    if profile is None or not is_public(profile):
        raise NotFound(NOT_VISIBLE)
    return profile


# --- search -----------------------------------------------------------------------------------------


async def find_oficio(session: AsyncSession, oficio: str | uuid.UUID) -> Oficio | None:
    if isinstance(oficio, uuid.UUID):
        return await repo.oficio(session, oficio)
    try:
        return await repo.oficio(session, uuid.UUID(oficio))
    except ValueError:
        pass
    return await repo.oficio_by_normalised_name(session, normalise_name(oficio))


def card(candidate: domain.SearchCandidate, distance_m: float | None) -> SearchResult:
    """The search-card shape (GET /search/professionals, POST /search, GET /favoritos)."""
    c = candidate
    return SearchResult(
        id=c.profesional_id,
        usuario_id=c.usuario_id,
        nombre=c.nombre,
        apellido=c.apellido,
        avatar_url=c.avatar_url,
        nivel=domain.LEVELS[c.nivel_rank].nivel.value,
        radio_cobertura_km=c.radio_km,
        acepta_instant=c.acepta_instant,
        tarifa_por_hora=domain.from_centavos(c.tarifa_centavos),
        rating_promedio=domain.rating_value(c.rating_x100),
        total_resenas=c.total_resenas,
        distancia_km=None if distance_m is None else domain.round_km(distance_m),
        tiempo_respuesta_mediano_min=c.tiempo_respuesta_mediano_min,
    )


def candidate_of(profile: ProfessionalProfile) -> domain.SearchCandidate:
    """A profile as the search read model would hold it (the location may be missing: 0, 0 then, and
    never shown)."""
    return domain.SearchCandidate(
        profesional_id=profile.id,
        lat=profile.latitude if profile.latitude is not None else 0.0,
        lng=profile.longitude if profile.longitude is not None else 0.0,
        radio_km=profile.radio_cobertura_km,
        nivel_rank=domain.LEVEL_RANK[profile.nivel],
        rating_x100=domain.rating_x100(profile.rating_suma, profile.total_resenas),
        total_resenas=profile.total_resenas,
        tarifa_centavos=profile.tarifa_por_hora_centavos,
        acepta_instant=profile.acepta_instant,
        nombre=profile.nombre,
        apellido=profile.apellido,
        avatar_url=profile.avatar_url,
        tiempo_respuesta_mediano_min=profile.tiempo_respuesta_mediano_min,
        usuario_id=profile.usuario_id,
    )
