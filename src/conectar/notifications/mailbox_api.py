"""The development mailbox: ``/api/v1/dev/mailbox`` lists and shows the e-mails written as ``.eml`` files
in standalone mode. It exists only in standalone mode outside production (404 otherwise)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from pydantic import BaseModel

from conectar.notifications.channels.mailbox import Mailbox, body_of
from conectar.notifications.rendering import dev_template
from conectar.notifications.settings import mailbox_dir
from conectar.platform.app import Ctx
from conectar.platform.errors import NotFound

router = APIRouter(prefix="/api/v1/dev/mailbox", tags=["dev"], include_in_schema=False)

PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
MESSAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'"


class MailboxEntry(BaseModel):
    id: str
    to: str
    subject: str
    date: datetime
    size: int


def _mailbox(ctx: Ctx) -> Mailbox:
    if not ctx.settings.standalone or ctx.settings.is_production:
        raise NotFound("No encontrado")
    return Mailbox(mailbox_dir(ctx.settings))


def _message(mailbox: Mailbox, message_id: str) -> EmailMessage:
    message = mailbox.read(message_id)
    if message is None:
        raise NotFound("Mensaje no encontrado")
    return message


def _page(html: str, csp: str = PAGE_CSP) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": csp, "Cache-Control": "no-store"})


@router.get("", response_class=HTMLResponse)
async def mailbox_page(ctx: Ctx, request: Request) -> HTMLResponse:
    mailbox = _mailbox(ctx)
    return _page(dev_template("mailbox.html.j2").render(messages=mailbox.list(), folder=str(mailbox.folder)))


@router.get("/mensajes", response_model=list[MailboxEntry])
async def mailbox_messages(ctx: Ctx) -> list[MailboxEntry]:
    return [MailboxEntry(**vars(entry)) for entry in _mailbox(ctx).list()]


@router.delete("/mensajes")
async def clear_mailbox(ctx: Ctx) -> dict[str, int]:
    return {"eliminados": _mailbox(ctx).clear()}


@router.get("/{message_id}", response_class=HTMLResponse)
async def message_page(message_id: str, ctx: Ctx) -> HTMLResponse:
    message = _message(_mailbox(ctx), message_id)
    html = dev_template("message.html.j2").render(
        id=message_id,
        subject=str(message.get("Subject", "")),
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        date=str(message.get("Date", "")),
        has_html=body_of(message, "html") is not None,
        text=body_of(message, "plain") or "",
    )
    return _page(html)


@router.get("/{message_id}/html", response_class=HTMLResponse)
async def message_html(message_id: str, ctx: Ctx) -> HTMLResponse:
    html = body_of(_message(_mailbox(ctx), message_id), "html")
    if html is None:
        raise NotFound("El mensaje no tiene parte HTML")
    response = _page(html, MESSAGE_CSP)
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@router.get("/{message_id}/text", response_class=PlainTextResponse)
async def message_text(message_id: str, ctx: Ctx) -> PlainTextResponse:
    text = body_of(_message(_mailbox(ctx), message_id), "plain")
    if text is None:
        raise NotFound("El mensaje no tiene parte de texto")
    return PlainTextResponse(text, headers={"Cache-Control": "no-store"})


@router.get("/{message_id}/raw")
async def message_raw(message_id: str, ctx: Ctx) -> Response:
    mailbox = _mailbox(ctx)
    path = mailbox.path(message_id)
    if path is None:
        raise NotFound("Mensaje no encontrado")
    return Response(
        path.read_bytes(),
        media_type="message/rfc822",
        headers={
            "Content-Disposition": f'attachment; filename="{message_id}.eml"',
            "Cache-Control": "no-store",
        },
    )
