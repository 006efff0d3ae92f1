"""The HTTP protocol alone: uvicorn's httptools protocol against the platform's (``platform/http_server.py``,
which writes a response's head and body in one system call), serving the same small JSON answer under wrk.

    python bench/http_protocol.py [--seconds 10] [--rounds 3] [--concurrency 32]

Each round runs both protocols, one after the other (ABBA over the rounds), each in its own fresh server
process on uvloop; the figure is the server's CPU time per request (user + system, from /proc) and wrk's
throughput. Last line: ``http_protocol plain_cpu_us=<a> one_write_cpu_us=<b> change_pct=<c>`` (medians).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wrk
from cpu import process_cpu_seconds
from stack import free_port

SERVER = """
import sys
import uvicorn
from conectar.platform.http_server import OneWriteHttpProtocol

BODY = b'{"id":"5b7c3f0e-2a43-4e8e-9a55-0d6f3c1f1b2a","nombre":"Ana","apellido":"Perez","rol":"CLIENTE"}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(BODY))]

async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})

http = OneWriteHttpProtocol if sys.argv[2] == "one-write" else "httptools"
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), http=http, loop="uvloop", lifespan="off",
            log_config=None, access_log=False)
"""


def cpu_seconds(pid: int) -> float:
    spent = process_cpu_seconds(pid)
    if spent is None:
        raise RuntimeError("the server died during the run")
    return spent


def measure(protocol: str, seconds: float, concurrency: int) -> float:
    """The server's CPU µs per request for one protocol, in a fresh server."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(port), protocol])
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.05)
        url = f"http://127.0.0.1:{port}/"
        wrk.run("warmup", [url], "-", seconds=2, concurrency=concurrency)
        before = cpu_seconds(server.pid)
        run = wrk.run(protocol, [url], "-", seconds=seconds, concurrency=concurrency)
        used = cpu_seconds(server.pid) - before
        print(
            f"{run.summary()} server_cpu_us_per_request={used * 1e6 / max(1, run.requests):.1f}", flush=True
        )
        return used * 1e6 / max(1, run.requests)
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    if not wrk.available():
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    results: dict[str, list[float]] = {"plain": [], "one-write": []}
    for round_number in range(args.rounds):
        order = ["plain", "one-write"] if round_number % 2 == 0 else ["one-write", "plain"]
        for protocol in order:
            results[protocol].append(measure(protocol, args.seconds, args.concurrency))
    plain, one = (statistics.median(results[name]) for name in ("plain", "one-write"))
    print(
        f"http_protocol plain_cpu_us={plain:.1f} one_write_cpu_us={one:.1f} "
        f"change_pct={100 * (one - plain) / plain:+.1f}"
    )


if __name__ == "__main__":
    main()
