"""What the notifications service holds about a person (SPEC §14), and what it keeps after a deletion.

Deleted: everything addressed to the person — their notifications, deliveries (pending ones too: their
jobs then find nothing to send, so nothing queued reaches them after the deletion) with their attempts,
preferences and device tokens — and, in standalone mode, the development mailbox's messages to their
addresses. Kept: their copy of the account (the id and role) with the pseudonymous address and the
deleted person's name, so that a late or repeated event about them cannot bring their data back and
nothing more is sent to them; the copies of trabajos (ids and prices only). Other people's notices that
named them (a chat message's sender, a review's author) name "Usuario eliminado" instead, as the
conversation and the review themselves do; what the person wrote there (a message's preview, a review's
text) stays with the other party, as in the chat service.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.personal_data import (
    DELETED_APELLIDO,
    DELETED_DISPLAY_NAME,
    DELETED_NOMBRE,
    is_pseudonymous_email,
    pseudonymous_email,
)
from conectar.notifications import repository as repo
from conectar.notifications.catalog import Tipo
from conectar.notifications.channels.mailbox import Mailbox, MailboxTransport
from conectar.notifications.delivery import scrubbed
from conectar.notifications.models import Delivery, DeviceToken, Notification
from conectar.notifications.runtime import runtime_of
from conectar.notifications.schemas import notification_read
from conectar.notifications.service import preferences
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.personal_data import PersonalDataExport, PersonalDataHooks, StoredFile

# The notices that name someone other than their recipient: a chat message's sender, a review's author.
NAMING_TIPOS = (Tipo.NUEVO_MENSAJE.value, Tipo.RESENA_RECIBIDA.value)


def _mailbox(ctx: ServiceContext) -> Mailbox | None:
    """The development mailbox, when this service's e-mail goes there (standalone)."""
    transport = runtime_of(ctx).email
    return transport.mailbox if isinstance(transport, MailboxTransport) else None


def _addresses(values: Iterable[str | None]) -> set[str]:
    return {value for value in values if value and not is_pseudonymous_email(value)}


# --- export ------------------------------------------------------------------------------------------


def _notification(row: Notification) -> dict[str, Any]:
    data = notification_read(row).model_dump()
    data["en_la_app"] = row.in_app
    return data


def _delivery(row: Delivery) -> dict[str, Any]:
    return {
        "id": row.id,
        "notificacion_id": row.notification_id,
        "canal": row.channel,
        "tipo": row.tipo,
        "direccion": row.address,
        "contenido": scrubbed(row.tipo, dict(row.context or {})),
        "estado": row.status,
        "intentos": row.attempts,
        "ultimo_error": row.last_error,
        "enviado": row.sent_at,
        "fecha_creacion": row.fecha_creacion,
    }


def _device(row: DeviceToken) -> dict[str, Any]:
    return {
        "token": row.token,
        "tipo_dispositivo": row.device_type,
        "registrado": row.fecha_creacion,
        "ultima_vez": row.last_seen_at,
    }


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.session(write=False) as session:
        copy = await repo.user(session, user_id)
        notifications = await repo.notifications_of(session, user_id)
        deliveries = await repo.deliveries_of(session, user_id)
        matrix = await preferences(session, user_id)
        devices = await repo.devices_of(session, user_id)
    mailbox = _mailbox(ctx)
    addresses = _addresses([copy.email if copy else None, *(row.address for row in deliveries)])
    mails = await asyncio.to_thread(mailbox.addressed_to, addresses) if mailbox is not None else []
    return PersonalDataExport(
        data={
            "contacto": (
                {"email": copy.email, "nombre": copy.nombre, "apellido": copy.apellido, "rol": copy.rol}
                if copy is not None
                else None
            ),
            "notificaciones": [_notification(row) for row in notifications],
            "preferencias": matrix.preferencias,
            "dispositivos": [_device(row) for row in devices],
            "entregas": [_delivery(row) for row in deliveries],
            "buzon_de_desarrollo": [
                {"id": mail.id, "para": mail.to, "asunto": mail.subject, "fecha": mail.date} for mail in mails
            ],
        }
    )


# --- erase -------------------------------------------------------------------------------------------


def _renamed(value: Any, name: str) -> Any:
    """``value`` (text or a JSON document) with the person's name replaced by the deleted person's."""
    if isinstance(value, str):
        return value.replace(name, DELETED_DISPLAY_NAME)
    if isinstance(value, dict):
        return {key: _renamed(item, name) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, name) for item in value]
    return value


def _someone_else(row: Notification, user_id: uuid.UUID) -> bool:
    """A chat notice whose sender is known to be another person (a namesake)."""
    sender = (row.datos or {}).get("remitente_id")
    return bool(sender) and sender != str(user_id)


async def _rename_in_others(session: AsyncSession, user_id: uuid.UUID, name: str) -> None:
    notifications, deliveries = await repo.others_mentioning(session, user_id, NAMING_TIPOS, [name])
    for row in notifications:
        if _someone_else(row, user_id):
            continue
        row.titulo = _renamed(row.titulo, name)
        row.mensaje = _renamed(row.mensaje, name)
        row.datos = _renamed(dict(row.datos or {}), name)
    for delivery in deliveries:
        delivery.context = _renamed(dict(delivery.context or {}), name)


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    user_id = event.user_id
    # Notices being recorded for the person commit first (and are deleted below); later ones see the
    # person deleted.
    await repo.lock_person(session, user_id, shared=False)
    copy = await repo.user(session, user_id)
    deliveries = await repo.deliveries_of(session, user_id)
    addresses = _addresses([copy.email if copy else None, *(row.address for row in deliveries)])
    name = f"{copy.nombre} {copy.apellido}".strip() if copy is not None else ""
    await repo.delete_person(session, user_id)
    if name and name != DELETED_DISPLAY_NAME:
        await _rename_in_others(session, user_id, name)
    await repo.pseudonymise_user(
        session,
        user_id,
        email=pseudonymous_email(user_id),
        nombre=DELETED_NOMBRE,
        apellido=DELETED_APELLIDO,
        rol=event.rol,
        at=utcnow(),
    )
    mailbox = _mailbox(ctx)
    if mailbox is not None and addresses:
        # Not in storage: deleted here, before the commit (a crash before it finds them again, or none).
        await asyncio.to_thread(mailbox.delete_to, addresses)
    return []


HOOKS = PersonalDataHooks(export=export, erase=erase)
