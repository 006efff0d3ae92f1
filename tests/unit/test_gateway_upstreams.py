"""Replicas of one service: a replica whose circuit is open is skipped, and tried again once the circuit's
open period has passed (otherwise a replica that came back would never get traffic again)."""

from __future__ import annotations

from pathlib import Path

from conectar.gateway.circuit import CircuitState
from conectar.gateway.upstreams import UpstreamPool
from conectar.platform.settings import Settings


def pool(tmp_path: Path) -> UpstreamPool:
    settings = Settings(
        mode="distributed",
        data_dir=tmp_path,
        professionals_url="http://127.0.0.1:9001,http://127.0.0.1:9002",
    )
    return UpstreamPool(settings, {})


def test_an_open_replica_is_skipped_then_given_its_trial(tmp_path: Path) -> None:
    upstreams = pool(tmp_path)
    first = upstreams.get("professionals")
    second = upstreams.get("professionals")
    assert {first.base_url, second.base_url} == {"http://127.0.0.1:9001", "http://127.0.0.1:9002"}
    down = first.circuit
    assert down is not None
    for _ in range(down.threshold):
        assert down.allow()
        down.failure()
    assert down.state is CircuitState.OPEN
    assert {upstreams.get("professionals").base_url for _ in range(6)} == {second.base_url}
    down._opened_at -= down.open_seconds  # the open period has passed
    picked = {upstreams.get("professionals").base_url for _ in range(6)}
    assert first.base_url in picked
    assert down.allow()  # the trial
    down.success()
    assert down.state is CircuitState.CLOSED
