"""The platform's HTTP protocol: what a connection writes within one turn of the event loop leaves in one
write, so that a process killed between a response's head and its body sends neither (and the edge can
send an idempotent request to another replica), while every kind of response still arrives whole."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.types import Receive, Scope, Send

from conectar.platform.http_server import FLUSH_BYTES, WS_MAX_SIZE, OneWriteHttpProtocol, OneWriteTransport
from tests.servers import free_socket, serve


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[bytes] = []
        self.closed = False
        self.aborted = False

    def write(self, data: Any) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.aborted = True

    def is_closing(self) -> bool:
        return self.closed or self.aborted

    def get_write_buffer_size(self) -> int:
        return 0


async def next_turn() -> None:
    await asyncio.sleep(0)


async def test_writes_of_one_turn_leave_together_at_its_end() -> None:
    inner = RecordingTransport()
    transport = OneWriteTransport(inner, asyncio.get_running_loop())
    transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
    transport.write(b"ok")
    assert inner.writes == []
    assert transport.get_write_buffer_size() == 40
    await next_turn()
    assert inner.writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"]
    transport.write(b"next")
    await next_turn()
    assert inner.writes[1:] == [b"next"]


async def test_close_sends_what_is_held_first_and_abort_drops_it() -> None:
    inner = RecordingTransport()
    transport = OneWriteTransport(inner, asyncio.get_running_loop())
    transport.write(b"last words")
    transport.close()
    assert inner.writes == [b"last words"]
    assert inner.closed

    aborted = RecordingTransport()
    transport = OneWriteTransport(aborted, asyncio.get_running_loop())
    transport.write(b"never sent")
    transport.abort()
    await next_turn()
    assert aborted.writes == []
    assert aborted.aborted


async def test_a_large_write_is_not_held() -> None:
    inner = RecordingTransport()
    transport = OneWriteTransport(inner, asyncio.get_running_loop())
    transport.write(b"head")
    transport.write(b"x" * FLUSH_BYTES)
    assert inner.writes == [b"head" + b"x" * FLUSH_BYTES]


async def test_nothing_is_written_to_a_transport_that_is_closing() -> None:
    inner = RecordingTransport()
    transport = OneWriteTransport(inner, asyncio.get_running_loop())
    transport.write(b"too late")
    inner.closed = True  # the peer went away during the turn
    await next_turn()
    assert inner.writes == []


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    assert scope["type"] == "http"
    if scope["path"] == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for n in range(64):
            await send(
                {"type": "http.response.body", "body": bytes([65 + n % 26]) * 16_384, "more_body": True}
            )
            await asyncio.sleep(0)
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return
    body = scope["path"].encode()
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"%d" % len(body))]}
    )
    await send({"type": "http.response.body", "body": body})


async def test_responses_arrive_whole_kept_alive_streamed_and_closed() -> None:
    async with serve(app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        assert [(await client.get(f"/r{n}")).text for n in range(5)] == [f"/r{n}" for n in range(5)]
        streamed = await client.get("/stream")
        assert streamed.content == b"".join(bytes([65 + n % 26]) * 16_384 for n in range(64))
        closing = await client.get("/bye", headers={"connection": "close"})
        assert closing.text == "/bye"
        assert closing.headers["connection"] == "close"


SERVER = textwrap.dedent(
    """
    import os, signal, socket, sys
    import uvicorn
    from conectar.platform.http_server import OneWriteHttpProtocol

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
        os.kill(os.getpid(), signal.SIGKILL)  # dies between the head and the body
        await send({"type": "http.response.body", "body": b"ok"})

    http = OneWriteHttpProtocol if sys.argv[2] == "one-write" else sys.argv[2]
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", int(sys.argv[1])))
    uvicorn.Server(uvicorn.Config(app, http=http, lifespan="off", log_config=None)).run(sockets=[sock])
    """
)


@pytest.fixture
def server_script(tmp_path: Path) -> Path:
    path = tmp_path / "server.py"
    path.write_text(SERVER)
    return path


def answer_of_a_dying_server(script: Path, http: str) -> bytes:
    """What a client reads from a server killed after starting the response and before its body."""
    with free_socket() as probe:
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, str(script), str(port), http])
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=10)
                break
            except OSError:
                assert process.poll() is None, "the server stopped"
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.05)
        with conn:
            conn.sendall(b"GET / HTTP/1.1\r\nhost: test\r\n\r\n")
            received = b""
            try:
                while chunk := conn.recv(65536):
                    received += chunk
            except ConnectionResetError:
                pass
        assert process.wait(10) == -9
        return received
    finally:
        process.kill()
        process.wait()


def test_a_process_killed_after_the_head_sends_nothing(server_script: Path) -> None:
    assert answer_of_a_dying_server(server_script, "one-write") == b""


def test_plain_uvicorn_would_leave_the_client_a_head_without_its_body(server_script: Path) -> None:
    """The failure the protocol exists for: if uvicorn ever holds the head itself, this one says so."""
    received = answer_of_a_dying_server(server_script, "httptools")
    assert received.startswith(b"HTTP/1.1 200 OK")
    assert received.endswith(b"\r\n\r\n")


def test_conectar_run_and_serve_use_the_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every platform process is started through ``_serve_http``: it must hand uvicorn this protocol."""
    from conectar import cli

    given: dict[str, Any] = {}
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **options: given.update(options))
    cli._serve_http(object(), "127.0.0.1", 8000)
    assert given["http"] is OneWriteHttpProtocol
    assert given["ws_max_size"] == WS_MAX_SIZE
