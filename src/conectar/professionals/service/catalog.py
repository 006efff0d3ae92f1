"""The catalog managed by admins: oficios and instant services. Every change is recorded in the staff audit
trail in its own unit of work (``oficio.*``, ``servicio_instant.*``; ``detalle`` names what changed)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.professionals.models import Oficio, ServicioInstant
from conectar.professionals.schemas import ServicioInstantRead

OFICIO_EXISTS = "Ya existe un oficio con ese nombre"
OFICIO_NOT_FOUND = "Oficio no encontrado"
SERVICIO_NOT_FOUND = "Servicio instantáneo no encontrado"


async def record_toggle(
    ctx: ServiceContext, session: AsyncSession, actor: Actor, recurso: str, target: Oficio | ServicioInstant
) -> None:
    await ctx.audit.record(
        session,
        actor,
        accion=f"{recurso}.{'activar' if target.activo else 'desactivar'}",
        recurso=recurso,
        recurso_id=target.id,
        detalle={"activo": target.activo},
    )


def servicio_read(servicio: ServicioInstant) -> ServicioInstantRead:
    return ServicioInstantRead(
        id=servicio.id,
        nombre=servicio.nombre,
        descripcion=servicio.descripcion or "",
        oficio_id=servicio.oficio_id,
        activo=servicio.activo,
        fecha_creacion=servicio.fecha_creacion,
        fecha_actualizacion=servicio.fecha_actualizacion,
    )
