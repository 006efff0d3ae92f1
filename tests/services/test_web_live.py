"""The browser's live channel (/live): the web app relays the chat feed and the notification count over one
WebSocket, with the session's token kept server-side; and the in-process transport it rides on."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import StreamingResponse
from starlette.routing import Route

from conectar.web.gateway import Gateway, StreamingASGITransport
from conectar.web.session import COOKIE_NAME, SessionCodec
from tests.factories import Account, approved_professional, create_admin, open_chat, register
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browser


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def signed_in(live: LiveStandalone, account: Account) -> Browser:
    browser = Browser(live.base_url, live.base_url)
    await browser.login(account.email, account.password)
    return browser


async def connect(
    live: LiveStandalone, cookie: str | None, origin: str | None = None, query: str = ""
) -> Any:
    session = aiohttp.ClientSession()
    headers = {"Origin": origin or live.base_url}
    if cookie:
        headers["Cookie"] = f"{COOKIE_NAME}={cookie}"
    ws = await session.ws_connect(live.base_url.replace("http", "ws") + "/live" + query, headers=headers)
    ws._test_session = session  # closed by close()
    return ws


async def close(ws: Any) -> None:
    await ws.close()
    await ws._test_session.close()


async def frames_until(ws: Any, wanted: Any, timeout: float = 10) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        if message.type is not aiohttp.WSMsgType.TEXT:
            raise AssertionError(f"socket ended: {message.type} {ws.close_code}")
        frame: dict[str, Any] = json.loads(message.data)
        if wanted(frame):
            return frame
    raise AssertionError("frame not received")


async def closed_with(ws: Any) -> int:
    message = await ws.receive(timeout=10)
    assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
    return int(ws.close_code)


async def test_the_live_channel_needs_a_session_from_this_site(live: LiveStandalone) -> None:
    anonymous = await connect(live, None)
    assert await closed_with(anonymous) == 4401
    await close(anonymous)
    cliente = await register(live.client, "CLIENTE")
    browser = await signed_in(live, cliente)
    foreign = await connect(live, browser.session_cookie, origin="https://malicioso.example")
    assert await closed_with(foreign) == 4403
    await close(foreign)
    codec = SessionCodec(live.settings.secret("secret_key"))
    session = codec.open(browser.session_cookie)
    assert session is not None
    session.exp = int(time.time()) + 5  # about to expire: renew first
    expiring = await connect(live, codec.seal(session))
    assert await closed_with(expiring) == 4001
    await close(expiring)
    await browser.close()


async def test_chat_feed_commands_and_unread_count_flow_through_the_relay(
    live: LiveStandalone, admin: Account
) -> None:
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    browser = await signed_in(live, cliente)
    ws = await connect(live, browser.session_cookie)
    hello = await frames_until(ws, lambda f: f["type"] == "hello")
    assert hello["user_id"] == str(cliente.id)
    count = await frames_until(ws, lambda f: f["type"] == "notif" and "count" in f)
    assert isinstance(count["count"], int)
    # A message from the other side arrives as a feed frame.
    sent = await api.post(
        "/api/v1/chat/send-message",
        headers=pro.headers,
        json={"chat_id": chat_id, "text": "Hola, ¿cuándo te viene bien?"},
    )
    assert sent.status_code == 200
    frame = await frames_until(ws, lambda f: f["type"] == "feed" and f["kind"] == "message")
    assert frame["data"]["text"] == "Hola, ¿cuándo te viene bien?"
    last_seq = frame["seq"]
    # Commands go up: send (acknowledged), read, ping; anything else is dropped.
    await ws.send_str(json.dumps({"type": "auth", "token": "x"}))
    await ws.send_str(
        json.dumps({"type": "send", "chat_id": chat_id, "text": "Mañana a la tarde", "ref": "r1"})
    )
    ack = await frames_until(ws, lambda f: f.get("ref") == "r1")
    assert ack["type"] == "ack"
    assert ack["message"]["text"] == "Mañana a la tarde"
    await ws.send_str(json.dumps({"type": "ping", "ref": "p1"}))
    assert (await frames_until(ws, lambda f: f.get("ref") == "p1"))["type"] == "pong"
    await close(ws)
    # Reconnecting with a cursor catches up on what happened meanwhile.
    await api.post(
        "/api/v1/chat/send-message", headers=pro.headers, json={"chat_id": chat_id, "text": "¡Perfecto!"}
    )
    again = await connect(live, browser.session_cookie, query=f"?cursor={last_seq}")
    caught = await frames_until(
        ws=again, wanted=lambda f: f["type"] == "feed" and f["data"].get("text") == "¡Perfecto!"
    )
    assert caught["seq"] > last_seq
    await close(again)
    await browser.close()


@pytest.mark.parametrize("mode", ["in_process", "http"])
async def test_both_ways_into_the_gateway_carry_calls_and_websockets(live: LiveStandalone, mode: str) -> None:
    """Standalone calls the gateway app in this process; distributed calls its URL (httpx, aiohttp)."""
    gateway = (
        Gateway(app=lambda: live.host.gateway)
        if mode == "in_process"
        else Gateway(base_url=live.base_url, timeout=10)
    )
    cliente = await register(live.client, "CLIENTE")
    try:
        me = await gateway.client.get("/api/v1/users/me", headers=cliente.headers)
        assert me.status_code == 200
        assert me.json()["id"] == str(cliente.id)
        refused = await gateway.client.get("/api/v1/users/me")
        assert refused.status_code == 401
        socket = await gateway.websocket(
            "/api/v1/chat/ws",
            f"token={cliente.access_token}",
            [("X-Forwarded-For", "198.51.99.7")],
            "198.51.99.7",
        )
        try:
            hello = json.loads(await socket.receive_text() or "{}")
            assert (hello["type"], hello["user_id"]) == ("hello", str(cliente.id))
            await socket.send_text(json.dumps({"type": "ping", "ref": "p1"}))
            assert json.loads(await socket.receive_text() or "{}") == {"type": "pong", "ref": "p1"}
        finally:
            await socket.close()
        # A refused token ends the socket: the relay reads that as "renew the session".
        stranger = await gateway.websocket("/api/v1/chat/ws", "token=nope", [], "198.51.99.7")
        try:
            assert await asyncio.wait_for(stranger.receive_text(), 10) is None
        finally:
            await stranger.close()
    finally:
        await gateway.close()


async def test_the_in_process_transport_streams_responses() -> None:
    release = asyncio.Event()

    async def events(_: Any) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            yield b"data: uno\n\n"
            await release.wait()
            yield b"data: dos\n\n"

        return StreamingResponse(body(), media_type="text/event-stream")

    app = Starlette(routes=[Route("/stream", events)])
    client = httpx.AsyncClient(
        transport=StreamingASGITransport(lambda: app), base_url="http://gateway.internal"
    )
    async with client.stream("GET", "/stream") as response:
        assert response.status_code == 200
        chunks = response.aiter_bytes()
        first = await asyncio.wait_for(chunks.__anext__(), 2)  # before the app has finished
        assert first == b"data: uno\n\n"
        release.set()
        assert await asyncio.wait_for(chunks.__anext__(), 2) == b"data: dos\n\n"
    await client.aclose()


class _SlowChat:
    """A chat upstream that greets late, as a busy chat replica does."""

    def __init__(self) -> None:
        self.frames: asyncio.Queue[str | None] = asyncio.Queue()

    async def send_text(self, text: str) -> None:
        return None

    async def receive_text(self) -> str | None:
        return await self.frames.get()

    async def close(self) -> None:
        self.frames.put_nowait(None)


class _Browser:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.gone = asyncio.Event()

    async def send_text(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def receive_text(self) -> str:
        await self.gone.wait()
        raise RuntimeError("the browser went away")

    async def close(self, code: int = 1000) -> None:
        self.gone.set()


async def test_the_chat_greeting_is_the_first_frame_even_when_notifications_answer_first() -> None:
    """The notification stream answers at once and the chat greets late: the browser still gets
    ``hello`` first (the two upstreams race; the relay orders them)."""
    from types import SimpleNamespace

    from conectar.web.live import Relay

    async def stream(_: Any) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            yield b'event: contador\ndata: {"count": 3}\n\n'
            await asyncio.Event().wait()

        return StreamingResponse(body(), media_type="text/event-stream")

    app = Starlette(routes=[Route("/api/v1/notificaciones/stream", stream)])
    chat = _SlowChat()

    async def websocket(*_: Any) -> _SlowChat:
        return chat

    client = httpx.AsyncClient(transport=StreamingASGITransport(lambda: app), base_url="http://gw")
    runtime = SimpleNamespace(gateway=SimpleNamespace(client=client, websocket=websocket))
    browser = _Browser()
    relay = Relay(runtime, browser, "token", "198.51.100.1")  # type: ignore[arg-type]
    running = asyncio.create_task(relay.run(None, 60))
    await asyncio.sleep(0.3)  # the count is long there; the greeting is not
    assert browser.sent == []
    chat.frames.put_nowait(json.dumps({"type": "hello", "user_id": "u", "seq": 0}))
    for _ in range(100):
        if len(browser.sent) >= 2:
            break
        await asyncio.sleep(0.02)
    assert [frame["type"] for frame in browser.sent[:2]] == ["hello", "notif"]
    assert browser.sent[1]["count"] == 3
    await browser.close()
    await asyncio.wait_for(running, 5)
    await client.aclose()


async def test_a_ban_ends_the_browser_channel_for_good_within_a_second(
    live: LiveStandalone, admin: Account
) -> None:
    """The relay passes on why its upstreams ended: a session that is over is 4401 (the page stops
    reconnecting), not 4001 (renew and reconnect)."""
    cliente = await register(live.client, "CLIENTE")
    browser = await signed_in(live, cliente)
    ws = await connect(live, browser.session_cookie)
    await frames_until(ws, lambda f: f["type"] == "hello")
    banned = await live.client.post(f"/api/v1/admin/users/{cliente.id}/ban", headers=admin.headers)
    assert banned.status_code == 200
    started = time.monotonic()
    while (message := await ws.receive(timeout=5)).type is aiohttp.WSMsgType.TEXT:
        assert json.loads(message.data)["type"] == "notif"  # only what was already on its way
    assert ws.close_code == 4401
    assert time.monotonic() - started < 1.0
    await close(ws)
    await browser.close()
