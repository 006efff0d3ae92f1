"""Events the notifications service consumes: each trigger of SPEC §8, plus the copies it keeps (people
from UserRegistered / UserUpdated, trabajos from JobCreated and the other trabajo events)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import (
    DisputeOpened,
    DisputeResolved,
    EventEnvelope,
    JobCancelled,
    JobCreated,
    KycApproved,
    KycRejected,
    MessageSent,
    OfferAccepted,
    OfferCreated,
    OfferRejected,
    PasswordResetRequested,
    PaymentConfirmed,
    ProfessionalLevelChanged,
    RefundIssued,
    ReviewCreated,
    UserRegistered,
    UserUpdated,
    WorkCompleted,
    WorkMarkedDone,
    parse_event,
)
from conectar.notifications import repository as repo
from conectar.notifications.catalog import NIVELES, TIPOS_DISPUTA, Tipo
from conectar.notifications.dispatch import ChatMessage, Notice, notify, notify_message
from conectar.notifications.models import TrabajoCopy
from conectar.notifications.rendering import truncar
from conectar.notifications.runtime import Runtime, runtime_of
from conectar.platform.app import ServiceContext
from conectar.platform.consumer import EventHandlerFn

Handler = Callable[[Runtime, AsyncSession, EventEnvelope], Awaitable[None]]


class TrabajoNotYetKnown(RuntimeError):
    """An event about a trabajo arrived before its JobCreated; the bus retries it later."""


async def _trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> TrabajoCopy:
    found = await repo.trabajo(session, trabajo_id)
    if found is None:
        raise TrabajoNotYetKnown(str(trabajo_id))
    return found


def _trabajo_url(rt: Runtime, trabajo_id: uuid.UUID) -> str:
    return f"{rt.base_url}/trabajos/{trabajo_id}"


def _chat_url(rt: Runtime, chat_id: uuid.UUID) -> str:
    return f"{rt.base_url}/chat/{chat_id}"


def _porcentaje(rate: Decimal) -> str:
    value = (rate * 100).normalize()
    return f"{value:f}".replace(".", ",") + " %"


# --- accounts ----------------------------------------------------------------------------------------


async def on_user_registered(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, UserRegistered)
    await repo.apply_user(
        session,
        event.user_id,
        at=envelope.occurred_at,
        email=event.email,
        nombre=event.nombre,
        apellido=event.apellido,
        rol=event.rol,
    )
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.user_id,
            Tipo.BIENVENIDA,
            {"nombre": event.nombre, "es_profesional": event.rol == "PROFESIONAL"},
            url=f"{rt.base_url}/",
        ),
    )


async def on_user_updated(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, UserUpdated)
    await repo.apply_user(
        session, event.user_id, at=envelope.occurred_at, nombre=event.nombre, apellido=event.apellido
    )


async def on_password_reset_requested(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, PasswordResetRequested)
    minutes = max(1, round((event.expires_at - envelope.occurred_at) / timedelta(minutes=1)))
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.user_id,
            Tipo.RESTABLECER_PASSWORD,
            {"nombre": event.nombre, "reset_url": event.reset_url, "minutos": minutes},
            url=event.reset_url,
            address=event.email,
        ),
    )


# --- professionals -----------------------------------------------------------------------------------


async def on_kyc_approved(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, KycApproved)
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.user_id,
            Tipo.KYC_APROBADO,
            url=f"{rt.base_url}/profesional",
            datos={"profesional_id": event.profesional_id},
        ),
    )


async def on_kyc_rejected(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, KycRejected)
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.user_id,
            Tipo.KYC_RECHAZADO,
            {"motivo": truncar(event.motivo, 1000)},
            url=f"{rt.base_url}/profesional",
            datos={"profesional_id": event.profesional_id},
        ),
    )


async def on_level_changed(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, ProfessionalLevelChanged)
    before = NIVELES.index(event.nivel_anterior) if event.nivel_anterior in NIVELES else -1
    after = NIVELES.index(event.nivel) if event.nivel in NIVELES else -1
    if after <= before:
        return  # only a level up is news
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.user_id,
            Tipo.SUBIDA_NIVEL,
            {
                "nivel": event.nivel,
                "puntos_experiencia": event.puntos_experiencia,
                "tasa_porcentaje": _porcentaje(event.tasa_comision_actual),
            },
            url=f"{rt.base_url}/profesional",
            datos={"profesional_id": event.profesional_id, "nivel": event.nivel},
        ),
    )


# --- chat and offers ---------------------------------------------------------------------------------


async def on_message_sent(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, MessageSent)
    if event.recipient_connected or event.recipient_id == event.sender_id:
        return  # they saw it in the chat
    await notify_message(
        rt,
        session,
        envelope,
        ChatMessage(
            recipient_id=event.recipient_id,
            chat_id=event.chat_id,
            message_id=event.message_id,
            sender_nombre=event.sender_nombre,
            preview=event.preview,
        ),
    )


async def on_offer_created(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, OfferCreated)
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.cliente_id,
            Tipo.OFERTA_RECIBIDA,
            {"precio_final": event.precio_final, "descripcion": truncar(event.descripcion, 300)},
            url=_chat_url(rt, event.chat_id),
            datos={"oferta_id": event.oferta_id, "chat_id": event.chat_id},
        ),
    )


async def on_offer_accepted(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, OfferAccepted)
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.profesional_id,
            Tipo.OFERTA_ACEPTADA,
            {"precio_final": event.precio_final},
            url=_trabajo_url(rt, event.trabajo_id),
            datos={"oferta_id": event.oferta_id, "trabajo_id": event.trabajo_id},
        ),
    )


async def on_offer_rejected(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, OfferRejected)
    chat_id = event.chat_id
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.profesional_id,
            Tipo.OFERTA_RECHAZADA,
            url=_chat_url(rt, chat_id) if chat_id else f"{rt.base_url}/profesional/ofertas",
            datos={"oferta_id": event.oferta_id, **({"chat_id": chat_id} if chat_id else {})},
        ),
    )


# --- trabajos and money ------------------------------------------------------------------------------


async def on_job_created(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, JobCreated)
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )


async def on_payment_confirmed(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, PaymentConfirmed)
    trabajo = await repo.trabajo(session, event.trabajo_id)
    # Newer producers name the parties; otherwise the copy made from JobCreated does.
    cliente_id = getattr(event, "cliente_id", None) or (trabajo.cliente_id if trabajo else None)
    profesional_id = getattr(event, "profesional_id", None) or (trabajo.profesional_id if trabajo else None)
    if cliente_id is None or profesional_id is None:
        raise TrabajoNotYetKnown(str(event.trabajo_id))
    url = _trabajo_url(rt, event.trabajo_id)
    datos = {"trabajo_id": event.trabajo_id}
    for user_id, para_profesional in ((cliente_id, False), (profesional_id, True)):
        await notify(
            rt,
            session,
            envelope,
            Notice(
                user_id,
                Tipo.PAGO_APROBADO,
                {"monto": event.amount, "para_profesional": para_profesional},
                url=url,
                datos=datos,
            ),
        )


async def on_work_marked_done(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, WorkMarkedDone)
    await repo.apply_trabajo(
        session, event.trabajo_id, cliente_id=event.cliente_id, profesional_id=event.profesional_id
    )
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.cliente_id,
            Tipo.TRABAJO_COMPLETADO,
            url=_trabajo_url(rt, event.trabajo_id),
            datos={"trabajo_id": event.trabajo_id},
        ),
    )


async def on_work_completed(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, WorkCompleted)
    await repo.apply_trabajo(
        session,
        event.trabajo_id,
        cliente_id=event.cliente_id,
        profesional_id=event.profesional_id,
        precio_final=str(event.precio_final),
    )
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.profesional_id,
            Tipo.FONDOS_LIBERADOS,
            {
                "precio_final": event.precio_final,
                "comision_plataforma": event.comision_plataforma,
                "monto_liberado": event.monto_liberado,
            },
            url=_trabajo_url(rt, event.trabajo_id),
            datos={"trabajo_id": event.trabajo_id},
        ),
    )


def _refund_notice(rt: Runtime, trabajo_id: uuid.UUID, cliente_id: uuid.UUID, monto: object) -> Notice:
    # One refund notice per trabajo, whether JobCancelled or RefundIssued tells us first.
    return Notice(
        cliente_id,
        Tipo.REEMBOLSO,
        {"monto": monto},
        url=_trabajo_url(rt, trabajo_id),
        datos={"trabajo_id": trabajo_id},
        dedupe_key=f"reembolso:{trabajo_id}",
    )


async def on_job_cancelled(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, JobCancelled)
    await repo.apply_trabajo(
        session, event.trabajo_id, cliente_id=event.cliente_id, profesional_id=event.profesional_id
    )
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.profesional_id,
            Tipo.TRABAJO_CANCELADO,
            {"motivo": truncar(event.motivo, 500)},
            url=_trabajo_url(rt, event.trabajo_id),
            datos={"trabajo_id": event.trabajo_id},
        ),
    )
    if event.reembolso:
        trabajo = await repo.trabajo(session, event.trabajo_id)
        monto = trabajo.precio_final if trabajo is not None else None
        await notify(rt, session, envelope, _refund_notice(rt, event.trabajo_id, event.cliente_id, monto))


async def on_refund_issued(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, RefundIssued)
    cliente_id = event.cliente_id or (await _trabajo(session, event.trabajo_id)).cliente_id
    await notify(rt, session, envelope, _refund_notice(rt, event.trabajo_id, cliente_id, event.amount))


# --- reviews and disputes ----------------------------------------------------------------------------


async def on_review_created(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, ReviewCreated)
    await notify(
        rt,
        session,
        envelope,
        Notice(
            event.profesional_id,
            Tipo.RESENA_RECIBIDA,
            {
                "rating": max(1, min(5, event.rating)),
                "cliente_nombre": event.cliente_nombre,
                "texto": truncar(event.texto_resena, 500),
            },
            url=_trabajo_url(rt, event.trabajo_id),
            datos={"resena_id": event.resena_id, "trabajo_id": event.trabajo_id},
        ),
    )


async def on_dispute_opened(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, DisputeOpened)
    # The other party learns of it; the one who opened it already knows.
    recipients = [uid for uid in (event.cliente_id, event.profesional_id) if uid != event.abierta_por]
    for user_id in recipients:
        await notify(
            rt,
            session,
            envelope,
            Notice(
                user_id,
                Tipo.DISPUTA_ABIERTA,
                {"tipo_disputa": TIPOS_DISPUTA.get(event.tipo, event.tipo.lower().replace("_", " "))},
                url=_trabajo_url(rt, event.trabajo_id),
                datos={"disputa_id": event.disputa_id, "trabajo_id": event.trabajo_id},
            ),
        )


async def on_dispute_resolved(rt: Runtime, session: AsyncSession, envelope: EventEnvelope) -> None:
    event = parse_event(envelope, DisputeResolved)
    for user_id in (event.cliente_id, event.profesional_id):
        await notify(
            rt,
            session,
            envelope,
            Notice(
                user_id,
                Tipo.DISPUTA_RESUELTA,
                {"favorece_a": event.favorece_a, "resolucion": truncar(event.resolucion, 1000)},
                url=_trabajo_url(rt, event.trabajo_id),
                datos={
                    "disputa_id": event.disputa_id,
                    "trabajo_id": event.trabajo_id,
                    "estado": event.estado,
                },
            ),
        )


HANDLERS: dict[str, Handler] = {
    UserRegistered.event_type(): on_user_registered,
    UserUpdated.event_type(): on_user_updated,
    PasswordResetRequested.event_type(): on_password_reset_requested,
    KycApproved.event_type(): on_kyc_approved,
    KycRejected.event_type(): on_kyc_rejected,
    ProfessionalLevelChanged.event_type(): on_level_changed,
    MessageSent.event_type(): on_message_sent,
    OfferCreated.event_type(): on_offer_created,
    OfferAccepted.event_type(): on_offer_accepted,
    OfferRejected.event_type(): on_offer_rejected,
    JobCreated.event_type(): on_job_created,
    PaymentConfirmed.event_type(): on_payment_confirmed,
    WorkMarkedDone.event_type(): on_work_marked_done,
    WorkCompleted.event_type(): on_work_completed,
    JobCancelled.event_type(): on_job_cancelled,
    RefundIssued.event_type(): on_refund_issued,
    ReviewCreated.event_type(): on_review_created,
    DisputeOpened.event_type(): on_dispute_opened,
    DisputeResolved.event_type(): on_dispute_resolved,
}


def handlers(ctx: ServiceContext) -> Mapping[str, EventHandlerFn]:
    def bind(handler: Handler) -> EventHandlerFn:
        async def handle(session: AsyncSession, envelope: EventEnvelope) -> None:
            await handler(runtime_of(ctx), session, envelope)

        return handle

    return {event_type: bind(handler) for event_type, handler in HANDLERS.items()}
