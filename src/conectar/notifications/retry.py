"""When to try a failed delivery again: exponential backoff with jitter, capped, and a last attempt."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    base_seconds: float = 10.0
    max_seconds: float = 3600.0
    max_attempts: int = 8

    def exhausted(self, attempts: int) -> bool:
        """True once ``attempts`` (made so far) reached the last one allowed."""
        return attempts >= self.max_attempts

    def delay(
        self, attempts: int, *, rng: random.Random | None = None, at_least: float | None = None
    ) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt: ``base × 2^(n-1)`` capped at
        ``max_seconds``, with "equal jitter" (between half and all of it) so that deliveries failing
        together do not retry together; never sooner than a provider's ``Retry-After``."""
        exponent = max(0, attempts - 1)
        ceiling = min(self.max_seconds, self.base_seconds * (2.0 ** min(exponent, 62)))
        generator = rng or random
        value = ceiling / 2 + generator.uniform(0, ceiling / 2)
        if at_least is not None:
            value = max(value, min(at_least, self.max_seconds))
        return value
