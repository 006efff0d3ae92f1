"""Attachments in chat (SPEC §12): the rules and how an attachment reads. Functions here take a ``session``
(or nothing) and never commit; the upload and download flows are in ``chat/flows/attachments.py``.

- What may be sent: an image (JPEG, PNG, WebP or GIF that really decodes as one, within the kernel's pixel
  caps, re-encoded as WebP without any metadata — no EXIF, no GPS — with a thumbnail) or a PDF (sniffed by
  its signature and its skeleton checked); at most :data:`MAX_BYTES`. Anything else is a 400.
- How many: :data:`PER_DAY` per conversation over any 24 hours (a rolling window; SPEC §12), whoever sent
  them. Over it: 429 with ``Retry-After`` (when the oldest of those files leaves the window), as every rate
  limit of the API.
- Who sees them: the two participants and ADMIN (each staff download recorded in the staff audit trail);
  anyone else gets 404, as for an unknown id.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import Adjunto, Message
from conectar.chat.moderation import moderate
from conectar.chat.schemas import AdjuntoRead, DisputaRead
from conectar.platform.errors import BusinessRuleError
from conectar.platform.uploads import (
    THUMBNAIL_SIDE,
    check_pdf,
    process_image,
    safe_filename,
    sha256_hex,
)

MAX_BYTES = 10 * 1024 * 1024
PER_DAY = 20
WINDOW = timedelta(hours=24)
CAPTION_MAX_LENGTH = 500
IMAGE_MAX_SIDE = 2048
VIEW_ACTION = "chat.adjunto.ver"
TIPO = "adjunto"
URL_PREFIX = "/api/v1/chat/adjuntos"
NOT_FOUND = "Archivo no encontrado"
NOT_ALLOWED = "Solo se pueden enviar imágenes (JPEG, PNG, WebP o GIF) o documentos PDF"
QUOTA_REACHED = (
    f"Esta conversación llegó al límite de {PER_DAY} archivos por día; se pueden volver a enviar más tarde"
)

_IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a")


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_SIGNATURES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


@dataclass(frozen=True)
class PreparedFile:
    """What will be stored for an upload: the file (re-encoded when it is an image) and its thumbnail."""

    nombre: str
    content_type: str
    extension: str
    data: bytes
    thumbnail: bytes | None
    sha256: str


def _display_name(filename: str | None, extension: str, default_stem: str) -> str:
    """The uploaded name, cleaned; a name that carries contact details (moderation would mask it) is
    replaced by a neutral one, without counting an infraction (a camera's file name is full of digits)."""
    name = safe_filename(filename, extension, default_stem=default_stem)
    if moderate(name.rsplit(".", 1)[0]).flagged:
        return f"{default_stem}.{extension}"
    return name


async def prepare(data: bytes, filename: str | None) -> PreparedFile:
    """Sniff, check and (for images) re-encode an upload; BusinessRuleError (400) when it is not allowed.

    The declared name and content type are never trusted: the bytes decide."""
    if data.startswith(b"%PDF-"):
        check_pdf(data)
        return PreparedFile(
            nombre=_display_name(filename, "pdf", "documento"),
            content_type="application/pdf",
            extension="pdf",
            data=data,
            thumbnail=None,
            sha256=sha256_hex(data),
        )
    if not _is_image(data):
        raise BusinessRuleError(NOT_ALLOWED)
    full, thumb = await process_image(data, max_side=IMAGE_MAX_SIDE, thumbnail_side=THUMBNAIL_SIDE)
    assert thumb is not None
    return PreparedFile(
        nombre=_display_name(filename, full.extension, "imagen"),
        content_type=full.content_type,
        extension=full.extension,
        data=full.data,
        thumbnail=thumb.data,
        sha256=sha256_hex(full.data),
    )


def storage_keys(chat_id: uuid.UUID, adjunto_id: uuid.UUID, extension: str) -> tuple[str, str]:
    """(file, thumbnail) keys in private storage."""
    base = f"chat/{chat_id}/{adjunto_id.hex}"
    return f"{base}.{extension}", f"{base}-thumb.webp"


def adjunto_read(row: Adjunto) -> AdjuntoRead:
    return AdjuntoRead(
        id=row.id,
        nombre=row.nombre,
        content_type=row.content_type,
        tamano=row.tamano,
        url=f"{URL_PREFIX}/{row.id}",
        thumbnail_url=f"{URL_PREFIX}/{row.id}/thumbnail" if row.thumbnail_key else None,
    )


def preview(caption: str, nombre: str) -> str:
    """How an attachment message reads in the conversation list and notices."""
    return caption or f"📎 {nombre}"


async def quota_left(session: AsyncSession, chat_id: uuid.UUID, now: datetime) -> tuple[int, float]:
    """(files the conversation may still take now, seconds until one more is allowed when none is)."""
    used, oldest = await repo.adjuntos_sent_since(session, chat_id, now - WINDOW)
    left = max(0, PER_DAY - used)
    wait = 0.0 if left or oldest is None else max(1.0, (oldest + WINDOW - now).total_seconds())
    return left, wait


async def adjuntos_of_messages(
    session: AsyncSession, messages: Sequence[Message]
) -> dict[uuid.UUID, AdjuntoRead]:
    """The attachment of each attachment message, by message id (one query)."""
    ids = [m.id for m in messages if m.tipo == TIPO]
    return {row.message_id: adjunto_read(row) for row in await repo.adjuntos_of_messages(session, ids)}


async def cite_in_disputa(
    session: AsyncSession, disputa_id: uuid.UUID, chat_id: uuid.UUID, adjunto_ids: Sequence[uuid.UUID]
) -> list[AdjuntoRead]:
    """Record the attachments a dispute cites; each must belong to the trabajo's conversation (400)."""
    wanted = set(adjunto_ids)
    if not wanted:
        return []
    found = await repo.adjuntos_in_chat(session, chat_id, list(wanted))
    if len(found) != len(wanted):
        raise BusinessRuleError("Solo se pueden citar archivos enviados en la conversación de este trabajo")
    await repo.cite_adjuntos(session, disputa_id, list(wanted))
    return [adjunto_read(row) for row in sorted(found, key=lambda a: (a.fecha_creacion, a.id))]


async def adjuntos_of_disputas(
    session: AsyncSession, disputa_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[AdjuntoRead]]:
    cited: dict[uuid.UUID, list[AdjuntoRead]] = {}
    for disputa_id, row in await repo.adjuntos_of_disputas(session, disputa_ids):
        cited.setdefault(disputa_id, []).append(adjunto_read(row))
    return cited


async def with_cited(session: AsyncSession, reads: Sequence[DisputaRead]) -> list[DisputaRead]:
    """Disputes as the API shows them, with the chat attachments each one cites."""
    cited = await adjuntos_of_disputas(session, [d.id for d in reads])
    return [d.model_copy(update={"adjuntos": cited.get(d.id, [])}) for d in reads]
