"""The professionals' response time (SPEC §13), from the chat service's MessageSent.

Per conversation the read model keeps the client's first message and the professional's first message
after it (their first reply). Events may come late, out of order or twice (the inbox drops exact
duplicates; the rules below are idempotent anyway):

- Which side is the professional is decided once per conversation: the participant with a profile here
  (retried later while neither has one, i.e. before the professional's UserRegistered has arrived).
- A client message only matters when it is earlier than the first one known; a professional message only
  when it is earlier than the first reply known. Such professional messages are kept (few: normally just
  the first reply, plus any sent before the client wrote), so that an earlier client message arriving late
  can still pick the right reply: the first professional message strictly after the client's first.
- When an answered conversation's first message or first reply changes (a client message that arrives late
  and is earlier lengthens the wait even when the reply stays the same), the professional's median is
  recomputed over the answered conversations whose first client message is within
  ``RESPONSE_TIME_WINDOW_DAYS`` and stored on the profile and on the search rows, so cards never compute
  it. A daily job recomputes the stored medians as conversations leave the window.

The messages that the inbox hands over together are folded together (``fold_messages``), in a fixed number
of statements however many there are; ``message_sent`` folds one as a batch of one.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import MessageSent
from conectar.platform.db import insert_ignore_many, utcnow
from conectar.professionals import domain
from conectar.professionals import repository as repo
from conectar.professionals.models import (
    ProfessionalProfile,
    RespuestaConversacion,
    RespuestaMensajeProfesional,
    professional_search,
)

WINDOW = timedelta(days=domain.RESPONSE_TIME_WINDOW_DAYS)


class ConversationNotYetKnown(RuntimeError):
    """Neither participant has a profile here yet (the professional's UserRegistered is late); retried."""


# Per unit of work: the conversations ``lock_conversations`` locked, by chat id; the messages
# ``fold_messages`` folded, by message id.
_LOCKED = "response_time_locked"
_FOLDED = "response_time_folded"

# The fold reads and writes the tables directly (Core): loading and flushing ORM objects was most of its
# cost (bench/events.py).
_C = cast("Table", RespuestaConversacion.__table__)
_M = cast("Table", RespuestaMensajeProfesional.__table__)


@dataclass
class _Conversation:
    """A locked conversation's row, as the fold sees and changes it (``changed``: to be written)."""

    profesional_usuario_id: uuid.UUID
    primer_mensaje_cliente_at: datetime | None
    primera_respuesta_at: datetime | None
    changed: bool = False


async def lock_conversations(session: AsyncSession, events: Sequence[MessageSent]) -> None:
    """Lock the conversations of a batch's messages in chat id order (two replicas' batches then do not
    deadlock over the conversations they share; a batch that deadlocks anyway is aborted by PostgreSQL and
    handled again one message at a time), creating the ones not known yet, in a few statements for the
    whole batch; each message below then finds its own already locked."""
    locked: dict[uuid.UUID, _Conversation] = session.info.setdefault(_LOCKED, {})
    locked.update(await _lock(session, {event.chat_id for event in events} - set(locked)))
    new = {event.chat_id: event for event in events if event.chat_id not in locked}
    if not new:
        return
    people = {person for event in new.values() for person in (event.sender_id, event.recipient_id)}
    with_profile = await repo.users_with_profile(session, list(people))
    rows = [
        {"chat_id": chat_id, "profesional_usuario_id": profesional}
        for chat_id, event in sorted(new.items())
        if (profesional := _professional(event, with_profile)) is not None
    ]
    # Conversations whose professional is not known here yet stay unlocked: their messages raise below.
    await insert_ignore_many(session, _C, rows, key=("chat_id",))
    locked.update(await _lock(session, {row["chat_id"] for row in rows}))


async def _lock(session: AsyncSession, chat_ids: set[uuid.UUID]) -> dict[uuid.UUID, _Conversation]:
    if not chat_ids:
        return {}
    rows = await session.execute(
        select(
            _C.c.chat_id,
            _C.c.profesional_usuario_id,
            _C.c.primer_mensaje_cliente_at,
            _C.c.primera_respuesta_at,
        )
        .where(_C.c.chat_id.in_(sorted(chat_ids)))
        .order_by(_C.c.chat_id)
        .with_for_update()
    )
    return {chat_id: _Conversation(profesional, first, reply) for chat_id, profesional, first, reply in rows}


async def fold_messages(session: AsyncSession, messages: Sequence[tuple[MessageSent, datetime]]) -> None:
    """Fold the messages (each sent at its datetime) of one unit of work together: their conversations
    locked and created as by ``lock_conversations``, the professional messages that may be a first reply
    written in one statement, the replies read in one, the conversations changed written in one, and the
    medians of the professionals whose figures moved recomputed together. The end state is the one the
    messages reach folded one by one; their ``message_sent`` calls then return at once. The messages of
    conversations whose professional is not known here yet are left out (their ``message_sent`` raises)."""
    await lock_conversations(session, [event for event, _ in messages])
    locked: dict[uuid.UUID, _Conversation] = session.info[_LOCKED]
    known = [(event, at) for event, at in messages if event.chat_id in locked]
    professional_messages: list[dict[str, object]] = []
    touched: dict[uuid.UUID, bool] = {}  # the conversations the batch may change: did the first move?
    for event, at in known:
        conversation = locked[event.chat_id]
        if event.sender_id == conversation.profesional_usuario_id:
            if conversation.primera_respuesta_at is None or at < conversation.primera_respuesta_at:
                professional_messages.append(
                    {"chat_id": event.chat_id, "message_id": event.message_id, "enviado_at": at}
                )
                touched.setdefault(event.chat_id, False)
        elif conversation.primer_mensaje_cliente_at is None or at < conversation.primer_mensaje_cliente_at:
            conversation.primer_mensaje_cliente_at = at
            conversation.changed = True
            touched[event.chat_id] = True
    await insert_ignore_many(session, _M, professional_messages, key=("chat_id", "message_id"))
    kept: dict[uuid.UUID, list[datetime]] = defaultdict(list)
    if touched:
        rows = await session.execute(
            select(_M.c.chat_id, _M.c.enviado_at).where(_M.c.chat_id.in_(sorted(touched)))
        )
        for chat_id, enviado_at in rows:
            kept[chat_id].append(enviado_at)
    new_reply: list[uuid.UUID] = []
    moved: set[uuid.UUID] = set()
    for chat_id, first_moved in touched.items():
        conversation = locked[chat_id]
        first = conversation.primer_mensaje_cliente_at
        reply = min((sent for sent in kept[chat_id] if first is not None and sent > first), default=None)
        if reply is None:
            continue
        if reply != conversation.primera_respuesta_at:
            conversation.primera_respuesta_at = reply
            conversation.changed = True
            new_reply.append(chat_id)
        elif not first_moved:
            continue
        moved.add(conversation.profesional_usuario_id)
    await _write_changed(session, locked)
    if new_reply:
        # Later professional messages can never become the first reply.
        reply_of = select(_C.c.primera_respuesta_at).where(_C.c.chat_id == _M.c.chat_id).scalar_subquery()
        await session.execute(
            delete(_M).where(_M.c.chat_id.in_(sorted(new_reply)), _M.c.enviado_at > reply_of)
        )
    await recompute_many(session, moved)
    session.info.setdefault(_FOLDED, set()).update(event.message_id for event, _ in known)


async def _write_changed(session: AsyncSession, locked: dict[uuid.UUID, _Conversation]) -> None:
    changed = [
        {
            "id": chat_id,
            "first": conversation.primer_mensaje_cliente_at,
            "reply": conversation.primera_respuesta_at,
        }
        for chat_id, conversation in sorted(locked.items())
        if conversation.changed
    ]
    if not changed:
        return
    await session.execute(
        update(_C)
        .where(_C.c.chat_id == bindparam("id"))
        .values(primer_mensaje_cliente_at=bindparam("first"), primera_respuesta_at=bindparam("reply")),
        changed,
    )
    for conversation in locked.values():
        conversation.changed = False


def _professional(event: MessageSent, with_profile: set[uuid.UUID]) -> uuid.UUID | None:
    """The participant with a profile here (the recipient first), if either has one."""
    if event.recipient_id in with_profile:
        return event.recipient_id
    if event.sender_id in with_profile:
        return event.sender_id
    return None


async def message_sent(session: AsyncSession, event: MessageSent, at: datetime) -> None:
    """Fold one message (sent at ``at``) into its conversation's first message and first reply: a batch of
    one, unless its batch's ``fold_messages`` already did."""
    if event.message_id in session.info.get(_FOLDED, ()):
        return
    await fold_messages(session, [(event, at)])
    if event.message_id not in session.info[_FOLDED]:
        raise ConversationNotYetKnown(str(event.chat_id))


async def recompute(
    session: AsyncSession, profesional_usuario_id: uuid.UUID, now: datetime | None = None
) -> None:
    """Store the professional's median response time (on the profile and on their search rows)."""
    await recompute_many(session, [profesional_usuario_id], now)


async def recompute_many(
    session: AsyncSession, profesional_usuario_ids: Iterable[uuid.UUID], now: datetime | None = None
) -> None:
    """``recompute`` for several professionals, in three statements."""
    professionals = sorted(set(profesional_usuario_ids))
    if not professionals:
        return
    C = RespuestaConversacion
    since = (now or utcnow()) - WINDOW
    rows = await session.execute(
        select(C.profesional_usuario_id, C.primer_mensaje_cliente_at, C.primera_respuesta_at).where(
            C.profesional_usuario_id.in_(professionals),
            C.primer_mensaje_cliente_at >= since,
            C.primera_respuesta_at.is_not(None),
        )
    )
    waits: dict[uuid.UUID, list[float]] = {usuario_id: [] for usuario_id in professionals}
    for usuario_id, first, reply in rows:
        if first is not None and reply is not None:
            waits[usuario_id].append((reply - first).total_seconds())
    medians = [
        {"usuario": usuario_id, "mediana": domain.median_response_minutes(seconds)}
        for usuario_id, seconds in waits.items()
    ]
    P = cast("Table", ProfessionalProfile.__table__)
    S = professional_search
    await session.execute(
        update(P)
        .where(P.c.usuario_id == bindparam("usuario"))
        .values(tiempo_respuesta_mediano_min=bindparam("mediana")),
        medians,
    )
    profile = select(P.c.id).where(P.c.usuario_id == bindparam("usuario")).scalar_subquery()
    await session.execute(
        update(S)
        .where(S.c.profesional_id == profile)
        .values(tiempo_respuesta_mediano_min=bindparam("mediana")),
        medians,
    )
