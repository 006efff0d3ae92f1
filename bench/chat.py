"""Benchmark: real-time chat through the gateway to one or two chat replicas (issues 5 and 14).

Starts a throwaway distributed platform (auth, users, ``--replicas`` chat replicas, gateway) on this machine's
PostgreSQL, RabbitMQ and Redis; registers ``--clients`` people (half clients, half professionals) paired into
conversations; connects every one of them over a WebSocket through the gateway; then, for ``--seconds``, sends
``--rate`` messages per second in total over those sockets (open loop: each message leaves at its scheduled
time whatever happened to the earlier ones), from a random participant of a random conversation, after an
unmeasured warm-up message in every conversation. It measures the time from sending to the other
participant's device receiving the message.

Every send carries a ``ref``: the server answers it with an ``ack`` (accepted: stored, it must be
delivered) or an ``error`` frame; an error with status 503 (the replica is saturated) or 429 counts as
*refused*, never as lost. A message that was not refused and that the other side has not received ten
seconds after the run is *lost*. p50/p99 are over the delivered messages.

CPU per message: the CPU time (user + system, from /proc) that the platform's processes (gateway, chat
replicas, auth, users) and the PostgreSQL backends of the run's databases spent during the measured window
(from the first send until every accepted message arrived), divided by the messages accepted. Redis and
RabbitMQ are shared servers (other work on the machine lands there too): shown apart, not in the total.

``--curve`` runs a ladder of rates on the same platform and connections and reports the highest rate whose
p99 is at most 250 ms with nothing lost and at most 0.5 % refused, then p99 at 50 % and 80 % of it. ``--profile DIR``
records py-spy samples (raw folded stacks) of the chat replicas and the gateway during the (first) measured
window. The last line is exactly::

    chat clients=<n> msgs_per_s=<r> p50_ms=<x> p99_ms=<y> lost=<k>

    python bench/chat.py [--clients 1000] [--rate 200] [--seconds 30] [--replicas 2] [--curve] [--profile DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu import CpuMeter, record_stacks, stack_database_urls
from stack import BenchStack, bench_stack

PASSWORD = "clave-de-benchmark-1"
REFUSED_STATUSES = (429, 503)
CURVE_P99_MS = 250.0
CURVE_MAX_REFUSED = 0.005
DRAIN_SECONDS = 10.0
IDLE_SECONDS = 10.0


@dataclass
class Person:
    email: str
    rol: str
    user_id: str = ""
    token: str = ""
    ws: aiohttp.ClientWebSocketResponse | None = None


@dataclass
class Phase:
    """One measured window at one rate."""

    name: str
    rate: float
    sent_at: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    timeline: list[tuple[float, float]] = field(default_factory=list)
    received: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    retry_after_ms: list[int] = field(default_factory=list)
    errors: int = 0
    closed: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    shared_cpu: dict[str, float] = field(default_factory=dict)
    client_cpu: float = 0.0
    window: float = 0.0
    idle_cpu_per_s: float = 0.0

    @property
    def sent(self) -> int:
        return len(self.sent_at)

    @property
    def lost(self) -> int:
        return len([key for key in self.sent_at if key not in self.refused and key not in self.received])

    @property
    def delivered_rate(self) -> float:
        return len(self.received) / self.elapsed if self.elapsed else 0.0

    @property
    def cpu_ms_per_msg(self) -> float:
        accepted = self.sent - len(self.refused)
        return sum(self.cpu.values()) * 1000 / accepted if accepted else float("nan")

    @property
    def marginal_cpu_ms_per_msg(self) -> float:
        """CPU per message beyond what the open sockets cost with no message."""
        accepted = self.sent - len(self.refused)
        extra = sum(self.cpu.values()) - self.idle_cpu_per_s * self.window
        return extra * 1000 / accepted if accepted else float("nan")

    def p(self, fraction: float) -> float:
        return percentile(self.latencies, fraction)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))] * 1000


# --- the platform's people and sockets ----------------------------------------------------------------------


async def _register(session: aiohttp.ClientSession, base: str, person: Person) -> None:
    async with session.post(
        f"{base}/api/v1/auth/register",
        json={
            "email": person.email,
            "password": PASSWORD,
            "nombre": "Bench",
            "apellido": person.rol.title(),
            "rol": person.rol,
        },
    ) as response:
        if response.status != 201:
            raise RuntimeError(f"register: {response.status} {await response.text()}")
        person.user_id = (await response.json())["id"]
    async with session.post(
        f"{base}/api/v1/auth/login", data={"username": person.email, "password": PASSWORD}
    ) as response:
        if response.status != 200:
            raise RuntimeError(f"login: {response.status} {await response.text()}")
        person.token = (await response.json())["access_token"]


async def _bounded(limit: int, coros: list[Coroutine[Any, Any, None]]) -> None:
    semaphore = asyncio.Semaphore(limit)

    async def run(coro: Coroutine[Any, Any, None]) -> None:
        async with semaphore:
            await coro

    await asyncio.gather(*(run(c) for c in coros))


class Bench:
    def __init__(self, stack: BenchStack, clients: int, profile: Path | None) -> None:
        self.stack = stack
        self.base = stack.gateway_url
        self.clients = clients
        self.profile = profile
        self.tag = uuid.uuid4().hex[:6]
        self.people = [
            Person(f"bench-{self.tag}-{i}@example.com", "CLIENTE" if i % 2 == 0 else "PROFESIONAL")
            for i in range(clients)
        ]
        self.pairs: list[tuple[Person, Person, str]] = []
        self.phase: Phase | None = None
        self.stopping = False
        self.listeners: list[asyncio.Task[None]] = []
        self.meter = CpuMeter(
            {name: process.pid for name, process in stack.stack.processes.items()},
            stack_database_urls(stack.env),
        )
        self.idle_cpu_per_s = 0.0

    async def setup(self, session: aiohttp.ClientSession, warmup_rate: float) -> None:
        base = self.base
        started = time.perf_counter()
        await _bounded(16, [_register(session, base, p) for p in self.people])
        print(f"registered {self.clients} people in {time.perf_counter() - started:.1f} s", flush=True)

        async def open_chat(cliente: Person, pro: Person) -> None:
            async with session.post(
                f"{base}/api/v1/chat/create",
                headers={"Authorization": f"Bearer {cliente.token}"},
                json={"cliente_id": cliente.user_id, "profesional_id": pro.user_id},
            ) as response:
                if response.status not in (200, 201):
                    raise RuntimeError(f"chat: {response.status} {await response.text()}")
                self.pairs.append((cliente, pro, (await response.json())["id"]))

        people = self.people
        await _bounded(16, [open_chat(people[i], people[i + 1]) for i in range(0, self.clients - 1, 2)])
        print(f"{len(self.pairs)} conversations", flush=True)
        ws_url = base.replace("http", "ws") + "/api/v1/chat/ws"

        async def connect(person: Person) -> None:
            person.ws = await session.ws_connect(ws_url, params={"token": person.token}, heartbeat=30)
            hello = json.loads((await person.ws.receive(timeout=30)).data)
            assert hello["type"] == "hello", hello

        started = time.perf_counter()
        await _bounded(50, [connect(p) for p in people])
        print(f"{self.clients} WebSockets connected in {time.perf_counter() - started:.1f} s", flush=True)
        self.listeners = [asyncio.create_task(self._listen(p)) for p in people]
        # Warm-up, not measured: one message in every conversation (first messages fill per-replica caches,
        # database pools and prepared statements).
        warmup = Phase("warmup", warmup_rate)
        self.phase = warmup
        for n, (cliente, _pro, chat_id) in enumerate(self.pairs):
            assert cliente.ws is not None
            text = f"hola {self.tag} {n}"
            warmup.sent_at[text] = time.perf_counter()
            await cliente.ws.send_str(
                json.dumps({"type": "send", "chat_id": chat_id, "text": text, "ref": text})
            )
            await asyncio.sleep(1.0 / warmup_rate)
        await self._drain(warmup)
        print(f"warm-up: {len(warmup.received)} of {warmup.sent} delivered, {len(warmup.refused)} refused")
        await asyncio.sleep(2)
        # What the open sockets cost with no message at all (pings, presence, session checks, gauges).
        before = await self.meter.snapshot()
        began = time.perf_counter()
        await asyncio.sleep(IDLE_SECONDS)
        idle = CpuMeter.spent(before, await self.meter.snapshot())
        for name in ("client", "redis", "rabbitmq"):
            idle.pop(name)
        self.idle_cpu_per_s = sum(idle.values()) / (time.perf_counter() - began)
        parts = " ".join(f"{name}={seconds:.2f}" for name, seconds in sorted(idle.items()))
        print(f"idle: {self.idle_cpu_per_s:.3f} CPU s/s with every socket open and no messages ({parts})")

    async def _listen(self, person: Person) -> None:
        assert person.ws is not None
        async for message in person.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            phase = self.phase
            if phase is None:
                continue
            kind = frame.get("type")
            if kind == "feed" and frame.get("kind") == "message":
                data = frame["data"]
                if data.get("sender_id") != person.user_id:
                    key = data["text"]
                    sent = phase.sent_at.get(key)
                    if sent is not None and key not in phase.received:
                        now = time.perf_counter()
                        phase.received.add(key)
                        phase.latencies.append(now - sent)
                        phase.timeline.append((sent, now - sent))
            elif kind == "ack":
                phase.accepted.add(str(frame.get("ref")))
            elif kind == "error":
                if frame.get("status") in REFUSED_STATUSES:
                    phase.refused.add(str(frame.get("ref")))
                    if isinstance(frame.get("retry_after_ms"), int):
                        phase.retry_after_ms.append(frame["retry_after_ms"])
                else:
                    phase.errors += 1
        if not self.stopping and self.phase is not None:
            reason = f"{person.ws.close_code}:{person.ws.exception()!r}"
            self.phase.closed[reason] = self.phase.closed.get(reason, 0) + 1

    async def _drain(self, phase: Phase) -> None:
        """Wait until every message that was not refused has arrived (at most DRAIN_SECONDS)."""
        deadline = time.perf_counter() + DRAIN_SECONDS
        while time.perf_counter() < deadline:
            if len(phase.received) + len(phase.refused) >= phase.sent:
                return
            await asyncio.sleep(0.05)

    async def measure(self, rate: float, seconds: float, name: str) -> Phase:
        phase = Phase(name, rate)
        self.phase = phase
        interval = 1.0 / rate
        total = int(rate * seconds)
        spies = self._start_profiler(seconds) if self.profile and name == "run-1" else []
        before = await self.meter.snapshot()
        begin = time.perf_counter()
        for n in range(total):
            delay = begin + n * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            cliente, pro, chat_id = random.choice(self.pairs)
            sender = cliente if n % 2 == 0 else pro
            key = f"mensaje de prueba {self.tag} {name} numero {n}"
            phase.sent_at[key] = time.perf_counter()
            assert sender.ws is not None
            try:
                await sender.ws.send_str(
                    json.dumps({"type": "send", "chat_id": chat_id, "text": key, "ref": key})
                )
            except (aiohttp.ClientError, ConnectionError):
                phase.errors += 1
        phase.elapsed = time.perf_counter() - begin
        await self._drain(phase)
        after = await self.meter.snapshot()
        phase.window = time.perf_counter() - begin
        phase.idle_cpu_per_s = self.idle_cpu_per_s
        spent = CpuMeter.spent(before, after)
        phase.client_cpu = spent.pop("client")
        phase.shared_cpu = {k: spent.pop(k) for k in ("redis", "rabbitmq")}
        phase.cpu = spent
        for spy in spies:
            spy.wait(timeout=seconds + 30)
        self.report(phase)
        await asyncio.sleep(2)  # let the relay and the fan-out settle before the next phase
        return phase

    def _start_profiler(self, seconds: float) -> list[subprocess.Popen[bytes]]:
        assert self.profile is not None
        targets = {
            name: pid for name, pid in self.meter.processes.items() if name.startswith(("chat", "gateway"))
        }
        return [
            record_stacks(pid, self.profile / f"{name.replace('#', '')}.txt", seconds)
            for name, pid in targets.items()
        ]

    @staticmethod
    def report(phase: Phase) -> None:
        print(
            f"[{phase.name}] rate={phase.rate:.0f} sent={phase.sent} accepted={len(phase.accepted)} "
            f"refused={len(phase.refused)} received={len(phase.received)} lost={phase.lost} "
            f"errors={phase.errors} elapsed_s={phase.elapsed:.1f}",
            flush=True,
        )
        if phase.closed:
            print(f"  sockets closed during the run: {phase.closed}")
        if phase.retry_after_ms:
            print(
                f"  retry_after_ms min={min(phase.retry_after_ms)} max={max(phase.retry_after_ms)} "
                f"refused_share={len(phase.refused) / max(1, phase.sent):.1%}"
            )
        print(
            f"  p50_ms={phase.p(0.5):.1f} p90_ms={phase.p(0.9):.1f} p95_ms={phase.p(0.95):.1f} "
            f"p99_ms={phase.p(0.99):.1f} max_ms={max(phase.latencies, default=0) * 1000:.1f} "
            f"delivered_per_s={phase.delivered_rate:.1f}"
        )
        if phase.timeline:
            first = min(t for t, _ in phase.timeline)
            buckets: dict[int, list[float]] = {}
            for sent, latency in phase.timeline:
                buckets.setdefault(int((sent - first) // 5), []).append(latency)
            print(
                "  per 5 s: "
                + " ".join(f"[{k * 5}s p99={percentile(v, 0.99):.0f}]" for k, v in sorted(buckets.items()))
            )
        parts = " ".join(f"{name}={seconds:.2f}" for name, seconds in sorted(phase.cpu.items()))
        shared = " ".join(f"{name}={seconds:.2f}" for name, seconds in sorted(phase.shared_cpu.items()))
        print(
            f"  cpu_ms_per_msg={phase.cpu_ms_per_msg:.2f} marginal_cpu_ms_per_msg={phase.marginal_cpu_ms_per_msg:.2f} "
            f"window_s={phase.window:.1f} (cpu_s: {parts}; shared, not counted: {shared}; "
            f"bench client {phase.client_cpu:.2f})",
            flush=True,
        )

    async def close(self) -> None:
        self.stopping = True
        for task in self.listeners:
            task.cancel()
        await asyncio.gather(*(p.ws.close() for p in self.people if p.ws is not None), return_exceptions=True)
        await self.meter.close()


def passes(phase: Phase) -> bool:
    """The rate is sustained: p99 within the bound, at most 0.5 % refused (a short stall), nothing lost, the
    messages all delivered."""
    return (
        phase.p(0.99) <= CURVE_P99_MS
        and len(phase.refused) <= CURVE_MAX_REFUSED * phase.sent
        and phase.lost == 0
        and phase.delivered_rate >= 0.95 * phase.rate
    )


def last_line(clients: int, phase: Phase) -> str:
    return (
        f"chat clients={clients} msgs_per_s={phase.delivered_rate:.1f} p50_ms={phase.p(0.5):.1f} "
        f"p99_ms={phase.p(0.99):.1f} lost={phase.lost}"
    )


async def curve(bench: Bench, start: float, seconds: float, replicas: int) -> Phase:
    """From ``start``, raise the rate by a quarter while it passes (or lower it by a fifth until one passes),
    bisect once between the best passing and the first failing rate, then measure 50 % and 80 % of the best."""
    results: list[Phase] = []
    best: Phase | None = None
    failed: float | None = None
    rate = start
    while rate >= 10:
        phase = await bench.measure(rate, seconds, f"curve-{rate:.0f}")
        results.append(phase)
        if passes(phase):
            best = phase
            if failed is not None:
                break
            rate *= 1.25
        else:
            failed = rate if failed is None else min(failed, rate)
            if best is not None:
                break
            rate *= 0.8
    if best is None or failed is None:
        print("the curve found no passing rate or no failing one")
        return results[-1]
    middle = (best.rate + failed) / 2
    phase = await bench.measure(middle, seconds, f"curve-{middle:.0f}")
    results.append(phase)
    if passes(phase):
        best = phase
    top = best.rate
    half = await bench.measure(top * 0.5, seconds, "at-50pct")
    most = await bench.measure(top * 0.8, seconds, "at-80pct")
    print("curve (rate → p50/p99 ms, refused, lost, CPU ms per message):")
    for phase in sorted(results, key=lambda p: p.rate):
        print(
            f"  replicas={replicas} rate={phase.rate:.0f} p50_ms={phase.p(0.5):.1f} "
            f"p99_ms={phase.p(0.99):.1f} refused={len(phase.refused)} lost={phase.lost} "
            f"cpu_ms_per_msg={phase.cpu_ms_per_msg:.2f} marginal={phase.marginal_cpu_ms_per_msg:.2f} "
            f"{'ok' if passes(phase) else 'FAIL'}"
        )
    print(
        f"chat-curve replicas={replicas} max_msgs_per_s={top:.0f} "
        f"p99_ms_at_50pct={half.p(0.99):.1f} p99_ms_at_80pct={most.p(0.99):.1f} "
        f"cpu_ms_per_msg_at_max={best.cpu_ms_per_msg:.2f}"
    )
    return best


async def run(stack: BenchStack, args: argparse.Namespace) -> str:
    connector = aiohttp.TCPConnector(limit=0)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        bench = Bench(stack, args.clients, args.profile)
        await bench.setup(session, warmup_rate=min(args.rate, 100.0))
        try:
            if args.curve:
                shown = await curve(bench, args.rate, args.seconds, args.replicas)
            else:
                shown = await bench.measure(args.rate, args.seconds, "run-1")
        finally:
            await bench.close()
    return last_line(args.clients, shown)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument(
        "--rate", type=float, default=200.0, help="messages per second (curve: the first rate)"
    )
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each measured window")
    parser.add_argument("--replicas", type=int, default=2, choices=(1, 2), help="chat replicas")
    parser.add_argument("--curve", action="store_true", help="find the highest rate with p99 ≤ 250 ms")
    parser.add_argument("--profile", type=Path, default=None, help="py-spy raw stacks into this folder")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a CONECTAR_ setting (without the prefix)",
    )
    args = parser.parse_args()
    settings = {
        "rate_limit_enabled": "false",
        "chat_messages_per_minute": "100000",
        **dict(item.split("=", 1) for item in args.set),
    }
    with bench_stack(["auth", "users", "chat"], replicas={"chat": args.replicas}, **settings) as stack:
        print(f"platform at {stack.gateway_url}; chat replicas {stack.service_urls['chat']}", flush=True)
        line = asyncio.run(run(stack, args))
        problems = [
            f"{name}: {entry}"
            for name, lines in stack.stack.log_lines.items()
            for entry in lines
            if '"level": "error"' in entry or '"level": "warning"' in entry or "Traceback" in entry
        ]
        if problems:
            print(f"{len(problems)} warnings or errors in the services' logs; the first ones:")
            for entry in problems[:15]:
                print("  " + entry[:400])
    print(line)


if __name__ == "__main__":
    main()
