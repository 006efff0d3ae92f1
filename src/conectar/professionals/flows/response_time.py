"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

from sqlalchemy import select

from conectar.platform.app import ServiceContext
from conectar.professionals.models import ProfessionalProfile
from conectar.professionals.service.response_time import recompute


async def refresh_all(ctx: ServiceContext) -> None:
    """Recompute every stored median (conversations leave the 90-day window as days pass)."""
    async with ctx.db.session(write=False) as session:
        users = list(
            (
                await session.execute(
                    select(ProfessionalProfile.usuario_id).where(
                        ProfessionalProfile.tiempo_respuesta_mediano_min.is_not(None)
                    )
                )
            ).scalars()
        )
    for usuario_id in users:
        async with ctx.db.session() as session:
            await recompute(session, usuario_id)
