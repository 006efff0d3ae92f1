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

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from conectar.professionals.domain import EstadoVerificacion
from conectar.professionals.models import Favorito, ProfessionalProfile

MAX_FAVORITOS = 200
TOO_MANY = f"Llegaste al máximo de {MAX_FAVORITOS} favoritos: quitá alguno para agregar otro"


def visible_conditions() -> list[ColumnElement[bool]]:
    return [
        ProfessionalProfile.estado_verificacion == EstadoVerificacion.APROBADO,
        ProfessionalProfile.is_active_copy.is_(True),
    ]


async def count_visible(session: AsyncSession, cliente_id: uuid.UUID) -> int:
    query = (
        select(func.count())
        .select_from(Favorito)
        .join(ProfessionalProfile, ProfessionalProfile.id == Favorito.profesional_id)
        .where(Favorito.cliente_id == cliente_id, *visible_conditions())
    )
    return int((await session.execute(query)).scalar_one())
