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

Open loop (issue 14): ``--rate R`` also sends ``GET /users/me`` through the gateway at a fixed R requests per
second for ``--seconds`` (each request's time counts from when it was due, so a stalled server cannot hide its
queue by slowing the sender down); ``--curve`` first measures the closed-loop maximum through the gateway
and then runs the open loop at 50 %, 80 % and 150 % of it. Each open-loop run prints one line::

    open target_rps=<t> achieved_rps=<a> p50_ms=<x> p99_ms=<y> refused=<n> errors=<k>

where refused counts the early 429/503 answers of an overloaded platform.

Load generator: ``--client aiohttp`` (default, this process) or ``--client wrk`` (Debian's wrk, written in C:
aiohttp costs ~0.3–0.5 ms of CPU per request on the same two cores as the platform, wrk ~0.04 ms, so it
measures the platform rather than the client). ``--replicas N`` (with ``--start``) runs N users processes:
the gateway balances over them and the direct run spreads wrk's connections over all of them (one wrk
thread each). With ``--start`` every run also
prints the CPU time each process (and PostgreSQL's backends for the run's databases) spent per request, and
``--profile DIR`` samples the gateway and the users service with py-spy during the closed-loop runs
(collapsed stacks in DIR, summarised by function on stdout).
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
import uvloop

from conectar.platform.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
import openloop
import wrk
from cpu import CpuMeter, record_stacks, stack_database_urls

ME = "/api/v1/users/me"


@dataclass
class Run:
    label: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    target_rps: float = 0.0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    @property
    def answered(self) -> int:
        return len(self.latencies) + self.refused

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
        if self.refused:
            line += f" refused={self.refused}"
        if self.errors:
            line += " errors=" + ",".join(f"{k}:{v}" for k, v in sorted(self.errors.items()))
        return line

    def open_summary(self) -> str:
        return (
            f"open target_rps={self.target_rps:.0f} achieved_rps={self.rps:.1f} "
            f"p50_ms={self.percentile_ms(0.50):.2f} p99_ms={self.percentile_ms(0.99):.2f} "
            f"refused={self.refused} errors={sum(self.errors.values())}"
        )


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


REFUSALS = {429, 503}


def record(run: Run, status: int, latency: float) -> None:
    if status == 200:
        run.latencies.append(latency)
    elif status in REFUSALS:
        run.refused += 1
    else:
        run.errors[str(status)] = run.errors.get(str(status), 0) + 1


async def timed_get(
    session: aiohttp.ClientSession, url: str, headers: dict[str, str], run: Run, *, since: float
) -> None:
    """One GET, recorded in ``run`` with its time counted from ``since``."""
    try:
        async with session.get(url, headers=headers) as response:
            await response.read()
            status = response.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        key = type(exc).__name__
        run.errors[key] = run.errors.get(key, 0) + 1
        return
    record(run, status, time.perf_counter() - since)


async def hammer(
    session: aiohttp.ClientSession, url: str, token: str, *, seconds: float, concurrency: int, label: str
) -> Run:
    run = Run(label)
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        while time.perf_counter() < deadline:
            await timed_get(session, url, headers, run, since=time.perf_counter())

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    run.seconds = time.perf_counter() - began
    return run


async def open_loop(url: str, token: str, *, rate: float, seconds: float) -> Run:
    """Requests at a fixed rate whatever the answers do; a request's time counts from when it was due
    (bench/openloop.py: a client that costs the platform's cores little)."""
    run = Run("open")
    run.target_rps = rate

    def record_answer(status: int, latency: float) -> None:
        if status == 0:
            run.errors["connection"] = run.errors.get("connection", 0) + 1
        else:
            record(run, status, latency)

    run.seconds = await openloop.run(
        url, {"Authorization": f"Bearer {token}"}, rate=rate, seconds=seconds, record=record_answer
    )
    return run


def per_request_ms(spent: dict[str, float], requests: int) -> dict[str, float]:
    """Platform processes and the run's PostgreSQL backends (not the client, nor the shared servers)."""
    return {
        name: seconds * 1000 / max(1, requests)
        for name, seconds in spent.items()
        if name not in ("client", "redis", "rabbitmq")
    }


def cpu_line(per_request: dict[str, float]) -> str:
    parts = " ".join(f"{name}={ms:.3f}" for name, ms in per_request.items())
    return f"cpu_ms_per_request {parts} total={sum(per_request.values()):.3f}"


class Profiler:
    """py-spy sampling of some processes for a while; summarised by own time per function."""

    def __init__(self, directory: Path, processes: dict[str, int]) -> None:
        self.directory = directory
        self.processes = processes
        self._children: list[subprocess.Popen[bytes]] = []

    def start(self, label: str, seconds: float) -> None:
        self._children = [
            record_stacks(pid, self.directory / f"{label}-{name}.txt", seconds, rate=250)
            for name, pid in self.processes.items()
        ]

    def stop(self, label: str) -> None:
        for child in self._children:
            child.wait(60)
        self._children.clear()
        for name in self.processes:
            out = self.directory / f"{label}-{name}.txt"
            if out.exists():
                print(f"profile {label} {name} (top functions by own samples, then by inclusive):")
                print(summarise(out.read_text()))


def summarise(collapsed: str, top: int = 25) -> str:
    own: dict[str, int] = {}
    inclusive: dict[str, int] = {}
    total = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():  # a line py-spy cut short
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        own[frames[-1]] = own.get(frames[-1], 0) + count
        for frame in set(frames):
            inclusive[frame] = inclusive.get(frame, 0) + count
    lines = [
        f"  own {100 * n / total:5.1f}%  {frame}"
        for frame, n in sorted(own.items(), key=lambda kv: -kv[1])[:top]
    ]
    lines += [
        f"  inc {100 * n / total:5.1f}%  {frame}"
        for frame, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[: top * 2]
    ]
    return "\n".join(lines)


async def main(
    args: argparse.Namespace, meter: CpuMeter | None = None, profiler: Profiler | None = None
) -> int:
    gateway = args.gateway.rstrip("/")
    direct = args.direct.rstrip("/")
    connector = aiohttp.TCPConnector(limit=args.concurrency * 2, limit_per_host=0, keepalive_timeout=30)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        token = await login(session, gateway)
        results: list[Run | wrk.WrkRun] = []
        targets = {"gateway": [gateway], "direct": [url.rstrip("/") for url in direct.split(",")]}
        for label, bases in targets.items():
            base = bases[0]
            if args.warmup > 0:
                await hammer(
                    session, base + ME, token, seconds=args.warmup, concurrency=args.concurrency, label=label
                )
            before = await meter.snapshot() if meter is not None else {}
            if profiler is not None:
                profiler.start(label, args.seconds)
            run: Run | wrk.WrkRun
            if args.client == "wrk":
                run = await asyncio.to_thread(
                    wrk.run,
                    label,
                    [b + ME for b in bases],
                    token,
                    seconds=args.seconds,
                    concurrency=args.concurrency,
                )
            else:
                run = await hammer(
                    session, base + ME, token, seconds=args.seconds, concurrency=args.concurrency, label=label
                )
            print(run.summary(), flush=True)
            if meter is not None:
                spent = CpuMeter.spent(before, await meter.snapshot())
                print(cpu_line(per_request_ms(spent, run.answered)), flush=True)
            if profiler is not None:
                profiler.stop(label)
            if "429" in run.errors:
                print(
                    "rate limited: start the platform with CONECTAR_RATE_LIMIT_ENABLED=false", file=sys.stderr
                )
            results.append(run)
        through, straight = results
        rates = [args.rate] if args.rate else []
        if args.curve:
            rates += [round(through.rps * share) for share in (0.5, 0.8, 1.5)]
        failed = bool(through.errors or straight.errors)
        for rate in rates:
            await asyncio.sleep(2)
            before = await meter.snapshot() if meter is not None else {}
            opened = await open_loop(gateway + ME, token, rate=rate, seconds=args.seconds)
            print(opened.open_summary(), flush=True)
            if meter is not None:
                spent = CpuMeter.spent(before, await meter.snapshot())
                client_ms = spent.get("client", 0.0) * 1000 / max(1, opened.answered)
                print(
                    cpu_line(per_request_ms(spent, opened.answered)) + f" (client {client_ms:.3f})",
                    flush=True,
                )
            failed = failed or bool(opened.errors)
    if meter is not None:
        await meter.close()
    ratio = through.rps / straight.rps if straight.rps else float("nan")
    print(
        f"gateway rps={through.rps:.1f} p50_ms={through.percentile_ms(0.50):.2f} "
        f"p99_ms={through.percentile_ms(0.99):.2f} direct_rps={straight.rps:.1f} ratio={ratio:.3f}"
    )
    return 1 if failed else 0


def parse_args() -> argparse.Namespace:
    settings = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--gateway", default=f"http://127.0.0.1:{settings.port}", help="gateway base URL")
    parser.add_argument("--direct", default=settings.service_url("users"), help="users service base URL")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per target")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds before each run")
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="with --start: users service processes (the gateway balances; direct load spreads over them with wrk)",
    )
    parser.add_argument(
        "--client",
        choices=("aiohttp", "wrk"),
        default="aiohttp",
        help="closed-loop load generator: aiohttp in this process, or wrk (C; leaves the cores to the platform)",
    )
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
    parser.add_argument(
        "--rate", type=float, default=0.0, help="also run the open loop at this many requests/s"
    )
    parser.add_argument("--curve", action="store_true", help="open loop at 50, 80 and 150 %% of the maximum")
    parser.add_argument("--profile", type=Path, default=None, help="with --start: py-spy profiles into DIR")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="with --start: a CONECTAR_ setting for the started services (name without the prefix)",
    )
    args = parser.parse_args()
    if (len(args.direct.split(",")) > 1 and args.client != "wrk") or (
        args.replicas > 1 and args.client != "wrk"
    ):
        parser.error("several users replicas are loaded directly with --client wrk")
    if args.client == "wrk" and not wrk.available():
        parser.error("wrk is not installed (Debian: apt-get install wrk)")
    return args


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
    from stack import bench_stack, free_port

    receiver: subprocess.Popen[bytes] | None = None
    port: int | None = None
    if args.tracing != "off":
        port = free_port()
        receiver = subprocess.Popen([sys.executable, "-c", RECEIVER, str(port)])
    # The stack's processes inherit this process's environment (bench/stack.py).
    os.environ.update(tracing_environment(args, port))
    try:
        overrides = dict(item.split("=", 1) for item in args.set)
        settings = {"rate_limit_enabled": "false", **overrides}
        with bench_stack(["auth", "users"], replicas={"users": args.replicas}, **settings) as stack:
            args.gateway = stack.gateway_url
            args.direct = ",".join(stack.service_urls["users"])
            pids = {name: process.pid for name, process in stack.stack.processes.items()}
            meter = CpuMeter(pids, stack_database_urls(stack.env))
            profiler = Profiler(args.profile, pids) if args.profile else None
            code = uvloop.run(main(args, meter, profiler))
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
    sys.exit(run_with_own_stack(arguments) if arguments.start else uvloop.run(main(arguments)))
