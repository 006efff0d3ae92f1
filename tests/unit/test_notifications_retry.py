"""Retry backoff: exponential, capped, jittered, never before a provider's Retry-After."""

from __future__ import annotations

import random

import pytest

from conectar.notifications.retry import RetryPolicy


def test_the_ceiling_doubles_until_the_cap() -> None:
    policy = RetryPolicy(base_seconds=10, max_seconds=300, max_attempts=8)
    rng = random.Random(7)
    for attempt, ceiling in [(1, 10), (2, 20), (3, 40), (4, 80), (5, 160), (6, 300), (7, 300), (50, 300)]:
        for _ in range(200):
            delay = policy.delay(attempt, rng=rng)
            assert ceiling / 2 <= delay <= ceiling, (attempt, delay)


def test_jitter_spreads_retries() -> None:
    policy = RetryPolicy(base_seconds=10, max_seconds=3600)
    rng = random.Random(1)
    delays = {round(policy.delay(5, rng=rng), 3) for _ in range(50)}
    assert len(delays) > 40


def test_retry_after_is_a_floor_within_the_cap() -> None:
    policy = RetryPolicy(base_seconds=1, max_seconds=60)
    assert policy.delay(1, at_least=30) >= 30
    assert policy.delay(1, at_least=10_000) <= 60


@pytest.mark.parametrize(
    ("attempts", "exhausted"), [(0, False), (1, False), (2, False), (3, True), (4, True)]
)
def test_the_last_attempt(attempts: int, exhausted: bool) -> None:
    assert RetryPolicy(max_attempts=3).exhausted(attempts) is exhausted
