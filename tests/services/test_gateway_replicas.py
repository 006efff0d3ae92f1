"""Several replicas of one service behind the gateway: requests and WebSockets are spread over them, and a
replica that is down is skipped once its circuit opens."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import aiohttp
from fastapi import FastAPI

from conectar.contracts.routing import ROUTES
from tests.services.test_gateway_support import (
    SigningKey,
    auth_app,
    make_settings,
    running_gateway,
    serve,
    unused_url,
)


def replica(name: str) -> FastAPI:
    app = FastAPI()

    @app.get("/api/v1/search/whoami")
    async def whoami() -> dict[str, str]:
        return {"replica": name}

    return app


async def test_requests_are_spread_over_replicas(tmp_path: Path) -> None:
    key = SigningKey()
    async with serve(replica("a")) as a, serve(replica("b")) as b:
        settings = make_settings(tmp_path, professionals_url=f"{a},{b}")
        async with (
            running_gateway(settings, hosted={"auth": auth_app(key)}, routes=ROUTES) as gateway,
            gateway.client() as client,
        ):
            seen = Counter([(await client.get("/api/v1/search/whoami")).json()["replica"] for _ in range(10)])
    assert seen == {"a": 5, "b": 5}


async def test_a_dead_replica_is_skipped_once_its_circuit_opens(tmp_path: Path) -> None:
    key = SigningKey()
    async with serve(replica("alive")) as alive:
        settings = make_settings(
            tmp_path, professionals_url=f"{unused_url()},{alive}", circuit_failure_threshold=2
        )
        async with (
            running_gateway(settings, hosted={"auth": auth_app(key)}, routes=ROUTES) as gateway,
            gateway.client() as client,
        ):
            statuses = [(await client.get("/api/v1/search/whoami")).status_code for _ in range(12)]
    # GETs are retried on connection errors, so even the first rounds succeed; the dead one is then skipped.
    assert statuses[-6:] == [200] * 6


async def test_websockets_are_spread_over_replicas(tmp_path: Path) -> None:
    from tests.services.test_gateway_support import Recorder, chat_app

    key = SigningKey()
    first, second = Recorder(), Recorder()
    async with serve(chat_app(first)) as a, serve(chat_app(second)) as b:
        settings = make_settings(tmp_path, chat_url=f"{a},{b}")
        async with running_gateway(settings, hosted={"auth": auth_app(key)}, routes=ROUTES) as gateway:
            url = gateway.url.replace("http", "ws") + "/api/v1/chat/ws"
            async with aiohttp.ClientSession() as session:
                for _ in range(4):
                    async with session.ws_connect(url) as ws:
                        assert (await ws.receive_str(timeout=5)).startswith("hola")
    connections = [len([c for c in r.calls if "query_string" in c]) for r in (first, second)]
    assert connections == [2, 2]
