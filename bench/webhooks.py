"""Benchmark: MercadoPago webhooks at the payments service (issue 4), distributed mode.

Starts the gateway and the payments service as their own processes (``conectar serve``) on
``bench/stack.py``'s throwaway stack (a fresh PostgreSQL database, a fresh RabbitMQ/Redis namespace, free
ports), on the sandbox provider with its own webhooks turned off (this script plays MercadoPago). It opens ``--payments`` payments through the
internal API and pays each on the sandbox checkout (through the gateway), then sends, through the gateway
at ``--concurrency``, a signed notification for every payment, each delivered twice (same notification
id, fresh signature, in shuffled order so that some copies race each other). It measures the webhook's
answer time, waits until the work queue has handled every notification, and reads back from the ledger how
many payments had their effect (escrow funding, PaymentConfirmed) more than once. The last line is::

    webhooks rps=<r> p99_ms=<y> duplicates_effective=<k>

Targets: p99 ≤ 100 ms, k = 0. The gateway's anonymous rate limit is turned off for the run (MercadoPago
delivers from few addresses).

    python bench/webhooks.py [--payments 1000] [--concurrency 32]
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
from urllib.parse import parse_qs, urlsplit

import aiohttp
from sqlalchemy import func, select

from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import (
    LedgerAccount,
    LedgerTransaction,
    PaymentIntent,
    ProviderNotification,
    tables,
)
from conectar.payments.signature import sign
from conectar.platform.db import Database
from conectar.platform.security import ServiceTokens

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stack import bench_stack

WEBHOOK = "/api/v1/webhook/mercadopago"


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)
    started_at: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0

    def percentile_ms(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))] * 1000


async def prepare(
    gateway: str, payments_url: str, token: str, count: int, concurrency: int
) -> list[tuple[str, str, int]]:
    """(trabajo id, payment id, amount in centavos) of ``count`` paid checkouts."""
    semaphore = asyncio.Semaphore(concurrency)
    headers = {"Authorization": f"Bearer {token}"}
    results: list[tuple[str, str, int]] = []

    async with aiohttp.ClientSession() as session:

        async def one(index: int) -> None:
            async with semaphore:
                trabajo = str(uuid.uuid4())
                centavos = random.randint(10_000, 5_000_000)
                body = {
                    "trabajo_id": trabajo,
                    "cliente_id": str(uuid.uuid4()),
                    "profesional_id": str(uuid.uuid4()),
                    "amount": f"{centavos // 100}.{centavos % 100:02d}",
                    "description": f"Trabajo de prueba {index}",
                    "payer_email": f"cliente{index}@example.com",
                }
                async with session.post(
                    f"{payments_url}/internal/v1/payments", json=body, headers=headers
                ) as r:
                    if r.status != 200:
                        raise SystemExit(f"open failed: {r.status} {await r.text()}")
                    url = (await r.json())["payment_url"]
                link = urlsplit(url)
                checkout = f"{gateway}{link.path}?{link.query}"  # the signed link (its token)
                async with session.post(checkout, data={"status": "approved"}, allow_redirects=False) as r:
                    if r.status != 303:
                        raise SystemExit(f"checkout failed: {r.status} {await r.text()}")
                    payment_id = parse_qs(urlsplit(r.headers["Location"]).query)["payment_id"][0]
                results.append((trabajo, payment_id, centavos))

        await asyncio.gather(*(one(i) for i in range(count)))
    return results


async def deliver(gateway: str, secret: str, paid: list[tuple[str, str, int]], concurrency: int) -> Timings:
    """Every payment's notification twice, shuffled, at ``concurrency``."""
    deliveries = []
    for _, payment_id, _ in paid:
        notification = random.randint(10**11, 10**12)
        deliveries += [(payment_id, notification)] * 2
    random.shuffle(deliveries)
    queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
    for item in deliveries:
        queue.put_nowait(item)
    timings = Timings()
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while True:
                try:
                    payment_id, notification = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                request_id = str(uuid.uuid4())
                headers = {
                    "content-type": "application/json",
                    "x-request-id": request_id,
                    "x-signature": sign(
                        secret, data_id=payment_id, request_id=request_id, ts=int(time.time())
                    ),
                }
                body = json.dumps(
                    {
                        "id": notification,
                        "live_mode": False,
                        "type": "payment",
                        "date_created": "2026-11-28T12:00:00.000-03:00",
                        "user_id": 1_000_000_001,
                        "api_version": "v1",
                        "action": "payment.updated",
                        "data": {"id": payment_id},
                    }
                )
                started = time.perf_counter()
                async with session.post(
                    f"{gateway}{WEBHOOK}?data.id={payment_id}&type=payment", data=body, headers=headers
                ) as response:
                    await response.read()
                    status = response.status
                timings.latencies.append(time.perf_counter() - started)
                timings.started_at.append(started)
                timings.statuses[status] = timings.statuses.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        timings.seconds = time.perf_counter() - started
    return timings


async def drained(db: Database, expected: int, timeout: float) -> float:
    started = time.perf_counter()
    jobs = tables.work_jobs
    while time.perf_counter() - started < timeout:
        async with db.session(write=False) as session:
            pending = (
                await session.execute(
                    select(func.count())
                    .select_from(jobs)
                    .where(jobs.c.queue == NOTIFICATIONS_QUEUE, jobs.c.status != "dead")
                )
            ).scalar_one()
            total = (
                await session.execute(select(func.count()).select_from(ProviderNotification))
            ).scalar_one()
        if pending == 0 and total >= expected:
            return time.perf_counter() - started
        await asyncio.sleep(0.2)
    raise SystemExit("the work queue did not handle every notification in time")


async def duplicates_effective(db: Database, paid: list[tuple[str, str, int]]) -> tuple[int, int]:
    """(payments whose effect happened more than once, payments funded), from the ledger and outbox."""
    amounts = {trabajo: centavos for trabajo, _, centavos in paid}
    async with db.session(write=False) as session:
        fundings = dict(
            (
                await session.execute(
                    select(LedgerTransaction.trabajo_id, func.count())
                    .where(LedgerTransaction.kind == "FUNDING")
                    .group_by(LedgerTransaction.trabajo_id)
                )
            ).all()
        )
        escrow = dict(
            (
                await session.execute(
                    select(LedgerAccount.trabajo_id, LedgerAccount.balance_centavos).where(
                        LedgerAccount.kind == "ESCROW"
                    )
                )
            ).all()
        )
        outbox = tables.outbox
        confirmed: dict[str, int] = {}
        for (payload,) in (
            await session.execute(select(outbox.c.payload).where(outbox.c.type == "PaymentConfirmed"))
        ).all():
            key = str(payload["trabajo_id"])
            confirmed[key] = confirmed.get(key, 0) + 1
        approved = (
            await session.execute(
                select(func.count()).select_from(PaymentIntent).where(PaymentIntent.estado == "APROBADO")
            )
        ).scalar_one()
    twice = 0
    for trabajo, centavos in amounts.items():
        key = uuid.UUID(trabajo)
        if (
            fundings.get(key, 0) > 1
            or escrow.get(key, 0) not in (0, centavos)
            or confirmed.get(trabajo, 0) > 1
        ):
            twice += 1
    return twice, int(approved)


async def run(args: argparse.Namespace, env: dict[str, str], gateway: str, payments_url: str) -> None:
    token = ServiceTokens(env["CONECTAR_SERVICE_TOKEN_SECRET"], "chat").token()
    secret = env["CONECTAR_MERCADOPAGO_WEBHOOK_SECRET"]
    db = Database(env["CONECTAR_PAYMENTS_DATABASE_URL"], pool_size=2)
    try:
        started = time.perf_counter()
        paid = await prepare(gateway, payments_url, token, args.payments, 16)
        print(f"prepared {len(paid)} paid checkouts in {time.perf_counter() - started:.1f}s", flush=True)
        target = payments_url if args.direct else gateway
        timings = await deliver(target, secret, paid, args.concurrency)
        drain_seconds = await drained(db, len(paid), timeout=300)
        k, funded = await duplicates_effective(db, paid)
    finally:
        await db.dispose()
    rps = len(timings.latencies) / timings.seconds
    print(
        f"deliveries={len(timings.latencies)} statuses={dict(sorted(timings.statuses.items()))} "
        f"p50_ms={timings.percentile_ms(0.5):.2f} p90_ms={timings.percentile_ms(0.9):.2f} "
        f"p99_ms={timings.percentile_ms(0.99):.2f} max_ms={timings.percentile_ms(1.0):.2f}"
    )
    print(f"funded={funded}/{len(paid)} worker_drained_after={drain_seconds:.1f}s")
    print(f"webhooks rps={rps:.1f} p99_ms={timings.percentile_ms(0.99):.2f} duplicates_effective={k}")
    if timings.statuses.get(200, 0) != len(timings.latencies) or funded != len(paid):
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--payments", type=int, default=1000, help="distinct payments (each notified twice)")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--direct", action="store_true", help="send the webhooks straight to the payments service (diagnosis)"
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a CONECTAR_ setting for the started services, e.g. --set PAYMENTS_WORKER_CONCURRENCY=8",
    )
    args = parser.parse_args()
    settings = {"rate_limit_enabled": "false", "payments_sandbox_webhooks": "false"}
    for assignment in args.set:
        name, _, value = assignment.partition("=")
        settings[name.lower().removeprefix("conectar_")] = value
    with bench_stack(["payments"], **settings) as stack:
        asyncio.run(run(args, stack.env, stack.gateway_url, stack.service_urls["payments"][0]))


if __name__ == "__main__":
    main()
