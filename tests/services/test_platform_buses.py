"""Both event buses behave alike: durable publish, per-service queues, retries, dead letters, replay."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conectar.contracts.events import EventEnvelope
from conectar.platform.bus import EventBus
from conectar.platform.bus_local import LocalEventBus
from conectar.platform.bus_rabbit import RabbitEventBus
from conectar.platform.db import utcnow
from tests.factories import wait_until
from tests.services.conftest import BROKER_URL, delete_namespace_queues

TOPOLOGY = {"test": frozenset({"Ping"}), "other": frozenset({"Ping", "Pong"})}
DELAYS = [50, 100]


def envelope(kind: str = "Ping", n: int = 0) -> EventEnvelope:
    return EventEnvelope(id=uuid.uuid4(), type=kind, occurred_at=utcnow(), producer="t", payload={"n": n})


# "rabbitmq" bundles the events published together (the default), "rabbitmq-single" sends a message per
# event (CONECTAR_EVENT_BUNDLE_MAX=1, the format of retries, dead letters and older publishers).
@pytest.fixture(params=["local", "rabbitmq", "rabbitmq-single"])
async def bus(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[EventBus]:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    created: EventBus
    if request.param == "local":
        created = LocalEventBus(tmp_path, topology=TOPOLOGY, max_attempts=3, retry_delays_ms=DELAYS)
    else:
        created = RabbitEventBus(
            BROKER_URL,
            namespace=namespace,
            topology=TOPOLOGY,
            max_attempts=3,
            retry_delays_ms=DELAYS,
            bundle_max=1 if request.param == "rabbitmq-single" else 50,
        )
    await created.start()
    yield created
    await created.close()
    if request.param != "local":
        await delete_namespace_queues(namespace)


async def test_events_reach_every_bound_queue_even_before_it_is_consumed(bus: EventBus) -> None:
    await bus.publish([envelope("Ping", 1), envelope("Pong", 2)])
    got_test: list[str] = []
    got_other: list[str] = []

    async def on_test(e: EventEnvelope) -> None:
        got_test.append(e.type)

    async def on_other(e: EventEnvelope) -> None:
        got_other.append(e.type)

    await bus.subscribe("test", on_test)
    await bus.subscribe("other", on_other)
    await wait_until(lambda: len(got_test) == 1 and len(got_other) == 2)
    assert got_test == ["Ping"]
    assert sorted(got_other) == ["Ping", "Pong"]


async def test_failing_handler_is_retried_then_succeeds(bus: EventBus) -> None:
    attempts: list[int] = []

    async def flaky(e: EventEnvelope) -> None:
        attempts.append(1)
        if len(attempts) < 2:
            raise RuntimeError("temporary")

    await bus.subscribe("test", flaky)
    await bus.publish([envelope()])
    await wait_until(lambda: len(attempts) == 2)
    await asyncio.sleep(0.3)
    assert len(attempts) == 2
    assert await bus.dead_letters("test") == []


async def test_poison_event_is_dead_lettered_and_can_be_replayed(bus: EventBus) -> None:
    healthy = asyncio.Event()
    seen: list[uuid.UUID] = []

    async def handler(e: EventEnvelope) -> None:
        if not healthy.is_set():
            raise ValueError("cannot handle yet")
        seen.append(e.id)

    await bus.subscribe("test", handler)
    poison = envelope()
    await bus.publish([poison])
    letters: list[object] = []

    async def dead() -> None:
        while not letters:
            letters.extend(await bus.dead_letters("test"))
            await asyncio.sleep(0.05)

    await asyncio.wait_for(dead(), 10)
    letter = letters[0]
    assert letter.event_id == str(poison.id)  # type: ignore[attr-defined]
    assert letter.attempts == 3  # type: ignore[attr-defined]
    assert "ValueError" in (letter.error or "")  # type: ignore[attr-defined]
    healthy.set()
    assert await bus.replay_dead_letters("test") == 1
    await wait_until(lambda: seen == [poison.id])
    assert await bus.dead_letters("test") == []


async def test_a_burst_is_delivered_completely(bus: EventBus) -> None:
    received: set[int] = set()

    async def handler(e: EventEnvelope) -> None:
        received.add(int(e.payload["n"]))

    await bus.subscribe("test", handler)
    await asyncio.gather(*(bus.publish([envelope(n=i) for i in range(k, k + 50)]) for k in range(0, 500, 50)))
    await wait_until(lambda: len(received) == 500, timeout=20)
    assert received == set(range(500))  # every event of every batch, none made up


async def test_unsubscribing_lets_the_event_being_handled_finish_and_delivers_nothing_more(
    bus: EventBus,
) -> None:
    started = asyncio.Event()
    seen: list[uuid.UUID] = []
    finished: list[uuid.UUID] = []

    async def slow(e: EventEnvelope) -> None:
        seen.append(e.id)
        started.set()
        await asyncio.sleep(0.3)
        finished.append(e.id)

    await bus.subscribe("test", slow)
    first = envelope(n=1)
    await bus.publish([first])
    await started.wait()
    stopping = asyncio.create_task(bus.unsubscribe("test", grace_seconds=5))
    await asyncio.sleep(0.05)
    later = envelope(n=2)
    await bus.publish([later])  # while the first is still being handled
    await stopping
    assert finished == [first.id]  # waited for, not cut off
    await asyncio.sleep(0.3)
    assert seen == [first.id]  # nothing more reached the handler
    again: list[uuid.UUID] = []

    async def record(e: EventEnvelope) -> None:
        again.append(e.id)

    await bus.subscribe("test", record)
    await wait_until(lambda: later.id in again)
    await asyncio.sleep(0.2)
    assert again == [later.id]  # the first was acknowledged: it does not come back


async def test_an_event_still_handled_when_the_grace_ends_comes_again(bus: EventBus) -> None:
    started = asyncio.Event()
    cancelled: list[uuid.UUID] = []

    async def hangs(e: EventEnvelope) -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.append(e.id)
            raise

    await bus.subscribe("test", hangs)
    stuck = envelope()
    await bus.publish([stuck])
    await started.wait()
    await bus.unsubscribe("test", grace_seconds=0.2)
    assert cancelled == [stuck.id]
    again: list[uuid.UUID] = []

    async def record(e: EventEnvelope) -> None:
        again.append(e.id)

    await bus.subscribe("test", record)
    await wait_until(lambda: stuck.id in again)


async def test_a_broker_that_does_not_answer_does_not_hold_the_unsubscribe(tmp_path: Path) -> None:
    namespace = f"t{uuid.uuid4().hex[:10]}"
    bus = RabbitEventBus(BROKER_URL, namespace=namespace, topology=TOPOLOGY, retry_delays_ms=DELAYS)
    await bus.start()

    class Silent:
        """A queue and channel whose broker never answers the cancel or the close."""

        async def cancel(self, *_: object) -> None:
            await asyncio.Event().wait()

        async def close(self) -> None:
            await asyncio.Event().wait()

    try:

        async def handler(e: EventEnvelope) -> None:
            return None

        await bus.subscribe("test", handler)
        silent: Any = Silent()
        bus._subscriptions["test"] = replace(bus._subscriptions["test"], queue=silent, channel=silent)
        bus._consume_channels.append(silent)
        await asyncio.wait_for(bus.unsubscribe("test", grace_seconds=0.2), 5)
    finally:
        bus._consume_channels = [c for c in bus._consume_channels if not isinstance(c, Silent)]
        await bus.close()
        await delete_namespace_queues(namespace)
