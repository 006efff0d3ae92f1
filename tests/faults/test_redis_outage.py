"""Redis cut for 30 s: the API keeps serving, limits are still enforced (429, never 5xx), a session ended
before the cut stays refused, the chat socket still delivers within its replica, and every instance stays
ready (degraded, naming Redis) for the whole outage. (Across chat replicas: tests/faults/test_chat_replicas.)"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import aiohttp
import httpx

from tests.factories import PASSWORD, create_admin, eventually, login, open_chat, register
from tests.faults.conftest import LOGIN_FAILURES_PER_ACCOUNT, readiness
from tests.integration.conftest import Platform

OUTAGE_SECONDS = 30.0


async def test_a_redis_outage_keeps_the_api_serving_and_the_limits_enforced(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(platform, api)
    cliente = await register(api, "CLIENTE")
    pro = await register(api, "PROFESIONAL")
    guessed = await register(api, "CLIENTE")
    gone = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    assert (await api.get("/api/v1/users/me", headers=gone.headers)).status_code == 200
    assert (await api.post("/api/v1/auth/logout", headers=gone.headers, json={})).status_code == 200
    assert (await api.get("/api/v1/users/me", headers=gone.headers)).status_code == 401

    platform.proxies["redis"].cut()
    cut_at = asyncio.get_running_loop().time()
    try:
        answers: dict[str, tuple[int, dict[str, Any]]] = {}

        async def every_instance_degraded() -> bool:
            answers.update(await readiness(platform))
            for service, (status, body) in answers.items():
                assert status == 200, (service, body)
            return all("redis" in body.get("degraded", []) for _, body in answers.values())

        try:
            await eventually(every_instance_degraded, timeout=15, interval=0.5)
        except AssertionError:
            raise AssertionError(f"not every instance reports Redis away: {answers}") from None

        # The API keeps serving: log in, read one's profile, search.
        tokens = await login(api, cliente.email, PASSWORD)
        headers = {"Authorization": f"Bearer {tokens['access_token']}"}
        me = await api.get("/api/v1/users/me", headers=headers)
        assert me.status_code == 200, me.text
        assert me.json()["email"] == cliente.email
        found = await api.get(
            "/api/v1/admin/users/search", headers=admin.headers, params={"email": cliente.email}
        )
        assert found.status_code == 200, found.text
        assert [user["id"] for user in found.json()] == [str(cliente.id)]
        searched = await api.get(
            "/api/v1/search/professionals",
            params={"oficio_id": str(uuid.uuid4()), "lat": -34.6, "lng": -58.4},
        )
        assert searched.status_code == 200, searched.text

        # Login throttling still answers 429 from the process's memory, never a 5xx.
        statuses = []
        for _ in range(LOGIN_FAILURES_PER_ACCOUNT + 2):
            wrong = await api.post(
                "/api/v1/auth/login", data={"username": guessed.email, "password": "adivinando"}
            )
            statuses.append(wrong.status_code)
        assert statuses == [401] * LOGIN_FAILURES_PER_ACCOUNT + [429, 429], statuses
        assert int(wrong.headers["Retry-After"]) > 0
        right = await api.post("/api/v1/auth/login", data={"username": guessed.email, "password": PASSWORD})
        assert right.status_code == 429, right.text

        # A session ended before the cut stays refused by every process.
        for path in ("/api/v1/users/me", "/api/v1/chat/my-chats", "/api/v1/notificaciones"):
            assert (await api.get(path, headers=gone.headers)).status_code == 401, path

        # The chat socket delivers within its (single) replica without Redis's fan-out.
        async with aiohttp.ClientSession() as session:
            url = platform.base_url.replace("http", "ws", 1) + "/api/v1/chat/ws"
            ws = await session.ws_connect(url, params={"token": pro.access_token})
            assert json.loads((await ws.receive(timeout=10)).data)["type"] == "hello"
            sent = await api.post(
                "/api/v1/chat/send-message",
                headers=cliente.headers,
                json={"chat_id": chat_id, "text": "sin redis"},
            )
            assert sent.status_code == 200, sent.text
            frame = json.loads((await ws.receive(timeout=5)).data)
            assert frame["data"]["text"] == "sin redis", frame
            await ws.close()

        assert all(status == 200 for status, _ in (await readiness(platform)).values())

        # Held for the whole outage: every second the API answers, the ended session stays refused, and
        # no instance turns unready (a fallback that worked for the first seconds only would show here).
        while asyncio.get_running_loop().time() - cut_at < OUTAGE_SECONDS:
            assert (await api.get("/api/v1/users/me", headers=headers)).status_code == 200
            assert (await api.get("/api/v1/users/me", headers=gone.headers)).status_code == 401
            assert all(status == 200 for status, _ in (await readiness(platform)).values())
            await asyncio.sleep(1)
    finally:
        platform.proxies["redis"].restore()

    async def all_ok() -> bool:
        answers = await readiness(platform)
        return all(status == 200 and body["status"] == "ok" for status, body in answers.values())

    await eventually(all_ok, timeout=20, interval=0.5)
    # Served from Redis again: the ended session is still refused, the live one accepted.
    assert (await api.get("/api/v1/users/me", headers=gone.headers)).status_code == 401
    assert (await api.get("/api/v1/users/me", headers=cliente.headers)).status_code == 200
