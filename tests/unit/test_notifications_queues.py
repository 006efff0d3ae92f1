"""The delivery queues' configuration: one kernel work queue per channel, the kernel's backoff with the
service's settings (10 s doubling to an hour, 8 attempts), and a send timeout that ends inside the lease."""

from __future__ import annotations

from typing import Any

import pytest

from conectar.notifications import delivery, flows
from conectar.notifications.catalog import Canal
from conectar.notifications.channels.base import DeliveryJob, Outcome
from conectar.notifications.runtime import Runtime
from conectar.notifications.settings import NotificationSettings
from conectar.platform.workqueue import Backoff, Job, QueueSpec


class Silent:
    name = "email"

    async def deliver(self, job: DeliveryJob) -> Outcome:
        return Outcome.sent()


async def noop(job: Job) -> None:
    return None


def specs(settings: NotificationSettings, channels: tuple[Canal, ...]) -> dict[str, QueueSpec]:
    fake: Any = object()
    runtime = Runtime(ctx=fake, settings=settings, live=fake, email=fake, push=None)
    for canal in channels:
        runtime.handlers[canal] = flows.DeliveryHandler(
            canal, Silent(), fake, max_attempts=settings.notifications_max_attempts, send_timeout=10
        )
    return {spec.name: spec for spec in runtime.queue_specs()}


def test_one_queue_per_channel_with_the_services_backoff() -> None:
    found = specs(NotificationSettings(_env_file=None), (Canal.EMAIL, Canal.PUSH))
    assert sorted(found) == ["notifications.email", "notifications.push"]
    email = found["notifications.email"]
    assert email.backoff == Backoff(base_seconds=10.0, cap_seconds=3600.0)
    assert email.max_attempts == 8
    assert email.lease_seconds == 120.0
    assert (email.concurrency, email.batch_size, email.poll_seconds) == (8, 20, 1.0)


def test_the_settings_shape_the_queues(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONECTAR_NOTIFICATIONS_RETRY_BASE_SECONDS", "0.2")
    monkeypatch.setenv("CONECTAR_NOTIFICATIONS_RETRY_MAX_SECONDS", "1")
    monkeypatch.setenv("CONECTAR_NOTIFICATIONS_MAX_ATTEMPTS", "6")
    monkeypatch.setenv("CONECTAR_NOTIFICATIONS_POLL_SECONDS", "0.1")
    [spec] = specs(NotificationSettings(_env_file=None), (Canal.EMAIL,)).values()
    assert spec.backoff == Backoff(base_seconds=0.2, cap_seconds=1.0)
    assert (spec.max_attempts, spec.poll_seconds) == (6, 0.1)


@pytest.mark.parametrize(
    ("wanted", "lease", "expected"),
    [
        (35.0, 120.0, 35.0),  # the defaults: the channel's own timeout
        (35.0, 30.0, 22.0),  # a short lease: cut so that the outcome is recorded before the queue cuts off
        (35.0, 1.0, 0.72),
        (35.0, 0.1, 0.072),
    ],
)
def test_the_send_timeout_ends_inside_the_lease(wanted: float, lease: float, expected: float) -> None:
    timeout = delivery.send_timeout(wanted, lease)
    assert timeout == pytest.approx(expected)
    assert timeout < QueueSpec("q", noop, lease_seconds=lease).timeout_seconds


def test_a_job_names_its_delivery() -> None:
    assert delivery.queue_of("push") == "notifications.push"
    assert delivery.queue_of(Canal.EMAIL) == "notifications.email"
    with pytest.raises(KeyError):
        delivery.queue_of(Canal.IN_APP)
