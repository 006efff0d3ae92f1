"""Back-pressure for chat sends: a saturated replica refuses a send at once instead of queueing it.

A replica admits a send (over the socket or ``POST /chat/send-message``) only while

- fewer than ``chat_send_max_in_flight`` sends are in flight on it,
- the oldest send in flight started less than ``chat_send_max_age_ms`` ago (a stalled database or a starved
  event loop shows here first), and
- its database pool has a free connection (a send would otherwise wait for one, up to the pool's timeout).

Otherwise the send is refused with 503 and retry advice — on the socket an ``error`` frame with
``retry_after_ms``, over HTTP ``Retry-After`` — before anything is stored: a refused message was not sent and
the client may send it again. A send that was admitted runs to its end; once acknowledged it is in the
people's feeds and is delivered like any other.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from prometheus_client import Counter

from conectar.chat.settings import ChatSettings
from conectar.platform.app import ServiceContext
from conectar.platform.errors import ServiceUnavailable

REFUSED = Counter(
    "conectar_chat_sends_refused_total",
    "Chat sends refused at once because the replica was saturated (503 with retry advice), by reason",
    ["reason"],
)
IN_FLIGHT, STALLED, POOL = "in_flight", "stalled", "pool"


class ChatBusy(ServiceUnavailable):
    default_detail = (
        "El chat está saturado en este momento: el mensaje no se envió. Reintentá en un instante."
    )

    def __init__(self, retry_after_ms: int) -> None:
        super().__init__(headers={"Retry-After": str(max(1, math.ceil(retry_after_ms / 1000)))})
        self.retry_after_ms = retry_after_ms


class SendGate:
    """The sends in flight on one replica and the rule that admits one more."""

    def __init__(
        self,
        *,
        max_in_flight: int,
        max_age_seconds: float,
        retry_after_ms: int,
        pool_full: Callable[[], bool] = lambda: False,
    ) -> None:
        self.max_in_flight = max_in_flight
        self.max_age_seconds = max_age_seconds
        self.retry_after_ms = retry_after_ms
        self.pool_full = pool_full
        # Start times by ticket, oldest first (dicts keep insertion order).
        self._started: dict[int, float] = {}
        self._tickets = 0

    @property
    def in_flight(self) -> int:
        return len(self._started)

    def refusal(self) -> str | None:
        """Why a send would be refused now (None: it would be admitted)."""
        if self.max_in_flight <= 0:
            return None
        if self._started:
            if len(self._started) >= self.max_in_flight:
                return IN_FLIGHT
            if time.monotonic() - next(iter(self._started.values())) > self.max_age_seconds:
                return STALLED
        if self.pool_full():
            return POOL
        return None

    def check(self) -> None:
        """Raise :class:`ChatBusy` when a send would be refused now."""
        reason = self.refusal()
        if reason is not None:
            REFUSED.labels(reason).inc()
            # Spread the retries so that refused clients do not come back all at once.
            raise ChatBusy(int(self.retry_after_ms * random.uniform(0.75, 1.5)))

    @contextmanager
    def admit(self) -> Iterator[None]:
        """Hold a place for one send (refused with :class:`ChatBusy` when there is none)."""
        self.check()
        self._tickets += 1
        ticket = self._tickets
        self._started[ticket] = time.monotonic()
        try:
            yield
        finally:
            del self._started[ticket]


def _pool_full(ctx: ServiceContext) -> Callable[[], bool]:
    pool = ctx.db.engine.pool
    checkedout = getattr(pool, "checkedout", None)
    size = getattr(pool, "size", None)
    if checkedout is None or size is None:
        return lambda: False
    capacity = int(size()) + max(0, int(ctx.settings.database_max_overflow))
    return lambda: int(checkedout()) >= capacity


def send_gate(ctx: ServiceContext, settings: ChatSettings) -> SendGate:
    """This replica's gate (made on first use from the chat's settings)."""
    found = ctx.extras.get("send_gate")
    if not isinstance(found, SendGate):
        found = ctx.extras["send_gate"] = SendGate(
            max_in_flight=settings.chat_send_max_in_flight,
            max_age_seconds=settings.chat_send_max_age_ms / 1000,
            retry_after_ms=settings.chat_send_retry_after_ms,
            pool_full=_pool_full(ctx),
        )
    return found
