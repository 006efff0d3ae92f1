"""Readiness: only a dependency nothing covers makes an instance unready; the others make it degraded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from prometheus_client import REGISTRY

from conectar.platform.readiness import readiness


async def answers() -> None:
    return None


async def fails() -> None:
    raise ConnectionError("down")


def gauge(service: str, dependency: str) -> float | None:
    return REGISTRY.get_sample_value("conectar_dependency_up", {"service": service, "dependency": dependency})


async def test_a_degradable_dependency_away_keeps_the_instance_ready() -> None:
    response = await readiness("svc-a", required={"database": answers}, degradable={"broker": fails})
    assert response.status_code == 200
    body = json.loads(response.body)
    assert body["status"] == "degraded"
    assert body["degraded"] == ["broker"]
    assert body["checks"] == {"database": "ok", "broker": "error: ConnectionError"}
    assert gauge("svc-a", "broker") == 0
    assert gauge("svc-a", "database") == 1


async def test_a_required_dependency_away_makes_it_unready() -> None:
    response = await readiness("svc-b", required={"database": fails}, degradable={"broker": answers})
    assert response.status_code == 503
    assert json.loads(response.body)["status"] == "unavailable"
    assert gauge("svc-b", "database") == 0


async def test_all_answering_is_ok() -> None:
    response = await readiness("svc-c", required={"database": answers}, degradable={"redis": answers})
    assert response.status_code == 200
    assert json.loads(response.body) == {
        "status": "ok",
        "service": "svc-c",
        "checks": {"database": "ok", "redis": "ok"},
    }


async def test_the_dependency_gauge_is_kept_current_without_anyone_probing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Compose's health checks ask /health/live only: the gauge the alerts read must move by itself."""
    import asyncio
    from types import SimpleNamespace

    from conectar.platform import app as service_app

    broker_up = False

    async def broker() -> None:
        if not broker_up:
            raise ConnectionError("down")

    ctx: Any = SimpleNamespace(
        name="svc-watched",
        settings=SimpleNamespace(standalone=False),
        db=SimpleNamespace(ping=answers),
        infra=SimpleNamespace(bus=SimpleNamespace(ping=broker), kv=SimpleNamespace(ping=answers)),
    )
    monkeypatch.setattr(service_app, "DEPENDENCY_WATCH_SECONDS", 0.01)
    watcher = service_app.watch_dependencies(ctx)
    watcher.start()
    try:
        await asyncio.sleep(0.05)
        assert gauge("svc-watched", "broker") == 0
        assert gauge("svc-watched", "database") == 1
        broker_up = True
        await asyncio.sleep(0.05)
        assert gauge("svc-watched", "broker") == 1
    finally:
        await watcher.stop()
