"""Photos and PDFs in a conversation (SPEC §12): sending one from the composer, and showing them.

The API hands a file only to the conversation's two participants and the staff, with their token; a page
cannot put that token in an ``<img src>``, so the web app relays the file with the session's token
(``/chat/adjuntos/{id}`` and ``…/miniatura``): whoever the API refuses gets 404 here too.
"""

from __future__ import annotations

import re
import uuid

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from conectar.web.api import relayed
from conectar.web.apimodels import Message
from conectar.web.core import W, file_part
from conectar.web.forms import submit
from conectar.web.routes.chat import conversation_page, messages_partial

router = APIRouter()

MAX_BYTES = 10 * 1024 * 1024  # SPEC §12; the API says so again, this only stops reading early
CAPTION_MAX = 500
ACCEPT = "image/jpeg,image/png,image/webp,image/gif,application/pdf"
SERVED_TYPES = frozenset({"image/webp", "image/jpeg", "image/png", "image/gif", "application/pdf"})
FILENAME = re.compile(r'filename="([^"\\/\r\n]{1,200})"')


@router.post("/chat/{chat_id}/adjuntos")
async def send_attachment(chat_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    uploads = await w.files("file")
    caption = (await w.fields()).get("text", "")[:CAPTION_MAX]
    if not uploads:
        return await conversation_page(w, chat_id, errors={"adjunto": "Elegí una foto o un PDF"})
    upload = uploads[0]
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return await conversation_page(
            w, chat_id, errors={"adjunto": "El archivo supera el tamaño máximo de 10 MB"}
        )
    sent = await submit(
        w.api.post_model(
            f"/chat/{chat_id}/adjuntos",
            Message,
            None,
            data={"text": caption} if caption else None,
            files=[file_part("file", upload, data, "archivo")],
        ),
        lambda errors: conversation_page(w, chat_id, errors={"adjunto": next(iter(errors.values()))}),
    )
    if isinstance(sent, Response):
        return sent
    if w.htmx:
        return await messages_partial(chat_id, w)
    return w.redirect(f"/chat/{chat_id}", "Archivo enviado")


async def _relay(w: W, path: str, *, inline: bool) -> Response:
    w.require()
    response = await w.api.send("GET", path, stream=True)
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    if response.status_code != 200 or content_type not in SERVED_TYPES:
        await response.aclose()
        raise StarletteHTTPException(404)
    found = FILENAME.search(response.headers.get("content-disposition", ""))
    name = found.group(1) if found else "archivo"
    headers = {
        "Content-Disposition": "inline" if inline else f'attachment; filename="{name}"',
        "Cache-Control": "private, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; sandbox",
    }
    return relayed(response, content_type, headers)


@router.get("/chat/adjuntos/{adjunto_id}")
async def attachment(adjunto_id: uuid.UUID, w: W) -> Response:
    """The file as sent (images re-encoded without metadata), downloaded."""
    return await _relay(w, f"/chat/adjuntos/{adjunto_id}", inline=False)


@router.get("/chat/adjuntos/{adjunto_id}/miniatura")
async def thumbnail(adjunto_id: uuid.UUID, w: W) -> Response:
    """An image's thumbnail, shown in the conversation."""
    return await _relay(w, f"/chat/adjuntos/{adjunto_id}/thumbnail", inline=True)
