"""How every process serves HTTP: uvicorn's httptools protocol, with the bytes a connection writes within
one turn of the event loop leaving in one write.

uvicorn writes a response's head as soon as the app starts the response and its body when the app sends it.
A process killed between the two (a replica stopped with SIGKILL, the OOM killer) leaves the peer a head
and a cut body; nginx has already passed that head on, so it cannot send the request to another replica and
the client sees an error. Held until the turn ends, head and body leave together: a process that dies
before that sends nothing, and nginx retries an idempotent request elsewhere. It also halves the system
calls of a small response.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Beyond this much held, the bytes leave at once (a large streamed body needs the transport's flow control).
FLUSH_BYTES = 64 * 1024
WS_MAX_SIZE = 1024 * 1024


class OneWriteTransport(asyncio.Transport):
    """A transport that holds what is written until the event loop's current turn ends."""

    def __init__(self, inner: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._inner = inner
        self._loop = loop
        self._held: list[bytes] = []
        self._held_bytes = 0
        self._flush_scheduled = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._held.append(bytes(data))
        self._held_bytes += len(data)
        if self._held_bytes >= FLUSH_BYTES:
            self.flush()
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            self._loop.call_soon(self._scheduled_flush)

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def _scheduled_flush(self) -> None:
        self._flush_scheduled = False
        self.flush()

    def flush(self) -> None:
        if not self._held:
            return
        data = self._held[0] if len(self._held) == 1 else b"".join(self._held)
        self._held.clear()
        self._held_bytes = 0
        if not self._inner.is_closing():
            self._inner.write(data)

    def close(self) -> None:
        self.flush()
        self._inner.close()

    def abort(self) -> None:
        self._held.clear()
        self._held_bytes = 0
        self._inner.abort()

    def write_eof(self) -> None:
        self.flush()
        self._inner.write_eof()

    def can_write_eof(self) -> bool:
        return self._inner.can_write_eof()

    def is_closing(self) -> bool:
        return self._inner.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._inner.get_extra_info(name, default)

    def pause_reading(self) -> None:
        self._inner.pause_reading()

    def resume_reading(self) -> None:
        self._inner.resume_reading()

    def is_reading(self) -> bool:
        return self._inner.is_reading()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._inner.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._inner.get_protocol()

    def get_write_buffer_size(self) -> int:
        return self._inner.get_write_buffer_size() + self._held_bytes

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._inner.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._inner.set_write_buffer_limits(high, low)


class OneWriteHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol on a :class:`OneWriteTransport` (a WebSocket it upgrades to keeps it)."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports do the Transport interface without deriving from it.
        super().connection_made(OneWriteTransport(cast(asyncio.Transport, transport), self.loop))


def server_options() -> dict[str, Any]:
    """What every server of the platform passes to uvicorn besides the app, host and port (the CLI's, the
    tests', the benches')."""
    return {
        "http": OneWriteHttpProtocol,
        "log_config": None,  # our structlog configuration
        "access_log": False,  # the request-context middleware logs each request once
        "ws_max_size": WS_MAX_SIZE,
    }
