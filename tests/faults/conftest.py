"""The distributed platform for fault-injection tests: every service as its own process on PostgreSQL,
RabbitMQ and Redis, with a TCP fault proxy that the tests control in front of EACH dependency (the
broker, Redis and every service's database), so a test can cut, delay or reset any one of them.

Built like the integration platform (tests/integration/conftest.py), whose pieces it reuses. Nothing is
skipped: a missing PostgreSQL, RabbitMQ or Redis fails the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from conectar import devstack
from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS
from conectar.services import SERVICES
from tests.integration.conftest import Platform, TcpProxy, free_port, wait_ready
from tests.notifications_standins.smtp import MailCatcher
from tests.services.conftest import BROKER_URL, POSTGRES, REDIS_URL, delete_namespace_queues


class FaultProxy(TcpProxy):
    """``TcpProxy`` plus ``delay(seconds)`` (every chunk forwarded late, both ways) and ``reset()`` (every
    open connection closed abruptly with a TCP RST, new connections still accepted)."""

    def __init__(self, target_host: str, target_port: int) -> None:
        super().__init__(target_host, target_port)
        self.latency = 0.0
        self.connections = 0

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.connections += 1
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    if self.latency:
                        await asyncio.sleep(self.latency)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def delay(self, seconds: float) -> None:
        """Hold every chunk ``seconds`` before forwarding it (0 ends the delay)."""
        self._loop.call_soon_threadsafe(lambda: setattr(self, "latency", seconds))

    def reset(self) -> None:
        """Abort every open connection with a RST (both sides); keep accepting new ones."""

        def abort_all() -> None:
            for writer in list(self._writers):
                sock = writer.get_extra_info("socket")
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(abort_all)


def _proxy_for(url: str, default_port: int) -> FaultProxy:
    parsed = make_url(url)
    proxy = FaultProxy(parsed.host or "localhost", parsed.port or default_port)
    proxy.start()
    return proxy


def _through(url: str, proxy: FaultProxy) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)


@dataclass
class FaultPlatform(Platform):
    """The platform with a fault proxy per dependency: ``broker``, ``redis`` and ``db:<service>``."""

    proxies: dict[str, FaultProxy] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def redis_proxy(self) -> FaultProxy:
        return self.proxies["redis"]

    def db_proxy(self, service: str) -> FaultProxy:
        return self.proxies[f"db:{service}"]

    def heal(self) -> None:
        for proxy in self.proxies.values():
            proxy.delay(0)
            proxy.restore()


@pytest.fixture(scope="session")
def mail_catcher() -> Iterator[MailCatcher]:
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory, mail_catcher: MailCatcher) -> Iterator[FaultPlatform]:
    run = uuid.uuid4().hex[:8]
    data_dir: Path = tmp_path_factory.mktemp("faults")
    proxies: dict[str, FaultProxy] = {
        "broker": _proxy_for(BROKER_URL, 5672),
        "redis": _proxy_for(REDIS_URL, 6379),
    }
    direct_db = {service: f"{POSTGRES}/conectar_ft_{run}_{service}" for service in DATABASE_SERVICES}
    for service in DATABASE_SERVICES:
        proxies[f"db:{service}"] = _proxy_for(direct_db[service], 5432)
    ports = {service: free_port() for service in DEFAULT_PORTS}
    broker_url = httpx.URL(BROKER_URL).copy_with(host="127.0.0.1", port=proxies["broker"].port)
    redis_url = httpx.URL(REDIS_URL).copy_with(host="127.0.0.1", port=proxies["redis"].port)
    base: dict[str, str] = {k: v for k, v in os.environ.items() if not k.startswith("CONECTAR_")}
    base.update(
        {
            "CONECTAR_DATA_DIR": str(data_dir),
            "CONECTAR_PORT": str(ports["gateway"]),
            "CONECTAR_PUBLIC_URL": f"http://127.0.0.1:{ports['gateway']}",
            "CONECTAR_NAMESPACE": f"ft{run}",
            "CONECTAR_BROKER_URL": str(broker_url),
            "CONECTAR_REDIS_URL": str(redis_url),
            "CONECTAR_LOG_JSON": "true",
            "CONECTAR_RATE_LIMIT_AUTH_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_USER_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000",
            "CONECTAR_LOGIN_FAILURES_PER_ADDRESS": "100000",
            "CONECTAR_LOGIN_FAILURES_PER_ACCOUNT": "3",
            "CONECTAR_CHAT_MESSAGES_PER_MINUTE": "100000",
            "CONECTAR_OUTBOX_POLL_SECONDS": "0.5",
            "CONECTAR_CONSUMER_RETRY_DELAYS_MS": "200,500,1000",
            "CONECTAR_SMTP_HOST": mail_catcher.host,
            "CONECTAR_SMTP_PORT": str(mail_catcher.port),
            "CONECTAR_SMTP_SECURITY": "none",
            "CONECTAR_SMTP_TIMEOUT_SECONDS": "3",
            "CONECTAR_NOTIFICATIONS_POLL_SECONDS": "0.2",
            "CONECTAR_NOTIFICATIONS_RETRY_BASE_SECONDS": "0.3",
            "CONECTAR_NOTIFICATIONS_RETRY_MAX_SECONDS": "2",
            "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_DELAY_SECONDS": "1",
        }
    )
    for service in ports:
        if service != "gateway":
            base[f"CONECTAR_{service.upper()}_URL"] = f"http://127.0.0.1:{ports[service]}"
    for service in DATABASE_SERVICES:
        base[f"CONECTAR_{service.upper()}_DATABASE_URL"] = _through(
            direct_db[service], proxies[f"db:{service}"]
        )
    env = devstack.stack_environment(base)
    services = ["gateway", *SERVICES]
    hosted = [s for s in DATABASE_SERVICES if s in SERVICES]
    direct_env = {f"CONECTAR_{s.upper()}_DATABASE_URL": url for s, url in direct_db.items()}
    devstack.ensure_databases(direct_env, hosted)
    stack = devstack.Stack(services, env)
    namespace = env["CONECTAR_NAMESPACE"]
    platform = FaultPlatform(
        base_url=f"http://127.0.0.1:{ports['gateway']}",
        env=env,
        stack=stack,
        broker_proxy=proxies["broker"],
        namespace=namespace,
        service_urls={s: f"http://127.0.0.1:{ports[s]}" for s in services},
        proxies=proxies,
        ports=ports,
    )
    try:
        stack.start_all()
        try:
            for service in services:
                wait_ready(platform.service_urls[service] + "/health/ready")
        except RuntimeError:
            for service in services:
                print(f"--- {service} ---\n{platform.logs(service)[-4000:]}")
            raise
        all_ok(platform)
        yield platform
    finally:
        platform.heal()
        stack.stop_all()
        devstack.drop_databases(direct_env, hosted)
        asyncio.run(delete_namespace_queues(namespace))


def all_ok(platform: FaultPlatform, timeout: float = 30.0) -> None:
    """Fail (never skip) unless every process reports every dependency up: a missing PostgreSQL,
    RabbitMQ or Redis fails every test here rather than letting a degraded platform pass."""
    deadline = time.monotonic() + timeout
    while True:
        answers = {}
        for service, url in platform.service_urls.items():
            try:
                response = httpx.get(url + "/health/ready", timeout=5)
                answers[service] = (response.status_code, response.text)
            except httpx.HTTPError as exc:
                answers[service] = (0, repr(exc))
        if all(
            status == 200 and '"status":"ok"' in text.replace(" ", "") for status, text in answers.values()
        ):
            return
        if time.monotonic() > deadline:
            pytest.fail(f"the platform's dependencies are not all up: {answers}")
        time.sleep(0.5)


@pytest.fixture(autouse=True)
def healed(platform: FaultPlatform) -> Iterator[None]:
    """Whatever a test breaks is mended before the next one starts."""
    yield
    platform.heal()


@pytest.fixture
async def api(platform: FaultPlatform) -> AsyncIterator[httpx.AsyncClient]:
    async with platform.client() as client:
        yield client


async def readiness(platform: FaultPlatform) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every process's /health/ready, asked directly (not through the gateway)."""
    async with httpx.AsyncClient(timeout=10) as direct:
        answers = {}
        for service, url in platform.service_urls.items():
            response = await direct.get(url + "/health/ready")
            answers[service] = (response.status_code, response.json())
        return answers
