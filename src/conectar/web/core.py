"""The web app's plumbing: the per-process runtime, the per-request facade, the session middleware, CSRF,
security headers and rendering."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import jinja2
import structlog
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conectar.contracts.personal_data import AUDIT_ACTIONS, is_pseudonymous_email
from conectar.platform import net
from conectar.platform.context import current_request_id
from conectar.platform.kv import KeyValueStore
from conectar.platform.settings import Settings
from conectar.web import formatting
from conectar.web.api import Api, ApiError, LoginRequired, RefreshCoordinator
from conectar.web.apimodels import Counter, MyChats
from conectar.web.gateway import Gateway
from conectar.web.session import COOKIE_NAME, SessionCodec, SessionData, csrf_valid
from conectar.web.settings import WebSettings

log = structlog.get_logger(__name__)

SESSION_SCOPE_KEY = "conectar.web.session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ANONYMOUS_COOKIE_SECONDS = 7 * 24 * 3600


class CsrfFailed(Exception):
    """An unsafe request without the session's CSRF token (or from another origin)."""


class RoleForbidden(Exception):
    """Signed in, but this page is for another role."""


@dataclass
class WebRuntime:
    """What every request of this process shares."""

    settings: Settings
    web_settings: WebSettings
    gateway: Gateway
    codec: SessionCodec
    kv: KeyValueStore
    templates: jinja2.Environment
    refresher: RefreshCoordinator = field(init=False)
    csp: str = field(init=False)

    def __post_init__(self) -> None:
        self.refresher = RefreshCoordinator(self.kv, self.codec)
        self.csp = content_security_policy(self.settings, self.web_settings)


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(settings: Settings, web: WebSettings) -> str:
    """Only this site, plus map tiles for images and the checkout for form redirects."""
    tiles = " ".join(web.tile_origins)
    own = origin_of(settings.base_url)
    checkout = " ".join(o for o in [own, *web.payment_origins] if o)
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob: {tiles}; font-src 'self'; connect-src 'self'; "
        "frame-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
        f"form-action 'self' {checkout}"
    )


def client_address(scope: Scope, trusted_proxies: Sequence[str]) -> str:
    """The visitor's address: the peer, or, when the peer is a trusted proxy (the gateway), the client it
    names in X-Forwarded-For. A caller that reaches this app directly cannot pick its own address."""
    client = scope.get("client")
    hops = [bytes(v).decode("latin-1") for k, v in scope.get("headers", ()) if k == b"x-forwarded-for"]
    return net.client_address(str(client[0]) if client else None, ", ".join(hops) or None, trusted_proxies)


def is_https(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"x-forwarded-proto":
            return bytes(value).decode("latin-1").split(",", 1)[0].strip().lower() == "https"
    return str(scope.get("scheme")) in ("https", "wss")


def read_cookie(scope: Scope, name: str) -> str | None:
    for header, value in scope.get("headers", ()):
        if header != b"cookie":
            continue
        for part in bytes(value).decode("latin-1").split(";"):
            key, _, val = part.strip().partition("=")
            if key == name:
                return val
    return None


def session_cookie(runtime: WebRuntime, session: SessionData, *, secure: bool) -> str:
    attributes = ["Path=/", "HttpOnly", "SameSite=Lax"]
    if secure:
        attributes.append("Secure")
    if session.signed_in:
        attributes.append(f"Max-Age={runtime.settings.refresh_token_ttl_seconds}")
    else:
        attributes.append(f"Max-Age={ANONYMOUS_COOKIE_SECONDS}")
    return f"{COOKIE_NAME}={runtime.codec.seal(session)}; " + "; ".join(attributes)


class SessionMiddleware:
    """Opens the session cookie for each request and writes it back when it changed; adds the pages'
    security headers."""

    def __init__(self, app: ASGIApp, *, runtime: Callable[[], WebRuntime]) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        runtime = self.runtime()
        session = runtime.codec.open(read_cookie(scope, COOKIE_NAME))
        if session is None:
            session = SessionData(fresh=True)
        scope[SESSION_SCOPE_KEY] = session
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        secure = is_https(scope)
        path = str(scope.get("path", ""))
        static = path.startswith("/static/")

        async def send_with_session(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                if session.dirty:
                    headers.append((b"set-cookie", session_cookie(runtime, session, secure=secure).encode()))
                    session.dirty = False
                if not static:
                    if b"content-security-policy" not in present:
                        headers.append((b"content-security-policy", runtime.csp.encode()))
                    if b"cache-control" not in present:
                        headers.append((b"cache-control", b"no-store"))
                    headers.append((b"vary", b"Cookie"))
                headers.extend(
                    (name, value)
                    for name, value in (
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"strict-origin-when-cross-origin"),
                        (b"x-frame-options", b"DENY"),
                    )
                    if name not in present
                )
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_session)


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
NOT_REDIRECTED = ("/static/", "/health/", "/metrics", "/live")


def _host_port(host: str, https: bool) -> tuple[str, int] | None:
    try:
        parts = urlsplit("//" + host.strip())
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname.lower(), port or (443 if https else 80)


def site_alias_redirect(scope: Scope, base_url: str) -> str | None:
    """Where to send a page request that reached this site under another name of the same machine
    (``127.0.0.1`` when the site is ``localhost``, or the other way round): the same page on the
    configured public address (``CONECTAR_PUBLIC_URL``), so the session cookie, the checkout and the
    addresses the checkout returns to (built from that address) are all on one host. None for every other
    request: another host name is the proxy's business, never guessed here."""
    if scope.get("method") not in ("GET", "HEAD"):
        return None
    path = str(scope.get("path", ""))
    if path.startswith(NOT_REDIRECTED):
        return None
    site = urlsplit(base_url)
    site_address = _host_port(site.netloc, site.scheme == "https")
    headers = dict(scope.get("headers", ()))
    raw = headers.get(b"x-forwarded-host") or headers.get(b"host") or b""
    asked = _host_port(bytes(raw).decode("latin-1").split(",")[0], is_https(scope))
    if site_address is None or asked is None or asked == site_address:
        return None
    if asked[0] not in LOOPBACK_NAMES or site_address[0] not in LOOPBACK_NAMES or asked[1] != site_address[1]:
        return None
    query = bytes(scope.get("query_string", b"")).decode("latin-1")
    return base_url.rstrip("/") + (path or "/") + (f"?{query}" if query else "")


class SiteAddressMiddleware:
    """Keeps visitors on the site's one address (see :func:`site_alias_redirect`), with a temporary
    redirect: the configured address may change, and a browser must not remember the old one."""

    def __init__(self, app: ASGIApp, *, base_url: str) -> None:
        self.app = app
        self.base_url = base_url

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            target = site_alias_redirect(scope, self.base_url)
            if target is not None:
                response = RedirectResponse(target, status_code=307)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def session_of(scope: Mapping[str, Any]) -> SessionData:
    session = scope.get(SESSION_SCOPE_KEY)
    if not isinstance(session, SessionData):
        raise RuntimeError("SessionMiddleware is not installed")
    return session


def same_origin(conn: HTTPConnection) -> bool:
    """An Origin (or Referer) from another site is refused; none at all is allowed (old browsers). For
    forms and for the live channel's WebSocket handshake alike."""
    origin = conn.headers.get("origin") or conn.headers.get("referer")
    if not origin or origin == "null":
        return origin is None
    host = conn.headers.get("x-forwarded-host") or conn.headers.get("host") or ""
    return urlsplit(origin).netloc.lower() == host.split(",")[0].strip().lower()


async def csrf_protect(request: Request) -> None:
    """Router dependency: every unsafe request must carry the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    session = session_of(request.scope)
    presented = request.headers.get(CSRF_HEADER)
    if not presented:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    if not csrf_valid(session, presented) or not same_origin(request):
        raise CsrfFailed()


def page_param(request: Request, last: int = 10_000) -> int:
    """The ``page`` query parameter: 1 when missing or not a number, at most ``last``."""
    try:
        return max(1, min(int(request.query_params.get("page") or 1), last))
    except ValueError:
        return 1


MAX_NEXT_LENGTH = 2000
AUTH_PAGES = frozenset({"/login", "/registro", "/logout"})


def safe_next(value: str | None, default: str = "/") -> str:
    """A path on this site to go back to (never another site). Control characters are refused too:
    browsers drop tabs and newlines from URLs, so ``/<tab>/evil.example`` would lead to ``//evil.example``."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if len(value) > MAX_NEXT_LENGTH or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return default
    try:
        parts = urlsplit(value)
    except ValueError:
        return default
    if parts.scheme or parts.netloc or parts.path.rstrip("/") in AUTH_PAGES:
        return default  # another site, or back to the login itself (a loop)
    return value


class Web:
    """The facade a page handler works with: the session, the API as the visitor, rendering."""

    def __init__(self, request: Request, runtime: WebRuntime) -> None:
        self.request = request
        self.runtime = runtime
        self.session = session_of(request.scope)
        self.api = Api(
            runtime.gateway,
            runtime.refresher,
            self.session,
            client_address=client_address(request.scope, runtime.settings.trusted_proxies),
            request_id=current_request_id(),
        )
        self._form: FormData | None = None
        self.started = time.perf_counter()
        # Unread messages, known once the page has read /chat/my-chats: the header then needs no call.
        self.unread_chats: int | None = None

    # --- who ---------------------------------------------------------------------------------------

    @property
    def rol(self) -> str | None:
        return self.session.rol if self.session.signed_in else None

    def require(self, *roles: str) -> None:
        if not self.session.signed_in:
            raise LoginRequired()
        if roles and self.session.rol not in roles:
            raise RoleForbidden()

    # --- input -------------------------------------------------------------------------------------

    async def form(self) -> FormData:
        if self._form is None:
            self._form = await self.request.form()
        return self._form

    async def fields(self) -> dict[str, str]:
        form = await self.form()
        return {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != CSRF_FIELD}

    async def files(self, name: str) -> list[UploadFile]:
        form = await self.form()
        return [f for f in form.getlist(name) if isinstance(f, UploadFile) and f.filename]

    @property
    def htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"

    # --- output ------------------------------------------------------------------------------------

    async def render_form(
        self,
        template: str,
        *,
        errors: Mapping[str, str] | None = None,
        values: Mapping[str, Any] | None = None,
        **context: Any,
    ) -> HTMLResponse:
        """A page with forms: 400 with the refusals under their fields and what was typed kept, or 200."""
        return await self.render(
            template,
            status_code=400 if errors else 200,
            errors=errors or {},
            values=values or {},
            **context,
        )

    def redirect(self, url: str, message: str | None = None, kind: str = "ok") -> Response:
        if message:
            self.session.flash(message, kind)
        if self.htmx:
            return Response(status_code=204, headers={"HX-Redirect": url})
        return RedirectResponse(url, status_code=303)

    async def back(self, default: str, message: str | None = None, kind: str = "ok") -> Response:
        """Redirect to the form's ``volver`` field (a path on this site) or ``default``."""
        target = (await self.fields()).get("volver") if self.request.method not in SAFE_METHODS else None
        return self.redirect(safe_next(target, default), message, kind)

    async def my_chats(self, *, soft: bool = False) -> MyChats:
        """The person's conversations (``/chat/my-chats``); the header reuses their unread total. With
        ``soft``, a refusal is an empty list (for pages where the conversations are a side detail)."""
        try:
            data = await self.api.get_model("/chat/my-chats", MyChats)
        except ApiError:
            if not soft:
                raise
            return MyChats(chats=[], total_unread=0)
        self.unread_chats = data.total_unread
        return data

    async def header_counts(self) -> dict[str, int]:
        if not self.session.signed_in:
            return {}
        # The staff's header has no conversations.
        ask_chats = self.unread_chats is None and self.rol in ("CLIENTE", "PROFESIONAL")
        notifs, *chats = await asyncio.gather(
            self.api.soft_model("/notificaciones/no-leidas/contador", Counter, None),
            *([self.api.soft_model("/chat/unread-count", Counter, None)] if ask_chats else []),
        )
        asked = chats[0] if chats else None
        unread = (asked.count if asked else 0) if chats else (self.unread_chats or 0)
        return {"notificaciones": notifs.count if notifs else 0, "chats": unread}

    async def render(
        self, template: str, status_code: int = 200, *, partial: bool = False, **context: Any
    ) -> HTMLResponse:
        counts = {} if partial else await self.header_counts()
        page = self.runtime.templates.get_template(template)
        html = page.render(
            request=self.request,
            session=self.session,
            user=self.session if self.session.signed_in else None,
            rol=self.rol,
            csrf_token=self.session.csrf_token(),
            counts=counts,
            flashes=[] if partial else self.session.pop_flashes(),
            path=self.request.url.path,
            query=self.request.url.query,
            settings=self.runtime.web_settings,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)


async def get_web(request: Request) -> Web:  # a coroutine: a plain def would run in a worker thread
    runtime: WebRuntime = request.app.state.runtime
    return Web(request, runtime)


W = Annotated[Web, Depends(get_web)]


def login_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")


FilePart = tuple[str, tuple[str, bytes, str]]


def file_part(field: str, upload: UploadFile, data: bytes, unnamed: str) -> FilePart:
    """One file of a multipart request to the API: ``data`` read from ``upload`` (whole, or up to a limit)."""
    return (field, (upload.filename or unnamed, data, upload.content_type or "application/octet-stream"))


def query_string(params: Mapping[str, Any], **changes: Any) -> str:
    """The current query with some parameters changed (None removes one)."""
    merged = {**dict(params.items()), **changes}
    parts = [f"{quote(str(k))}={quote(str(v))}" for k, v in merged.items() if v is not None and v != ""]
    return "?" + "&".join(parts) if parts else ""


def build_templates(globals_: Mapping[str, Any]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("conectar.web", "templates"),
        autoescape=jinja2.select_autoescape(("html", "j2", "svg")),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.ChainableUndefined,
        auto_reload=False,
        cache_size=400,
    )
    env.filters.update(formatting.FILTERS)
    env.globals.update(
        {
            "label": formatting.label,
            "tone": formatting.tone,
            "star_parts": formatting.stars,
            "initials": formatting.initials,
            "plural": formatting.plural,
            "ESTADOS_TRABAJO": formatting.ESTADOS_TRABAJO,
            "ESTADOS_PEDIDO": formatting.ESTADOS_PEDIDO,
            "MOVIMIENTOS_DINERO": formatting.MOVIMIENTOS_DINERO,
            "ESTADOS_OFERTA": formatting.ESTADOS_OFERTA,
            "ESTADOS_KYC": formatting.ESTADOS_KYC,
            "ESTADOS_DISPUTA": formatting.ESTADOS_DISPUTA,
            "ESTADOS_RETIRO": formatting.ESTADOS_RETIRO,
            "ESTADOS_LOTE": formatting.ESTADOS_LOTE,
            "ESTADOS_EXPORTACION": formatting.ESTADOS_EXPORTACION,
            "ESTADOS_ELIMINACION": formatting.ESTADOS_ELIMINACION,
            "SERVICIOS": formatting.SERVICIOS,
            "AUDIT_ACTIONS": AUDIT_ACTIONS,
            "is_deleted_email": lambda email: is_pseudonymous_email(str(email or "")),
            "TIPOS_DISPUTA": formatting.TIPOS_DISPUTA,
            "DISPUTA_AYUDA": formatting.DISPUTA_AYUDA,
            "TIPOS_MOVIMIENTO": formatting.TIPOS_MOVIMIENTO,
            "NIVELES": formatting.NIVELES,
            "query_string": query_string,
            "nonce": lambda: secrets.token_hex(4),
            **globals_,
        }
    )
    return env


def money_input(value: str | None) -> str | None:
    """An amount typed the Argentine way or the plain way: ``50.000,50`` or ``50000.50`` → ``50000.50``,
    ``18.000`` → ``18000`` (None when empty)."""
    text = (value or "").replace("$", "").replace(" ", "").strip()
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif text.count(".") > 1 or (text.count(".") == 1 and len(text.rsplit(".", 1)[1]) == 3):
        text = text.replace(".", "")
    return text


def role_required(*roles: str) -> Any:
    """A router's guard: every page of the router is refused (to the login when signed out, 403 otherwise)
    unless the session's person has one of ``roles``, before the handler or its form is read. On the
    router, not in each handler, so a new page cannot forget it."""

    async def guard(w: W) -> None:
        w.require(*roles)

    return Depends(guard)
