"""Offers, trabajos and instant hires: every change goes through the state table in ``statemachine``."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import feed, money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import lock_people, system_message
from conectar.chat.models import Disputa, Oferta, Trabajo
from conectar.chat.schemas import OfertaRead, TrabajoPage, TrabajoRead
from conectar.contracts.events import (
    DisputeOpened,
    JobCancelled,
    JobCreated,
    MoneyMovementRefused,
    WorkCompleted,
    WorkMarkedDone,
)
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import Forbidden, NotFound
from conectar.platform.pagination import clamp
from conectar.platform.security import Principal

log = structlog.get_logger(__name__)

A = sm.Actor
E = sm.EstadoEscrow
# Who decided a cancellation (JobCancelled.cancelado_por): the actor of the transition, kept with the refund.
CANCELADO_POR = "cancelado_por"
CANCELADORES = frozenset({A.CLIENTE, A.PROFESIONAL, A.ADMIN, A.TEMPORIZADOR})


def oferta_read(o: Oferta) -> OfertaRead:
    return OfertaRead.model_validate(o, from_attributes=True)


def trabajo_read(t: Trabajo) -> TrabajoRead:
    return TrabajoRead.model_validate(t, from_attributes=True)


SYSTEM_TEXT: dict[str, str] = {
    "crear": "Se creó el trabajo. Pagá desde la plataforma para que el dinero quede protegido hasta que termine.",
    "confirmar_pago": "Pago recibido: el dinero queda retenido por la plataforma hasta que confirmes el trabajo.",
    "cancelar_impago": "El trabajo se canceló antes del pago.",
    "vencer_impago": "El trabajo se canceló porque no se pagó a tiempo.",
    "marcar_terminado": "El profesional marcó el trabajo como terminado. Confirmalo para liberar el pago.",
    "finalizar": "El cliente confirmó el trabajo: estamos liberando el pago al profesional.",
    "liberar_automaticamente": "Pasó el plazo sin reclamos: estamos liberando el pago al profesional.",
    "cancelar_con_reembolso": "El cliente canceló el trabajo: estamos reintegrando el pago.",
    "cancelar_por_admin": "Un administrador canceló el trabajo: estamos reintegrando el pago.",
    "cancelar_impago_por_profesional": "El profesional canceló el trabajo antes del pago.",
    "cancelar_por_profesional": "El profesional canceló el trabajo: estamos reintegrando el pago.",
    "abrir_disputa": "Se abrió una disputa: un administrador la va a revisar.",
    "escalar_sin_terminar": "El trabajo pasó a revisión de un administrador: no se marcó terminado a tiempo.",
    "retirar_disputa": "La disputa fue retirada; el trabajo sigue en curso.",
    "resolver_a_favor_profesional": "La disputa se resolvió a favor del profesional: estamos liberando el pago.",
    "resolver_a_favor_cliente": "La disputa se resolvió a favor del cliente: estamos reintegrando el pago.",
    "vencer_disputa": "La disputa no se resolvió a tiempo: estamos reintegrando el pago al cliente.",
    "reembolso_del_proveedor": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_en_disputa": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_liberando": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolso_del_proveedor_tras_rechazo": "MercadoPago informó una devolución del pago; el trabajo se canceló.",
    "reembolsar_pago_tardio": "Llegó un pago de un trabajo ya cancelado: estamos reintegrándolo.",
    "liberacion_aceptada": "Se liberó el pago al profesional.",
    "reembolso_aceptado": "Se reintegró el pago al cliente.",
    "reembolso_confirmado_tras_rechazo": "Se reintegró el pago al cliente.",
    "liberacion_rechazada": "No pudimos liberar el pago: el dinero sigue protegido y el equipo de la plataforma "
    "ya lo está revisando.",
    "reembolso_rechazado": "No pudimos reintegrar el pago: el dinero sigue protegido y el equipo de la "
    "plataforma ya lo está revisando.",
    "reintentar_liberacion": "El equipo de la plataforma volvió a pedir la liberación del pago.",
    "reintentar_reembolso": "El equipo de la plataforma volvió a pedir el reintegro del pago.",
    "reembolsar_en_lugar_de_liberar": "El equipo de la plataforma decidió reintegrar el pago al cliente.",
    "liberar_en_lugar_de_reembolsar": "El equipo de la plataforma decidió liberar el pago al profesional.",
    "cerrar_liberacion_a_mano": "El equipo de la plataforma cerró el trabajo.",
    "cerrar_reembolso_a_mano": "El equipo de la plataforma cerró el trabajo.",
}

OFFER_TEXT: dict[str, str] = {
    "rechazar_oferta": "El cliente rechazó la oferta.",
    "retirar_oferta": "El profesional retiró la oferta.",
    "vencer_oferta": "La oferta venció sin respuesta.",
}


async def apply_to_offer(
    ctx: ServiceContext, session: AsyncSession, oferta: Oferta, name: str, actor: sm.Actor
) -> OfertaRead:
    """Apply an offer transition of the table to an offer the caller has locked, and tell both sides."""
    transition = sm.check(name, oferta, actor, sm.Facts(now=utcnow()))
    oferta.estado = transition.target
    oferta.fecha_actualizacion = utcnow()
    await lock_people(session, oferta.cliente_id, oferta.profesional_id)
    texto = OFFER_TEXT.get(name)
    if texto is not None:
        conv = await repo.conversation(session, oferta.chat_id)
        assert conv is not None
        await system_message(ctx, session, conv, texto, oferta_id=oferta.id)
    read = oferta_read(oferta)
    await feed.push(
        ctx, session, [oferta.cliente_id, oferta.profesional_id], "oferta", read.model_dump(mode="json")
    )
    return read


ActionHandler = Callable[[ServiceContext, AsyncSession, Trabajo, str | None], Awaitable[None]]


async def _open_payment(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None) -> None:
    await ask_open_payment(ctx, session, t, None)


async def ask_open_payment(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, client: str | None
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
    await money.ask(ctx, session, t.id, money.OPEN, money.open_payload(payload, client))


async def _register_payment(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None
) -> None:
    t.fecha_pago = utcnow()
    if t.oferta_id is not None:
        oferta = await repo.oferta(session, t.oferta_id, lock=True)
        if oferta is not None and oferta.estado == sm.EstadoOferta.ACEPTADO:
            await apply_to_offer(ctx, session, oferta, "pagar_oferta", A.PAGOS)


async def _mark_done(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None) -> None:
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


async def _release(ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None) -> None:
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
            "payout_account": session.info.get("payout_account"),
        },
    )


async def _register_release(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None
) -> None:
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


async def _refund(ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None) -> None:
    """Ask the payments service for the full refund (the trabajo is REEMBOLSANDO until it confirms)."""
    t.motivo_cierre = (motivo or t.motivo_cierre or "Cancelación con reintegro")[:200]
    t.comision_plataforma = None
    t.monto_liberado = None
    # Staff retrying a refused refund do not become the ones who cancelled: the first decision stands.
    earlier = await repo.money_action_of(session, t.id, money.REFUND)
    quien = (earlier.payload.get("cancelado_por") if earlier is not None else None) or session.info.get(
        CANCELADO_POR
    )
    payload = {"motivo": t.motivo_cierre, "cancelado_por": quien}
    await money.ask(ctx, session, t.id, money.REFUND, payload)


async def _register_refund(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, _motivo: str | None
) -> None:
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


async def _provider_refund(
    ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None
) -> None:
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
    await _closed(ctx, session, t, motivo or "Devolución informada por el proveedor de pagos", reembolso=True)


async def _close(ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None) -> None:
    quien = session.info.get(CANCELADO_POR)
    await _closed(ctx, session, t, motivo or "Cancelado antes del pago", reembolso=False, cancelado_por=quien)


async def _notify_staff(ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None) -> None:
    """Payments refused the movement in flight: tell staff (every admin gets a notice), count it."""
    refusal: money.Refusal = session.info["money_refusal"]
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
            motivo=(motivo or refusal.reason)[:500],
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


async def _close_by_hand(ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None) -> None:
    """Staff settled it outside the platform (the payments service holds none of its money): record it."""
    t.fecha_cierre = utcnow()
    t.motivo_cierre = (motivo or "Cerrado por el equipo de la plataforma")[:200]
    t.comision_plataforma = None
    t.monto_liberado = None


async def _open_dispute(ctx: ServiceContext, session: AsyncSession, t: Trabajo, motivo: str | None) -> None:
    """The platform's own dispute when the timer escalates; people's disputes are made by ``flows.disputes``."""
    if session.info.get("dispute_created"):
        return
    disputa = Disputa(
        trabajo_id=t.id,
        abierta_por=None,
        cliente_id=t.cliente_id,
        profesional_id=t.profesional_id,
        tipo="INCUMPLIMIENTO_TIEMPO",
        descripcion=motivo or "Apertura automática: el trabajo no se marcó terminado.",
        estado="ABIERTA",
    )
    session.add(disputa)
    await session.flush()
    await ctx.outbox.add(
        session,
        DisputeOpened(
            disputa_id=disputa.id,
            trabajo_id=t.id,
            abierta_por=None,
            profesional_id=t.profesional_id,
            cliente_id=t.cliente_id,
            tipo=disputa.tipo,
        ),
    )


ACTIONS: dict[sm.Action, ActionHandler] = {
    sm.Action.ABRIR_PAGO: _open_payment,
    sm.Action.REGISTRAR_PAGO: _register_payment,
    sm.Action.MARCAR_TERMINADO: _mark_done,
    sm.Action.LIBERAR: _release,
    sm.Action.REEMBOLSAR: _refund,
    sm.Action.REGISTRAR_REEMBOLSO: _provider_refund,
    sm.Action.ABRIR_DISPUTA: _open_dispute,
    sm.Action.CERRAR: _close,
    sm.Action.REGISTRAR_LIBERACION: _register_release,
    sm.Action.REGISTRAR_REINTEGRO: _register_refund,
    sm.Action.AVISAR_AL_EQUIPO: _notify_staff,
    sm.Action.CERRAR_A_MANO: _close_by_hand,
}


async def apply(
    ctx: ServiceContext,
    session: AsyncSession,
    t: Trabajo,
    name: str,
    actor: sm.Actor,
    *,
    facts: sm.Facts | None = None,
    motivo: str | None = None,
) -> sm.Transition:
    """Apply a transition of the table to a trabajo the caller has locked."""
    transition = sm.check(name, t, actor, facts or sm.Facts(now=utcnow()))
    await lock_people(session, t.cliente_id, t.profesional_id)
    t.estado_escrow = transition.target
    t.fecha_actualizacion = utcnow()
    session.info[CANCELADO_POR] = actor.value if actor in CANCELADORES else None
    if facts is not None and facts.payout_account:
        session.info["payout_account"] = facts.payout_account
    for action in transition.actions:
        await ACTIONS[action](ctx, session, t, motivo)
    conv = await repo.conversation(session, t.chat_id)
    assert conv is not None
    await system_message(ctx, session, conv, SYSTEM_TEXT.get(transition.name, transition.name))
    await feed.push(
        ctx, session, [t.cliente_id, t.profesional_id], "trabajo", trabajo_read(t).model_dump(mode="json")
    )
    return transition


async def locked_trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> Trabajo:
    found = await repo.trabajo(session, trabajo_id, lock=True)
    if found is None:
        raise NotFound("Trabajo no encontrado")
    return found


def ensure_party(t: Trabajo, principal: Principal, *, as_client: bool | None = None) -> None:
    """``as_client``: True the client only, False the professional only, None either (or an admin)."""
    if as_client is None:
        allowed = {t.cliente_id, t.profesional_id}
        if principal.is_admin:
            return
    else:
        allowed = {t.cliente_id if as_client else t.profesional_id}
    if principal.user_id not in allowed:
        raise Forbidden("Este trabajo no es tuyo")


# --- offers ------------------------------------------------------------------------------------------------


async def visible_offer(session: AsyncSession, principal: Principal, oferta_id: uuid.UUID) -> Oferta:
    oferta = await repo.oferta(session, oferta_id)
    if oferta is None:
        raise NotFound("Oferta no encontrada")
    if principal.user_id not in (oferta.cliente_id, oferta.profesional_id) and not principal.is_admin:
        raise Forbidden("Esta oferta no es tuya")
    return oferta


async def new_trabajo(
    ctx: ServiceContext,
    session: AsyncSession,
    *,
    cliente_id: uuid.UUID,
    profesional_id: uuid.UUID,
    chat_id: uuid.UUID,
    descripcion: str,
    precio: Decimal,
    tasa: Decimal,
    oferta_id: uuid.UUID | None,
    servicio_id: uuid.UUID | None,
    servicio_publicado_id: uuid.UUID | None = None,
    client: str | None = None,
) -> Trabajo:
    """A new trabajo waiting for its payment, whose checkout is asked for at once (returning the payer to
    ``client``'s pages, the gateway's hint of who asked)."""
    now = utcnow()
    t = Trabajo(
        id=uuid.uuid4(),
        cliente_id=cliente_id,
        profesional_id=profesional_id,
        chat_id=chat_id,
        oferta_id=oferta_id,
        servicio_instant_id=servicio_id,
        servicio_publicado_id=servicio_publicado_id,
        descripcion=descripcion,
        precio_final=precio,
        tasa_comision=tasa,
        estado_escrow=E.PENDIENTE_PAGO,
        fecha_creacion=now,
        fecha_actualizacion=now,
    )
    sm.check("crear", None, A.CLIENTE, sm.Facts(now=now))
    session.add(t)
    await session.flush()
    await lock_people(session, cliente_id, profesional_id)
    await ask_open_payment(ctx, session, t, client)
    conv = await repo.conversation(session, chat_id)
    assert conv is not None
    await system_message(ctx, session, conv, SYSTEM_TEXT["crear"])
    await feed.push(
        ctx, session, [cliente_id, profesional_id], "trabajo", trabajo_read(t).model_dump(mode="json")
    )
    await ctx.outbox.add(
        session,
        JobCreated(
            trabajo_id=t.id,
            profesional_id=profesional_id,
            cliente_id=cliente_id,
            precio_final=precio,
            tasa_comision=tasa,
            oferta_id=oferta_id,
            servicio_instant_id=servicio_id,
            servicio_publicado_id=servicio_publicado_id,
        ),
    )
    return t


# --- trabajos --------------------------------------------------------------------------------------------------


async def list_trabajos(
    session: AsyncSession,
    *,
    cliente_id: uuid.UUID | None = None,
    profesional_id: uuid.UUID | None = None,
    estado: str | None = None,
    page: int = 1,
    limit: int = 20,
) -> TrabajoPage:
    page, limit = clamp(page, limit)
    rows, total = await repo.trabajos_page(
        session,
        cliente_id=cliente_id,
        profesional_id=profesional_id,
        estado=estado,
        offset=(page - 1) * limit,
        limit=limit,
    )
    return TrabajoPage(trabajos=[trabajo_read(t) for t in rows], total=total, page=page, limit=limit)


async def get_trabajo(
    session: AsyncSession, principal: Principal, trabajo_id: uuid.UUID, *, as_client: bool | None
) -> TrabajoRead:
    t = await repo.trabajo(session, trabajo_id)
    if t is None:
        raise NotFound("Trabajo no encontrado")
    ensure_party(t, principal, as_client=as_client)
    return trabajo_read(t)


@dataclass(frozen=True)
class StaffDecision:
    """A transition an ADMIN decided: recorded in the staff audit trail with the transition itself."""

    actor: audit.Actor
    accion: str


async def record_staff_decision(
    ctx: ServiceContext,
    session: AsyncSession,
    staff: StaffDecision,
    t: Trabajo,
    estado_anterior: str,
    **detalle: object,
) -> None:
    await ctx.audit.record(
        session,
        staff.actor,
        accion=staff.accion,
        recurso="trabajo",
        recurso_id=t.id,
        detalle={"estado_anterior": estado_anterior, "estado_nuevo": t.estado_escrow, **detalle},
    )


async def confirm_payment(
    ctx: ServiceContext,
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    payment_id: str,
    amount: Decimal,
    currency: str,
) -> None:
    """PaymentConfirmed: the money is in escrow."""
    t = await repo.trabajo(session, trabajo_id, lock=True)
    if t is None:
        return  # not one of ours
    if t.estado_escrow == E.PENDIENTE_PAGO:
        if amount != t.precio_final or currency != "ARS":
            # The payments service verifies amounts before confirming; this would need a person to look.
            log.error("payment_amount_mismatch", trabajo_id=str(t.id))
            return
        t.mercadopago_payment_id = payment_id
        await apply(ctx, session, t, "confirmar_pago", A.PAGOS)
    elif t.estado_escrow == E.CANCELADO:
        t.mercadopago_payment_id = payment_id
        await apply(
            ctx,
            session,
            t,
            "reembolsar_pago_tardio",
            A.PAGOS,
            motivo="Pago recibido después de la cancelación",
        )
