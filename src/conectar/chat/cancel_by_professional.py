"""The professional cancels one of their trabajos (SPEC §13).

Unpaid, it closes (``cancelar_impago_por_profesional``); paid and not yet marked done, the whole payment goes
back to the client (``cancelar_por_profesional``: REEMBOLSANDO until payments confirms, then
CANCELADO_REEMBOLSADO), exactly like the client's cancellation. The transition is chosen under the trabajo's
lock, so it races the client's finalize (or a payment arriving) safely: whichever commits first wins and
the other is refused by the state table. JobCancelled carries ``cancelado_por`` "PROFESIONAL" (the
professionals service counts it in ``cancelaciones_90d``).
"""

from __future__ import annotations

import uuid

from conectar.chat import money
from conectar.chat import statemachine as sm
from conectar.chat import trabajos as jobs
from conectar.chat.schemas import TrabajoRead
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.security import Principal


def transition_for(estado: str) -> str:
    """Unpaid: close it; anything else goes through the refund row, whose state and guards refuse it
    unless the trabajo is paid and not yet marked done."""
    if estado == sm.EstadoEscrow.PENDIENTE_PAGO:
        return "cancelar_impago_por_profesional"
    return "cancelar_por_profesional"


async def cancel(
    ctx: ServiceContext, principal: Principal, trabajo_id: uuid.UUID, motivo: str
) -> TrabajoRead:
    async with ctx.db.session() as session:
        t = await jobs.locked_trabajo(session, trabajo_id)
        jobs.ensure_party(t, principal, as_client=False)
        money.run_inline(session)
        await jobs.apply(
            ctx,
            session,
            t,
            transition_for(t.estado_escrow),
            sm.Actor.PROFESIONAL,
            hechos=sm.Hechos(ahora=utcnow()),
            motivo=motivo,
        )
    # The refund it asked for, at once: the answer shows CANCELADO_REEMBOLSADO once payments confirmed it.
    await money.run_pending(ctx, trabajo_id)
    return await jobs.current_trabajo(ctx, trabajo_id)
