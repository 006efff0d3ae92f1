"""The legacy dispatcher without a platform: what the v1 side receives of a declared call in v1's words,
and that nothing else reaches it (an undeclared path, an encoded slash), with the metrics' labels bounded
by the table."""

from __future__ import annotations

import json
from typing import Any, cast

import pytest
from prometheus_client import REGISTRY
from starlette.types import Message, Receive, Scope, Send

from conectar.gateway.forwarder import Forwarder, RouteLabel
from conectar.gateway.headers import (
    CLIENT_SCOPE_KEY,
    ClientInfo,
    hosted_request_headers,
    upstream_request_headers,
)
from conectar.gateway.legacy import LegacyClientsMiddleware
from conectar.gateway.legacy.table import LEGACY_CALLS
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
    app: Any,
    path: str,
    raw_path: bytes,
    headers: list[tuple[bytes, bytes]] | None = None,
    method: str = "GET",
) -> list[Message]:
    scope: Scope = {
        "type": "http",
        "method": method,
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


async def test_a_declared_call_in_v1s_words_reaches_v1_as_sent() -> None:
    downstream = Downstream()
    sent = await call(
        middleware(downstream),
        "/legacy/api/v1/users/me",
        b"/legacy/api/v1/users/me",
        [(b"authorization", b"Bearer t"), (b"x-conectar-client", b"otro")],
    )
    [scope] = downstream.scopes
    assert scope["path"] == "/api/v1/users/me"
    assert scope["raw_path"] == b"/api/v1/users/me"
    assert scope["query_string"] == b"a=1&a=2&b=%C3%B1"  # the query as the client sent it
    start = sent[0]
    assert start["status"] == 200
    headers = dict(start["headers"])
    assert headers[b"content-security-policy"] == b"default-src 'none'; frame-ancestors 'none'"
    assert b"sunset" in headers


def count(route: str, status: int) -> float:
    labels = {"route": route, "status": str(status)}
    return REGISTRY.get_sample_value("conectar_legacy_requests_total", labels) or 0.0


def routes_counted() -> set[str]:
    return {
        sample.labels["route"]
        for metric in REGISTRY.collect()
        if metric.name == "conectar_legacy_requests"
        for sample in metric.samples
    }


@pytest.mark.parametrize(
    ("method", "path", "raw_path"),
    [
        ("GET", "/legacy", b"/legacy"),
        ("GET", "/legacy/x", b"/legacy/x"),
        ("GET", "/legacy/api/v1", b"/legacy/api/v1"),
        ("GET", "/legacy/api/v1/", b"/legacy/api/v1/"),
        ("GET", "/legacy/api/v1/../../internal/v1/x", b"/legacy/api/v1/../../internal/v1/x"),
        ("GET", "/legacy/api/v2/users", b"/legacy/api/v2/users"),
        # Not in the table: neither the path nor another method of a declared path.
        ("GET", "/legacy/api/v1/users/me/caf\u00e9", b"/legacy/api/v1/users/me/caf%C3%A9"),
        ("GET", "/legacy/api/v1/users/otro", b"/legacy/api/v1/users/otro"),
        ("DELETE", "/legacy/api/v1/users/me", b"/legacy/api/v1/users/me"),
        ("HEAD", "/legacy/api/v1/users/me", b"/legacy/api/v1/users/me"),
        # A raw path that is not the decoded one: the slash (or the prefix) encoded, a backslash.
        ("GET", "/legacy/api/v1/users/me", b"/legacy%2Fapi/v1/users/me"),
        ("GET", "/legacy/api/v1/users/me", b"/legacy/api%2fv1/users/me"),
        ("GET", "/legacy/api/v1/users/me", b"/legacy/api/v1/users%2Fme"),
        ("GET", "/legacy/api/v1/users/me", b"/%6cegacy/api/v1/users/me"),
        ("GET", "/legacy/api/v1/chat_ofertas/trabajos", b"/legacy/api/v1/chat_ofertas%2Ftrabajos"),
        ("GET", "/legacy/api/v1/users\\me", b"/legacy/api/v1/users%5Cme"),
    ],
)
async def test_anything_not_declared_is_a_404_counted_as_unmatched(
    method: str, path: str, raw_path: bytes
) -> None:
    downstream = Downstream()
    before = count("unmatched", 404)
    sent = await call(middleware(downstream), path, raw_path, method=method)
    assert sent[0]["status"] == 404, path
    assert json.loads(sent[1]["body"]) == {"detail": "No encontrado"}
    assert downstream.scopes == []  # nothing reached v1
    assert count("unmatched", 404) == before + 1


async def test_metric_labels_are_the_tables_routes_and_unmatched_only() -> None:
    """However many paths callers invent, the counter's labels stay the declared routes (plus one)."""
    downstream = Downstream()
    app = middleware(downstream)
    for index in range(50):
        await call(app, f"/legacy/api/v1/inventado/{index}", f"/legacy/api/v1/inventado/{index}".encode())
        await call(app, f"/legacy/api/v1/users/me/{index}", f"/legacy%2Fapi/v1/users/me/{index}".encode())
    await call(app, "/legacy/api/v1/users/me", b"/legacy/api/v1/users/me")
    assert routes_counted() <= {call.route for call in LEGACY_CALLS} | {"unmatched"}
    assert count("GET /users/me", 200) >= 1


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
