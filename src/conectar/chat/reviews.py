"""Reviews: one per LIBERADO trabajo, by its client; exact running averages; one reply by the professional."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import Resena
from conectar.chat.schemas import ResenaItem, ResenaRead
from conectar.platform.security import Principal

ALREADY_REVIEWED = "Este trabajo ya tiene una reseña"
ALREADY_REPLIED = "La reseña ya tiene una respuesta"


def resena_read(r: Resena) -> ResenaRead:
    return ResenaRead.model_validate(r, from_attributes=True)


def average(total: int, suma: int) -> Decimal:
    if total == 0:
        return Decimal("0.00")
    return (Decimal(suma) / Decimal(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


async def list_mine(
    session: AsyncSession, principal: Principal, *, page: int, limit: int
) -> tuple[list[ResenaItem], int]:
    """The signed-in professional's reviews, newest first, with their replies."""
    rows, total = await repo.resenas_of(session, principal.user_id, offset=(page - 1) * limit, limit=limit)
    names = await repo.people(session, [r.cliente_id for r in rows])
    items = [
        ResenaItem(
            **resena_read(r).model_dump(),
            cliente_nombre=names[r.cliente_id].nombre_completo if r.cliente_id in names else "",
        )
        for r in rows
    ]
    return items, total
