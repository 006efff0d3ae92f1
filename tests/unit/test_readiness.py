"""Readiness: only a dependency nothing covers makes an instance unready; the others make it degraded."""

from __future__ import annotations

import json

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
