"""The actions of the state table (``statemachine.Action``): what a trabajo's transition does besides
changing its state — ask for a money movement, stamp a date, publish an event, open the platform's dispute.

Every action takes the trabajo the caller has locked and one :class:`Inputs`: everything it may need
beyond the trabajo, passed explicitly by ``trabajos.apply`` (who acted, why, the payout account read before
the unit of work, payments' refusal, the dispute a person opens). Actions work in the caller's unit of work
and never commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import disputes, money, ofertas, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.models import Trabajo
from conectar.contracts.events import JobCancelled, MoneyMovementRefused, WorkCompleted, WorkMarkedDone
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow

log = structlog.get_logger(__name__)

A = sm.Actor
# Who may decide a cancellation (JobCancelled.cancelado_por): the actor of the transition, kept with the
# refund it asks for.
CANCELADORES = frozenset({A.CLIENTE, A.PROFESIONAL, A.ADMIN, A.TEMPORIZADOR})

# The platform's own dispute, when the timer escalates a paid trabajo never marked done.
TIPO_DISPUTA_AUTOMATICA = "INCUMPLIMIENTO_TIEMPO"
DESCRIPCION_DISPUTA_AUTOMATICA = "Apertura automática: el trabajo no se marcó terminado."


@dataclass(frozen=True)
class Inputs:
    """What a transition's actions are given besides the trabajo."""

    actor: sm.Actor
    motivo: str | None = None
    # The professional's payout account, read from the professionals service before the unit of work.
    payout_account: str | None = None
    # Payments' refusal of the movement in flight (AVISAR_AL_EQUIPO).
    refusal: money.Refusal | None = None
    # The dispute a person opens (ABRIR_DISPUTA); without one, the platform's own.
    disputa: disputes.NuevaDisputa | None = None
    # The caller runs the money jobs after its commit (``flows.money.run_pending``).
    inline: bool = False
    # The name of the transition whose actions these are.
    transition: str = ""

    @property
    def cancelado_por(self) -> str | None:
        return self.actor.value if self.actor in CANCELADORES else None


ActionHandler = Callable[[ServiceContext, AsyncSession, Trabajo, Inputs], Awaitable[None]]


async def ask_open_payment(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, client: str | None, *, inline: bool
) -> None:
    """Ask for the trabajo's checkout; it returns the payer to ``client``'s registered pages (the gateway's
    hint of who asked), or the platform's own."""
    cliente = await repo.person(session, t.cliente_id)
    assert cliente is not None
    payload = {
        "trabajo_id": str(t.id),
        "cliente_id": str(t.cliente_id),
        "profesional_id": str(t.profesional_id),
        "amount": str(t.precio_final),
        "description": t.descripcion[:256],
        "payer_email": cliente.email,
    }
    await money.ask(ctx, session, t.id, money.OPEN, money.open_payload(payload, client), inline=inline)


async def _open_payment(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    await ask_open_payment(ctx, session, t, None, inline=inputs.inline)


async def _register_payment(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _inputs: Inputs) -> None:
    t.fecha_pago = utcnow()
    if t.oferta_id is not None:
        oferta = await repo.oferta(session, t.oferta_id, lock=True)
        if oferta is not None and oferta.estado == sm.EstadoOferta.ACEPTADO:
            await ofertas.apply_to_offer(ctx, session, oferta, "pagar_oferta", A.PAGOS)


async def _mark_done(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _inputs: Inputs) -> None:
    t.fecha_completado = utcnow()
    await ctx.outbox.add(
        session,
        WorkMarkedDone(
            trabajo_id=t.id,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            fecha_completado=t.fecha_completado,
        ),
    )


async def _release(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """Ask the payments service to release the escrow (the trabajo is LIBERANDO until it accepts)."""
    comision, monto = remote.commission(t.precio_final, t.tasa_comision)
    t.comision_plataforma = comision
    t.monto_liberado = monto
    await money.ask(
        ctx,
        session,
        t.id,
        money.RELEASE,
        {
            "profesional_id": str(t.profesional_id),
            "comision_plataforma": str(comision),
            "monto_liberado": str(monto),
            "payout_account": inputs.payout_account,
        },
        inline=inputs.inline,
    )


async def _register_release(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _inputs: Inputs) -> None:
    """The payments service accepted the release: the money moved; now it counts (experience, the
    professional's notice, the review)."""
    t.fecha_cierre = utcnow()
    action = await repo.money_action_of(session, t.id, money.RELEASE)
    if action is not None and action.payload.get("anunciado"):
        return  # released before the money states existed: WorkCompleted was published back then
    assert t.comision_plataforma is not None
    assert t.monto_liberado is not None
    await ctx.outbox.add(
        session,
        WorkCompleted(
            trabajo_id=t.id,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            precio_final=t.precio_final,
            comision_plataforma=t.comision_plataforma,
            monto_liberado=t.monto_liberado,
            liberado_at=t.fecha_cierre,
        ),
    )


async def _closed(
    ctx: ServiceContext,
    session: AsyncSession,
    t: Trabajo,
    motivo: str,
    *,
    reembolso: bool,
    cancelado_por: str | None = None,
) -> None:
    """The trabajo ends: stamp it and tell the others (JobCancelled)."""
    t.fecha_cierre = utcnow()
    t.motivo_cierre = motivo[:200]
    await ctx.outbox.add(
        session,
        JobCancelled(
            trabajo_id=t.id,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            estado_escrow=t.estado_escrow,
            motivo=t.motivo_cierre,
            reembolso=reembolso,
            cancelado_por=cancelado_por,
        ),
    )


async def _refund(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """Ask the payments service for the full refund (the trabajo is REEMBOLSANDO until it confirms)."""
    t.motivo_cierre = (inputs.motivo or t.motivo_cierre or "Cancelación con reintegro")[:200]
    t.comision_plataforma = None
    t.monto_liberado = None
    # Staff retrying a refused refund do not become the ones who cancelled: the first decision stands.
    earlier = await repo.money_action_of(session, t.id, money.REFUND)
    quien = (earlier.payload.get("cancelado_por") if earlier is not None else None) or inputs.cancelado_por
    payload = {"motivo": t.motivo_cierre, "cancelado_por": quien}
    await money.ask(ctx, session, t.id, money.REFUND, payload, inline=inputs.inline)


async def _register_refund(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _inputs: Inputs) -> None:
    """The payments service confirmed the refund: the trabajo ends, and the client is told."""
    action = await repo.money_action_of(session, t.id, money.REFUND)
    await repo.set_money_actions(
        session,
        t.id,
        kinds=[money.REFUND],
        statuses=[money.PENDING, money.REFUSED],
        values={"status": money.DONE, "done_at": utcnow()},
    )
    motivo = t.motivo_cierre or "Cancelación con reintegro"
    if action is not None and action.payload.get("anunciado"):
        t.fecha_cierre = utcnow()  # cancelled before the money states existed: JobCancelled went out then
        return
    quien = action.payload.get("cancelado_por") if action is not None else None
    await _closed(ctx, session, t, motivo, reembolso=True, cancelado_por=quien)


async def _provider_refund(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """The provider already gave the money back: nothing left to ask of the payments service."""
    await repo.set_money_actions(
        session,
        t.id,
        kinds=[money.RELEASE, money.REFUND],
        statuses=[money.PENDING, money.REFUSED],
        values={"status": money.SUPERSEDED, "last_error": "El proveedor devolvió el pago"},
    )
    t.comision_plataforma = None
    t.monto_liberado = None
    motivo = inputs.motivo or "Devolución informada por el proveedor de pagos"
    await _closed(ctx, session, t, motivo, reembolso=True)


async def _close(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    motivo = inputs.motivo or "Cancelado antes del pago"
    await _closed(ctx, session, t, motivo, reembolso=False, cancelado_por=inputs.cancelado_por)


async def _notify_staff(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """Payments refused the movement in flight: tell staff (every admin gets a notice), count it."""
    refusal = inputs.refusal
    if refusal is None:
        raise ValueError(f"{sm.Action.AVISAR_AL_EQUIPO} needs payments' refusal")
    money.count_refusal(session, refusal.kind)
    await ctx.outbox.add(
        session,
        MoneyMovementRefused(
            trabajo_id=t.id,
            cliente_id=t.cliente_id,
            profesional_id=t.profesional_id,
            movimiento=money.MOVIMIENTO[refusal.kind],
            estado_escrow=t.estado_escrow,
            monto=t.precio_final,
            motivo=(inputs.motivo or refusal.reason)[:500],
            codigo_http=refusal.status,
        ),
    )
    log.warning(
        "money_movement_refused",
        trabajo_id=str(t.id),
        kind=refusal.kind,
        status=refusal.status,
        reason=refusal.reason[:200],
    )


async def _close_by_hand(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """Staff settled it outside the platform (the payments service holds none of its money): record it."""
    t.fecha_cierre = utcnow()
    t.motivo_cierre = (inputs.motivo or "Cerrado por el equipo de la plataforma")[:200]
    t.comision_plataforma = None
    t.monto_liberado = None


async def _open_dispute(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """The dispute of the transition: the one a person opens (``inputs.disputa``), or the platform's own
    when the timer escalates (its reason the transition's ``motivo`` when there is one)."""
    nueva = inputs.disputa or disputes.NuevaDisputa(
        abierta_por=None,
        tipo=TIPO_DISPUTA_AUTOMATICA,
        descripcion=inputs.motivo or DESCRIPCION_DISPUTA_AUTOMATICA,
    )
    await disputes.open_disputa(ctx, session, t, nueva)


async def _close_dispute(ctx: ServiceContext, session: AsyncSession, t: Trabajo, inputs: Inputs) -> None:
    """The trabajo leaves EN_DISPUTA with no one deciding its dispute (its time ran out, the provider's
    refund): the dispute closes in the client's favour, saying why."""
    resolucion = (
        disputes.RESOLUCION_POR_PLAZO
        if inputs.transition == "vencer_disputa"
        else disputes.RESOLUCION_POR_DEVOLUCION
    )
    await disputes.close_in_clients_favour(ctx, session, t, resolucion)


ACTIONS: dict[sm.Action, ActionHandler] = {
    sm.Action.ABRIR_PAGO: _open_payment,
    sm.Action.REGISTRAR_PAGO: _register_payment,
    sm.Action.MARCAR_TERMINADO: _mark_done,
    sm.Action.LIBERAR: _release,
    sm.Action.REEMBOLSAR: _refund,
    sm.Action.REGISTRAR_REEMBOLSO: _provider_refund,
    sm.Action.ABRIR_DISPUTA: _open_dispute,
    sm.Action.CERRAR_DISPUTA: _close_dispute,
    sm.Action.CERRAR: _close,
    sm.Action.REGISTRAR_LIBERACION: _register_release,
    sm.Action.REGISTRAR_REINTEGRO: _register_refund,
    sm.Action.AVISAR_AL_EQUIPO: _notify_staff,
    sm.Action.CERRAR_A_MANO: _close_by_hand,
}


async def run(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, transition: sm.Transition, inputs: Inputs
) -> None:
    """Carry out the transition's actions, in the table's order."""
    for action in transition.actions:
        await ACTIONS[action](ctx, session, t, inputs)
