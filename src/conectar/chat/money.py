"""The money movements a transition decides (open the checkout, release, refund), as jobs of the kernel's
``chat.money`` work queue.

A transition writes the movement's ``money_actions`` row (the domain record of what was asked and what came
of it) and enqueues its job in the same unit of work as the new state, under the trabajo's lock — so
finalize racing cancel ends with exactly one of a release or a refund ever being asked for. After commit the
request that made the change runs the job at once (``flows.money``: ``run_pending``, ``open_payment_now``),
so a person normally sees the outcome in the response; otherwise (or when that attempt fails) the queue's
workers run it, with the kernel's backoff. The handler (``flows.money_queue``) is idempotent: the payments
service is idempotent on the trabajo id per kind, and the trabajo only moves from the in-flight state it
expects.

A job's key is ``<action id>:<round>``: asking again (staff retrying, the client asking for the payment link
again) starts a new round with a job of its own, so it never collides with an earlier round's job that is
still settling; a job of an earlier round finds its round outdated and does nothing. A round the queue gave
up on (its job dead, see ``flows.money_queue.MoneyHandler.on_dead``) is asked again by requeueing that same
job.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from prometheus_client import Counter, Gauge
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.chat import repository as repo
from conectar.chat.models import MoneyAction
from conectar.chat.statemachine import EstadoEscrow
from conectar.platform.app import ServiceContext
from conectar.platform.db import on_commit, utcnow

QUEUE = "chat.money"
OPEN, RELEASE, REFUND = "open", "release", "refund"
PENDING, DONE, REFUSED, SUPERSEDED = "pending", "done", "refused", "superseded"
# Transient failures (5xx, timeouts, a refund the provider has not confirmed yet) are retried with the
# queue's backoff; after this many attempts the movement counts as refused and staff are told.
MAX_ATTEMPTS = 10
# A job the request itself will run right after commit is due only after this grace, so that a worker does
# not take it meanwhile; if the request dies first, a worker runs it then.
INLINE_GRACE = timedelta(seconds=30)

# The trabajo's state while the movement is in flight, and the words the events and pages use for it.
IN_FLIGHT: dict[str, EstadoEscrow] = {RELEASE: EstadoEscrow.LIBERANDO, REFUND: EstadoEscrow.REEMBOLSANDO}
MOVIMIENTO: dict[str, str] = {RELEASE: "liberacion", REFUND: "reembolso"}

REFUSALS = Counter(
    "conectar_chat_money_refusals_total",
    "Releases and refunds the payments service refused (or never accepted after every attempt)",
    ["kind"],
)
AWAITING_STAFF_GAUGE = Gauge(
    "conectar_chat_money_awaiting_staff",
    "Trabajos whose release or refund was refused and not yet resolved by staff (database-wide)",
)


@dataclass(frozen=True)
class Refusal:
    """Why a movement in flight ended refused: payments' answer (``status``), or None when it never
    answered (or never confirmed) after every attempt."""

    kind: str
    reason: str
    status: int | None


def job_key(action: MoneyAction) -> str:
    return f"{action.id}:{action.ask_round}"


async def ask(
    ctx: ServiceContext,
    session: AsyncSession,
    trabajo_id: uuid.UUID,
    kind: str,
    payload: dict[str, Any],
    *,
    inline: bool = False,
) -> MoneyAction:
    """Ask for a movement (again) in the caller's unit of work: its row set to pending, a new round, and
    that round's job. ``inline``: the caller runs the job itself right after its commit
    (``flows.money.run_pending``), so the queue's workers wait :data:`INLINE_GRACE` before taking it."""
    # "anunciado": the final state's event went out before the money states existed (see the migration).
    action = await repo.upsert_money_action(session, trabajo_id, kind, payload, keep=("anunciado",))
    await enqueue(ctx, session, action, inline=inline)
    return action


# The OPEN movement's payload key naming the client the checkout returns to (chat settings' return pages).
RETURN_CLIENT = "client"


def open_payload(t_payload: dict[str, Any], client: str | None) -> dict[str, Any]:
    """An OPEN movement's payload naming ``client`` (the gateway's hint) as the one whose return pages the
    checkout uses; without one, the platform's own pages."""
    payload = {k: v for k, v in t_payload.items() if k != RETURN_CLIENT}
    if client is not None:
        payload[RETURN_CLIENT] = client
    return payload


async def choose_return_client(session: AsyncSession, trabajo_id: uuid.UUID, client: str | None) -> None:
    """A checkout not opened yet (pending, or refused and about to be asked again) returns to the pages of
    the client asking for it now; one already opened keeps its own (the provider has them)."""
    action = await repo.money_action_of(session, trabajo_id, OPEN, lock=True)
    if action is None or action.status not in (PENDING, REFUSED):
        return
    payload = open_payload(dict(action.payload), client)
    if payload != action.payload:
        action.payload = payload
        await session.flush()


async def enqueue(
    ctx: ServiceContext, session: AsyncSession, action: MoneyAction, *, inline: bool = False
) -> None:
    """Enqueue the action's next round (``inline`` as for :func:`ask`)."""
    run_after = utcnow() + INLINE_GRACE if inline else None
    if action.ask_round and await ctx.queues.requeue(session, QUEUE, job_key(action), run_after=run_after):
        return  # the queue had given this round up (dead): the same job gets a new round of attempts
    action.ask_round += 1
    await session.flush()
    await ctx.queues.enqueue(
        session,
        QUEUE,
        {"action_id": str(action.id), "round": action.ask_round},
        key=job_key(action),
        run_after=run_after,
    )


def count_refusal(session: AsyncSession, kind: str) -> None:
    """Count a refusal once its transaction commits (and refresh the gauge)."""

    def counted() -> None:
        REFUSALS.labels(kind).inc()
        AWAITING_STAFF_GAUGE.inc()  # until the next measurement, which counts the database

    on_commit(session, counted)
