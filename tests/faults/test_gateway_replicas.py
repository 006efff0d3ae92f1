"""The gateway balancing over two replicas of the users service, one of which is killed (SIGKILL): only
the first few requests after the kill may fail (until the dead replica's circuit opens); every later
request is served by the survivor."""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.factories import register
from tests.integration.conftest import Platform, free_port, wait_ready

# CONECTAR_CIRCUIT_FAILURE_THRESHOLD (the default): consecutive failures that open a replica's circuit.
CIRCUIT_THRESHOLD = 5
REQUESTS_AFTER_KILL = 60


@pytest.fixture
def two_replicas(platform: Platform) -> Iterator[str]:
    """A second users process and a gateway of its own that balances over both; yields that gateway's URL."""
    users_a = platform.service_urls["users"]
    users_b = f"http://127.0.0.1:{free_port()}"
    gateway_port = free_port()
    platform.stack.start("users", name="users-b", env={"CONECTAR_USERS_URL": users_b})
    platform.stack.start(
        "gateway",
        name="gateway-b",
        env={"CONECTAR_PORT": str(gateway_port), "CONECTAR_USERS_URL": f"{users_a},{users_b}"},
    )
    try:
        wait_ready(users_b + "/health/ready")
        wait_ready(f"http://127.0.0.1:{gateway_port}/health/ready")
        yield f"http://127.0.0.1:{gateway_port}"
    finally:
        platform.stack.stop("gateway-b")
        platform.stack.stop("users-b", sig=signal.SIGKILL)


async def test_a_killed_replica_costs_only_the_requests_before_its_circuit_opens(
    platform: Platform, api: httpx.AsyncClient, two_replicas: str
) -> None:
    person = await register(api, "CLIENTE")
    async with httpx.AsyncClient(base_url=two_replicas, timeout=30) as gateway:
        # Both replicas serve (round robin) before the kill.
        for _ in range(10):
            me = await gateway.get("/api/v1/users/me", headers=person.headers)
            assert me.status_code == 200, me.text

        await asyncio.to_thread(platform.stack.stop, "users-b", sig=signal.SIGKILL)
        killed = time.monotonic()
        results: list[tuple[float, int]] = []
        for _ in range(REQUESTS_AFTER_KILL):
            me = await gateway.get("/api/v1/users/me", headers=person.headers)
            results.append((time.monotonic() - killed, me.status_code))
            if me.status_code == 200:
                assert me.json()["id"] == str(person.id)

    failures = [(index, at, status) for index, (at, status) in enumerate(results) if status != 200]
    # Only requests the dead replica was given before its circuit opened fail: at most the threshold, all
    # among the first few requests (alternating replicas: the first 2 x threshold), as 502/503, never 500.
    assert len(failures) <= CIRCUIT_THRESHOLD, failures
    assert all(index < 2 * CIRCUIT_THRESHOLD + 1 for index, _, _ in failures), failures
    assert all(status in (502, 503, 504) for _, _, status in failures), failures
    assert all(status == 200 for _, status in results[2 * CIRCUIT_THRESHOLD + 1 :]), results
    print(f"failures after the kill (index, seconds, status): {failures}")
