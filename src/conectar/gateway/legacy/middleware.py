"""The layer's two ASGI pieces: the dispatcher of /legacy/api/v1, and CORS that knows the legacy origins.

The dispatcher sits right outside the forwarder (inside admission control, CORS, the security headers and
the request context), so a legacy request is admitted, logged, traced and measured like any other. Only
the declared calls are served: an adapted one runs its adapter, one the frontend already makes in v1's
words goes to the same path under /api/v1 unchanged (token, rate limits, streaming and all). Anything else
under the prefix — an undeclared path or method, a path whose raw form differs from what it decodes to
(``%2F``, ``%5C``, an encoded prefix) — is a 404, counted under the one ``unmatched`` label, so the
metrics' labels are the table's routes and nothing a caller can invent.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conectar.contracts.routing import API
from conectar.platform.errors import AppError, NotFound
from conectar.platform.settings import Settings

from ..forwarder import Forwarder, RouteLabel, route_path
from ..headers import CLIENT_SCOPE_KEY, Header
from ..middleware import cors_options
from ..proxy import ClientGone
from ..routing import is_ambiguous, under
from . import metrics
from .calls import Answer, CallTable, LegacyCall, LegacyRequest
from .table import LEGACY_CALLS
from .upstream import V1, Reply, UpstreamReply

LEGACY_PREFIX = "/legacy"
LEGACY_API = LEGACY_PREFIX + API
# Answers of the layer are JSON from the API: the API's strict policy (the security headers middleware
# leaves /legacy to its upstream).
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
# Which client a request under /legacy comes from: set in the scope, from which the forwarder tells the
# services on every v1 call it makes (``X-Conectar-Client``, headers.client_hint: a hint for per-client
# settings such as the payment return pages and the token lifetime, never proof of identity; a caller's
# own header of that name is dropped on every path).
LEGACY_CLIENT = "legacy-frontend"
# The date after which the layer may be gone (RFC 8594), on every legacy answer; docs/legacy.md, "Until when".
SUNSET = b"Wed, 30 Jun 2027 23:59:59 GMT"


class LegacyClients:
    """The layer: the declared calls and how a legacy request is served."""

    def __init__(
        self, forwarder: Forwarder, settings: Settings, calls: tuple[LegacyCall, ...] = LEGACY_CALLS
    ) -> None:
        self.forwarder = forwarder
        self.settings = settings
        self.table = CallTable(calls)
        metrics.declare([call.route for call in self.table.calls])

    async def __call__(self, scope: Scope, receive: Receive, send: Send, forward: ASGIApp) -> None:
        path = route_path(scope)
        status = 500

        async def send_legacy(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = list(message.get("headers", ()))
                if not any(name.lower() == b"content-security-policy" for name, _ in headers):
                    headers.append((b"content-security-policy", API_CSP))
                headers.append((b"sunset", SUNSET))
                message = {**message, "headers": headers}
            await send(message)

        match = None
        if _plain(scope, path):
            scope[CLIENT_SCOPE_KEY] = LEGACY_CLIENT
            match = self.table.match(str(scope.get("method", "GET")), path[len(LEGACY_API) :])
        if match is None:
            scope["route"] = RouteLabel(f"{LEGACY_PREFIX}/*")
            try:
                await _error(NotFound("No encontrado"), send_legacy)
            finally:
                metrics.observe(metrics.UNMATCHED, status)
            return
        call, params = match
        scope["route"] = RouteLabel(f"{LEGACY_API}{call.path}")
        try:
            if call.forwards:
                await self._passthrough(scope, receive, send_legacy, forward)
            else:
                await self._serve(call, params, path[len(LEGACY_API) :], scope, receive, send_legacy)
        finally:
            metrics.observe(call.route, status)

    async def _serve(
        self, call: LegacyCall, params: dict[str, str], rest: str, scope: Scope, receive: Receive, send: Send
    ) -> None:
        v1 = V1(self.forwarder, scope, receive)
        request = LegacyRequest(
            method=call.method,
            path=rest,
            params=params,
            query=_query(scope),
            v1=v1,
            settings=self.settings,
        )
        try:
            await v1.admit(*call.admission)
            result = await call.handler(request)
        except ClientGone:
            return  # nobody to answer (counted as 500: the request did not finish)
        except UpstreamReply as reply:
            result = reply.reply
        except AppError as error:
            await _error(error, send)
            return
        if isinstance(result, Reply):
            await _send(send, result.status, result.kept_headers(), result.body, _content_type(result))
        else:
            await _answer(send, result)

    async def _passthrough(self, scope: Scope, receive: Receive, send: Send, forward: ASGIApp) -> None:
        """The same request on /api/v1: forwarded as a v1 request is (``_plain`` has checked that its raw
        path is the decoded one)."""
        path = str(scope["path"])
        root = path[: len(path) - len(route_path(scope))]
        v1_path = root + path[len(root) + len(LEGACY_PREFIX) :]
        child = {**scope, "path": v1_path, "raw_path": v1_path.encode("latin-1")}
        child.pop("route", None)
        await forward(child, receive, send)


def _plain(scope: Scope, path: str) -> bool:
    """``path`` is under /legacy/api/v1, unambiguous, and the raw path the client sent is that path
    (ASCII, no percent-encoding at all: the frontend's paths are ids and words), so that the path the
    table matched is the path every hop after us reads."""
    if is_ambiguous(path) or not under(path, LEGACY_API) or path == LEGACY_API:
        return False
    raw = scope.get("raw_path")
    if raw is None:
        return True
    full = str(scope["path"])
    try:
        return bytes(raw).decode("ascii") == full
    except UnicodeDecodeError:
        return False


def _query(scope: Scope) -> list[tuple[str, str]]:
    return parse_qsl(bytes(scope.get("query_string", b"")).decode("latin-1"), keep_blank_values=True)


def _content_type(reply: Reply) -> bytes:
    for name, value in reply.headers:
        if name == b"content-type":
            return value
    return b"application/json"


async def _send(send: Send, status: int, headers: list[Header], body: bytes, content_type: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                *headers,
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


async def _answer(send: Send, answer: Answer) -> None:
    body = json.dumps(answer.body, ensure_ascii=False, separators=(",", ":")).encode()
    await _send(send, answer.status, list(answer.headers), body, b"application/json")


async def _error(error: AppError, send: Send) -> None:
    headers: list[Header] = [(k.lower().encode(), v.encode()) for k, v in (error.headers or {}).items()]
    body: Any = {"detail": error.detail}
    await _send(
        send, error.status_code, headers, json.dumps(body, ensure_ascii=False).encode(), b"application/json"
    )


class LegacyClientsMiddleware:
    """Hands /legacy to the layer; every other path goes on untouched."""

    def __init__(self, app: ASGIApp, *, forwarder: Forwarder, settings: Settings) -> None:
        self.app = app
        self.layer = LegacyClients(forwarder, settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and under(route_path(scope), LEGACY_PREFIX):
            await self.layer(scope, receive, send, self.app)
            return
        await self.app(scope, receive, send)


def legacy_cors_options(settings: Settings) -> dict[str, Any]:
    """CORS under /legacy: the legacy frontend's origins, without credentials (it sends a bearer token,
    never cookies)."""
    options = cors_options(settings)
    origins = [origin.rstrip("/") for origin in settings.legacy_origins]
    options.update(allow_origins=["*"] if "*" in origins else origins, allow_credentials=False)
    return options


class LegacyCorsMiddleware:
    """The gateway's CORS, by path: /legacy with the legacy origins, everything else exactly as without
    the layer (``CONECTAR_CORS_ORIGINS``)."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.default = CORSMiddleware(app, **cors_options(settings))
        self.legacy = CORSMiddleware(app, **legacy_cors_options(settings))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and under(route_path(scope), LEGACY_PREFIX):
            await self.legacy(scope, receive, send)
            return
        await self.default(scope, receive, send)
