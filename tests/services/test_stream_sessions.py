"""Long-lived streams end with their session: the chat WebSocket and the notifications stream close within
a second of a ban, a logout, a password change or reset, and deliver nothing in between."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import aiohttp
import httpx
import pytest
from sqlalchemy import select

from tests.factories import Account, create_admin, eventually, register
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_conversations import pair, send

SESSION_ENDED = 4401


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def open_socket(
    live: LiveStandalone, account: Account, token: str | None = None
) -> tuple[aiohttp.ClientSession, Any]:
    session = aiohttp.ClientSession()
    url = live.base_url.replace("http", "ws") + "/api/v1/chat/ws"
    ws = await session.ws_connect(url, params={"token": token or account.access_token})
    hello = json.loads((await ws.receive(timeout=5)).data)
    assert hello["type"] == "hello"
    return session, ws


async def frames_until_closed(ws: Any, timeout: float) -> tuple[list[dict[str, Any]], float]:
    """Every frame the socket got until it closed, and how long the close took."""
    started = time.monotonic()
    frames: list[dict[str, Any]] = []
    while True:
        message = await ws.receive(timeout=timeout)
        if message.type is aiohttp.WSMsgType.TEXT:
            frames.append(json.loads(message.data))
            continue
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
        return frames, time.monotonic() - started


async def sse_lines(api: httpx.AsyncClient, account: Account, token: str) -> AsyncIterator[str]:
    headers = {"Authorization": f"Bearer {token}"}
    async with api.stream("GET", "/api/v1/notificaciones/stream", headers=headers) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            yield line


async def next_event(lines: AsyncIterator[str]) -> tuple[str, dict[str, Any]]:
    name = ""
    async for line in lines:
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            return name, json.loads(line.removeprefix("data: "))
    raise AssertionError("stream ended without an event")


async def ban(api: httpx.AsyncClient, admin: Account, who: Account) -> None:
    response = await api.post(f"/api/v1/admin/users/{who.id}/ban", headers=admin.headers)
    assert response.status_code == 200, response.text


async def logout(api: httpx.AsyncClient, admin: Account, who: Account) -> None:
    response = await api.post("/api/v1/auth/logout", headers=who.headers, json={})
    assert response.status_code == 200, response.text


async def change_password(api: httpx.AsyncClient, admin: Account, who: Account) -> None:
    response = await api.post(
        "/api/v1/users/me/change-password",
        headers=who.headers,
        json={"current_password": who.password, "new_password": "otra-clave-segura-1"},
    )
    assert response.status_code == 200, response.text


ENDINGS: dict[str, Callable[[httpx.AsyncClient, Account, Account], Awaitable[None]]] = {
    "ban": ban,
    "logout": logout,
    "password": change_password,
}
# A password change keeps the session that made it and ends every other one: the stream under test is
# then another device's.
OTHER_DEVICE = {"password"}


async def device_token(api: httpx.AsyncClient, who: Account, ending: str) -> str:
    if ending not in OTHER_DEVICE:
        return who.access_token
    again = await api.post("/api/v1/auth/login", data={"username": who.email, "password": who.password})
    assert again.status_code == 200, again.text
    return str(again.json()["access_token"])


@pytest.mark.parametrize("ending", list(ENDINGS))
async def test_the_chat_socket_closes_within_a_second_and_delivers_nothing_after(
    live: LiveStandalone, admin: Account, ending: str
) -> None:
    api = live.client
    cliente, pro, chat = await pair(api)
    session, ws = await open_socket(live, pro, await device_token(api, pro, ending))
    try:
        await send(api, cliente, chat["id"], "antes")
        frame = json.loads((await ws.receive(timeout=5)).data)
        assert frame["data"]["text"] == "antes"  # the socket works until the session ends
        await ENDINGS[ending](api, admin, pro)
        ended_at = time.monotonic()
        frames, _ = await frames_until_closed(ws, timeout=5)
        took = time.monotonic() - ended_at
        assert ws.close_code == SESSION_ENDED
        assert took < 1.0, f"the socket outlived the session by {took:.2f} s"
        assert frames == []
        # Messages written after the end never reach that device.
        assert (await send(api, cliente, chat["id"], "después")).status_code == 200
    finally:
        await ws.close()
        await session.close()


@pytest.mark.parametrize("ending", list(ENDINGS))
async def test_the_notifications_stream_ends_within_a_second(
    live: LiveStandalone, admin: Account, ending: str
) -> None:
    api = live.client
    person = await register(api, "PROFESIONAL")

    async def welcomed() -> bool:  # so that no notice is still on its way when the session ends
        answer = await api.get("/api/v1/notificaciones/no-leidas/contador", headers=person.headers)
        return int(answer.json()["count"]) >= 1

    await eventually(welcomed)
    token = await device_token(api, person, ending)
    lines = sse_lines(api, person, token)
    try:
        assert (await asyncio.wait_for(next_event(lines), 10))[0] == "contador"
        await ENDINGS[ending](api, admin, person)
        started = time.monotonic()
        name, data = await asyncio.wait_for(next_event(lines), 5)
        assert (name, data) == ("fin", {"motivo": "sesion_cerrada"})
        assert time.monotonic() - started < 1.0
    finally:
        await lines.aclose()


async def reset_token(live: LiveStandalone, person: Account) -> str:
    """The link the reset e-mail carries, read from the event auth wrote for it (just after answering:
    forgot-password answers before it looks the account up)."""
    auth = live.ctx("auth")
    outbox = auth.tables.outbox
    found: list[str] = []

    async def written() -> bool:
        async with auth.db.session(write=False) as session:
            rows = (
                (
                    await session.execute(
                        select(outbox.c.payload).where(outbox.c.type == "PasswordResetRequested")
                    )
                )
                .scalars()
                .all()
            )
        found.extend(p["reset_url"] for p in rows if p["user_id"] == str(person.id))
        return bool(found)

    await eventually(written)
    return str(httpx.URL(found[0]).params["token"])


async def test_a_reset_password_ends_the_open_socket(live: LiveStandalone) -> None:
    api = live.client
    person = await register(api, "CLIENTE")
    session, ws = await open_socket(live, person)
    try:
        asked = await api.post("/api/v1/auth/forgot-password", json={"email": person.email})
        assert asked.status_code == 200
        token = await reset_token(live, person)
        reset = await api.post(
            "/api/v1/auth/reset-password", json={"token": token, "new_password": "nueva-clave-segura-1"}
        )
        assert reset.status_code == 200, reset.text
        frames, took = await frames_until_closed(ws, timeout=5)
        assert ws.close_code == SESSION_ENDED
        assert frames == []
        assert took < 1.0
    finally:
        await ws.close()
        await session.close()


async def test_a_socket_renewed_with_a_newer_token_outlives_the_first(live: LiveStandalone) -> None:
    """Re-authenticating on the socket moves it to the new token: logging the first one out (as the web
    app's renewal does with the old session) no longer closes it, and the other person's token is refused."""
    api = live.client
    cliente, pro, chat = await pair(api)
    session, ws = await open_socket(live, pro)
    try:
        again = await api.post("/api/v1/auth/login", data={"username": pro.email, "password": pro.password})
        fresh = again.json()["access_token"]
        await ws.send_str(json.dumps({"type": "auth", "token": cliente.access_token, "ref": "x"}))
        refused = json.loads((await ws.receive(timeout=5)).data)
        assert (refused["type"], refused["status"]) == ("error", 401)
        await ws.send_str(json.dumps({"type": "auth", "token": fresh, "ref": "r"}))
        ack = json.loads((await ws.receive(timeout=5)).data)
        assert (ack["type"], ack["ref"]) == ("ack", "r")
        await logout(api, pro, pro)  # the first token
        await send(api, cliente, chat["id"], "sigo acá")
        frame = json.loads((await ws.receive(timeout=5)).data)
        assert frame["data"]["text"] == "sigo acá"
    finally:
        await ws.close()
        await session.close()
