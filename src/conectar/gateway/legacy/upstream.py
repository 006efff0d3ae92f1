"""Calls from an adapter to the v1 API, through the gateway's own forwarding machinery.

An adapter never talks to a service by itself: it asks for a v1 path, which the gateway's routing table
sends to its service — the hosted app in standalone mode, or over HTTP with the upstream pool's aiohttp
sessions, retries and circuit breakers in distributed mode — exactly as a v1 request is forwarded. The
caller's own headers go along (its ``Authorization`` above all), so every service checks the token, the
role and the ownership itself, as for any v1 call.

A legacy request costs its caller what the same work costs through v1: the gateway's access policy
(token, rate limits) runs in :meth:`V1.admit` on the v1 route the legacy call stands for — which pays for
the adapter's first v1 call — and again for every further v1 call, on that call's own route, so each one
is charged to the same rate-limit identity (the user of the token, or the address) as a v1 request
would be. A search that fans out to 23 v1 calls spends 23 of the caller's allowance, and is refused with
v1's 429 when the allowance runs out half-way. The fan-out is bounded: at most :data:`MAX_CALLS` v1
calls per legacy request, of which :data:`CONCURRENCY` at once; the adapters plan within it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

import anyio
from starlette.types import Message, Receive, Scope

from conectar.contracts.routing import API
from conectar.platform.errors import (
    BusinessRuleError,
    NotAuthenticated,
    NotFound,
    PayloadTooLarge,
    UpstreamError,
)
from conectar.platform.security import Principal

from ..forwarder import Forwarder
from ..headers import CLIENT_SCOPE_KEY, Header, resolve_client
from ..policies import BodyLimiter, body_limit
from ..proxy import SCOPE_KEYS, forward_hosted, forward_http

# Answers an adapter reads whole (JSON of a few pages at most).
MAX_REPLY_BYTES = 16 * 1024 * 1024
# Inner calls of one legacy request that run at once.
CONCURRENCY = 4
# Inner calls one legacy request may make in all (each charged to the caller's rate limit). The adapters
# plan within it: a list read whole stops at 20 pages, a search over every oficio reads fewer pages of
# each, a client's offers look up at most 20 professionals' profiles.
MAX_CALLS = 48
# Request headers an inner call never copies from the legacy request (its body is the adapter's own, and
# its answer must be plain JSON the adapter can read).
DROPPED_HEADERS = frozenset(
    {
        b"content-length",
        b"content-type",
        b"transfer-encoding",
        b"content-encoding",
        b"accept-encoding",
        b"accept",
        b"expect",
    }
)
# The same when the legacy request's body streams through as it came.
STREAM_DROPPED_HEADERS = frozenset({b"accept-encoding", b"accept", b"expect"})
# Upstream answer headers that do not survive a rewritten body.
REPLY_DROPPED_HEADERS = frozenset(
    {b"content-length", b"content-type", b"transfer-encoding", b"content-encoding", b"date", b"server"}
)

T = TypeVar("T")


@dataclass
class Reply:
    """A v1 answer, read whole."""

    status: int
    headers: list[Header]
    body: bytes

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    def json(self) -> Any:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError as exc:
            raise UpstreamError("Respuesta inválida del servicio") from exc

    def kept_headers(self) -> list[Header]:
        return [(name, value) for name, value in self.headers if name.lower() not in REPLY_DROPPED_HEADERS]


class TooManyCalls(BusinessRuleError):
    """A legacy request that would need more v1 calls than :data:`MAX_CALLS` (400)."""

    default_detail = "La consulta es demasiado amplia; acotala (por ejemplo, elegí un oficio)"


class UpstreamReply(Exception):
    """A v1 answer that is not a success: the legacy client gets it as it is (status, detail)."""

    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


@dataclass
class _Capture:
    """An ASGI ``send`` that keeps the answer (up to ``MAX_REPLY_BYTES``)."""

    status: int = 502
    headers: list[Header] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    done: anyio.Event = field(default_factory=anyio.Event)

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
            self.headers = [(bytes(k).lower(), bytes(v)) for k, v in message.get("headers", ())]
        elif message["type"] == "http.response.body":
            chunk = bytes(message.get("body", b""))
            self.size += len(chunk)
            if self.size > MAX_REPLY_BYTES:
                raise UpstreamError("Respuesta demasiado grande para adaptarla")
            self.chunks.append(chunk)
            if not message.get("more_body", False):
                self.done.set()

    def reply(self) -> Reply:
        return Reply(self.status, self.headers, b"".join(self.chunks))


def _one_shot(body: bytes, done: anyio.Event) -> Receive:
    """The inner request's body in one message; then, once its answer is complete, a disconnect."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()
        return {"type": "http.disconnect"}

    return receive


class V1:
    """The v1 API as one legacy request sees it: its headers, its client address, its principal."""

    def __init__(self, forwarder: Forwarder, scope: Scope, receive: Receive) -> None:
        self.forwarder = forwarder
        self.scope = scope
        self.receive = receive
        self.client = resolve_client(scope, forwarder.trusted)
        self.principal: Principal | None = None
        self._limit = asyncio.Semaphore(CONCURRENCY)
        # v1 calls made so far; the first is paid for by :meth:`admit`.
        self.calls = 0

    # -- the access policy, once ---------------------------------------------------------------------

    async def admit(self, method: str, path: str) -> Principal | None:
        """The gateway's checks for the v1 route this legacy call stands for (``path`` under /api/v1):
        a token where v1 wants one (401), the rate limits (429). The caller's principal, when it sent a
        valid token."""
        self.principal = await self._check(method, API + path)
        return self.principal

    @property
    def remaining(self) -> int:
        """How many more v1 calls this legacy request may make."""
        return MAX_CALLS - self.calls

    async def _check(self, method: str, full: str) -> Principal | None:
        """The gateway's access policy for ``method`` on ``full``, as for a v1 request with the legacy
        request's headers: its token (401) and one request of the caller's rate limit (429)."""
        target = self.forwarder.routing.target(full)
        if not target.forwarded:
            raise NotFound("No encontrado")
        probe: Scope = {
            "type": "http",
            "method": method,
            "path": full,
            "headers": self.scope.get("headers", []),
        }
        return await self.forwarder.policy.check(probe, full, target, self.client.address)

    def require_principal(self) -> Principal:
        if self.principal is None:
            raise NotAuthenticated("No autenticado")
        return self.principal

    # -- calls ----------------------------------------------------------------------------------------

    async def call(
        self,
        method: str,
        path: str,
        *,
        query: Iterable[tuple[str, str]] = (),
        json_body: Any = None,
        stream_body: bool = False,
    ) -> Reply:
        """``method`` on ``path`` (under /api/v1) with the legacy request's headers; with ``json_body``
        as the body, or (``stream_body``) the legacy request's own body streamed through."""
        full = API + path
        target = self.forwarder.routing.target(full)
        if not target.forwarded:
            raise NotFound("No encontrado")
        self.calls += 1
        if self.calls > MAX_CALLS:
            raise TooManyCalls()
        if self.calls > 1:  # the first one was paid for when the request was admitted
            await self._check(method, full)
        upstream = self.forwarder.pool.get(target.upstream)
        capture = _Capture()
        dropped = STREAM_DROPPED_HEADERS if stream_body else DROPPED_HEADERS
        headers = [(name, value) for name, value in self.scope.get("headers", ()) if name not in dropped]
        headers.append((b"accept", b"application/json"))
        receive: Receive
        limiter: BodyLimiter | None = None
        if stream_body:
            receive = self.receive
            # The v1 operation's limit (an upload may have its own), as for the same request on /api/v1.
            v1_scope = {**self.scope, "method": method, "path": full}
            limiter = BodyLimiter(receive, body_limit(v1_scope, self.forwarder.settings))
        else:
            data = b"" if json_body is None else json.dumps(json_body, ensure_ascii=False).encode()
            receive = _one_shot(data, capture.done)
            if json_body is not None:
                headers += [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(data)).encode()),
                ]
                limiter = BodyLimiter(receive, len(data))
        child: Scope = {
            **{key: self.scope[key] for key in (*SCOPE_KEYS, CLIENT_SCOPE_KEY) if key in self.scope},
            "method": method,
            "path": full,
            "raw_path": full.encode("latin-1"),
            "query_string": urlencode(list(query)).encode("latin-1"),
            "headers": headers,
        }
        if limiter is not None and stream_body:
            limiter.check_declared(child)
        async with self._limit:
            if upstream.app is not None:
                await forward_hosted(upstream, child, receive, capture.send, self.client, limiter)
            else:
                await forward_http(
                    self.forwarder.pool, upstream, child, receive, capture.send, self.client, limiter
                )
        return capture.reply()

    async def json(
        self,
        method: str,
        path: str,
        *,
        query: Iterable[tuple[str, str]] = (),
        json_body: Any = None,
        stream_body: bool = False,
    ) -> Any:
        """The JSON of a successful answer; any other answer goes to the legacy client as it is."""
        reply = await self.call(method, path, query=query, json_body=json_body, stream_body=stream_body)
        if not reply.ok:
            raise UpstreamReply(reply)
        return reply.json()

    async def all_pages(
        self, path: str, query: Sequence[tuple[str, str]] = (), *, limit: int = 100, max_pages: int = 20
    ) -> list[Any]:
        """Every item of a paginated v1 list (``page``/``limit``), which legacy clients read whole."""
        items: list[Any] = []
        for page in range(1, max_pages + 1):
            batch = await self.json("GET", path, query=[*query, ("page", str(page)), ("limit", str(limit))])
            if not isinstance(batch, list):
                raise UpstreamError("Respuesta inválida del servicio")
            items.extend(batch)
            if len(batch) < limit:
                break
        return items


async def gather(calls: Iterable[Awaitable[T]]) -> list[T]:
    """Run inner calls together (each still waits its turn in :attr:`V1._limit`)."""
    return list(await asyncio.gather(*calls))


async def read_body(receive: Receive, limit: int) -> bytes:
    """The legacy request's whole body, refused past ``limit`` bytes (413)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge()
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)
