"""Security headers on every response, and CORS for the configured origins only."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conectar.platform.settings import Settings

from .headers import TrustedProxies, resolve_client
from .routing import PrefixTable

API_CSP = b"default-src 'none'; frame-ancestors 'none'"
DOCS_CSP = (
    b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
# The payment sandbox's checkout is an HTML page under /api (standalone mode's stand-in for MercadoPago's
# checkout): its own inline stylesheet and nothing else (no script, no image, no frame, no other origin).
# Only its own path gets it; every other /api answer keeps API_CSP.
CHECKOUT_PAGE_PREFIX = "/api/v1/pagos/sandbox/checkout"
CHECKOUT_CSP = b"default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'"
HSTS = b"max-age=31536000; includeSubDomains"
BASE_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"geolocation=(self), camera=(), microphone=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
# Paths whose answers are JSON (or plain data) from the gateway or a service: the strictest policy.
API_PREFIXES = ("/api", "/health", "/metrics", "/openapi.json", "/.well-known", "/internal")


_POLICIES = PrefixTable(
    [("/docs", "docs"), (CHECKOUT_PAGE_PREFIX, "checkout"), *((prefix, "api") for prefix in API_PREFIXES)]
)
_BY_KIND = {"docs": DOCS_CSP, "checkout": CHECKOUT_CSP, "api": API_CSP}


def content_security_policy(path: str) -> bytes | None:
    """The gateway's CSP for a path; None leaves it to the upstream (web pages, the legacy app)."""
    match = _POLICIES.longest(path)
    if match is None:
        return None
    return _BY_KIND[match[1]]


class SecurityHeadersMiddleware:
    """Adds the headers an upstream did not set itself (an upstream may be stricter, never absent)."""

    def __init__(self, app: ASGIApp, *, trusted_proxies: TrustedProxies) -> None:
        self.app = app
        self.trusted = trusted_proxies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = list(BASE_HEADERS)
        csp = content_security_policy(str(scope.get("path", "")))
        if csp is not None:
            extra.append((b"content-security-policy", csp))
        if resolve_client(scope, self.trusted).https:
            extra.append((b"strict-transport-security", HSTS))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend((name, value) for name, value in extra if name not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cors_options(settings: Settings) -> dict[str, Any]:
    """Starlette CORSMiddleware options: the listed origins only, credentials never with a wildcard."""
    origins = [origin.rstrip("/") for origin in settings.cors_origins]
    wildcard = "*" in origins
    return {
        "allow_origins": ["*"] if wildcard else origins,
        "allow_credentials": not wildcard,
        "allow_methods": ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"],
        "allow_headers": ["Authorization", "Content-Type", "X-Request-ID", "Accept", "Accept-Language"],
        "expose_headers": ["X-Request-ID", "Retry-After", "Content-Disposition"],
        "max_age": 600,
    }
