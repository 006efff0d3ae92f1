"""Every recorded call of the original frontend (tests/legacy_frontend/calls.py) sent to a running layer:
a served one reaches its declared call (counted under its name, never as unmatched), one that is not
served is the layer's 404. Fast and broad; what each page reads of the answers is
test_legacy_frontend.py, the real frontend in a browser tests/legacy_frontend/."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from prometheus_client import REGISTRY

from conectar.gateway.legacy.calls import CallTable
from conectar.gateway.legacy.table import LEGACY_CALLS
from tests.factories import register
from tests.legacy_frontend.calls import ADAPTED, FRONTEND_CALLS, V1
from tests.services.conftest import Standalone, running_standalone

LEGACY = "/legacy/api/v1"
SOME_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    async with running_standalone(tmp_path_factory.mktemp("legacy-calls"), legacy_clients_enabled=True) as p:
        yield p


def requests_of(route: str) -> float:
    return sum(
        sample.value
        for metric in REGISTRY.collect()
        if metric.name == "conectar_legacy_requests"
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels.get("route") == route
    )


async def test_every_recorded_call_reaches_the_call_it_is_recorded_as(standalone: Standalone) -> None:
    api = standalone.client
    cliente = await register(api, "CLIENTE")
    table = CallTable(LEGACY_CALLS)
    for method, path, serves, served in FRONTEND_CALLS:
        sent = re.sub(r"\{[^}]+\}", SOME_ID, path)
        body = {} if method in ("POST", "PUT", "PATCH") else None
        if served in (ADAPTED, V1):
            found = table.match(method, sent)
            assert found is not None, (method, path)
            route = found[0].route
            before = requests_of(route)
            answer = await api.request(method, f"{LEGACY}{sent}", headers=cliente.headers, json=body)
            assert requests_of(route) == before + 1, (method, path, serves, answer.status_code)
            assert answer.status_code < 500, (method, path, answer.status_code, answer.text)
        else:
            before = requests_of("unmatched")
            answer = await api.request(method, f"{LEGACY}{sent}", headers=cliente.headers, json=body)
            assert (answer.status_code, answer.json()) == (404, {"detail": "No encontrado"}), (method, path)
            assert requests_of("unmatched") == before + 1, (method, path)
