"""The browser's live channel: one WebSocket per open page, relayed by the web app so the API tokens
never reach JavaScript.

browser ⇄ ``/live`` (this app, session cookie) ⇄ gateway ``/api/v1/chat/ws?token=…`` (chat feed and
commands) and gateway ``/api/v1/notificaciones/stream`` (server-sent events, the unread count).

Frames to the browser: the chat service's own (``hello``, ``feed``, ``ack``, ``error``, ``pong``) and
``{"type":"notif","count":N}`` / ``{"type":"notif","item":{...}}``. Frames from the browser: only the chat
commands ``send``, ``read`` and ``ping`` pass. The first frame is always the chat's ``hello`` (or
``chat-unavailable``): the two upstreams answer independently, so notification frames wait for it. The relay never refreshes tokens (a WebSocket cannot set a
cookie): shortly before the access token expires it closes with code 4001, and the page renews its
session with an ordinary request and reconnects with the last ``seq`` it saw as ``cursor``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import structlog
from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from conectar.platform.jsonbody import loads_strict
from conectar.platform.tasks import cancel_and_wait
from conectar.web.core import WebRuntime, client_address, same_origin, session_of
from conectar.web.gateway import CLIENT_EXTENSION, GatewayUnavailable, SocketRefused, sse_events

log = structlog.get_logger(__name__)

router = APIRouter()

RENEW = 4001  # the session's access token is about to expire: renew and reconnect
UNAUTHENTICATED = 4401
FORBIDDEN_ORIGIN = 4403
RENEW_MARGIN_SECONDS = 20
COMMANDS = frozenset({"send", "read", "ping"})
MAX_COMMAND_BYTES = 8 * 1024
GREETING_WAIT_SECONDS = 5.0


@router.websocket("/live")
async def live(ws: WebSocket, cursor: int | None = None) -> None:
    runtime: WebRuntime = ws.app.state.runtime
    session = session_of(ws.scope)
    await ws.accept()
    if not same_origin(ws):
        await ws.close(code=FORBIDDEN_ORIGIN)
        return
    if not session.signed_in or not session.access:
        await ws.close(code=UNAUTHENTICATED)
        return
    remaining = session.exp - time.time() - RENEW_MARGIN_SECONDS
    if remaining <= 0:
        await ws.close(code=RENEW)
        return
    relay = Relay(runtime, ws, session.access, client_address(ws.scope, runtime.settings.trusted_proxies))
    await relay.run(cursor, remaining)


class Relay:
    def __init__(self, runtime: WebRuntime, ws: WebSocket, token: str, address: str) -> None:
        self.runtime = runtime
        self.ws = ws
        self.token = token
        self.address = address
        self._send_lock = asyncio.Lock()
        self._greeted = asyncio.Event()
        self.close_code = 1000

    async def send(self, frame: dict[str, Any] | str) -> None:
        text = frame if isinstance(frame, str) else json.dumps(frame, ensure_ascii=False)
        async with self._send_lock:
            await self.ws.send_text(text)

    async def run(self, cursor: int | None, lifetime: float) -> None:
        params: dict[str, Any] = {"token": self.token}
        if cursor is not None and cursor >= 0:
            params["cursor"] = cursor
        upstream = None
        try:
            upstream = await self.runtime.gateway.websocket(
                "/api/v1/chat/ws", urlencode(params), [("X-Forwarded-For", self.address)], self.address
            )
        except (SocketRefused, GatewayUnavailable) as exc:
            log.info("live_chat_unavailable", error=type(exc).__name__)
            await self.send({"type": "chat-unavailable"})
            self._greeted.set()
        tasks = [
            asyncio.create_task(self._browser_to_chat(upstream), name="live-browser"),
            asyncio.create_task(self._notifications(), name="live-notifications"),
            asyncio.create_task(self._expire(lifetime), name="live-expiry"),
        ]
        if upstream is not None:
            tasks.append(asyncio.create_task(self._chat_to_browser(upstream), name="live-chat"))
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if not task.cancelled() and task.exception() is not None:
                    log.info("live_relay_ended", error=type(task.exception()).__name__)
        finally:
            await cancel_and_wait(tasks)
            if upstream is not None:
                await upstream.close()
            with contextlib.suppress(Exception):
                await self.ws.close(code=self.close_code)

    async def _expire(self, lifetime: float) -> None:
        await asyncio.sleep(lifetime)
        self.close_code = RENEW

    async def _browser_to_chat(self, upstream: Any) -> None:
        while True:
            try:
                raw = await self.ws.receive_text()
            except (WebSocketDisconnect, RuntimeError):
                return
            if len(raw) > MAX_COMMAND_BYTES:
                continue
            try:
                command = loads_strict(raw)
            except ValueError:
                continue
            if not isinstance(command, dict) or command.get("type") not in COMMANDS:
                continue
            if command["type"] == "ping" and upstream is None:
                await self.send({"type": "pong", "ref": command.get("ref")})
                continue
            if upstream is not None:
                clean = {k: command[k] for k in ("type", "chat_id", "text", "ref") if k in command}
                await upstream.send_text(json.dumps(clean, ensure_ascii=False))

    async def _chat_to_browser(self, upstream: Any) -> None:
        try:
            while True:
                text = await upstream.receive_text()
                if text is None:
                    # The chat service ended the connection: a session that is over (logout, ban, new
                    # password) is final; anything else (expiry, restart) means renew and reconnect.
                    ended = getattr(upstream, "close_code", None) == UNAUTHENTICATED
                    self.close_code = UNAUTHENTICATED if ended else RENEW
                    return
                await self.send(text)
                self._greeted.set()
        finally:
            self._greeted.set()

    async def _after_greeting(self) -> None:
        """Hold notification frames until the chat's greeting went out (a chat that never greets
        delays them by a few seconds, never forever)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._greeted.wait(), GREETING_WAIT_SECONDS)

    async def _notifications(self) -> None:
        headers = {"Authorization": f"Bearer {self.token}", "X-Forwarded-For": self.address}
        extensions = {CLIENT_EXTENSION: (self.address, 0)}
        client = self.runtime.gateway.client
        try:
            async with client.stream(
                "GET",
                "/api/v1/notificaciones/stream",
                headers=headers,
                extensions=extensions,
                timeout=httpx.Timeout(None, connect=5.0),
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    await asyncio.Event().wait()  # no live count (the page still shows the rendered one)
                lines: list[str] = []
                async for line in response.aiter_lines():
                    if line:
                        lines.append(line)
                        continue
                    event = sse_events(lines)
                    lines = []
                    if event is not None and await self._notification_event(*event):
                        return
        except httpx.HTTPError as exc:
            log.info("live_notifications_lost", error=type(exc).__name__)
            await asyncio.Event().wait()

    async def _notification_event(self, name: str, data: Any) -> bool:
        """Relay one event; True when the stream is over (the token is about to expire)."""
        await self._after_greeting()
        if name == "contador" and isinstance(data, dict):
            await self.send({"type": "notif", "count": int(data.get("count", 0))})
        elif name == "notificacion" and isinstance(data, dict):
            item = {k: data.get(k) for k in ("id", "tipo", "titulo", "mensaje", "url", "leida")}
            await self.send({"type": "notif", "item": item})
            count = await self._unread_count()
            if count is not None:
                await self.send({"type": "notif", "count": count})
        elif name == "fin":
            over = isinstance(data, dict) and data.get("motivo") == "sesion_cerrada"
            self.close_code = UNAUTHENTICATED if over else RENEW
            return True
        return False

    async def _unread_count(self) -> int | None:
        try:
            response = await self.runtime.gateway.client.get(
                "/api/v1/notificaciones/no-leidas/contador",
                headers={"Authorization": f"Bearer {self.token}", "X-Forwarded-For": self.address},
                extensions={CLIENT_EXTENSION: (self.address, 0)},
            )
        except httpx.HTTPError:
            return None
        if response.status_code != 200:
            return None
        return int(response.json().get("count", 0))
