"""The legacy dispatcher's pass-through, without a platform: what the v1 side receives."""

from __future__ import annotations

import json
from typing import Any, cast

from starlette.types import Message, Receive, Scope, Send

from conectar.gateway.forwarder import Forwarder, RouteLabel
from conectar.gateway.headers import (
    CLIENT_SCOPE_KEY,
    ClientInfo,
    hosted_request_headers,
    upstream_request_headers,
)
from conectar.gateway.legacy import LegacyClientsMiddleware
from conectar.platform.settings import Settings


class Downstream:
    """The app after the dispatcher (the forwarder): records the scope it got and answers 200."""

    def __init__(self) -> None:
        self.scopes: list[Scope] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.scopes.append(scope)
        scope["route"] = RouteLabel("/api/v1/users/*")
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]}
        )
        await send({"type": "http.response.body", "body": b"ok", "more_body": False})


async def call(
    app: Any, path: str, raw_path: bytes, headers: list[tuple[bytes, bytes]] | None = None
) -> list[Message]:
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": raw_path,
        "query_string": b"a=1&a=2&b=%C3%B1",
        "root_path": "",
        "headers": headers or [],
        "client": ("203.0.113.9", 1234),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


def middleware(downstream: Downstream) -> LegacyClientsMiddleware:
    return LegacyClientsMiddleware(downstream, forwarder=cast(Forwarder, None), settings=Settings())


async def test_an_undeclared_call_reaches_v1_as_sent() -> None:
    downstream = Downstream()
    sent = await call(
        middleware(downstream),
        "/legacy/api/v1/users/me/caf\u00e9",
        b"/legacy/api/v1/users/me/caf%C3%A9",
        [(b"authorization", b"Bearer t"), (b"x-conectar-client", b"otro")],
    )
    [scope] = downstream.scopes
    assert scope["path"] == "/api/v1/users/me/caf\u00e9"
    assert scope["raw_path"] == b"/api/v1/users/me/caf%C3%A9"  # the encoding as the client sent it
    assert scope["query_string"] == b"a=1&a=2&b=%C3%B1"
    # The services are told the client by the forwarder, from the scope (the caller's own claim is
    # dropped on the way, hosted or over HTTP); every other header stays.
    assert scope[CLIENT_SCOPE_KEY] == "legacy-frontend"
    client = ClientInfo(address="203.0.113.9", chain=("203.0.113.9",), proto="http", host="")
    for forwarded in (
        hosted_request_headers(scope, client, None),
        upstream_request_headers(scope, client, None),
    ):
        assert [v for k, v in forwarded if k == b"x-conectar-client"] == [b"legacy-frontend"]
        assert (b"authorization", b"Bearer t") in forwarded
    start = sent[0]
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"content-security-policy"] == b"default-src 'none'; frame-ancestors 'none'"
    assert b"sunset" in headers


async def test_other_paths_are_not_forwarded() -> None:
    downstream = Downstream()
    app = middleware(downstream)
    for path in ("/legacy", "/legacy/x", "/legacy/api/v1/../../internal/v1/x", "/legacy/api/v2/users"):
        sent = await call(app, path, path.encode())
        assert sent[0]["status"] == 404, path
        assert json.loads(sent[1]["body"]) == {"detail": "No encontrado"}
    assert downstream.scopes == []


async def test_other_prefixes_go_on_untouched() -> None:
    downstream = Downstream()
    await call(
        middleware(downstream), "/api/v1/users/me", b"/api/v1/users/me", [(b"x-conectar-client", b"x")]
    )
    [scope] = downstream.scopes
    assert scope["path"] == "/api/v1/users/me"
    assert CLIENT_SCOPE_KEY not in scope  # v1 is not the layer's business
    # And the forwarder never passes a caller's own claim on.
    client = ClientInfo(address="203.0.113.9", chain=("203.0.113.9",), proto="http", host="")
    assert hosted_request_headers(scope, client, None) == [
        (b"x-forwarded-for", b"203.0.113.9"),
        (b"x-forwarded-proto", b"http"),
    ]
    assert upstream_request_headers(scope, client, None) == [
        (b"x-forwarded-for", b"203.0.113.9"),
        (b"x-forwarded-proto", b"http"),
    ]
