"""Benchmark: real-time chat through the gateway to two chat replicas (issue 5).

Starts a throwaway distributed platform (auth, users, two chat replicas, gateway) on this machine's
PostgreSQL, RabbitMQ and Redis; registers ``--clients`` people (half clients, half professionals) paired into
conversations; connects every one of them over a WebSocket through the gateway; then, for ``--seconds``, sends
``--rate`` messages per second in total over those sockets (after an unmeasured warm-up message in every
conversation) (a random participant of a random conversation),
and measures the time from sending to the other participant's device receiving it. A message the other
side has not received ten seconds after the run is lost. The last line is exactly::

    chat clients=<n> msgs_per_s=<r> p50_ms=<x> p99_ms=<y> lost=<k>

    python bench/chat.py [--clients 1000] [--rate 200] [--seconds 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import bench_stack

PASSWORD = "clave-de-benchmark-1"


@dataclass
class Person:
    email: str
    rol: str
    user_id: str = ""
    token: str = ""
    ws: aiohttp.ClientWebSocketResponse | None = None


@dataclass
class Results:
    sent_at: dict[str, float] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    timeline: list[tuple[float, float]] = field(default_factory=list)
    received: set[str] = field(default_factory=set)
    send_errors: int = 0
    closed: dict[str, int] = field(default_factory=dict)


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


async def _bounded(limit: int, coros: list) -> list:  # type: ignore[type-arg]
    semaphore = asyncio.Semaphore(limit)

    async def run(coro):  # type: ignore[no-untyped-def]
        async with semaphore:
            return await coro

    return await asyncio.gather(*(run(c) for c in coros))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))] * 1000


async def run(base: str, clients: int, rate: float, seconds: float) -> str:
    tag = uuid.uuid4().hex[:6]
    people = [
        Person(f"bench-{tag}-{i}@example.com", "CLIENTE" if i % 2 == 0 else "PROFESIONAL")
        for i in range(clients)
    ]
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as session:
        started = time.perf_counter()
        await _bounded(16, [_register(session, base, p) for p in people])
        print(f"registered {clients} people in {time.perf_counter() - started:.1f} s", flush=True)

        pairs: list[tuple[Person, Person, str]] = []

        async def open_chat(cliente: Person, pro: Person) -> None:
            async with session.post(
                f"{base}/api/v1/chat/create",
                headers={"Authorization": f"Bearer {cliente.token}"},
                json={"cliente_id": cliente.user_id, "profesional_id": pro.user_id},
            ) as response:
                if response.status not in (200, 201):
                    raise RuntimeError(f"chat: {response.status} {await response.text()}")
                pairs.append((cliente, pro, (await response.json())["id"]))

        await _bounded(16, [open_chat(people[i], people[i + 1]) for i in range(0, clients - 1, 2)])
        print(f"{len(pairs)} conversations", flush=True)

        results = Results()
        ws_url = base.replace("http", "ws") + "/api/v1/chat/ws"

        async def listen(person: Person) -> None:
            assert person.ws is not None
            async for message in person.ws:
                if message.type != aiohttp.WSMsgType.TEXT:
                    break
                frame = json.loads(message.data)
                if frame.get("type") == "feed" and frame.get("kind") == "message":
                    data = frame["data"]
                    if data.get("sender_id") != person.user_id:
                        key = data["text"]
                        sent = results.sent_at.get(key)
                        if sent is not None and key not in results.received:
                            results.received.add(key)
                            results.latencies.append(time.perf_counter() - sent)
                            results.timeline.append((sent, time.perf_counter() - sent))
                elif frame.get("type") == "error":
                    results.send_errors += 1
            if not stopping:
                reason = f"{person.ws.close_code}:{person.ws.exception()!r}"
                results.closed[reason] = results.closed.get(reason, 0) + 1

        async def connect(person: Person) -> None:
            person.ws = await session.ws_connect(ws_url, params={"token": person.token}, heartbeat=30)
            hello = json.loads((await person.ws.receive(timeout=30)).data)
            assert hello["type"] == "hello", hello

        started = time.perf_counter()
        await _bounded(50, [connect(p) for p in people])
        print(f"{clients} WebSockets connected in {time.perf_counter() - started:.1f} s", flush=True)
        listeners = [asyncio.create_task(listen(p)) for p in people]

        stopping = False
        # Warm-up, not measured: one message in every conversation (first messages fill per-replica caches,
        # database pools and prepared statements), at half the measured rate.
        for n, (cliente, _pro, chat_id) in enumerate(pairs):
            assert cliente.ws is not None
            await cliente.ws.send_str(
                json.dumps({"type": "send", "chat_id": chat_id, "text": f"hola {tag} {n}"})
            )
            await asyncio.sleep(2.0 / rate)
        await asyncio.sleep(3)
        interval = 1.0 / rate
        total = int(rate * seconds)
        begin = time.perf_counter()
        for n in range(total):
            target = begin + n * interval
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            cliente, pro, chat_id = random.choice(pairs)
            sender = cliente if n % 2 == 0 else pro
            key = f"mensaje de prueba {tag} numero {n}"
            results.sent_at[key] = time.perf_counter()
            assert sender.ws is not None
            try:
                await sender.ws.send_str(json.dumps({"type": "send", "chat_id": chat_id, "text": key}))
            except (aiohttp.ClientError, ConnectionError):
                results.send_errors += 1
        elapsed = time.perf_counter() - begin
        deadline = time.perf_counter() + 10
        while len(results.received) < total and time.perf_counter() < deadline:
            await asyncio.sleep(0.1)
        stopping = True
        for task in listeners:
            task.cancel()
        await asyncio.gather(*(p.ws.close() for p in people if p.ws is not None), return_exceptions=True)

    lost = total - len(results.received)
    achieved = len(results.received) / elapsed
    print(
        f"sent={total} received={len(results.received)} send_errors={results.send_errors} elapsed_s={elapsed:.1f}"
    )
    if results.closed:
        print(f"sockets closed during the run: {results.closed}")
    print(
        f"p90_ms={percentile(results.latencies, 0.9):.1f} p95_ms={percentile(results.latencies, 0.95):.1f} "
        f"max_ms={max(results.latencies, default=0) * 1000:.1f}"
    )
    if results.timeline:
        first = min(t for t, _ in results.timeline)
        buckets: dict[int, list[float]] = {}
        for sent, latency in results.timeline:
            buckets.setdefault(int((sent - first) // 5), []).append(latency)
        print(
            "per 5 s: "
            + " ".join(f"[{k * 5}s p99={percentile(v, 0.99):.0f}]" for k, v in sorted(buckets.items()))
        )
    return (
        f"chat clients={clients} msgs_per_s={achieved:.1f} p50_ms={percentile(results.latencies, 0.5):.1f} "
        f"p99_ms={percentile(results.latencies, 0.99):.1f} lost={lost}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    settings = {
        "rate_limit_enabled": "false",
        "chat_messages_per_minute": "100000",
    }
    with bench_stack(["auth", "users", "chat"], replicas={"chat": 2}, **settings) as stack:
        print(f"platform at {stack.gateway_url}; chat replicas {stack.service_urls['chat']}", flush=True)
        line = asyncio.run(run(stack.gateway_url, args.clients, args.rate, args.seconds))
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
