"""A chat message's write (``repository.record_message`` and, on PostgreSQL, ``record_message_alone``): the
message, the conversation, both people's feed items and the MessageSent outbox row are written together,
and nothing at all for a sender who may not write; on PostgreSQL the usual message is one statement that
commits by itself."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, update

from conectar.chat import repository as repo
from conectar.chat.models import ChatUserCopy, Conversation, FeedItem, Message
from conectar.chat.models import tables as messaging
from conectar.contracts.events import MessageSent
from conectar.platform.db import Database, utcnow
from conectar.platform.migrations import upgrade
from conectar.platform.outbox import Outbox
from conectar.services import SERVICES

ANA = ("Ana", "Pérez")
BETO = ("Beto", "Gómez")


async def _database(url: str) -> Database:
    await asyncio.to_thread(upgrade, SERVICES["chat"].migrations, url)
    return Database(url)


class Chat:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.outbox = Outbox(messaging, "chat")
        self.cliente = uuid.uuid4()
        self.profesional = uuid.uuid4()
        self.chat_id = uuid.uuid4()

    async def create(self) -> None:
        now = utcnow()
        async with self.db.session() as session:
            for user_id, (nombre, apellido), rol in (
                (self.cliente, ANA, "cliente"),
                (self.profesional, BETO, "profesional"),
            ):
                session.add(
                    ChatUserCopy(
                        id=user_id, email=f"{user_id}@example.com", nombre=nombre, apellido=apellido, rol=rol
                    )
                )
            session.add(
                Conversation(
                    id=self.chat_id,
                    cliente_id=self.cliente,
                    profesional_id=self.profesional,
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )

    def write(self, sender: uuid.UUID, text: str = "Hola, ¿podés venir el jueves?") -> repo.MessageWrite:
        recipient = self.profesional if sender == self.cliente else self.cliente
        message_id = uuid.uuid4()
        return repo.MessageWrite(
            message_id=message_id,
            chat_id=self.chat_id,
            sender_id=sender,
            recipient_id=recipient,
            text=text,
            moderated=False,
            at=utcnow(),
            payload={"id": str(message_id), "chat_id": str(self.chat_id), "text": text},
            event=self.outbox.row(
                MessageSent(
                    message_id=message_id,
                    chat_id=self.chat_id,
                    sender_id=sender,
                    recipient_id=recipient,
                    sender_nombre="",
                    preview=text[:140],
                )
            ),
        )

    async def record(self, write: repo.MessageWrite, *, alone: bool) -> dict[uuid.UUID, repo.PersonState]:
        if alone:
            return await repo.record_message_alone(self.db, write)
        async with self.db.session() as session:
            return await repo.record_message(session, write)

    async def counts(self) -> dict[str, Any]:
        async with self.db.session(write=False) as session:
            return {
                "messages": await session.scalar(select(func.count()).select_from(Message)),
                "feed": await session.scalar(select(func.count()).select_from(FeedItem)),
                "outbox": await session.scalar(select(func.count()).select_from(messaging.outbox)),
                "seqs": {
                    row.id: row.feed_seq
                    for row in await session.execute(select(ChatUserCopy.id, ChatUserCopy.feed_seq))
                },
            }


@asynccontextmanager
async def _chat_on(url: str) -> AsyncIterator[Chat]:
    db = await _database(url)
    try:
        chat = Chat(db)
        await chat.create()
        yield chat
    finally:
        await db.dispose()


@pytest.fixture
async def chat(either_url: str) -> AsyncIterator[Chat]:
    async with _chat_on(either_url) as chat:
        yield chat


@pytest.fixture
async def pg_chat(pg_url: str) -> AsyncIterator[Chat]:
    async with _chat_on(pg_url) as chat:
        yield chat


def _ways(db: Database) -> list[bool]:
    """alone=True (one statement by itself) exists on PostgreSQL only."""
    return [False] if db.sqlite else [False, True]


async def test_a_message_is_written_whole_with_its_event(chat: Chat) -> None:
    for number, alone in enumerate(_ways(chat.db), start=1):
        write = chat.write(chat.cliente)
        people = await chat.record(write, alone=alone)

        assert {user_id: state.feed_seq for user_id, state in people.items()} == {
            chat.cliente: number,
            chat.profesional: number,
        }
        assert (people[chat.cliente].nombre, people[chat.cliente].apellido) == ANA
        async with chat.db.session(write=False) as session:
            message = await session.get(Message, write.message_id)
            assert message is not None
            assert (message.sender_id, message.recipient_id, message.text) == (
                chat.cliente,
                chat.profesional,
                write.text,
            )
            conversation = await session.get(Conversation, chat.chat_id)
            assert conversation is not None
            assert conversation.last_message == write.text
            items = (
                await session.execute(
                    select(FeedItem).where(FeedItem.seq == number).order_by(FeedItem.user_id)
                )
            ).scalars()
            feed = {item.user_id: item.payload for item in items}
            assert set(feed) == {chat.cliente, chat.profesional}
            for payload in feed.values():
                assert payload == {**write.payload, "sender_nombre": "Ana Pérez"}
            row = (
                await session.execute(
                    select(messaging.outbox).where(messaging.outbox.c.id == write.event["id"])
                )
            ).one()
        assert (row.type, row.status, row.attempts) == ("MessageSent", "pending", 0)
        sent = MessageSent.model_validate(row.payload)
        assert sent.sender_nombre == "Ana Pérez"
        assert (sent.message_id, sent.sender_id, sent.recipient_id) == (
            write.message_id,
            chat.cliente,
            chat.profesional,
        )
        assert sent.preview == write.text


@pytest.mark.parametrize("refusal", ["banned", "suspended", "unknown"])
@pytest.mark.parametrize("alone", [True, False], ids=["alone", "in-a-transaction"])
async def test_a_sender_who_may_not_write_writes_nothing(pg_chat: Chat, refusal: str, alone: bool) -> None:
    """On PostgreSQL the statement itself writes nothing for them (the in-transaction case commits anyway:
    no rollback is needed for it)."""
    chat = pg_chat
    sender = uuid.uuid4() if refusal == "unknown" else chat.cliente
    if refusal != "unknown":
        values = {"is_chat_banned": True} if refusal == "banned" else {"is_active_copy": False}
        async with chat.db.session() as session:
            await session.execute(update(ChatUserCopy).where(ChatUserCopy.id == sender).values(**values))
    before = await chat.counts()

    people = await chat.record(chat.write(sender), alone=alone)

    assert await chat.counts() == before == {**before, "messages": 0, "feed": 0, "outbox": 0}
    if refusal == "unknown":
        assert sender not in people
    else:
        assert people[sender].is_chat_banned is (refusal == "banned")
        assert people[sender].is_active_copy is (refusal != "suspended")


async def test_concurrent_messages_number_each_feed_without_gaps(pg_chat: Chat) -> None:
    chat = pg_chat
    writes = [chat.write(chat.cliente if n % 2 else chat.profesional, f"mensaje {n}") for n in range(30)]

    await asyncio.gather(*(chat.record(write, alone=n % 3 != 0) for n, write in enumerate(writes)))

    counts = await chat.counts()
    assert counts == {
        "messages": 30,
        "feed": 60,
        "outbox": 30,
        "seqs": {chat.cliente: 30, chat.profesional: 30},
    }
    async with chat.db.session(write=False) as session:
        for user_id in (chat.cliente, chat.profesional):
            seqs = (await session.execute(select(FeedItem.seq).where(FeedItem.user_id == user_id))).scalars()
            assert sorted(seqs) == list(range(1, 31))


async def test_the_usual_message_is_one_statement_outside_a_transaction(pg_chat: Chat) -> None:
    chat = pg_chat
    sent: list[str] = []

    @event.listens_for(chat.db.engine.sync_engine, "connect")
    def log_queries(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.driver_connection.add_query_logger(lambda record: sent.append(record.query))

    await chat.db.engine.dispose()  # the connections from now on log what they send
    await repo.record_message_alone(chat.db, chat.write(chat.cliente))  # opens the connection
    sent.clear()
    await repo.record_message_alone(chat.db, chat.write(chat.cliente))
    assert len(sent) == 1
    assert sent[0].lstrip().startswith("WITH locked AS")
    assert (await chat.counts())["messages"] == 2  # committed: another connection sees it

    sent.clear()
    async with chat.db.session() as session:
        await repo.record_message(session, chat.write(chat.profesional))
    assert [query.split()[0] for query in sent] == ["BEGIN;", "WITH", "COMMIT;"]
