"""The public routing table: which service owns which public path, and which paths need no token.

The gateway routes by the longest matching prefix (matching whole path segments). Paths outside ``/api``
that no prefix owns go to the web app; with ``CONECTAR_LEGACY_UPSTREAM`` set, paths that no service owns
go to the legacy upstream instead of answering 404.
"""

from __future__ import annotations

from collections.abc import Sequence

API = "/api/v1"

ROUTES: Sequence[tuple[str, str]] = (
    (f"{API}/auth", "auth"),
    (f"{API}/.well-known/jwks.json", "auth"),
    ("/.well-known/jwks.json", "auth"),
    (f"{API}/users", "users"),
    (f"{API}/admin/users", "users"),
    (f"{API}/admin/metrics/users", "users"),
    (f"{API}/admin/auditoria", "users"),
    (f"{API}/admin/eliminaciones", "users"),
    (f"{API}/professional", "professionals"),
    (f"{API}/public", "professionals"),
    (f"{API}/search", "professionals"),
    (f"{API}/servicios", "professionals"),
    (f"{API}/gamification", "professionals"),
    (f"{API}/admin/kyc", "professionals"),
    (f"{API}/admin/oficios", "professionals"),
    (f"{API}/admin/servicios-instant", "professionals"),
    (f"{API}/favoritos", "professionals"),
    (f"{API}/professional/ofertas", "chat"),
    (f"{API}/professional/pedidos", "chat"),
    (f"{API}/pedidos", "chat"),
    (f"{API}/professional/trabajos", "chat"),
    (f"{API}/professional/resenas", "chat"),
    (f"{API}/chat", "chat"),
    (f"{API}/cliente", "chat"),
    (f"{API}/resenas", "chat"),
    (f"{API}/disputas", "chat"),
    (f"{API}/admin/trabajos", "chat"),
    (f"{API}/admin/trabajo", "chat"),
    (f"{API}/admin/disputas", "chat"),
    (f"{API}/admin/chat", "chat"),
    (f"{API}/trabajos", "chat"),
    (f"{API}/webhook/mercadopago", "payments"),
    (f"{API}/pagos", "payments"),
    (f"{API}/admin/pagos", "payments"),
    (f"{API}/admin/metrics/financials", "payments"),
    (f"{API}/notificaciones", "notifications"),
    (f"{API}/dev/mailbox", "notifications"),
)

# (method or "*", path prefix): forwarded without an access token. The service still decides.
PUBLIC_ROUTES: Sequence[tuple[str, str]] = (
    ("POST", f"{API}/auth/register"),
    ("POST", f"{API}/auth/login"),
    ("POST", f"{API}/auth/refresh"),
    ("POST", f"{API}/auth/forgot-password"),
    ("POST", f"{API}/auth/reset-password"),
    ("GET", f"{API}/.well-known/jwks.json"),
    ("GET", "/.well-known/jwks.json"),
    ("GET", f"{API}/public"),
    ("GET", f"{API}/search"),
    ("POST", f"{API}/search"),
    ("GET", f"{API}/servicios"),
    ("GET", f"{API}/gamification/leaderboard"),
    ("POST", f"{API}/webhook/mercadopago"),
    ("*", f"{API}/pagos/sandbox"),
    ("GET", f"{API}/chat/ws"),
    ("GET", f"{API}/chat/asyncapi.json"),
    # Browsers' EventSource cannot send headers: the stream takes ?token= and checks it itself.
    ("GET", f"{API}/notificaciones/stream"),
)

# Provider callbacks: few addresses send many (MercadoPago retries anything refused for hours), and the
# service checks each one's signature; they get their own, larger per-address allowance.
PROVIDER_CALLBACK_ROUTES: Sequence[tuple[str, str]] = (("POST", f"{API}/webhook/mercadopago"),)

MEGABYTE = 1024 * 1024
# Multipart uploads with a file limit below the gateway's general one: (method, path with "*" standing for
# one segment, the largest file in bytes). The gateway lets the body carry that much plus
# MULTIPART_ALLOWANCE (boundaries, part headers, a short text field) and stops it there — on the declared
# length before reading anything, or while it streams — so the service never reads more; the service then
# checks the file itself exactly.
MULTIPART_ALLOWANCE = 64 * 1024
UPLOAD_LIMITS: Sequence[tuple[str, str, int]] = (("POST", f"{API}/chat/*/adjuntos", 10 * MEGABYTE),)

# Prefixes the gateway itself answers; never forwarded.
GATEWAY_PATHS: Sequence[str] = ("/health", "/docs", "/openapi.json", "/metrics", "/media")
WEB_SERVICE = "web"


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def route_for(path: str, routes: Sequence[tuple[str, str]] = ROUTES) -> str | None:
    """The service owning ``path`` (longest prefix wins), or None."""
    best: tuple[int, str] | None = None
    for prefix, service in routes:
        if _matches(path, prefix) and (best is None or len(prefix) > best[0]):
            best = (len(prefix), service)
    return best[1] if best else None


def is_public(method: str, path: str, public: Sequence[tuple[str, str]] = PUBLIC_ROUTES) -> bool:
    return any((m == "*" or m == method) and _matches(path, prefix) for m, prefix in public)


def upload_limit(method: str, path: str) -> int | None:
    """The largest file a multipart request to ``path`` may carry, when that operation has its own limit."""
    segments = path.rstrip("/").split("/")
    for allowed, pattern, limit in UPLOAD_LIMITS:
        parts = pattern.split("/")
        if allowed != method or len(parts) != len(segments):
            continue
        if all(part == "*" or part == segment for part, segment in zip(parts, segments, strict=True)):
            return limit
    return None
