"""Helpers shared by the use cases: shaping responses and small rules."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from conectar.professionals import domain
from conectar.professionals.models import Oficio, ProfessionalProfile
from conectar.professionals.schemas import OficioRead, ProfileRead


def normalise_name(value: str) -> str:
    """The key that makes names unique regardless of case (and of surrounding or repeated spaces)."""
    return " ".join(value.split()).casefold()


def collation_key(value: str) -> tuple[str, str]:
    """Spanish-friendly order: accents do not move a word to the end of the list."""
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", value.casefold()) if unicodedata.category(ch) != "Mn"
    )
    return stripped, value


def oficio_read(oficio: Oficio) -> OficioRead:
    return OficioRead(
        id=oficio.id,
        nombre=oficio.nombre,
        descripcion=oficio.descripcion or "",
        activo=oficio.activo,
        fecha_creacion=oficio.fecha_creacion,
        fecha_actualizacion=oficio.fecha_actualizacion,
    )


def sorted_oficios(oficios: Iterable[Oficio]) -> list[OficioRead]:
    return [oficio_read(o) for o in sorted(oficios, key=lambda o: collation_key(o.nombre))]


def profile_read(profile: ProfessionalProfile, oficios: Iterable[Oficio]) -> ProfileRead:
    return ProfileRead(
        id=profile.id,
        usuario_id=profile.usuario_id,
        nombre=profile.nombre,
        apellido=profile.apellido,
        email=profile.email,
        avatar_url=profile.avatar_url,
        estado_verificacion=profile.estado_verificacion,
        nivel=profile.nivel,
        puntos_experiencia=profile.puntos_experiencia,
        tasa_comision_actual=domain.commission_for(profile.nivel),
        radio_cobertura_km=profile.radio_cobertura_km,
        acepta_instant=profile.acepta_instant,
        tarifa_por_hora=domain.from_centavos(profile.tarifa_por_hora_centavos),
        rating_promedio=domain.rating_value(domain.rating_x100(profile.rating_suma, profile.total_resenas)),
        total_resenas=profile.total_resenas,
        trabajos_completados=profile.trabajos_completados,
        latitude=profile.latitude,
        longitude=profile.longitude,
        payout_account=profile.payout_account,
        descripcion=profile.descripcion,
        oficios=sorted_oficios(oficios),
        fecha_creacion=profile.fecha_creacion,
        fecha_actualizacion=profile.fecha_actualizacion,
    )


def rating_of(profile: ProfessionalProfile) -> float:
    return domain.rating_value(domain.rating_x100(profile.rating_suma, profile.total_resenas))
