"""Admission control: a saturated process answers 503 with Retry-After at once, instead of queueing."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from prometheus_client import REGISTRY
from starlette.types import Receive, Scope, Send

from conectar.platform.admission import AdmissionGate, AdmissionMiddleware


def slow_app(seconds: float, *, stream_for: float = 0.0):  # type: ignore[no-untyped-def]
    """Takes ``seconds`` before its answer starts, then streams its body for ``stream_for`` seconds."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(seconds)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        if stream_for:
            await send({"type": "http.response.body", "body": b"a", "more_body": True})
            await asyncio.sleep(stream_for)
        await send({"type": "http.response.body", "body": b"ok"})

    return app


def client(app: AdmissionMiddleware) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def refusals() -> float:
    return REGISTRY.get_sample_value("conectar_http_requests_refused_total", {"service": "test"}) or 0.0


async def test_requests_beyond_the_limit_wait_then_are_refused_with_retry_advice() -> None:
    app = AdmissionMiddleware(slow_app(0.5), service="test", limit=2, max_wait=0.1)
    async with client(app) as http:
        started = asyncio.get_running_loop().time()
        answers = await asyncio.gather(*(http.get("/api/v1/x") for _ in range(5)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 503, 503, 503]
    refused = next(a for a in answers if a.status_code == 503)
    assert refused.headers["retry-after"] == "1"
    assert "saturado" in refused.json()["detail"]
    assert asyncio.get_running_loop().time() - started < 1.0  # nobody waited for the slow ones to finish


async def test_a_waiting_request_is_admitted_when_a_place_frees_within_the_wait() -> None:
    app = AdmissionMiddleware(slow_app(0.1), service="test", limit=1, max_wait=1.0)
    refused_before = refusals()
    async with client(app) as http:
        started = asyncio.get_running_loop().time()
        answers = await asyncio.gather(*(http.get("/api/v1/x") for _ in range(3)))
        elapsed = asyncio.get_running_loop().time() - started
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.text for a in answers] == ["ok", "ok", "ok"]  # every one reached the app
    assert elapsed >= 0.3  # one place: they were served in turn, not all at once
    assert refusals() == refused_before
    assert (app.gate.active, app.gate.waiting) == (0, 0)


async def test_a_place_is_given_back_when_the_answer_starts_not_when_a_stream_ends() -> None:
    app = AdmissionMiddleware(slow_app(0.0, stream_for=1.0), service="test", limit=1, max_wait=0.2)
    async with client(app) as http:
        first = asyncio.create_task(http.get("/api/v1/stream"))
        await asyncio.sleep(0.1)
        second = await http.get("/api/v1/x")
        assert second.status_code == 200
        assert second.text == "aok"  # admitted (max_wait 0.2 s) while the first was still streaming
        streamed = await first
        assert streamed.status_code == 200
        assert streamed.text == "aok"
    assert (app.gate.active, app.gate.waiting) == (0, 0)


async def test_probes_and_metrics_are_never_refused() -> None:
    app = AdmissionMiddleware(slow_app(0.3), service="test", limit=1, max_wait=0.05)
    refused_before = refusals()
    async with client(app) as http:
        answers = await asyncio.gather(
            http.get("/api/v1/x"), http.get("/health/ready"), http.get("/health/live"), http.get("/metrics")
        )
        # the one place is taken: an ordinary request now is refused, a probe still goes through
        holder = asyncio.create_task(http.get("/api/v1/x"))
        await asyncio.sleep(0.05)
        busy = await http.get("/api/v1/y")
        probe = await http.get("/health/ready")
        await holder
    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    assert [a.text for a in answers] == ["ok", "ok", "ok", "ok"]
    assert busy.status_code == 503
    assert (probe.status_code, probe.text) == (200, "ok")
    assert refusals() == refused_before + 1  # only the ordinary request was counted as refused


async def test_waiters_are_admitted_in_arrival_order() -> None:
    gate = AdmissionGate(1, max_wait=5, max_queue=10)
    assert await gate.enter()
    order: list[int] = []

    async def waiter(n: int) -> None:
        assert await gate.enter()
        order.append(n)
        gate.leave()

    tasks = []
    for n in range(4):
        tasks.append(asyncio.create_task(waiter(n)))
        await asyncio.sleep(0)
    gate.leave()
    await asyncio.gather(*tasks)
    assert order == [0, 1, 2, 3]
    assert gate.active == 0
    assert gate.waiting == 0


async def test_a_full_queue_refuses_without_waiting() -> None:
    gate = AdmissionGate(1, max_wait=5, max_queue=1)
    assert await gate.enter()
    queued = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    assert await asyncio.wait_for(gate.enter(), 0.05) is False
    gate.leave()
    assert await queued
    gate.leave()
    assert gate.active == 0


async def test_a_cancelled_waiter_gives_its_place_to_the_next() -> None:
    gate = AdmissionGate(1, max_wait=5, max_queue=10)
    assert await gate.enter()
    gone = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    nxt = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    gone.cancel()
    with pytest.raises(asyncio.CancelledError):
        await gone
    gate.leave()
    assert await nxt
    assert gate.active == 1
    assert gate.waiting == 0
    gate.leave()
    assert gate.active == 0
