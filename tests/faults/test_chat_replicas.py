"""Two chat replicas: one killed (SIGKILL) with sockets open — every socket it held is cut, its client
reconnects (to the survivor) from its cursor, and no socket misses or repeats a message, including the ones
sent while it was away; and Redis cut between them — messages written by one replica still reach sockets on
the other."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field

import aiohttp
import httpx
import pytest

from tests.factories import Account, open_chat, register
from tests.integration.conftest import Platform, free_port, wait_ready

SOCKETS = 6
MESSAGES_BEFORE = 5
MESSAGES_AFTER = 15


@dataclass(frozen=True)
class Replicas:
    gateway: str  # a gateway balancing over both replicas
    chat_b: str  # the second replica, asked directly


@pytest.fixture
def two_chat_replicas(platform: Platform) -> Iterator[Replicas]:
    """A second chat process and a gateway of its own that balances over both."""
    chat_a = platform.service_urls["chat"]
    chat_b = f"http://127.0.0.1:{free_port()}"
    gateway_port = free_port()
    platform.stack.start("chat", name="chat-b", env={"CONECTAR_CHAT_URL": chat_b})
    platform.stack.start(
        "gateway",
        name="gateway-c",
        env={"CONECTAR_PORT": str(gateway_port), "CONECTAR_CHAT_URL": f"{chat_a},{chat_b}"},
    )
    try:
        wait_ready(chat_b + "/health/ready")
        wait_ready(f"http://127.0.0.1:{gateway_port}/health/ready")
        yield Replicas(gateway=f"http://127.0.0.1:{gateway_port}", chat_b=chat_b)
    finally:
        platform.stack.stop("gateway-c")
        platform.stack.stop("chat-b", sig=signal.SIGKILL)


@dataclass
class Device:
    """One of the professional's devices: a socket that reconnects from its cursor when it is cut."""

    url: str
    token: str
    seqs: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    reconnects: int = 0
    connected: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self, session: aiohttp.ClientSession) -> None:
        while True:
            params: dict[str, str | int] = {"token": self.token}
            if self.seqs:
                params["cursor"] = self.seqs[-1]
            try:
                ws = await session.ws_connect(self.url, params=params)
            except aiohttp.ClientError:
                await asyncio.sleep(0.2)
                continue
            try:
                async for frame in ws:
                    if frame.type is not aiohttp.WSMsgType.TEXT:
                        break
                    data = json.loads(frame.data)
                    if data["type"] == "hello":
                        self.connected.set()
                    elif data["type"] == "feed" and data["kind"] == "message":
                        self.seqs.append(int(data["seq"]))
                        self.texts.append(str(data["data"]["text"]))
            finally:
                await ws.close()
            self.reconnects += 1
            await asyncio.sleep(0.1)


async def send_all(api: httpx.AsyncClient, cliente: Account, chat_id: str, texts: list[str]) -> None:
    for text in texts:
        sent = await api.post(
            "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": text}
        )
        assert sent.status_code == 200, sent.text


async def test_a_killed_chat_replica_loses_no_message_for_its_sockets(
    platform: Platform, api: httpx.AsyncClient, two_chat_replicas: Replicas
) -> None:
    cliente, pro = await register(api, "CLIENTE"), await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    url = two_chat_replicas.gateway.replace("http", "ws", 1) + "/api/v1/chat/ws"
    devices = [Device(url, pro.access_token) for _ in range(SOCKETS)]
    async with aiohttp.ClientSession() as session:
        tasks = []
        for device in devices:  # one at a time, so that round robin spreads them over both replicas
            tasks.append(asyncio.create_task(device.run(session)))
            await asyncio.wait_for(device.connected.wait(), 10)
        try:
            before = [f"antes {n}" for n in range(MESSAGES_BEFORE)]
            after = [f"después {n}" for n in range(MESSAGES_AFTER)]
            await send_all(api, cliente, chat_id, before)
            await _until(lambda: all(len(d.texts) == MESSAGES_BEFORE for d in devices))

            await asyncio.to_thread(platform.stack.stop, "chat-b", sig=signal.SIGKILL)
            await send_all(api, cliente, chat_id, after)  # while the cut sockets reconnect
            expected = before + after
            await _until(lambda: all(len(d.texts) >= len(expected) for d in devices), timeout=30)
        finally:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    cut = [d for d in devices if d.reconnects]
    assert len(cut) >= SOCKETS // 2 - 1, [d.reconnects for d in devices]  # the killed replica held its share
    for device in devices:
        assert device.texts == expected, device.texts  # nothing missed, nothing repeated, in order
        assert device.seqs == sorted(set(device.seqs))


async def _until(condition: object, timeout: float = 15.0) -> None:
    assert callable(condition)
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.05)


async def test_across_replicas_messages_keep_arriving_without_redis(
    platform: Platform, api: httpx.AsyncClient, two_chat_replicas: Replicas
) -> None:
    """A socket on one replica, messages written by the other. While Redis is cut the replicas cannot
    announce to each other; the replica that lost its subscription reads its sockets' feeds every second
    instead, so the messages still arrive — every one, once, in order, without reconnecting — and they keep
    arriving after Redis returns."""
    cliente, pro = await register(api, "CLIENTE"), await register(api, "PROFESIONAL")
    chat_id = await open_chat(api, cliente, pro)
    device = Device(two_chat_replicas.chat_b.replace("http", "ws", 1) + "/api/v1/chat/ws", pro.access_token)
    replica_a = httpx.AsyncClient(base_url=platform.service_urls["chat"], timeout=30)
    async with replica_a, aiohttp.ClientSession() as session:
        task = asyncio.create_task(device.run(session))
        try:
            await asyncio.wait_for(device.connected.wait(), 10)
            await send_all(replica_a, cliente, chat_id, ["con redis"])
            await _until(lambda: device.texts == ["con redis"])

            platform.proxies["redis"].cut()
            try:
                await asyncio.sleep(2)  # both replicas notice that Redis is gone
                await send_all(replica_a, cliente, chat_id, ["sin redis 1", "sin redis 2"])
                await _until(lambda: len(device.texts) == 3, timeout=10)
            finally:
                platform.proxies["redis"].restore()
            await asyncio.sleep(3)  # resubscribed
            await send_all(replica_a, cliente, chat_id, ["de nuevo en vivo"])
            await _until(lambda: len(device.texts) == 4, timeout=10)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert device.texts == ["con redis", "sin redis 1", "sin redis 2", "de nuevo en vivo"]
    assert device.seqs == sorted(set(device.seqs))
    assert device.reconnects == 0
