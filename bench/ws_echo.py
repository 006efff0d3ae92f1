"""Benchmark: what uvicorn's WebSocket protocol costs per frame, alone (issue 14).

A trivial ASGI app echoes every text frame; it runs in a child process under uvicorn with the platform's
own server options (``conectar.platform.http_server.server_options``: the one-write HTTP protocol, uvloop)
and, per run, one of uvicorn's WebSocket implementations. The client (this process) opens ``--sockets``
connections and sends ``--frames`` chat-sized frames on each, one at a time, waiting for each echo. The
figure is the server's CPU time (``/proc``) per echo — one frame in and one out — over the measured
connections, after a warm-up. Implementations alternate, ``--rounds`` times each.

    python bench/ws_echo.py [--ws websockets-sansio,websockets] [--sockets 50] [--frames 400] [--rounds 2]

The last line is ``ws_echo <impl>=<µs per echo> …`` with each implementation's median.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

FRAME = json.dumps(
    {"type": "send", "chat_id": "0" * 36, "text": "Hola, ¿podés pasar el jueves a la mañana?", "ref": "r1"}
)


async def echo_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        await send({"type": "websocket.send", "text": message.get("text") or ""})


def _serve(port: int, ws: str) -> None:
    import uvicorn

    from conectar.platform.http_server import server_options

    uvicorn.run(echo_app, host="127.0.0.1", port=port, loop="uvloop", ws=ws, **server_options())  # type: ignore[arg-type]


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _talk(port: int, frames: int) -> None:
    import websockets

    async with websockets.connect(f"ws://127.0.0.1:{port}/", compression=None) as socket:
        for _ in range(frames):
            await socket.send(FRAME)
            await socket.recv()


async def _wait_listening(port: int, deadline: float) -> None:
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError("the echo server did not start") from None
            await asyncio.sleep(0.05)
            continue
        writer.close()
        return


async def _run(ws: str, sockets: int, frames: int) -> tuple[float, float]:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from stack import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, os.path.abspath(__file__), "--serve", str(port), "--ws", ws],
        stderr=subprocess.DEVNULL,
    )
    try:
        await _wait_listening(port, time.monotonic() + 20)
        await asyncio.gather(*(_talk(port, 20) for _ in range(10)))  # warm-up
        cpu, start = _cpu_seconds(server.pid), time.monotonic()
        await asyncio.gather(*(_talk(port, frames) for _ in range(sockets)))
        cpu, elapsed = _cpu_seconds(server.pid) - cpu, time.monotonic() - start
    finally:
        server.terminate()
        server.wait()
    echoes = sockets * frames
    return cpu / echoes * 1e6, echoes / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--ws", default="websockets-sansio,websockets", help="uvicorn ws implementations")
    parser.add_argument("--sockets", type=int, default=50)
    parser.add_argument("--frames", type=int, default=400, help="frames per socket")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve, args.ws)
        return
    impls = [name.strip() for name in args.ws.split(",") if name.strip()]
    results: dict[str, list[float]] = {name: [] for name in impls}
    for _ in range(args.rounds):
        for name in impls:
            micros, rate = asyncio.run(_run(name, args.sockets, args.frames))
            results[name].append(micros)
            print(f"{name:18s} server_cpu_us_per_echo={micros:.1f} echoes_per_s={rate:.0f}", flush=True)
    print(
        "ws_echo " + " ".join(f"{name}={statistics.median(values):.1f}" for name, values in results.items())
    )


if __name__ == "__main__":
    main()
