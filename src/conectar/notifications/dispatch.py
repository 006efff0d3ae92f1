"""Turning a notice ("tell this person this") into an inbox entry and outbound deliveries, in the
caller's unit of work (the event handler's inbox transaction), honouring the person's preferences."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import EventEnvelope
from conectar.contracts.personal_data import DELETED_DISPLAY_NAME
from conectar.notifications import repository as repo
from conectar.notifications.catalog import OUTBOUND_CHANNELS, Canal, Kind, Tipo, kind
from conectar.notifications.models import Notification
from conectar.notifications.preferences import channels_for
from conectar.notifications.rendering import render_short, truncar
from conectar.notifications.runtime import Runtime
from conectar.notifications.schemas import notification_read
from conectar.platform.db import lock_key, utcnow

COALESCE_ROUNDS = 3
MAX_SENDERS_SHOWN = 3


def jsonable(value: Any) -> Any:
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Notice:
    user_id: uuid.UUID
    tipo: Tipo
    context: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    datos: dict[str, Any] = field(default_factory=dict)
    # Defaults to the event id: one notification per event and person.
    dedupe_key: str | None = None
    # An explicit e-mail address (else the person's, from our copy or the auth service).
    address: str | None = None


class ContentionError(RuntimeError):
    """A burst's delivery kept changing under us; the event is retried by the bus."""


async def _channels(
    runtime: Runtime, session: AsyncSession, what: Kind, user_id: uuid.UUID
) -> frozenset[Canal]:
    overrides = {} if what.transactional else await repo.overrides(session, user_id, what.tipo)
    available = {Canal.IN_APP, Canal.EMAIL}
    if (
        runtime.push_enabled
        and Canal.PUSH in what.channels
        and overrides.get((what.tipo, Canal.PUSH), True)
        and await repo.has_devices(session, user_id)
    ):
        available.add(Canal.PUSH)
    return channels_for(what, overrides, available)


def _publish(runtime: Runtime, session: AsyncSession, row: Notification) -> None:
    if row.in_app:
        data = notification_read(row).model_dump(mode="json")
        runtime.publish_after_commit(session, row.user_id, "notificacion", data)


async def notify(
    runtime: Runtime, session: AsyncSession, envelope: EventEnvelope, notice: Notice
) -> Notification | None:
    """Record ``notice`` once (per event and person) on the channels the person wants."""
    await repo.lock_person(session, notice.user_id, shared=True)  # an erasure waits for this notice
    if await repo.erased(session, notice.user_id):
        return None  # a deleted account: an event that was on its way tells them nothing
    what = kind(notice.tipo)
    channels = await _channels(runtime, session, what, notice.user_id)
    if not channels:
        return None
    context = jsonable(notice.context)
    titulo = render_short(what.titulo, context)[:200]
    mensaje = render_short(what.mensaje, context)
    row = await repo.insert_notification(
        session,
        {
            "user_id": notice.user_id,
            "event_id": envelope.id,
            "dedupe_key": notice.dedupe_key or str(envelope.id),
            "tipo": what.tipo.value,
            "titulo": titulo,
            "mensaje": mensaje,
            "url": None if what.sensitive else notice.url,
            "datos": jsonable(notice.datos),
            "in_app": Canal.IN_APP in channels,
        },
    )
    if row is None:
        return None
    _publish(runtime, session, row)
    for canal in OUTBOUND_CHANNELS:
        if canal in channels:
            delivery_id = await repo.insert_delivery(
                session,
                {
                    "notification_id": row.id,
                    "event_id": envelope.id,
                    "user_id": notice.user_id,
                    "channel": canal.value,
                    "tipo": what.tipo.value,
                    "address": notice.address,
                    "context": {**context, "titulo": titulo, "mensaje": mensaje, "url": notice.url},
                },
            )
            if delivery_id is not None:
                await runtime.enqueue_delivery(session, canal, delivery_id)
    return row


# --- new pedidos: several within an hour become one notification ----------------------------------

PEDIDOS_GROUP = "pedidos"
PEDIDOS_WINDOW = timedelta(hours=1)


async def notify_pedido(
    runtime: Runtime, session: AsyncSession, envelope: EventEnvelope, notice: Notice, pedido_id: uuid.UUID
) -> Notification | None:
    """``pedido_nuevo`` to one matching professional, coalesced: while the person has an unread
    ``pedido_nuevo`` opened less than :data:`PEDIDOS_WINDOW` ago, a new pedido folds into it (its counter,
    its texts and its list of pedidos) and sends nothing more; otherwise a new notification is recorded on
    the person's channels (its e-mail / push is the only one of that hour)."""
    await repo.lock_person(session, notice.user_id, shared=True)
    if await repo.erased(session, notice.user_id):
        return None
    what = kind(notice.tipo)
    await lock_key(session, f"notificaciones:{notice.user_id}:{PEDIDOS_GROUP}")
    row = await repo.unread_in_group(session, notice.user_id, PEDIDOS_GROUP)
    if row is not None and row.fecha_creacion > utcnow() - PEDIDOS_WINDOW:
        datos = dict(row.datos)
        pedidos = [str(p) for p in datos.get("pedidos", [])]
        if str(pedido_id) in pedidos:  # a redelivered event
            return row
        row.contador += 1
        values = {**jsonable(notice.context), "contador": row.contador}
        row.titulo = render_short(what.titulo, values)[:200]
        row.mensaje = render_short(what.mensaje, values)
        row.datos = {**datos, "pedidos": [*pedidos, str(pedido_id)], "pedido_id": str(pedido_id)}
        row.ultima_actividad = utcnow()
        row.fecha_actualizacion = utcnow()
        await session.flush()
        _publish(runtime, session, row)
        return row
    first = replace(
        notice,
        context={**notice.context, "contador": 1},
        datos={**notice.datos, "pedidos": [str(pedido_id)], "pedido_id": str(pedido_id)},
    )
    row = await notify(runtime, session, envelope, first)
    if row is not None:
        row.grupo = PEDIDOS_GROUP
        await session.flush()
    return row


# --- chat messages: bursts become one notification per chat and one e-mail / push per window -------


@dataclass(frozen=True)
class ChatMessage:
    recipient_id: uuid.UUID
    chat_id: uuid.UUID
    message_id: uuid.UUID
    sender_nombre: str
    preview: str
    sender_id: uuid.UUID | None = None


def _senders(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_SENDERS_SHOWN])
    return f"{shown} y otros" if len(names) > MAX_SENDERS_SHOWN else shown


def fold_burst(
    context: dict[str, Any], message: ChatMessage, *, notification_id: uuid.UUID, chat_url: str, base_url: str
) -> dict[str, Any]:
    """One more message in a burst's e-mail / push context."""
    what = kind(Tipo.NUEVO_MENSAJE)
    contador = int(context.get("contador", 0)) + 1
    remitentes = list(context.get("remitentes", []))
    if message.sender_nombre not in remitentes:
        remitentes.append(message.sender_nombre)
    chats = list(context.get("chats", []))
    if chat_url not in chats:
        chats.append(chat_url)
    notificaciones = list(context.get("notificaciones", []))
    if str(notification_id) not in notificaciones:
        notificaciones.append(str(notification_id))
    preview = truncar(message.preview, 140)
    values = {"contador": contador, "remitente": _senders(remitentes), "preview": preview}
    return {
        "contador": contador,
        "remitentes": remitentes,
        "chats": chats,
        "notificaciones": notificaciones,
        "preview": preview,
        "url": chats[0] if len(chats) == 1 else f"{base_url}/chat",
        "titulo": render_short(what.titulo, values)[:200],
        "mensaje": render_short(what.mensaje, values),
    }


async def notify_message(
    runtime: Runtime, session: AsyncSession, envelope: EventEnvelope, message: ChatMessage
) -> Notification | None:
    what = kind(Tipo.NUEVO_MENSAJE)
    await repo.lock_person(session, message.recipient_id, shared=True)
    if await repo.erased(session, message.recipient_id):
        return None
    if message.sender_id is not None and await repo.erased(session, message.sender_id):
        message = replace(message, sender_nombre=DELETED_DISPLAY_NAME)
    channels = await _channels(runtime, session, what, message.recipient_id)
    if not channels:
        return None
    chat_url = f"{runtime.base_url}/chat/{message.chat_id}"
    grupo = f"chat:{message.chat_id}"
    preview = truncar(message.preview, 140)
    sent_at = envelope.occurred_at.isoformat()
    # Two messages of one burst handled at once (a backlog after an outage) must fold into one notice:
    # the first of them has no row to lock yet.
    await lock_key(session, f"notificaciones:{message.recipient_id}:{grupo}")
    row = await repo.unread_in_group(session, message.recipient_id, grupo)
    if row is not None:
        row.contador += 1
        datos = dict(row.datos)
        if sent_at >= str(datos.get("ultimo_at", "")):  # the preview is the newest message's, whatever order
            datos.update(
                ultimo_mensaje_id=str(message.message_id),
                ultimo_at=sent_at,
                remitente=message.sender_nombre,
                remitente_id=str(message.sender_id) if message.sender_id else None,
                preview=preview,
            )
        values = {
            "contador": row.contador,
            "remitente": datos.get("remitente", message.sender_nombre),
            "preview": datos.get("preview", preview),
        }
        row.titulo = render_short(what.titulo, values)[:200]
        row.mensaje = render_short(what.mensaje, values)
        row.datos = datos
        row.in_app = row.in_app or Canal.IN_APP in channels
        row.ultima_actividad = utcnow()
        row.fecha_actualizacion = utcnow()
        await session.flush()
    else:
        values = {"contador": 1, "remitente": message.sender_nombre, "preview": preview}
        row = await repo.insert_notification(
            session,
            {
                "user_id": message.recipient_id,
                "event_id": envelope.id,
                "dedupe_key": str(envelope.id),
                "tipo": what.tipo.value,
                "titulo": render_short(what.titulo, values)[:200],
                "mensaje": render_short(what.mensaje, values),
                "url": chat_url,
                "datos": {
                    "chat_id": str(message.chat_id),
                    "ultimo_mensaje_id": str(message.message_id),
                    "ultimo_at": sent_at,
                    "remitente": message.sender_nombre,
                    "remitente_id": str(message.sender_id) if message.sender_id else None,
                    "preview": preview,
                },
                "in_app": Canal.IN_APP in channels,
                "grupo": grupo,
            },
        )
        if row is None:
            return None
    _publish(runtime, session, row)
    for canal in OUTBOUND_CHANNELS:
        if canal in channels:
            await _coalesce(runtime, session, envelope, canal, row, message, chat_url)
    return row


async def _coalesce(
    runtime: Runtime,
    session: AsyncSession,
    envelope: EventEnvelope,
    canal: Canal,
    row: Notification,
    message: ChatMessage,
    chat_url: str,
) -> None:
    """Fold the message into the delivery still gathering this person's burst on ``canal``, or start a
    new one, due after the gathering delay and no sooner than the minimum interval since the last.

    A fold never moves the due time (the window opens with the burst's first message), so the job
    enqueued with the delivery stays due when it is; its handler closes the burst before sending
    (``repository.close_burst``), and answers ``Later`` should it ever find the delivery not due yet."""
    tipo = Tipo.NUEVO_MENSAJE
    key = f"{tipo.value}:{canal.value}:{message.recipient_id}"
    delay, min_interval = runtime.burst(canal)
    for _ in range(COALESCE_ROUNDS):
        gathering = await repo.gathering_delivery(session, key)
        if gathering is not None:
            gathering.context = fold_burst(
                gathering.context,
                message,
                notification_id=row.id,
                chat_url=chat_url,
                base_url=runtime.base_url,
            )
            gathering.coalesced += 1
            await session.flush()
            return
        now = utcnow()
        due = now + timedelta(seconds=delay)
        last = await repo.last_sent_at(session, message.recipient_id, canal, tipo)
        if last is not None:
            due = max(due, last + timedelta(seconds=min_interval))
        context = fold_burst(
            {}, message, notification_id=row.id, chat_url=chat_url, base_url=runtime.base_url
        )
        delivery_id = await repo.insert_delivery(
            session,
            {
                "notification_id": row.id,
                "event_id": envelope.id,
                "user_id": message.recipient_id,
                "channel": canal.value,
                "tipo": tipo.value,
                "context": context,
                "coalesce_key": key,
                "next_attempt_at": due,
            },
        )
        if delivery_id is not None:
            await runtime.enqueue_delivery(session, canal, delivery_id, due)
            return
    raise ContentionError(key)
