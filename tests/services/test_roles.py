"""Every role-guarded operation of every service, called by each role it does not serve: 403 with the
platform's message, before the body is parsed or validated (SPEC: "the role check comes before body
validation"). The operations are read from the services' own routes, so a new one is
covered the day it is added; the areas' rules (``/admin`` is staff's, ``/cliente`` the client's,
``/professional`` the professional's) are checked against them, so a guard that is dropped fails too.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from tests.factories import ROLES, Account, person
from tests.services.conftest import Standalone

API = "/api/v1"
REFUSAL = "No tenés permiso para esta acción"
# Under /admin, what SPEC.md opens to every signed-in person (the catalog clients and professionals read).
ADMIN_AREA_EXCEPTIONS = {
    ("GET", "/api/v1/admin/oficios"),
    ("GET", "/api/v1/admin/oficios/{oficio_id}/servicios-instant"),
}
AREAS = {f"{API}/admin/": "ADMIN", f"{API}/cliente/": "CLIENTE", f"{API}/professional/": "PROFESIONAL"}


@dataclass(frozen=True)
class Guarded:
    service: str
    method: str
    path: str
    allowed: frozenset[str]


def _roles(dependant: Dependant) -> frozenset[str] | None:
    allowed = getattr(dependant.call, "allowed_roles", None)
    if allowed is not None:
        return frozenset(str(r) for r in allowed)
    for sub in dependant.dependencies:
        found = _roles(sub)
        if found is not None:
            return found
    return None


def _routes(standalone: Standalone) -> Iterator[tuple[str, str, str, frozenset[str] | None]]:
    for service, app in standalone.host.services.items():
        for context in iter_route_contexts(app.routes):
            route, path = context.original_route, context.path
            if isinstance(route, APIRoute) and path and path.startswith(API):
                dependant: Dependant = getattr(context, "dependant", route.dependant)
                for method in sorted((context.methods or set()) - {"HEAD", "OPTIONS"}):
                    yield service, method, path, _roles(dependant)


def guarded(standalone: Standalone) -> list[Guarded]:
    return [
        Guarded(service, method, path, allowed)
        for service, method, path, allowed in _routes(standalone)
        if allowed is not None
    ]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), path)


@pytest.fixture(params=ROLES)
async def caller(request: pytest.FixtureRequest, standalone: Standalone) -> Account:
    return await person(standalone.settings, standalone.client, str(request.param))


async def test_each_role_is_refused_where_it_does_not_belong_before_validation(
    standalone: Standalone, api: httpx.AsyncClient, caller: Account
) -> None:
    operations = [g for g in guarded(standalone) if caller.rol not in g.allowed]
    assert len(operations) > 20, len(operations)
    for op in operations:
        # Bodies no schema accepts (broken JSON, and JSON that is not strict): had the body been judged
        # first, these would be 422s.
        for body in (b"[", b'{"motivo": NaN}'):
            response = await api.request(
                op.method,
                concrete(op.path),
                headers={**caller.headers, "Content-Type": "application/json"},
                content=body,
                params={"page": "x"},
            )
            assert response.status_code == 403, (op, body, response.status_code, response.text)
            assert response.json() == {"detail": REFUSAL}, op


async def test_each_area_is_guarded_for_its_role(standalone: Standalone) -> None:
    routes = list(_routes(standalone))
    assert len(routes) > 100
    for service, method, path, allowed in routes:
        for prefix, rol in AREAS.items():
            if not path.startswith(prefix) or (method, path) in ADMIN_AREA_EXCEPTIONS:
                continue
            assert allowed == frozenset({rol}), (service, method, path, allowed)
    for method, path in ADMIN_AREA_EXCEPTIONS:
        assert any((m, p) == (method, path) and a is None for _, m, p, a in routes), (method, path)
