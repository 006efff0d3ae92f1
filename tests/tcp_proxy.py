"""A TCP proxy that tests put in front of a dependency (RabbitMQ, Redis, PostgreSQL) to play faults:
``cut()`` drops every connection and refuses new ones until ``restore()``; ``delay(seconds)`` holds every
chunk before forwarding it; ``reset()`` aborts every open connection with a RST and keeps accepting;
``blackhole()`` silently stops forwarding on the connections open now (no FIN, no RST: what a NAT or a
firewall that forgot an idle connection does) while new connections work.

It runs on its own thread and loop, so a test's event loop (or a blocking test) does not stall it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.latency = 0.0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._open = True
        self._writers: set[asyncio.StreamWriter] = set()
        self._swallowed: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    def start(self) -> TcpProxy:
        self._thread.start()
        self._ready.wait(5)
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            self._ready.set()
            async with server:
                await server.serve_forever()

        self._loop.run_until_complete(main())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.connections += 1
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    if self.latency:
                        await asyncio.sleep(self.latency)
                    if dst in self._swallowed:
                        continue
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def cut(self) -> None:
        """Drop every connection and refuse new ones until :meth:`restore`."""

        def close_all() -> None:
            self._open = False
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(close_all)

    def blackhole(self) -> None:
        """Stop forwarding, silently, on every connection open now; new connections work."""
        self._loop.call_soon_threadsafe(lambda: self._swallowed.update(self._writers))

    def restore(self) -> None:
        self._loop.call_soon_threadsafe(lambda: setattr(self, "_open", True))

    def delay(self, seconds: float) -> None:
        """Hold every chunk ``seconds`` before forwarding it (0 ends the delay)."""
        self._loop.call_soon_threadsafe(lambda: setattr(self, "latency", seconds))

    def reset(self) -> None:
        """Abort every open connection with a RST (both sides); keep accepting new ones."""

        def abort_all() -> None:
            for writer in list(self._writers):
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(abort_all)
