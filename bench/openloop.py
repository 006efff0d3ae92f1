"""An open-loop HTTP/1.1 load generator cheap enough to share two cores with the platform it measures.

Requests go out on a fixed schedule whatever the answers do, each on a keep-alive connection of its own
(idle connections are reused, a new one is opened when none is idle), and each is timed from when it was
due, so a server that stalls cannot hide its queue by slowing the sender down. aiohttp spends ~0.3–0.5 ms of
CPU per request, which at 1,000 requests/s is a third of a core taken from the platform; this client speaks
just enough HTTP/1.1 (a GET, a status line, Content-Length or chunked bodies) over asyncio protocols.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

Record = Callable[[int, float], None]
"""Called with (status, seconds since the request was due); status 0 when the connection failed."""


class _Connection(asyncio.Protocol):
    def __init__(self) -> None:
        self.transport: Any = None
        self.buffer = bytearray()
        self.waiter: asyncio.Future[int] | None = None
        self.closed = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # uvloop's transports are not asyncio.Transport subclasses

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        status = self._complete_response()
        if status is not None and self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(status)

    def _complete_response(self) -> int | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.buffer[:end]).lower()
        status = int(head[9:12])
        body_start = end + 4
        marker = head.find(b"content-length:")
        if marker >= 0:
            line_end = head.find(b"\r\n", marker)
            length = int(head[marker + 15 : line_end if line_end >= 0 else None])
            if len(self.buffer) < body_start + length:
                return None
            del self.buffer[: body_start + length]
            return status
        if b"transfer-encoding: chunked" in head:
            last = self.buffer.find(b"\r\n0\r\n\r\n", body_start - 2)
            if last < 0:
                return None
            del self.buffer[: last + 7]
            return status
        del self.buffer[:body_start]
        return status

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed"))

    async def request(self, payload: bytes) -> int:
        assert self.transport is not None
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(payload)
        return await self.waiter


async def run(url: str, headers: dict[str, str], *, rate: float, seconds: float, record: Record) -> float:
    """GET ``url`` ``rate`` times a second for ``seconds``; returns the seconds the run took (until the last
    answer)."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {target} HTTP/1.1", f"Host: {parts.netloc}", *(f"{k}: {v}" for k, v in headers.items())]
    payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    loop = asyncio.get_running_loop()
    idle: list[_Connection] = []
    every: list[_Connection] = []
    in_flight: set[asyncio.Task[None]] = set()

    async def one(due: float) -> None:
        connection = None
        while idle:
            candidate = idle.pop()
            if not candidate.closed:
                connection = candidate
                break
        try:
            if connection is None:
                _, connection = await loop.create_connection(_Connection, host, port)
                every.append(connection)
            status = await connection.request(payload)
        except (OSError, ConnectionError):
            record(0, time.perf_counter() - due)
            return
        record(status, time.perf_counter() - due)
        idle.append(connection)

    began = time.perf_counter()
    for n in range(int(rate * seconds)):
        due = began + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        task = loop.create_task(one(due))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
    if in_flight:
        await asyncio.gather(*in_flight)
    took = time.perf_counter() - began
    for connection in every:
        if connection.transport is not None:
            connection.transport.close()
    return took
