"""Reputation and gamification (SPEC §7): reviews, completed trabajos, experience, level and commission.

Fed by the chat service's events. Each award happens at most once per trabajo or review, keyed by the
business id (``xp_awards`` and the reviews' own keys), whatever event id it arrives with.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import ProfessionalLevelChanged, ReviewCreated, ReviewReplied, WorkCompleted
from conectar.contracts.personal_data import DELETED_DISPLAY_NAME
from conectar.platform.app import ServiceContext
from conectar.professionals import domain, search_index
from conectar.professionals import repository as repo
from conectar.professionals.models import ProfessionalProfile

FUENTE_TRABAJO = "trabajo"
FUENTE_RESENA = "resena"


class ProfileNotYetKnown(RuntimeError):
    """An event names a professional whose profile is not here yet; the bus retries it later."""


class ReviewNotYetKnown(RuntimeError):
    """A reply arrived before its review's ReviewCreated; the bus retries it later."""


async def _profile_for_event(session: AsyncSession, profesional_id: uuid.UUID) -> ProfessionalProfile:
    # The chat service names professionals by user id; a profile id is accepted too.
    profile = await repo.profile_by_user(session, profesional_id, lock=True) or await repo.profile_by_id(
        session, profesional_id, lock=True
    )
    if profile is None:
        raise ProfileNotYetKnown(str(profesional_id))
    return profile


async def add_experience(
    ctx: ServiceContext, session: AsyncSession, profile: ProfessionalProfile, puntos: int
) -> None:
    """Add experience; the level and commission follow at once, and a level change is published."""
    before = profile.nivel
    profile.puntos_experiencia += puntos
    after = domain.level_for(profile.puntos_experiencia).value
    if after != before:
        profile.nivel = after
        await ctx.outbox.add(
            session,
            ProfessionalLevelChanged(
                profesional_id=profile.id,
                user_id=profile.usuario_id,
                nivel_anterior=before,
                nivel=after,
                puntos_experiencia=profile.puntos_experiencia,
                tasa_comision_actual=domain.commission_for(after),
            ),
        )


async def work_completed(ctx: ServiceContext, session: AsyncSession, event: WorkCompleted) -> None:
    profile = await _profile_for_event(session, event.profesional_id)
    if not await repo.award_xp(
        session,
        fuente=FUENTE_TRABAJO,
        fuente_id=event.trabajo_id,
        profile_id=profile.id,
        puntos=domain.XP_WORK_COMPLETED,
    ):
        return
    profile.trabajos_completados += 1
    await add_experience(ctx, session, profile, domain.XP_WORK_COMPLETED)
    await search_index.sync(session, profile)


async def review_created(ctx: ServiceContext, session: AsyncSession, event: ReviewCreated) -> None:
    profile = await _profile_for_event(session, event.profesional_id)
    if profile.eliminado_at is not None:
        return  # a deleted professional's page is gone, and so are the copies of their reviews
    rating = min(max(event.rating, 1), 5)
    # A review written before its author's account was deleted may arrive after the erasure.
    erased_author = await repo.is_erased(session, event.cliente_id)
    recorded = await repo.insert_review(
        session,
        {
            "id": event.resena_id,
            "profesional_id": profile.id,
            "trabajo_id": event.trabajo_id,
            "cliente_id": event.cliente_id,
            "nombre_cliente": DELETED_DISPLAY_NAME if erased_author else event.cliente_nombre[:201],
            "rating": rating,
            "texto_resena": event.texto_resena,
            "fecha_creacion": event.fecha_creacion,
        },
    )
    if not recorded:
        return
    profile.rating_suma += rating
    profile.total_resenas += 1
    puntos = domain.review_xp(rating)
    if puntos and await repo.award_xp(
        session, fuente=FUENTE_RESENA, fuente_id=event.resena_id, profile_id=profile.id, puntos=puntos
    ):
        await add_experience(ctx, session, profile, puntos)
    await search_index.sync(session, profile)


async def review_replied(session: AsyncSession, event: ReviewReplied) -> None:
    """Show the professional's answer under the public review (once: the first answer stays)."""
    if await repo.set_review_reply(session, event.resena_id, event.respuesta, event.fecha_respuesta):
        return
    if not await repo.review_exists(session, event.resena_id):
        if await repo.is_erased(session, event.profesional_id):
            return  # the professional was deleted: their review copies are gone for good
        raise ReviewNotYetKnown(str(event.resena_id))
