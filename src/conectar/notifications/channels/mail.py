"""E-mail: the MIME message every transport sends, and the e-mail channel itself."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from uuid import UUID

from conectar.notifications.catalog import kind
from conectar.notifications.channels.base import (
    DeliveryJob,
    EmailTransport,
    Outcome,
    OutgoingEmail,
    TransportError,
)
from conectar.notifications.rendering import render_email
from conectar.platform.db import utcnow


def sender_address(address: str, name: str) -> str:
    return formataddr((name, address))


def message_id_for(delivery_id: str, from_address: str) -> str:
    """Stable for a delivery, so a message sent again after a crash can be recognised as the same."""
    domain = from_address.rpartition("@")[2] or "conectar.local"
    return f"<{delivery_id.replace('-', '')}@{domain}>"


def build_mime(
    email: OutgoingEmail, *, from_address: str, from_name: str, reply_to: str | None
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender_address(from_address, from_name)
    message["To"] = Address(display_name=email.to_name, addr_spec=email.to_address)
    message["Subject"] = email.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = email.message_id
    if reply_to:
        message["Reply-To"] = reply_to
    message["Auto-Submitted"] = "auto-generated"
    for name, value in email.headers.items():
        message[name] = value
    message.set_content(email.text, charset="utf-8")
    message.add_alternative(email.html, subtype="html", charset="utf-8")
    return message


@dataclass(frozen=True)
class Recipient:
    email: str | None
    nombre: str


class RecipientUnknown(Exception):
    """The auth service does not know the person (deleted account): the message cannot be sent."""


Resolve = Callable[[UUID], Awaitable[Recipient]]
AllRead = Callable[[list[str]], Awaitable[bool]]


class EmailChannel:
    name = "email"

    def __init__(
        self,
        transport: EmailTransport,
        *,
        resolve: Resolve,
        all_read: AllRead,
        base_url: str,
        from_address: str,
    ) -> None:
        self.transport = transport
        self.resolve = resolve
        self.all_read = all_read
        self.base_url = base_url
        self.from_address = from_address

    async def deliver(self, job: DeliveryJob) -> Outcome:
        what = kind(job.tipo)
        if what.coalesce and await self.all_read(list(job.context.get("notificaciones", []))):
            return Outcome.skipped("ya leído en la app")
        given_name = job.context.get("nombre")
        if job.address and given_name:
            recipient = Recipient(job.address, str(given_name))  # the event said where and to whom
        else:
            try:
                recipient = await self.resolve(job.user_id)
            except RecipientUnknown:
                return Outcome.failed("destinatario desconocido")
        address = job.address or recipient.email
        if not address:
            return Outcome.failed("destinatario sin e-mail")
        nombre = str(given_name or recipient.nombre or "")
        rendered = render_email(
            what, {**job.context, "nombre": nombre, "base_url": self.base_url, "link": job.context.get("url")}
        )
        email = OutgoingEmail(
            to_address=address,
            to_name=nombre,
            subject=rendered.subject,
            text=rendered.text,
            html=rendered.html,
            message_id=message_id_for(str(job.id), self.from_address),
            headers={"X-Conectar-Tipo": job.tipo, "X-Conectar-Notificacion": str(job.notification_id)},
        )
        try:
            provider_id = await self.transport.send(email)
        except TransportError as exc:
            if exc.permanent:
                return Outcome.failed(exc.detail)
            return Outcome.retry(exc.detail, retry_after=exc.retry_after)
        return Outcome.sent(provider_id or email.message_id)
