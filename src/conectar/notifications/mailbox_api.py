"""The development mailbox: ``/api/v1/dev/mailbox`` lists and shows the e-mails written as ``.eml`` files
when no real mail channel is configured. Staff only: every route needs an ADMIN token (the messages hold
password-reset links), and all of it is a 404 outside standalone mode, in production, and whenever e-mail
goes out through SMTP or SendGrid. Browsers reach it through the web app's staff page (``/admin/correo``).

Every read (the list, a message or one of its parts) and the emptying are staff actions (SPEC §14): each is
recorded in the staff audit trail, and the record is committed before anything is answered. A request that
fails (no such message, no such part) records nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel

from conectar.notifications.channels.mailbox import Mailbox, MailboxTransport, body_of
from conectar.notifications.runtime import runtime_of
from conectar.platform.app import Ctx
from conectar.platform.audit import Actor, StaffActor
from conectar.platform.errors import NotFound

# What makes a message's own HTML safe to show: no script, no plugin, no form, no navigation of the page
# around it, images only inline or over HTTPS; framed by the same site at most.
MESSAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'; sandbox"
)
NO_STORE = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def mailbox_of(ctx: Ctx) -> Mailbox:
    """The folder this service's e-mail really goes to; 404 when e-mail goes anywhere else."""
    if not ctx.settings.standalone or ctx.settings.is_production:
        raise NotFound("No encontrado")
    transport = runtime_of(ctx).email
    if not isinstance(transport, MailboxTransport):
        raise NotFound("No encontrado")
    return transport.mailbox


async def _available(ctx: Ctx) -> None:
    """Runs before the token check: where there is no mailbox, nobody learns anything but 404."""
    mailbox_of(ctx)


router = APIRouter(
    prefix="/api/v1/dev/mailbox",
    tags=["dev"],
    include_in_schema=False,
    dependencies=[Depends(_available)],
)


class MailboxEntry(BaseModel):
    id: str
    to: str
    subject: str
    date: datetime
    size: int


class MailboxMessage(MailboxEntry):
    sender: str
    text: str | None
    has_html: bool


async def _record(ctx: Ctx, actor: Actor, accion: str, message_id: str | None, **detalle: Any) -> None:
    """The staff action's record, committed before the answer (never the addresses or the contents)."""
    async with ctx.db.session() as session:
        await ctx.audit.record(
            session,
            actor,
            accion=accion,
            recurso="correo" if message_id else "buzon",
            recurso_id=message_id,
            detalle=detalle,
        )


def _message(mailbox: Mailbox, message_id: str) -> EmailMessage:
    message = mailbox.read(message_id)
    if message is None:
        raise NotFound("Mensaje no encontrado")
    return message


@router.get("/mensajes", response_model=list[MailboxEntry])
async def mailbox_messages(staff: StaffActor, ctx: Ctx) -> list[MailboxEntry]:
    """Los correos escritos en el buzón, los más nuevos primero."""
    entries = [MailboxEntry(**vars(entry)) for entry in mailbox_of(ctx).list()]
    await _record(ctx, staff, "mailbox.leer", None, vista="lista", mensajes=len(entries))
    return entries


@router.delete("/mensajes")
async def clear_mailbox(staff: StaffActor, ctx: Ctx) -> dict[str, int]:
    """Vacía el buzón."""
    mailbox = mailbox_of(ctx)
    async with ctx.db.session() as session:
        removed = mailbox.clear()
        await ctx.audit.record(
            session,
            staff,
            accion="mailbox.vaciar",
            recurso="buzon",
            recurso_id=None,
            detalle={"eliminados": removed},
        )
    return {"eliminados": removed}


@router.get("/mensajes/{message_id}", response_model=MailboxMessage)
async def mailbox_message(message_id: str, staff: StaffActor, ctx: Ctx) -> MailboxMessage:
    """Un correo: encabezados y texto (el HTML, aparte)."""
    mailbox = mailbox_of(ctx)
    message = _message(mailbox, message_id)
    path = mailbox.path(message_id)
    if path is None:
        raise NotFound("Mensaje no encontrado")
    stat = path.stat()
    await _record(ctx, staff, "mailbox.leer", message_id, parte="mensaje")
    return MailboxMessage(
        id=message_id,
        to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")),
        date=datetime.fromtimestamp(stat.st_mtime, UTC),
        size=stat.st_size,
        sender=str(message.get("From", "")),
        text=body_of(message, "plain"),
        has_html=body_of(message, "html") is not None,
    )


@router.get("/mensajes/{message_id}/html", response_class=HTMLResponse)
async def message_html(message_id: str, staff: StaffActor, ctx: Ctx) -> HTMLResponse:
    html = body_of(_message(mailbox_of(ctx), message_id), "html")
    if html is None:
        raise NotFound("El mensaje no tiene parte HTML")
    await _record(ctx, staff, "mailbox.leer", message_id, parte="html")
    return HTMLResponse(
        html,
        headers={**NO_STORE, "Content-Security-Policy": MESSAGE_CSP, "X-Frame-Options": "SAMEORIGIN"},
    )


@router.get("/mensajes/{message_id}/text", response_class=PlainTextResponse)
async def message_text(message_id: str, staff: StaffActor, ctx: Ctx) -> PlainTextResponse:
    text = body_of(_message(mailbox_of(ctx), message_id), "plain")
    if text is None:
        raise NotFound("El mensaje no tiene parte de texto")
    await _record(ctx, staff, "mailbox.leer", message_id, parte="texto")
    return PlainTextResponse(text, headers=NO_STORE)


@router.get("/mensajes/{message_id}/raw")
async def message_raw(message_id: str, staff: StaffActor, ctx: Ctx) -> Response:
    path = mailbox_of(ctx).path(message_id)
    if path is None:
        raise NotFound("Mensaje no encontrado")
    content = path.read_bytes()
    await _record(ctx, staff, "mailbox.leer", message_id, parte="original")
    return Response(
        content,
        media_type="message/rfc822",
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{message_id}.eml"'},
    )
