"""Benchmark: what the gateway's hop costs on an authenticated read (issue 2).

Against a running distributed platform (``conectar up``), registers and logs in a user through the
gateway, then runs ``GET /api/v1/users/me`` at a fixed concurrency for a fixed time, first through the
gateway and then directly against the users service, with aiohttp. Prints requests per second, p50 and
p99 for both; the last line is exactly::

    gateway rps=<r> p50_ms=<x> p99_ms=<y> direct_rps=<d> ratio=<r/d>

The gateway's per-user rate limit would throttle the run: start the platform with
``CONECTAR_RATE_LIMIT_ENABLED=false`` (the script stops with a message when it sees a 429).

    python bench/gateway.py --start [--seconds 20] [--concurrency 32]
    python bench/gateway.py [--gateway URL] [--direct URL]   # against a running `conectar up`

Tracing cost (issue 12): with ``--start``, ``--tracing off|all|ratio`` starts the platform with the
exporter off (``OTEL_TRACES_EXPORTER=none``), or exporting OTLP/HTTP to a receiver this script runs in a
process of its own (it decodes and counts the spans), sampling every trace (``parentbased_always_on``) or
``--ratio`` of them (``parentbased_traceidratio``); one more line follows the summary line above:
``tracing=<off|all|ratio> [ratio=<r> spans_received=<n>]``.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from conectar.platform.settings import Settings

ME = "/api/v1/users/me"


@dataclass
class Run:
    label: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))
        return ordered[index] * 1000

    def summary(self) -> str:
        line = (
            f"{self.label:8s} requests={len(self.latencies)} rps={self.rps:.1f} "
            f"p50_ms={self.percentile_ms(0.50):.2f} p99_ms={self.percentile_ms(0.99):.2f}"
        )
        if self.errors:
            line += " errors=" + ",".join(f"{k}:{v}" for k, v in sorted(self.errors.items()))
        return line


async def login(session: aiohttp.ClientSession, gateway: str) -> str:
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    password = "bench-" + uuid.uuid4().hex
    registration = {
        "email": email,
        "password": password,
        "nombre": "Bench",
        "apellido": "Mark",
        "rol": "CLIENTE",
    }
    async with session.post(f"{gateway}/api/v1/auth/register", json=registration) as response:
        if response.status != 201:
            raise SystemExit(f"register failed: HTTP {response.status} {await response.text()}")
    form = aiohttp.FormData({"username": email, "password": password})
    async with session.post(f"{gateway}/api/v1/auth/login", data=form) as response:
        if response.status != 200:
            raise SystemExit(f"login failed: HTTP {response.status} {await response.text()}")
        token: str = (await response.json())["access_token"]
    return token


async def hammer(
    session: aiohttp.ClientSession, url: str, token: str, *, seconds: float, concurrency: int, label: str
) -> Run:
    run = Run(label)
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                async with session.get(url, headers=headers) as response:
                    await response.read()
                    status = response.status
            except (aiohttp.ClientError, TimeoutError) as exc:
                key = type(exc).__name__
                run.errors[key] = run.errors.get(key, 0) + 1
                continue
            if status == 200:
                run.latencies.append(time.perf_counter() - started)
            else:
                key = str(status)
                run.errors[key] = run.errors.get(key, 0) + 1

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - began
    return run


async def main(args: argparse.Namespace) -> int:
    gateway = args.gateway.rstrip("/")
    direct = args.direct.rstrip("/")
    connector = aiohttp.TCPConnector(limit=args.concurrency * 2, limit_per_host=0, keepalive_timeout=30)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        token = await login(session, gateway)
        results: list[Run] = []
        for label, base in (("gateway", gateway), ("direct", direct)):
            if args.warmup > 0:
                await hammer(
                    session, base + ME, token, seconds=args.warmup, concurrency=args.concurrency, label=label
                )
            run = await hammer(
                session, base + ME, token, seconds=args.seconds, concurrency=args.concurrency, label=label
            )
            print(run.summary(), flush=True)
            if "429" in run.errors:
                print(
                    "rate limited: start the platform with CONECTAR_RATE_LIMIT_ENABLED=false", file=sys.stderr
                )
            results.append(run)
    through, straight = results
    ratio = through.rps / straight.rps if straight.rps else float("nan")
    print(
        f"gateway rps={through.rps:.1f} p50_ms={through.percentile_ms(0.50):.2f} "
        f"p99_ms={through.percentile_ms(0.99):.2f} direct_rps={straight.rps:.1f} ratio={ratio:.3f}"
    )
    return 1 if through.errors or straight.errors else 0


def parse_args() -> argparse.Namespace:
    settings = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--gateway", default=f"http://127.0.0.1:{settings.port}", help="gateway base URL")
    parser.add_argument("--direct", default=settings.service_url("users"), help="users service base URL")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per target")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each run")
    parser.add_argument(
        "--start",
        action="store_true",
        help="start a throwaway distributed platform (auth, users, gateway) for the run instead of --gateway/--direct",
    )
    parser.add_argument(
        "--tracing",
        choices=("off", "all", "ratio"),
        default="off",
        help="with --start: exporter off, or OTLP to a local receiver sampling all traces or --ratio of them",
    )
    parser.add_argument("--ratio", type=float, default=0.1, help="sampling ratio for --tracing ratio")
    return parser.parse_args()


# An OTLP/HTTP trace receiver in a process of its own (so that decoding costs the benchmark nothing):
# POST /v1/traces counts the spans of each ExportTraceServiceRequest, GET /count answers the total.
RECEIVER = """
import sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
spans = [0]
lock = threading.Lock()
class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        request = ExportTraceServiceRequest.FromString(body)
        count = sum(len(s.spans) for r in request.resource_spans for s in r.scope_spans)
        with lock:
            spans[0] += count
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()
    def do_GET(self):
        data = str(spans[0]).encode()
        self.send_response(200)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
"""


def tracing_environment(args: argparse.Namespace, receiver_port: int | None) -> dict[str, str]:
    if args.tracing == "off":
        return {"OTEL_TRACES_EXPORTER": "none"}
    assert receiver_port is not None
    env = {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_EXPORTER_OTLP_ENDPOINT": f"http://127.0.0.1:{receiver_port}",
        "OTEL_TRACES_SAMPLER": "parentbased_always_on",
    }
    if args.tracing == "ratio":
        env["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio"
        env["OTEL_TRACES_SAMPLER_ARG"] = str(args.ratio)
    return env


def spans_received(port: int) -> int:
    import httpx

    deadline = time.monotonic() + 10
    last = -1
    while time.monotonic() < deadline:  # until the exporters' queues are drained
        count = int(httpx.get(f"http://127.0.0.1:{port}/count", timeout=5).text)
        if count == last:
            return count
        last = count
        time.sleep(1.5)
    return last


def run_with_own_stack(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from stack import bench_stack, free_port

    receiver: subprocess.Popen[bytes] | None = None
    port: int | None = None
    if args.tracing != "off":
        port = free_port()
        receiver = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)])
    # The stack's processes inherit this process's environment (bench/stack.py).
    os.environ.update(tracing_environment(args, port))
    try:
        with bench_stack(["auth", "users"], rate_limit_enabled="false") as stack:
            args.gateway = stack.gateway_url
            args.direct = stack.service_urls["users"][0]
            code = asyncio.run(main(args))
            if port is not None:
                print(
                    f"tracing={args.tracing} ratio={args.ratio if args.tracing == 'ratio' else 1.0} "
                    f"spans_received={spans_received(port)}"
                )
            else:
                print("tracing=off")
            return code
    finally:
        if receiver is not None:
            receiver.terminate()
            receiver.wait(10)


if __name__ == "__main__":
    arguments = parse_args()
    sys.exit(run_with_own_stack(arguments) if arguments.start else asyncio.run(main(arguments)))
