"""What staff do about a trabajo's money that the payments service refused (or that is taking too long):
list it, retry it, or resolve it another way (ADMIN only; the routes check the role).

- Retry (``reintentar``): once the cause is fixed (the payment record, the professional's account…), the
  same movement is asked again — a new round of its job, run at once. On a movement still in flight it runs
  its job now instead of waiting for the backoff.
- Resolve (``resolver``): LIBERAR or REEMBOLSAR asks for that movement (the same one again, or the other one:
  when payments refused a release because the money already went back to the client, refunding is what the
  ledger agrees with, and payments accepts it at once); CERRAR records that staff settled it outside the
  platform, and is allowed only when the payments service no longer holds the trabajo's money in escrow
  (no payment at all, never credited, or already out of escrow), so the ledger and the trabajo still agree.

Every decision is recorded on the refused movement (what, who, when), in the staff audit trail
(``trabajo.dinero.reintentar``, ``trabajo.dinero.resolver``) and told in the conversation.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import money
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.models import MoneyAction, Trabajo
from conectar.chat.schemas import (
    DineroObservadoItem,
    DineroObservadoPage,
    MovimientoDineroRead,
    TrabajoAdminRead,
)
from conectar.chat.trabajos import trabajo_read
from conectar.contracts.payments import PaymentEstado
from conectar.platform.db import utcnow
from conectar.platform.errors import NotFound
from conectar.platform.pagination import clamp

E = sm.EstadoEscrow
# An in-flight movement older than this shows in the staff's list as late (it is still being retried).
LATE_AFTER = timedelta(minutes=10)
TIPO = {money.OPEN: "pago", money.RELEASE: "liberacion", money.REFUND: "reembolso"}
ESTADO = {
    money.PENDING: "pendiente",
    money.DONE: "hecho",
    money.REFUSED: "rechazado",
    money.SUPERSEDED: "reemplazado",
}
REFUSED_KIND: dict[str, str] = {E.LIBERACION_RECHAZADA: money.RELEASE, E.REEMBOLSO_RECHAZADO: money.REFUND}
IN_FLIGHT_KIND: dict[str, str] = {E.LIBERANDO: money.RELEASE, E.REEMBOLSANDO: money.REFUND}
RETRY: dict[str, str] = {
    E.LIBERACION_RECHAZADA: "reintentar_liberacion",
    E.REEMBOLSO_RECHAZADO: "reintentar_reembolso",
}
RESOLVE: dict[tuple[str, str], str] = {
    (E.LIBERACION_RECHAZADA, "LIBERAR"): "reintentar_liberacion",
    (E.LIBERACION_RECHAZADA, "REEMBOLSAR"): "reembolsar_en_lugar_de_liberar",
    (E.LIBERACION_RECHAZADA, "CERRAR"): "cerrar_liberacion_a_mano",
    (E.REEMBOLSO_RECHAZADO, "REEMBOLSAR"): "reintentar_reembolso",
    (E.REEMBOLSO_RECHAZADO, "LIBERAR"): "liberar_en_lugar_de_reembolsar",
    (E.REEMBOLSO_RECHAZADO, "CERRAR"): "cerrar_reembolso_a_mano",
}
# Decisions whose reason becomes the trabajo's closing reason (a retry keeps the original one).
REASON_CLOSES = frozenset(
    {"reembolsar_en_lugar_de_liberar", "cerrar_liberacion_a_mano", "cerrar_reembolso_a_mano"}
)
HELD_BY_PAYMENTS = frozenset({PaymentEstado.APROBADO, PaymentEstado.REEMBOLSO_PENDIENTE})
NOTHING_TO_DECIDE = "El trabajo no tiene un movimiento de dinero rechazado que resolver"
RETRY_ACTION = "trabajo.dinero.reintentar"
RESOLVE_ACTION = "trabajo.dinero.resolver"


def movimiento_read(action: MoneyAction) -> MovimientoDineroRead:
    return MovimientoDineroRead(
        id=action.id,
        tipo=TIPO[action.kind],
        estado=ESTADO[action.status],
        motivo=action.last_error,
        codigo_http=action.refusal_status,
        veces_pedido=action.ask_round,
        fecha_creacion=action.created_at,
        fecha_actualizacion=action.updated_at,
        fecha_rechazo=action.refused_at,
        fecha_realizado=action.done_at,
        resolucion=action.resolution,
        resuelto_por=action.resolved_by,
        fecha_resolucion=action.resolved_at,
    )


def _admin_read(t: Trabajo, actions: list[MoneyAction]) -> TrabajoAdminRead:
    return TrabajoAdminRead(
        **trabajo_read(t).model_dump(),
        motivo_cierre=t.motivo_cierre,
        movimientos=[movimiento_read(a) for a in actions if a.trabajo_id == t.id],
    )


async def admin_trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> TrabajoAdminRead:
    t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    return _admin_read(t, await repo.money_actions_of(session, [t.id]))


async def watch_list(session: AsyncSession, *, demorados: bool, page: int, limit: int) -> DineroObservadoPage:
    """Trabajos whose release or refund was refused (waiting for staff) and, with ``demorados``, those whose
    movement has been in flight for longer than usual; the oldest first."""
    page, limit = clamp(page, limit)
    rows, total = await repo.money_watch_page(
        session,
        refused=sorted(sm.AWAITING_STAFF),
        in_flight=sorted(sm.IN_FLIGHT),
        in_flight_before=utcnow() - LATE_AFTER if demorados else None,
        offset=(page - 1) * limit,
        limit=limit,
    )
    actions = await repo.money_actions_of(session, [t.id for t in rows])
    items = [
        DineroObservadoItem(
            **_admin_read(t, actions).model_dump(),
            situacion="RECHAZADO" if t.estado_escrow in sm.AWAITING_STAFF else "DEMORADO",
        )
        for t in rows
    ]
    return DineroObservadoPage(
        trabajos=items, total=total, page=page, limit=limit, totalPages=max(1, -(-total // limit))
    )
