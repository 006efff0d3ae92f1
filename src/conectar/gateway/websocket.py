"""WebSocket proxying to an upstream over HTTP: connect upstream first (path, query string, subprotocols),
accept the client with the subprotocol the upstream chose, then pump text and binary messages both ways
and pass each side's close code to the other."""

from __future__ import annotations

import json

import aiohttp
import anyio
import structlog
from starlette.types import Receive, Scope, Send

from conectar.platform.context import current_request_id
from conectar.platform.errors import AppError, GatewayTimeout, UpstreamError
from conectar.platform.metrics import UPSTREAM_REQUESTS

from .headers import WEBSOCKET_HANDSHAKE_HEADERS, ClientInfo, upstream_request_headers
from .proxy import circuit_open_error, upstream_url
from .upstreams import Upstream, UpstreamPool

log = structlog.get_logger(__name__)

NORMAL_CLOSURE = 1000
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011
MAX_MESSAGE_BYTES = 4 * 1024 * 1024
HANDSHAKE_TIMEOUT_SECONDS = 10.0


def sendable_close_code(code: int | None, default: int = NORMAL_CLOSURE) -> int:
    """A close code that may be sent in a close frame (1005, 1006 and 1015 only describe what happened)."""
    if code is None:
        return default
    if code in (1000, 1001, 1002, 1003) or 1007 <= code <= 1014 or 3000 <= code <= 4999:
        return code
    return default


async def deny_websocket(scope: Scope, receive: Receive, send: Send, error: AppError) -> None:
    """Refuse a handshake: an HTTP answer with ``{"detail": ...}`` when the server can send one
    (otherwise a plain close, which the server turns into 403)."""
    message = await receive()
    if message["type"] != "websocket.connect":
        return
    if "websocket.http.response" in scope.get("extensions", {}):
        headers = [(b"content-type", b"application/json")]
        headers += [
            (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (error.headers or {}).items()
        ]
        await send({"type": "websocket.http.response.start", "status": error.status_code, "headers": headers})
        body = json.dumps({"detail": error.detail}, ensure_ascii=False).encode()
        await send({"type": "websocket.http.response.body", "body": body, "more_body": False})
        return
    await send({"type": "websocket.close", "code": POLICY_VIOLATION})


async def proxy_websocket(
    pool: UpstreamPool, upstream: Upstream, scope: Scope, receive: Receive, send: Send, client: ClientInfo
) -> None:
    circuit = upstream.circuit
    if circuit is not None and not circuit.allow():
        UPSTREAM_REQUESTS.labels(upstream.name, "circuit_open").inc()
        await deny_websocket(scope, receive, send, circuit_open_error(upstream))
        return
    headers = upstream_request_headers(scope, client, current_request_id(), drop=WEBSOCKET_HANDSHAKE_HEADERS)
    try:
        upstream_ws = await pool.session(upstream).ws_connect(
            upstream_url(upstream.base_url, scope),
            headers=[(name.decode("latin-1"), value.decode("latin-1")) for name, value in headers],
            protocols=list(scope.get("subprotocols", ())),
            autoclose=True,
            autoping=True,
            max_msg_size=MAX_MESSAGE_BYTES,
            timeout=aiohttp.ClientWSTimeout(ws_receive=None, ws_close=HANDSHAKE_TIMEOUT_SECONDS),
        )
    except aiohttp.WSServerHandshakeError as exc:
        # The upstream answered (and refused): it is alive.
        if circuit is not None:
            circuit.success()
        UPSTREAM_REQUESTS.labels(upstream.name, "ok").inc()
        status = exc.status if 400 <= exc.status < 600 else 502
        refusal = AppError("El servicio rechazó la conexión")
        refusal.status_code = status
        await deny_websocket(scope, receive, send, refusal)
        return
    except (TimeoutError, aiohttp.ClientError) as exc:
        if circuit is not None:
            circuit.failure()
        timed_out = isinstance(exc, TimeoutError)
        UPSTREAM_REQUESTS.labels(upstream.name, "timeout" if timed_out else "error").inc()
        error: AppError = (
            GatewayTimeout() if timed_out else UpstreamError("No se pudo conectar con el servicio")
        )
        await deny_websocket(scope, receive, send, error)
        return
    except BaseException:
        if circuit is not None:
            circuit.release()
        raise
    if circuit is not None:
        circuit.success()
    UPSTREAM_REQUESTS.labels(upstream.name, "ok").inc()
    try:
        connect = await receive()
        if connect["type"] != "websocket.connect":
            return
        await send({"type": "websocket.accept", "subprotocol": upstream_ws.protocol})
        await _pump_both_ways(upstream_ws, receive, send)
    finally:
        await upstream_ws.close()


async def _pump_both_ways(upstream_ws: aiohttp.ClientWebSocketResponse, receive: Receive, send: Send) -> None:
    async with anyio.create_task_group() as group:

        async def client_to_upstream() -> None:
            while True:
                message = await receive()
                if message["type"] == "websocket.receive":
                    if message.get("text") is not None:
                        await upstream_ws.send_str(message["text"])
                    elif message.get("bytes") is not None:
                        await upstream_ws.send_bytes(message["bytes"])
                elif message["type"] == "websocket.disconnect":
                    reason = str(message.get("reason") or "").encode()
                    await upstream_ws.close(code=sendable_close_code(message.get("code")), message=reason)
                    break
            group.cancel_scope.cancel()

        async def upstream_to_client() -> None:
            try:
                while True:
                    msg = await upstream_ws.receive()
                    if msg.type is aiohttp.WSMsgType.TEXT:
                        await send({"type": "websocket.send", "text": msg.data})
                    elif msg.type is aiohttp.WSMsgType.BINARY:
                        await send({"type": "websocket.send", "bytes": msg.data})
                    elif msg.type is aiohttp.WSMsgType.CLOSE:
                        code = sendable_close_code(msg.data)
                        await send({"type": "websocket.close", "code": code, "reason": msg.extra or ""})
                        break
                    elif msg.type in (aiohttp.WSMsgType.CLOSING, aiohttp.WSMsgType.CLOSED):
                        code = sendable_close_code(upstream_ws.close_code)
                        await send({"type": "websocket.close", "code": code})
                        break
                    elif msg.type is aiohttp.WSMsgType.ERROR:
                        log.info("websocket_upstream_error", error=type(msg.data).__name__)
                        await send({"type": "websocket.close", "code": INTERNAL_ERROR})
                        break
            except OSError:
                pass  # the client is gone; closing the upstream is all that is left
            group.cancel_scope.cancel()

        group.start_soon(client_to_upstream)
        group.start_soon(upstream_to_client)
