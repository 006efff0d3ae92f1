"""What the gateway answers itself (/openapi.json, /docs, /media, /health, /metrics) and the headers it
puts on every response (security headers, CORS)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import create_model

from tests.services.test_gateway_support import (
    Recorder,
    SigningKey,
    auth_app,
    make_settings,
    platform,
    running_gateway,
    serve,
    unused_url,
    users_app,
)

ROUTES = (
    ("/api/v1/auth", "auth"),
    ("/.well-known/jwks.json", "auth"),
    ("/api/v1/users", "users"),
    ("/api/v1/chat", "chat"),
)


def _with_item(app: FastAPI, path: str, **fields: Any) -> FastAPI:
    """Add a route whose body model is called ``Item`` (each app with its own fields)."""
    model = create_model("Item", **fields)

    async def create(item: Any) -> Any:
        return item

    create.__annotations__ = {"item": model, "return": model}
    app.add_api_route(path, create, methods=["POST"])
    return app


# ---------------------------------------------------------------- OpenAPI and docs


async def test_merged_openapi_keeps_public_paths_and_tolerates_a_down_service(tmp_path: Path) -> None:
    key = SigningKey()
    auth = _with_item(auth_app(key), "/api/v1/auth/items", nombre=(str, ...))
    users = _with_item(users_app(Recorder()), "/api/v1/users/items", precio=(float, ...))
    settings = make_settings(tmp_path, chat_url=unused_url())
    async with (
        running_gateway(settings, hosted={"auth": auth, "users": users}, routes=ROUTES) as gateway,
        gateway.client() as client,
    ):
        response = await client.get("/openapi.json")
        document = response.json()

        @users.get("/api/v1/users/nuevo")
        async def nuevo() -> dict[str, str]:
            return {}

        users.openapi_schema = None
        cached = (await client.get("/openapi.json")).json()
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    paths = document["paths"]
    assert {"/api/v1/auth/login", "/api/v1/users/me", "/.well-known/jwks.json"} <= set(paths)
    assert not [p for p in paths if p.startswith(("/internal", "/health"))]
    assert "chat" in document["info"]["description"]
    schemas = document["components"]["schemas"]
    # Same name, different content: both kept, the second renamed, and its references follow.
    assert "Item" in schemas
    assert "users_Item" in schemas
    body_ref = paths["/api/v1/users/items"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body_ref == {"$ref": "#/components/schemas/users_Item"}
    assert "HTTPValidationError" in schemas
    assert "/api/v1/users/nuevo" not in cached["paths"]  # cached for a minute


async def test_openapi_over_http_upstreams(tmp_path: Path) -> None:
    key = SigningKey()
    async with serve(auth_app(key)) as auth_url, serve(users_app(Recorder())) as users_url:
        settings = make_settings(tmp_path, auth_url=auth_url, users_url=users_url, chat_url=unused_url())
        async with running_gateway(settings, routes=ROUTES) as gateway, gateway.client() as client:
            document = (await client.get("/openapi.json")).json()
    assert "/api/v1/auth/login" in document["paths"]
    assert "/api/v1/users/me" in document["paths"]


async def test_docs_page_is_served_from_local_assets(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=True) as p, p.client() as client:
        page = await client.get("/docs")
        bundle = await client.get("/docs/swagger-ui-bundle.js")
        css = await client.get("/docs/swagger-ui.css")
        initializer = await client.get("/docs/swagger-initializer.js")
        compat = await client.get("/docs/openapi-3.0.json")
        openapi = await client.get("/openapi.json")
        template = await client.get("/docs/index.j2")
        escape = await client.get(httpx.URL(f"{p.gateway.url}/docs/..%2F..%2Fsecrets.json"))
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'src="/docs/swagger-ui-bundle.js"' in page.text
    assert "http" not in page.text.replace("http-equiv", "")  # no CDN
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    assert bundle.status_code == 200
    assert "javascript" in bundle.headers["content-type"]
    assert len(bundle.content) > 100_000
    assert css.status_code == 200
    assert css.headers["content-type"].startswith("text/css")
    assert '"/docs/openapi-3.0.json"' in initializer.text
    assert compat.json()["openapi"] == "3.0.3"
    assert set(compat.json()["paths"]) == set(openapi.json()["paths"])
    assert openapi.json()["openapi"] == "3.1.0"
    assert template.status_code == 404
    assert escape.status_code == 404


# ---------------------------------------------------------------- media


@pytest.fixture
def media(tmp_path: Path) -> Path:
    root = tmp_path / "media"
    (root / "avatars").mkdir(parents=True)
    (root / "avatars" / "u1.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (root / "avatars" / "u1.webp").write_bytes(b"RIFFxxxxWEBP")
    (root / "docs").mkdir()
    (root / "docs" / "page.html").write_text("<script>alert(1)</script>")
    (root / ".hidden").write_text("no")
    (tmp_path / "secrets.json").write_text('{"secret": true}')
    os.symlink(tmp_path / "secrets.json", root / "link.json")
    return tmp_path


async def test_media_files_are_served_with_their_types(media: Path) -> None:
    async with platform(media, in_process=True) as p, p.client() as client:
        png = await client.get("/media/avatars/u1.png")
        head = await client.head("/media/avatars/u1.png")
        webp = await client.get("/media/avatars/u1.webp")
        html = await client.get("/media/docs/page.html")
    assert png.status_code == 200
    assert png.content == b"\x89PNG\r\n\x1a\nfake"
    assert png.headers["content-type"] == "image/png"
    assert png.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in png.headers["content-security-policy"]
    assert "content-disposition" not in png.headers
    assert head.status_code == 200
    assert head.headers["content-length"] == str(len(png.content))
    assert webp.headers["content-type"] == "image/webp"
    assert html.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in html.headers["content-security-policy"]


@pytest.mark.parametrize(
    "path",
    [
        "/media/%2e%2e/secrets.json",
        "/media/avatars/..%2F..%2Fsecrets.json",
        "/media/avatars/%2e%2e/%2e%2e/secrets.json",
        "/media/..%5Csecrets.json",
        "/media/.hidden",
        "/media/link.json",
        "/media/avatars/missing.png",
        "/media/avatars",
        "/media/",
        "/media/avatars/u1.png%00.txt",
    ],
)
async def test_media_refuses_traversal_and_missing_files(media: Path, path: str) -> None:
    async with platform(media, in_process=True) as p, p.client() as client:
        response = await client.get(httpx.URL(p.gateway.url + path))
    assert response.status_code == 404
    assert "secret" not in response.text


async def test_media_is_not_served_with_s3_storage(tmp_path: Path) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.png").write_bytes(b"x")
    settings = make_settings(tmp_path, storage_backend="s3")
    async with running_gateway(settings) as gateway, gateway.client() as client:
        response = await client.get("/media/a.png")
    assert response.status_code == 404
    assert response.json() == {"detail": "No encontrado"}


# ---------------------------------------------------------------- health and metrics


async def test_health_aggregate_is_200_when_every_upstream_is_ready(tmp_path: Path) -> None:
    key = SigningKey()
    hosted = {"auth": auth_app(key), "users": users_app(Recorder())}
    async with serve(auth_app(key)) as chat_url:  # any app with /health/ready will do for "chat"
        settings = make_settings(tmp_path, chat_url=chat_url)
        async with (
            running_gateway(settings, hosted=hosted, routes=ROUTES) as gateway,
            gateway.client() as client,
        ):
            health = await client.get("/health")
            live = await client.get("/health/live")
            ready = await client.get("/health/ready")
    assert health.status_code == 200
    assert health.json() == {
        "status": "ok",
        "services": {"gateway": "ok", "auth": "ok", "users": "ok", "chat": "ok"},
    }
    assert live.json()["status"] == "ok"
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"kv": "ok"}


async def test_health_aggregate_is_503_when_an_upstream_is_down_or_not_ready(tmp_path: Path) -> None:
    key = SigningKey()
    hosted = {"auth": auth_app(key), "users": users_app(Recorder(), healthy=False)}
    settings = make_settings(tmp_path, chat_url=unused_url())
    async with running_gateway(settings, hosted=hosted, routes=ROUTES) as gateway, gateway.client() as client:
        health = await client.get("/health")
    assert health.status_code == 503
    services = health.json()["services"]
    assert services["auth"] == "ok"
    assert services["users"] != "ok"
    assert services["chat"] != "ok"
    assert health.json()["status"] == "unavailable"


async def test_metrics_are_exposed(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=False) as p, p.client() as client:
        await client.get("/api/v1/users/me", headers=p.bearer())
        metrics = await client.get("/metrics")
    assert metrics.status_code == 200
    assert 'conectar_gateway_upstream_requests_total{outcome="ok",upstream="users"}' in metrics.text
    assert 'route="/api/v1/users/*"' in metrics.text


async def test_metrics_are_for_the_private_network_only(tmp_path: Path) -> None:
    async with (
        platform(tmp_path, in_process=True, trusted_proxies=["127.0.0.1"]) as p,
        p.client() as client,
    ):
        # Behind a trusted load balancer: the client it names decides.
        public = await client.get("/metrics", headers={"X-Forwarded-For": "198.51.99.7"})
        private = await client.get("/metrics", headers={"X-Forwarded-For": "10.2.3.4"})
        # A client cannot vouch for itself: the hop left of a public one is not believed.
        spoofed = await client.get("/metrics", headers={"X-Forwarded-For": "10.2.3.4, 198.51.99.7"})
    assert public.status_code == 403
    assert public.json() == {"detail": "Disponible solo desde la red interna"}
    assert "conectar_" not in public.text
    assert private.status_code == 200
    assert "conectar_gateway" in private.text
    assert spoofed.status_code == 403


# ---------------------------------------------------------------- security headers and CORS


BASE_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "geolocation=(self), camera=(), microphone=()",
    "cross-origin-opener-policy": "same-origin",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
}


async def test_security_headers_on_every_kind_of_answer(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=False) as p, p.client() as client:
        forwarded = await client.get("/api/v1/users/me", headers=p.bearer())
        refused = await client.get("/api/v1/users/me")
        missing = await client.get("/api/v1/nada")
        health = await client.get("/health/live")
    for response in (forwarded, refused, missing, health):
        for name, value in BASE_HEADERS.items():
            assert response.headers.get(name) == value, (response.request.url, name)
        assert "strict-transport-security" not in response.headers


async def test_hsts_when_the_request_came_over_https(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=True, trusted_proxies=["127.0.0.1"]) as p, p.client() as client:
        behind_tls = await client.get("/health/live", headers={"X-Forwarded-Proto": "https"})
    async with platform(tmp_path / "b", in_process=True) as p, p.client() as client:
        spoofed = await client.get("/health/live", headers={"X-Forwarded-Proto": "https"})
    assert behind_tls.headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in spoofed.headers


ALLOWED = "https://app.conectar.com.ar"


async def test_cors_allows_only_configured_origins(tmp_path: Path) -> None:
    async with platform(tmp_path, in_process=True, cors_origins=[ALLOWED]) as p, p.client() as client:
        preflight = {
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "authorization",
        }
        allowed = await client.options("/api/v1/users/me", headers={"Origin": ALLOWED, **preflight})
        denied = await client.options(
            "/api/v1/users/me", headers={"Origin": "https://evil.example", **preflight}
        )
        simple_allowed = await client.get("/api/v1/users/me", headers={"Origin": ALLOWED, **p.bearer()})
        simple_denied = await client.get(
            "/api/v1/users/me", headers={"Origin": "https://evil.example", **p.bearer()}
        )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers
    assert simple_allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-origin" not in simple_denied.headers
    assert p.users.calls
    assert all(call["method"] == "GET" for call in p.users.calls)


async def test_cors_is_closed_by_default_and_a_wildcard_never_carries_credentials(tmp_path: Path) -> None:
    preflight = {"Origin": ALLOWED, "Access-Control-Request-Method": "POST"}
    async with platform(tmp_path, in_process=True) as p, p.client() as client:
        closed = await client.options("/api/v1/users/me", headers=preflight)
    async with platform(tmp_path / "w", in_process=True, cors_origins=["*"]) as p, p.client() as client:
        wildcard = await client.options("/api/v1/users/me", headers=preflight)
    assert "access-control-allow-origin" not in closed.headers
    assert wildcard.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in wildcard.headers
