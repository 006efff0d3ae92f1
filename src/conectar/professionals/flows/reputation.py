"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from conectar.platform.app import ServiceContext
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.flows.profiles import own_profile
from conectar.professionals.schemas import LeaderboardEntry, NivelRead
from conectar.professionals.service.common import rating_of


async def level(ctx: ServiceContext, usuario_id: uuid.UUID) -> NivelRead:
    async with own_profile(ctx, usuario_id) as (_, profile):
        progress = domain.level_progress(profile.puntos_experiencia)
    return NivelRead(
        nivel=progress.nivel,
        puntos_experiencia=progress.puntos_experiencia,
        siguiente_nivel=progress.siguiente_nivel,
        puntos_faltantes=progress.puntos_faltantes,
        progreso_porcentaje=progress.progreso_porcentaje,
        tasa_comision_actual=progress.tasa_comision_actual,
    )


async def leaderboard(ctx: ServiceContext, *, limit: int) -> list[LeaderboardEntry]:
    async with ctx.db.session(write=False) as session:
        rows = await repo.leaderboard(session, limit=limit)
    return [
        LeaderboardEntry(
            posicion=position,
            id=p.id,
            usuario_id=p.usuario_id,
            nombre=p.nombre,
            apellido=p.apellido,
            avatar_url=p.avatar_url,
            nivel=p.nivel,
            puntos_experiencia=p.puntos_experiencia,
            rating_promedio=rating_of(p),
            total_resenas=p.total_resenas,
            trabajos_completados=p.trabajos_completados,
        )
        for position, p in enumerate(rows, start=1)
    ]
