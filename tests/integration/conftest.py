"""The distributed platform for integration tests: every service as its own process (``conectar serve``)
on PostgreSQL (a database per service, created here), RabbitMQ and Redis, reached through the gateway.

RabbitMQ is reached through a TCP proxy that tests can cut, to show that nothing is lost while the broker
is away (the fault-injection suite also puts Redis and every database behind one: ``running_platform``).
Nothing is skipped: a missing PostgreSQL, RabbitMQ or Redis fails the run.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from conectar import devstack
from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS
from conectar.services import SERVICES
from conectar.standins.smtp import MailCatcher
from tests.databases import clone_migrated
from tests.services.conftest import BROKER_URL, POSTGRES, REDIS_URL, delete_namespace_queues
from tests.tcp_proxy import TcpProxy, free_port

__all__ = ["Platform", "TcpProxy", "free_port", "running_platform", "wait_ready"]

STARTUP_TIMEOUT = 90.0


@dataclass
class Platform:
    base_url: str
    env: dict[str, str]
    stack: devstack.Stack
    broker_proxy: TcpProxy
    namespace: str
    service_urls: dict[str, str] = field(default_factory=dict)
    proxies: dict[str, TcpProxy] = field(default_factory=dict)  # "broker", and "redis", "db:<service>"
    ports: dict[str, int] = field(default_factory=dict)

    def client(self, **kwargs: Any) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.base_url, timeout=30, **kwargs)

    def database_url(self, service: str) -> str:
        return self.env[f"CONECTAR_{service.upper()}_DATABASE_URL"]

    def restart(self, service: str, *, kill: bool = False) -> None:
        import signal

        self.stack.stop(service, sig=signal.SIGKILL if kill else signal.SIGTERM)
        self.stack.start(service)
        wait_ready(self.service_urls[service] + "/health/ready")

    def logs(self, service: str) -> str:
        return "\n".join(self.stack.log_lines.get(service, []))


def wait_ready(url: str, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=2)
            if response.status_code == 200:
                return
            last = response.text
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready: {last}")


@pytest.fixture(scope="session")
def mail_catcher() -> Iterator[MailCatcher]:
    """The SMTP server the platform's notifications service sends to (aiosmtpd; tests may stop and
    start it to play an outage)."""
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


def _proxy_for(url: str, default_port: int) -> TcpProxy:
    parsed = httpx.URL(url.replace("postgresql+asyncpg://", "postgresql://"))
    return TcpProxy(parsed.host or "localhost", parsed.port or default_port).start()


def _through(url: str, proxy: TcpProxy) -> str:
    scheme, rest = url.split("://", 1)
    credentials, _, location = rest.rpartition("@")
    path = location.split("/", 1)[1] if "/" in location else ""
    return f"{scheme}://{credentials + '@' if credentials else ''}127.0.0.1:{proxy.port}/{path}"


async def _clone_migrated_databases(urls: dict[str, str], services: list[str]) -> None:
    await asyncio.gather(*(clone_migrated(POSTGRES, s, name=urls[s].rsplit("/", 1)[1]) for s in services))


@contextmanager
def running_platform(
    data_dir: Path,
    mail_catcher: MailCatcher,
    *,
    prefix: str = "it",
    proxy_redis: bool = False,
    proxy_databases: bool = False,
    settings: dict[str, str] | None = None,
) -> Iterator[Platform]:
    """Every service as a process behind its gateway, with RabbitMQ (and optionally Redis and each
    service's database) reached through a TCP proxy the tests control; torn down afterwards."""
    run = uuid.uuid4().hex[:8]
    proxies = {"broker": _proxy_for(BROKER_URL, 5672)}
    if proxy_redis:
        proxies["redis"] = _proxy_for(REDIS_URL, 6379)
    direct_db = {service: f"{POSTGRES}/conectar_{prefix}_{run}_{service}" for service in DATABASE_SERVICES}
    if proxy_databases:
        for service in DATABASE_SERVICES:
            proxies[f"db:{service}"] = _proxy_for(direct_db[service], 5432)
    ports = {service: free_port() for service in DEFAULT_PORTS}
    base: dict[str, str] = {k: v for k, v in os.environ.items() if not k.startswith("CONECTAR_")}
    base.update(
        {
            "CONECTAR_DATA_DIR": str(data_dir),
            "CONECTAR_PORT": str(ports["gateway"]),
            "CONECTAR_PUBLIC_URL": f"http://127.0.0.1:{ports['gateway']}",
            "CONECTAR_NAMESPACE": f"{prefix}{run}",
            "CONECTAR_BROKER_URL": _through(BROKER_URL, proxies["broker"]),
            "CONECTAR_LOG_JSON": "true",
            "CONECTAR_RATE_LIMIT_AUTH_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_USER_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000",
            "CONECTAR_LOGIN_FAILURES_PER_ADDRESS": "100000",
            "CONECTAR_CHAT_MESSAGES_PER_MINUTE": "100000",
            "CONECTAR_OUTBOX_POLL_SECONDS": "0.5",
            "CONECTAR_CONSUMER_RETRY_DELAYS_MS": "200,500,1000",
            # Chat: timed transitions checked every second (tests move timestamps back instead of waiting).
            "CONECTAR_CHAT_TIMER_INTERVAL_SECONDS": "1",
            "CONECTAR_CHAT_MONEY_RETRY_SECONDS": "1",
            # Notifications: e-mail to the test's SMTP server, fast polling and short backoff.
            "CONECTAR_SMTP_HOST": mail_catcher.host,
            "CONECTAR_SMTP_PORT": str(mail_catcher.port),
            "CONECTAR_SMTP_SECURITY": "none",
            "CONECTAR_SMTP_TIMEOUT_SECONDS": "3",
            "CONECTAR_NOTIFICATIONS_POLL_SECONDS": "0.2",
            "CONECTAR_NOTIFICATIONS_RETRY_BASE_SECONDS": "0.3",
            "CONECTAR_NOTIFICATIONS_RETRY_MAX_SECONDS": "2",
            "CONECTAR_NOTIFICATIONS_MAX_ATTEMPTS": "30",
            "CONECTAR_NOTIFICATIONS_CHAT_EMAIL_DELAY_SECONDS": "1",
            **(settings or {}),
        }
    )
    if proxy_redis:
        base["CONECTAR_REDIS_URL"] = _through(REDIS_URL, proxies["redis"])
    for service in ports:
        if service != "gateway":
            base[f"CONECTAR_{service.upper()}_URL"] = f"http://127.0.0.1:{ports[service]}"
    direct_env = {f"CONECTAR_{s.upper()}_DATABASE_URL": url for s, url in direct_db.items()}
    for service, url in direct_db.items():
        proxy = proxies.get(f"db:{service}")
        base[f"CONECTAR_{service.upper()}_DATABASE_URL"] = _through(url, proxy) if proxy else url
    env = devstack.stack_environment(base)
    services = ["gateway", *SERVICES]
    hosted = [s for s in DATABASE_SERVICES if s in SERVICES]
    asyncio.run(_clone_migrated_databases(direct_db, hosted))
    stack = devstack.Stack(services, env)
    namespace = env["CONECTAR_NAMESPACE"]
    platform = Platform(
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
        yield platform
    finally:
        for proxy in proxies.values():
            proxy.delay(0)
            proxy.restore()
        stack.stop_all()
        devstack.drop_databases(direct_env, hosted)
        asyncio.run(delete_namespace_queues(namespace))


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory, mail_catcher: MailCatcher) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("platform"), mail_catcher) as platform:
        yield platform


@pytest.fixture
async def api(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with platform.client() as client:
        yield client
