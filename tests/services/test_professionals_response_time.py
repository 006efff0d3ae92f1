"""The professionals' median response time (SPEC §13), fed by the chat service's MessageSent: null under
three conversations, odd and even counts, out-of-order and duplicate delivery, the 90-day window, and the
figure on the public profile, search cards and favourites."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import delete, select

from conectar.contracts.events import EventEnvelope, MessageSent
from conectar.platform.db import utcnow
from conectar.professionals import domain
from conectar.professionals.models import (
    ProfessionalProfile,
    RespuestaConversacion,
    RespuestaMensajeProfesional,
)
from conectar.professionals.service import response_time
from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import Standalone
from tests.services.test_professionals_support import API, approved_professional, create_oficio


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture(scope="module")
async def oficio(standalone: Standalone, admin: Account) -> dict[str, Any]:
    return await create_oficio(standalone.client, admin)


def message(chat_id: uuid.UUID, sender: uuid.UUID, recipient: uuid.UUID) -> MessageSent:
    return MessageSent(
        message_id=uuid.uuid4(),
        chat_id=chat_id,
        sender_id=sender,
        recipient_id=recipient,
        sender_nombre="Alguien",
        preview="Hola",
    )


def envelope(event: MessageSent, at: datetime) -> EventEnvelope:
    """A new delivery of ``event``, sent at ``at``."""
    return EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=at,
        producer="chat",
        payload=json.loads(event.model_dump_json()),
    )


async def send(
    standalone: Standalone, chat_id: uuid.UUID, sender: uuid.UUID, recipient: uuid.UUID, at: datetime
) -> MessageSent:
    event = message(chat_id, sender, recipient)
    await deliver(standalone, event, at)
    return event


async def deliver(standalone: Standalone, event: MessageSent, at: datetime) -> None:
    await standalone.host.infra.bus.publish([envelope(event, at)])


async def conversation(standalone: Standalone, chat_id: uuid.UUID) -> RespuestaConversacion | None:
    async with standalone.ctx("professionals").db.session(write=False) as session:
        return await session.get(RespuestaConversacion, chat_id)


async def answered(standalone: Standalone, chat_id: uuid.UUID, at: datetime) -> None:
    async def done() -> bool:
        found = await conversation(standalone, chat_id)
        return found is not None and found.primera_respuesta_at == at

    await eventually(done)


async def talk(
    standalone: Standalone, pro: Account, minutes: float, *, start: datetime | None = None
) -> uuid.UUID:
    """A conversation whose client writes at ``start`` and the professional answers ``minutes`` later."""
    chat_id, cliente = uuid.uuid4(), uuid.uuid4()
    first = start or utcnow() - timedelta(days=1)
    reply = first + timedelta(minutes=minutes)
    await send(standalone, chat_id, cliente, pro.id, first)
    await send(standalone, chat_id, pro.id, cliente, reply)
    await answered(standalone, chat_id, reply)
    return chat_id


async def handled_together(standalone: Standalone, envelopes: list[EventEnvelope]) -> list[str]:
    """Hand ``envelopes`` at once to a new inbox consumer of the professionals (so they share one
    transaction); the SQL the professionals' database executed meanwhile."""
    from sqlalchemy import event

    from conectar.platform.consumer import InboxConsumer
    from conectar.professionals.events import handlers

    ctx = standalone.ctx("professionals")
    executed: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        executed.append(statement)

    inbox = InboxConsumer(
        f"professionals-{uuid.uuid4().hex[:6]}",
        ctx.db,
        ctx.tables,
        handlers.bind(ctx),
        prepare=handlers.bind_prepare(ctx),
        batch_max=len(envelopes),
    )
    event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", note)
    try:
        await asyncio.gather(*(inbox(e) for e in envelopes))
    finally:
        event.remove(ctx.db.engine.sync_engine, "before_cursor_execute", note)
    return executed


async def public_figure(api: httpx.AsyncClient, profile_id: str) -> Any:
    response = await api.get(f"{API}/public/professional/{profile_id}")
    assert response.status_code == 200, response.text
    return response.json()["tiempo_respuesta_mediano_min"]


async def card_figure(api: httpx.AsyncClient, oficio: dict[str, Any], profile_id: str) -> Any:
    params = {"oficio_id": oficio["id"], "lat": -34.6, "lng": -58.4, "limit": 50}
    cards = (await api.get(f"{API}/search/professionals", params=params)).json()
    posted = (
        await api.post(
            f"{API}/search", json={"oficio": oficio["id"], "latitude": -34.6, "longitude": -58.4, "limit": 50}
        )
    ).json()["resultados"]
    [card] = [c for c in cards if c["id"] == profile_id]
    [same] = [c for c in posted if c["id"] == profile_id]
    assert card == same
    return card["tiempo_respuesta_mediano_min"]


async def figure_becomes(api: httpx.AsyncClient, profile_id: str, value: int | None) -> None:
    async def check() -> bool:
        return bool(await public_figure(api, profile_id) == value)

    await eventually(check)


async def new_pro(api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]) -> tuple[Account, str]:
    pro, profile = await approved_professional(api, admin, lat=-34.6, lng=-58.4, oficio_ids=[oficio["id"]])
    return pro, str(profile["id"])


def test_median_rule() -> None:
    minutes = domain.median_response_minutes
    assert minutes([]) is None
    assert minutes([60, 120]) is None
    assert minutes([600, 60, 1200]) == 10
    assert minutes([60, 120, 180, 240]) == 3  # (2 + 3) / 2 = 2.5 rounds up
    assert minutes([60, 120, 240, 300]) == 3
    assert minutes([10, 20, 25]) == 0


async def test_null_under_three_then_odd_and_even_medians_on_profile_cards_and_favourites(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await new_pro(api, admin, oficio)
    assert await public_figure(api, profile_id) is None
    assert await card_figure(api, oficio, profile_id) is None

    await talk(standalone, pro, 10)
    await talk(standalone, pro, 20)
    assert await public_figure(api, profile_id) is None
    assert await card_figure(api, oficio, profile_id) is None

    await talk(standalone, pro, 40)
    await figure_becomes(api, profile_id, 20)
    assert await card_figure(api, oficio, profile_id) == 20

    await talk(standalone, pro, 31)  # 10, 20, 31, 40: (20 + 31) / 2 = 25.5 → 26
    await figure_becomes(api, profile_id, 26)
    assert await card_figure(api, oficio, profile_id) == 26

    cliente = await register(api, "CLIENTE")
    favourite = await api.put(f"{API}/favoritos/{profile_id}", headers=cliente.headers)
    assert favourite.json()["tiempo_respuesta_mediano_min"] == 26
    listed = (await api.get(f"{API}/favoritos", headers=cliente.headers)).json()
    assert [c["tiempo_respuesta_mediano_min"] for c in listed] == [26]


async def test_out_of_order_duplicates_and_messages_before_the_client(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await new_pro(api, admin, oficio)
    t = utcnow() - timedelta(days=2)

    # The reply arrives before the client's message; the professional's opening message (before the client
    # wrote anything) is no reply.
    chat, cliente = uuid.uuid4(), uuid.uuid4()
    reply = await send(standalone, chat, pro.id, cliente, t + timedelta(minutes=12))
    await send(standalone, chat, pro.id, cliente, t)
    await send(standalone, chat, cliente, pro.id, t + timedelta(minutes=5))
    await answered(standalone, chat, t + timedelta(minutes=12))
    # Redelivered (a new envelope for the same message) changes nothing.
    await deliver(standalone, reply, t + timedelta(minutes=12))

    # A second conversation: the client's real first message arrives last and makes an earlier professional
    # message the first reply.
    other, cliente2 = uuid.uuid4(), uuid.uuid4()
    await send(standalone, other, pro.id, cliente2, t + timedelta(minutes=3))
    await send(standalone, other, cliente2, pro.id, t + timedelta(minutes=5))
    await send(standalone, other, pro.id, cliente2, t + timedelta(minutes=12))
    await answered(standalone, other, t + timedelta(minutes=12))
    await send(standalone, other, cliente2, pro.id, t + timedelta(minutes=1))
    await answered(standalone, other, t + timedelta(minutes=3))

    # A conversation the professional never answered does not count.
    silent = uuid.uuid4()
    await send(standalone, silent, uuid.uuid4(), pro.id, t)

    async def silent_known() -> bool:
        return await conversation(standalone, silent) is not None

    await eventually(silent_known)
    assert await public_figure(api, profile_id) is None

    await talk(standalone, pro, 30)  # 7, 2, 30 → 7
    await figure_becomes(api, profile_id, 7)
    found = await conversation(standalone, chat)
    assert found is not None
    assert found.primer_mensaje_cliente_at == t + timedelta(minutes=5)
    assert found.profesional_usuario_id == pro.id


async def test_conversations_older_than_90_days_do_not_count(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await new_pro(api, admin, oficio)
    old = utcnow() - timedelta(days=100)
    for minutes in (1, 2, 3):
        await talk(standalone, pro, minutes, start=old)
    await talk(standalone, pro, 50)
    await talk(standalone, pro, 60)
    assert await public_figure(api, profile_id) is None
    await talk(standalone, pro, 70)
    await figure_becomes(api, profile_id, 60)
    assert await card_figure(api, oficio, profile_id) == 60

    # As days pass the conversations leave the window (the daily job recomputes stored medians).
    async with standalone.ctx("professionals").db.session() as session:
        await response_time.recompute(session, pro.id, now=utcnow() + timedelta(days=95))
    assert await public_figure(api, profile_id) is None
    assert await card_figure(api, oficio, profile_id) is None


async def test_messages_handled_together_lock_their_conversations_with_one_statement(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await new_pro(api, admin, oficio)
    t = utcnow() - timedelta(days=1)
    known = [await talk(standalone, pro, 30, start=t) for _ in range(3)]
    # Together, per known conversation: an earlier client message (the reply is now 40 minutes after the
    # client's first), a later one and a later professional message (neither changes anything); and a
    # conversation not known yet.
    fresh, cliente = uuid.uuid4(), uuid.uuid4()
    envelopes = [
        envelope(message(chat, sender, recipient), at)
        for chat in known
        for sender, recipient, at in (
            (cliente, pro.id, t - timedelta(minutes=10)),
            (cliente, pro.id, t + timedelta(minutes=60)),
            (pro.id, cliente, t + timedelta(minutes=90)),
        )
    ]
    envelopes.append(envelope(message(fresh, cliente, pro.id), t))
    executed = await handled_together(standalone, envelopes)
    by_chat_id = [
        statement
        for statement in executed
        if statement.lstrip().upper().startswith("SELECT") and "respuesta_conversaciones.chat_id" in statement
    ]
    # One statement locks the nine messages' three conversations, one more the new conversation once the
    # batch has created it; handled alone, each message reads its own (the new one twice): eleven.
    assert len(by_chat_id) == 2, by_chat_id
    for chat in known:
        found = await conversation(standalone, chat)
        assert found is not None
        assert found.primer_mensaje_cliente_at == t - timedelta(minutes=10)
        assert found.primera_respuesta_at == t + timedelta(minutes=30)
    created = await conversation(standalone, fresh)
    assert created is not None
    assert created.primer_mensaje_cliente_at == t
    assert created.profesional_usuario_id == pro.id
    await figure_becomes(api, profile_id, 40)


async def test_a_batch_folds_its_messages_in_as_many_statements_however_many_there_are(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    """New conversations, each with the client's first message, the reply and more of both, handled
    together: the statements of the batch's transaction are the same for 4 conversations as for 16 (handled
    alone, each message of a conversation's start costs several)."""
    pros = [await new_pro(api, admin, oficio) for _ in range(2)]
    t = utcnow() - timedelta(days=1)

    async def statements_for(conversations: int) -> tuple[int, list[uuid.UUID]]:
        chats: list[uuid.UUID] = []
        envelopes: list[EventEnvelope] = []
        for index in range(conversations):
            (pro, _), chat, cliente = pros[index % 2], uuid.uuid4(), uuid.uuid4()
            chats.append(chat)
            for from_client, minutes in ((True, 0), (False, 10 + index), (True, 20), (False, 30), (True, -5)):
                sender, recipient = (cliente, pro.id) if from_client else (pro.id, cliente)
                envelopes.append(envelope(message(chat, sender, recipient), t + timedelta(minutes=minutes)))
        executed = await handled_together(standalone, envelopes)
        # Not the relays' and workers' statements meanwhile.
        tables = ("respuesta_", "professional_", "inbox_events")
        ours = [statement for statement in executed if any(table in statement for table in tables)]
        return len(ours), chats

    few, _ = await statements_for(4)
    many, chats = await statements_for(16)
    assert few == many, (few, many)
    for index, chat in enumerate(chats):
        found = await conversation(standalone, chat)
        assert found is not None
        assert found.primer_mensaje_cliente_at == t - timedelta(minutes=5)
        assert found.primera_respuesta_at == t + timedelta(minutes=10 + index)
    # Each professional: 4 + 16 conversations of this test, waited 15 + index minutes.
    for offset, (_, profile_id) in enumerate(pros):
        waits = sorted(15 + index for index in range(offset, 4, 2)) + sorted(
            15 + index for index in range(offset, 16, 2)
        )
        expected = domain.median_response_minutes([minutes * 60.0 for minutes in waits])
        await figure_becomes(api, profile_id, expected)


async def test_a_late_client_message_that_is_earlier_lengthens_the_wait_even_with_the_same_reply(
    standalone: Standalone, api: httpx.AsyncClient, admin: Account, oficio: dict[str, Any]
) -> None:
    pro, profile_id = await new_pro(api, admin, oficio)
    t = utcnow() - timedelta(days=1)
    await talk(standalone, pro, 10, start=t)
    middle = await talk(standalone, pro, 20, start=t)
    await talk(standalone, pro, 30, start=t)
    await figure_becomes(api, profile_id, 20)
    # The client had written 25 minutes earlier; that message arrives now: 45 minutes to the same reply.
    await send(standalone, middle, uuid.uuid4(), pro.id, t - timedelta(minutes=25))
    await figure_becomes(api, profile_id, 30)  # 10, 30, 45
    found = await conversation(standalone, middle)
    assert found is not None
    assert found.primera_respuesta_at == t + timedelta(minutes=20)


@pytest.mark.postgres
@pytest.mark.filterwarnings("ignore:Did not recognize type 'box'")
@pytest.mark.filterwarnings("ignore:Did not recognize type 'point'")
async def test_a_batch_on_postgres_locks_creates_and_folds_as_messages_handled_alone(pg_url: str) -> None:
    """The batch's statements (FOR UPDATE in chat id order, the multi-row insert of new conversations, the
    refreshed read) on PostgreSQL: the same read model as the same messages handled one by one."""
    from types import SimpleNamespace

    from conectar.platform.consumer import InboxConsumer
    from conectar.platform.db import Database
    from conectar.platform.migrations import upgrade
    from conectar.professionals import repository as repo
    from conectar.professionals.events import handlers
    from conectar.professionals.models import tables
    from conectar.services import SERVICES
    from tests.conftest import unique_email

    await asyncio.to_thread(upgrade, SERVICES["professionals"].migrations, pg_url)
    db = Database(pg_url)
    try:
        pros = sorted(uuid.uuid4() for _ in range(2))
        async with db.session() as session:
            for usuario_id in pros:
                await repo.insert_profile_if_missing(
                    session,
                    usuario_id=usuario_id,
                    email=unique_email("rt"),
                    nombre="Ana",
                    apellido="Pérez",
                    is_active=True,
                    fecha_creacion=utcnow(),
                )
        t = utcnow() - timedelta(days=1)
        # Six conversations, three per professional, each: the client, the reply 15 + index minutes later,
        # the client again, the professional again, and, last, the client's real first message 5 minutes
        # before the one that looked first.
        messages: list[tuple[MessageSent, datetime]] = []
        for index in range(6):
            pro, cliente, chat = pros[index % 2], uuid.uuid4(), uuid.uuid4()
            for from_client, minutes in ((True, 0), (False, 15 + index), (True, 40), (False, 50), (True, -5)):
                sender, recipient = (cliente, pro) if from_client else (pro, cliente)
                messages.append((message(chat, sender, recipient), t + timedelta(minutes=minutes)))

        ctx = SimpleNamespace(db=db)
        together = InboxConsumer(
            "professionals", db, tables, handlers.bind(ctx), prepare=handlers.bind_prepare(ctx)
        )
        await asyncio.gather(*(together(envelope(m, at)) for m, at in messages))

        async def read_model() -> list[tuple[Any, ...]]:
            C = RespuestaConversacion
            async with db.session(write=False) as session:
                rows = await session.execute(
                    select(
                        C.profesional_usuario_id, C.primer_mensaje_cliente_at, C.primera_respuesta_at
                    ).order_by(C.chat_id)
                )
                medians = await session.execute(
                    select(ProfessionalProfile.tiempo_respuesta_mediano_min)
                    .where(ProfessionalProfile.usuario_id.in_(pros))
                    .order_by(ProfessionalProfile.usuario_id)
                )
                M = RespuestaMensajeProfesional
                kept = await session.execute(
                    select(M.chat_id, M.enviado_at).order_by(M.chat_id, M.enviado_at)
                )
                return [*rows.all(), *medians.all(), *kept.all()]

        batched = await read_model()
        async with db.session() as session:
            await session.execute(delete(RespuestaConversacion))
        alone = InboxConsumer("professionals", db, tables, handlers.bind(ctx), batch_max=1)
        for m, at in messages:
            await alone(envelope(m, at))
        assert batched == await read_model()
        # Each wait is 20 + index minutes: 20, 22, 24 for the first professional, 21, 23, 25 for the second.
        assert sorted(row[1:] for row in batched[:6]) == sorted(
            (t - timedelta(minutes=5), t + timedelta(minutes=15 + index)) for index in range(6)
        )
        assert [row[0] for row in batched[6:8]] == [22, 23]
        assert len(batched[8:]) == 6  # of each conversation, its first reply alone is kept
    finally:
        await db.dispose()
