"""The legacy layer as an operator and our own clients see it (docs/legacy.md): off by default, /api/v1
untouched when on, everything else under /legacy/api/v1 forwarded as v1, CORS for the legacy origins
there only, metrics per legacy route, and the v1 routes it stands for still existing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY

from conectar.gateway.legacy.table import LEGACY_CALLS
from tests.conftest import image_bytes, standalone_settings
from tests.factories import Account, Pro, approved_professional, create_admin, paid_trabajo, register
from tests.services.conftest import Standalone, running_standalone
from tests.services.test_gateway_support import running_gateway, serve

LEGACY = "/legacy/api/v1"
V1 = "/api/v1"
FRONTEND_ORIGIN = "http://localhost:3000"
WEB_ORIGIN = "https://app.example"


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """The platform with the layer on (and an ordinary CORS origin for our own browser clients)."""
    async with running_standalone(
        tmp_path_factory.mktemp("legacy-on"),
        legacy_clients_enabled=True,
        legacy_origins=[FRONTEND_ORIGIN],
        cors_origins=[WEB_ORIGIN],
    ) as platform:
        yield platform


@pytest.fixture(scope="module")
async def plain(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """The platform as it ships: no legacy settings at all."""
    async with running_standalone(tmp_path_factory.mktemp("legacy-off")) as platform:
        yield platform


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture(scope="module")
async def pro(standalone: Standalone, admin: Account) -> Pro:
    return await approved_professional(standalone.client, admin)


def counted(route: str, status: int) -> float:
    return (
        REGISTRY.get_sample_value("conectar_legacy_requests_total", {"route": route, "status": str(status)})
        or 0.0
    )


def last_seen(route: str) -> float | None:
    return REGISTRY.get_sample_value("conectar_legacy_last_request_timestamp_seconds", {"route": route})


def heading(html: str) -> str | None:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    return found.group(1).strip() if found else None


# --- off by default -----------------------------------------------------------------------------------------


async def test_the_layer_is_off_by_default(plain: Standalone) -> None:
    """Off, /legacy is no different from any path the platform does not have: the web app's "page not
    found" (an HTML 404) for every method, no Sunset, no CORS for a legacy origin, nothing counted."""
    api = plain.client
    assert plain.settings.legacy_clients_enabled is False
    assert plain.settings.legacy_origins == []
    cliente = await register(api, "CLIENTE")
    counted_before = counted("unmatched", 404) + counted("GET /users/me", 200)
    for method, path in (
        ("GET", "/chat_ofertas/trabajos"),
        ("GET", "/users/me"),
        ("POST", "/auth/login"),
        ("POST", "/search"),
        ("GET", "/admin/kyc/pending"),
        ("PUT", "/admin/kyc/x/approve"),
        ("DELETE", "/profesional/servicios/x"),
        ("HEAD", "/users/me"),
    ):
        body = {} if method in ("POST", "PUT") else None
        answer = await api.request(method, f"{LEGACY}{path}", headers=cliente.headers, json=body)
        never = await api.request(method, f"/nunca-existio/api/v1{path}", headers=cliente.headers, json=body)
        assert answer.status_code == never.status_code == 404, (method, path, answer.text)
        assert answer.headers["content-type"] == never.headers["content-type"] == "text/html; charset=utf-8"
        assert "sunset" not in answer.headers
        if method != "HEAD":  # the same page (its heading; the canonical URL names the path)
            assert heading(answer.text) == heading(never.text) is not None
    for path in ("/legacy", "/legacy/", "/legacy%2Fapi/v1/users/me"):
        assert (await api.get(path)).status_code == 404, path
    preflight = await api.options(
        f"{LEGACY}/users/me",
        headers={"Origin": FRONTEND_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert counted("unmatched", 404) + counted("GET /users/me", 200) == counted_before
    # v1 as always.
    assert (await api.get(f"{V1}/users/me", headers=cliente.headers)).status_code == 200


# --- our own clients: /api/v1 untouched -----------------------------------------------------------------------


async def test_v1_answers_are_unchanged_with_the_layer_on(
    api: httpx.AsyncClient, admin: Account, pro: Pro, plain: Standalone
) -> None:
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro.account)
    # Same paths as legacy calls with other field names: v1 keeps its own.
    dashboard = (await api.get(f"{V1}/admin/pagos/dashboard", headers=admin.headers)).json()
    assert "financials" in dashboard
    assert "total_monto_procesado" not in dashboard
    ofertas = (await api.get(f"{V1}/cliente/ofertas", headers=cliente.headers)).json()
    assert ofertas
    assert "precio" not in ofertas[0]
    assert "created_at" not in ofertas[0]
    trabajo = (await api.get(f"{V1}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    assert "estado" not in trabajo
    assert isinstance(trabajo["precio_final"], str)
    historial = (await api.get(f"{V1}/pagos/historial", headers=pro.account.headers)).json()
    assert historial["movimientos"]
    assert "fecha_creacion" not in historial["movimientos"][0]
    portfolio = (await api.get(f"{V1}/professional/portfolio", headers=pro.account.headers)).json()
    assert portfolio == [] or "imagenes_urls" not in portfolio[0]
    servicios = await api.get(f"{V1}/servicios")
    assert servicios.status_code == 200
    assert all("servicio_id" in s and "id" not in s for s in servicios.json())
    # v1's own rules still answer v1 clients.
    assert (
        await api.post(f"{V1}/search", json={"latitude": -34.6, "longitude": -58.4, "limit": 100})
    ).status_code == 422
    assert (await api.get(f"{V1}/chat_ofertas/trabajos", headers=cliente.headers)).status_code == 404
    # And the same v1 answer on a platform without the layer has the same fields.
    other = await register(plain.client, "CLIENTE")
    me_plain = (await plain.client.get(f"{V1}/users/me", headers=other.headers)).json()
    me_here = (await api.get(f"{V1}/users/me", headers=cliente.headers)).json()
    assert set(me_plain) == set(me_here)


async def test_calls_in_v1s_words_are_the_v1_call(api: httpx.AsyncClient, standalone: Standalone) -> None:
    cliente = await register(api, "CLIENTE", nombre="Lola")
    # authService.login: a form, as OAuth2 wants.
    form = {"username": cliente.email, "password": cliente.password}
    tokens = await api.post(f"{LEGACY}/auth/login", data=form)
    assert tokens.status_code == 200, tokens.text
    assert {"access_token", "token_type"} <= set(tokens.json())
    headers = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
    legacy_me = await api.get(f"{LEGACY}/users/me", headers=headers)
    v1_me = await api.get(f"{V1}/users/me", headers=headers)
    assert (legacy_me.status_code, legacy_me.json()) == (v1_me.status_code, v1_me.json())
    assert legacy_me.json()["nombre"] == "Lola"
    # The gateway's checks apply as to v1: no token, no answer.
    assert (await api.get(f"{LEGACY}/users/me")).status_code == 401
    # userService.updateMe: PUT with a JSON body streams through.
    updated = await api.put(f"{LEGACY}/users/me", headers=headers, json={"apellido": "Legado"})
    assert (updated.status_code, updated.json()["apellido"]) == (200, "Legado")
    # Counted by their declared names.
    assert counted("GET /users/me", 200) >= 1
    assert counted("PUT /users/me", 200) >= 1
    assert counted("POST /auth/login", 200) >= 1


async def test_paths_that_are_not_a_declared_call_are_refused(api: httpx.AsyncClient) -> None:
    cliente = await register(api, "CLIENTE")
    unmatched = counted("unmatched", 404)
    refused = (
        "/legacy",
        "/legacy/",
        "/legacy/otra-cosa",
        "/legacy/api/v2/users/me",
        f"{LEGACY}/../../internal/v1/accounts",
        f"{LEGACY}/%2e%2e/%2e%2e/metrics",
        f"{LEGACY}/no/existe",
        # A v1 route the original frontend never calls is not the legacy API's.
        f"{LEGACY}/users/me/export",
        f"{LEGACY}/chat/my-chats",
        # An encoded slash or prefix: the path the table would match is not the one the client sent.
        "/legacy%2Fapi/v1/users/me",
        "/legacy/api%2Fv1/users/me",
        f"{LEGACY}/users%2Fme",
        f"{LEGACY}/chat_ofertas%2Ftrabajos",
        "/legacy%2fapi%2fv1%2fusers%2fme",
    )
    for path in refused:
        answer = await api.get(path, headers=cliente.headers)
        assert answer.status_code == 404, (path, answer.status_code, answer.text)
        assert answer.json() == {"detail": "No encontrado"}
    # A declared path with a method the frontend does not use.
    assert (await api.delete(f"{LEGACY}/users/me", headers=cliente.headers)).status_code == 404
    assert counted("unmatched", 404) == unmatched + len(refused) + 1
    # A declared call with an id that is none: its adapter's 404, under the call's name.
    route = "GET /chat_ofertas/trabajos/{trabajo_id}"
    before = counted(route, 404)
    no_id = await api.get(f"{LEGACY}/chat_ofertas/trabajos/no-es-un-id", headers=cliente.headers)
    assert no_id.status_code == 404
    assert counted(route, 404) == before + 1


async def test_a_legacy_body_has_the_v1_size_limit(api: httpx.AsyncClient) -> None:
    huge = {"oficio": "x", "relleno": "y" * (1024 * 1024 + 10)}
    assert (await api.post(f"{LEGACY}/search", json=huge)).status_code == 413
    invalid = await api.post(
        f"{LEGACY}/search", content=b"{no es json", headers={"Content-Type": "application/json"}
    )
    assert invalid.status_code == 422


async def test_legacy_answers_carry_the_api_security_headers(api: httpx.AsyncClient) -> None:
    cliente = await register(api, "CLIENTE")
    for path in ("/chat_ofertas/trabajos", "/users/me"):
        answer = await api.get(f"{LEGACY}{path}", headers=cliente.headers)
        assert answer.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-request-id"]
        assert answer.headers["sunset"] == "Wed, 30 Jun 2027 23:59:59 GMT"  # RFC 8594
    assert "sunset" not in (await api.get(f"{V1}/users/me", headers=cliente.headers)).headers


# --- CORS -----------------------------------------------------------------------------------------------------


async def test_cors_for_the_legacy_origins_under_legacy_only(api: httpx.AsyncClient) -> None:
    def preflight(path: str, origin: str) -> Any:
        return api.options(
            path,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "PUT",
                "Access-Control-Request-Headers": "authorization, content-type",
            },
        )

    legacy = await preflight(f"{LEGACY}/chat_ofertas/trabajos/x", FRONTEND_ORIGIN)
    assert legacy.status_code == 200
    assert legacy.headers["access-control-allow-origin"] == FRONTEND_ORIGIN
    assert "authorization" in legacy.headers["access-control-allow-headers"].lower()
    assert "access-control-allow-credentials" not in legacy.headers  # a bearer token, never cookies
    # The legacy origin gets nothing from /api/v1; our own origin nothing from /legacy.
    assert "access-control-allow-origin" not in (await preflight(f"{V1}/users/me", FRONTEND_ORIGIN)).headers
    assert "access-control-allow-origin" not in (await preflight(f"{LEGACY}/users/me", WEB_ORIGIN)).headers
    ours = await preflight(f"{V1}/users/me", WEB_ORIGIN)
    assert ours.headers["access-control-allow-origin"] == WEB_ORIGIN
    assert ours.headers["access-control-allow-credentials"] == "true"  # as without the layer
    cliente = await register(api, "CLIENTE")
    simple = await api.get(
        f"{LEGACY}/chat_ofertas/trabajos", headers={**cliente.headers, "Origin": FRONTEND_ORIGIN}
    )
    assert simple.headers["access-control-allow-origin"] == FRONTEND_ORIGIN
    assert "X-Request-ID" in simple.headers["access-control-expose-headers"]


# --- metrics ----------------------------------------------------------------------------------------------


async def test_every_legacy_route_is_counted_by_status(
    api: httpx.AsyncClient, standalone: Standalone
) -> None:
    # Every declared route shows from the start, so one nobody calls is visible as such.
    for call in LEGACY_CALLS:
        assert last_seen(call.route) is not None, call.route
    cliente = await register(api, "CLIENTE")
    route = "GET /chat_ofertas/trabajos"
    ok_before, unauth_before = counted(route, 200), counted(route, 401)
    assert (await api.get(f"{LEGACY}/chat_ofertas/trabajos", headers=cliente.headers)).status_code == 200
    assert (await api.get(f"{LEGACY}/chat_ofertas/trabajos")).status_code == 401
    assert counted(route, 200) == ok_before + 1
    assert counted(route, 401) == unauth_before + 1
    assert (last_seen(route) or 0) > 0
    # The operator reads them at /metrics (from the private network), with the request metrics' routes.
    transport = httpx.ASGITransport(app=standalone.host, client=("10.0.0.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as private:
        text = (await private.get("/metrics")).text
    assert re.search(
        r'conectar_legacy_requests_total\{route="GET /chat_ofertas/trabajos",status="200"\} [1-9]', text
    )
    assert 'conectar_legacy_last_request_timestamp_seconds{route="GET /admin/kyc/pending"}' in text
    assert 'route="/legacy/api/v1/chat_ofertas/trabajos"' in text


# --- the v1 routes the layer stands for ---------------------------------------------------------------------


async def test_every_v1_route_a_legacy_call_stands_for_exists(api: httpx.AsyncClient) -> None:
    """If a v1 route a legacy call relies on is renamed or removed, this fails before the frontend does."""
    document = (await api.get("/openapi.json")).json()
    published = {
        (method.upper(), re.sub(r"\{[^}]+\}", "{}", path))
        for path, operations in document["paths"].items()
        for method in operations
    }
    for call in LEGACY_CALLS:
        for v1 in call.v1:
            method, _, path = v1.partition(" ")
            assert (method, re.sub(r"\{[^}]+\}", "{}", V1 + path)) in published, (call.route, v1)


def test_the_declared_calls_are_unique_and_named() -> None:
    routes = [call.route for call in LEGACY_CALLS]
    assert len(routes) == len(set(routes))
    # The frontend's function that sends it, or "none" and why for the few the frontend never sends.
    for call in LEGACY_CALLS:
        assert re.fullmatch(r"[a-zA-Z]+\.[a-zA-Z]+.*|none \(row 1[45]: .+\)", call.serves), call.route


# --- over HTTP, as in distributed mode ----------------------------------------------------------------------


async def test_the_layer_over_http_upstreams(
    standalone: Standalone, admin: Account, pro: Pro, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A gateway whose services are other processes (here: the platform's service apps behind their own
    sockets): adapters reach them with the upstream pool's aiohttp sessions, bodies included."""
    services = ("auth", "users", "professionals", "chat", "payments", "notifications")
    async with AsyncExitStack() as stack:
        urls = {
            f"{name}_url": await stack.enter_async_context(serve(standalone.host.services[name]))
            for name in services
        }
        settings = standalone_settings(
            tmp_path_factory.mktemp("legacy-http"),
            legacy_clients_enabled=True,
            legacy_origins=[FRONTEND_ORIGIN],
            **urls,
        )
        gateway = await stack.enter_async_context(running_gateway(settings))
        api = await stack.enter_async_context(gateway.client())
        cliente = await register(standalone.client, "CLIENTE")
        trabajo_id = await paid_trabajo(standalone.client, cliente, pro.account)
        listed = await api.get(f"{LEGACY}/chat_ofertas/trabajos", headers=cliente.headers)
        assert listed.status_code == 200, listed.text
        assert [t["estado"] for t in listed.json() if t["id"] == trabajo_id] == ["EN_PROCESO"]
        # A JSON body the adapter writes (the professional's cancel needs a motivo).
        cancelled = await api.post(
            f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}/cancelar", headers=pro.account.headers
        )
        assert cancelled.status_code == 200, cancelled.text
        assert cancelled.json()["estado"] == "CANCELADO"
        # The legacy request's own body streamed through (multipart upload).
        item = await api.post(
            f"{LEGACY}/professional/portfolio",
            headers=pro.account.headers,
            json={"titulo": "Cocina", "descripcion": ""},
        )
        assert item.status_code == 201, item.text
        uploaded = await api.post(
            f"{LEGACY}/professional/portfolio/{item.json()['id']}/image",
            headers=pro.account.headers,
            files={"file": ("obra.png", image_bytes("PNG"), "image/png")},
        )
        assert uploaded.status_code == 200, uploaded.text
        assert len(uploaded.json()["imagenes_urls"]) == 1
        # Several inner calls at once (the client's offers with the professional's public profile).
        ofertas = await api.get(f"{LEGACY}/cliente/ofertas", headers=cliente.headers)
        assert ofertas.status_code == 200, ofertas.text
        assert {o["profesional_nombre"] for o in ofertas.json()} == {"Nombre Apellido"}
        # Errors of a service reach the legacy client as the service said them.
        stranger = await register(standalone.client, "CLIENTE")
        refused = await api.get(f"{LEGACY}/chat_ofertas/trabajos/{trabajo_id}", headers=stranger.headers)
        direct = await standalone.client.get(f"{V1}/cliente/trabajo/{trabajo_id}", headers=stranger.headers)
        assert (refused.status_code, refused.json()) == (direct.status_code, direct.json())
        # And a call in v1's words.
        me = await api.get(f"{LEGACY}/users/me", headers=cliente.headers)
        assert (me.status_code, me.json()["id"]) == (200, str(cliente.id))
        # An encoded slash is a 404 here too (it was forwarded to an upstream URL it broke: a 500).
        for path in ("/legacy%2Fapi/v1/users/me", f"{LEGACY}/users%2Fme"):
            encoded = await api.get(path, headers=cliente.headers)
            assert (encoded.status_code, encoded.json()) == (404, {"detail": "No encontrado"}), path
