"""Upstream failures over HTTP: retries of idempotent requests, timeouts, and the circuit breaker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.services.test_gateway_support import (
    Platform,
    Recorder,
    SigningKey,
    auth_app,
    make_settings,
    running_gateway,
    serve,
    unused_url,
    users_app,
)


@dataclass
class FlakyServer:
    """A bare HTTP server that hangs up on the first ``drop`` connections (after reading the request
    head, before any byte of a response) and answers 200 on the others."""

    drop: int = 0
    connections: int = 0
    url: str = ""

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            if self.connections <= self.drop:
                return
            body = b'{"ok":true}'
            writer.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                b"content-length: " + str(len(body)).encode() + b"\r\n\r\n"
            )
            if not head.startswith(b"HEAD "):
                writer.write(body)
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def flaky_server(drop: int) -> AsyncIterator[FlakyServer]:
    flaky = FlakyServer(drop=drop)
    server = await asyncio.start_server(flaky.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    flaky.url = f"http://127.0.0.1:{port}"
    try:
        yield flaky
    finally:
        server.close()
        await server.wait_closed()


@asynccontextmanager
async def gateway_to(tmp_path: Path, users_url: str, **overrides: object) -> AsyncIterator[Platform]:
    """A gateway with the auth app hosted in process and the users upstream at ``users_url``."""
    key = SigningKey()
    settings = make_settings(tmp_path, users_url=users_url, **overrides)
    async with running_gateway(settings, hosted={"auth": auth_app(key)}) as gateway:
        yield Platform(gateway, key, Recorder(), Recorder())


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS", "DELETE", "PUT"])
async def test_idempotent_requests_without_body_are_retried(tmp_path: Path, method: str) -> None:
    async with flaky_server(drop=1) as flaky, gateway_to(tmp_path, flaky.url) as p, p.client() as client:
        response = await client.request(method, "/api/v1/users/me", headers=p.bearer())
    assert response.status_code == 200
    assert flaky.connections == 2


@pytest.mark.parametrize(
    ("method", "body"), [("POST", b""), ("POST", b"{}"), ("PUT", b"{}"), ("PATCH", b"{}")]
)
async def test_other_requests_are_not_retried(tmp_path: Path, method: str, body: bytes) -> None:
    async with flaky_server(drop=1) as flaky, gateway_to(tmp_path, flaky.url) as p, p.client() as client:
        response = await client.request(method, "/api/v1/users/me", content=body, headers=p.bearer())
    assert response.status_code == 502
    assert isinstance(response.json()["detail"], str)
    assert flaky.connections == 1


async def test_slow_upstream_is_a_504(tmp_path: Path) -> None:
    recorder = Recorder()
    async with (
        serve(users_app(recorder)) as users_url,
        gateway_to(tmp_path, users_url, upstream_timeout_seconds=0.3) as p,
        p.client() as client,
    ):
        started = time.monotonic()
        response = await client.get("/api/v1/users/slow?seconds=3", headers=p.bearer())
        elapsed = time.monotonic() - started
        fast = await client.get("/api/v1/users/slow?seconds=0", headers=p.bearer())
    assert response.status_code == 504
    assert isinstance(response.json()["detail"], str)
    assert elapsed < 2
    assert fast.status_code == 200


async def test_circuit_opens_after_consecutive_failures_and_answers_503_at_once(tmp_path: Path) -> None:
    overrides = {"circuit_failure_threshold": 3, "circuit_open_seconds": 30}
    async with gateway_to(tmp_path, unused_url(), **overrides) as p, p.client() as client:
        failures = [(await client.get("/api/v1/users/me", headers=p.bearer())).status_code for _ in range(3)]
        started = time.monotonic()
        refused = await client.get("/api/v1/users/me", headers=p.bearer())
        elapsed = time.monotonic() - started
        other_service = await client.post("/api/v1/auth/login", data={"username": "a", "password": "b"})
    assert failures == [502, 502, 502]
    assert refused.status_code == 503
    assert isinstance(refused.json()["detail"], str)
    assert 1 <= int(refused.headers["retry-after"]) <= 30
    assert elapsed < 0.5
    assert other_service.status_code == 200  # one upstream's circuit does not close the others


async def test_half_open_trial_closes_the_circuit_or_opens_it_again(tmp_path: Path) -> None:
    overrides = {"circuit_failure_threshold": 2, "circuit_open_seconds": 0.3}
    async with (
        flaky_server(drop=3) as flaky,
        gateway_to(tmp_path, flaky.url, **overrides) as p,
        p.client() as client,
    ):

        async def post() -> int:
            return (await client.post("/api/v1/users/me", headers=p.bearer())).status_code

        assert [await post(), await post()] == [502, 502]
        assert await post() == 503
        assert flaky.connections == 2
        await asyncio.sleep(0.35)
        assert await post() == 502  # the trial fails (third drop): open again
        assert await post() == 503
        assert flaky.connections == 3
        await asyncio.sleep(0.35)
        assert await post() == 200  # the trial succeeds: closed
        assert [await post(), await post()] == [200, 200]
        assert flaky.connections == 6
