"""Streams end with their session across processes: auth revokes, and the chat WebSocket (its own process,
behind the gateway) and the notifications stream (another process) hear it through Redis and close within
a second, delivering nothing after."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

import aiohttp
import httpx
import pytest

from tests.factories import create_admin, eventually, open_chat, register
from tests.integration.conftest import Platform


@pytest.mark.parametrize("ending", ["ban", "account deletion"])
async def test_a_ban_or_a_deletion_closes_the_chat_socket_and_the_notifications_stream_within_a_second(
    platform: Platform, api: httpx.AsyncClient, ending: str
) -> None:
    admin = await create_admin(platform, api)
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)

    async def welcomed() -> bool:  # no notice still on its way when the ban lands
        answer = await api.get("/api/v1/notificaciones/no-leidas/contador", headers=pro.headers)
        return int(answer.json()["count"]) >= 1

    await eventually(welcomed, timeout=30)

    async def sse() -> AsyncIterator[tuple[str, str]]:
        async with api.stream("GET", "/api/v1/notificaciones/stream", headers=pro.headers) as response:
            assert response.status_code == 200
            name = ""
            async for line in response.aiter_lines():
                if line.startswith("event: "):
                    name = line.removeprefix("event: ")
                elif line.startswith("data: "):
                    yield name, line.removeprefix("data: ")

    events = sse()
    assert (await asyncio.wait_for(events.__anext__(), 15))[0] == "contador"
    async with aiohttp.ClientSession() as session:
        url = platform.base_url.replace("http", "ws") + "/api/v1/chat/ws"
        ws = await session.ws_connect(url, params={"token": pro.access_token})
        assert json.loads((await ws.receive(timeout=10)).data)["type"] == "hello"
        sent = await api.post(
            "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "hola"}
        )
        assert sent.status_code == 200
        assert json.loads((await ws.receive(timeout=10)).data)["data"]["text"] == "hola"

        if ending == "ban":
            ended = await api.post(f"/api/v1/admin/users/{pro.id}/ban", headers=admin.headers)
        else:
            ended = await api.post(
                "/api/v1/users/me/eliminar", json={"password": pro.password}, headers=pro.headers
            )
        assert ended.status_code in (200, 202), ended.text
        started = time.monotonic()
        late = await api.post(
            "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "tarde"}
        )
        assert late.status_code == 200
        frames = []
        while (message := await ws.receive(timeout=5)).type is aiohttp.WSMsgType.TEXT:
            frames.append(json.loads(message.data))
        socket_closed = time.monotonic() - started
        assert ws.close_code == 4401
        assert frames == [], f"the socket received frames after the {ending}"
        assert socket_closed < 1.0, f"the socket outlived the {ending} by {socket_closed:.2f} s"
        name, data = await asyncio.wait_for(events.__anext__(), 5)
        assert (name, json.loads(data)) == ("fin", {"motivo": "sesion_cerrada"})
        assert time.monotonic() - started < 1.5
        await ws.close()
    await events.aclose()


async def test_revoked_sessions_stay_refused_after_redis_forgets_them(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    """Redis is a cache: after a flush (or a restart without persistence) a logged-out token is still
    refused everywhere — every process remembers what it heard — and auth refills Redis from its records."""
    import redis.asyncio as aioredis

    person = await register(api, "CLIENTE")
    assert (await api.get("/api/v1/users/me", headers=person.headers)).status_code == 200
    assert (await api.post("/api/v1/auth/logout", headers=person.headers, json={})).status_code == 200
    assert (await api.get("/api/v1/users/me", headers=person.headers)).status_code == 401
    client = aioredis.from_url(platform.env.get("CONECTAR_REDIS_URL", "redis://localhost:6379/0"))
    try:
        keys = [key async for key in client.scan_iter(match=f"{platform.namespace}:revo*")]
        assert f"{platform.namespace}:revocations:seeded".encode() in keys
        await client.delete(*keys)  # what a FLUSHDB does to this platform's revocations
        for path in (
            "/api/v1/users/me",
            "/api/v1/notificaciones/no-leidas/contador",
            "/api/v1/chat/my-chats",
        ):
            assert (await api.get(path, headers=person.headers)).status_code == 401, path

        async def refilled() -> bool:
            return bool(await client.exists(f"{platform.namespace}:revocations:seeded"))

        await eventually(refilled, timeout=10, interval=0.2)
        revoked = [key async for key in client.scan_iter(match=f"{platform.namespace}:revoked:*")]
        assert revoked, "auth did not write the revocations back"
    finally:
        await client.aclose()
