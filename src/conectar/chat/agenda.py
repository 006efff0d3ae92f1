"""A professional's agenda (SPEC §11): they never hold two trabajos that book time (waiting for payment, or
paid and not yet marked done) whose visit windows overlap.

The guarantee is the database's: :func:`ensure_free` first takes the professional's agenda lock (a
transaction-scoped advisory lock on PostgreSQL, held until the unit of work ends; on SQLite every writing
unit of work runs alone, ``BEGIN IMMEDIATE``), then looks for an overlapping visit. Two clients accepting
overlapping offers of the same professional at the same moment are serialised there: the second sees the
first one's trabajo and is refused with 409. Every change that gives a trabajo a window (an accept, an
accepted reprogramación) goes through here, in the unit of work that makes the change.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.ventanas import Ventana
from conectar.platform.db import lock_key
from conectar.platform.errors import Conflict

OCUPADO = "El profesional ya tiene otra visita reservada que se superpone con ese horario"


async def lock(session: AsyncSession, profesional_id: uuid.UUID) -> None:
    """Serialise the changes to this professional's agenda until the caller's unit of work ends."""
    await lock_key(session, f"chat.agenda:{profesional_id}")


async def ensure_free(
    session: AsyncSession,
    profesional_id: uuid.UUID,
    ventana: Ventana,
    *,
    except_id: uuid.UUID | None = None,
) -> None:
    """Lock the professional's agenda and refuse (409) a window that overlaps one of their booked visits
    (``except_id``: the trabajo whose own window is being replaced)."""
    await lock(session, profesional_id)
    clash = await repo.overlapping_visit(
        session, profesional_id, ventana.desde, ventana.hasta, except_id=except_id
    )
    if clash is not None:
        raise Conflict(OCUPADO)
