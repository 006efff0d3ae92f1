"""Rate limits on the shared key-value store (Redis distributed, memory standalone).

On Redis the limiter counts through a :class:`~conectar.platform.kv_fallback.ResilientStore`: while Redis
does not answer, the same limits are enforced from this process's memory (429 as usual, never a 5xx) and
they return to Redis when it does. Revoked tokens never take this path.
"""

from __future__ import annotations

from conectar.platform.errors import RateLimited
from conectar.platform.kv import KeyValueStore, RateDecision
from conectar.platform.kv_fallback import with_local_fallback
from conectar.platform.metrics import RATE_LIMITED


class RateLimiter:
    def __init__(self, kv: KeyValueStore, *, enabled: bool = True, service: str = "") -> None:
        self.kv = with_local_fallback(kv, service=service)
        self.enabled = enabled
        self.service = service

    async def check(
        self, name: str, key: str, limit: int, period_seconds: float, *, peek: bool = False
    ) -> RateDecision:
        if not self.enabled or limit <= 0:
            return RateDecision(True, 0.0)
        decision = await self.kv.gcra(f"rl:{name}:{key}", limit, period_seconds, peek=peek)
        if not decision.allowed:
            RATE_LIMITED.labels(self.service, name).inc()
        return decision

    async def hit(
        self, name: str, key: str, limit: int, period_seconds: float, detail: str | None = None
    ) -> None:
        """Count one hit; raise 429 with Retry-After when over the limit."""
        decision = await self.check(name, key, limit, period_seconds)
        if not decision.allowed:
            raise RateLimited(decision.retry_after, detail)

    async def ensure_below(
        self, name: str, key: str, limit: int, period_seconds: float, detail: str | None = None
    ) -> None:
        """Raise 429 when the limit is already used up, without counting this call."""
        decision = await self.check(name, key, limit, period_seconds, peek=True)
        if not decision.allowed:
            raise RateLimited(decision.retry_after, detail)
