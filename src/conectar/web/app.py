"""The web app: server-rendered pages (Jinja2 + HTMX) on top of the public API, reached through the gateway.

Standalone: hosted in the platform's process, behind the gateway at ``/``, calling the gateway in the same
process. Distributed: ``conectar serve web`` on port 3000, calling the gateway at
``CONECTAR_WEB_GATEWAY_URL``. It owns no database and consumes no events.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

import httpx
import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from conectar.platform.errors import install_validation_handler
from conectar.platform.infra import Infrastructure
from conectar.platform.jsonbody import StrictJSONMiddleware
from conectar.platform.observability import FASTAPI_TELEMETRY, RequestContextMiddleware
from conectar.platform.readiness import readiness
from conectar.web import cities, live
from conectar.web.api import ApiError, LoginRequired
from conectar.web.core import (
    CsrfFailed,
    RoleForbidden,
    SessionMiddleware,
    SiteAddressMiddleware,
    Web,
    WebRuntime,
    build_templates,
    csrf_protect,
    login_url,
)
from conectar.web.gateway import Gateway, GatewayUnavailable
from conectar.web.routes import (
    account,
    admin,
    attachments,
    auth,
    availability,
    chat,
    favorites,
    onboarding,
    pedidos,
    professional,
    public,
    seo,
    trabajos,
)
from conectar.web.session import SessionCodec
from conectar.web.settings import WebSettings

log = structlog.get_logger(__name__)

NAME = "web"
STATIC_MAX_AGE = 7 * 24 * 3600


@dataclass(frozen=True)
class WebDefinition:
    """The web app as the composition sees a service: it consumes no events and has no database."""

    name: str = NAME
    title: str = "ConectarProfesionales — web"
    handlers: None = None
    database: bool = False


DEFINITION = WebDefinition()


def asset_versions() -> dict[str, str]:
    """A short content hash per static file, for cache-busting URLs (``/static/x.css?v=…``)."""
    versions: dict[str, str] = {}
    root = resources.files("conectar.web") / "static"

    def walk(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                walk(entry, name + "/")
            else:
                versions[name] = hashlib.sha256(entry.read_bytes()).hexdigest()[:10]

    walk(root, "")
    return versions


class CachedStatic:
    """Static files with a long cache lifetime (their URLs change with their content)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_cache(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and message.get("status") == 200:
                headers = [
                    *message.get("headers", ()),
                    (b"cache-control", f"public, max-age={STATIC_MAX_AGE}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_cache)  # type: ignore[arg-type]


def build_gateway(infra: Infrastructure, web_settings: WebSettings) -> Gateway:
    settings = infra.settings
    apps = infra.asgi_apps
    if apps is not None and web_settings.gateway_url is None:

        def hosted_gateway() -> ASGIApp:
            app = apps.get("gateway")
            if app is None:
                raise GatewayUnavailable("the standalone composition registers the gateway app")
            gateway_app: ASGIApp = app
            return gateway_app

        return Gateway(app=hosted_gateway, timeout=web_settings.api_timeout_seconds)
    base_url = web_settings.gateway_url or f"http://127.0.0.1:{settings.port}"
    return Gateway(base_url=base_url, timeout=web_settings.api_timeout_seconds)


def create_app(infra: Infrastructure, web_settings: WebSettings | None = None) -> FastAPI:
    web_settings = web_settings or WebSettings()
    settings = infra.settings
    versions = asset_versions()

    def static_url(path: str) -> str:
        version = versions.get(path)
        return f"/static/{path}" + (f"?v={version}" if version else "")

    runtime = WebRuntime(
        settings=settings,
        web_settings=web_settings,
        gateway=build_gateway(infra, web_settings),
        codec=SessionCodec(settings.secret("secret_key")),
        kv=infra.kv,
        templates=build_templates(
            {
                "static_url": static_url,
                "CITIES": cities.CITIES,
                "BARRIOS": cities.BARRIOS,
                "site_url": settings.base_url,
                "sandbox_payments": settings.payment_provider == "sandbox",
            }
        ),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await infra.acquire(bus=False)
        try:
            log.info("service_started", service=NAME)
            yield
        finally:
            await runtime.gateway.close()
            await infra.release(bus=False)

    app = FastAPI(
        title=DEFINITION.title,
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        telemetry=FASTAPI_TELEMETRY,
        openapi_url=None,
    )
    app.state.runtime = runtime
    pages = [
        public.router,
        seo.router,
        auth.router,
        chat.router,
        attachments.router,
        favorites.router,
        trabajos.router,
        pedidos.router,
        pedidos.professional,
        onboarding.router,
        professional.router,
        availability.router,
        admin.router,
    ]
    for router in [*pages, account.router]:
        app.include_router(router, dependencies=[Depends(csrf_protect)])
    app.include_router(live.router)
    app.include_router(health_router(infra))
    app.mount(
        "/static",
        CachedStatic(StaticFiles(packages=[("conectar.web", "static")], follow_symlink=False)),
        name="static",
    )
    # Last: its two free segments must never shadow another page, the static files or the health checks.
    app.include_router(seo.landing_router, dependencies=[Depends(csrf_protect)])
    install_error_pages(app)
    install_validation_handler(app)
    app.add_middleware(SessionMiddleware, runtime=lambda: runtime)
    app.add_middleware(SiteAddressMiddleware, base_url=settings.base_url)
    app.add_middleware(StrictJSONMiddleware)
    app.add_middleware(RequestContextMiddleware, service=NAME)
    if infra.asgi_apps is not None:
        infra.asgi_apps[NAME] = app
    return app


def health_router(infra: Infrastructure) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get("/health/live")
    async def health_live() -> dict[str, str]:
        return {"status": "ok", "service": NAME}

    @router.get("/health/ready")
    async def health_ready() -> JSONResponse:
        kv_name = "kv" if infra.settings.standalone else "redis"
        return await readiness(NAME, required={}, degradable={kv_name: infra.kv.ping})

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def install_error_pages(app: FastAPI) -> None:
    async def page(
        request: Request, status: int, title: str, message: str, *, header: bool = True
    ) -> Response:
        web = Web(request, app.state.runtime)
        try:
            return await web.render(
                "error.html",
                status_code=status,
                partial=not header,
                title=title,
                message=message,
                status=status,
            )
        except Exception:  # never fail while explaining a failure
            log.exception("error_page_failed")
            return Response(f"{status} {title}", status_code=status, media_type="text/plain; charset=utf-8")

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        target = login_url(request) if request.method == "GET" else "/login"
        if request.headers.get("hx-request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": target})
        return Response(status_code=303, headers={"Location": target})

    @app.exception_handler(RoleForbidden)
    async def role_forbidden(request: Request, _exc: RoleForbidden) -> Response:
        return await page(
            request, 403, "Esta sección no es para tu cuenta", "Ingresaste con otro tipo de cuenta."
        )

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _exc: CsrfFailed) -> Response:
        return await page(
            request,
            403,
            "El formulario venció",
            "Por seguridad no pudimos procesar el envío. Volvé a la página anterior, recargala e intentá de nuevo.",
        )

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        if exc.status == 404:
            return await page(request, 404, "No encontramos lo que buscás", exc.message)
        if exc.status == 403:
            return await page(request, 403, "No tenés acceso", exc.message)
        if exc.status >= 500:
            return await page(request, 503, "Algo no anduvo bien", exc.message)
        return await page(request, exc.status, "No se pudo completar", exc.message)

    @app.exception_handler(httpx.HTTPError)
    async def unavailable(request: Request, _exc: httpx.HTTPError) -> Response:
        return await page(
            request,
            503,
            "Servicio no disponible",
            "No pudimos comunicarnos con la plataforma. Probá de nuevo en unos minutos.",
            header=False,
        )

    @app.exception_handler(GatewayUnavailable)
    async def gateway_down(request: Request, _exc: GatewayUnavailable) -> Response:
        return await unavailable(request, httpx.ConnectError("gateway"))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("page_failed", error=type(exc).__name__, exc_info=exc)
        return await page(
            request,
            500,
            "Algo no anduvo bien",
            "Tuvimos un problema al mostrar esta página. Probá de nuevo en un rato.",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return await page(request, 404, "Página no encontrada", "La dirección no existe o cambió.")
        if exc.status_code == 405:
            return await page(
                request, 405, "Acción no disponible", "Esa dirección no acepta este tipo de pedido."
            )
        return await page(request, exc.status_code, "No se pudo completar", str(exc.detail))
