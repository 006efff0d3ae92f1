"""How the web app reaches the public API: through the gateway, like any other client.

Standalone mode hosts the gateway in this process: requests are ASGI calls into it (responses stream, so
the notifications' server-sent events work too) and WebSockets are ASGI WebSocket sessions. Distributed
mode calls the gateway's URL over HTTP (httpx) and opens WebSockets with aiohttp. Either way every call
passes the gateway's routing, token checks and rate limits, with the visitor's address as the client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from typing import Any, Protocol

import aiohttp
import httpx
from starlette.types import ASGIApp, Message

CLIENT_EXTENSION = "conectar_client"
CLOSED = 1000


class GatewayUnavailable(Exception):
    """The gateway (or the service behind it) could not be reached."""


class SocketRefused(Exception):
    """The upstream WebSocket refused the handshake or closed at once."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class UpstreamSocket(Protocol):
    async def send_text(self, text: str) -> None: ...

    async def receive_text(self) -> str | None:
        """The next text message; None once the socket is closed."""

    async def close(self) -> None: ...


# --- in this process ---------------------------------------------------------------------------------


class _QueueStream(httpx.AsyncByteStream):
    def __init__(self, queue: asyncio.Queue[bytes | BaseException | None], task: asyncio.Task[None]) -> None:
        self._queue = queue
        self._task = task
        self.disconnected = asyncio.Event()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while True:
            item = await self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise httpx.ReadError("the gateway failed while answering") from item
            yield item

    async def aclose(self) -> None:
        self.disconnected.set()
        if not self._task.done():
            with contextlib.suppress(TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(self._task), 1.0)
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task


class StreamingASGITransport(httpx.AsyncBaseTransport):
    """An httpx transport into an ASGI app that streams the response as the app writes it (httpx's own
    ASGITransport waits for the whole body). The client address comes from the request's
    ``conectar_client`` extension."""

    def __init__(self, app: Callable[[], ASGIApp]) -> None:
        self._app = app

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        app = self._app()
        client = request.extensions.get(CLIENT_EXTENSION) or ("127.0.0.1", 0)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": request.method,
            "headers": [(k.lower(), v) for (k, v) in request.headers.raw],
            "scheme": request.url.scheme,
            "path": request.url.path,
            "raw_path": request.url.raw_path.split(b"?")[0],
            "query_string": request.url.query,
            "server": (request.url.host, request.url.port or 80),
            "client": tuple(client),
            "root_path": "",
        }
        body = request.stream
        assert isinstance(body, httpx.AsyncByteStream)
        chunks = body.__aiter__()
        request_done = False
        queue: asyncio.Queue[bytes | BaseException | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()
        started: asyncio.Future[tuple[int, list[tuple[bytes, bytes]]]] = loop.create_future()
        stream_ready = asyncio.Event()
        stream: _QueueStream | None = None
        head = request.method == "HEAD"

        async def receive() -> Message:
            nonlocal request_done
            if request_done:
                await stream_ready.wait()
                assert stream is not None
                await stream.disconnected.wait()
                return {"type": "http.disconnect"}
            try:
                chunk = await chunks.__anext__()
            except StopAsyncIteration:
                request_done = True
                return {"type": "http.request", "body": b"", "more_body": False}
            return {"type": "http.request", "body": chunk, "more_body": True}

        async def send(message: Message) -> None:
            if message["type"] == "http.response.start":
                if not started.done():
                    started.set_result((int(message["status"]), list(message.get("headers", []))))
            elif message["type"] == "http.response.body":
                data = message.get("body", b"")
                if data and not head:
                    queue.put_nowait(bytes(data))
                if not message.get("more_body", False):
                    queue.put_nowait(None)

        async def run() -> None:
            try:
                await app(scope, receive, send)
            except BaseException as exc:
                if not started.done():
                    started.set_exception(GatewayUnavailable(repr(exc)))
                else:
                    queue.put_nowait(exc)
                if not isinstance(exc, Exception):
                    raise
            finally:
                if not started.done():
                    started.set_exception(GatewayUnavailable("no response"))
                queue.put_nowait(None)

        task = asyncio.create_task(run())
        stream = _QueueStream(queue, task)
        stream_ready.set()
        try:
            status, headers = await started
        except GatewayUnavailable as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        return httpx.Response(status, headers=headers, stream=stream, request=request)


class AsgiSocket:
    """A WebSocket session with an ASGI app in this process."""

    def __init__(self, app: ASGIApp, scope: dict[str, Any]) -> None:
        self._to_app: asyncio.Queue[Message] = asyncio.Queue()
        self._from_app: asyncio.Queue[Message] = asyncio.Queue()
        self._closed = False
        self.close_code: int | None = None
        self._to_app.put_nowait({"type": "websocket.connect"})

        async def run() -> None:
            try:
                await app(scope, self._to_app.get, self._from_app.put)
            finally:
                self._from_app.put_nowait({"type": "websocket.close", "code": 1011})

        self._task = asyncio.create_task(run())

    async def accepted(self) -> None:
        first = await self._from_app.get()
        if first["type"] == "websocket.accept":
            return
        await self.close()
        raise SocketRefused(int(first.get("code") or first.get("status") or 1008))

    async def send_text(self, text: str) -> None:
        if not self._closed:
            self._to_app.put_nowait({"type": "websocket.receive", "text": text})

    async def receive_text(self) -> str | None:
        while not self._closed:
            message = await self._from_app.get()
            if message["type"] == "websocket.send":
                if message.get("text") is not None:
                    return str(message["text"])
                continue
            if message["type"] in ("websocket.close", "websocket.http.response.start"):
                self._closed = True
                if self.close_code is None:
                    self.close_code = int(message.get("code") or 1000)
        return None

    async def close(self) -> None:
        self._closed = True
        if not self._task.done():
            self._to_app.put_nowait({"type": "websocket.disconnect", "code": CLOSED})
            with contextlib.suppress(TimeoutError, asyncio.CancelledError, Exception):
                await asyncio.wait_for(asyncio.shield(self._task), 2.0)
        if not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task


# --- over HTTP -----------------------------------------------------------------------------------------


class AiohttpSocket:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self._ws = ws

    @property
    def close_code(self) -> int | None:
        return self._ws.close_code

    async def send_text(self, text: str) -> None:
        if not self._ws.closed:
            await self._ws.send_str(text)

    async def receive_text(self) -> str | None:
        while True:
            message = await self._ws.receive()
            if message.type is aiohttp.WSMsgType.TEXT:
                return str(message.data)
            if message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.PING, aiohttp.WSMsgType.PONG):
                continue
            return None

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._ws.close()


# --- the connector --------------------------------------------------------------------------------------


class Gateway:
    """The web app's way into the public API (one per process)."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        app: Callable[[], ASGIApp] | None = None,
        timeout: float = 15.0,
    ) -> None:
        if (base_url is None) == (app is None):
            raise ValueError("a gateway is either in this process (app) or at a URL (base_url)")
        self._app = app
        self.base_url = (base_url or "http://gateway.internal").rstrip("/")
        transport: httpx.AsyncBaseTransport
        transport = StreamingASGITransport(app) if app is not None else httpx.AsyncHTTPTransport(retries=1)
        self.client = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=3.0),
            follow_redirects=False,
            trust_env=False,
        )
        self._ws_session: aiohttp.ClientSession | None = None

    @property
    def in_process(self) -> bool:
        return self._app is not None

    async def websocket(
        self, path: str, query: str, headers: list[tuple[str, str]], client: str
    ) -> UpstreamSocket:
        """Open a WebSocket to the gateway at ``path?query``."""
        if self._app is not None:
            scope = {
                "type": "websocket",
                "asgi": {"version": "3.0", "spec_version": "2.3"},
                "http_version": "1.1",
                "scheme": "ws",
                "path": path,
                "raw_path": path.encode(),
                "query_string": query.encode(),
                "root_path": "",
                "headers": [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers],
                "client": (client, 0),
                "server": ("gateway.internal", 80),
                "subprotocols": [],
                "extensions": {},
            }
            socket = AsgiSocket(self._app(), scope)
            await socket.accepted()
            return socket
        if self._ws_session is None or self._ws_session.closed:
            # One session (and connection pool) for every page's socket, made inside the running loop.
            self._ws_session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=None, sock_connect=5), trust_env=False
            )
        url = self.base_url.replace("http", "ws", 1) + path + ("?" + query if query else "")
        try:
            ws = await self._ws_session.ws_connect(
                url, headers=headers, autoping=True, heartbeat=30, max_msg_size=4 * 1024 * 1024
            )
        except aiohttp.WSServerHandshakeError as exc:
            raise SocketRefused(exc.status) from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise GatewayUnavailable(type(exc).__name__) from exc
        return AiohttpSocket(ws)

    async def close(self) -> None:
        await self.client.aclose()
        if self._ws_session is not None:
            await self._ws_session.close()


def sse_events(lines: list[str]) -> tuple[str, Any] | None:
    """One server-sent event from its lines: (event name, decoded data) or None for comments."""
    event = "message"
    data: list[str] = []
    for line in lines:
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)
    if not data:
        return None
    text = "\n".join(data)
    try:
        return event, json.loads(text)
    except ValueError:
        return event, text
