"""The distributed platform for integration tests: every service as its own process (``conectar serve``)
on PostgreSQL (a database per service, created here), RabbitMQ and Redis, reached through the gateway.

RabbitMQ is reached through a TCP proxy that tests can cut, to show that nothing is lost while the broker
is away. Nothing is skipped: a missing PostgreSQL, RabbitMQ or Redis fails the run.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from conectar import devstack
from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS
from conectar.services import SERVICES
from tests.notifications_standins.smtp import MailCatcher
from tests.services.conftest import BROKER_URL, POSTGRES, delete_namespace_queues

STARTUP_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class TcpProxy:
    """A TCP proxy on its own thread and loop; ``cut()`` drops every connection and refuses new ones."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self._loop = asyncio.new_event_loop()
        self._open = True
        self._writers: set[asyncio.StreamWriter] = set()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def main() -> None:
            server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
            self._ready.set()
            async with server:
                await server.serve_forever()

        self._loop.run_until_complete(main())

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._open:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._writers.update({writer, up_writer})

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})

    def cut(self) -> None:
        def close_all() -> None:
            self._open = False
            for writer in list(self._writers):
                writer.transport.abort()
            self._writers.clear()

        self._loop.call_soon_threadsafe(close_all)

    def restore(self) -> None:
        self._loop.call_soon_threadsafe(lambda: setattr(self, "_open", True))


@dataclass
class Platform:
    base_url: str
    env: dict[str, str]
    stack: devstack.Stack
    broker_proxy: TcpProxy
    namespace: str
    service_urls: dict[str, str] = field(default_factory=dict)

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


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory, mail_catcher: MailCatcher) -> Iterator[Platform]:
    run = uuid.uuid4().hex[:8]
    data_dir: Path = tmp_path_factory.mktemp("platform")
    broker = httpx.URL(BROKER_URL)
    proxy = TcpProxy(broker.host, broker.port or 5672)
    proxy.start()
    ports = {service: free_port() for service in DEFAULT_PORTS}
    base: dict[str, str] = {k: v for k, v in os.environ.items() if not k.startswith("CONECTAR_")}
    base.update(
        {
            "CONECTAR_DATA_DIR": str(data_dir),
            "CONECTAR_PORT": str(ports["gateway"]),
            "CONECTAR_PUBLIC_URL": f"http://127.0.0.1:{ports['gateway']}",
            "CONECTAR_NAMESPACE": f"it{run}",
            "CONECTAR_BROKER_URL": f"amqp://guest:guest@127.0.0.1:{proxy.port}/",
            "CONECTAR_LOG_JSON": "true",
            "CONECTAR_RATE_LIMIT_AUTH_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_USER_PER_MINUTE": "100000",
            "CONECTAR_RATE_LIMIT_ANONYMOUS_PER_MINUTE": "100000",
            "CONECTAR_LOGIN_FAILURES_PER_ADDRESS": "100000",
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
        }
    )
    for service in ports:
        if service != "gateway":
            base[f"CONECTAR_{service.upper()}_URL"] = f"http://127.0.0.1:{ports[service]}"
    for service in DATABASE_SERVICES:
        base[f"CONECTAR_{service.upper()}_DATABASE_URL"] = f"{POSTGRES}/conectar_it_{run}_{service}"
    env = devstack.stack_environment(base)
    services = ["gateway", *SERVICES]
    hosted = [s for s in DATABASE_SERVICES if s in SERVICES]
    devstack.ensure_databases(env, hosted)
    stack = devstack.Stack(services, env)
    namespace = env["CONECTAR_NAMESPACE"]
    platform = Platform(
        base_url=f"http://127.0.0.1:{ports['gateway']}",
        env=env,
        stack=stack,
        broker_proxy=proxy,
        namespace=namespace,
        service_urls={s: f"http://127.0.0.1:{ports[s]}" for s in services},
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
        stack.stop_all()
        devstack.drop_databases(env, hosted)
        asyncio.run(delete_namespace_queues(namespace))


@pytest.fixture
async def api(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with platform.client() as client:
        yield client
