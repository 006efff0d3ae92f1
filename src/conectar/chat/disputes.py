"""Disputes: opened by either party of a paid trabajo, discussed with evidence, resolved by an admin."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import Disputa, Trabajo
from conectar.chat.schemas import DisputaMensajeRead, DisputaRead, EvidenciaRead
from conectar.contracts.events import DisputeOpened, DisputeResolved
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import Forbidden, NotFound
from conectar.platform.security import Principal

ABIERTA = "ABIERTA"
A_FAVOR_DEL_CLIENTE = "CLIENTE"
# The resolution of a dispute the platform closes (read after "Resolvimos la disputa a favor del cliente: ").
RESOLUCION_POR_PLAZO = "el plazo para revisarla venció y el pago vuelve al cliente."
RESOLUCION_POR_DEVOLUCION = "MercadoPago devolvió el pago al cliente."
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10
RESOLVE_ACTION = "disputa.resolver"
EVIDENCE_VIEW_ACTION = "disputa.evidencia.ver"


@dataclass(frozen=True)
class NuevaDisputa:
    """A dispute to open: by a party (``abierta_por`` their user id) or by the platform (None); ``id`` is
    the one the new row takes."""

    abierta_por: uuid.UUID | None
    tipo: str
    descripcion: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)


async def open_disputa(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, nueva: NuevaDisputa
) -> Disputa:
    """The one place a dispute is made: the row and its DisputeOpened, in the caller's unit of work. It is
    the ``abrir disputa`` action of the state table (``actions``), so only a transition to EN_DISPUTA makes
    one."""
    disputa = Disputa(
        id=nueva.id,
        trabajo_id=t.id,
        abierta_por=nueva.abierta_por,
        cliente_id=t.cliente_id,
        profesional_id=t.profesional_id,
        tipo=nueva.tipo,
        descripcion=nueva.descripcion,
        estado=ABIERTA,
    )
    session.add(disputa)
    await session.flush()
    await ctx.outbox.add(
        session,
        DisputeOpened(
            disputa_id=disputa.id,
            trabajo_id=t.id,
            abierta_por=nueva.abierta_por,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            tipo=disputa.tipo,
        ),
    )
    return disputa


async def settle(
    ctx: ServiceContext,
    session: AsyncSession,
    t: Trabajo,
    disputa: Disputa,
    *,
    favorece_a: str,
    resolucion: str,
    resuelta_por: uuid.UUID | None,
) -> None:
    """The locked open dispute ends for one side (an admin's resolution, or the platform's when no one
    decided it): its state and resolution, and both parties told (DisputeResolved)."""
    disputa.estado = f"RESUELTA_A_FAVOR_{favorece_a}"
    disputa.favorece_a = favorece_a
    disputa.resolucion = resolucion
    disputa.resuelta_por = resuelta_por
    disputa.fecha_resolucion = utcnow()
    await ctx.outbox.add(
        session,
        DisputeResolved(
            disputa_id=disputa.id,
            trabajo_id=t.id,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            estado=disputa.estado,
            favorece_a=favorece_a,
            resolucion=resolucion,
        ),
    )


async def close_in_clients_favour(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, resolucion: str
) -> Disputa | None:
    """The trabajo's open dispute ends in the client's favour without an administrator deciding it: its
    time ran out, or the payment provider gave the client their money back. The ``cerrar la disputa``
    action of the state table, on the trabajo the caller has locked (then the dispute, as the
    administrator's resolution locks them)."""
    disputa = await repo.open_disputa_of(session, t.id, lock=True)
    if disputa is not None:
        await settle(
            ctx, session, t, disputa, favorece_a=A_FAVOR_DEL_CLIENTE, resolucion=resolucion, resuelta_por=None
        )
    return disputa


def disputa_read(d: Disputa) -> DisputaRead:
    return DisputaRead.model_validate(d, from_attributes=True)


async def visible(
    session: AsyncSession, principal: Principal, disputa_id: uuid.UUID, *, lock: bool = False
) -> Disputa:
    disputa = await repo.disputa(session, disputa_id, lock=lock)
    if disputa is None:
        raise NotFound("Disputa no encontrada")
    if not principal.is_admin and principal.user_id not in (disputa.cliente_id, disputa.profesional_id):
        raise Forbidden("Esta disputa no es tuya")
    return disputa


async def messages(
    session: AsyncSession, principal: Principal, disputa_id: uuid.UUID
) -> list[DisputaMensajeRead]:
    await visible(session, principal, disputa_id)
    return [
        DisputaMensajeRead.model_validate(m, from_attributes=True)
        for m in await repo.disputa_mensajes(session, disputa_id)
    ]


async def evidence_list(
    session: AsyncSession, principal: Principal, disputa_id: uuid.UUID
) -> list[EvidenciaRead]:
    await visible(session, principal, disputa_id)
    return [
        EvidenciaRead.model_validate(e, from_attributes=True)
        for e in await repo.evidencias(session, disputa_id)
    ]
