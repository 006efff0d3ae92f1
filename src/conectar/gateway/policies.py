"""What a request must pass before it is forwarded: a valid token, the rate limits, the body size."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.types import Message, Receive, Scope

from conectar.contracts.routing import (
    API,
    MEGABYTE,
    MULTIPART_ALLOWANCE,
    PROVIDER_CALLBACK_ROUTES,
    is_public,
    upload_limit,
)
from conectar.platform.errors import NotAuthenticated, PayloadTooLarge, RateLimited
from conectar.platform.ratelimit import RateLimiter
from conectar.platform.security import Principal, Verifier
from conectar.platform.settings import Settings

from .headers import header_value
from .routing import Target, TargetKind, under

AUTH_PREFIX = f"{API}/auth"
RATE_PERIOD_SECONDS = 60.0


def bearer_token(scope: Scope) -> str | None:
    value = header_value(scope, b"authorization")
    if not value:
        return None
    scheme, _, token = value.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def effective_method(scope: Scope) -> str:
    """The method the public-route table is checked with: HEAD is a GET, a WebSocket handshake a GET."""
    method = str(scope.get("method", "GET")).upper()
    return "GET" if method == "HEAD" else method


class AccessPolicy:
    """Authentication and rate limits for forwarded requests.

    Service routes need a valid access token unless the public-route table says otherwise. The web app
    and the legacy upstream are their own authority: the gateway only rate-limits them (per user when a
    valid token comes along, per address otherwise); web pages are not rate-limited at all.
    """

    def __init__(
        self,
        settings: Settings,
        verifier: Verifier,
        limiter: RateLimiter,
        public_routes: Sequence[tuple[str, str]],
    ) -> None:
        self.settings = settings
        self.verifier = verifier
        self.limiter = limiter
        self.public_routes = tuple(public_routes)

    def requires_token(self, method: str, path: str, target: Target) -> bool:
        return target.kind is TargetKind.SERVICE and not is_public(method, path, self.public_routes)

    async def check(self, scope: Scope, path: str, target: Target, address: str) -> Principal | None:
        """The caller's identity when it presented a valid token; raises 401 or 429."""
        if target.kind is TargetKind.WEB:
            return None
        if target.kind is TargetKind.SERVICE and under(path, AUTH_PREFIX):
            await self._limit("gateway-auth", address, self.settings.rate_limit_auth_per_minute)
            required = self.requires_token(effective_method(scope), path, target)
            return await self._authenticate(scope, address, required=required)
        required = self.requires_token(effective_method(scope), path, target)
        if not required and is_public(effective_method(scope), path, PROVIDER_CALLBACK_ROUTES):
            await self._limit("gateway-callbacks", address, self.settings.rate_limit_callbacks_per_minute)
            return None
        principal = await self._authenticate(scope, address, required=required)
        if principal is not None:
            await self._limit(
                "gateway-user", str(principal.user_id), self.settings.rate_limit_user_per_minute
            )
            return principal
        await self._anonymous(address)
        return None

    async def _authenticate(self, scope: Scope, address: str, *, required: bool) -> Principal | None:
        token = bearer_token(scope)
        if token is None:
            if required:
                raise NotAuthenticated("No autenticado")
            return None
        try:
            return await self.verifier.verify(token)
        except NotAuthenticated:
            if required:
                # Guessing tokens costs the address its anonymous allowance.
                await self._anonymous(address)
                raise
            return None

    async def _anonymous(self, address: str) -> None:
        await self._limit("gateway-anonymous", address, self.settings.rate_limit_anonymous_per_minute)

    async def _limit(self, name: str, key: str, per_minute: int) -> None:
        decision = await self.limiter.check(name, key, per_minute, RATE_PERIOD_SECONDS)
        if not decision.allowed:
            raise RateLimited(decision.retry_after, "Demasiadas solicitudes; esperá un momento")


def body_limit(scope: Scope, settings: Settings) -> int:
    content_type = (header_value(scope, b"content-type") or b"").lower()
    if content_type.startswith(b"multipart/form-data"):
        own = upload_limit(str(scope.get("method", "")), str(scope.get("path", "")))
        if own is not None:
            return min(settings.max_upload_bytes, own + MULTIPART_ALLOWANCE)
        return settings.max_upload_bytes
    return settings.max_body_bytes


def body_refusal(scope: Scope) -> str | None:
    """What a 413 says for an operation with its own upload limit (None: the general refusal)."""
    own = upload_limit(str(scope.get("method", "")), str(scope.get("path", "")))
    if own is None:
        return None
    return f"El archivo supera el tamaño máximo de {own // MEGABYTE} MB"


def declared_length(scope: Scope) -> int | None:
    value = header_value(scope, b"content-length")
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None


def may_have_body(scope: Scope) -> bool:
    length = declared_length(scope)
    if length is not None:
        return length > 0
    return header_value(scope, b"transfer-encoding") is not None


class BodyLimiter:
    """Counts the request body as it streams through and stops it at ``limit`` bytes (413)."""

    def __init__(self, receive: Receive, limit: int, detail: str | None = None) -> None:
        self._receive = receive
        self.limit = limit
        self.detail = detail
        self.received = 0
        self.exceeded = False
        self.complete = False
        self.disconnected = False

    def check_declared(self, scope: Scope) -> None:
        length = declared_length(scope)
        if length is not None and length > self.limit:
            self.exceeded = True
            raise PayloadTooLarge(self.detail)

    async def receive(self) -> Message:
        if self.exceeded:
            raise PayloadTooLarge(self.detail)
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.exceeded = True
                raise PayloadTooLarge(self.detail)
            if not message.get("more_body", False):
                self.complete = True
        elif message["type"] == "http.disconnect":
            self.disconnected = True
        return message
