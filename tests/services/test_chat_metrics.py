"""The chat metrics an operator pages on (issue #12), each driven by the real behaviour on the standalone
platform: trabajos whose automatic release is overdue, open sockets, messages, masked messages, bans and
the fan-out time from a message's commit to its frame on the recipient's socket.

The Prometheus registry is process-global: every assertion compares a reading before and after."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import update

from conectar.chat import feed, metrics
from conectar.chat.conversations import chat_settings
from conectar.chat.models import Trabajo
from conectar.platform.db import utcnow
from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    eventually,
    paid_trabajo,
    register,
    trabajo_state,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_conversations import connect, pair, send

OVERDUE = "conectar_chat_escrow_overdue_trabajos"
SOCKETS = "conectar_chat_sockets_open"
MESSAGES = "conectar_chat_messages_total"
MASKED = "conectar_chat_messages_masked_total"
BANS = "conectar_chat_bans_total"
FANOUT = "conectar_chat_fanout_seconds"


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def readings() -> dict[str, float]:
    return {name: sample(name) for name in (MESSAGES, MASKED, BANS)}


def moved(before: dict[str, float]) -> dict[str, float]:
    after = readings()
    return {key: after[key] - before[key] for key in before if after[key] != before[key]}


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


# --- trabajos whose automatic release is overdue ------------------------------------------------------------


@pytest.fixture
async def own_measurements(live: LiveStandalone) -> AsyncIterator[None]:
    """The service's own gauge loop paused, so that only the test's measurements set the gauge."""
    loop = live.ctx("chat").extras["escrow_overdue_gauge"]
    await loop.stop()
    try:
        yield
    finally:
        loop.start()


async def completed_at(live: LiveStandalone, trabajo_id: str, when: Any) -> None:
    async with live.ctx("chat").db.session() as session:
        await session.execute(
            update(Trabajo).where(Trabajo.id == uuid.UUID(trabajo_id)).values(fecha_completado=when)
        )


async def test_the_service_measures_overdue_releases_every_30_seconds(live: LiveStandalone) -> None:
    loop = live.ctx("chat").extras["escrow_overdue_gauge"]
    assert loop.interval == 30.0
    assert loop.running


async def test_trabajos_past_their_automatic_release_are_counted(
    live: LiveStandalone, admin: Account, own_measurements: None
) -> None:
    api, ctx = live.client, live.ctx("chat")
    settings = chat_settings(ctx)
    release_after = timedelta(hours=settings.chat_auto_release_hours)

    async def measured() -> float:
        count = await metrics.measure_escrow_overdue(ctx.db, settings)
        assert sample(OVERDUE) == count
        return sample(OVERDUE)

    # No payout account: the release timer fires but its guard refuses, so the money stays in escrow.
    pro = (await approved_professional(api, admin, payout=False)).account
    cliente = await register(api, "CLIENTE")
    base = await measured()
    before = readings()
    trabajo_id = await paid_trabajo(api, cliente, pro)
    unfinished = await paid_trabajo(api, cliente, pro)
    assert moved(before) == {}  # offers and the platform's messages are not messages people sent
    done = await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
    assert done.status_code == 200, done.text
    assert await measured() == base  # finished just now: its release is 72 hours away
    await completed_at(live, trabajo_id, utcnow() - release_after - timedelta(minutes=5))
    assert await measured() == base  # due, and the timer has 10 minutes to move it
    await completed_at(live, trabajo_id, utcnow() - release_after - timedelta(minutes=11))
    assert await measured() == base + 1
    # Paid long ago and never finished: its exit is the escalation to a dispute, not the release.
    async with ctx.db.session() as session:
        await session.execute(
            update(Trabajo)
            .where(Trabajo.id == uuid.UUID(unfinished))
            .values(fecha_pago=utcnow() - timedelta(days=400))
        )
    assert await measured() == base + 1
    assert (await trabajo_state(api, cliente, trabajo_id))["estado_escrow"] == "PAGADO_EN_ESCROW"

    # The loop every replica runs keeps the gauge at the database's count.
    loop = metrics.escrow_overdue_gauge(ctx.db, settings, interval_seconds=0.05)
    loop.start()
    try:
        await completed_at(live, trabajo_id, utcnow())
        await eventually(lambda: _equals(OVERDUE, base))
    finally:
        await loop.stop()


async def _equals(name: str, value: float) -> bool:
    return sample(name) == value


# --- messages, moderation, bans -------------------------------------------------------------------------------


async def test_messages_masked_contact_data_and_bans_are_counted(live: LiveStandalone) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    before = readings()
    assert (await send(api, pro, chat["id"], "Mañana paso a las 10")).status_code == 200
    assert moved(before) == {MESSAGES: 1}

    before = readings()
    assert (await send(api, pro, chat["id"], "Llamame al 11 4567-8901")).status_code == 200
    assert (
        await send(api, pro, chat["id"], "escribime a juan.perez arroba gmail punto com")
    ).status_code == 200
    assert moved(before) == {MESSAGES: 2, MASKED: 2}

    before = readings()
    third = await send(api, pro, chat["id"], "mi insta es @juanplomero")  # the third infraction: banned
    assert third.status_code == 200
    assert "[dato oculto]" in third.json()["text"]
    assert moved(before) == {MESSAGES: 1, MASKED: 1, BANS: 1}

    before = readings()
    assert (await send(api, pro, chat["id"], "hola? 11 4567-8901")).status_code == 403  # banned: not stored
    outsider = await register(api, "CLIENTE")
    assert (await send(api, outsider, chat["id"], "me meto")).status_code == 403
    assert moved(before) == {}
    assert (await send(api, cliente, chat["id"], "¿Seguís ahí?")).status_code == 200
    assert moved(before) == {MESSAGES: 1}


# --- sockets and fan-out --------------------------------------------------------------------------------------


async def test_open_sockets_are_counted_on_the_replica(live: LiveStandalone) -> None:
    cliente, pro, _ = await pair(live.client)
    before = sample(SOCKETS)
    phone = await connect(live, pro)
    laptop = await connect(live, pro, via_message=True)
    other = await connect(live, cliente)
    await eventually(lambda: _equals(SOCKETS, before + 3))
    assert sample(SOCKETS) == before + 3
    await laptop.close()
    await eventually(lambda: _equals(SOCKETS, before + 2))
    assert sample(SOCKETS) == before + 2
    await phone.close()
    await other.close()
    await eventually(lambda: _equals(SOCKETS, before))
    assert sample(SOCKETS) == before


async def test_fanout_is_timed_from_the_commit_to_the_recipients_socket(
    live: LiveStandalone, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    recipient = await connect(live, pro)
    sender = await connect(live, cliente)  # the sender's own devices get the item too: not a fan-out
    announce = feed._announce

    async def slow_channel(kv: Any, notices: list[str]) -> None:  # the pub/sub hop takes 300 ms
        await asyncio.sleep(0.3)
        await announce(kv, notices)

    monkeypatch.setattr(feed, "_announce", slow_channel)
    count, total = sample(f"{FANOUT}_count"), sample(f"{FANOUT}_sum")
    under_250ms = sample(f"{FANOUT}_bucket", le="0.25")
    started = time.time()
    assert (await send(api, cliente, chat["id"], "¿Venís hoy?")).status_code == 200
    assert (await recipient.feed("message"))["data"]["text"] == "¿Venís hoy?"
    assert (await sender.feed("message"))["data"]["text"] == "¿Venís hoy?"
    elapsed = time.time() - started
    await eventually(lambda: _equals(f"{FANOUT}_count", count + 1))
    observed = sample(f"{FANOUT}_sum") - total
    assert 0.3 <= observed <= elapsed  # from the commit, through the slow channel, to the socket
    assert sample(f"{FANOUT}_bucket", le="0.25") == under_250ms
    # A read receipt is not a message.
    await api.post(f"/api/v1/chat/mark-read/{chat['id']}", headers=pro.headers)
    await sender.feed("read")
    assert sample(f"{FANOUT}_count") == count + 1
    for socket in (recipient, sender):
        await socket.close()
