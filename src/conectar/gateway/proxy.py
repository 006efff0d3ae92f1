"""Forwarding one HTTP request: straight into an app hosted in this process, or over HTTP with aiohttp.

Over HTTP the request body streams from the client to the upstream and the response streams back chunk
by chunk; nothing is read whole except small responses of known length.

Tracing: over HTTP the hop is a client span of the aiohttp instrumentation (which sends its context); a
hosted app gets the gateway span's context in its headers (and finds it current anyway).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import anyio
import structlog
from multidict import CIMultiDict
from starlette.types import Message, Receive, Scope, Send
from yarl import URL

from conectar.platform.context import current_request_id
from conectar.platform.errors import (
    AppError,
    GatewayTimeout,
    PayloadTooLarge,
    ServiceUnavailable,
    UpstreamError,
)
from conectar.platform.metrics import UPSTREAM_REQUESTS
from conectar.platform.tracing import current_carrier

from .headers import (
    REPLACED_RESPONSE_HEADERS,
    ClientInfo,
    Header,
    end_to_end,
    hosted_request_headers,
    upstream_request_headers,
)
from .policies import BodyLimiter
from .upstreams import Upstream, UpstreamPool

log = structlog.get_logger(__name__)

RETRYABLE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
RETRY_ATTEMPTS = 2
# Responses of known length up to this size are read whole and sent in one message.
SMALL_RESPONSE_BYTES = 64 * 1024
# The ASGI scope keys a hosted app gets; the gateway's own (router, route, app, state…) stay behind.
SCOPE_KEYS = (
    "type",
    "asgi",
    "http_version",
    "method",
    "scheme",
    "path",
    "raw_path",
    "query_string",
    "root_path",
    "client",
    "server",
    "extensions",
    "subprotocols",
)


class ClientGone(Exception):
    """The client went away while its request body was still streaming."""


def circuit_open_error(upstream: Upstream) -> ServiceUnavailable:
    retry_after = upstream.circuit.retry_after() if upstream.circuit else 0.0
    return ServiceUnavailable(
        "Servicio no disponible momentáneamente", headers={"Retry-After": str(max(1, round(retry_after)))}
    )


def upstream_url(base_url: str, scope: Scope) -> URL:
    """The upstream URL: the path exactly as the client sent it, and the raw query string (repeated
    keys, order and encoding untouched)."""
    raw_path = scope.get("raw_path")
    path = raw_path.decode("latin-1") if raw_path else str(scope["path"])
    query = scope.get("query_string", b"")
    target = f"{base_url}{path}"
    if query:
        target += "?" + query.decode("latin-1")
    return URL(target, encoded=True)


def hosted_scope(scope: Scope, client: ClientInfo) -> Scope:
    child = {key: scope[key] for key in SCOPE_KEYS if key in scope}
    trace = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in (current_carrier() or {}).items()]
    child["headers"] = hosted_request_headers(scope, client, current_request_id(), trace)
    return child


async def forward_hosted(
    upstream: Upstream,
    scope: Scope,
    receive: Receive,
    send: Send,
    client: ClientInfo,
    body: BodyLimiter | None,
) -> None:
    """Hand the request to the hosted app; only the body limit sits in between."""
    assert upstream.app is not None
    child = hosted_scope(scope, client)
    if body is None:
        await upstream.app(child, receive, send)
        UPSTREAM_REQUESTS.labels(upstream.name, "ok").inc()
        return
    started = False

    async def guarded_send(message: Message) -> None:
        nonlocal started
        if body.exceeded:
            return  # the app answers a body it could not read; the client gets our 413 instead
        if message["type"] == "http.response.start":
            started = True
        await send(message)

    try:
        await upstream.app(child, body.receive, guarded_send)
    except Exception:
        if not body.exceeded:
            raise
    if body.exceeded and not started:
        raise PayloadTooLarge(body.detail)
    UPSTREAM_REQUESTS.labels(upstream.name, "ok").inc()


async def _stream_body(body: BodyLimiter) -> AsyncIterator[bytes]:
    while True:
        message = await body.receive()
        if message["type"] == "http.disconnect":
            raise ClientGone()
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            return


def _aiohttp_headers(headers: list[Header]) -> CIMultiDict[str]:
    return CIMultiDict((name.decode("latin-1"), value.decode("latin-1")) for name, value in headers)


async def forward_http(
    pool: UpstreamPool,
    upstream: Upstream,
    scope: Scope,
    receive: Receive,
    send: Send,
    client: ClientInfo,
    body: BodyLimiter | None,
) -> None:
    circuit = upstream.circuit
    if circuit is not None and not circuit.allow():
        UPSTREAM_REQUESTS.labels(upstream.name, "circuit_open").inc()
        raise circuit_open_error(upstream)
    reported = False
    try:
        response = await _request(pool, upstream, scope, client, body)
        if circuit is not None:
            circuit.success()
        reported = True
        UPSTREAM_REQUESTS.labels(upstream.name, "ok").inc()
        try:
            await _relay_response(response, scope, receive, send, body)
        finally:
            response.release()
    except _UpstreamFailed as failed:
        if circuit is not None:
            circuit.failure()
        reported = True
        UPSTREAM_REQUESTS.labels(upstream.name, failed.outcome).inc()
        log.warning("upstream_failed", upstream=upstream.name, outcome=failed.outcome)
        raise failed.error from failed.__cause__
    finally:
        if circuit is not None and not reported:
            circuit.release()


class _UpstreamFailed(Exception):
    """The upstream could not be reached or did not answer in time (counts against its circuit)."""

    def __init__(self, outcome: str, error: AppError) -> None:
        super().__init__(outcome)
        self.outcome = outcome
        self.error = error


async def _request(
    pool: UpstreamPool, upstream: Upstream, scope: Scope, client: ClientInfo, body: BodyLimiter | None
) -> aiohttp.ClientResponse:
    method = str(scope["method"])
    url = upstream_url(upstream.base_url, scope)
    headers = _aiohttp_headers(upstream_request_headers(scope, client, current_request_id()))
    session = pool.session(upstream)
    attempts = RETRY_ATTEMPTS if method in RETRYABLE_METHODS and body is None else 1
    for attempt in range(1, attempts + 1):
        try:
            return await session.request(
                method,
                url,
                headers=headers,
                data=_stream_body(body) if body is not None else None,
                allow_redirects=False,
            )
        except TimeoutError as exc:
            raise _UpstreamFailed("timeout", GatewayTimeout()) from exc
        except aiohttp.ClientConnectionError as exc:
            if body is not None and body.exceeded:
                raise PayloadTooLarge(body.detail) from exc
            if (body is not None and body.disconnected) or isinstance(exc.__cause__, ClientGone):
                raise ClientGone() from exc
            if attempt < attempts:
                UPSTREAM_REQUESTS.labels(upstream.name, "retry").inc()
                continue
            raise _UpstreamFailed(
                "error", UpstreamError("No se pudo conectar con el servicio; intentá de nuevo")
            ) from exc
        except aiohttp.ClientError as exc:
            UPSTREAM_REQUESTS.labels(upstream.name, "bad_response").inc()
            raise UpstreamError("Respuesta inválida del servicio") from exc
    raise AssertionError("unreachable")


async def _relay_response(
    response: aiohttp.ClientResponse, scope: Scope, receive: Receive, send: Send, body: BodyLimiter | None
) -> None:
    headers = end_to_end(response.raw_headers, REPLACED_RESPONSE_HEADERS)
    start: Message = {"type": "http.response.start", "status": response.status, "headers": headers}
    if scope["method"] == "HEAD":
        await send(start)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    length = response.content_length
    if length is not None and length <= SMALL_RESPONSE_BYTES:
        try:
            data = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise UpstreamError("Respuesta incompleta del servicio") from exc
        await send(start)
        await send({"type": "http.response.body", "body": data, "more_body": False})
        return
    await send(start)
    if body is not None and not body.complete:
        # The client may still be sending; its receive channel is not ours to watch.
        await _pump(response, send)
        return
    async with anyio.create_task_group() as group:

        async def watch_disconnect() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            group.cancel_scope.cancel()

        group.start_soon(watch_disconnect)
        await _pump(response, send)
        group.cancel_scope.cancel()


async def _pump(response: aiohttp.ClientResponse, send: Send) -> None:
    async for chunk in response.content.iter_any():
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
    await send({"type": "http.response.body", "body": b"", "more_body": False})
