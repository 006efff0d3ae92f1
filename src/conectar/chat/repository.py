"""All SQL of the chat & offers service."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Table, Text, and_, case, cast, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat.models import (
    Adjunto,
    ChatUserCopy,
    Conversation,
    Disputa,
    DisputaAdjunto,
    DisputaEvidencia,
    DisputaMensaje,
    FeedItem,
    Message,
    MoneyAction,
    Oferta,
    Pedido,
    RatingSummary,
    Resena,
    Trabajo,
)
from conectar.chat.models import tables as messaging
from conectar.platform.db import Database, get_row, insert_ignore, utcnow
from conectar.platform.outbox import STATUS_SENT

# --- people ------------------------------------------------------------------------------------------------


async def person(session: AsyncSession, user_id: uuid.UUID, *, lock: bool = False) -> ChatUserCopy | None:
    return await get_row(session, ChatUserCopy, user_id, lock=lock)


async def people(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, ChatUserCopy]:
    if not ids:
        return {}
    rows = await session.execute(select(ChatUserCopy).where(ChatUserCopy.id.in_(set(ids))))
    return {row.id: row for row in rows.scalars()}


async def insert_person(session: AsyncSession, values: dict[str, object]) -> bool:
    return await insert_ignore(session, ChatUserCopy.__table__, values)  # type: ignore[arg-type]


async def next_feed_seqs(session: AsyncSession, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Reserve the next feed number of each person, locking them in a fixed order (no deadlocks); the lock
    lasts until commit, so one person's feed items commit in the order of their numbers."""
    rows = await reserve_feed_seqs(session, user_ids)
    return {user_id: int(row.feed_seq) for user_id, row in rows.items()}


_PEOPLE: Table = ChatUserCopy.__table__  # type: ignore[assignment]


async def reserve_feed_seqs(session: AsyncSession, user_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """:func:`next_feed_seqs` returning each person's row as well (feed_seq, names, moderation state).

    Plain table UPDATEs: the ORM's bulk-update path would also try to synchronise loaded objects."""
    found: dict[uuid.UUID, Any] = {}
    c = _PEOPLE.c
    for user_id in sorted(set(user_ids)):
        result = await session.execute(
            update(_PEOPLE)
            .where(c.id == user_id)
            .values(feed_seq=c.feed_seq + 1)
            .returning(
                c.feed_seq, c.nombre, c.apellido, c.is_chat_banned, c.is_active_copy, c.infracciones_chat
            )
        )
        row = result.one_or_none()
        if row is not None:
            found[user_id] = row
    return found


class PersonState(NamedTuple):
    """A person's row as a message's write locked it."""

    id: uuid.UUID
    feed_seq: int
    nombre: str
    apellido: str
    is_chat_banned: bool
    is_active_copy: bool
    infracciones_chat: int


# A chat message on PostgreSQL is one statement: both people locked in id order; when the sender may write
# (known, not chat-banned, not suspended) their feed numbers reserved, the message stored, the conversation
# touched, both feed items and the MessageSent outbox row written (the feed item's payload and the event
# carry the sender's name from the locked row); otherwise nothing is written. It returns the people as
# locked (feed numbers as reserved), and the caller refuses a sender who may not write from them. Every
# later part reads ``sender``, whose filter is the rule; the people are locked before anything is written.
_MESSAGE_SQL = """
WITH locked AS (
    SELECT id, feed_seq, nombre, apellido, is_chat_banned, is_active_copy, infracciones_chat
    FROM chat_users WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE
), sender AS (
    SELECT btrim(nombre || ' ' || apellido) AS nombre_completo FROM locked
    WHERE id = $2::uuid AND NOT is_chat_banned AND is_active_copy
), people AS (
    UPDATE chat_users AS p SET feed_seq = p.feed_seq + 1
    WHERE p.id IN (SELECT id FROM locked) AND EXISTS (SELECT 1 FROM sender)
    RETURNING p.id, p.feed_seq
), message AS (
    INSERT INTO messages (id, chat_id, sender_id, recipient_id, text, tipo, oferta_id, moderated, fecha_creacion)
    SELECT $3::uuid, $4::uuid, $2::uuid, $5::uuid, $6::text, 'texto', NULL, $7::boolean, $8::timestamptz
    FROM sender
), conversation AS (
    UPDATE conversations SET last_message = $9::text, last_message_time = $8::timestamptz,
        fecha_actualizacion = $8::timestamptz
    WHERE id = $4::uuid AND EXISTS (SELECT 1 FROM sender)
), feed AS (
    INSERT INTO feed_items (user_id, seq, kind, payload, created_at)
    SELECT people.id, people.feed_seq, 'message',
        ($10::jsonb || jsonb_build_object('sender_nombre', sender.nombre_completo))::json, $8::timestamptz
    FROM people, sender
), outbox AS (
    INSERT INTO outbox_events (id, type, version, payload, occurred_at, correlation_id, status, attempts,
        next_attempt_at, trace_context)
    SELECT $11::uuid, $12::text, $13::integer,
        ($14::jsonb || jsonb_build_object('sender_nombre', sender.nombre_completo))::json, $15::timestamptz,
        $16::text, $17::text, $18::integer, $19::timestamptz, $20::json
    FROM sender
)
SELECT locked.id, coalesce(people.feed_seq, locked.feed_seq), locked.nombre, locked.apellido,
    locked.is_chat_banned, locked.is_active_copy, locked.infracciones_chat
FROM locked LEFT JOIN people ON people.id = locked.id
"""

_OUTBOX_COLUMNS = (
    "id",
    "type",
    "version",
    "payload",
    "occurred_at",
    "correlation_id",
    "status",
    "attempts",
    "next_attempt_at",
    "trace_context",
)
_OUTBOX_KEYS = frozenset(_OUTBOX_COLUMNS)


class MessageWrite(NamedTuple):
    """A person's text message to write: ``payload`` is the message as the API shows it and ``event`` the
    MessageSent outbox row (``Outbox.row``), both without ``sender_nombre``, which the sender's locked row
    gives."""

    message_id: uuid.UUID
    chat_id: uuid.UUID
    sender_id: uuid.UUID
    recipient_id: uuid.UUID
    text: str
    moderated: bool
    at: datetime
    payload: dict[str, Any]
    event: dict[str, Any]


async def record_message_alone(db: Database, write: MessageWrite) -> dict[uuid.UUID, PersonState]:
    """:func:`record_message` as a unit of work of its own: one statement that commits by itself
    (PostgreSQL). The people's rows by id; nothing was written unless the sender may write."""
    async with db.autocommit_driver() as driver:
        return await _record_message_pg(driver, write)


async def record_message(session: AsyncSession, write: MessageWrite) -> dict[uuid.UUID, PersonState]:
    """Store a person's text message, both feed items and its MessageSent event in ``session``'s
    transaction; the people's rows (feed_seq, names, moderation state) by id, the sender's among them unless
    unknown. The caller refuses a sender who may not write from them: on PostgreSQL nothing was written
    then, on SQLite the caller's rollback undoes what was."""
    if session.get_bind().dialect.name == "postgresql":
        connection = await session.connection()
        driver = (await connection.get_raw_connection()).driver_connection
        return await _record_message_pg(driver, write)
    found = {
        user_id: PersonState(user_id, *row)
        for user_id, row in (await reserve_feed_seqs(session, [write.sender_id, write.recipient_id])).items()
    }
    sender = found.get(write.sender_id)
    if sender is None:
        return found
    await session.execute(
        Message.__table__.insert().values(  # type: ignore[attr-defined]
            id=write.message_id,
            chat_id=write.chat_id,
            sender_id=write.sender_id,
            recipient_id=write.recipient_id,
            text=write.text,
            tipo="texto",
            oferta_id=None,
            moderated=write.moderated,
            fecha_creacion=write.at,
            read_at=None,
        )
    )
    await touch_conversation(session, write.chat_id, write.text, write.at)
    sender_nombre = f"{sender.nombre} {sender.apellido}".strip()
    item = {**write.payload, "sender_nombre": sender_nombre}
    await session.execute(
        FeedItem.__table__.insert(),  # type: ignore[attr-defined]
        [
            {
                "user_id": user_id,
                "seq": int(row.feed_seq),
                "kind": "message",
                "payload": item,
                "created_at": write.at,
            }
            for user_id, row in found.items()
        ],
    )
    event = {**write.event, "payload": {**write.event["payload"], "sender_nombre": sender_nombre}}
    await session.execute(messaging.outbox.insert(), event)
    return found


async def _record_message_pg(driver: Any, write: MessageWrite) -> dict[uuid.UUID, PersonState]:
    # The platform's hottest write, sent through the driver: SQLAlchemy's per-statement work (building, cache
    # key, parameter and result processing) cost more than PostgreSQL did.
    if write.event.keys() != _OUTBOX_KEYS:
        raise ValueError(f"unexpected outbox row: {sorted(write.event)}")
    event = write.event
    rows = await driver.fetch(
        _MESSAGE_SQL,
        sorted({write.sender_id, write.recipient_id}),
        write.sender_id,
        write.message_id,
        write.chat_id,
        write.recipient_id,
        write.text,
        write.moderated,
        write.at,
        write.text[:200],
        json.dumps(write.payload, default=str),
        event["id"],
        event["type"],
        event["version"],
        json.dumps(event["payload"]),
        event["occurred_at"],
        event["correlation_id"],
        event["status"],
        event["attempts"],
        event["next_attempt_at"],
        None if event["trace_context"] is None else json.dumps(event["trace_context"]),
    )
    return {row["id"]: PersonState(*row) for row in rows}


async def set_chat_infractions(session: AsyncSession, user_id: uuid.UUID, count: int, banned: bool) -> None:
    c = _PEOPLE.c
    await session.execute(
        update(_PEOPLE).where(c.id == user_id).values(infracciones_chat=count, is_chat_banned=banned)
    )


async def feed_after(
    session: AsyncSession, user_id: uuid.UUID, after: int, limit: int = 500
) -> Sequence[FeedItem]:
    rows = await session.execute(
        select(FeedItem)
        .where(FeedItem.user_id == user_id, FeedItem.seq > after)
        .order_by(FeedItem.seq)
        .limit(limit)
    )
    return list(rows.scalars())


async def last_feed_seq(session: AsyncSession, user_id: uuid.UUID) -> int:
    result = await session.execute(select(ChatUserCopy.feed_seq).where(ChatUserCopy.id == user_id))
    return int(result.scalar_one_or_none() or 0)


async def delete_feed_before(session: AsyncSession, before: datetime) -> None:
    await session.execute(delete(FeedItem).where(FeedItem.created_at < before))


# --- conversations and messages -----------------------------------------------------------------------------


async def conversation(
    session: AsyncSession, chat_id: uuid.UUID, *, lock: bool = False
) -> Conversation | None:
    return await get_row(session, Conversation, chat_id, lock=lock)


async def conversation_between(
    session: AsyncSession, cliente_id: uuid.UUID, profesional_id: uuid.UUID
) -> Conversation | None:
    result = await session.execute(
        select(Conversation).where(
            Conversation.cliente_id == cliente_id, Conversation.profesional_id == profesional_id
        )
    )
    return result.scalar_one_or_none()


async def insert_conversation(
    session: AsyncSession, cliente_id: uuid.UUID, profesional_id: uuid.UUID
) -> bool:
    now = utcnow()
    return await insert_ignore(
        session,
        Conversation.__table__,  # type: ignore[arg-type]
        {
            "id": uuid.uuid4(),
            "cliente_id": cliente_id,
            "profesional_id": profesional_id,
            "fecha_creacion": now,
            "fecha_actualizacion": now,
        },
    )


async def conversations_of(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Conversation]:
    rows = await session.execute(
        select(Conversation)
        .where(or_(Conversation.cliente_id == user_id, Conversation.profesional_id == user_id))
        .order_by(func.coalesce(Conversation.last_message_time, Conversation.fecha_creacion).desc())
    )
    return list(rows.scalars())


async def unread_by_chat(session: AsyncSession, user_id: uuid.UUID) -> dict[uuid.UUID, int]:
    rows = await session.execute(
        select(Message.chat_id, func.count())
        .where(Message.recipient_id == user_id, Message.read_at.is_(None))
        .group_by(Message.chat_id)
    )
    return {chat_id: int(count) for chat_id, count in rows.all()}


async def messages(
    session: AsyncSession, chat_id: uuid.UUID, *, limit: int, before: datetime | None
) -> Sequence[Message]:
    query = select(Message).where(Message.chat_id == chat_id)
    if before is not None:
        query = query.where(Message.fecha_creacion < before)
    rows = await session.execute(
        query.order_by(Message.fecha_creacion.desc(), Message.id.desc()).limit(limit)
    )
    return list(reversed(list(rows.scalars())))


async def touch_conversation(session: AsyncSession, chat_id: uuid.UUID, text: str, at: datetime) -> None:
    table: Table = Conversation.__table__  # type: ignore[assignment]
    await session.execute(
        update(table)
        .where(table.c.id == chat_id)
        .values(last_message=text[:200], last_message_time=at, fecha_actualizacion=at)
    )


async def message(session: AsyncSession, message_id: uuid.UUID) -> Message | None:
    return await session.get(Message, message_id)


async def mark_read(session: AsyncSession, chat_id: uuid.UUID, user_id: uuid.UUID) -> int:
    result = await session.execute(
        update(Message)
        .where(Message.chat_id == chat_id, Message.recipient_id == user_id, Message.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


# --- ofertas and trabajos -----------------------------------------------------------------------------------


async def oferta(
    session: AsyncSession, oferta_id: uuid.UUID, *, lock: bool = False, refresh: bool = False
) -> Oferta | None:
    return await get_row(session, Oferta, oferta_id, lock=lock, refresh=refresh)


async def ofertas_of(
    session: AsyncSession,
    *,
    profesional_id: uuid.UUID | None = None,
    cliente_id: uuid.UUID | None = None,
    estado: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Sequence[Oferta]:
    query = select(Oferta)
    if profesional_id is not None:
        query = query.where(Oferta.profesional_id == profesional_id)
    if cliente_id is not None:
        query = query.where(Oferta.cliente_id == cliente_id)
    if estado is not None:
        query = query.where(Oferta.estado == estado)
    rows = await session.execute(query.order_by(Oferta.fecha_creacion.desc()).offset(offset).limit(limit))
    return list(rows.scalars())


async def trabajo(
    session: AsyncSession, trabajo_id: uuid.UUID, *, lock: bool = False, refresh: bool = False
) -> Trabajo | None:
    return await get_row(session, Trabajo, trabajo_id, lock=lock, refresh=refresh)


async def open_instant_trabajo(
    session: AsyncSession,
    cliente_id: uuid.UUID,
    profesional_id: uuid.UUID,
    servicio_id: uuid.UUID,
    *,
    publicado: bool = False,
) -> Trabajo | None:
    """The client's hire of this service (a catalog one, or ``publicado``) still waiting for payment."""
    servicio = Trabajo.servicio_publicado_id if publicado else Trabajo.servicio_instant_id
    result = await session.execute(
        select(Trabajo)
        .where(
            Trabajo.cliente_id == cliente_id,
            Trabajo.profesional_id == profesional_id,
            servicio == servicio_id,
            Trabajo.estado_escrow == "PENDIENTE_PAGO",
        )
        .order_by(Trabajo.fecha_creacion.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


# --- visits (SPEC §11) ---------------------------------------------------------------------------------------

# A trabajo books its professional's time while it waits for payment, or is paid and not yet marked done.
_BOOKS_TIME = or_(
    Trabajo.estado_escrow == "PENDIENTE_PAGO",
    and_(Trabajo.estado_escrow == "PAGADO_EN_ESCROW", Trabajo.fecha_completado.is_(None)),
)


async def overlapping_visit(
    session: AsyncSession,
    profesional_id: uuid.UUID,
    desde: datetime,
    hasta: datetime,
    *,
    except_id: uuid.UUID | None = None,
) -> Trabajo | None:
    """One of the professional's trabajos that books time whose visit window overlaps [desde, hasta)."""
    query = select(Trabajo).where(
        Trabajo.profesional_id == profesional_id,
        Trabajo.visita_desde < hasta,
        Trabajo.visita_hasta > desde,
        _BOOKS_TIME,
    )
    if except_id is not None:
        query = query.where(Trabajo.id != except_id)
    result = await session.execute(query.order_by(Trabajo.visita_desde).limit(1))
    return result.scalar_one_or_none()


async def visits_due_reminder(
    session: AsyncSession, now: datetime, until: datetime, *, closest_hours: int, limit: int = 500
) -> list[uuid.UUID]:
    """Trabajos that book time whose visit starts in (now, until] and have not had the ``closest_hours``
    reminder yet (the soonest first)."""
    result = await session.execute(
        select(Trabajo.id)
        .where(
            Trabajo.visita_desde > now,
            Trabajo.visita_desde <= until,
            or_(Trabajo.reminder_sent_hours.is_(None), Trabajo.reminder_sent_hours > closest_hours),
            _BOOKS_TIME,
        )
        .order_by(Trabajo.visita_desde)
        .limit(limit)
    )
    return list(result.scalars())


async def trabajos_page(
    session: AsyncSession,
    *,
    cliente_id: uuid.UUID | None = None,
    profesional_id: uuid.UUID | None = None,
    estado: str | None = None,
    offset: int,
    limit: int,
) -> tuple[Sequence[Trabajo], int]:
    conditions = []
    if cliente_id is not None:
        conditions.append(Trabajo.cliente_id == cliente_id)
    if profesional_id is not None:
        conditions.append(Trabajo.profesional_id == profesional_id)
    if estado is not None:
        conditions.append(Trabajo.estado_escrow == estado)
    where = and_(*conditions) if conditions else None
    count_query = select(func.count()).select_from(Trabajo)
    query = select(Trabajo)
    if where is not None:
        count_query = count_query.where(where)
        query = query.where(where)
    total = (await session.execute(count_query)).scalar_one()
    rows = await session.execute(query.order_by(Trabajo.fecha_creacion.desc()).offset(offset).limit(limit))
    return list(rows.scalars()), int(total)


async def due_ids(
    session: AsyncSession,
    model: type[Oferta] | type[Trabajo],
    estado: str,
    field: str,
    before: datetime,
    limit: int = 200,
) -> list[uuid.UUID]:
    column = getattr(model, field)
    state_column = model.estado if model is Oferta else model.estado_escrow  # type: ignore[union-attr]
    rows = await session.execute(
        select(model.id).where(state_column == estado, column.is_not(None), column <= before).limit(limit)
    )
    return list(rows.scalars())


async def count_due(session: AsyncSession, estado: str, field: str, before: datetime) -> int:
    """How many trabajos in ``estado`` have ``field`` set at or before ``before`` (what :func:`due_ids`
    gives a timer, counted)."""
    column = getattr(Trabajo, field)
    result = await session.execute(
        select(func.count())
        .select_from(Trabajo)
        .where(Trabajo.estado_escrow == estado, column.is_not(None), column <= before)
    )
    return int(result.scalar_one())


# --- money actions -------------------------------------------------------------------------------------------


async def upsert_money_action(
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    kind: str,
    payload: dict[str, object],
    *,
    keep: Sequence[str] = (),
) -> MoneyAction:
    """The trabajo's action of ``kind`` asked (again): a new row, or the existing one set back to pending
    with this payload plus the ``keep`` entries of its old one (its earlier outcome forgotten, its staff
    resolution kept)."""
    now = utcnow()
    await insert_ignore(
        session,
        MoneyAction.__table__,  # type: ignore[arg-type]
        {
            "id": uuid.uuid4(),
            "trabajo_id": trabajo_id,
            "kind": kind,
            "payload": payload,
            "status": "pending",
            "ask_round": 0,
            "created_at": now,
            "updated_at": now,
        },
    )
    action = await money_action_of(session, trabajo_id, kind, lock=True)
    assert action is not None
    previous = dict(action.payload or {})
    action.payload = {**payload, **{name: previous[name] for name in keep if name in previous}}
    action.status = "pending"
    action.last_error = None
    action.refusal_status = None
    action.refused_at = None
    action.done_at = None
    action.updated_at = now
    await session.flush()
    return action


async def money_action(
    session: AsyncSession, action_id: uuid.UUID, *, lock: bool = False
) -> MoneyAction | None:
    return await get_row(session, MoneyAction, action_id, lock=lock)


async def money_action_of(
    session: AsyncSession, trabajo_id: uuid.UUID, kind: str, *, lock: bool = False
) -> MoneyAction | None:
    query = select(MoneyAction).where(MoneyAction.trabajo_id == trabajo_id, MoneyAction.kind == kind)
    if lock:
        query = query.with_for_update()
    return (await session.execute(query)).scalar_one_or_none()


async def money_actions_of(session: AsyncSession, trabajo_ids: Sequence[uuid.UUID]) -> list[MoneyAction]:
    if not trabajo_ids:
        return []
    rows = await session.execute(
        select(MoneyAction)
        .where(MoneyAction.trabajo_id.in_(set(trabajo_ids)))
        .order_by(MoneyAction.created_at)
    )
    return list(rows.scalars())


async def set_money_actions(
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    *,
    kinds: Sequence[str],
    statuses: Sequence[str],
    values: dict[str, Any],
) -> int:
    """Update the trabajo's actions of ``kinds`` whose status is one of ``statuses``."""
    table: Table = MoneyAction.__table__  # type: ignore[assignment]
    result = await session.execute(
        update(table)
        .where(
            table.c.trabajo_id == trabajo_id,
            table.c.kind.in_(list(kinds)),
            table.c.status.in_(list(statuses)),
        )
        .values(**values, updated_at=utcnow())
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def count_trabajos_in(session: AsyncSession, estados: Sequence[str]) -> int:
    result = await session.execute(
        select(func.count()).select_from(Trabajo).where(Trabajo.estado_escrow.in_(list(estados)))
    )
    return int(result.scalar_one())


async def money_watch_page(
    session: AsyncSession,
    *,
    refused: Sequence[str],
    in_flight: Sequence[str],
    in_flight_before: datetime | None,
    offset: int,
    limit: int,
) -> tuple[Sequence[Trabajo], int]:
    """Trabajos whose money needs staff: refused (every one), and in flight since before
    ``in_flight_before`` (None: none of those); the oldest first."""
    condition: ColumnElement[bool] = Trabajo.estado_escrow.in_(list(refused))
    if in_flight_before is not None:
        condition = or_(
            condition,
            and_(Trabajo.estado_escrow.in_(list(in_flight)), Trabajo.fecha_actualizacion <= in_flight_before),
        )
    total = (await session.execute(select(func.count()).select_from(Trabajo).where(condition))).scalar_one()
    rows = await session.execute(
        select(Trabajo)
        .where(condition)
        .order_by(Trabajo.fecha_actualizacion, Trabajo.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


# --- reviews -------------------------------------------------------------------------------------------------


async def resena(session: AsyncSession, resena_id: uuid.UUID, *, lock: bool = False) -> Resena | None:
    return await get_row(session, Resena, resena_id, lock=lock)


async def resena_for_trabajo(session: AsyncSession, trabajo_id: uuid.UUID) -> Resena | None:
    return (await session.execute(select(Resena).where(Resena.trabajo_id == trabajo_id))).scalar_one_or_none()


async def resenas_of(
    session: AsyncSession, profesional_id: uuid.UUID, *, offset: int, limit: int
) -> tuple[Sequence[Resena], int]:
    """One professional's reviews, newest first, and how many there are."""
    total = (
        await session.execute(
            select(func.count()).select_from(Resena).where(Resena.profesional_id == profesional_id)
        )
    ).scalar_one()
    rows = await session.execute(
        select(Resena)
        .where(Resena.profesional_id == profesional_id)
        .order_by(Resena.fecha_creacion.desc(), Resena.id)
        .offset(offset)
        .limit(limit)
    )
    return list(rows.scalars()), int(total)


async def add_to_rating(session: AsyncSession, profesional_id: uuid.UUID, rating: int) -> tuple[int, int]:
    """Add one rating atomically; returns the new (total, sum)."""
    await insert_ignore(
        session,
        RatingSummary.__table__,  # type: ignore[arg-type]
        {"profesional_id": profesional_id, "total_resenas": 0, "suma_ratings": 0},
    )
    result = await session.execute(
        update(RatingSummary)
        .where(RatingSummary.profesional_id == profesional_id)
        .values(
            total_resenas=RatingSummary.total_resenas + 1,
            suma_ratings=RatingSummary.suma_ratings + rating,
        )
        .returning(RatingSummary.total_resenas, RatingSummary.suma_ratings)
    )
    total, suma = result.one()
    return int(total), int(suma)


# --- disputes ------------------------------------------------------------------------------------------------


async def disputa(session: AsyncSession, disputa_id: uuid.UUID, *, lock: bool = False) -> Disputa | None:
    return await get_row(session, Disputa, disputa_id, lock=lock)


async def open_disputa_of(
    session: AsyncSession, trabajo_id: uuid.UUID, *, lock: bool = False
) -> Disputa | None:
    """The trabajo's dispute still ABIERTA (a trabajo is EN_DISPUTA through one at a time), if any."""
    query = select(Disputa).where(Disputa.trabajo_id == trabajo_id, Disputa.estado == "ABIERTA")
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return (
        await session.execute(query.order_by(Disputa.fecha_creacion.desc()).limit(1))
    ).scalar_one_or_none()


async def disputas(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None = None,
    estado: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[Sequence[Disputa], int]:
    conditions = []
    if user_id is not None:
        conditions.append(or_(Disputa.cliente_id == user_id, Disputa.profesional_id == user_id))
    if estado is not None:
        conditions.append(Disputa.estado == estado)
    query = select(Disputa)
    count_query = select(func.count()).select_from(Disputa)
    if conditions:
        query = query.where(and_(*conditions))
        count_query = count_query.where(and_(*conditions))
    # Open disputes first, oldest first among them: the admin queue.
    order = case((Disputa.estado == "ABIERTA", 0), else_=1)
    rows = await session.execute(query.order_by(order, Disputa.fecha_creacion).offset(offset).limit(limit))
    total = (await session.execute(count_query)).scalar_one()
    return list(rows.scalars()), int(total)


async def disputa_mensajes(session: AsyncSession, disputa_id: uuid.UUID) -> Sequence[DisputaMensaje]:
    rows = await session.execute(
        select(DisputaMensaje)
        .where(DisputaMensaje.disputa_id == disputa_id)
        .order_by(DisputaMensaje.fecha_creacion)
    )
    return list(rows.scalars())


async def evidencias(session: AsyncSession, disputa_id: uuid.UUID) -> Sequence[DisputaEvidencia]:
    rows = await session.execute(
        select(DisputaEvidencia)
        .where(DisputaEvidencia.disputa_id == disputa_id)
        .order_by(DisputaEvidencia.fecha_creacion)
    )
    return list(rows.scalars())


async def count_evidencias(session: AsyncSession, disputa_id: uuid.UUID) -> int:
    result = await session.execute(
        select(func.count()).select_from(DisputaEvidencia).where(DisputaEvidencia.disputa_id == disputa_id)
    )
    return int(result.scalar_one())


# --- personal data (SPEC §14) ---------------------------------------------------------------------------------


def _party(model: type[Oferta] | type[Trabajo] | type[Resena] | type[Disputa], user_id: uuid.UUID) -> Any:
    return or_(model.cliente_id == user_id, model.profesional_id == user_id)


def _mentions(column: Any, user_id: uuid.UUID) -> Any:
    """A JSON column whose text holds the person's id (both databases store it as text we can search)."""
    return cast(column, Text).contains(str(user_id), autoescape=True)


async def messages_written_by(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Message]:
    rows = await session.execute(
        select(Message).where(Message.sender_id == user_id).order_by(Message.fecha_creacion, Message.id)
    )
    return list(rows.scalars())


async def ofertas_involving(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Oferta]:
    rows = await session.execute(
        select(Oferta).where(_party(Oferta, user_id)).order_by(Oferta.fecha_creacion)
    )
    return list(rows.scalars())


async def trabajos_involving(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Trabajo]:
    rows = await session.execute(
        select(Trabajo).where(_party(Trabajo, user_id)).order_by(Trabajo.fecha_creacion)
    )
    return list(rows.scalars())


async def resenas_involving(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Resena]:
    rows = await session.execute(
        select(Resena).where(_party(Resena, user_id)).order_by(Resena.fecha_creacion)
    )
    return list(rows.scalars())


async def disputas_involving(session: AsyncSession, user_id: uuid.UUID) -> Sequence[Disputa]:
    rows = await session.execute(
        select(Disputa).where(_party(Disputa, user_id)).order_by(Disputa.fecha_creacion)
    )
    return list(rows.scalars())


async def disputa_mensajes_by(session: AsyncSession, user_id: uuid.UUID) -> Sequence[DisputaMensaje]:
    rows = await session.execute(
        select(DisputaMensaje)
        .where(DisputaMensaje.autor_id == user_id)
        .order_by(DisputaMensaje.fecha_creacion)
    )
    return list(rows.scalars())


async def evidencias_by(session: AsyncSession, user_id: uuid.UUID) -> Sequence[DisputaEvidencia]:
    rows = await session.execute(
        select(DisputaEvidencia)
        .where(DisputaEvidencia.autor_id == user_id)
        .order_by(DisputaEvidencia.fecha_creacion)
    )
    return list(rows.scalars())


async def trabajos_by_estado(
    session: AsyncSession, user_id: uuid.UUID, estados: Sequence[str]
) -> dict[str, int]:
    """How many of the person's trabajos (as client or professional) are in each of ``estados``."""
    rows = await session.execute(
        select(Trabajo.estado_escrow, func.count())
        .where(_party(Trabajo, user_id), Trabajo.estado_escrow.in_(list(estados)))
        .group_by(Trabajo.estado_escrow)
    )
    return {str(estado): int(count) for estado, count in rows.all()}


async def open_business_of(
    session: AsyncSession, user_id: uuid.UUID
) -> tuple[Sequence[Oferta], Sequence[Trabajo]]:
    """The person's offers still open (made or received) and trabajos still waiting for payment, in id
    order (not locked)."""
    ofertas = await session.execute(
        select(Oferta).where(_party(Oferta, user_id), Oferta.estado == "OFERTADO").order_by(Oferta.id)
    )
    trabajos = await session.execute(
        select(Trabajo)
        .where(_party(Trabajo, user_id), Trabajo.estado_escrow == "PENDIENTE_PAGO")
        .order_by(Trabajo.id)
    )
    return ofertas.scalars().all(), trabajos.scalars().all()


async def count_open_disputas(
    session: AsyncSession, user_id: uuid.UUID, *, trabajo_not_in: Sequence[str]
) -> int:
    """The person's open disputes whose trabajo is not in ``trabajo_not_in``."""
    result = await session.execute(
        select(func.count())
        .select_from(Disputa)
        .join(Trabajo, Trabajo.id == Disputa.trabajo_id)
        .where(
            _party(Disputa, user_id),
            Disputa.estado == "ABIERTA",
            Trabajo.estado_escrow.not_in(list(trabajo_not_in)),
        )
    )
    return int(result.scalar_one())


async def pseudonymise_person(session: AsyncSession, user_id: uuid.UUID, values: dict[str, Any]) -> bool:
    """Overwrite the person's copy with ``values``; False when the chat never knew them."""
    result = await session.execute(update(_PEOPLE).where(_PEOPLE.c.id == user_id).values(**values))
    return bool(getattr(result, "rowcount", 0))


async def delete_feed_of(session: AsyncSession, user_id: uuid.UUID) -> None:
    await session.execute(delete(FeedItem).where(FeedItem.user_id == user_id))


async def feed_items_mentioning(session: AsyncSession, user_id: uuid.UUID, kind: str) -> Sequence[FeedItem]:
    """Other people's feed items of ``kind`` whose payload holds this person's id."""
    rows = await session.execute(
        select(FeedItem).where(
            FeedItem.kind == kind, FeedItem.user_id != user_id, _mentions(FeedItem.payload, user_id)
        )
    )
    return list(rows.scalars())


async def set_feed_payload(
    session: AsyncSession, user_id: uuid.UUID, seq: int, payload: dict[str, Any]
) -> None:
    await session.execute(
        update(FeedItem).where(FeedItem.user_id == user_id, FeedItem.seq == seq).values(payload=payload)
    )


async def money_actions_involving(
    session: AsyncSession, user_id: uuid.UUID
) -> Sequence[tuple[MoneyAction, Trabajo]]:
    rows = await session.execute(
        select(MoneyAction, Trabajo)
        .join(Trabajo, Trabajo.id == MoneyAction.trabajo_id)
        .where(_party(Trabajo, user_id))
        .order_by(MoneyAction.created_at)
    )
    return [(action, t) for action, t in rows.all()]


async def set_money_action_payload(
    session: AsyncSession, action_id: uuid.UUID, payload: dict[str, Any]
) -> None:
    table: Table = MoneyAction.__table__  # type: ignore[assignment]
    await session.execute(update(table).where(table.c.id == action_id).values(payload=payload))


async def outbox_events_mentioning(
    session: AsyncSession, outbox: Table, user_id: uuid.UUID, types: Sequence[str]
) -> list[tuple[uuid.UUID, str, dict[str, Any]]]:
    """(id, type, payload) of this service's outbox events of ``types`` not sent yet (waiting, or dead) that
    name the person; the kernel deletes the sent ones (``forget_sent_events_about``)."""
    rows = await session.execute(
        select(outbox.c.id, outbox.c.type, outbox.c.payload).where(
            outbox.c.type.in_(list(types)),
            outbox.c.status != STATUS_SENT,
            _mentions(outbox.c.payload, user_id),
        )
    )
    return [(row.id, str(row.type), dict(row.payload or {})) for row in rows.all()]


async def set_outbox_payload(
    session: AsyncSession, outbox: Table, event_id: uuid.UUID, payload: dict[str, Any]
) -> None:
    await session.execute(update(outbox).where(outbox.c.id == event_id).values(payload=payload))


async def rename_evidencia(session: AsyncSession, evidencia_id: uuid.UUID, nombre_archivo: str) -> None:
    table: Table = DisputaEvidencia.__table__  # type: ignore[assignment]
    await session.execute(
        update(table).where(table.c.id == evidencia_id).values(nombre_archivo=nombre_archivo)
    )


# --- attachments (SPEC §12) -----------------------------------------------------------------------------------


async def adjunto(session: AsyncSession, adjunto_id: uuid.UUID) -> Adjunto | None:
    return await session.get(Adjunto, adjunto_id)


async def adjuntos_of_messages(session: AsyncSession, message_ids: Sequence[uuid.UUID]) -> list[Adjunto]:
    if not message_ids:
        return []
    rows = await session.execute(select(Adjunto).where(Adjunto.message_id.in_(set(message_ids))))
    return list(rows.scalars())


async def adjuntos_sent_since(
    session: AsyncSession, chat_id: uuid.UUID, since: datetime
) -> tuple[int, datetime | None]:
    """How many files were sent in the conversation since ``since``, and when the oldest of them."""
    row = (
        await session.execute(
            select(func.count(), func.min(Adjunto.fecha_creacion)).where(
                Adjunto.chat_id == chat_id, Adjunto.fecha_creacion >= since
            )
        )
    ).one()
    return int(row[0]), row[1]


async def adjuntos_in_chat(
    session: AsyncSession, chat_id: uuid.UUID, adjunto_ids: Sequence[uuid.UUID]
) -> list[Adjunto]:
    if not adjunto_ids:
        return []
    rows = await session.execute(
        select(Adjunto).where(Adjunto.chat_id == chat_id, Adjunto.id.in_(set(adjunto_ids)))
    )
    return list(rows.scalars())


async def cite_adjuntos(
    session: AsyncSession, disputa_id: uuid.UUID, adjunto_ids: Sequence[uuid.UUID]
) -> None:
    for adjunto_id in sorted(set(adjunto_ids)):
        await insert_ignore(
            session,
            DisputaAdjunto.__table__,  # type: ignore[arg-type]
            {"disputa_id": disputa_id, "adjunto_id": adjunto_id},
        )


async def adjuntos_of_disputas(
    session: AsyncSession, disputa_ids: Sequence[uuid.UUID]
) -> list[tuple[uuid.UUID, Adjunto]]:
    if not disputa_ids:
        return []
    rows = await session.execute(
        select(DisputaAdjunto.disputa_id, Adjunto)
        .join(Adjunto, Adjunto.id == DisputaAdjunto.adjunto_id)
        .where(DisputaAdjunto.disputa_id.in_(set(disputa_ids)))
        .order_by(Adjunto.fecha_creacion, Adjunto.id)
    )
    return [(disputa_id, found) for disputa_id, found in rows.all()]


async def adjuntos_by(session: AsyncSession, autor_id: uuid.UUID) -> Sequence[Adjunto]:
    rows = await session.execute(
        select(Adjunto).where(Adjunto.autor_id == autor_id).order_by(Adjunto.fecha_creacion)
    )
    return list(rows.scalars())


async def rename_adjunto(session: AsyncSession, adjunto_id: uuid.UUID, nombre: str) -> None:
    table: Table = Adjunto.__table__  # type: ignore[assignment]
    await session.execute(update(table).where(table.c.id == adjunto_id).values(nombre=nombre))


async def replace_last_message(session: AsyncSession, chat_id: uuid.UUID, old: str, new: str) -> None:
    """The conversation's preview becomes ``new`` if it still reads ``old``."""
    table: Table = Conversation.__table__  # type: ignore[assignment]
    await session.execute(
        update(table).where(table.c.id == chat_id, table.c.last_message == old[:200]).values(last_message=new)
    )


# --- pedidos (SPEC §10) ----------------------------------------------------------------------------------


async def pedido(
    session: AsyncSession, pedido_id: uuid.UUID, *, lock: bool = False, refresh: bool = False
) -> Pedido | None:
    return await get_row(session, Pedido, pedido_id, lock=lock, refresh=refresh)


async def count_open_pedidos(session: AsyncSession, cliente_id: uuid.UUID) -> int:
    query = select(func.count()).where(Pedido.cliente_id == cliente_id, Pedido.estado == "ABIERTO")
    return int((await session.execute(query)).scalar_one())


async def pedidos_of(session: AsyncSession, cliente_id: uuid.UUID) -> list[Pedido]:
    query = select(Pedido).where(Pedido.cliente_id == cliente_id).order_by(Pedido.fecha_creacion.desc())
    return list((await session.execute(query)).scalars())


async def open_pedidos_for_oficios(
    session: AsyncSession, oficio_ids: Sequence[uuid.UUID], *, limit: int
) -> list[Pedido]:
    """The open pedidos of these oficios, newest first, at most ``limit``."""
    if not oficio_ids:
        return []
    query = (
        select(Pedido)
        .where(Pedido.estado == "ABIERTO", Pedido.oficio_id.in_(list(oficio_ids)))
        .order_by(Pedido.fecha_creacion.desc(), Pedido.id)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def pedidos_by_ids(session: AsyncSession, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Pedido]:
    if not ids:
        return {}
    rows = await session.execute(select(Pedido).where(Pedido.id.in_(list(ids))))
    return {p.id: p for p in rows.scalars()}


async def pedidos_due(session: AsyncSession, now: datetime, *, limit: int) -> list[uuid.UUID]:
    """Ids of the open pedidos whose time ran out."""
    query = (
        select(Pedido.id)
        .where(Pedido.estado == "ABIERTO", Pedido.fecha_expiracion <= now)
        .order_by(Pedido.fecha_expiracion)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def ofertas_of_pedido(
    session: AsyncSession, pedido_id: uuid.UUID, *, lock: bool = False, estado: str | None = None
) -> list[Oferta]:
    """A pedido's offers, cheapest first (ties: oldest first)."""
    query = select(Oferta).where(Oferta.pedido_id == pedido_id)
    if estado is not None:
        query = query.where(Oferta.estado == estado)
    query = query.order_by(Oferta.precio_final, Oferta.fecha_creacion, Oferta.id)
    if lock:
        query = query.with_for_update()
    return list((await session.execute(query)).scalars())


async def pedidos_offered_by(
    session: AsyncSession, profesional_id: uuid.UUID, pedido_ids: Sequence[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these pedidos the professional already made an offer on."""
    if not pedido_ids:
        return set()
    query = select(Oferta.pedido_id).where(
        Oferta.profesional_id == profesional_id, Oferta.pedido_id.in_(list(pedido_ids))
    )
    return {pid for pid in (await session.execute(query)).scalars() if pid is not None}


async def rating_summaries(
    session: AsyncSession, profesional_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, RatingSummary]:
    if not profesional_ids:
        return {}
    rows = await session.execute(
        select(RatingSummary).where(RatingSummary.profesional_id.in_(list(profesional_ids)))
    )
    return {r.profesional_id: r for r in rows.scalars()}
