"""Events the notifications service consumes: each trigger of SPEC §8, plus the copies it keeps (people
from UserRegistered / UserUpdated, trabajos from JobCreated and the other trabajo events).

A trigger is registered with ``@trigger(EventType)``, the kernel's ``handlers.on`` plus notices: it
updates the copies the event feeds and returns the notices the event causes; each notice is then recorded
once per person (:func:`dispatch.notify`). The handlers that record no plain notice (a chat message,
a conversation read, a new pedido) are registered with ``@handlers.on`` directly.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import (
    ConversationRead,
    DisputeOpened,
    DisputeResolved,
    EventEnvelope,
    IntegrationEvent,
    JobCancelled,
    JobCreated,
    KycApproved,
    KycRejected,
    MessageSent,
    MoneyMovementRefused,
    OfferAccepted,
    OfferCreated,
    OfferRejected,
    PasswordResetRequested,
    PaymentConfirmed,
    PedidoCreated,
    ProfessionalLevelChanged,
    RefundIssued,
    ReviewCreated,
    UserRegistered,
    UserUpdated,
    VisitChangeAnswered,
    VisitChangeProposed,
    VisitReminderDue,
    WorkCompleted,
    WorkMarkedDone,
)
from conectar.contracts.fechas import ventana
from conectar.contracts.personal_data import DELETED_DISPLAY_NAME
from conectar.notifications import repository as repo
from conectar.notifications.catalog import NIVELES, TIPOS_DISPUTA, Tipo
from conectar.notifications.dispatch import ChatMessage, Notice, notify, notify_message, notify_pedido
from conectar.notifications.models import TrabajoCopy, UserCopy
from conectar.notifications.rendering import truncar
from conectar.notifications.runtime import Runtime, runtime_of
from conectar.platform.app import ServiceContext
from conectar.platform.handlers import EventHandlers

E = TypeVar("E", bound=IntegrationEvent)
Notices = Sequence[Notice]
Trigger = Callable[[Runtime, AsyncSession, E, EventEnvelope], Awaitable[Notices]]

handlers = EventHandlers[ServiceContext]()


def trigger(model: type[E]) -> Callable[[Trigger[E]], Trigger[E]]:
    """``handlers.on(model)`` for a trigger: it gets the service's runtime instead of its context and
    returns the notices the event causes, which are recorded in the event's unit of work, after whatever
    copies it updated."""

    def register(fn: Trigger[E]) -> Trigger[E]:
        async def handle(
            ctx: ServiceContext, session: AsyncSession, event: E, envelope: EventEnvelope
        ) -> None:
            rt = runtime_of(ctx)
            for notice in await fn(rt, session, event, envelope):
                await notify(rt, session, envelope, notice)

        handle.__qualname__ = fn.__qualname__
        handlers.on(model)(handle)
        return fn

    return register


class TrabajoNotYetKnown(RuntimeError):
    """An event about a trabajo arrived before its JobCreated; the bus retries it later."""


async def _trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> TrabajoCopy:
    found = await repo.trabajo(session, trabajo_id)
    if found is None:
        raise TrabajoNotYetKnown(str(trabajo_id))
    return found


def _profesional_url(rt: Runtime) -> str:
    return f"{rt.base_url}/profesional"


def _chat_url(rt: Runtime, chat_id: uuid.UUID) -> str:
    return f"{rt.base_url}/chat/{chat_id}"


def _about_trabajo(
    rt: Runtime,
    user_id: uuid.UUID,
    tipo: Tipo,
    trabajo_id: uuid.UUID,
    context: dict[str, Any] | None = None,
    **datos: Any,
) -> Notice:
    """A notice about a trabajo: it links to the trabajo and names it (plus ``datos``)."""
    return Notice(
        user_id,
        tipo,
        context or {},
        url=f"{rt.base_url}/trabajos/{trabajo_id}",
        datos={**datos, "trabajo_id": trabajo_id},
    )


def _porcentaje(rate: Decimal) -> str:
    value = (rate * 100).normalize()
    return f"{value:f}".replace(".", ",") + " %"


# --- accounts ----------------------------------------------------------------------------------------


@trigger(UserRegistered)
async def user_registered(
    rt: Runtime, session: AsyncSession, event: UserRegistered, envelope: EventEnvelope
) -> Notices:
    await repo.apply_user(
        session,
        event.user_id,
        at=envelope.occurred_at,
        email=event.email,
        nombre=event.nombre,
        apellido=event.apellido,
        rol=event.rol,
    )
    context = {"nombre": event.nombre, "es_profesional": event.rol == "PROFESIONAL"}
    return [Notice(event.user_id, Tipo.BIENVENIDA, context, url=f"{rt.base_url}/")]


@trigger(UserUpdated)
async def user_updated(
    rt: Runtime, session: AsyncSession, event: UserUpdated, envelope: EventEnvelope
) -> Notices:
    await repo.apply_user(
        session, event.user_id, at=envelope.occurred_at, nombre=event.nombre, apellido=event.apellido
    )
    return []


@trigger(PasswordResetRequested)
async def password_reset_requested(
    rt: Runtime, session: AsyncSession, event: PasswordResetRequested, envelope: EventEnvelope
) -> Notices:
    minutes = max(1, round((event.expires_at - envelope.occurred_at) / timedelta(minutes=1)))
    context = {"nombre": event.nombre, "reset_url": event.reset_url, "minutos": minutes}
    return [
        Notice(event.user_id, Tipo.RESTABLECER_PASSWORD, context, url=event.reset_url, address=event.email)
    ]


# --- professionals -----------------------------------------------------------------------------------


@trigger(KycApproved)
async def kyc_approved(
    rt: Runtime, session: AsyncSession, event: KycApproved, envelope: EventEnvelope
) -> Notices:
    datos = {"profesional_id": event.profesional_id}
    return [Notice(event.user_id, Tipo.KYC_APROBADO, url=_profesional_url(rt), datos=datos)]


@trigger(KycRejected)
async def kyc_rejected(
    rt: Runtime, session: AsyncSession, event: KycRejected, envelope: EventEnvelope
) -> Notices:
    context = {"motivo": truncar(event.motivo, 1000)}
    datos = {"profesional_id": event.profesional_id}
    return [Notice(event.user_id, Tipo.KYC_RECHAZADO, context, url=_profesional_url(rt), datos=datos)]


@trigger(ProfessionalLevelChanged)
async def level_changed(
    rt: Runtime, session: AsyncSession, event: ProfessionalLevelChanged, envelope: EventEnvelope
) -> Notices:
    before = NIVELES.index(event.nivel_anterior) if event.nivel_anterior in NIVELES else -1
    after = NIVELES.index(event.nivel) if event.nivel in NIVELES else -1
    if after <= before:
        return []  # only a level up is news
    context = {
        "nivel": event.nivel,
        "puntos_experiencia": event.puntos_experiencia,
        "tasa_porcentaje": _porcentaje(event.tasa_comision_actual),
    }
    datos = {"profesional_id": event.profesional_id, "nivel": event.nivel}
    return [Notice(event.user_id, Tipo.SUBIDA_NIVEL, context, url=_profesional_url(rt), datos=datos)]


# --- chat and offers ---------------------------------------------------------------------------------


@handlers.on(MessageSent)
async def on_message_sent(
    ctx: ServiceContext, session: AsyncSession, event: MessageSent, envelope: EventEnvelope
) -> None:
    """Not a plain trigger: a conversation's messages fold into one notice (``notify_message``)."""
    if event.recipient_connected or event.recipient_id == event.sender_id:
        return  # they saw it in the chat
    await notify_message(
        runtime_of(ctx),
        session,
        envelope,
        ChatMessage(
            recipient_id=event.recipient_id,
            chat_id=event.chat_id,
            message_id=event.message_id,
            sender_nombre=event.sender_nombre,
            preview=event.preview,
            sender_id=event.sender_id,
        ),
    )


@handlers.on(ConversationRead)
async def on_chat_read(
    ctx: ServiceContext, session: AsyncSession, event: ConversationRead, envelope: EventEnvelope
) -> None:
    """Reading the conversation in the app settles its "new messages" notice (and any e-mail still
    waiting for it, which is skipped once its notices are read)."""
    # No person lock here (unlike the API's marks): this runs in the consumer's shared batches, where an
    # exclusive lock per reader would take people's locks in event order and could deadlock with a notice
    # of several people. The count published may be a step behind; the next notice or mark corrects it.
    if await repo.mark_group_read(session, event.reader_id, f"chat:{event.chat_id}", event.read_at):
        count = await repo.unread_count(session, event.reader_id)
        runtime_of(ctx).publish_after_commit(session, event.reader_id, "contador", {"count": count})


@trigger(OfferCreated)
async def offer_created(
    rt: Runtime, session: AsyncSession, event: OfferCreated, envelope: EventEnvelope
) -> Notices:
    context = {"precio_final": event.precio_final, "descripcion": truncar(event.descripcion, 300)}
    datos = {"oferta_id": event.oferta_id, "chat_id": event.chat_id}
    return [
        Notice(event.cliente_id, Tipo.OFERTA_RECIBIDA, context, url=_chat_url(rt, event.chat_id), datos=datos)
    ]


@trigger(OfferAccepted)
async def offer_accepted(
    rt: Runtime, session: AsyncSession, event: OfferAccepted, envelope: EventEnvelope
) -> Notices:
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )
    context = {"precio_final": event.precio_final}
    return [
        _about_trabajo(
            rt,
            event.profesional_id,
            Tipo.OFERTA_ACEPTADA,
            event.trabajo_id,
            context,
            oferta_id=event.oferta_id,
        )
    ]


@trigger(OfferRejected)
async def offer_rejected(
    rt: Runtime, session: AsyncSession, event: OfferRejected, envelope: EventEnvelope
) -> Notices:
    chat_id = event.chat_id
    url = _chat_url(rt, chat_id) if chat_id else f"{rt.base_url}/profesional/ofertas"
    datos = {"oferta_id": event.oferta_id, **({"chat_id": chat_id} if chat_id else {})}
    return [Notice(event.profesional_id, Tipo.OFERTA_RECHAZADA, url=url, datos=datos)]


@handlers.on(PedidoCreated)
async def pedido_created(
    ctx: ServiceContext, session: AsyncSession, event: PedidoCreated, envelope: EventEnvelope
) -> None:
    """``pedido_nuevo`` to the matching professionals the chat service named in the event (the nearest,
    at most ``contracts.professionals.MATCHING_MAX_LIMIT``), coalesced per person within an hour."""
    rt = runtime_of(ctx)
    context = {
        "titulo": event.titulo,
        "oficio": event.oficio_nombre,
        "zona": event.zona,
        "presupuesto_max": event.presupuesto_max,
    }
    url = f"{rt.base_url}/profesional/pedidos"
    for user_id in event.profesionales:
        notice = Notice(user_id, Tipo.PEDIDO_NUEVO, context=context, url=url)
        await notify_pedido(rt, session, envelope, notice, event.pedido_id)


# --- trabajos and money ------------------------------------------------------------------------------


@trigger(JobCreated)
async def job_created(
    rt: Runtime, session: AsyncSession, event: JobCreated, envelope: EventEnvelope
) -> Notices:
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )
    return []


@trigger(PaymentConfirmed)
async def payment_confirmed(
    rt: Runtime, session: AsyncSession, event: PaymentConfirmed, envelope: EventEnvelope
) -> Notices:
    cliente_id, profesional_id = event.cliente_id, event.profesional_id
    if cliente_id is None or profesional_id is None:
        # Older producers name only the trabajo: the copy made from JobCreated names the parties.
        trabajo = await _trabajo(session, event.trabajo_id)
        cliente_id, profesional_id = trabajo.cliente_id, trabajo.profesional_id
    return [
        _about_trabajo(
            rt,
            user_id,
            Tipo.PAGO_APROBADO,
            event.trabajo_id,
            {"monto": event.amount, "para_profesional": para_profesional},
        )
        for user_id, para_profesional in ((cliente_id, False), (profesional_id, True))
    ]


@trigger(WorkMarkedDone)
async def work_marked_done(
    rt: Runtime, session: AsyncSession, event: WorkMarkedDone, envelope: EventEnvelope
) -> Notices:
    await repo.apply_trabajo(
        session, event.trabajo_id, cliente_id=event.cliente_id, profesional_id=event.profesional_id
    )
    return [_about_trabajo(rt, event.cliente_id, Tipo.TRABAJO_COMPLETADO, event.trabajo_id)]


@trigger(VisitReminderDue)
async def visit_reminder_due(
    rt: Runtime, session: AsyncSession, event: VisitReminderDue, envelope: EventEnvelope
) -> Notices:
    """``visita_recordatorio`` to both parties, once per reminder (a redelivered event is the same)."""
    context = {
        "cuando": ventana(event.visita_desde, event.visita_hasta),
        "anticipacion_horas": event.anticipacion_horas,
    }
    notices = []
    for user_id, para_profesional in ((event.cliente_id, False), (event.profesional_id, True)):
        notice = _about_trabajo(
            rt,
            user_id,
            Tipo.VISITA_RECORDATORIO,
            event.trabajo_id,
            {**context, "para_profesional": para_profesional},
            visita_desde=event.visita_desde,
            anticipacion_horas=event.anticipacion_horas,
        )
        key = f"visita:{event.trabajo_id}:{event.visita_desde.isoformat()}:{event.anticipacion_horas}"
        notices.append(replace(notice, dedupe_key=key))
    return notices


async def _name_of(session: AsyncSession, user_id: uuid.UUID) -> str:
    copy = await repo.user(session, user_id)
    return f"{copy.nombre} {copy.apellido}".strip() if copy is not None and copy.nombre else "La otra parte"


@trigger(VisitChangeProposed)
async def visit_change_proposed(
    rt: Runtime, session: AsyncSession, event: VisitChangeProposed, envelope: EventEnvelope
) -> Notices:
    """``visita_cambio_propuesto`` to the party who answers it."""
    context = {
        "quien": await _name_of(session, event.propuesta_por),
        "cuando": ventana(event.visita_desde, event.visita_hasta),
        "motivo": truncar(event.motivo, 200),
    }
    return [_about_trabajo(rt, event.para, Tipo.VISITA_CAMBIO_PROPUESTO, event.trabajo_id, context)]


@trigger(VisitChangeAnswered)
async def visit_change_answered(
    rt: Runtime, session: AsyncSession, event: VisitChangeAnswered, envelope: EventEnvelope
) -> Notices:
    """``visita_cambio_respondido`` to the party who proposed the window."""
    context = {
        "quien": await _name_of(session, event.respondida_por),
        "cuando": ventana(event.visita_desde, event.visita_hasta),
        "aceptada": event.aceptada,
    }
    return [_about_trabajo(rt, event.para, Tipo.VISITA_CAMBIO_RESPONDIDO, event.trabajo_id, context)]


@trigger(WorkCompleted)
async def work_completed(
    rt: Runtime, session: AsyncSession, event: WorkCompleted, envelope: EventEnvelope
) -> Notices:
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )
    context = {
        "precio_final": event.precio_final,
        "comision_plataforma": event.comision_plataforma,
        "monto_liberado": event.monto_liberado,
    }
    return [_about_trabajo(rt, event.profesional_id, Tipo.FONDOS_LIBERADOS, event.trabajo_id, context)]


def _refund_notice(rt: Runtime, trabajo_id: uuid.UUID, cliente_id: uuid.UUID, monto: object) -> Notice:
    # One refund notice per trabajo, whether JobCancelled or RefundIssued tells us first.
    notice = _about_trabajo(rt, cliente_id, Tipo.REEMBOLSO, trabajo_id, {"monto": monto})
    return replace(notice, dedupe_key=f"reembolso:{trabajo_id}")


@trigger(JobCancelled)
async def job_cancelled(
    rt: Runtime, session: AsyncSession, event: JobCancelled, envelope: EventEnvelope
) -> Notices:
    await repo.apply_trabajo(
        session, event.trabajo_id, cliente_id=event.cliente_id, profesional_id=event.profesional_id
    )
    context = {"motivo": truncar(event.motivo, 500)}
    notices = [_about_trabajo(rt, event.profesional_id, Tipo.TRABAJO_CANCELADO, event.trabajo_id, context)]
    if event.reembolso:
        trabajo = await repo.trabajo(session, event.trabajo_id)
        monto = trabajo.precio_final if trabajo is not None else None
        notices.append(_refund_notice(rt, event.trabajo_id, event.cliente_id, monto))
    return notices


@trigger(RefundIssued)
async def refund_issued(
    rt: Runtime, session: AsyncSession, event: RefundIssued, envelope: EventEnvelope
) -> Notices:
    cliente_id = event.cliente_id or (await _trabajo(session, event.trabajo_id)).cliente_id
    return [_refund_notice(rt, event.trabajo_id, cliente_id, event.amount)]


@trigger(MoneyMovementRefused)
async def money_movement_refused(
    rt: Runtime, session: AsyncSession, event: MoneyMovementRefused, envelope: EventEnvelope
) -> Notices:
    """Staff's notice: every admin (the copies keep each person's ``rol``) hears of it, in the inbox and by
    e-mail, whatever their preferences (it is their job)."""
    admins = (await session.execute(select(UserCopy.id).where(UserCopy.rol == "ADMIN"))).scalars()
    context = {"movimiento": event.movimiento, "monto": event.monto, "motivo": truncar(event.motivo, 300)}
    datos = {
        "trabajo_id": event.trabajo_id,
        "movimiento": event.movimiento,
        "estado_escrow": event.estado_escrow,
        "codigo_http": event.codigo_http,
    }
    url = f"{rt.base_url}/admin/trabajos/dinero-observado"
    return [Notice(admin_id, Tipo.DINERO_OBSERVADO, context, url=url, datos=datos) for admin_id in admins]


# --- reviews and disputes ----------------------------------------------------------------------------


@trigger(ReviewCreated)
async def review_created(
    rt: Runtime, session: AsyncSession, event: ReviewCreated, envelope: EventEnvelope
) -> Notices:
    # A review whose author was deleted meanwhile names them as every other screen does.
    cliente_nombre = (
        DELETED_DISPLAY_NAME if await repo.erased(session, event.cliente_id) else event.cliente_nombre
    )
    context = {
        "rating": max(1, min(5, event.rating)),
        "cliente_nombre": cliente_nombre,
        "texto": truncar(event.texto_resena, 500),
    }
    return [
        _about_trabajo(
            rt,
            event.profesional_id,
            Tipo.RESENA_RECIBIDA,
            event.trabajo_id,
            context,
            resena_id=event.resena_id,
        )
    ]


@trigger(DisputeOpened)
async def dispute_opened(
    rt: Runtime, session: AsyncSession, event: DisputeOpened, envelope: EventEnvelope
) -> Notices:
    context = {"tipo_disputa": TIPOS_DISPUTA.get(event.tipo, event.tipo.lower().replace("_", " "))}
    # The other party learns of it; the one who opened it already knows.
    return [
        _about_trabajo(
            rt, user_id, Tipo.DISPUTA_ABIERTA, event.trabajo_id, context, disputa_id=event.disputa_id
        )
        for user_id in (event.cliente_id, event.profesional_id)
        if user_id != event.abierta_por
    ]


@trigger(DisputeResolved)
async def dispute_resolved(
    rt: Runtime, session: AsyncSession, event: DisputeResolved, envelope: EventEnvelope
) -> Notices:
    context = {"favorece_a": event.favorece_a, "resolucion": truncar(event.resolucion, 1000)}
    return [
        _about_trabajo(
            rt,
            user_id,
            Tipo.DISPUTA_RESUELTA,
            event.trabajo_id,
            context,
            disputa_id=event.disputa_id,
            estado=event.estado,
        )
        for user_id in (event.cliente_id, event.profesional_id)
    ]
