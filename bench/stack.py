"""A throwaway distributed platform for benchmarks: every requested service as its own process on this
machine's PostgreSQL (fresh databases), RabbitMQ and Redis (a fresh namespace), on free ports; removed
afterwards."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from conectar import devstack
from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS

POSTGRES = os.environ.get("CONECTAR_BENCH_POSTGRES", "postgresql+asyncpg://postgres@localhost:5432")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BenchStack:
    gateway_url: str
    service_urls: dict[str, list[str]]
    env: dict[str, str]
    stack: devstack.Stack


def _wait(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not become ready")


@contextmanager
def bench_stack(
    services: Sequence[str], *, replicas: dict[str, int] | None = None, **settings: str
) -> Iterator[BenchStack]:
    """Start ``services`` (plus the gateway); ``replicas`` runs several processes of one service, which the
    gateway balances over."""
    replicas = replicas or {}
    run = uuid.uuid4().hex[:8]
    urls = {
        s: [f"http://127.0.0.1:{free_port()}" for _ in range(replicas.get(s, 1))]
        for s in DEFAULT_PORTS
        if s != "gateway"
    }
    gateway_port = free_port()
    # The run's development secrets and uploads (KYC PDFs) live here: removed with the stack.
    data_dir = tempfile.mkdtemp(prefix="conectar-bench-")
    base = {k: v for k, v in os.environ.items() if not k.startswith("CONECTAR_")}
    base.update(
        {
            "CONECTAR_DATA_DIR": data_dir,
            "CONECTAR_PORT": str(gateway_port),
            "CONECTAR_PUBLIC_URL": f"http://127.0.0.1:{gateway_port}",
            "CONECTAR_NAMESPACE": f"bench{run}",
            "CONECTAR_LOG_LEVEL": "WARNING",
            **{f"CONECTAR_{k.upper()}": v for k, v in settings.items()},
        }
    )
    for service, service_urls in urls.items():
        base[f"CONECTAR_{service.upper()}_URL"] = ",".join(service_urls)
    for service in DATABASE_SERVICES:
        base[f"CONECTAR_{service.upper()}_DATABASE_URL"] = f"{POSTGRES}/conectar_bench_{run}_{service}"
    env = devstack.stack_environment(base)
    hosted = [s for s in DATABASE_SERVICES if s in services]
    devstack.ensure_databases(env, hosted)
    stack = devstack.Stack(["gateway", *services], env)
    try:
        for service in stack.services:
            if service == "gateway":
                continue
            for index, url in enumerate(urls[service]):
                # Each replica listens on its own URL; the gateway gets the whole list.
                stack.start(service, name=f"{service}#{index}", env={f"CONECTAR_{service.upper()}_URL": url})
                _wait(f"{url}/health/ready")
        stack.start("gateway")
        _wait(f"http://127.0.0.1:{gateway_port}/health/ready")
        yield BenchStack(f"http://127.0.0.1:{gateway_port}", {s: urls[s] for s in services}, env, stack)
    finally:
        stack.stop_all()
        shutil.rmtree(data_dir, ignore_errors=True)
        devstack.drop_databases(env, hosted)
        asyncio.run(
            delete_queues(
                env["CONECTAR_NAMESPACE"],
                env.get("CONECTAR_BROKER_URL", "amqp://guest:guest@localhost:5672/"),
            )
        )


async def delete_queues(namespace: str, broker_url: str) -> None:
    """Remove a run's RabbitMQ queues and exchange (every service's, with their retry and dead-letter queues)."""
    import aio_pika

    from conectar.contracts.topology import SUBSCRIPTIONS

    connection = await aio_pika.connect(broker_url)
    try:
        channel = await connection.channel()
        for service in SUBSCRIPTIONS:
            for suffix in ("", ".dlq", *(f".retry.{ms}" for ms in (1000, 5000, 30000, 120000, 600000))):
                await channel.queue_delete(f"{namespace}.{service}{suffix}")
        await channel.exchange_delete(f"{namespace}.events")
    finally:
        await connection.close()
