"""Shared pieces of the gateway's service tests (no tests here): fake upstream apps, real uvicorn servers
on free ports, a signing key with its JWKS, and a running gateway."""

from __future__ import annotations

import asyncio
import hashlib
import time
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI, Request, Response, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, StreamingResponse
from jwt.algorithms import OKPAlgorithm
from starlette.types import ASGIApp

from conectar.contracts.routing import PUBLIC_ROUTES, ROUTES
from conectar.gateway import create_gateway_app
from conectar.platform.infra import Infrastructure, build_infrastructure
from conectar.platform.settings import Settings
from tests import servers
from tests.conftest import standalone_settings
from tests.servers import free_socket

MiB = 1024 * 1024


def make_settings(data_dir: Path, **overrides: Any) -> Settings:
    """Standalone settings with explicit secrets and rate limits off unless a test turns them on."""
    return standalone_settings(data_dir, **overrides)


class SigningKey:
    """An Ed25519 key like the auth service's, its JWKS, and access tokens signed with it."""

    def __init__(self, kid: str = "test-key") -> None:
        self.kid = kid
        self.private = Ed25519PrivateKey.generate()

    def jwks(self) -> dict[str, Any]:
        jwk: dict[str, Any] = OKPAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        jwk.update(kid=self.kid, alg="EdDSA", use="sig")
        return {"keys": [jwk]}

    def token(self, settings: Settings, *, ttl: int = 900, **claims: Any) -> tuple[str, dict[str, Any]]:
        now = int(time.time())
        payload: dict[str, Any] = {
            "sub": str(uuid.uuid4()),
            "rol": "CLIENTE",
            "jti": uuid.uuid4().hex,
            "iat": now,
            "exp": now + ttl,
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "typ": "access",
        }
        payload.update(claims)
        token = jwt.encode(payload, self.private, algorithm="EdDSA", headers={"kid": self.kid})
        return token, payload


@dataclass
class Recorder:
    """What a fake upstream saw."""

    calls: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, asyncio.Event] = field(default_factory=dict)

    def event(self, name: str) -> asyncio.Event:
        return self.events.setdefault(name, asyncio.Event())


def describe(request: Request, body: bytes = b"") -> dict[str, Any]:
    return {
        "method": request.method,
        "path": request.url.path,
        "raw_path": request.scope.get("raw_path", b"").decode("latin-1"),
        "query_string": request.scope["query_string"].decode("latin-1"),
        "headers": [[k.decode("latin-1"), v.decode("latin-1")] for k, v in request.scope["headers"]],
        "body_length": len(body),
    }


def auth_app(key: SigningKey, recorder: Recorder | None = None) -> FastAPI:
    """A stand-in for the auth service: its JWKS and a couple of routes (one public, one protected)."""
    app = FastAPI(title="auth")
    recorder = recorder or Recorder()

    @app.get("/.well-known/jwks.json")
    async def jwks() -> dict[str, Any]:
        return key.jwks()

    @app.post("/api/v1/auth/login")
    async def login(request: Request) -> dict[str, Any]:
        body = await request.body()
        recorder.calls.append(describe(request, body))
        return {"access_token": "x", "token_type": "bearer"}

    @app.post("/api/v1/auth/logout")
    async def logout(request: Request) -> dict[str, Any]:
        recorder.calls.append(describe(request))
        return {"ok": True}

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/internal/v1/accounts/{account_id}")
    async def internal_account(account_id: str) -> dict[str, str]:
        return {"id": account_id}

    return app


def users_app(recorder: Recorder, *, healthy: bool = True) -> FastAPI:
    """A stand-in for the users service: echo, streaming upload and download, cookies, an internal route."""
    app = FastAPI(title="users")

    @app.api_route(
        "/api/v1/users/echo",
        methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
        include_in_schema=False,
    )
    async def echo(request: Request) -> JSONResponse:
        body = await request.body()
        described = describe(request, body)
        recorder.calls.append(described)
        return JSONResponse(described, headers={"X-Upstream": "users"})

    @app.get("/api/v1/users/me")
    async def me(request: Request) -> dict[str, Any]:
        recorder.calls.append(describe(request))
        return {"id": "me"}

    @app.get("/api/v1/users/cookies")
    async def cookies() -> Response:
        response = JSONResponse({"ok": True})
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    @app.get("/api/v1/users/hop")
    async def hop() -> Response:
        return Response(
            b"ok", headers={"Connection": "X-Secret", "X-Secret": "no", "Keep-Alive": "timeout=5"}
        )

    @app.post("/api/v1/users/upload")
    async def upload(request: Request) -> dict[str, Any]:
        digest = hashlib.sha256()
        total = 0
        chunks = 0
        async for chunk in request.stream():
            if chunk:
                chunks += 1
                total += len(chunk)
                digest.update(chunk)
                recorder.event("upload_started").set()
        recorder.calls.append(describe(request))
        return {"bytes": total, "sha256": digest.hexdigest(), "chunks": chunks}

    @app.get("/api/v1/users/download")
    async def download(size: int, chunk: int = 256 * 1024) -> StreamingResponse:
        async def produce() -> AsyncIterator[bytes]:
            sent = 0
            first = True
            while sent < size:
                piece = bytes([sent // chunk % 251]) * min(chunk, size - sent)
                sent += len(piece)
                yield piece
                if first:
                    first = False
                    # Hold the rest back until the client has seen the first chunk through the gateway.
                    await asyncio.wait_for(recorder.event("download_first_seen").wait(), 10)

        return StreamingResponse(produce(), media_type="application/octet-stream")

    @app.get("/api/v1/users/slow")
    async def slow(seconds: float) -> dict[str, bool]:
        await asyncio.sleep(seconds)
        return {"ok": True}

    @app.get("/internal/v1/users/secret")
    async def internal_secret(request: Request) -> dict[str, str]:
        recorder.calls.append(describe(request))
        return {"secret": "yes"}

    @app.get("/health/ready")
    async def ready() -> JSONResponse:
        return JSONResponse({"status": "ok" if healthy else "down"}, status_code=200 if healthy else 503)

    return app


def chat_app(recorder: Recorder | None = None) -> FastAPI:
    """An echo WebSocket like the chat's: echoes text and binary, closes with a code on request."""
    app = FastAPI(title="chat")
    recorder = recorder or Recorder()

    @app.websocket("/api/v1/chat/ws")
    async def ws(websocket: WebSocket) -> None:
        offered = websocket.scope.get("subprotocols", [])
        await websocket.accept(subprotocol=offered[0] if offered else None)
        recorder.calls.append(
            {
                "query_string": websocket.scope["query_string"].decode(),
                "headers": {k.decode(): v.decode() for k, v in websocket.scope["headers"]},
            }
        )
        await websocket.send_text(f"hola {websocket.query_params.get('token', '')}")
        try:
            while True:
                message = await websocket.receive()
                if message["type"] == "websocket.disconnect":
                    recorder.calls.append({"client_close_code": message.get("code")})
                    return
                if message.get("text") is not None:
                    text = message["text"]
                    if text.startswith("close:"):
                        await websocket.close(code=int(text.split(":", 1)[1]), reason="adiós")
                        return
                    await websocket.send_text(text)
                elif message.get("bytes") is not None:
                    await websocket.send_bytes(message["bytes"])
        except WebSocketDisconnect as exc:
            recorder.calls.append({"client_close_code": exc.code})

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return app


def web_app() -> FastAPI:
    app = FastAPI(title="web")

    @app.get("/{path:path}")
    async def page(path: str) -> Response:
        return Response(f"<h1>web {path}</h1>", media_type="text/html")

    return app


def unused_url() -> str:
    """The address of a port nobody listens on."""
    sock = free_socket()
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"


def serve(app: ASGIApp, *, lifespan: str = "off") -> AbstractAsyncContextManager[str]:
    """``app`` on a free port (``tests.servers.serve``), the client's address as the socket gives it."""
    return servers.serve(app, lifespan=lifespan, proxy_headers=False)


@dataclass
class RunningGateway:
    url: str
    settings: Settings
    infra: Infrastructure

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, timeout=20, **kwargs)


@asynccontextmanager
async def running_gateway(
    settings: Settings,
    *,
    hosted: Mapping[str, ASGIApp] | None = None,
    routes: Sequence[tuple[str, str]] = ROUTES,
    public_routes: Sequence[tuple[str, str]] = PUBLIC_ROUTES,
    web_enabled: bool = False,
) -> AsyncIterator[RunningGateway]:
    infra = build_infrastructure(settings)
    app = create_gateway_app(
        infra, hosted=hosted, routes=routes, public_routes=public_routes, web_enabled=web_enabled
    )
    async with serve(app, lifespan="on") as url:
        yield RunningGateway(url, settings, infra)


@dataclass
class Platform:
    """A gateway in front of fake auth and users upstreams, reached over HTTP or hosted in process."""

    gateway: RunningGateway
    key: SigningKey
    users: Recorder
    auth: Recorder

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return self.gateway.client(**kwargs)

    def token(self, **claims: Any) -> tuple[str, dict[str, Any]]:
        return self.key.token(self.gateway.settings, **claims)

    def bearer(self, **claims: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**claims)[0]}"}


@asynccontextmanager
async def platform(data_dir: Path, *, in_process: bool, **overrides: Any) -> AsyncIterator[Platform]:
    key = SigningKey()
    users = Recorder()
    auth = Recorder()
    apps = {"auth": auth_app(key, auth), "users": users_app(users)}
    if in_process:
        settings = make_settings(data_dir, **overrides)
        async with running_gateway(settings, hosted=apps) as gateway:
            yield Platform(gateway, key, users, auth)
        return
    async with serve(apps["auth"]) as auth_url, serve(apps["users"]) as users_url:
        settings = make_settings(data_dir, auth_url=auth_url, users_url=users_url, **overrides)
        async with running_gateway(settings) as gateway:
            yield Platform(gateway, key, users, auth)
