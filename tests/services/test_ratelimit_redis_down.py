"""Rate limits while Redis is down: the limits still apply from process memory (429, never a 5xx), the
fallback is counted, and the limits go back to Redis (shared by every replica) once it returns."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY

from conectar.gateway import create_gateway_app
from conectar.platform.errors import RateLimited
from conectar.platform.infra import build_infrastructure
from conectar.platform.kv import RedisStore
from conectar.platform.kv_fallback import ResilientStore
from conectar.platform.ratelimit import RateLimiter
from tests.factories import eventually
from tests.services.conftest import REDIS_URL
from tests.services.test_gateway_support import SigningKey, auth_app, make_settings, serve, unused_url
from tests.tcp_proxy import TcpProxy


@contextmanager
def redis_proxy() -> Iterator[TcpProxy]:
    """The machine's Redis behind a proxy this test can cut and restore."""
    host, _, port = REDIS_URL.removeprefix("redis://").partition("/")[0].partition(":")
    proxy = TcpProxy(host or "localhost", int(port or 6379)).start()
    try:
        yield proxy
    finally:
        proxy.restore()


def fallbacks(service: str) -> float:
    value = REGISTRY.get_sample_value("conectar_kv_fallback_total", {"service": service, "operation": "gcra"})
    return value or 0.0


def degraded(service: str) -> float | None:
    return REGISTRY.get_sample_value("conectar_kv_degraded", {"service": service})


async def test_limits_apply_when_redis_is_unreachable() -> None:
    service = f"svc-{uuid.uuid4().hex[:6]}"
    store = RedisStore(unused_url().replace("http://", "redis://") + "/0", namespace="unreachable")
    try:
        limiter = RateLimiter(store, service=service)
        decisions = [await limiter.check("login", "203.0.113.9", 3, 60) for _ in range(4)]
        assert [d.allowed for d in decisions] == [True, True, True, False]
        assert decisions[-1].retry_after > 0
        with pytest.raises(RateLimited) as refused:
            await limiter.hit("login", "203.0.113.9", 3, 60, "Demasiados intentos")
        assert refused.value.status_code == 429
        assert fallbacks(service) == 5
        assert degraded(service) == 1
    finally:
        await store.close()


async def test_limits_return_to_redis_when_it_comes_back() -> None:
    service = f"svc-{uuid.uuid4().hex[:6]}"
    namespace = f"t{uuid.uuid4().hex[:10]}"
    direct = RedisStore(REDIS_URL, namespace=namespace)  # another replica, with its own way to Redis
    with redis_proxy() as proxy:
        through_proxy = RedisStore(f"redis://127.0.0.1:{proxy.port}/0", namespace=namespace)
        limiter = RateLimiter(through_proxy, service=service)
        resilient = limiter.kv
        assert isinstance(resilient, ResilientStore)
        try:
            # Healthy: the hits are in Redis, where the other replica sees them.
            assert (await limiter.check("login", "a", 3, 60)).allowed
            assert await direct.exists("rl:login:a")
            assert fallbacks(service) == 0

            proxy.cut()
            decisions = [await limiter.check("login", "b", 2, 60) for _ in range(3)]
            assert [d.allowed for d in decisions] == [True, True, False]
            assert fallbacks(service) == 3
            assert degraded(service) == 1
            # Counted in this process only: Redis never saw them.
            assert not await direct.exists("rl:login:b")

            proxy.restore()

            async def back_on_redis() -> bool:
                await limiter.check("login", f"probe-{uuid.uuid4().hex}", 100, 60)
                return not resilient.degraded

            await eventually(back_on_redis)
            assert degraded(service) == 0
            counted = fallbacks(service)
            # Shared again: what one replica counts, the other sees and enforces.
            assert (await limiter.check("login", "c", 2, 60)).allowed
            assert await direct.exists("rl:login:c")
            assert (await direct.gcra("rl:login:c", 2, 60)).allowed
            assert not (await limiter.check("login", "c", 2, 60)).allowed
            assert fallbacks(service) == counted
        finally:
            keys = [k async for k in direct.client.scan_iter(f"{direct.prefix}*")]
            if keys:
                await direct.client.delete(*keys)
            await through_proxy.close()
            await direct.close()


async def test_the_gateway_answers_429_not_5xx_while_redis_is_down(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, rate_limit_enabled=True, rate_limit_auth_per_minute=3)
    dead_redis = RedisStore(unused_url().replace("http://", "redis://") + "/0", namespace="gateway-down")
    infra = dataclasses.replace(build_infrastructure(settings), kv=dead_redis)
    before = fallbacks("gateway")
    app = create_gateway_app(infra, hosted={"auth": auth_app(SigningKey())})
    async with serve(app, lifespan="on") as url, httpx.AsyncClient(base_url=url, timeout=20) as client:
        statuses = []
        for _ in range(4):
            response = await client.post("/api/v1/auth/login", json={})
            statuses.append(response.status_code)
        assert statuses == [200, 200, 200, 429]
        assert int(response.headers["Retry-After"]) > 0
        assert response.json()["detail"] == "Demasiadas solicitudes; esperá un momento"
    assert fallbacks("gateway") - before == 4
