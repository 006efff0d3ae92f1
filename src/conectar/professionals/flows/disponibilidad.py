"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from datetime import UTC

from conectar.contracts.professionals import WindowAnswer, WindowRequest
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.professionals import disponibilidad
from conectar.professionals import repository as repo
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.schemas import DisponibilidadRead, DisponibilidadUpdate
from conectar.professionals.service import disponibilidad as service


async def get_mine(ctx: ServiceContext, usuario_id: uuid.UUID) -> DisponibilidadRead:
    async with own_profile(ctx, usuario_id) as (session, profile):
        return await service.read(session, profile.id, utcnow())


async def replace(
    ctx: ServiceContext, usuario_id: uuid.UUID, body: DisponibilidadUpdate
) -> DisponibilidadRead:
    now = utcnow()
    async with own_profile(ctx, usuario_id, write=True, lock=True) as (session, profile):
        await service.replace(session, profile, body, now)
        profile.fecha_actualizacion = now
        return await service.read(session, profile.id, now)


async def window(ctx: ServiceContext, request: WindowRequest) -> WindowAnswer:
    """Whether a visit window of the professional (by user id) falls outside their hours. A user with no
    profile here has declared nothing: every window is inside."""
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_user(session, request.usuario_id)
        if profile is None:
            status = disponibilidad.window_status([], [], request.desde, request.hasta)
        else:
            status = await service.window_status(session, profile.id, request.desde, request.hasta)
    return WindowAnswer(
        fuera_de_horario=status.fuera_de_horario,
        dentro_del_horario_semanal=status.dentro_del_horario_semanal,
        bloqueado=status.bloqueado,
        horario_configurado=status.horario_configurado,
        desde=request.desde.astimezone(UTC),
        hasta=request.hasta.astimezone(UTC),
    )
