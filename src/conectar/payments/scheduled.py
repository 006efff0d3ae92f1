"""Periodic jobs and work queues of the payments service (jobs run in one replica at a time, through the
kernel's leases). The queues' handlers use the service's runtime, so they are built after its startup;
tests that build the runtime themselves register them with ``ctx.queues.register``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from conectar.payments.flows import notifications, reconcile, sandbox_delivery
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.runtime import runtime_of
from conectar.payments.service.reports import RECONCILE_JOB
from conectar.payments.settings import PaymentsSettings
from conectar.platform.app import ServiceContext
from conectar.platform.jobs import PeriodicJob
from conectar.platform.workqueue import Backoff, Job, Outcome, QueueSpec

BATCH_SIZE = 50
BACKOFF_BASE_SECONDS = 0.5
NOTIFICATIONS_BACKOFF_CAP_SECONDS = 300.0
SANDBOX_WEBHOOKS_BACKOFF_CAP_SECONDS = 60.0


async def reconcile_with_provider(ctx: ServiceContext) -> None:
    """Ask the provider about money whose fate we have not heard (a lost webhook, a provider that did not
    answer) and bring the local state in line."""
    await reconcile.reconcile(runtime_of(ctx))


def jobs(ctx: ServiceContext) -> list[PeriodicJob]:
    interval = PaymentsSettings().payments_reconcile_interval_seconds
    return [
        PeriodicJob(
            RECONCILE_JOB, interval, partial(reconcile_with_provider, ctx), lease_seconds=max(60.0, interval)
        )
    ]


def queues(ctx: ServiceContext) -> list[QueueSpec]:
    """``payments.notifications`` (the provider's notifications, handled after they were answered) and, with
    the sandbox provider, ``payments.sandbox-webhooks`` (the sandbox's webhooks, sent to ourselves)."""
    runtime = runtime_of(ctx)
    own = runtime.settings
    specs = [
        _spec(
            own,
            NOTIFICATIONS_QUEUE,
            partial(notifications.handle_job, runtime),
            NOTIFICATIONS_BACKOFF_CAP_SECONDS,
            # A burst of webhooks is taken whole, and handled one at a time while webhooks keep arriving
            # (answering them comes first).
            settle_seconds=own.payments_worker_settle_seconds,
            yield_to=runtime.inbox.busy,
        )
    ]
    if runtime.sandbox is not None:
        specs.append(
            _spec(
                own,
                WEBHOOKS_QUEUE,
                partial(sandbox_delivery.deliver_job, runtime),
                SANDBOX_WEBHOOKS_BACKOFF_CAP_SECONDS,
            )
        )
    return specs


def _spec(
    own: PaymentsSettings, name: str, handler: Callable[[Job], Awaitable[Outcome]], cap: float, **extra: Any
) -> QueueSpec:
    return QueueSpec(
        name,
        handler,
        concurrency=own.payments_worker_concurrency,
        batch_size=BATCH_SIZE,
        max_attempts=own.payments_worker_max_attempts,
        backoff=Backoff(BACKOFF_BASE_SECONDS, cap),
        poll_seconds=own.payments_worker_poll_seconds,
        **extra,
    )
