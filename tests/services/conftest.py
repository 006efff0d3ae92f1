"""Fixtures for service tests: the machine's PostgreSQL, RabbitMQ and Redis (never skipped: a missing
service fails the run), and a whole standalone platform behind its gateway."""

from __future__ import annotations

import asyncio
import json
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from moto.server import ThreadedMotoServer

from conectar import devstack
from conectar.contracts.events import EventEnvelope, IntegrationEvent
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.settings import Settings
from conectar.standalone import StandaloneHost, create_standalone_app
from tests.conftest import standalone_settings
from tests.databases import migrated_sqlite
from tests.servers import serve

if TYPE_CHECKING:
    from tests.services.test_web_pages import Browsers

POSTGRES = os.environ.get("CONECTAR_TEST_POSTGRES", "postgresql+asyncpg://postgres@localhost:5432")
BROKER_URL = os.environ.get("CONECTAR_TEST_BROKER_URL", "amqp://guest:guest@localhost:5672/")
REDIS_URL = os.environ.get("CONECTAR_TEST_REDIS_URL", "redis://localhost:6379/0")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = f"conectar_t_{uuid.uuid4().hex[:12]}"
    env = {"CONECTAR_TEST_DATABASE_URL": f"{POSTGRES}/{name}"}
    devstack.ensure_databases({"CONECTAR_TEST_DATABASE_URL": env["CONECTAR_TEST_DATABASE_URL"]}, ["test"])
    try:
        yield env["CONECTAR_TEST_DATABASE_URL"]
    finally:
        devstack.drop_databases(env, ["test"])


@pytest.fixture(params=["sqlite", "postgresql"])
def either_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database for one test, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def namespace() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
async def cleanup_rabbit(namespace: str) -> AsyncIterator[None]:
    yield
    await delete_namespace_queues(namespace)


async def delete_namespace_queues(namespace: str) -> None:
    import aio_pika

    from conectar.contracts.topology import SUBSCRIPTIONS

    connection = await aio_pika.connect(BROKER_URL)
    try:
        channel = await connection.channel()
        for service in [*SUBSCRIPTIONS, "test"]:
            for suffix in (
                "",
                ".dlq",
                *(f".retry.{ms}" for ms in (50, 100, 200, 500, 1000, 5000, 30000, 120000, 600000)),
            ):
                await channel.queue_delete(f"{namespace}.{service}{suffix}")
        await channel.exchange_delete(f"{namespace}.events")
    finally:
        await connection.close()


@dataclass
class Standalone:
    host: StandaloneHost
    settings: Settings
    client: httpx.AsyncClient

    async def publish(self, event: IntegrationEvent, producer: str = "test") -> EventEnvelope:
        """Publish an integration event as if another service had (for services not built yet)."""
        envelope = EventEnvelope(
            id=uuid.uuid4(),
            type=event.event_type(),
            occurred_at=utcnow(),
            producer=producer,
            payload=json.loads(event.model_dump_json()),
        )
        await self.host.infra.bus.publish([envelope])
        return envelope

    def ctx(self, service: str) -> ServiceContext:
        context: ServiceContext = self.host.services[service].state.ctx
        return context


@asynccontextmanager
async def running_standalone(data_dir: Path, **overrides: Any) -> AsyncIterator[Standalone]:
    settings = standalone_settings(data_dir, **overrides)
    await asyncio.to_thread(migrated_sqlite, data_dir)
    host = create_standalone_app(settings)
    async with host.running():
        transport = httpx.ASGITransport(app=host, client=("203.0.113.10", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver", timeout=30) as client:
            yield Standalone(host=host, settings=settings, client=client)


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    """An S3 stand-in (moto's server) on a free port, for the S3 storage."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_settings(endpoint: str) -> Settings:
    """Settings for the S3 storage on ``endpoint`` with buckets of its own (created on first use)."""
    return Settings(
        storage_backend="s3",
        s3_endpoint_url=endpoint,
        s3_access_key_id="test",
        s3_secret_access_key="test",
        s3_public_bucket=f"pub-{uuid.uuid4().hex[:8]}",
        s3_private_bucket=f"priv-{uuid.uuid4().hex[:8]}",
    )


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """The whole platform in this process (standalone mode), shared by a test module."""
    async with running_standalone(tmp_path_factory.mktemp("standalone")) as platform:
        yield platform


@pytest.fixture
async def api(standalone: Standalone) -> httpx.AsyncClient:
    return standalone.client


@dataclass
class LiveStandalone(Standalone):
    """A standalone platform also listening on a real socket (WebSockets, browser-like clients, and the
    payment sandbox's webhooks to itself)."""

    base_url: str = ""


@pytest.fixture
async def browsers(live: LiveStandalone) -> AsyncIterator[Browsers]:
    """Browser-like clients of the web app for one test, signed in as asked (``browsers.signed_in``)."""
    from tests.services.test_web_pages import Browsers

    opened = Browsers(live)
    yield opened
    await opened.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
async def live(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LiveStandalone]:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    async with (
        running_standalone(tmp_path_factory.mktemp("live"), port=port, public_url=base_url) as platform,
        serve(platform.host, port=port),
        httpx.AsyncClient(base_url=base_url, timeout=30) as client,
    ):
        yield LiveStandalone(host=platform.host, settings=platform.settings, client=client, base_url=base_url)
