"""flows: take the context, open and commit their own units of work, may call other services between them.

Pedido matching (SPEC §10) for the chat service, which owns pedidos: a pedido matches an APROBADO, not
banned professional who holds its oficio and whose own coverage circle holds its point — search's rule,
answered from search's read model (``search_index``) on both backends, so a professional sees a pedido
exactly when a search from the pedido's point for its oficio lists them.
"""

from __future__ import annotations

import uuid

from conectar.contracts.professionals import (
    CoverageAnswer,
    CoverageRequest,
    MatchingProfessional,
    MatchingProfessionals,
    MatchingRequest,
    PedidoMatch,
)
from conectar.platform.app import ServiceContext
from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.domain import SearchFilters, SortBy


async def matching_professionals(ctx: ServiceContext, request: MatchingRequest) -> MatchingProfessionals:
    """The professionals who match a pedido, nearest first (search's ``distancia`` order: ties by profile
    id), at most ``limit``; an unknown or deactivated oficio matches nobody (as search answers)."""
    async with ctx.db.session(write=False) as session:
        claves = await repo.active_oficio_claves(session, [request.oficio_id])
        if request.oficio_id not in claves:
            return MatchingProfessionals(profesionales=[], hay_mas=False)
        page = await search_index.search(
            session,
            search_index.SearchQuery(
                oficio_key=claves[request.oficio_id],
                lat=request.latitude,
                lng=request.longitude,
                filters=SearchFilters(),
                sort=SortBy.DISTANCIA,
                offset=0,
                limit=request.limit + 1,
            ),
        )
        hits = page.hits[: request.limit]
        # The read model carries the user id; rows built without it (tests) are looked up.
        missing = [h.candidate.profesional_id for h in hits if h.candidate.usuario_id is None]
        usuarios = await repo.usuario_ids_of(session, missing) if missing else {}
    found = []
    for hit in hits:
        c = hit.candidate
        usuario_id = c.usuario_id or usuarios.get(c.profesional_id)
        if usuario_id is None:  # a read-model row whose profile is gone: never listed
            continue
        found.append(
            MatchingProfessional(
                id=c.profesional_id,
                usuario_id=usuario_id,
                nombre=c.nombre,
                apellido=c.apellido,
                avatar_url=c.avatar_url,
                nivel=domain.LEVELS[c.nivel_rank].nivel.value,
                rating_promedio=domain.rating_value(c.rating_x100),
                total_resenas=c.total_resenas,
                distancia_km=domain.round_km(hit.distance_m),
                tiempo_respuesta_mediano_min=c.tiempo_respuesta_mediano_min,
            )
        )
    return MatchingProfessionals(profesionales=found, hay_mas=len(page.hits) > request.limit)


async def coverage(ctx: ServiceContext, request: CoverageRequest) -> CoverageAnswer:
    """Which of the pedido points the professional (by user id) matches, nearest first (ties by pedido id),
    each pedido once. Checked on the professional's own read-model rows with search's circle check."""
    async with ctx.db.session(write=False) as session:
        profile = await repo.profile_by_user(session, request.usuario_id)
        if profile is None:
            return CoverageAnswer(usuario_id=request.usuario_id, profesional_id=None, matches=[])
        rows = await search_index.coverage_of(session, profile.id)
        claves = (
            await repo.active_oficio_claves(session, sorted({p.oficio_id for p in request.points}))
            if rows
            else {}
        )
    matched: dict[uuid.UUID, tuple[float, PedidoMatch]] = {}
    for point in request.points:
        clave = claves.get(point.oficio_id)
        row = rows.get(clave) if clave is not None else None
        if row is None or not row.covers(point.latitude, point.longitude):
            continue
        distance = row.distance_m(point.latitude, point.longitude)
        matched.setdefault(
            point.pedido_id,
            (distance, PedidoMatch(pedido_id=point.pedido_id, distancia_km=domain.round_km(distance))),
        )
    ordered = sorted(matched.values(), key=lambda dm: (dm[0], dm[1].pedido_id))
    return CoverageAnswer(
        usuario_id=request.usuario_id, profesional_id=profile.id, matches=[m for _, m in ordered]
    )
