"""Conversations and messages, with moderation (SPEC §4)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import feed, metrics
from conectar.chat import repository as repo
from conectar.chat.attachments import adjuntos_of_messages
from conectar.chat.models import ChatUserCopy, Conversation, Message
from conectar.chat.schemas import AdjuntoRead, ChatRead, MessageRead, MyChats, UnreadCount
from conectar.chat.settings import ChatSettings
from conectar.contracts.events import ChatInfractionRecorded
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow
from conectar.platform.errors import BusinessRuleError, Forbidden, NotFound
from conectar.platform.security import Principal

PLATFORM_NAME = "ConectarProfesionales"
PARTICIPANTS_CACHE_SIZE = 50_000
PREVIEW_LENGTH = 140
READ_ACTION = "chat.conversacion.ver"
UNBAN_ACTION = "chat.desbloquear"


def chat_settings(ctx: ServiceContext) -> ChatSettings:
    """The chat's own settings, read from the environment once per service context."""
    found = ctx.extras.get("chat_settings")
    if not isinstance(found, ChatSettings):
        found = ctx.extras["chat_settings"] = ChatSettings()
    return found


def message_read(
    message: Message,
    names: dict[uuid.UUID, ChatUserCopy],
    *,
    sender_nombre: str | None = None,
    adjunto: AdjuntoRead | None = None,
) -> MessageRead:
    sender = names.get(message.sender_id) if message.sender_id else None
    if sender_nombre is None:
        sender_nombre = sender.nombre_completo if sender else PLATFORM_NAME
    return MessageRead(
        id=message.id,
        chat_id=message.chat_id,
        sender_id=message.sender_id,
        sender_nombre=sender_nombre,
        text=message.text,
        tipo=message.tipo,
        oferta_id=message.oferta_id,
        timestamp=message.fecha_creacion,
        read=message.read_at is not None,
        adjunto=adjunto,
    )


def chat_read(conv: Conversation, names: dict[uuid.UUID, ChatUserCopy], unread: int) -> ChatRead:
    cliente = names.get(conv.cliente_id)
    profesional = names.get(conv.profesional_id)
    return ChatRead(
        id=conv.id,
        cliente_id=conv.cliente_id,
        profesional_id=conv.profesional_id,
        cliente_nombre=cliente.nombre_completo if cliente else "",
        profesional_nombre=profesional.nombre_completo if profesional else "",
        last_message=conv.last_message,
        last_message_time=conv.last_message_time,
        unread_count=unread,
        fecha_creacion=conv.fecha_creacion,
        fecha_actualizacion=conv.fecha_actualizacion,
    )


def is_participant(conv: Conversation, user_id: uuid.UUID) -> bool:
    return user_id in (conv.cliente_id, conv.profesional_id)


def other_party(conv: Conversation, user_id: uuid.UUID) -> uuid.UUID:
    return conv.profesional_id if user_id == conv.cliente_id else conv.cliente_id


CHAT_BANNED = "Tu cuenta tiene el chat bloqueado por compartir datos de contacto"
SUSPENDED = "Tu cuenta está suspendida"


class Writer(Protocol):
    @property
    def is_chat_banned(self) -> bool: ...

    @property
    def is_active_copy(self) -> bool: ...


W = TypeVar("W", bound=Writer)


def may_write(person: W | None) -> W:
    """The person (this service's copy, or a message's locked row) if they may write in conversations now:
    404 unknown, 403 chat-banned (SPEC §4) or suspended."""
    if person is None:
        raise NotFound("Usuario no encontrado")
    if person.is_chat_banned:
        raise Forbidden(CHAT_BANNED)
    if not person.is_active_copy:
        raise Forbidden(SUSPENDED)
    return person


def ensure_active(
    people: dict[uuid.UUID, ChatUserCopy], *, cliente_id: uuid.UUID, profesional_id: uuid.UUID
) -> None:
    """Refuse new business (an offer, a trabajo) with someone whose account is suspended, closed or deleted.
    Checked on the rows ``lock_people`` returned: an erasure or a suspension that committed first is seen,
    and one that comes later waits for this unit of work (and then finds what it made)."""
    for user_id, whose in ((profesional_id, "del profesional"), (cliente_id, "del cliente")):
        found = people.get(user_id)
        if found is not None and not found.is_active_copy:
            raise BusinessRuleError(f"La cuenta {whose} no está activa")


async def lock_people(session: AsyncSession, *user_ids: uuid.UUID) -> dict[uuid.UUID, ChatUserCopy]:
    """Lock the people a change concerns, always in id order (no deadlocks between transactions)."""
    locked = {}
    for user_id in sorted(set(user_ids)):
        found = await repo.person(session, user_id, lock=True)
        if found is not None:
            locked[user_id] = found
    return locked


async def my_chats(session: AsyncSession, principal: Principal) -> MyChats:
    convs = await repo.conversations_of(session, principal.user_id)
    ids = [uid for conv in convs for uid in (conv.cliente_id, conv.profesional_id)]
    names = await repo.people(session, ids)
    unread = await repo.unread_by_chat(session, principal.user_id)
    chats = [chat_read(conv, names, unread.get(conv.id, 0)) for conv in convs]
    return MyChats(chats=chats, total_unread=sum(unread.values()))


async def visible_conversation(
    session: AsyncSession, principal: Principal, chat_id: uuid.UUID
) -> Conversation:
    conv = await repo.conversation(session, chat_id)
    if conv is None:
        raise NotFound("Conversación no encontrada")
    if not (is_participant(conv, principal.user_id) or principal.is_admin):
        raise Forbidden("No participás de esta conversación")
    return conv


async def list_messages(
    session: AsyncSession, principal: Principal, chat_id: uuid.UUID, *, limit: int, before: datetime | None
) -> list[MessageRead]:
    await visible_conversation(session, principal, chat_id)
    return await chat_messages(session, chat_id, limit=limit, before=before)


async def chat_messages(
    session: AsyncSession, chat_id: uuid.UUID, *, limit: int, before: datetime | None
) -> list[MessageRead]:
    rows = await repo.messages(session, chat_id, limit=min(max(limit, 1), 200), before=before)
    names = await repo.people(session, [m.sender_id for m in rows if m.sender_id])
    adjuntos = await adjuntos_of_messages(session, rows)
    return [message_read(m, names, adjunto=adjuntos.get(m.id)) for m in rows]


async def record_infraction(
    ctx: ServiceContext, session: AsyncSession, settings: ChatSettings, user_id: uuid.UUID, before: int
) -> None:
    """Moderation masked contact details the person wrote (``before``: their infractions until now, read
    from their locked row): one more, and the chat ban when it reaches the limit."""
    infracciones = before + 1
    banned = infracciones >= settings.chat_infractions_to_ban
    await repo.set_chat_infractions(session, user_id, infracciones, banned)
    on_commit(session, metrics.MESSAGES_MASKED.inc)
    if banned:  # a banned sender is refused before anything is written: this infraction bans the chat
        on_commit(session, metrics.BANS.inc)
    await ctx.outbox.add(
        session,
        ChatInfractionRecorded(user_id=user_id, infracciones_chat=infracciones, is_chat_banned=banned),
    )


async def _append(
    ctx: ServiceContext,
    session: AsyncSession,
    conv: Conversation,
    *,
    sender_id: uuid.UUID | None,
    text: str,
    tipo: str,
    oferta_id: uuid.UUID | None,
    moderated: bool = False,
) -> Message:
    now = utcnow()
    recipient = other_party(conv, sender_id) if sender_id else None
    message = Message(
        id=uuid.uuid4(),
        chat_id=conv.id,
        sender_id=sender_id,
        recipient_id=recipient,
        text=text,
        tipo=tipo,
        oferta_id=oferta_id,
        moderated=moderated,
        fecha_creacion=now,
    )
    session.add(message)
    conv.last_message = text[:200]
    conv.last_message_time = now
    conv.fecha_actualizacion = now
    await session.flush()
    names = await repo.people(session, [sender_id] if sender_id else [])
    payload = message_read(message, names).model_dump(mode="json")
    await feed.push(
        ctx, session, [conv.cliente_id, conv.profesional_id], "message", payload, sender_id=sender_id
    )
    return message


async def system_message(
    ctx: ServiceContext,
    session: AsyncSession,
    conv: Conversation,
    text: str,
    *,
    tipo: str = "sistema",
    oferta_id: uuid.UUID | None = None,
    sender_id: uuid.UUID | None = None,
) -> Message:
    """A message from the platform (or an offer card from the professional) in the conversation."""
    return await _append(ctx, session, conv, sender_id=sender_id, text=text, tipo=tipo, oferta_id=oferta_id)


async def unread_count(session: AsyncSession, principal: Principal) -> UnreadCount:
    total = sum((await repo.unread_by_chat(session, principal.user_id)).values())
    return UnreadCount(unread_count=total, count=total, total_unread=total)
