"""The circuit breaker's state machine, on a fake clock."""

from __future__ import annotations

from conectar.gateway.circuit import CircuitBreaker, CircuitState


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock, threshold: int = 3, open_seconds: float = 10.0) -> CircuitBreaker:
    return CircuitBreaker("users", threshold=threshold, open_seconds=open_seconds, clock=clock)


def test_opens_after_consecutive_failures_only() -> None:
    clock = Clock()
    circuit = breaker(clock)
    for _ in range(2):
        assert circuit.allow()
        circuit.failure()
    assert circuit.allow()
    circuit.success()  # a success in between resets the count
    assert circuit.failures == 0
    for _ in range(3):
        assert circuit.state is CircuitState.CLOSED
        assert circuit.allow()
        circuit.failure()
    assert circuit.state is CircuitState.OPEN
    assert not circuit.allow()
    assert circuit.retry_after() == 10.0


def test_half_open_lets_one_trial_through_and_closes_on_success() -> None:
    clock = Clock()
    circuit = breaker(clock, threshold=1)
    circuit.allow()
    circuit.failure()
    clock.now += 9.9
    assert not circuit.allow()
    assert 0 < circuit.retry_after() < 0.2
    clock.now += 0.1
    assert circuit.allow()  # the trial
    assert circuit.state is CircuitState.HALF_OPEN
    assert not circuit.allow()  # nobody else while it is in flight
    circuit.success()
    assert circuit.state is CircuitState.CLOSED
    assert circuit.allow()
    assert circuit.allow()


def test_a_failed_trial_opens_again_for_a_full_period() -> None:
    clock = Clock()
    circuit = breaker(clock, threshold=2)
    for _ in range(2):
        circuit.allow()
        circuit.failure()
    clock.now += 10
    assert circuit.allow()
    circuit.failure()
    assert circuit.state is CircuitState.OPEN
    assert not circuit.allow()
    assert circuit.retry_after() == 10.0
    clock.now += 10
    assert circuit.allow()


def test_a_released_trial_frees_the_slot() -> None:
    clock = Clock()
    circuit = breaker(clock, threshold=1)
    circuit.allow()
    circuit.failure()
    clock.now += 10
    assert circuit.allow()
    assert not circuit.allow()
    circuit.release()  # the client went away: we learned nothing
    assert circuit.state is CircuitState.HALF_OPEN
    assert circuit.allow()


def test_failures_while_open_do_not_extend_it() -> None:
    clock = Clock()
    circuit = breaker(clock, threshold=1)
    circuit.allow()
    circuit.failure()
    clock.now += 5
    circuit.failure()  # a request that started before the circuit opened
    assert circuit.retry_after() == 5.0
    assert circuit.retry_after() == 5.0


def test_threshold_is_at_least_one() -> None:
    circuit = breaker(Clock(), threshold=0)
    circuit.allow()
    circuit.failure()
    assert circuit.state is CircuitState.OPEN
