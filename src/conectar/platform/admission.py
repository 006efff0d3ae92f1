"""Admission control: a saturated process refuses early instead of queueing requests for tens of seconds.

A process (a service replica or the gateway) admits at most ``limit`` requests at once whose answers have not
started yet. One more waits, first come first served, up to ``max_wait`` seconds for a place; past that, or
when ``max_queue`` requests are already waiting, it is answered at once with 503 and ``Retry-After``, so the
client sees the refusal in about a second and can come back, rather than a request that is served after the
client gave up. 503 (the process is busy) and not 429, which says that this client is over its own rate
limit; the chat's back-pressure frame uses the same pair.

A place is given back when the answer starts (``http.response.start``), not when its body ends: a
notification stream or a download holds no place while it streams, and a proxied request holds the
gateway's place exactly while the service behind it computes the answer. WebSockets are not counted here
(the chat answers its own back-pressure), nor are the probes and metrics under ``/health`` and ``/metrics``,
which must answer while the process is busiest.
"""

from __future__ import annotations

import asyncio
import json
from collections import deque

from prometheus_client import Counter, Gauge
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REFUSED = Counter(
    "conectar_http_requests_refused_total",
    "Requests refused at once because the process was saturated (503 with Retry-After)",
    ["service"],
)
IN_FLIGHT = Gauge(
    "conectar_http_requests_admitted", "Requests admitted whose answers have not started yet", ["service"]
)
WAITING = Gauge("conectar_http_requests_waiting", "Requests waiting for admission", ["service"])

EXEMPT_PREFIXES = ("/health", "/metrics")
OVERLOADED_DETAIL = "El servicio está saturado en este momento. Probá de nuevo en unos segundos."


class AdmissionGate:
    """At most ``limit`` holders; waiters are served in order and give up after ``max_wait`` seconds."""

    def __init__(self, limit: int, *, max_wait: float, max_queue: int) -> None:
        self.limit = limit
        self.max_wait = max_wait
        self.max_queue = max_queue
        self.active = 0
        self.waiting = 0
        # Waiters that gave up stay here, cancelled, until leave() skips them.
        self._waiters: deque[asyncio.Future[None]] = deque()

    async def enter(self) -> bool:
        """True when admitted (the caller must :meth:`leave` once); False when refused."""
        if self.active < self.limit and not self.waiting:
            self.active += 1
            return True
        if self.waiting >= self.max_queue:
            return False
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        self.waiting += 1
        try:
            async with asyncio.timeout(self.max_wait):
                await asyncio.shield(waiter)
        except TimeoutError:
            if waiter.done():  # a place was handed over just as the wait ran out: take it
                return True
            self._give_up(waiter)
            return False
        except asyncio.CancelledError:
            if waiter.done():
                self.leave()  # handed a place, but the request itself is gone
            else:
                self._give_up(waiter)
            raise
        return True

    def leave(self) -> None:
        """Give a place back: to the first live waiter if there is one (``active`` stays), else to the pool."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                self.waiting -= 1
                return
        self.active -= 1

    def _give_up(self, waiter: asyncio.Future[None]) -> None:
        waiter.cancel()
        self.waiting -= 1


class AdmissionMiddleware:
    def __init__(
        self, app: ASGIApp, *, service: str, limit: int, max_wait: float, max_queue: int | None = None
    ) -> None:
        self.app = app
        self.service = service
        self.gate = AdmissionGate(limit, max_wait=max_wait, max_queue=max_queue or limit * 4)
        self.retry_after = str(max(1, round(max_wait)))
        self._refused = REFUSED.labels(service=service)
        self._in_flight = IN_FLIGHT.labels(service=service)
        self._waiting = WAITING.labels(service=service)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.gate.limit <= 0 or scope["path"].startswith(EXEMPT_PREFIXES):
            await self.app(scope, receive, send)
            return
        self._waiting.inc()
        try:
            admitted = await self.gate.enter()
        finally:
            self._waiting.dec()
        if not admitted:
            self._refused.inc()
            await self._refuse(send)
            return
        self._in_flight.inc()
        held = True

        def release() -> None:
            nonlocal held
            if held:
                held = False
                self._in_flight.dec()
                self.gate.leave()

        async def send_and_release(message: Message) -> None:
            if message["type"] == "http.response.start":
                release()
            await send(message)

        try:
            await self.app(scope, receive, send_and_release)
        finally:
            release()

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": OVERLOADED_DETAIL}, ensure_ascii=False).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 503,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"retry-after", self.retry_after.encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
