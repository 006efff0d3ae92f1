"""The distributed platform for fault-injection tests: every service as its own process on PostgreSQL,
RabbitMQ and Redis, with a TCP proxy that the tests control (cut, delay, reset) in front of EACH dependency
— ``platform.proxies["broker"]``, ``["redis"]`` and ``["db:<service>"]``.

Built by the integration suite's ``running_platform``. Nothing is skipped: a missing PostgreSQL, RabbitMQ or
Redis fails the run.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from conectar.standins.smtp import MailCatcher
from tests.integration.conftest import Platform, mail_catcher, running_platform

__all__ = ["mail_catcher", "readiness"]

LOGIN_FAILURES_PER_ACCOUNT = 3


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory, mail_catcher: MailCatcher) -> Iterator[Platform]:
    with running_platform(
        tmp_path_factory.mktemp("faults"),
        mail_catcher,
        prefix="ft",
        proxy_redis=True,
        proxy_databases=True,
        settings={"CONECTAR_LOGIN_FAILURES_PER_ACCOUNT": str(LOGIN_FAILURES_PER_ACCOUNT)},
    ) as platform:
        all_ok(platform)
        yield platform


def all_ok(platform: Platform, timeout: float = 30.0) -> None:
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
def healed(platform: Platform) -> Iterator[None]:
    """Whatever a test breaks is mended before the next one starts."""
    yield
    for proxy in platform.proxies.values():
        proxy.delay(0)
        proxy.restore()


@pytest.fixture
async def api(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with platform.client() as client:
        yield client


async def readiness(platform: Platform) -> dict[str, tuple[int, dict[str, Any]]]:
    """Every process's /health/ready, asked directly (not through the gateway)."""
    async with httpx.AsyncClient(timeout=10) as direct:
        answers = {}
        for service, url in platform.service_urls.items():
            response = await direct.get(url + "/health/ready")
            answers[service] = (response.status_code, response.json())
        return answers
