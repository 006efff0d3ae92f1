"""Routes: attachments in chat (SPEC §12)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile, status
from fastapi.responses import StreamingResponse

from conectar.chat import attachments
from conectar.chat.flows import attachments as flows
from conectar.chat.schemas import MessageRead
from conectar.platform.app import Ctx, ServiceContext
from conectar.platform.audit import staff_actor
from conectar.platform.downloads import private_download
from conectar.platform.security import CurrentUser, Principal

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])

_FILE_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {
        "description": "El archivo, como descarga (`Content-Disposition: attachment`, `nosniff`)",
        "content": {"image/webp": {}, "application/pdf": {}},
    },
    404: {"description": "No existe, o no participás de la conversación"},
}


@router.post(
    "/{chat_id}/adjuntos",
    response_model=MessageRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        400: {"description": "No es una imagen o un PDF válido, está vacío o supera los 10 MB"},
        403: {"description": "No participás de la conversación, o tu chat está bloqueado"},
        404: {"description": "La conversación no existe"},
        413: {"description": "El pedido supera los 10 MB (lo corta el gateway antes de leerlo)"},
        429: {"description": "La conversación ya recibió 20 archivos en las últimas 24 horas"},
    },
)
async def upload(
    chat_id: uuid.UUID,
    principal: CurrentUser,
    ctx: Ctx,
    file: Annotated[UploadFile, File(description="Imagen (JPEG, PNG, WebP o GIF) o PDF; hasta 10 MB")],
    text: Annotated[
        str | None,
        Form(
            max_length=attachments.CAPTION_MAX_LENGTH, description="Leyenda opcional (hasta 500 caracteres)"
        ),
    ] = None,
) -> MessageRead:
    """Envía una foto o un PDF a la conversación. Las imágenes se re-codifican sin metadatos (sin EXIF ni
    ubicación GPS) y con miniatura; la leyenda se modera como cualquier mensaje. Hasta 20 archivos por
    conversación cada 24 horas, entre los dos participantes. Llega a los dos participantes por el WebSocket como un mensaje
    de tipo `adjunto`."""
    return await flows.upload(ctx, principal, chat_id, file, caption=(text or "").strip())


@router.get("/adjuntos/{adjunto_id}", response_class=StreamingResponse, responses=_FILE_RESPONSES)
async def download(
    adjunto_id: uuid.UUID, principal: CurrentUser, ctx: Ctx, request: Request
) -> StreamingResponse:
    """Descarga un archivo del chat: solo los participantes y los administradores (cada descarga de un
    administrador queda registrada en la auditoría del equipo)."""
    return await _stream(ctx, principal, request, adjunto_id, thumbnail=False)


@router.get("/adjuntos/{adjunto_id}/thumbnail", response_class=StreamingResponse, responses=_FILE_RESPONSES)
async def thumbnail(
    adjunto_id: uuid.UUID, principal: CurrentUser, ctx: Ctx, request: Request
) -> StreamingResponse:
    """La miniatura de una imagen del chat (WebP, 400 px de lado mayor), con los mismos permisos."""
    return await _stream(ctx, principal, request, adjunto_id, thumbnail=True)


async def _stream(
    ctx: ServiceContext, principal: Principal, request: Request, adjunto_id: uuid.UUID, *, thumbnail: bool
) -> StreamingResponse:
    staff = await staff_actor(request, principal) if principal.is_admin else None
    row, body = await flows.download(ctx, principal, adjunto_id, thumbnail=thumbnail, staff=staff)
    if thumbnail:
        stem = row.nombre.rsplit(".", 1)[0]
        return private_download(body, filename=f"{stem}-miniatura.webp", content_type="image/webp")
    return private_download(body, filename=row.nombre, content_type=row.content_type, size=row.tamano)
