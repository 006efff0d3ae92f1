"""What every request of every service passes through: no thread hand-offs, and a saturated process refuses
at once with 503 instead of queueing."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, APIWebSocketRoute

from conectar.standalone import create_standalone_app
from tests.conftest import standalone_settings
from tests.services.conftest import running_standalone


def _dependencies(dependant: Dependant) -> Iterator[Any]:
    for sub in dependant.dependencies:
        yield sub.call
        yield from _dependencies(sub)


def _routes(routes: list[Any]) -> Iterator[APIRoute | APIWebSocketRoute]:
    """Every API route, also those of included routers (which FastAPI keeps as routers of their own)."""
    for route in routes:
        if isinstance(route, APIRoute | APIWebSocketRoute):
            yield route
        elif hasattr(route, "original_router"):
            yield from _routes(route.original_router.routes)


def _runs_in_a_thread(call: Any) -> bool:
    """FastAPI runs a dependency or endpoint in a worker thread unless it is a coroutine (or async generator)."""
    target = call if inspect.isfunction(call) or inspect.ismethod(call) else type(call).__call__
    return not (inspect.iscoroutinefunction(target) or inspect.isasyncgenfunction(target))


def test_no_route_of_any_service_hands_work_to_a_thread(tmp_path: Path) -> None:
    host = create_standalone_app(standalone_settings(tmp_path))
    threaded: list[str] = []
    seen = 0
    for name, app in {**host.services, "gateway": host.gateway}.items():
        for route in _routes(app.routes):
            seen += 1
            calls = [route.endpoint, *_dependencies(route.dependant)]
            threaded += [f"{name} {route.path}: {c.__qualname__}" for c in calls if _runs_in_a_thread(c)]
    assert seen > 200
    assert not threaded, threaded


async def test_a_saturated_platform_answers_503_with_retry_advice(tmp_path: Path) -> None:
    async with running_standalone(
        tmp_path, http_max_in_flight=1, http_admission_wait_seconds=0.05
    ) as platform:
        body = {"username": "nadie@example.com", "password": "clave-incorrecta-1"}

        async def login() -> httpx.Response:
            return await platform.client.post("/api/v1/auth/login", data=body)

        answers = await asyncio.gather(*(login() for _ in range(8)))
    refused = [a for a in answers if a.status_code == 503]
    assert refused, [a.status_code for a in answers]
    assert all(a.status_code in (401, 503) for a in answers)
    assert refused[0].headers["retry-after"] == "1"
    assert "saturado" in refused[0].json()["detail"]
