"""A circuit breaker per upstream: stop sending requests to a service that keeps failing to answer.

Closed: requests flow; ``threshold`` consecutive connection failures or timeouts open the circuit.
Open: requests are refused at once (503) for ``open_seconds``.
Half-open: one trial request goes through; its success closes the circuit, its failure opens it again.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import StrEnum

import structlog

from conectar.platform.metrics import CIRCUIT_OPEN

log = structlog.get_logger(__name__)


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        name: str,
        *,
        threshold: int,
        open_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.threshold = max(1, threshold)
        self.open_seconds = open_seconds
        self._clock = clock
        self._state = CircuitState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> CircuitState:
        return self._state

    @property
    def failures(self) -> int:
        return self._failures

    def retry_after(self) -> float:
        """Seconds until an open circuit lets a trial through (0 when it is not open)."""
        if self._state is not CircuitState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.open_seconds - self._clock())

    def allow(self) -> bool:
        """May a request go upstream now? When True the caller must report exactly one of
        :meth:`success`, :meth:`failure` or :meth:`release` for it."""
        if self._state is CircuitState.CLOSED:
            return True
        if self._state is CircuitState.OPEN:
            if self._clock() - self._opened_at < self.open_seconds:
                return False
            self._state = CircuitState.HALF_OPEN
            self._trial_in_flight = False
        if self._trial_in_flight:
            return False
        self._trial_in_flight = True
        return True

    def success(self) -> None:
        self._failures = 0
        self._trial_in_flight = False
        if self._state is not CircuitState.CLOSED:
            self._state = CircuitState.CLOSED
            CIRCUIT_OPEN.labels(self.name).set(0)
            log.info("circuit_closed", upstream=self.name)

    def failure(self) -> None:
        self._trial_in_flight = False
        if self._state is CircuitState.HALF_OPEN:
            self._open()
            return
        if self._state is CircuitState.OPEN:
            return
        self._failures += 1
        if self._failures >= self.threshold:
            self._open()

    def release(self) -> None:
        """The request ended without telling whether the upstream works (e.g. the client went away)."""
        self._trial_in_flight = False

    def _open(self) -> None:
        self._state = CircuitState.OPEN
        self._opened_at = self._clock()
        CIRCUIT_OPEN.labels(self.name).set(1)
        log.warning("circuit_opened", upstream=self.name, open_seconds=self.open_seconds)
