"""A client's favourite professionals (SPEC §13): add (idempotent), remove (idempotent), list as search
cards.

- The id is the professional's public id (the profile id; the user id also resolves, as on the public
  profile). Only publicly visible professionals (approved, account active) can be added: anyone else is
  404, like their public profile.
- A client keeps at most ``MAX_FAVORITOS`` visible favourites. Adds by the same client are serialised
  (a transaction-scoped lock on the client) so that concurrent adds cannot pass the cap, and the pair is
  the table's primary key so that concurrent adds of the same professional leave one row.
- The list leaves out professionals who stopped being visible (banned, KYC revoked); their rows are kept
  and come back if the professional becomes visible again. Only visible favourites count for the cap.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from conectar.platform.app import ServiceContext
from conectar.platform.db import insert_ignore, lock_key, utcnow
from conectar.platform.errors import Conflict, NotFound
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import Favorito, ProfessionalProfile
from conectar.professionals.schemas import SearchResult
from conectar.professionals.service.public import NOT_VISIBLE, candidate_of, card, is_public

MAX_FAVORITOS = 200
TOO_MANY = f"Llegaste al máximo de {MAX_FAVORITOS} favoritos: quitá alguno para agregar otro"


def _visible() -> list[ColumnElement[bool]]:
    return [
        ProfessionalProfile.estado_verificacion == EstadoVerificacion.APROBADO,
        ProfessionalProfile.is_active_copy.is_(True),
    ]


async def _count_visible(session: AsyncSession, cliente_id: uuid.UUID) -> int:
    query = (
        select(func.count())
        .select_from(Favorito)
        .join(ProfessionalProfile, ProfessionalProfile.id == Favorito.profesional_id)
        .where(Favorito.cliente_id == cliente_id, *_visible())
    )
    return int((await session.execute(query)).scalar_one())


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
            if await _count_visible(session, cliente_id) >= MAX_FAVORITOS:
                raise Conflict(TOO_MANY)
            created = await insert_ignore(
                session,
                Favorito.__table__,  # type: ignore[arg-type]
                {"cliente_id": cliente_id, "profesional_id": profile.id, "created_at": utcnow()},
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
            .where(Favorito.cliente_id == cliente_id, *_visible())
            .order_by(Favorito.created_at.desc(), Favorito.profesional_id)
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
