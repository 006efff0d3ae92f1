"""flows: take the context, open and commit their own units of work, may call other services between them.

Attachments in chat (SPEC §12; the rules are in ``chat/attachments.py``). An upload is checked in a short
read (participant, not chat-banned, quota), decoded and re-encoded in the kernel's bounded pool and stored
in private storage with no unit of work open, then written in one unit that locks both people (the same
lock order as every message), checks the ban and the quota again under that lock, and stores the
attachment, its message, both feed items and the MessageSent event together. Files of an upload that is
refused at that point are deleted.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import structlog
from fastapi import UploadFile

from conectar.chat import attachments, feed, metrics
from conectar.chat import repository as repo
from conectar.chat.conversations import PREVIEW_LENGTH, chat_settings, may_write, record_infraction
from conectar.chat.flows.conversations import participants
from conectar.chat.flows.people import ensure_known
from conectar.chat.models import Adjunto, Message
from conectar.chat.moderation import moderate
from conectar.chat.realtime import hub
from conectar.chat.schemas import MessageRead
from conectar.contracts.events import MessageSent
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow
from conectar.platform.downloads import open_stream
from conectar.platform.errors import Forbidden, NotFound, RateLimited
from conectar.platform.security import Principal
from conectar.platform.uploads import read_limited

log = structlog.get_logger(__name__)


async def _sender_may_send(
    ctx: ServiceContext, principal: Principal, chat_id: uuid.UUID
) -> tuple[uuid.UUID, uuid.UUID]:
    """(conversation's client, professional) when the caller is a participant who may send files now:
    403 for anyone else, for a chat-banned or suspended sender; 429 over the day's quota."""
    cliente_id, profesional_id = await participants(ctx, chat_id)
    if principal.user_id not in (cliente_id, profesional_id):
        raise Forbidden("No participás de esta conversación")
    recipient_id = profesional_id if principal.user_id == cliente_id else cliente_id
    await ensure_known(ctx, [principal.user_id, recipient_id])
    async with ctx.db.session(write=False) as session:
        may_write(await repo.person(session, principal.user_id))
        left, wait = await attachments.quota_left(session, chat_id, utcnow())
    if not left:
        raise RateLimited(wait, attachments.QUOTA_REACHED)
    return cliente_id, profesional_id


async def _delete_files(ctx: ServiceContext, keys: list[str]) -> None:
    for key in keys:
        try:
            await ctx.storage.delete(key, public=False)
        except Exception as exc:  # nothing refers to it; a leftover file is only clutter
            log.warning("chat_attachment_delete_failed", error=type(exc).__name__)


async def upload(
    ctx: ServiceContext, principal: Principal, chat_id: uuid.UUID, file: UploadFile, *, caption: str
) -> MessageRead:
    """Send a file to a conversation: the message as the API shows it (``tipo: adjunto``). Who may send
    is decided before the file is read."""
    settings = chat_settings(ctx)
    cliente_id, profesional_id = await _sender_may_send(ctx, principal, chat_id)
    recipient_id = profesional_id if principal.user_id == cliente_id else cliente_id
    data = await read_limited(file, attachments.MAX_BYTES, label="El archivo")
    prepared = await attachments.prepare(data, file.filename)
    moderated = moderate(caption) if caption else None
    text = moderated.text if moderated is not None else ""

    adjunto_id, message_id = uuid.uuid4(), uuid.uuid4()
    key, thumb_key = attachments.storage_keys(chat_id, adjunto_id, prepared.extension)
    stored: list[str] = []
    try:
        # Every step from the first file stored on is covered: a failure deletes what was stored.
        stored.append(key)
        await ctx.storage.put(key, prepared.data, prepared.content_type, public=False)
        if prepared.thumbnail is not None:
            stored.append(thumb_key)
            await ctx.storage.put(thumb_key, prepared.thumbnail, "image/webp", public=False)
        connected = await hub(ctx).is_connected(recipient_id)
        async with ctx.db.session() as session:
            # Both people locked in id order with their feed numbers reserved, as for every message.
            rows = await repo.reserve_feed_seqs(session, [principal.user_id, recipient_id])
            sender = may_write(rows.get(principal.user_id))  # again, under the lock
            now = utcnow()
            left, wait = await attachments.quota_left(session, chat_id, now)
            if not left:
                raise RateLimited(wait, attachments.QUOTA_REACHED)
            message = Message(
                id=message_id,
                chat_id=chat_id,
                sender_id=principal.user_id,
                recipient_id=recipient_id,
                text=text,
                tipo=attachments.TIPO,
                oferta_id=None,
                moderated=bool(moderated and moderated.flagged),
                fecha_creacion=now,
            )
            session.add(message)
            await session.flush()  # the message first: the attachment refers to it
            row = Adjunto(
                id=adjunto_id,
                chat_id=chat_id,
                message_id=message_id,
                autor_id=principal.user_id,
                nombre=prepared.nombre,
                content_type=prepared.content_type,
                tamano=len(prepared.data),
                sha256=prepared.sha256,
                storage_key=key,
                thumbnail_key=thumb_key if prepared.thumbnail is not None else None,
                fecha_creacion=now,
            )
            session.add(row)
            await session.flush()
            shown = attachments.preview(text, prepared.nombre)
            await repo.touch_conversation(session, chat_id, shown, now)
            sender_nombre = f"{sender.nombre} {sender.apellido}".strip()
            read = MessageRead(
                id=message_id,
                chat_id=chat_id,
                sender_id=principal.user_id,
                sender_nombre=sender_nombre,
                text=text,
                tipo=attachments.TIPO,
                oferta_id=None,
                timestamp=now,
                read=False,
                adjunto=attachments.adjunto_read(row),
            )
            seqs = {user_id: int(found.feed_seq) for user_id, found in rows.items()}
            await feed.push_reserved(
                ctx, session, seqs, "message", read.model_dump(mode="json"), sender_id=principal.user_id
            )
            on_commit(session, metrics.MESSAGES.inc)
            if moderated is not None and moderated.flagged:
                await record_infraction(ctx, session, settings, principal.user_id, sender.infracciones_chat)
            await ctx.outbox.add(
                session,
                MessageSent(
                    message_id=message_id,
                    chat_id=chat_id,
                    sender_id=principal.user_id,
                    recipient_id=recipient_id,
                    sender_nombre=sender_nombre,
                    preview=shown[:PREVIEW_LENGTH],
                    tipo=attachments.TIPO,
                    recipient_connected=connected,
                ),
            )
    except BaseException:
        await _delete_files(ctx, stored)
        raise
    return read


async def download(
    ctx: ServiceContext,
    principal: Principal,
    adjunto_id: uuid.UUID,
    *,
    thumbnail: bool,
    staff: audit.Actor | None = None,
) -> tuple[Adjunto, AsyncIterator[bytes]]:
    """An attachment's file (or its thumbnail) for a participant of its conversation or an ADMIN (``staff``:
    the view is recorded in the staff audit trail, committed before any byte is streamed); 404 for anyone
    else, as for an unknown id."""
    async with ctx.db.session(write=False) as session:
        row = await repo.adjunto(session, adjunto_id)
        conv = await repo.conversation(session, row.chat_id) if row is not None else None
    if row is None or conv is None:
        raise NotFound(attachments.NOT_FOUND)
    is_participant = principal.user_id in (conv.cliente_id, conv.profesional_id)
    if not (is_participant or (principal.is_admin and staff is not None)):
        raise NotFound(attachments.NOT_FOUND)
    key = row.thumbnail_key if thumbnail else row.storage_key
    if key is None:
        raise NotFound("Este archivo no tiene miniatura")
    body = await open_stream(ctx.storage, key, public=False)
    if staff is not None and not is_participant:
        try:
            async with ctx.db.session() as session:
                await ctx.audit.record(
                    session,
                    staff,
                    accion=attachments.VIEW_ACTION,
                    recurso="conversacion",
                    recurso_id=conv.id,
                    detalle={
                        "adjunto_id": str(row.id),
                        "miniatura": thumbnail,
                        "cliente_id": str(conv.cliente_id),
                        "profesional_id": str(conv.profesional_id),
                    },
                )
        except BaseException:
            close = getattr(body, "aclose", None)
            if close is not None:
                await close()
            raise
    return row, body
