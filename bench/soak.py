"""Soak: the marketplace mix at a steady rate for a long time, through the gateway (issue 11 §5).

Starts the platform distributed (``bench/stack.py``: auth, users, professionals, chat, payments,
notifications and the gateway, each as its own process on fresh PostgreSQL databases, a fresh RabbitMQ
namespace and Redis), or uses a running one (``--url``); prepares clients and approved professionals
(KYC uploaded and approved by an admin made with ``conectar create-admin``, location, oficios, payout
account) and one conversation per client; then runs the mix with Locust for ``--warmup`` plus
``--duration``:

- clients (``--users``, ``--rate`` actions per second in total): search, public profiles, chat messages
  sent over their WebSocket, the notifications inbox and unread count, and the whole job flow — the
  professional's offer, accept, payment on the sandbox checkout link, PAGADO_EN_ESCROW, mark done,
  finalize, LIBERADO (polled: an in-flight state such as LIBERANDO is fine until ``--release-timeout``);
- professionals (``--pros``): keep a WebSocket open (receiving the clients' messages, renewing the token
  on it before it expires, marking conversations read), list their trabajos and notifications.

It reports errors and p50/p99 per operation (Locust's statistics, plus the WebSocket round trip: from the
client's send to the professional's socket receiving the message), and the resident memory of every
service process at start, after the warm-up and at the end. Exit status 1 if any request or flow failed,
a message was lost, a service logged an error or died, an event was dead-lettered, or any service grew by
``--max-growth`` percent (10) or more after the warm-up.

    python bench/soak.py --duration 30m [--warmup 5m] [--users 40] [--pros 10] [--rate 8]
    python bench/soak.py --url http://127.0.0.1:8000 ...   # a running `conectar up` (rate limits off)

Locust monkey-patches its process with gevent (sockets, threads, ``select``), which asyncio code must not
share; so this script runs in two processes: this one (asyncio: the platform's processes, the databases,
the preparation with httpx, the report) and a child running only Locust (``--load-generator``, started
by this one), whose WebSockets are websocket-client's (plain sockets, cooperative under gevent).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PASSWORD = "clave-de-soak-12345"
OFICIOS = ("Plomería", "Electricidad", "Gas")
CENTER = (-34.6037, -58.3816)  # Buenos Aires, Plaza de Mayo
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
# Chat messages carry their key in consonants only: digits and number words would trip the moderation.
KEY_LETTERS = "bcdfghjklmnpqrst"
SETTINGS = {
    # One load generator is one address: the per-address limits (anonymous requests, auth, the sandbox's
    # webhooks) would throttle it. The limiter stays on, per-user limits as configured, so the soak also
    # exercises it.
    "rate_limit_anonymous_per_minute": "1000000",
    "rate_limit_auth_per_minute": "1000000",
    "rate_limit_callbacks_per_minute": "1000000",
}
SERVICES = ("auth", "users", "professionals", "chat", "payments", "notifications")
FAILED_ESCROW = {"CANCELADO", "CANCELADO_REEMBOLSADO", "EN_DISPUTA"}
# The load generator drops a pooled connection idle this long, below uvicorn's 5 s keep-alive (the
# gateway's upstream pool and nginx do the same): else a POST may be sent on a connection the server is
# closing at that moment, which no client may retry (RFC 9110 §9.2.2).
CLIENT_KEEPALIVE_SECONDS = 4.0


def parse_duration(text: str) -> float:
    """``90``, ``90s``, ``30m``, ``1h``, ``1h30m`` → seconds."""
    text = text.strip().lower()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return float(text)
    parts = re.findall(r"(\d+(?:\.\d+)?)([hms])", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (e.g. 90s, 30m, 1h30m)")
    return sum(float(n) * {"h": 3600, "m": 60, "s": 1}[u] for n, u in parts)


def cbu(bank: str = "0170099", account: str = "0000012345678") -> str:
    """A CBU with valid check digits (bank block 7+1, account block 13+1)."""

    def digit(body: str, weights: tuple[int, ...]) -> str:
        total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
        return str((10 - total % 10) % 10)

    first = bank + digit(bank, (7, 1, 3, 9, 7, 1, 3))
    second = account + digit(account, (3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3))
    return first + second


def rss_bytes(pid: int) -> int | None:
    import psutil  # a dependency of locust

    try:
        return int(psutil.Process(pid).memory_info().rss)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


# --- this process: the platform, the preparation, the report (asyncio; never imports locust) ------------


async def _prepare(base: str, admin_email: str, admin_password: str, args: argparse.Namespace) -> dict:
    import asyncio

    import httpx

    limit = asyncio.Semaphore(args.prepare_concurrency)
    tag = uuid.uuid4().hex[:8]

    async with httpx.AsyncClient(base_url=base, timeout=60) as api:

        async def expect(response: httpx.Response, *codes: int) -> Any:
            if response.status_code not in codes:
                raise RuntimeError(
                    f"{response.request.method} {response.request.url.path}: "
                    f"HTTP {response.status_code} {response.text[:300]}"
                )
            return response.json() if response.content else None

        async def login(email: str, password: str) -> dict[str, Any]:
            tokens = await expect(
                await api.post("/api/v1/auth/login", data={"username": email, "password": password}), 200
            )
            return {
                "access_token": tokens["access_token"],
                "refresh_token": tokens["refresh_token"],
                "expires_in": tokens["expires_in"],
                "obtained_at": time.time(),
            }

        async def register(rol: str, n: int) -> dict[str, Any]:
            email = f"soak-{tag}-{rol.lower()}-{n}@example.com"
            user = await expect(
                await api.post(
                    "/api/v1/auth/register",
                    json={
                        "email": email,
                        "password": PASSWORD,
                        "nombre": "Soak",
                        "apellido": f"{rol.title()} {n}",
                        "rol": rol,
                    },
                ),
                201,
            )
            return {"id": user["id"], "email": email, "rol": rol, **(await login(email, PASSWORD))}

        def auth(account: dict[str, Any]) -> dict[str, str]:
            return {"Authorization": f"Bearer {account['access_token']}"}

        admin = await login(admin_email, admin_password)

        known = {
            o["nombre"].lower(): o["id"] for o in await expect(await api.get("/api/v1/public/oficios"), 200)
        }
        for nombre in OFICIOS:
            if nombre.lower() not in known:
                await expect(
                    await api.post(
                        "/api/v1/admin/oficios",
                        headers=auth(admin),
                        json={"nombre": nombre, "descripcion": f"{nombre} (soak)"},
                    ),
                    201,
                    400,  # made meanwhile by someone else
                )
        known = {
            o["nombre"].lower(): o["id"] for o in await expect(await api.get("/api/v1/public/oficios"), 200)
        }
        oficio_ids = [known[nombre.lower()] for nombre in OFICIOS]

        async def professional(n: int) -> dict[str, Any]:
            async with limit:
                pro = await register("PROFESIONAL", n)
                me = await expect(await api.get("/api/v1/professional/me", headers=auth(pro)), 200)
                pro["profile_id"] = me["id"]
                await expect(
                    await api.post(
                        "/api/v1/professional/kyc/upload",
                        headers=auth(pro),
                        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
                    ),
                    200,
                )
                await expect(
                    await api.post(f"/api/v1/admin/kyc/approve/{pro['profile_id']}", headers=auth(admin)), 200
                )
                await expect(
                    await api.put(
                        "/api/v1/professional/payout-info", headers=auth(pro), json={"payout_account": cbu()}
                    ),
                    200,
                )
                rng = random.Random(n)
                await expect(
                    await api.put(
                        "/api/v1/professional/profile/location",
                        headers=auth(pro),
                        json={
                            "latitude": CENTER[0] + rng.uniform(-0.05, 0.05),
                            "longitude": CENTER[1] + rng.uniform(-0.05, 0.05),
                        },
                    ),
                    200,
                )
                held = [oficio_ids[n % len(oficio_ids)], *rng.sample(oficio_ids, rng.randint(0, 2))]
                await expect(
                    await api.put(
                        "/api/v1/professional/profile/oficios",
                        headers=auth(pro),
                        json={"oficio_ids": list(dict.fromkeys(held))},
                    ),
                    200,
                )
                await expect(
                    await api.put(
                        "/api/v1/professional/profile",
                        headers=auth(pro),
                        json={
                            "radio_cobertura_km": 25,
                            "tarifa_por_hora": 8000 + 500 * (n % 10),
                            "descripcion": "Profesional del soak: instalaciones y reparaciones.",
                        },
                    ),
                    200,
                )
                return pro

        async def client(n: int, pro: dict[str, Any]) -> dict[str, Any]:
            async with limit:
                cliente = await register("CLIENTE", n)
                chat = await expect(
                    await api.post(
                        "/api/v1/chat/create",
                        headers=auth(cliente),
                        json={"cliente_id": cliente["id"], "profesional_id": pro["id"]},
                    ),
                    200,
                    201,
                )
                cliente["pro_index"] = n % args.pros
                cliente["chat_id"] = chat["id"]
                return cliente

        pros = list(await asyncio.gather(*(professional(n) for n in range(args.pros))))
        clients = list(await asyncio.gather(*(client(n, pros[n % args.pros]) for n in range(args.users))))

        # Approved professionals show in search (same transaction as the approval); check once.
        deadline = time.monotonic() + 30
        while True:
            found = await expect(
                await api.get(
                    "/api/v1/search/professionals",
                    params={"oficio_id": oficio_ids[0], "lat": CENTER[0], "lng": CENTER[1], "limit": 50},
                ),
                200,
            )
            if found or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
        if not found:
            raise RuntimeError("the approved professionals do not show in search")
    return {"oficio_ids": oficio_ids, "pros": pros, "clients": clients}


def _create_admin(env: dict[str, str]) -> tuple[str, str]:
    email = f"soak-admin-{uuid.uuid4().hex[:10]}@example.com"
    result = subprocess.run(
        [sys.executable, "-m", "conectar", "create-admin", "--email", email, "--password", PASSWORD],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"conectar create-admin failed: {result.stdout}{result.stderr}")
    return email, PASSWORD


def _pids_by_port(urls: dict[str, str]) -> dict[str, int]:
    """The processes listening on the services' ports (a running `conectar up`)."""
    from urllib.parse import urlsplit

    import psutil

    ports = {int(urlsplit(url).port or 80): name for name, url in urls.items()}
    found: dict[str, int] = {}
    for conn in psutil.net_connections(kind="tcp"):
        if conn.status == psutil.CONN_LISTEN and conn.laddr and conn.laddr.port in ports and conn.pid:
            found.setdefault(ports[conn.laddr.port], conn.pid)
    return found


def _dead_letters(namespace: str, broker_url: str) -> dict[str, int]:
    """Messages waiting in each service's dead-letter queue."""
    import asyncio

    async def count() -> dict[str, int]:
        import aio_pika

        from conectar.contracts.topology import SUBSCRIPTIONS

        counts: dict[str, int] = {}
        connection = await aio_pika.connect(broker_url)
        try:
            for service in SUBSCRIPTIONS:
                channel = await connection.channel()
                try:
                    queue = await channel.declare_queue(f"{namespace}.{service}.dlq", passive=True)
                    counts[service] = int(queue.declaration_result.message_count or 0)
                except aio_pika.exceptions.ChannelClosed:
                    counts[service] = 0  # not declared (yet)
        finally:
            await connection.close()
        return counts

    return asyncio.run(count())


def _log_problems(log_lines: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    for name, lines in log_lines.items():
        for entry in lines:
            if '"level": "error"' in entry or '"level": "critical"' in entry or "Traceback" in entry:
                errors.append(f"{name}: {entry}")
            elif '"level": "warning"' in entry:
                warnings.append(f"{name}: {entry}")
    return errors, warnings


def _run_load(args: argparse.Namespace, base: str, pids: dict[str, int], prepared: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="conectar-soak-") as folder:
        plan_path = Path(folder) / "plan.json"
        results_path = Path(folder) / "results.json"
        plan = {
            "base": base,
            "duration": args.duration,
            "warmup": args.warmup,
            "n_clients": args.users,
            "n_pros": args.pros,
            "rate": args.rate,
            "pro_rate": args.pro_rate,
            "spawn_rate": args.spawn_rate,
            "release_timeout": args.release_timeout,
            "message_timeout": args.message_timeout,
            "progress_every": args.progress_every,
            "pids": pids,
            "results": str(results_path),
            **prepared,
        }
        plan_path.write_text(json.dumps(plan))
        code = subprocess.call(
            [sys.executable, str(Path(__file__).resolve()), "--load-generator", str(plan_path)]
        )
        if not results_path.exists():
            raise RuntimeError(f"the load generator ended (exit {code}) without results")
        results: dict = json.loads(results_path.read_text())
        return results


def _mb(value: int | None) -> str:
    return "-" if value is None else f"{value / 2**20:.1f}"


def _trend(timeline: list, name: str, since: float) -> float | None:
    """Least-squares slope of one process's RSS after the warm-up, in bytes per second."""
    points = [(t, rss[name]) for t, rss in timeline if t >= since - 1 and name in rss]
    if len(points) < 3:
        return None
    mean_t = sum(t for t, _ in points) / len(points)
    mean_v = sum(v for _, v in points) / len(points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    return sum((t - mean_t) * (v - mean_v) for t, v in points) / spread if spread else None


def _report(args: argparse.Namespace, results: dict, extra: dict[str, Any]) -> int:
    problems: list[str] = []
    print()
    print(
        f"soak: {args.users} clients + {args.pros} professionals, {args.rate:g} client actions/s, "
        f"warm-up {results['warmup_s']:.0f} s, measured {results['measured_s']:.0f} s"
    )
    header = f"{'operation':62s} {'reqs':>7s} {'fails':>6s} {'p50_ms':>8s} {'p99_ms':>8s} {'max_ms':>8s}"
    print(header)
    print("-" * len(header))
    for row in results["operations"]:
        if not row["requests"]:
            continue  # seen only during the warm-up
        print(
            f"{row['type'] + ' ' + row['name']:62.62s} {row['requests']:7d} {row['failures']:6d} "
            f"{row['p50_ms']:8.0f} {row['p99_ms']:8.0f} {row['max_ms']:8.0f}"
        )
    total = results["total"]
    print("-" * len(header))
    print(
        f"{'requests and WebSocket operations':62s} {total['requests']:7d} {total['failures']:6d} "
        f"{total['p50_ms']:8.0f} {total['p99_ms']:8.0f} {total['max_ms']:8.0f}   {total['rps']:.1f} req/s"
    )
    warm = results["warmup_total"]
    error_rate = total["all_failures"] / max(1, total["all_operations"]) * 100
    print(
        f"measured: {total['all_operations']} operations (flows included), {total['all_failures']} failed, "
        f"error rate {error_rate:.3f} %; warm-up: {warm['requests']} operations, {warm['failures']} failed"
    )
    failures = total["all_failures"] + warm["failures"]
    if failures:
        problems.append(f"{failures} failed requests, messages or flows")
    for error in results["errors"]:
        print(f"  error x{error['occurrences']}: {error['type']} {error['name']}: {error['error'][:300]}")
    if results["exceptions"]:
        problems.append(f"{sum(e['count'] for e in results['exceptions'])} exceptions in the load generator")
        for exc in results["exceptions"]:
            print(f"  exception x{exc['count']}: {exc['msg'][:300]}\n{exc['traceback'][-1500:]}")
    if results["flows"]:
        print("flows: " + ", ".join(f"{k}={v}" for k, v in sorted(results["flows"].items())))

    print()
    print(
        f"{'process (RSS MB)':22s} {'start':>8s} {'warm':>8s} {'end':>8s} {'peak':>8s} {'growth':>8s} "
        f"{'trend MB/10 min':>16s}"
    )
    worst: tuple[float, str] | None = None
    memory = results["memory"]
    for name in memory["warm"]:
        start = extra["rss_start"].get(name)
        warm_rss, end = memory["warm"].get(name), memory["end"].get(name)
        peak = memory["peak"].get(name)
        growth = None
        if warm_rss and end:
            growth = (end - warm_rss) / warm_rss * 100
            worst = max(worst or (growth, name), (growth, name))
            if growth >= args.max_growth:
                problems.append(f"{name} grew {growth:.1f} % after the warm-up")
        shown = "-" if growth is None else f"{growth:+.1f} %"
        slope = _trend(memory["timeline"], name, results["warmup_s"])
        trend = "-" if slope is None else f"{slope * 600 / 2**20:+.2f}"
        print(
            f"{name:22s} {_mb(start):>8s} {_mb(warm_rss):>8s} {_mb(end):>8s} {_mb(peak):>8s} {shown:>8s} "
            f"{trend:>16s}"
        )
    if not memory["warm"]:
        print("  (no service process found to measure)")
    if memory["timeline"]:
        print(
            "services' total RSS over time (MB): "
            + " ".join(f"{t:.0f}s={sum(v.values()) / 2**20:.1f}" for t, v in memory["timeline"])
        )

    for line in extra.get("notes", []):
        print(line)
    problems.extend(extra.get("problems", []))
    status = "fail" if problems else "ok"
    if problems:
        print("\nFAILED: " + "; ".join(problems))
    print(
        f"soak duration_s={results['measured_s']:.0f} operations={total['all_operations']} "
        f"errors={total['all_failures']} error_rate_pct={error_rate:.3f} warmup_errors={warm['failures']} "
        f"p50_ms={total['p50_ms']:.0f} p99_ms={total['p99_ms']:.0f} "
        + (f"max_rss_growth_pct={worst[0]:.1f} ({worst[1]}) " if worst else "max_rss_growth_pct=- ")
        + f"status={status}"
    )
    if args.report:
        Path(args.report).write_text(
            json.dumps({"results": results, "extra": extra, "problems": problems}, indent=2, default=str)
        )
    return 1 if problems else 0


def orchestrate(args: argparse.Namespace) -> int:
    import asyncio

    extra: dict[str, Any] = {"notes": [], "problems": []}
    if args.url:
        from conectar import devstack
        from conectar.platform.settings import Settings

        base = args.url.rstrip("/")
        settings = Settings()
        urls = {"gateway": base, **{s: settings.service_url(s) for s in SERVICES}}
        pids = _pids_by_port(urls)
        missing = sorted(set(urls) - set(pids))
        if missing:
            extra["notes"].append(
                f"no process of yours listens for {', '.join(missing)}: memory not measured"
            )
        extra["rss_start"] = {name: rss_bytes(pid) for name, pid in pids.items()}
        if args.admin_email:
            admin = (args.admin_email, args.admin_password or "")
        else:
            admin = _create_admin(devstack.stack_environment())
        namespace, broker = settings.namespace, settings.broker_url
        dlq_before = _dead_letters(namespace, broker)
        started = time.monotonic()
        prepared = asyncio.run(_prepare(base, *admin, args))
        print(
            f"prepared {args.users} clients and {args.pros} professionals in {time.monotonic() - started:.1f} s"
        )
        results = _run_load(args, base, pids, prepared)
        dlq_after = _dead_letters(namespace, broker)
        grown = {k: dlq_after.get(k, 0) - v for k, v in dlq_before.items() if dlq_after.get(k, 0) > v}
        if grown:
            extra["problems"].append(f"events dead-lettered during the soak: {grown}")
        return _report(args, results, extra)

    sys.path.insert(0, str(HERE))
    from stack import bench_stack

    settings = {**SETTINGS, **dict(item.split("=", 1) for item in args.set)}
    started = time.monotonic()
    with bench_stack(list(SERVICES), **settings) as stack:
        print(f"platform at {stack.gateway_url} in {time.monotonic() - started:.1f} s", flush=True)
        pids = {name.split("#")[0]: process.pid for name, process in stack.stack.processes.items()}
        extra["rss_start"] = {name: rss_bytes(pid) for name, pid in pids.items()}
        admin = _create_admin(stack.env)
        started = time.monotonic()
        prepared = asyncio.run(_prepare(stack.gateway_url, *admin, args))
        print(
            f"prepared {args.users} clients and {args.pros} professionals in {time.monotonic() - started:.1f} s",
            flush=True,
        )
        results = _run_load(args, stack.gateway_url, pids, prepared)
        dead = stack.stack.exited()
        if dead:
            extra["problems"].append(f"service processes exited: {dead}")
        broker = stack.env.get("CONECTAR_BROKER_URL", "amqp://guest:guest@localhost:5672/")
        letters = {k: v for k, v in _dead_letters(stack.env["CONECTAR_NAMESPACE"], broker).items() if v}
        if letters:
            extra["problems"].append(f"events dead-lettered: {letters}")
        errors, warnings = _log_problems(stack.stack.log_lines)
        extra["notes"].append(
            f"service logs: {len(errors)} errors, {len(warnings)} warnings"
            + "".join(f"\n  {line[:400]}" for line in (errors + warnings)[:15])
        )
        if errors:
            extra["problems"].append(f"{len(errors)} errors in the services' logs")
        return _report(args, results, extra)


# --- the child: Locust (gevent) ----------------------------------------------------------------------------


def _idle_connections_expire(seconds: float) -> None:
    """Give geventhttpclient's connection pool (Locust's FastHttpUser) an idle timeout: it only checks that
    a pooled socket has not been closed yet, which misses a server closing it as the request leaves."""
    import weakref

    from geventhttpclient.connectionpool import ConnectionPool

    if not hasattr(ConnectionPool, "_is_socket_alive"):
        print("note: geventhttpclient changed; pooled connections have no idle timeout", flush=True)
        return
    idle_since: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
    returned, alive = ConnectionPool.return_socket, ConnectionPool._is_socket_alive

    def return_socket(self: ConnectionPool, sock: Any) -> None:
        idle_since[sock] = time.monotonic()
        returned(self, sock)

    def is_socket_alive(self: ConnectionPool, sock: Any) -> bool:
        since = idle_since.pop(sock, None) if sock is not None else None
        if since is not None and time.monotonic() - since >= seconds:
            return False  # the pool closes it and opens a new one
        return bool(alive(self, sock))

    ConnectionPool.return_socket = return_socket  # type: ignore[method-assign]
    ConnectionPool._is_socket_alive = is_socket_alive  # type: ignore[method-assign]


def load_generator(plan_path: str) -> int:
    from gevent import monkey

    monkey.patch_all()

    import gevent
    import gevent.lock
    import websocket
    from locust import between, constant_throughput, events, task
    from locust.contrib.fasthttp import FastHttpUser
    from locust.env import Environment
    from locust.log import setup_logging
    from locust.stats import StatsEntry

    setup_logging("WARNING")
    _idle_connections_expire(CLIENT_KEEPALIVE_SECONDS)
    plan = json.loads(Path(plan_path).read_text())
    base: str = plan["base"]
    ws_url = re.sub(r"^http", "ws", base) + "/api/v1/chat/ws"
    release_timeout = float(plan["release_timeout"])
    message_timeout = float(plan["message_timeout"])
    flows: dict[str, int] = {}

    def fire(name: str, started: float, error: str | None = None, kind: str = "FLOW") -> None:
        events.request.fire(
            request_type=kind,
            name=name,
            response_time=(time.perf_counter() - started) * 1000,
            response_length=0,
            exception=None if error is None else RuntimeError(error),
            context={},
        )

    class Account:
        """A prepared person; its tokens are refreshed (rotating) by whichever user needs them first."""

        def __init__(self, data: dict[str, Any]) -> None:
            self.data = data
            self.id: str = data["id"]
            self.access: str = data["access_token"]
            self.refresh: str = data["refresh_token"]
            self.expires_in = float(data["expires_in"])
            self.obtained = float(data["obtained_at"])
            self.lock = gevent.lock.Semaphore()

        def stale(self) -> bool:
            return time.time() - self.obtained > 0.5 * self.expires_in

        def token(self, user: FastHttpUser) -> str:
            if self.stale():
                with self.lock:
                    if self.stale():
                        body = call(
                            user,
                            "POST",
                            "/api/v1/auth/refresh",
                            name="/api/v1/auth/refresh",
                            json={"refresh_token": self.refresh},
                        )
                        if body is not None:
                            self.access, self.refresh = body["access_token"], body["refresh_token"]
                            self.expires_in, self.obtained = float(body["expires_in"]), time.time()
            return self.access

        def headers(self, user: FastHttpUser) -> dict[str, str]:
            return {"Authorization": f"Bearer {self.token(user)}"}

    def call(
        user: FastHttpUser,
        method: str,
        path: str,
        *,
        name: str,
        account: Account | None = None,
        expect: tuple[int, ...] = (200,),
        **kwargs: Any,
    ) -> Any:
        """One request through the gateway; the parsed body, or None when it failed (recorded as such)."""
        headers = dict(kwargs.pop("headers", {}))
        if account is not None:
            headers.update(account.headers(user))
        with user.client.request(
            method, path, name=name, headers=headers, catch_response=True, **kwargs
        ) as response:
            if response.status_code in expect:
                response.success()
                if not response.content:
                    return {}
                if "json" not in (response.headers.get("content-type") or ""):
                    return {}
                return response.json()
            error = getattr(response, "error", None)
            detail = (response.text or "")[:200] if response.status_code else repr(error)
            response.failure(f"HTTP {response.status_code}: {detail}")
            return None

    pending: dict[str, tuple[float, str]] = {}  # message key → (sent at, recipient's user id)
    sockets: list[Socket] = []
    online: dict[str, Socket] = {}  # user id → that person's connected socket
    closing = False

    class Socket:
        """One person's device: a WebSocket through the gateway, read by its own greenlet and kept by
        another, as an app does: it reconnects (with its cursor, to catch up) and renews the token on the
        socket before the token expires (the server closes the socket with 4001 otherwise)."""

        def __init__(self, user: FastHttpUser, account: Account) -> None:
            self.user = user
            self.account = account
            self.ws: websocket.WebSocket | None = None
            self.token = ""
            self.seq: int | None = None
            self.waiting: dict[str, tuple[str, float]] = {}  # ref → (operation, sent at)
            self.unread: set[str] = set()
            self.lock = gevent.lock.Semaphore()
            sockets.append(self)
            self.ensure()
            gevent.spawn(self.keep)

        def keep(self) -> None:
            while not closing:
                gevent.sleep(2)
                if not closing:
                    self.ensure()

        def ensure(self) -> bool:
            with self.lock:
                if self.ws is None:
                    return self.connect()
                if self.token != self.account.token(self.user):
                    self.token = self.account.access
                    self.command(
                        {"type": "auth", "token": self.token}, "chat token renewal on the socket (ack)"
                    )
                return True

        def connect(self) -> bool:
            started = time.perf_counter()
            token = self.account.token(self.user)
            query = f"?token={token}" + ("" if self.seq is None else f"&cursor={self.seq}")
            try:
                ws = websocket.create_connection(ws_url + query, timeout=15, enable_multithread=True)
                hello = json.loads(ws.recv())
                if hello.get("type") != "hello":
                    raise RuntimeError(f"expected hello, got {hello}")
                ws.settimeout(None)
            except Exception as exc:
                fire("/api/v1/chat/ws connect (hello)", started, f"{type(exc).__name__}: {exc}", "WS")
                return False
            if self.seq is None:
                self.seq = int(hello.get("seq") or 0)
            self.ws, self.token = ws, token
            online[self.account.id] = self
            fire("/api/v1/chat/ws connect (hello)", started, kind="WS")
            gevent.spawn(self.read, ws)
            return True

        def command(self, frame: dict[str, Any], operation: str) -> None:
            ref = uuid.uuid4().hex
            self.waiting[ref] = (operation, time.perf_counter())
            try:
                assert self.ws is not None
                self.ws.send(json.dumps({**frame, "ref": ref}))
            except Exception as exc:
                self.waiting.pop(ref, None)
                fire(operation, time.perf_counter(), f"send failed: {type(exc).__name__}: {exc}", "WS")
                self.drop(self.ws)

        def drop(self, ws: websocket.WebSocket | None) -> None:
            if ws is not None and ws is self.ws:
                self.ws = None
                if online.get(self.account.id) is self:
                    del online[self.account.id]
                with contextlib.suppress(Exception):  # already broken
                    ws.close()

        def read(self, ws: websocket.WebSocket) -> None:
            try:
                while True:
                    raw = ws.recv()
                    if not raw:
                        raise websocket.WebSocketConnectionClosedException("closed by the server")
                    self.handle(json.loads(raw))
            except Exception as exc:
                if not closing and ws is self.ws:
                    status = getattr(ws, "status", None)
                    fire(
                        "/api/v1/chat/ws connection kept open",
                        time.perf_counter(),
                        f"closed: {type(exc).__name__}: {exc} (status {status})",
                        "WS",
                    )
                self.drop(ws)

        def handle(self, frame: dict[str, Any]) -> None:
            kind = frame.get("type")
            if kind == "feed":
                if isinstance(frame.get("seq"), int):
                    self.seq = max(self.seq or 0, frame["seq"])
                data = frame.get("data") or {}
                if frame.get("kind") == "message" and data.get("sender_id") != self.account.id:
                    self.unread.add(str(data.get("chat_id")))
                    key = str(data.get("text") or "").rsplit(" ", 1)[-1]
                    sent = pending.pop(key, None)
                    if sent is not None:
                        events.request.fire(
                            request_type="WS",
                            name="chat message round trip (client send → professional socket)",
                            response_time=(time.perf_counter() - sent[0]) * 1000,
                            response_length=len(data.get("text") or ""),
                            exception=None,
                            context={},
                        )
            elif kind in ("ack", "error"):
                waited = self.waiting.pop(str(frame.get("ref")), None)
                if waited is not None:
                    operation, started = waited
                    error = None if kind == "ack" else f"{frame.get('status')}: {frame.get('detail')}"
                    fire(operation, started, error, "WS")
                elif kind == "error":
                    fire("/api/v1/chat/ws unsolicited error", time.perf_counter(), json.dumps(frame), "WS")

    def sweep() -> None:
        """Messages and commands not answered in time are failures."""
        while True:
            gevent.sleep(1)
            now = time.perf_counter()
            for key, (sent, _recipient) in list(pending.items()):
                if now - sent > message_timeout and pending.pop(key, None) is not None:
                    fire(
                        "chat message round trip (client send → professional socket)",
                        sent,
                        f"not received within {message_timeout:g} s",
                        "WS",
                    )
            for sock in list(sockets):
                for ref, (operation, started) in list(sock.waiting.items()):
                    if now - started > message_timeout and sock.waiting.pop(ref, None) is not None:
                        fire(operation, started, f"no answer within {message_timeout:g} s", "WS")

    accounts = {
        "pros": [Account(p) for p in plan["pros"]],
        "clients": [Account(c) for c in plan["clients"]],
    }
    counters = {"pros": 0, "clients": 0}

    def take(kind: str) -> tuple[Account, int]:
        index = counters[kind] % len(accounts[kind])
        counters[kind] += 1
        return accounts[kind][index], index

    def wait_escrow(
        user: FastHttpUser,
        account: Account,
        trabajo_id: str,
        target: str,
        name: str,
        started: float,
        timeout: float,
    ) -> bool:
        """Poll the client's view of the trabajo until it shows ``target``; an in-flight state is fine."""
        estado = "?"
        while True:
            body = call(
                user,
                "GET",
                f"/api/v1/cliente/trabajo/{trabajo_id}",
                name="/api/v1/cliente/trabajo/{id}",
                account=account,
            )
            if body is None:
                fire(name, started, "could not read the trabajo")
                return False
            estado = body.get("estado_escrow", "?")
            if estado == target:
                fire(name, started)
                return True
            if estado in FAILED_ESCROW:
                fire(name, started, f"estado_escrow {estado}, expected {target}")
                return False
            if time.perf_counter() - started > timeout:
                fire(name, started, f"still {estado} after {timeout:g} s (expected {target})")
                return False
            gevent.sleep(0.25)

    class Cliente(FastHttpUser):
        fixed_count = int(plan["n_clients"])
        wait_time = constant_throughput(float(plan["rate"]) / int(plan["n_clients"]))
        host = base

        def on_start(self) -> None:
            self.account, index = take("clients")
            data = plan["clients"][index]
            self.pro = accounts["pros"][data["pro_index"]]
            self.pro_profile_id = plan["pros"][data["pro_index"]]["profile_id"]
            self.chat_id = data["chat_id"]
            self.socket = Socket(self, self.account)

        @task(4)
        def search(self) -> None:
            call(
                self,
                "GET",
                "/api/v1/search/professionals",
                name="/api/v1/search/professionals",
                params={
                    "oficio_id": random.choice(plan["oficio_ids"]),
                    "lat": round(CENTER[0] + random.uniform(-0.02, 0.02), 5),
                    "lng": round(CENTER[1] + random.uniform(-0.02, 0.02), 5),
                    "sort_by": random.choice(("distancia", "rating", "precio", "nivel")),
                    "limit": 20,
                },
            )

        @task(3)
        def public_profile(self) -> None:
            pro = random.choice(plan["pros"])
            call(
                self,
                "GET",
                f"/api/v1/public/professional/{pro['profile_id']}",
                name="/api/v1/public/professional/{id}",
            )

        @task(4)
        def chat(self) -> None:
            if self.socket.ws is None:
                return  # reconnecting (a failure already recorded)
            key = "".join(random.choice(KEY_LETTERS) for _ in range(16))
            if self.pro.id in online:
                pending[key] = (time.perf_counter(), self.pro.id)
            else:
                # Not connected yet (spawning) or reconnecting: a socket that connects later starts at
                # the feed's end, so only sends made while it is open are waited for.
                flows["chat sends while the professional was offline"] = (
                    flows.get("chat sends while the professional was offline", 0) + 1
                )
            self.socket.command(
                {
                    "type": "send",
                    "chat_id": self.chat_id,
                    "text": f"Hola, ¿podrías pasar esta semana a mirar la pérdida? clave {key}",
                },
                "chat send (ack)",
            )

        @task(2)
        def notifications(self) -> None:
            call(
                self,
                "GET",
                "/api/v1/notificaciones",
                name="/api/v1/notificaciones",
                account=self.account,
                params={"page": 1, "limit": 20},
            )
            counted = call(
                self,
                "GET",
                "/api/v1/notificaciones/no-leidas/contador",
                name="/api/v1/notificaciones/no-leidas/contador",
                account=self.account,
            )
            if counted and counted.get("count") and random.random() < 0.5:
                call(
                    self,
                    "PUT",
                    "/api/v1/notificaciones/leer-todas",
                    name="/api/v1/notificaciones/leer-todas",
                    account=self.account,
                )

        @task(1)
        def job(self) -> None:
            """Offer → accept → sandbox payment → PAGADO_EN_ESCROW → done → finalize → LIBERADO."""
            flow = time.perf_counter()
            precio = f"{random.randint(50, 500) * 100}.00"
            oferta = call(
                self,
                "POST",
                "/api/v1/professional/ofertas",
                name="/api/v1/professional/ofertas",
                account=self.pro,
                expect=(201,),
                json={
                    "cliente_id": self.account.id,
                    "chat_id": self.chat_id,
                    "descripcion": "Cambio de flexible y canilla de la cocina",
                    "precio_final": precio,
                },
            )
            if oferta is None:
                return
            accepted = call(
                self,
                "POST",
                f"/api/v1/cliente/ofertas/{oferta['id']}/accept",
                name="/api/v1/cliente/ofertas/{id}/accept",
                account=self.account,
            )
            if accepted is None:
                return
            trabajo_id, payment_url = str(accepted["trabajo_id"]), accepted["payment_url"]
            if call(self, "GET", payment_url, name="/api/v1/pagos/sandbox/checkout/{id} (page)") is None:
                return
            paying = time.perf_counter()
            if (
                call(
                    self,
                    "POST",
                    payment_url,
                    name="/api/v1/pagos/sandbox/checkout/{id} (approve)",
                    expect=(302, 303),
                    data="status=approved",
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                    allow_redirects=False,
                )
                is None
            ):
                return
            if not wait_escrow(
                self,
                self.account,
                trabajo_id,
                "PAGADO_EN_ESCROW",
                "job: checkout approved → PAGADO_EN_ESCROW",
                paying,
                release_timeout,
            ):
                return
            if (
                call(
                    self,
                    "POST",
                    f"/api/v1/professional/trabajos/{trabajo_id}/completar",
                    name="/api/v1/professional/trabajos/{id}/completar",
                    account=self.pro,
                )
                is None
            ):
                return
            releasing = time.perf_counter()
            finished = call(
                self,
                "POST",
                f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar",
                name="/api/v1/cliente/trabajo/{id}/finalizar",
                account=self.account,
                expect=(200, 202),
            )
            if finished is None:
                return
            answered = f"finalizar answered {finished.get('estado_escrow')}"
            flows[answered] = flows.get(answered, 0) + 1
            if finished.get("estado_escrow") == "LIBERADO":
                fire("job: finalizar → LIBERADO", releasing)
            elif not wait_escrow(
                self,
                self.account,
                trabajo_id,
                "LIBERADO",
                "job: finalizar → LIBERADO",
                releasing,
                release_timeout,
            ):
                return
            fire("job: whole flow (offer → LIBERADO)", flow)

    class Profesional(FastHttpUser):
        fixed_count = int(plan["n_pros"])
        wait_time = between(0.5 / float(plan["pro_rate"]), 1.5 / float(plan["pro_rate"]))
        host = base

        def on_start(self) -> None:
            self.account, _index = take("pros")
            self.socket = Socket(self, self.account)

        @task(4)
        def read_messages(self) -> None:
            """Mark the conversations with new messages read (the socket keeps itself open)."""
            while self.socket.unread and self.socket.ws is not None:
                chat_id = self.socket.unread.pop()
                self.socket.command({"type": "read", "chat_id": chat_id}, "chat read (ack)")

        @task(1)
        def trabajos(self) -> None:
            call(
                self,
                "GET",
                "/api/v1/professional/trabajos",
                name="/api/v1/professional/trabajos",
                account=self.account,
                params={"page": 1, "limit": 20},
            )

        @task(1)
        def notifications(self) -> None:
            call(
                self,
                "GET",
                "/api/v1/notificaciones/no-leidas/contador",
                name="/api/v1/notificaciones/no-leidas/contador",
                account=self.account,
            )
            call(
                self,
                "GET",
                "/api/v1/notificaciones",
                name="/api/v1/notificaciones",
                account=self.account,
                params={"page": 1, "limit": 20},
            )

    pids: dict[str, int] = {k: int(v) for k, v in plan["pids"].items()}
    peak: dict[str, int] = {}
    timeline: list[tuple[float, dict[str, int]]] = []  # (seconds since the start, RSS by process)

    def sample() -> dict[str, int]:
        found = {name: rss for name, pid in pids.items() if (rss := rss_bytes(pid)) is not None}
        for name, rss in found.items():
            peak[name] = max(peak.get(name, 0), rss)
        return found

    env = Environment(
        user_classes=[Profesional, Cliente], events=events, host=base, stop_timeout=release_timeout * 2 + 30
    )
    runner = env.create_local_runner()
    began = time.perf_counter()

    def progress() -> None:
        while True:
            gevent.sleep(float(plan["progress_every"]))
            total = env.stats.total
            rss = sample()
            timeline.append((time.perf_counter() - began, rss))
            print(
                f"[{time.perf_counter() - began:6.0f} s] users={runner.user_count} requests={total.num_requests} "
                f"failures={total.num_failures} current_rps={total.current_rps:.1f} "
                f"p50_ms={total.get_response_time_percentile(0.5) or 0:.0f} "
                f"p99_ms={total.get_response_time_percentile(0.99) or 0:.0f} "
                f"services_rss_mb={sum(rss.values()) / 2**20:.0f}",
                flush=True,
            )

    gevent.spawn(sweep)
    gevent.spawn(progress)
    users = int(plan["n_clients"]) + int(plan["n_pros"])
    print(
        f"load: {users} Locust users, warm-up {plan['warmup']:g} s, then {plan['duration']:g} s", flush=True
    )
    runner.start(users, spawn_rate=float(plan["spawn_rate"]))
    gevent.sleep(float(plan["warmup"]))

    warm_rss = sample()
    timeline.append((time.perf_counter() - began, warm_rss))
    warm_total = {"requests": env.stats.total.num_requests, "failures": env.stats.total.num_failures}
    warm_errors = [e.serialize() for e in env.stats.errors.values()]
    env.stats.reset_all()
    measured_from = time.perf_counter()
    print(f"warm-up done: {warm_total}; measuring for {plan['duration']:g} s", flush=True)
    gevent.sleep(float(plan["duration"]))
    end_rss = sample()
    measured = time.perf_counter() - measured_from
    timeline.append((time.perf_counter() - began, end_rss))

    print("stopping: letting the users finish their current task", flush=True)
    runner.stop()
    deadline = time.perf_counter() + message_timeout + 2
    while (pending or any(s.waiting for s in sockets)) and time.perf_counter() < deadline:
        gevent.sleep(0.2)
    gevent.sleep(1.2)  # the sweeper's last pass
    closing = True
    for sock in sockets:
        sock.drop(sock.ws)

    def row(entry: Any) -> dict[str, Any]:
        return {
            "type": entry.method,
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5) or 0,
            "p99_ms": entry.get_response_time_percentile(0.99) or 0,
            "max_ms": entry.max_response_time or 0,
            "avg_ms": entry.avg_response_time,
        }

    operations = sorted((row(e) for e in env.stats.entries.values()), key=lambda r: (r["type"], r["name"]))
    # The total covers requests and WebSocket operations; the flows (FLOW) span many of them.
    aggregate = StatsEntry(env.stats, "requests and WebSocket operations", "")
    for entry in env.stats.entries.values():
        if entry.method != "FLOW":
            aggregate.extend(entry)
    total = row(aggregate)
    total["rps"] = aggregate.num_requests / measured if measured else 0.0
    total["all_failures"] = env.stats.total.num_failures
    total["all_operations"] = env.stats.total.num_requests
    errors = warm_errors + [e.serialize() for e in env.stats.errors.values()]
    results = {
        "warmup_s": float(plan["warmup"]),
        "measured_s": measured,
        "operations": operations,
        "total": total,
        "warmup_total": warm_total,
        "errors": [
            {
                "type": e["method"],
                "name": e["name"],
                "error": str(e["error"]),
                "occurrences": e["occurrences"],
            }
            for e in errors
        ],
        "exceptions": [
            {"count": e["count"], "msg": e["msg"], "traceback": e["traceback"]}
            for e in runner.exceptions.values()
        ],
        "flows": flows,
        "memory": {
            "warm": warm_rss,
            "end": end_rss,
            "peak": peak,
            "timeline": sorted(timeline, key=lambda sample: sample[0]),
        },
    }
    Path(plan["results"]).write_text(json.dumps(results))
    runner.quit()
    return 0


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--load-generator":
        sys.exit(load_generator(sys.argv[2]))
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=parse_duration, default=parse_duration("30m"), help="measured time (30m)"
    )
    parser.add_argument(
        "--warmup", type=parse_duration, default=parse_duration("5m"), help="unmeasured time first (5m)"
    )
    parser.add_argument("--users", type=int, default=40, help="simulated clients (40)")
    parser.add_argument(
        "--pros", type=int, default=10, help="simulated professionals, each with a socket (10)"
    )
    parser.add_argument("--rate", type=float, default=8.0, help="client actions per second in total (8)")
    parser.add_argument(
        "--pro-rate", type=float, default=0.2, help="actions per second of each professional (0.2)"
    )
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="Locust users started per second (5)")
    parser.add_argument("--url", help="use the running platform at this gateway URL instead of starting one")
    parser.add_argument("--admin-email", help="with --url: an existing admin (else `conectar create-admin`)")
    parser.add_argument("--admin-password")
    parser.add_argument(
        "--release-timeout",
        type=float,
        default=30.0,
        help="seconds a trabajo may take to show PAGADO_EN_ESCROW or LIBERADO (30)",
    )
    parser.add_argument(
        "--message-timeout", type=float, default=10.0, help="seconds before a chat message is lost (10)"
    )
    parser.add_argument(
        "--max-growth", type=float, default=10.0, help="RSS growth after warm-up that fails (10)"
    )
    parser.add_argument(
        "--progress-every", type=float, default=60.0, help="seconds between progress lines (60)"
    )
    parser.add_argument("--prepare-concurrency", type=int, default=8, help=argparse.SUPPRESS)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a CONECTAR_ setting for the started services (e.g. access_token_ttl_seconds=120)",
    )
    parser.add_argument("--report", help="also write the figures as JSON to this file")
    args = parser.parse_args()
    if args.users < 1 or args.pros < 1 or args.rate <= 0 or args.pro_rate <= 0:
        parser.error("--users, --pros, --rate and --pro-rate must be positive")
    sys.exit(orchestrate(args))


if __name__ == "__main__":
    main()
