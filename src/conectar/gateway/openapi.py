"""One OpenAPI document for the whole public API, merged from every service's, and Swagger UI served
from the vendored ``swagger_ui_bundle`` (no CDN)."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import structlog
import swagger_ui_bundle
from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from conectar.contracts.routing import route_for
from conectar.platform.errors import NotFound
from conectar.platform.internal import InternalClients

from .openapi_compat import to_openapi_30
from .routing import INTERNAL_PREFIX, under

log = structlog.get_logger(__name__)

CACHE_SECONDS = 60.0
INCOMPLETE_CACHE_SECONDS = 10.0
FETCH_TIMEOUT_SECONDS = 5.0
TITLE = "ConectarProfesionales API"
VERSION = "1.0.0"
NOT_PUBLIC_PREFIXES = (INTERNAL_PREFIX, "/health", "/metrics")

DOCS_ASSETS: frozenset[str] = frozenset(
    {
        "swagger-ui.css",
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "index.css",
        "favicon-32x32.png",
        "favicon-16x16.png",
    }
)
# Everything the page needs comes from /docs itself: a strict CSP can forbid inline scripts.
DOCS_PAGE = """<!doctype html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <title>{title}</title>
  <link rel="stylesheet" href="{base}/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="{base}/docs/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{base}/docs/swagger-ui-bundle.js"></script>
  <script src="{base}/docs/swagger-initializer.js"></script>
</body>
</html>
"""
DOCS_INITIALIZER = """window.addEventListener("load", function () {{
  window.ui = SwaggerUIBundle({{
    url: "{base}/docs/openapi-3.0.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    persistAuthorization: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  }});
}});
"""


def _rewrite_refs(node: Any, renames: Mapping[str, str]) -> Any:
    if isinstance(node, dict):
        rewritten = {key: _rewrite_refs(value, renames) for key, value in node.items()}
        ref = rewritten.get("$ref")
        if isinstance(ref, str) and ref in renames:
            rewritten["$ref"] = renames[ref]
        return rewritten
    if isinstance(node, list):
        return [_rewrite_refs(item, renames) for item in node]
    return node


def merge_documents(
    documents: Mapping[str, Mapping[str, Any]],
    routes: Sequence[tuple[str, str]],
    *,
    missing: Sequence[str] = (),
) -> dict[str, Any]:
    """Merge services' documents: each keeps only the public paths it owns; components with the same
    name and the same content are shared, different ones are renamed ``<service>_<Name>``."""
    paths: dict[str, Any] = {}
    components: dict[str, dict[str, Any]] = {}
    tags: dict[str, Any] = {}
    for service, original in documents.items():
        renames: dict[str, str] = {}
        for section, items in (original.get("components") or {}).items():
            existing = components.get(section, {})
            for name, value in (items or {}).items():
                if name in existing and existing[name] != value:
                    renames[f"#/components/{section}/{name}"] = f"#/components/{section}/{service}_{name}"
        document = _rewrite_refs(copy.deepcopy(dict(original)), renames) if renames else dict(original)
        for section, items in (document.get("components") or {}).items():
            target = components.setdefault(section, {})
            for name, value in (items or {}).items():
                new_name = renames.get(f"#/components/{section}/{name}", f"#/components/{section}/{name}")
                target[new_name.rsplit("/", 1)[1]] = value
        for path, operations in (document.get("paths") or {}).items():
            if any(under(path, prefix) for prefix in NOT_PUBLIC_PREFIXES):
                continue
            if route_for(path, routes) != service:
                continue
            paths[path] = operations
        for tag in document.get("tags") or []:
            if isinstance(tag, dict) and "name" in tag:
                tags.setdefault(tag["name"], tag)
    description = (
        "API pública de ConectarProfesionales, servida por el gateway bajo /api/v1. El chat en tiempo real "
        "(WebSocket `/api/v1/chat/ws`) está descrito, mensaje por mensaje, en AsyncAPI 3.0: "
        "[/api/v1/chat/asyncapi.json](/api/v1/chat/asyncapi.json)."
    )
    if missing:
        description += " Documentación no disponible por ahora para: " + ", ".join(missing) + "."
    merged: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION, "description": description},
        "paths": dict(sorted(paths.items())),
    }
    if components:
        merged["components"] = {section: dict(sorted(items.items())) for section, items in components.items()}
    if tags:
        merged["tags"] = list(tags.values())
    return merged


class OpenApiMerger:
    def __init__(self, clients: InternalClients, routes: Sequence[tuple[str, str]]) -> None:
        self.clients = clients
        self.routes = tuple(routes)
        self.services = tuple(dict.fromkeys(service for _, service in self.routes))
        self._cached: tuple[float, dict[str, Any]] | None = None
        self._lock = asyncio.Lock()

    async def document(self) -> dict[str, Any]:
        cached = self._cached
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        async with self._lock:
            cached = self._cached
            if cached is not None and cached[0] > time.monotonic():
                return cached[1]
            results = await asyncio.gather(*(self._fetch(service) for service in self.services))
            documents = {s: doc for s, doc in zip(self.services, results, strict=True) if doc is not None}
            missing = [s for s, doc in zip(self.services, results, strict=True) if doc is None]
            merged = merge_documents(documents, self.routes, missing=missing)
            ttl = INCOMPLETE_CACHE_SECONDS if missing else CACHE_SECONDS
            self._cached = (time.monotonic() + ttl, merged)
            return merged

    async def _fetch(self, service: str) -> dict[str, Any] | None:
        try:
            response = await asyncio.wait_for(
                self.clients.client(service).get("/openapi.json"), FETCH_TIMEOUT_SECONDS
            )
            response.raise_for_status()
            document = response.json()
        except Exception as exc:
            log.warning("openapi_fetch_failed", upstream=service, error=type(exc).__name__)
            return None
        return document if isinstance(document, dict) else None


def docs_router(merger: OpenApiMerger) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    assets = Path(str(swagger_ui_bundle.swagger_ui_path))

    def base(request: Request) -> str:
        return str(request.scope.get("root_path", "")).rstrip("/")

    @router.get("/openapi.json")
    async def openapi() -> JSONResponse:
        return JSONResponse(await merger.document())

    @router.get("/docs")
    async def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE.format(title=TITLE, base=base(request)))

    converted: list[tuple[dict[str, Any], dict[str, Any]]] = []

    @router.get("/docs/openapi-3.0.json")
    async def openapi_30() -> JSONResponse:
        """The same document as OpenAPI 3.0, for the vendored Swagger UI."""
        document = await merger.document()
        if not converted or converted[0][0] is not document:
            converted[:] = [(document, to_openapi_30(document))]
        return JSONResponse(converted[0][1])

    @router.get("/docs/swagger-initializer.js")
    async def initializer(request: Request) -> Response:
        return Response(DOCS_INITIALIZER.format(base=base(request)), media_type="text/javascript")

    @router.get("/docs/{name}")
    async def asset(name: str) -> FileResponse:
        if name not in DOCS_ASSETS:
            raise NotFound()
        return FileResponse(assets / name, headers={"Cache-Control": "public, max-age=86400"})

    return router
