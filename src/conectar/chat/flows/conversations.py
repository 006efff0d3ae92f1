"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from conectar.chat import feed, metrics
from conectar.chat import repository as repo
from conectar.chat.backpressure import send_gate
from conectar.chat.conversations import (
    PARTICIPANTS_CACHE_SIZE,
    PREVIEW_LENGTH,
    READ_ACTION,
    UNBAN_ACTION,
    chat_messages,
    chat_read,
    chat_settings,
    is_participant,
    lock_people,
    may_write,
    record_infraction,
)
from conectar.chat.flows.people import ensure_known, ensure_people, ensure_person
from conectar.chat.models import ChatUserCopy, Conversation
from conectar.chat.moderation import moderate
from conectar.chat.realtime import hub
from conectar.chat.schemas import ChatRead, MarkRead, MessageRead
from conectar.chat.settings import ChatSettings
from conectar.contracts.events import ChatBanLifted, ConversationRead, MessageSent
from conectar.contracts.identity import Rol
from conectar.platform import audit
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow
from conectar.platform.errors import BusinessRuleError, Forbidden, NotFound
from conectar.platform.security import Principal


async def open_conversation(
    ctx: ServiceContext, cliente_id: uuid.UUID, profesional_id: uuid.UUID
) -> tuple[Conversation, bool]:
    """The conversation between a client and a professional, created when missing (unique per pair)."""
    found = await ensure_people(ctx, [cliente_id, profesional_id])
    if found[cliente_id].rol != Rol.CLIENTE.value:
        raise BusinessRuleError("cliente_id no corresponde a un cliente")
    if found[profesional_id].rol != Rol.PROFESIONAL.value:
        raise BusinessRuleError("profesional_id no corresponde a un profesional")
    if not (found[cliente_id].is_active_copy and found[profesional_id].is_active_copy):
        raise BusinessRuleError("La cuenta de uno de los participantes está suspendida")
    async with ctx.db.session() as session:
        created = await repo.insert_conversation(session, cliente_id, profesional_id)
        conv = await repo.conversation_between(session, cliente_id, profesional_id)
        assert conv is not None
        if created:
            await feed.push(ctx, session, [cliente_id, profesional_id], "chat", {"chat_id": str(conv.id)})
    return conv, created


async def create_chat(
    ctx: ServiceContext, principal: Principal, cliente_id: uuid.UUID, profesional_id: uuid.UUID
) -> tuple[ChatRead, bool]:
    if principal.user_id not in (cliente_id, profesional_id):
        raise Forbidden("Solo podés abrir conversaciones en las que participás")
    conv, created = await open_conversation(ctx, cliente_id, profesional_id)
    async with ctx.db.session(write=False) as session:
        names = await repo.people(session, [cliente_id, profesional_id])
        unread = (await repo.unread_by_chat(session, principal.user_id)).get(conv.id, 0)
    return chat_read(conv, names, unread), created


async def staff_messages(
    ctx: ServiceContext, staff: audit.Actor, chat_id: uuid.UUID, *, limit: int, before: datetime | None
) -> list[MessageRead]:
    """An ADMIN reads a conversation they are not part of: the read is recorded in the staff audit trail,
    in the unit of work that reads the messages."""
    async with ctx.db.session() as session:
        conv = await repo.conversation(session, chat_id)
        if conv is None:
            raise NotFound("Conversación no encontrada")
        found = await chat_messages(session, chat_id, limit=limit, before=before)
        await ctx.audit.record(
            session,
            staff,
            accion=READ_ACTION,
            recurso="conversacion",
            recurso_id=chat_id,
            detalle={
                "cliente_id": str(conv.cliente_id),
                "profesional_id": str(conv.profesional_id),
                "mensajes": len(found),
            },
        )
    return found


async def participants(ctx: ServiceContext, chat_id: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """(cliente_id, profesional_id) of a conversation; they never change, so each replica remembers them."""
    cache: dict[uuid.UUID, tuple[uuid.UUID, uuid.UUID]] = ctx.extras.setdefault("participants", {})
    found = cache.get(chat_id)
    if found is None:
        async with ctx.db.session(write=False) as session:
            conv = await repo.conversation(session, chat_id)
        if conv is None:
            raise NotFound("Conversación no encontrada")
        if len(cache) > PARTICIPANTS_CACHE_SIZE:
            cache.clear()
        found = cache[chat_id] = (conv.cliente_id, conv.profesional_id)
    return found


async def send_message(
    ctx: ServiceContext, principal: Principal, chat_id: uuid.UUID, text: str
) -> MessageRead:
    return (await post_message(ctx, principal, chat_id, text))[0]


async def post_message(
    ctx: ServiceContext, principal: Principal, chat_id: uuid.UUID, text: str
) -> tuple[MessageRead, str]:
    """:func:`send_message`, also giving the stored message encoded as JSON (what the socket sends)."""
    settings = chat_settings(ctx)
    with send_gate(ctx, settings).admit():  # a saturated replica refuses here (503), before any work
        return await _post_message(ctx, settings, principal, chat_id, text)


async def _post_message(
    ctx: ServiceContext, settings: ChatSettings, principal: Principal, chat_id: uuid.UUID, text: str
) -> tuple[MessageRead, str]:
    await ctx.limiter.hit(
        "chat-send",
        str(principal.user_id),
        settings.chat_messages_per_minute,
        60,
        "Estás enviando mensajes demasiado rápido",
    )
    cliente_id, profesional_id = await participants(ctx, chat_id)
    if principal.user_id not in (cliente_id, profesional_id):
        raise Forbidden("No participás de esta conversación")
    recipient_id = profesional_id if principal.user_id == cliente_id else cliente_id
    await ensure_known(ctx, [principal.user_id, recipient_id])
    result = moderate(text)
    connected = await hub(ctx).is_connected(recipient_id)
    message_id = uuid.uuid4()
    now = utcnow()
    # The message as the API shows it.
    draft_message = MessageRead(
        id=message_id,
        chat_id=chat_id,
        sender_id=principal.user_id,
        sender_nombre="",
        text=result.text,
        tipo="texto",
        oferta_id=None,
        timestamp=now,
        read=False,
    )
    write = repo.MessageWrite(
        message_id=message_id,
        chat_id=chat_id,
        sender_id=principal.user_id,
        recipient_id=recipient_id,
        text=result.text,
        moderated=result.flagged,
        at=now,
        payload=draft_message.model_dump(mode="json", exclude={"sender_nombre"}),
        # The sender's name comes from the row the write locks.
        event=ctx.outbox.row(
            MessageSent(
                message_id=message_id,
                chat_id=chat_id,
                sender_id=principal.user_id,
                recipient_id=recipient_id,
                sender_nombre="",
                preview=result.text[:PREVIEW_LENGTH],
                tipo="texto",
                recipient_connected=connected,
            )
        ),
    )
    if not result.flagged and not ctx.db.sqlite:
        # The usual message on PostgreSQL: one statement that commits by itself (nothing is written for a
        # sender who may not write).
        rows = await repo.record_message_alone(ctx.db, write)
        sender_nombre, payload_json, seqs = _written(principal, rows, write)
        feed.announcer(ctx, seqs, "message", payload_json, sender_id=principal.user_id)()
        metrics.MESSAGES.inc()
        ctx.outbox.wake()
        return draft_message.model_copy(update={"sender_nombre": sender_nombre}), payload_json
    async with ctx.db.session() as session:
        # Locks both people in id order and reserves their feed numbers; the sender's row comes back locked.
        rows = await repo.record_message(session, write)
        sender_nombre, payload_json, seqs = _written(principal, rows, write)
        feed.announce_after_commit(ctx, session, seqs, "message", payload_json, sender_id=principal.user_id)
        on_commit(session, metrics.MESSAGES.inc)
        ctx.outbox.wake_after_commit(session)
        if result.flagged:
            sender = rows[principal.user_id]
            await record_infraction(ctx, session, settings, principal.user_id, sender.infracciones_chat)
    return draft_message.model_copy(update={"sender_nombre": sender_nombre}), payload_json


def _written(
    principal: Principal, rows: dict[uuid.UUID, repo.PersonState], write: repo.MessageWrite
) -> tuple[str, str, dict[uuid.UUID, int]]:
    """(sender's name, the message as the socket sends it, feed numbers by person) of a message written,
    once the sender may write (403 or 404 otherwise, and nothing of it takes effect)."""
    sender = may_write(rows.get(principal.user_id))
    sender_nombre = f"{sender.nombre} {sender.apellido}".strip()
    payload_json = feed.encode_payload({**write.payload, "sender_nombre": sender_nombre})
    return sender_nombre, payload_json, {user_id: int(row.feed_seq) for user_id, row in rows.items()}


async def mark_read(ctx: ServiceContext, principal: Principal, chat_id: uuid.UUID) -> MarkRead:
    async with ctx.db.session() as session:
        conv = await repo.conversation(session, chat_id)
        if conv is None:
            raise NotFound("Conversación no encontrada")
        if not is_participant(conv, principal.user_id):
            raise Forbidden("No participás de esta conversación")
        await lock_people(session, conv.cliente_id, conv.profesional_id)
        marked = await repo.mark_read(session, chat_id, principal.user_id)
        if marked:
            payload: dict[str, Any] = {
                "chat_id": str(chat_id),
                "reader_id": str(principal.user_id),
                "read_at": utcnow().isoformat(),
            }
            await feed.push(ctx, session, [conv.cliente_id, conv.profesional_id], "read", payload)
            await ctx.outbox.add(
                session, ConversationRead(chat_id=chat_id, reader_id=principal.user_id, read_at=utcnow())
            )
    return MarkRead(chat_id=chat_id, marked=marked)


async def lift_chat_ban(ctx: ServiceContext, staff: audit.Actor, user_id: uuid.UUID) -> ChatUserCopy:
    await ensure_person(ctx, user_id)
    async with ctx.db.session() as session:
        person = await repo.person(session, user_id, lock=True)
        assert person is not None
        await ctx.audit.record(
            session,
            staff,
            accion=UNBAN_ACTION,
            recurso="usuario",
            recurso_id=user_id,
            detalle={
                "infracciones_anteriores": person.infracciones_chat,
                "estaba_bloqueado": person.is_chat_banned,
            },
        )
        person.infracciones_chat = 0
        person.is_chat_banned = False
        await ctx.outbox.add(session, ChatBanLifted(user_id=user_id))
    return person
