"""Carrying out the money movements a transition decided (open a payment, release, refund).

The transition writes a ``money_actions`` row under the trabajo's lock, in the same transaction as the new
state; the call to the payments service happens after commit — at once, and again by the worker until it
succeeds. The payments service is idempotent on the trabajo id, so a repeated call has one effect, and
since the state was decided first under a lock, finalize racing cancel ends with exactly one of a release
or a refund ever being asked for.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from decimal import Decimal

import structlog
from sqlalchemy import or_, select, update

from conectar.chat import remote
from conectar.chat import repository as repo
from conectar.chat.models import MoneyAction, Trabajo
from conectar.chat.schemas import PaymentLink
from conectar.contracts.payments import BackUrls, OpenPaymentRequest, ReleaseRequest
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError, NotFound
from conectar.platform.tasks import cancel_and_wait

log = structlog.get_logger(__name__)

OPEN, RELEASE, REFUND = "open", "release", "refund"
LEASE = timedelta(seconds=60)
MAX_BACKOFF_SECONDS = 3600.0


async def _claim(ctx: ServiceContext, action_id: uuid.UUID) -> MoneyAction | None:
    now = utcnow()
    async with ctx.db.session() as session:
        result = await session.execute(
            update(MoneyAction)
            .where(
                MoneyAction.id == action_id,
                or_(
                    (MoneyAction.status == "pending") & (MoneyAction.next_attempt_at <= now),
                    (MoneyAction.status == "running") & (MoneyAction.next_attempt_at < now),
                ),
            )
            .values(status="running", next_attempt_at=now + LEASE, attempts=MoneyAction.attempts + 1)
        )
        if getattr(result, "rowcount", 0) != 1:
            return None
        return await session.get(MoneyAction, action_id)


async def _call(ctx: ServiceContext, action: MoneyAction) -> dict[str, str | None]:
    payload = action.payload
    if action.kind == OPEN:
        base = ctx.settings.base_url
        request = OpenPaymentRequest(
            trabajo_id=action.trabajo_id,
            cliente_id=uuid.UUID(str(payload["cliente_id"])),
            profesional_id=uuid.UUID(str(payload["profesional_id"])),
            amount=Decimal(str(payload["amount"])),
            description=str(payload["description"]),
            payer_email=str(payload["payer_email"]),
            back_urls=BackUrls(
                success=f"{base}/pagos/{action.trabajo_id}/exito",
                failure=f"{base}/pagos/{action.trabajo_id}/error",
                pending=f"{base}/pagos/{action.trabajo_id}/pendiente",
            ),
        )
        opened = await remote.open_payment(ctx, request)
        return {"payment_preference_id": opened.payment_preference_id, "payment_url": opened.payment_url}
    if action.kind == RELEASE:
        await remote.release(
            ctx,
            action.trabajo_id,
            ReleaseRequest(
                profesional_id=uuid.UUID(str(payload["profesional_id"])),
                comision_plataforma=Decimal(str(payload["comision_plataforma"])),
                monto_liberado=Decimal(str(payload["monto_liberado"])),
                payout_account=payload.get("payout_account"),
            ),
        )
        return {}
    if action.kind == REFUND:
        await remote.refund(ctx, action.trabajo_id, str(payload.get("motivo") or "Reintegro"))
        return {}
    raise ValueError(f"unknown money action {action.kind}")


async def execute(ctx: ServiceContext, action_id: uuid.UUID) -> bool:
    """Try one action now; True when it is done."""
    action = await _claim(ctx, action_id)
    if action is None:
        return False
    try:
        result = await _call(ctx, action)
    except AppError as exc:
        refused = 400 <= exc.status_code < 500 and exc.status_code not in (401, 408, 429)
        await _record_failure(ctx, action, f"{exc.status_code}: {exc.detail}", permanent=refused)
        return False
    except Exception as exc:
        await _record_failure(ctx, action, f"{type(exc).__name__}: {exc}", permanent=False)
        return False
    async with ctx.db.session() as session:
        await session.execute(
            update(MoneyAction)
            .where(MoneyAction.id == action.id)
            .values(status="done", done_at=utcnow(), last_error=None)
        )
        if action.kind == OPEN:
            t = await repo.trabajo(session, action.trabajo_id, lock=True)
            if t is not None:
                t.payment_preference_id = result.get("payment_preference_id")
                t.payment_url = result.get("payment_url")
    return True


async def _record_failure(ctx: ServiceContext, action: MoneyAction, error: str, *, permanent: bool) -> None:
    delay = min(MAX_BACKOFF_SECONDS, 2.0 * 2 ** max(action.attempts - 1, 0))
    log.warning(
        "money_action_failed",
        kind=action.kind,
        trabajo_id=str(action.trabajo_id),
        permanent=permanent,
        attempts=action.attempts,
    )
    async with ctx.db.session() as session:
        await session.execute(
            update(MoneyAction)
            .where(MoneyAction.id == action.id)
            .values(
                status="failed" if permanent else "pending",
                next_attempt_at=utcnow() + timedelta(seconds=delay),
                last_error=error[:1000],
            )
        )


async def run_pending(ctx: ServiceContext, trabajo_id: uuid.UUID, kind: str | None = None) -> None:
    async with ctx.db.session(write=False) as session:
        query = select(MoneyAction.id).where(
            MoneyAction.trabajo_id == trabajo_id, MoneyAction.status == "pending"
        )
        if kind is not None:
            query = query.where(MoneyAction.kind == kind)
        ids = list((await session.execute(query)).scalars())
    for action_id in ids:
        await execute(ctx, action_id)


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
        # Asked again by the client: a refused or backing-off attempt gets another chance now.
        await session.execute(
            update(MoneyAction)
            .where(
                MoneyAction.trabajo_id == trabajo_id,
                MoneyAction.kind == OPEN,
                MoneyAction.status.in_(["failed", "pending"]),
            )
            .values(status="pending", next_attempt_at=utcnow())
        )
    await run_pending(ctx, trabajo_id, OPEN)
    async with ctx.db.session(write=False) as session:
        t = await session.get(Trabajo, trabajo_id)
        assert t is not None
        return PaymentLink(
            trabajo_id=t.id, payment_preference_id=t.payment_preference_id, payment_url=t.payment_url
        )


class MoneyWorker:
    """Retries money actions that did not complete at once (every replica runs one; claims are atomic)."""

    def __init__(self, ctx: ServiceContext, interval_seconds: float) -> None:
        self.ctx = ctx
        self.interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="chat-money-worker")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait([self._task])

    async def run_once(self) -> int:
        now = utcnow()
        async with self.ctx.db.session(write=False) as session:
            ids = list(
                (
                    await session.execute(
                        select(MoneyAction.id)
                        .where(
                            or_(
                                (MoneyAction.status == "pending") & (MoneyAction.next_attempt_at <= now),
                                (MoneyAction.status == "running") & (MoneyAction.next_attempt_at < now),
                            )
                        )
                        .order_by(MoneyAction.created_at)
                        .limit(50)
                    )
                ).scalars()
            )
        done = 0
        for action_id in ids:
            done += await execute(self.ctx, action_id)
        return done

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("money_worker_error", error=type(exc).__name__)
            await asyncio.sleep(self.interval)
