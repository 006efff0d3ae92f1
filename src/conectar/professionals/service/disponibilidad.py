"""A professional's availability (SPEC §11): weekly hours in Argentina time and blocked periods, how they
read, how they are replaced, and whether a visit window falls outside them (the chat service marks such
offers ``fuera_de_horario``). The rules are in ``professionals.disponibilidad``."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.professionals import disponibilidad
from conectar.professionals import repository as repo
from conectar.professionals.models import BloqueoAgenda, FranjaHoraria, ProfessionalProfile
from conectar.professionals.schemas import (
    BloqueoRead,
    DisponibilidadRead,
    DisponibilidadUpdate,
    FranjaSemanal,
)


def franja_read(franja: FranjaHoraria) -> FranjaSemanal:
    return FranjaSemanal(
        dia=franja.dia,
        desde=disponibilidad.format_hhmm(franja.desde_min),
        hasta=disponibilidad.format_hhmm(franja.hasta_min),
    )


async def semanal_of(session: AsyncSession, profile_id: uuid.UUID) -> list[FranjaSemanal]:
    """The weekly hours, by day and start (what the public profile shows)."""
    return [franja_read(f) for f in await repo.franjas_of(session, profile_id)]


async def read(session: AsyncSession, profile_id: uuid.UUID, now: datetime) -> DisponibilidadRead:
    bloqueos = await repo.bloqueos_of(session, profile_id, ending_after=now)
    return DisponibilidadRead(
        semanal=await semanal_of(session, profile_id),
        bloqueos=[BloqueoRead(id=b.id, desde=b.desde, hasta=b.hasta) for b in bloqueos],
    )


async def replace(
    session: AsyncSession, profile: ProfessionalProfile, body: DisponibilidadUpdate, now: datetime
) -> None:
    """Replace the lists the body carries (validated by its model); the caller holds the profile's lock, so
    concurrent replacements apply one after the other. Blocked periods already over are not kept."""
    if "semanal" in body.model_fields_set:
        franjas = sorted({f.franja() for f in body.semanal})
        await repo.replace_franjas(
            session,
            profile.id,
            [
                FranjaHoraria(
                    profesional_id=profile.id, dia=f.dia, desde_min=f.desde_min, hasta_min=f.hasta_min
                )
                for f in franjas
            ],
        )
    if "bloqueos" in body.model_fields_set:
        await repo.replace_bloqueos(
            session,
            profile.id,
            [
                BloqueoAgenda(profesional_id=profile.id, desde=b.desde, hasta=b.hasta)
                for b in body.bloqueos
                if b.hasta > now
            ],
        )


async def window_status(
    session: AsyncSession, profile_id: uuid.UUID, desde: datetime, hasta: datetime
) -> disponibilidad.WindowStatus:
    franjas = [
        disponibilidad.Franja(f.dia, f.desde_min, f.hasta_min)
        for f in await repo.franjas_of(session, profile_id)
    ]
    bloqueos = [
        disponibilidad.Bloqueo(b.desde, b.hasta)
        for b in await repo.bloqueos_of(session, profile_id, ending_after=desde)
    ]
    return disponibilidad.window_status(franjas, bloqueos, desde, hasta)
