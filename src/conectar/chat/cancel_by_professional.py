"""The professional cancels one of their trabajos (SPEC §13).

Unpaid, it closes (``cancelar_impago_por_profesional``); paid and not yet marked done, the whole payment goes
back to the client (``cancelar_por_profesional``: REEMBOLSANDO until payments confirms, then
CANCELADO_REEMBOLSADO), exactly like the client's cancellation. The transition is chosen under the trabajo's
lock, so it races the client's finalize (or a payment arriving) safely: whichever commits first wins and
the other is refused by the state table. JobCancelled carries ``cancelado_por`` "PROFESIONAL" (the
professionals service counts it in ``cancelaciones_90d``). The flow is
``flows.trabajos.cancel_by_professional``; the rule that picks the transition is here.
"""

from __future__ import annotations

from conectar.chat import statemachine as sm


def transition_for(estado: str) -> str:
    """Unpaid: close it; anything else goes through the refund row, whose state and guards refuse it
    unless the trabajo is paid and not yet marked done."""
    if estado == sm.EstadoEscrow.PENDIENTE_PAGO:
        return "cancelar_impago_por_profesional"
    return "cancelar_por_profesional"
