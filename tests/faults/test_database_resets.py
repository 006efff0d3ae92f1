"""PostgreSQL connections reset under load: the users' and chat's database connections are cut with a
TCP RST while a client keeps working. Requests run one at a time, so at most the one in flight at each
reset may fail; nothing answers 5xx afterwards, and no message is lost or stored twice."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter

import asyncpg
import httpx
from sqlalchemy.engine import make_url

from tests.factories import open_chat, register
from tests.faults.conftest import readiness
from tests.integration.conftest import Platform

RESETS = 4
RESET_EVERY_SECONDS = 1.5


async def stored_texts(platform: Platform, chat_id: str) -> Counter[str]:
    """The chat's stored messages, read from its database (the API pages them 200 at a time)."""
    dsn = (
        make_url(platform.database_url("chat"))
        .set(drivername="postgresql")
        .render_as_string(hide_password=False)
    )
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT text FROM messages WHERE chat_id = $1", uuid.UUID(chat_id))
    finally:
        await conn.close()
    return Counter(str(row["text"]) for row in rows)


async def test_reset_database_connections_fail_at_most_the_request_in_flight(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    assert (await api.get("/api/v1/users/me", headers=cliente.headers)).status_code == 200

    sent: dict[str, int] = {}
    outcomes: list[tuple[str, int]] = []
    stop = asyncio.Event()

    async def one(step: int) -> None:
        kind = ("me", "chats", "send")[step % 3]
        if kind == "me":
            response = await api.get("/api/v1/users/me", headers=cliente.headers)
        elif kind == "chats":
            response = await api.get("/api/v1/chat/my-chats", headers=cliente.headers)
        else:
            text = f"carga {step}"
            response = await api.post(
                "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": text}
            )
            sent[text] = response.status_code
        outcomes.append((kind, response.status_code))

    async def load() -> None:
        step = 0
        while not stop.is_set():
            await one(step)
            step += 1

    async def resets() -> None:
        for _ in range(RESETS):
            await asyncio.sleep(RESET_EVERY_SECONDS)
            platform.proxies["db:users"].reset()
            platform.proxies["db:chat"].reset()
        await asyncio.sleep(RESET_EVERY_SECONDS)
        stop.set()

    connections_before = platform.proxies["db:chat"].connections
    await asyncio.gather(load(), resets())
    during = list(outcomes)
    outcomes.clear()
    failed = [(kind, status) for kind, status in during if status != 200]
    assert len(during) > 20, "the load loop barely ran"
    # Only a request in flight at a reset instant may fail: at most one per reset (requests run one at
    # a time), and never as anything but a 5xx from the database (no wrong answers).
    assert len(failed) <= RESETS, failed
    assert all(status >= 500 for _, status in failed), failed
    # The pools really did open new connections through the proxy after the resets.
    assert platform.proxies["db:chat"].connections > connections_before

    # Everything afterwards succeeds.
    for step in range(30):
        await one(step + 10_000)
    assert all(status == 200 for _, status in outcomes), outcomes

    # No message lost, none stored twice: every acknowledged send is there exactly once; a send that
    # failed at the reset may have committed or not, but never twice.
    stored = await stored_texts(platform, chat_id)
    for text, status in sent.items():
        if status == 200:
            assert stored[text] == 1, (text, stored[text])
        else:
            assert stored[text] <= 1, (text, stored[text])
    assert set(stored) <= set(sent)
    answers = await readiness(platform)
    assert all(status == 200 for status, _ in answers.values()), answers
    print(f"{len(during)} requests under {RESETS} resets; failed: {failed}")
