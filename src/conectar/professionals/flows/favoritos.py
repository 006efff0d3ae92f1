"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select

from conectar.platform.app import ServiceContext
from conectar.platform.db import insert_ignore, lock_key, utcnow
from conectar.platform.errors import Conflict, NotFound
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.models import Favorito, ProfessionalProfile
from conectar.professionals.schemas import SearchResult
from conectar.professionals.service import favoritos
from conectar.professionals.service.favoritos import count_visible, visible_conditions
from conectar.professionals.service.public import NOT_VISIBLE, candidate_of, card, is_public


async def add(ctx: ServiceContext, cliente_id: uuid.UUID, some_id: uuid.UUID) -> tuple[SearchResult, bool]:
    """Mark a visible professional as a favourite; (card, True when this call added it)."""
    async with ctx.db.session() as session:
        profile = await repo.profile_by_id_or_user(session, some_id)
        if profile is None or not is_public(profile):
            raise NotFound(NOT_VISIBLE)
        await lock_key(session, f"favoritos:{cliente_id}")
        exists = await session.get(Favorito, (cliente_id, profile.id))
        created = False
        if exists is None:
            if await count_visible(session, cliente_id) >= favoritos.MAX_FAVORITOS:
                raise Conflict(favoritos.TOO_MANY)
            created = await insert_ignore(
                session,
                Favorito.__table__,  # type: ignore[arg-type]
                {"cliente_id": cliente_id, "profesional_id": profile.id, "fecha_creacion": utcnow()},
            )
        result = card(candidate_of(profile), None)
    return result, created


async def remove(ctx: ServiceContext, cliente_id: uuid.UUID, some_id: uuid.UUID) -> None:
    """Forget a favourite; nothing happens when it is not one (or the professional does not exist)."""
    async with ctx.db.session() as session:
        profile = await repo.profile_by_id_or_user(session, some_id)
        profesional_id = profile.id if profile is not None else some_id
        await session.execute(
            delete(Favorito).where(
                Favorito.cliente_id == cliente_id, Favorito.profesional_id == profesional_id
            )
        )


async def list_for(
    ctx: ServiceContext,
    cliente_id: uuid.UUID,
    *,
    lat: float | None,
    lng: float | None,
    offset: int,
    limit: int,
) -> list[SearchResult]:
    """The client's visible favourites, newest first, as search cards (with the distance to the point when
    one is given and the professional has a location)."""
    async with ctx.db.session(write=False) as session:
        query = (
            select(ProfessionalProfile)
            .join(Favorito, Favorito.profesional_id == ProfessionalProfile.id)
            .where(Favorito.cliente_id == cliente_id, *visible_conditions())
            .order_by(Favorito.fecha_creacion.desc(), Favorito.profesional_id)
            .offset(offset)
            .limit(limit)
        )
        profiles = list((await session.execute(query)).scalars())
    found = []
    for profile in profiles:
        distance: float | None = None
        if (
            lat is not None
            and lng is not None
            and profile.latitude is not None
            and profile.longitude is not None
        ):
            distance = domain.sphere_distance_m(profile.latitude, profile.longitude, lat, lng)
        found.append(card(candidate_of(profile), distance))
    return found
