"""Services a professional publishes themselves (``/professional/servicios``): their own name, description
and fixed price, in one of their oficios. They are the professional's alone: another's is 404 for every
operation. Hireable like the catalog's instant services (``GET /servicios`` lists both, ``tipo`` tells
which); an instant hire copies name, description and price into the trabajo, so editing or deleting a
published service never changes a trabajo already hired."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.errors import BusinessRuleError, NotFound
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import Oficio, ProfessionalProfile, ServicioPublicado
from conectar.professionals.schemas import PublicOferta, ServicioPublicadoRead

PUBLICADO_NOT_FOUND = "Servicio no encontrado"
NOT_YOUR_OFICIO = "Elegí uno de tus oficios para publicar el servicio"
OFICIO_INACTIVE = "El oficio no está disponible"
NOT_HIREABLE = "El servicio ya no está disponible"
MAX_PUBLICADOS = 50


def publicado_read(servicio: ServicioPublicado, oficio: Oficio) -> ServicioPublicadoRead:
    precio = domain.from_centavos(servicio.precio_fijo_centavos)
    assert precio is not None
    return ServicioPublicadoRead(
        id=servicio.id,
        profesional_id=servicio.profesional_id,
        oficio_id=servicio.oficio_id,
        oficio_nombre=oficio.nombre,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        precio_fijo=precio,
        activo=servicio.activo,
        fecha_creacion=servicio.fecha_creacion,
        fecha_actualizacion=servicio.fecha_actualizacion,
    )


def public_oferta(servicio: ServicioPublicado) -> PublicOferta:
    precio = domain.from_centavos(servicio.precio_fijo_centavos)
    assert precio is not None
    return PublicOferta(
        id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        precio_fijo=precio,
    )


async def own_oficio(session: AsyncSession, profile: ProfessionalProfile, oficio_id: uuid.UUID) -> Oficio:
    """The oficio a professional publishes in: one they hold and still offered (400 otherwise)."""
    oficio = await repo.oficio(session, oficio_id)
    if oficio is None or not await repo.holds_oficio(session, profile.id, oficio_id):
        raise BusinessRuleError(NOT_YOUR_OFICIO)
    if not oficio.activo:
        raise BusinessRuleError(OFICIO_INACTIVE)
    return oficio


async def ensure_room(session: AsyncSession, profile: ProfessionalProfile) -> None:
    if await repo.count_publicados(session, profile.id) >= MAX_PUBLICADOS:
        raise BusinessRuleError(f"Podés publicar hasta {MAX_PUBLICADOS} servicios")


async def own_publicado(
    session: AsyncSession, profile: ProfessionalProfile, servicio_id: uuid.UUID, *, lock: bool = False
) -> ServicioPublicado:
    servicio = await repo.publicado(session, servicio_id, lock=lock)
    if servicio is None or servicio.profesional_id != profile.id:
        raise NotFound(PUBLICADO_NOT_FOUND)
    return servicio


async def hireable_publicado(
    session: AsyncSession, servicio_id: uuid.UUID
) -> tuple[ServicioPublicado, ProfessionalProfile]:
    """A published service a client can hire now, with its professional: active, in an oficio the
    professional still holds, and the professional approved, active and accepting instant hires (404
    otherwise: the same rule as ``GET /servicios``)."""
    servicio = await repo.publicado(session, servicio_id)
    profile = await repo.profile_by_id(session, servicio.profesional_id) if servicio is not None else None
    if (
        servicio is None
        or profile is None
        or not servicio.activo
        or not await repo.holds_oficio(session, profile.id, servicio.oficio_id)
        or not profile.acepta_instant
        or not profile.is_active_copy
        or profile.estado_verificacion != EstadoVerificacion.APROBADO
    ):
        raise NotFound(NOT_HIREABLE)
    return servicio, profile
