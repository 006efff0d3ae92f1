"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid

from conectar.chat import repository as repo
from conectar.chat.models import Trabajo
from conectar.chat.money import (
    AWAITING_STAFF_GAUGE,
    OPEN,
    PENDING,
    QUEUE,
    REFUSED,
    ask,
    enqueue,
    job_key,
)
from conectar.chat.schemas import PaymentLink
from conectar.chat.statemachine import AWAITING_STAFF
from conectar.platform.app import ServiceContext
from conectar.platform.errors import NotFound


async def run_pending(ctx: ServiceContext, trabajo_id: uuid.UUID, kind: str | None = None) -> None:
    """Run the trabajo's pending movements here and now (after the commit that asked for them)."""
    async with ctx.db.session(write=False) as session:
        actions = [
            a
            for a in await repo.money_actions_of(session, [trabajo_id])
            if a.status == PENDING and (kind is None or a.kind == kind)
        ]
    for action in actions:
        await ctx.queues.run_now(QUEUE, job_key(action))


async def retry_now(ctx: ServiceContext, action_id: uuid.UUID) -> None:
    """Run a pending movement now: its queued job (even while it waits for its backoff), or, when there is
    none to run (dead, or held by a worker), a new round of it."""
    async with ctx.db.session(write=False) as session:
        action = await repo.money_action(session, action_id)
    if action is None or action.status != PENDING:
        return
    if await ctx.queues.run_now(QUEUE, job_key(action)) is not None:
        return
    async with ctx.db.session() as session:
        action = await repo.money_action(session, action_id, lock=True)
        if action is None or action.status != PENDING:
            return
        await enqueue(ctx, session, action, inline=True)
        key = job_key(action)
    await ctx.queues.run_now(QUEUE, key)


async def open_payment_now(ctx: ServiceContext, trabajo_id: uuid.UUID) -> PaymentLink:
    """The trabajo's checkout link, asking the payments service for it when it is not there yet."""
    async with ctx.db.session() as session:
        t = await session.get(Trabajo, trabajo_id)
        if t is None:
            raise NotFound("Trabajo no encontrado")
        if t.payment_url:
            return PaymentLink(
                trabajo_id=t.id, payment_preference_id=t.payment_preference_id, payment_url=t.payment_url
            )
        action = await repo.money_action_of(session, trabajo_id, OPEN, lock=True)
        if action is not None and action.status == REFUSED:
            # Asked again by the client: a refused attempt gets another chance now.
            await ask(ctx, session, trabajo_id, OPEN, dict(action.payload), inline=True)
    await run_pending(ctx, trabajo_id, OPEN)
    async with ctx.db.session(write=False) as session:
        t = await session.get(Trabajo, trabajo_id)
        assert t is not None
        return PaymentLink(
            trabajo_id=t.id, payment_preference_id=t.payment_preference_id, payment_url=t.payment_url
        )


async def measure(ctx: ServiceContext) -> int:
    """Set ``conectar_chat_money_awaiting_staff`` from the database; the count."""
    async with ctx.db.session(write=False) as session:
        count = await repo.count_trabajos_in(session, sorted(AWAITING_STAFF))
    AWAITING_STAFF_GAUGE.set(count)
    return count
