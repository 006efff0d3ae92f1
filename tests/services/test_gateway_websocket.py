"""WebSocket proxying: an echo app behind the gateway, over HTTP (a real uvicorn server) and in process."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest

from tests.services.test_gateway_support import (
    Recorder,
    SigningKey,
    auth_app,
    chat_app,
    make_settings,
    running_gateway,
    serve,
    unused_url,
)

CHAT_ROUTES = (("/api/v1/chat", "chat"), ("/api/v1/auth", "auth"), ("/.well-known/jwks.json", "auth"))


@asynccontextmanager
async def chat_behind_gateway(tmp_path: Path, *, in_process: bool) -> AsyncIterator[tuple[str, Recorder]]:
    recorder = Recorder()
    key = SigningKey()
    apps = {"chat": chat_app(recorder), "auth": auth_app(key)}
    if in_process:
        settings = make_settings(tmp_path)
        async with running_gateway(settings, hosted=apps, routes=CHAT_ROUTES) as gateway:
            yield gateway.url, recorder
        return
    async with serve(apps["chat"]) as chat_url, serve(apps["auth"]) as auth_url:
        settings = make_settings(tmp_path, chat_url=chat_url, auth_url=auth_url)
        async with running_gateway(settings, routes=CHAT_ROUTES) as gateway:
            yield gateway.url, recorder


BOTH = pytest.mark.parametrize("in_process", [False, True], ids=["http", "hosted"])


@BOTH
async def test_echo_text_and_binary_with_query_token_and_subprotocol(
    tmp_path: Path, in_process: bool
) -> None:
    async with (
        chat_behind_gateway(tmp_path, in_process=in_process) as (url, recorder),
        aiohttp.ClientSession() as session,
        session.ws_connect(
            f"{url}/api/v1/chat/ws?token=abc%20def&x=1&x=2",
            protocols=["chat.v1"],
            headers={"X-Conectar-Client": "legacy-frontend"},  # a caller's claim: never passed on
        ) as ws,
    ):
        assert ws.protocol == "chat.v1"
        assert (await ws.receive_str(timeout=5)) == "hola abc def"
        await ws.send_str("¿hay alguien?")
        assert (await ws.receive_str(timeout=5)) == "¿hay alguien?"
        payload = bytes(range(256)) * 1000
        await ws.send_bytes(payload)
        assert (await ws.receive_bytes(timeout=5)) == payload
    handshake = recorder.calls[0]
    assert handshake["query_string"] == "token=abc%20def&x=1&x=2"
    assert "x-request-id" in handshake["headers"]
    assert handshake["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert "x-conectar-client" not in handshake["headers"]


@BOTH
async def test_upstream_close_code_reaches_the_client(tmp_path: Path, in_process: bool) -> None:
    async with (
        chat_behind_gateway(tmp_path, in_process=in_process) as (url, _),
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{url}/api/v1/chat/ws") as ws,
    ):
        await ws.receive_str(timeout=5)
        await ws.send_str("close:4001")
        message = await ws.receive(timeout=5)
        assert message.type is aiohttp.WSMsgType.CLOSE
        assert message.data == 4001
        assert message.extra == "adiós"


@BOTH
async def test_client_close_code_reaches_the_upstream(tmp_path: Path, in_process: bool) -> None:
    async with chat_behind_gateway(tmp_path, in_process=in_process) as (url, recorder):
        async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}/api/v1/chat/ws") as ws:
            await ws.receive_str(timeout=5)
            await ws.close(code=4002)
        for _ in range(100):
            if any("client_close_code" in call for call in recorder.calls):
                break
            await asyncio.sleep(0.02)
    assert {"client_close_code": 4002} in recorder.calls


@BOTH
async def test_protected_websocket_without_token_is_refused(tmp_path: Path, in_process: bool) -> None:
    async with (
        chat_behind_gateway(tmp_path, in_process=in_process) as (url, recorder),
        aiohttp.ClientSession() as session,
    ):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{url}/api/v1/chat/otra")
    assert refused.value.status == 401
    assert recorder.calls == []


async def test_websocket_to_a_down_upstream_is_refused(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, chat_url=unused_url())
    async with running_gateway(settings, routes=CHAT_ROUTES) as gateway, aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{gateway.url}/api/v1/chat/ws")
    assert refused.value.status == 502
