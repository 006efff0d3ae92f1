"""An ASGI app served by uvicorn on a real socket, in the test's own event loop (streams, WebSockets and
clients that are not in-process need one)."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.types import ASGIApp

from conectar.platform.http_server import server_options

# On the way out, what a test left open (a socket, an SSE response) is cancelled after this long instead of
# waited for: such a stream ends only when the platform stops, which happens after its server has.
GRACEFUL_SHUTDOWN_SECONDS = 5


def free_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


@asynccontextmanager
async def serve(app: ASGIApp, *, port: int = 0, lifespan: str = "off", **options: Any) -> AsyncIterator[str]:
    """Run ``app`` under uvicorn on ``port`` (a free one by default); yields its base URL. ``options`` are
    more ``uvicorn.Config`` settings."""
    sock = free_socket(port)
    config = uvicorn.Config(
        app,
        lifespan=lifespan,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        **{**server_options(), **options},
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    deadline = time.monotonic() + 10
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("server stopped during startup")
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start")
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, GRACEFUL_SHUTDOWN_SECONDS + 10)
        sock.close()
