"""Identity: verifying users' access tokens (from the auth service's JWKS) and services' tokens.

Every service verifies tokens itself; a header set by the gateway is never proof of identity.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Protocol

import jwt
import structlog
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from prometheus_client import Counter, Gauge

from conectar.contracts.identity import Rol
from conectar.platform.errors import AppError, Forbidden, NotAuthenticated, ServiceUnavailable
from conectar.platform.kv import KeyValueStore
from conectar.platform.kv_fallback import with_local_fallback

log = structlog.get_logger(__name__)

ACCESS_TOKEN_ALGORITHMS = ["EdDSA"]
SERVICE_TOKEN_ALGORITHM = "HS256"
SERVICE_TOKEN_AUDIENCE = "conectar-internal"
SERVICE_TOKEN_TTL_SECONDS = 120
JWKS_MIN_REFRESH_SECONDS = 1.0
MAX_TOKENS = 20_000


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    rol: Rol
    jti: str
    exp: int
    iat: int

    @property
    def is_admin(self) -> bool:
        return self.rol is Rol.ADMIN


SESSIONS_ENDED_CHANNEL = "sessions:ended"
REVOCATIONS_SEEDED_KEY = "revocations:seeded"

REVOCATION_ANNOUNCEMENTS_LOST = Counter(
    "conectar_revocation_announcements_lost_total",
    "Revocations that could not be announced on sessions:ended even after retries (Redis away); other "
    "processes learn of them when their subscription comes back or auth reseeds Redis",
)
REVOCATIONS_MIRRORED = Gauge(
    "conectar_revocations_mirrored",
    "1 while this process answers revocation checks from its own copy of the list (subscribed to "
    "sessions:ended and loaded); 0 while it asks the shared store on every check",
)
# Retries of an announcement that Redis refused (the revocation itself is already stored).
ANNOUNCE_RETRY_SECONDS = (0.2, 1.0, 3.0)


class RevocationList:
    """Revoked access-token ids, kept until the token would have expired anyway.

    The auth service's database is the record (a revoked session's links carry ``revoked_at``); the shared
    store (Redis, memory standalone) is a cache of it that every process reads, which auth fills again when
    it finds it empty (a restart or a flush: :meth:`reseed`). Each revocation is also announced on
    ``sessions:ended``: every process keeps what it heard in memory, which answers first — so a revoked token
    stays refused here while Redis is away or before it is reseeded — and open streams of that token end at
    once (:mod:`conectar.platform.sessions`).

    **Mirrored.** While this process's subscription to ``sessions:ended`` lasts, and once it has loaded every
    revocation the store held when the subscription began (:meth:`mirror`), its memory holds the whole
    list: a check is a dictionary lookup, not a Redis round trip on every request of every process. Losing
    the subscription turns the mirror off (checks ask the store again) until the next subscription has
    loaded the list again. An announcement Redis refuses is retried; one lost for good is counted, and the
    processes learn of it when they load the list again (auth's reseed announces what it writes).
    """

    def __init__(self, kv: KeyValueStore) -> None:
        # Redis behind the kernel's short timeout and back-off: a Redis that is away or hung costs a
        # request at most a quarter of a second once, then nothing until it is tried again.
        self.kv = with_local_fallback(kv, service="revocations")
        self._heard: dict[str, float] = {}
        self._mirrored = False
        self._retries: set[asyncio.Task[None]] = set()

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    def remember(self, jti: str, exp: float) -> None:
        """A revocation this process heard of (its own, or announced by another)."""
        self._heard[jti] = exp
        if len(self._heard) > 10_000:
            now = time.time()
            self._heard = {k: v for k, v in self._heard.items() if v > now - 5}

    async def mirror(self) -> int:
        """Load every revocation the store holds (call once subscribed to ``sessions:ended``, so that none
        falls between the load and the announcements); memory answers alone from now on. How many loaded."""
        now = time.time()
        stored = await self.kv.ttls("revoked:")
        for key, seconds_left in stored.items():
            jti = key.removeprefix("revoked:")
            # Stored until the token's expiry plus 5 s (revoke): the expiry is 5 s before the key's.
            self.remember(jti, max(self._heard.get(jti, 0.0), now + seconds_left - 5))
        self._mirrored = True
        REVOCATIONS_MIRRORED.set(1)
        return len(stored)

    def mirror_lost(self) -> None:
        """The subscription ended: announcements may be missed from now on, so ask the store again."""
        self._mirrored = False
        REVOCATIONS_MIRRORED.set(0)

    async def revoke(self, jti: str, exp: int) -> None:
        self.remember(jti, exp)
        ttl = max(1.0, exp - time.time() + 5)
        await self.kv.set(f"revoked:{jti}", "1", ttl)
        try:
            await self.kv.publish(SESSIONS_ENDED_CHANNEL, announcement(jti, exp))
        except Exception as exc:  # the record is auth's database: the cache is reseeded when Redis returns
            log.warning("revocation_not_announced", error=type(exc).__name__)
            task = asyncio.get_running_loop().create_task(self._announce_again(jti, exp))
            self._retries.add(task)
            task.add_done_callback(self._retries.discard)

    async def _announce_again(self, jti: str, exp: int) -> None:
        for delay in ANNOUNCE_RETRY_SECONDS:
            await asyncio.sleep(delay)
            try:
                await self.kv.publish(SESSIONS_ENDED_CHANNEL, announcement(jti, exp))
                return
            except Exception as exc:  # still away: try again, then give up (counted)
                log.info("revocation_announcement_retry_failed", error=type(exc).__name__)
        REVOCATION_ANNOUNCEMENTS_LOST.inc()

    def _heard_of(self, jti: str, now: float) -> bool:
        """Heard revoked, and the token not yet past its expiry (plus the verifiers' 5 s of leeway)."""
        return self._heard.get(jti, 0.0) > now - 5

    async def is_revoked(self, jti: str) -> bool:
        if self._heard_of(jti, time.time()):
            return True
        if self._mirrored:
            return False
        # While Redis is away the store answers from this process's memory: what it heard is all it can
        # know until Redis answers again (counted in conectar_kv_fallback_total{service="revocations"}).
        return await self.kv.exists(f"revoked:{jti}")

    async def revoked_among(self, jtis: Sequence[str]) -> set[str]:
        """Which of ``jtis`` are revoked, asking the store in one round trip whatever the mirror holds (the
        periodic check of open streams: the net under an announcement that was lost)."""
        now = time.time()
        heard = {jti for jti in jtis if self._heard_of(jti, now)}
        rest = [jti for jti in jtis if jti not in heard]
        if not rest:
            return heard
        stored = await self.kv.existing([f"revoked:{jti}" for jti in rest])
        return heard | {key.removeprefix("revoked:") for key in stored}

    async def needs_seed(self) -> bool:
        return not await self.kv.exists(REVOCATIONS_SEEDED_KEY)

    async def reseed(self, revoked: Sequence[tuple[str, int]]) -> None:
        """Write every revoked, unexpired token again (the store lost them) and announce it (a process that
        started since the store lost them has not heard of it), then mark the store seeded."""
        now = time.time()
        for jti, exp in revoked:
            if exp > now:
                self.remember(jti, exp)
                await self.kv.set(f"revoked:{jti}", "1", max(1.0, exp - now + 5))
                await self.kv.publish(SESSIONS_ENDED_CHANNEL, announcement(jti, exp))
        await self.kv.set(REVOCATIONS_SEEDED_KEY, str(int(now)), 10 * 365 * 24 * 3600)


def announcement(jti: str, exp: int) -> str:
    return f"{jti} {int(exp)}"


def parse_announcement(message: str) -> tuple[str, float]:
    """(jti, expiry) of a ``sessions:ended`` message (an expiry-less one counts for 15 minutes)."""
    jti, _, exp = message.strip().partition(" ")
    try:
        return jti, float(exp)
    except ValueError:
        return jti, time.time() + 15 * 60


JwksFetcher = Callable[[], Awaitable[dict[str, Any]]]


class TokenVerifier:
    def __init__(
        self, fetch_jwks: JwksFetcher, *, issuer: str, audience: str, revocations: RevocationList
    ) -> None:
        self._fetch = fetch_jwks
        self.issuer = issuer
        self.audience = audience
        self.revocations = revocations
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    async def _key(self, kid: str) -> Any:
        key = self._keys.get(kid)
        if key is not None:
            return key
        async with self._lock:
            key = self._keys.get(kid)
            if key is None and time.monotonic() - self._fetched_at >= JWKS_MIN_REFRESH_SECONDS:
                await self._refresh()
                key = self._keys.get(kid)
        if key is None:
            raise NotAuthenticated("Token inválido")
        return key

    async def _refresh(self) -> None:
        try:
            document = await self._fetch()
        except Exception as exc:
            log.warning("jwks_fetch_failed", error=type(exc).__name__)
            raise ServiceUnavailable("No se pudo verificar el token; intentá de nuevo en un momento") from exc
        keys: dict[str, Any] = {}
        for jwk in document.get("keys", []):
            try:
                keys[jwk["kid"]] = jwt.PyJWK(jwk).key
            except (KeyError, jwt.PyJWKError):
                continue
        self._keys = keys
        self._fetched_at = time.monotonic()

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise NotAuthenticated("Token inválido") from exc
        kid = header.get("kid")
        if not isinstance(kid, str) or header.get("alg") not in ACCESS_TOKEN_ALGORITHMS:
            raise NotAuthenticated("Token inválido")
        key = await self._key(kid)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=ACCESS_TOKEN_ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "jti", "rol"]},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise NotAuthenticated("Token expirado") from exc
        except jwt.PyJWTError as exc:
            raise NotAuthenticated("Token inválido") from exc
        if claims.get("typ") != "access":
            raise NotAuthenticated("Token inválido")
        try:
            principal = Principal(
                user_id=uuid.UUID(claims["sub"]),
                rol=Rol(claims["rol"]),
                jti=str(claims["jti"]),
                exp=int(claims["exp"]),
                iat=int(claims["iat"]),
            )
        except (ValueError, KeyError) as exc:
            raise NotAuthenticated("Token inválido") from exc
        if await self.revocations.is_revoked(principal.jti):
            raise NotAuthenticated("Sesión cerrada")
        return principal


class Verifier(Protocol):
    async def verify(self, token: str) -> Principal: ...


class VerifiedTokens:
    """A memo of verified access tokens, so a token's signature is checked once, not on every request.

    Checking an EdDSA signature is the largest fixed cost of an authenticated request. A token is the same
    string for its whole life, so the claims verified the first time are kept until it expires; revocation
    is still checked on every request.
    """

    def __init__(
        self, verifier: Verifier, revocations: RevocationList, *, max_tokens: int = MAX_TOKENS
    ) -> None:
        self.verifier = verifier
        self.revocations = revocations
        self.max_tokens = max_tokens
        self._principals: dict[str, Principal] = {}

    async def verify(self, token: str) -> Principal:
        principal = self._principals.get(token)
        if principal is not None and principal.exp > time.time():
            if await self.revocations.is_revoked(principal.jti):
                raise NotAuthenticated("Sesión cerrada")
            return principal
        principal = await self.verifier.verify(token)  # signature, claims and revocation
        if len(self._principals) >= self.max_tokens:
            self._evict()
        self._principals[token] = principal
        return principal

    def _evict(self) -> None:
        now = time.time()
        expired = [token for token, principal in self._principals.items() if principal.exp <= now]
        for token in expired:
            del self._principals[token]
        # Still full: drop the oldest half (dicts keep insertion order).
        if len(self._principals) >= self.max_tokens:
            for token in list(self._principals)[: self.max_tokens // 2]:
                del self._principals[token]


class ServiceTokens:
    """Short-lived HS256 tokens that one service presents to another's internal API."""

    def __init__(self, secret: str, service: str) -> None:
        self._secret = secret
        self.service = service
        self._cached: tuple[str, float] | None = None

    def token(self) -> str:
        now = time.time()
        if self._cached and self._cached[1] - now > 20:
            return self._cached[0]
        exp = now + SERVICE_TOKEN_TTL_SECONDS
        token = jwt.encode(
            {
                "sub": self.service,
                "aud": SERVICE_TOKEN_AUDIENCE,
                "iat": int(now),
                "exp": int(exp),
                "typ": "service",
            },
            self._secret,
            algorithm=SERVICE_TOKEN_ALGORITHM,
        )
        self._cached = (token, exp)
        return token

    def verify(self, token: str) -> str:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[SERVICE_TOKEN_ALGORITHM],
                audience=SERVICE_TOKEN_AUDIENCE,
                options={"require": ["exp", "sub", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise NotAuthenticated("Token de servicio inválido") from exc
        if claims.get("typ") != "service":
            raise NotAuthenticated("Token de servicio inválido")
        return str(claims["sub"])


_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/login")


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def current_principal(
    request: Request, _credentials: HTTPAuthorizationCredentials | None = Depends(_bearer)
) -> Principal:
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    token = bearer_token(request)
    if token is None:
        raise NotAuthenticated()
    verifier: Verifier = request.app.state.ctx.verifier
    principal = await verifier.verify(token)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: Rol) -> Callable[..., Awaitable[Principal]]:
    allowed = frozenset(roles)

    async def dependency(principal: CurrentUser) -> Principal:
        if principal.rol not in allowed:
            raise Forbidden("No tenés permiso para esta acción")
        return principal

    dependency.allowed_roles = allowed  # type: ignore[attr-defined]  # read by the role tests
    return dependency


def _guard_of(dependant: Any) -> tuple[bool, frozenset[Rol] | None]:
    """Whether a route's dependencies need a signed-in caller, and which roles they allow."""
    needs, roles = False, None
    stack = [dependant] if dependant is not None else []
    while stack:
        current = stack.pop()
        call = getattr(current, "call", None)
        allowed = getattr(call, "allowed_roles", None)
        if allowed is not None:
            needs, roles = True, allowed
        elif call is current_principal:
            needs = True
        stack.extend(getattr(current, "dependencies", ()))
    return needs, roles


async def guard_before_body(request: Request) -> AppError | None:
    """The refusal the route's own checks would give this caller (401 or 403), or None: the kernel's 422
    handler asks it before refusing a body that cannot be parsed, since the role check comes first."""
    needs, roles = _guard_of(getattr(request.scope.get("route"), "dependant", None))
    if not needs:
        return None
    try:
        principal = await current_principal(request, None)
    except AppError as exc:
        return exc
    if roles is not None and principal.rol not in roles:
        return Forbidden("No tenés permiso para esta acción")
    return None


AdminUser = Annotated[Principal, Depends(require_roles(Rol.ADMIN))]
ProfessionalUser = Annotated[Principal, Depends(require_roles(Rol.PROFESIONAL))]
ClientUser = Annotated[Principal, Depends(require_roles(Rol.CLIENTE))]


async def service_caller(request: Request) -> str:
    token = bearer_token(request)
    if token is None:
        raise NotAuthenticated("Falta el token de servicio")
    caller: str = request.app.state.ctx.service_tokens.verify(token)
    return caller


ServiceCaller = Annotated[str, Depends(service_caller)]
