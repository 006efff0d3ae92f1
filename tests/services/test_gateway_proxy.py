"""Forwarding mechanics: streaming both ways, query strings, headers, body limits, what is never
forwarded, the legacy upstream and the web app."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.services.test_gateway_support import (
    MiB,
    Recorder,
    make_settings,
    platform,
    running_gateway,
    serve,
    users_app,
    web_app,
)

BOTH = pytest.mark.parametrize("in_process", [False, True], ids=["http", "hosted"])


def _pattern(size: int) -> bytes:
    return bytes(range(256)) * (size // 256)


@BOTH
async def test_chunked_upload_streams_through_without_buffering(tmp_path: Path, in_process: bool) -> None:
    size = 8 * MiB
    data = _pattern(size)
    async with (
        platform(tmp_path, in_process=in_process, max_body_bytes=16 * MiB) as p,
        p.client() as client,
    ):
        started = p.users.event("upload_started")

        async def body() -> AsyncIterator[bytes]:
            yield data[:MiB]
            # The upstream must see the first chunk before the client sends the rest: a gateway that
            # read the whole body first would stall here.
            await asyncio.wait_for(started.wait(), 10)
            for offset in range(MiB, size, MiB):
                yield data[offset : offset + MiB]

        response = await client.post("/api/v1/users/upload", content=body(), headers=p.bearer())
    assert response.status_code == 200, response.text
    assert response.json()["bytes"] == size
    assert response.json()["sha256"] == hashlib.sha256(data).hexdigest()
    seen = dict(p.users.calls[-1]["headers"])
    assert "content-length" not in seen


@BOTH
async def test_large_download_streams_back_chunk_by_chunk(tmp_path: Path, in_process: bool) -> None:
    size = 6 * MiB
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        first_seen = p.users.event("download_first_seen")
        digest = hashlib.sha256()
        received = 0
        async with client.stream(
            "GET", f"/api/v1/users/download?size={size}", headers=p.bearer()
        ) as response:
            assert response.status_code == 200
            async for chunk in response.aiter_raw():
                received += len(chunk)
                digest.update(chunk)
                # The upstream holds the rest back until we saw the first bytes: a buffering gateway
                # would never let them through.
                first_seen.set()
    expected = hashlib.sha256()
    chunk = 256 * 1024
    for offset in range(0, size, chunk):
        expected.update(bytes([offset // chunk % 251]) * chunk)
    assert received == size
    assert digest.hexdigest() == expected.hexdigest()


@BOTH
async def test_query_string_and_path_are_forwarded_untouched(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.get(
            httpx.URL(f"{p.gateway.url}/api/v1/users/echo?tag=a&tag=b&q=caf%C3%A9+con%20leche&empty="),
            headers=p.bearer(),
        )
    assert response.status_code == 200
    assert response.json()["query_string"] == "tag=a&tag=b&q=caf%C3%A9+con%20leche&empty="
    assert response.headers["x-upstream"] == "users"


@BOTH
async def test_forwarded_headers_and_request_id(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.get(
            "/api/v1/users/echo",
            headers={
                **p.bearer(),
                "X-Request-ID": "req-123",
                "X-Forwarded-For": "6.6.6.6",  # from an untrusted peer: not believed
                "X-Custom": "kept",
            },
        )
    seen = dict(response.json()["headers"])
    assert seen["x-request-id"] == "req-123"
    assert response.headers["x-request-id"] == "req-123"
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert seen["x-forwarded-proto"] == "http"
    assert seen["x-forwarded-host"] == p.gateway.url.removeprefix("http://")
    assert seen["x-custom"] == "kept"


@BOTH
async def test_the_client_hint_comes_only_from_the_gateway(tmp_path: Path, in_process: bool) -> None:
    """``X-Conectar-Client`` (per-client settings: token lifetime, payment return pages) reaches a service
    only when a gateway layer recognised the client (the legacy prefix); a caller's own is dropped."""
    async with (
        platform(tmp_path, in_process=in_process, legacy_clients_enabled=True) as p,
        p.client() as client,
    ):
        forged = {**p.bearer(), "X-Conectar-Client": "legacy-frontend"}
        v1 = await client.get("/api/v1/users/echo", headers=forged)
        v1_plain = await client.get("/api/v1/users/echo", headers=p.bearer())
        # Under /legacy, a declared call in v1's words (userService.getMe), forwarded to the same v1 path.
        seen = len(p.users.calls)
        legacy = await client.get("/legacy/api/v1/users/me", headers=forged)
        legacy_other = await client.get(
            "/legacy/api/v1/users/me", headers={**p.bearer(), "X-Conectar-Client": "otro"}
        )
        legacy_seen = p.users.calls[seen:]
        login = await client.post(
            "/api/v1/auth/login", data={"username": "a", "password": "b"}, headers=forged
        )
    assert {v1.status_code, v1_plain.status_code, legacy.status_code, legacy_other.status_code} == {200}
    assert login.status_code == 200
    for answer in (v1, v1_plain):
        assert [v for k, v in answer.json()["headers"] if k == "x-conectar-client"] == []
    assert len(legacy_seen) == 2
    for call in legacy_seen:
        assert call["path"] == "/api/v1/users/me"
        assert [v for k, v in call["headers"] if k == "x-conectar-client"] == ["legacy-frontend"]
    assert [v for k, v in p.auth.calls[-1]["headers"] if k == "x-conectar-client"] == []


async def test_hop_by_hop_headers_are_dropped_both_ways(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=False) as p, p.client() as client:
        response = await client.get(
            "/api/v1/users/echo",
            headers={**p.bearer(), "Connection": "keep-alive, X-Drop-Me", "X-Drop-Me": "1", "TE": "trailers"},
        )
        hop = await client.get("/api/v1/users/hop", headers=p.bearer())
    seen = dict(response.json()["headers"])
    assert "x-drop-me" not in seen
    assert "te" not in seen
    assert seen.get("connection", "keep-alive") == "keep-alive"  # aiohttp's own, if any
    assert hop.status_code == 200
    assert "x-secret" not in hop.headers
    assert "keep-alive" not in hop.headers
    assert hop.headers.get_list("server") == ["uvicorn"]  # no duplicate from the upstream


@BOTH
async def test_every_set_cookie_is_forwarded(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        response = await client.get("/api/v1/users/cookies", headers=p.bearer())
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 2
    assert {c.split(";")[0] for c in cookies} == {"a=1", "b=2"}


@BOTH
async def test_too_large_declared_body_is_413_at_once(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process, max_body_bytes=1000) as p, p.client() as client:
        response = await client.post("/api/v1/users/echo", content=b"x" * 1001, headers=p.bearer())
        ok = await client.post("/api/v1/users/echo", content=b"x" * 1000, headers=p.bearer())
    assert response.status_code == 413
    assert isinstance(response.json()["detail"], str)
    assert ok.status_code == 200
    assert [c["body_length"] for c in p.users.calls] == [1000]


@BOTH
async def test_too_large_streamed_body_is_413(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process, max_body_bytes=64 * 1024) as p, p.client() as client:

        async def body() -> AsyncIterator[bytes]:
            for _ in range(10):
                yield b"y" * 16 * 1024

        response = await client.post("/api/v1/users/upload", content=body(), headers=p.bearer())
    assert response.status_code == 413
    assert isinstance(response.json()["detail"], str)


@BOTH
async def test_multipart_uploads_get_the_larger_limit(tmp_path: Path, in_process: bool) -> None:
    overrides = {"max_body_bytes": 1024, "max_upload_bytes": 512 * 1024}
    async with platform(tmp_path, in_process=in_process, **overrides) as p, p.client() as client:
        files = {"file": ("foto.jpg", b"z" * 100_000, "image/jpeg")}
        accepted = await client.post("/api/v1/users/echo", files=files, headers=p.bearer())
        too_big = {"file": ("foto.jpg", b"z" * 600_000, "image/jpeg")}
        refused = await client.post("/api/v1/users/echo", files=too_big, headers=p.bearer())
    assert accepted.status_code == 200
    assert accepted.json()["body_length"] > 100_000  # the whole multipart body reached the service
    assert refused.status_code == 413
    assert isinstance(refused.json()["detail"], str)
    assert len(p.users.calls) == 1  # the refused upload never reached it


@BOTH
async def test_internal_paths_are_never_forwarded(tmp_path: Path, in_process: bool) -> None:
    async with platform(tmp_path, in_process=in_process) as p, p.client() as client:
        direct = await client.get("/internal/v1/users/secret", headers=p.bearer())
        dotted = await client.get(
            httpx.URL(f"{p.gateway.url}/api/v1/users/%2E%2E/%2E%2E/%2E%2E/internal/v1/users/secret"),
            headers=p.bearer(),
        )
    assert direct.status_code == 404
    assert direct.json() == {"detail": "No encontrado"}
    assert dotted.status_code == 404
    assert p.users.calls == []


async def test_trace_and_connect_are_refused(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=False) as p, p.client() as client:
        response = await client.request("TRACE", "/api/v1/users/echo", headers=p.bearer())
    assert response.status_code == 405
    assert response.json() == {"detail": "Método no permitido"}
    assert p.users.calls == []


async def test_unknown_paths_are_404(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=True) as p, p.client() as client:
        api = await client.get("/api/v1/nada")
        page = await client.get("/inicio")
        gateway_owned = await client.get("/health/otra-cosa")
    for response in (api, page, gateway_owned):
        assert response.status_code == 404
        assert response.json() == {"detail": "No encontrado"}


async def test_unknown_paths_go_to_the_legacy_upstream(tmp_path: Path) -> None:
    legacy = Recorder()
    async with serve(users_app(legacy)) as legacy_url:
        settings = make_settings(tmp_path, legacy_upstream=legacy_url + "/")
        async with running_gateway(settings, hosted={}) as gateway, gateway.client() as client:
            # No service owns this path: it goes to the legacy app, which has no such route either.
            unknown = await client.get("/api/v1/legacy/cosa?x=1&x=2")
            internal = await client.get("/internal/v1/users/secret")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not Found"}  # FastAPI's English 404: the legacy app answered
    assert internal.status_code == 404
    assert internal.json() == {"detail": "No encontrado"}
    assert legacy.calls == []


async def test_legacy_upstream_serves_what_it_owns(tmp_path: Path) -> None:
    legacy = Recorder()
    async with serve(users_app(legacy)) as legacy_url:
        settings = make_settings(tmp_path, legacy_upstream=legacy_url)
        # A routing table where nobody owns /api/v1/users: the strangler-fig case of a path not yet moved.
        async with (
            running_gateway(settings, routes=(("/api/v1/auth", "auth"),)) as gateway,
            gateway.client() as client,
        ):
            response = await client.get("/api/v1/users/echo?a=1&a=2", headers={"Cookie": "legacy=1"})
    assert response.status_code == 200
    assert response.json()["query_string"] == "a=1&a=2"
    assert dict(response.json()["headers"])["cookie"] == "legacy=1"
    assert len(legacy.calls) == 1


async def test_web_app_gets_pages_outside_the_api(tmp_path: Path) -> None:
    async with serve(web_app()) as web_url:
        settings = make_settings(tmp_path, web_url=web_url)
        async with running_gateway(settings, web_enabled=True) as gateway, gateway.client() as client:
            home = await client.get("/")
            page = await client.get("/profesionales/plomeros?zona=caba")
            api = await client.get("/api/v1/nada")
            well_known = await client.get("/.well-known/security.txt")
    assert home.status_code == 200
    assert home.text == "<h1>web </h1>"
    assert page.text == "<h1>web profesionales/plomeros</h1>"
    assert "content-security-policy" not in home.headers  # the web app sets its own
    assert home.headers["x-frame-options"] == "DENY"
    assert api.status_code == 404
    assert api.json() == {"detail": "No encontrado"}
    assert well_known.status_code == 404
