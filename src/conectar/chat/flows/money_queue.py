"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import structlog

from conectar.chat import money, remote
from conectar.chat import repository as repo
from conectar.chat import statemachine as sm
from conectar.chat.conversations import chat_settings
from conectar.chat.flows.money import measure
from conectar.chat.models import MoneyAction
from conectar.chat.money_queue import ACCEPTED_REFUND, GAUGE_SECONDS, Answer, refused, wanted
from conectar.chat.trabajos import apply
from conectar.contracts.payments import BackUrls, OpenPaymentRequest, PaymentEstado, ReleaseRequest
from conectar.platform.app import ServiceContext
from conectar.platform.db import utcnow
from conectar.platform.errors import AppError, ConcurrentChange
from conectar.platform.tasks import Repeating
from conectar.platform.workqueue import Backoff, Done, Job, Outcome, QueueSpec, RetryAfter

log = structlog.get_logger(__name__)


def back_urls(ctx: ServiceContext, trabajo_id: uuid.UUID, client: Any) -> BackUrls:
    """Where the checkout returns the payer: the pages registered for the client that asked for it
    (``CONECTAR_CHAT_CLIENT_RETURN_URLS``), or the platform's own. Only server-side pages, never a URL
    from a request (no open redirect)."""
    pages = chat_settings(ctx).return_pages(client if isinstance(client, str) else None)
    if pages is not None:
        return pages.back_urls(trabajo_id)
    base = ctx.settings.base_url
    return BackUrls(
        success=f"{base}/pagos/{trabajo_id}/exito",
        failure=f"{base}/pagos/{trabajo_id}/error",
        pending=f"{base}/pagos/{trabajo_id}/pendiente",
    )


async def _call(ctx: ServiceContext, action: MoneyAction) -> Answer:
    payload = action.payload
    if action.kind == money.OPEN:
        opened = await remote.open_payment(
            ctx,
            OpenPaymentRequest(
                trabajo_id=action.trabajo_id,
                cliente_id=uuid.UUID(str(payload["cliente_id"])),
                profesional_id=uuid.UUID(str(payload["profesional_id"])),
                amount=Decimal(str(payload["amount"])),
                description=str(payload["description"]),
                payer_email=str(payload["payer_email"]),
                back_urls=back_urls(ctx, action.trabajo_id, payload.get(money.RETURN_CLIENT)),
            ),
        )
        return Answer(payment_preference_id=opened.payment_preference_id, payment_url=opened.payment_url)
    if action.kind == money.RELEASE:
        status = await remote.release(
            ctx,
            action.trabajo_id,
            ReleaseRequest(
                profesional_id=uuid.UUID(str(payload["profesional_id"])),
                comision_plataforma=Decimal(str(payload["comision_plataforma"])),
                monto_liberado=Decimal(str(payload["monto_liberado"])),
                payout_account=payload.get("payout_account"),
            ),
        )
        return Answer(status.estado)
    if action.kind == money.REFUND:
        status = await remote.refund(ctx, action.trabajo_id, str(payload.get("motivo") or "Reintegro"))
        return Answer(status.estado)
    raise ValueError(f"unknown money action {action.kind}")


class MoneyHandler:
    """Runs one job of ``chat.money`` (see the docstring of ``chat/money_queue.py``)."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    async def __call__(self, job: Job) -> Outcome:
        action_id = uuid.UUID(str(job.payload["action_id"]))
        async with self.ctx.db.session(write=False) as session:
            action = await repo.money_action(session, action_id)
            t = await repo.trabajo(session, action.trabajo_id) if action is not None else None
        if action is None or t is None or action.status != money.PENDING:
            return Done()
        if action.ask_round != int(job.payload.get("round", action.ask_round)):
            return Done()  # asked again since: that round's job carries it
        if not wanted(action, t.estado_escrow):
            await self._record(action.id, status=money.SUPERSEDED, last_error="El trabajo ya no lo esperaba")
            return Done()
        try:
            answer = await _call(self.ctx, action)
        except AppError as exc:
            reason = f"{exc.status_code}: {exc.detail}"
            # A change payments' database gave up for a concurrent one is asked again, not refused.
            if refused(exc.status_code) and not isinstance(exc, ConcurrentChange):
                await self._refuse(action, str(exc.detail), exc.status_code)
                return Done()
            return await self._transient(action, job, reason)
        except Exception as exc:  # payments unreachable, a bad answer: like an outage
            return await self._transient(action, job, f"{type(exc).__name__}: {str(exc)[:300]}")
        return await self._answered(action, job, answer)

    async def on_dead(self, job: Job, reason: str) -> None:
        """The queue gave the job up without an answer from this handler (it kept failing, or its worker
        kept dying): the movement counts as refused, so the trabajo says so and staff are told."""
        action_id = uuid.UUID(str(job.payload["action_id"]))
        async with self.ctx.db.session(write=False) as session:
            action = await repo.money_action(session, action_id)
        if action is None or action.status != money.PENDING:
            return
        if action.ask_round != int(job.payload.get("round", action.ask_round)):
            return
        await self._refuse(action, f"La cola de pagos abandonó el movimiento: {reason}"[:1000], None)

    async def _answered(self, action: MoneyAction, job: Job, answer: Answer) -> Outcome:
        if action.kind == money.OPEN:
            async with self.ctx.db.session() as session:
                t = await repo.trabajo(session, action.trabajo_id, lock=True)
                if t is not None:
                    t.payment_preference_id = answer.fields.get("payment_preference_id")
                    t.payment_url = answer.fields.get("payment_url")
                await self._finish(session, action.id, money.DONE)
            return Done()
        if action.kind == money.RELEASE and answer.estado is PaymentEstado.LIBERADO:
            await self._accept(action, "liberacion_aceptada")
            return Done()
        if action.kind == money.REFUND and answer.estado in ACCEPTED_REFUND:
            await self._accept(action, "reembolso_aceptado")
            return Done()
        if answer.estado is PaymentEstado.REEMBOLSO_PENDIENTE:
            reason = "El proveedor de pagos todavía no confirmó el reintegro"
        else:
            reason = f"El servicio de pagos respondió {answer.estado}"
        return await self._transient(action, job, reason)

    async def _accept(self, action: MoneyAction, name: str) -> None:
        async with self.ctx.db.session() as session:
            t = await repo.trabajo(session, action.trabajo_id, lock=True)
            await self._finish(session, action.id, money.DONE)
            if t is not None and t.estado_escrow == money.IN_FLIGHT[action.kind]:
                await apply(self.ctx, session, t, name, sm.Actor.PAGOS)

    async def _refuse(self, action: MoneyAction, reason: str, status: int | None) -> None:
        if action.kind == money.OPEN:
            # No money moved and none is held: the client asking for the link again tries once more.
            log.warning(
                "payment_open_refused", trabajo_id=str(action.trabajo_id), status=status, reason=reason
            )
            await self._record(
                action.id,
                status=money.REFUSED,
                last_error=reason[:1000],
                refusal_status=status,
                refused_at=utcnow(),
            )
            return
        async with self.ctx.db.session() as session:
            t = await repo.trabajo(session, action.trabajo_id, lock=True)
            locked = await self._finish(
                session, action.id, money.REFUSED, last_error=reason[:1000], refusal_status=status
            )
            if t is None or locked is None or t.estado_escrow != money.IN_FLIGHT[action.kind]:
                return
            name = "liberacion_rechazada" if action.kind == money.RELEASE else "reembolso_rechazado"
            refusal = money.Refusal(action.kind, reason, status)
            await apply(self.ctx, session, t, name, sm.Actor.PAGOS, motivo=reason, refusal=refusal)

    async def _transient(self, action: MoneyAction, job: Job, reason: str) -> Outcome:
        if job.attempts >= money.MAX_ATTEMPTS:
            exhausted = f"Sin respuesta aceptada tras {job.attempts} intentos; el último: {reason}"
            await self._refuse(action, exhausted, None)
            return Done()
        log.info(
            "money_action_retry", kind=action.kind, trabajo_id=str(action.trabajo_id), attempt=job.attempts
        )
        await self._record(action.id, last_error=reason[:1000])
        return RetryAfter(reason)

    async def _record(self, action_id: uuid.UUID, **values: Any) -> None:
        async with self.ctx.db.session() as session:
            action = await repo.money_action(session, action_id, lock=True)
            if action is not None and action.status == money.PENDING:
                for name, value in values.items():
                    setattr(action, name, value)
                action.updated_at = utcnow()

    async def _finish(
        self, session: Any, action_id: uuid.UUID, status: str, **values: Any
    ) -> MoneyAction | None:
        """Settle the pending action in the caller's unit of work (None when it is not pending any more)."""
        action = await repo.money_action(session, action_id, lock=True)
        if action is None or action.status != money.PENDING:
            return None
        now = utcnow()
        action.status = status
        action.updated_at = now
        if status == money.DONE:
            action.done_at = now
            action.last_error = None
        if status == money.REFUSED:
            action.refused_at = now
        for name, value in values.items():
            setattr(action, name, value)
        await session.flush()
        return action


def queue_spec(ctx: ServiceContext) -> QueueSpec:
    settings = chat_settings(ctx)
    base = max(0.05, settings.chat_money_retry_seconds)
    handler = MoneyHandler(ctx)
    return QueueSpec(
        money.QUEUE,
        handler,
        concurrency=8,
        batch_size=20,
        lease_seconds=60.0,
        # The handler decides before the kernel would: after MAX_ATTEMPTS a movement counts as refused and
        # staff are told; the margin covers a handler that cannot even record that (its database away).
        max_attempts=money.MAX_ATTEMPTS + 5,
        backoff=Backoff(base_seconds=base, cap_seconds=max(base, 3600.0)),
        poll_seconds=min(5.0, base),
        on_dead=handler.on_dead,
    )


def awaiting_staff_gauge(ctx: ServiceContext, interval_seconds: float = GAUGE_SECONDS) -> Repeating:
    """Keeps ``conectar_chat_money_awaiting_staff`` at the database's count in every replica (each exports
    the same database-wide figure; the alert takes the max)."""
    return Repeating("chat-money-gauge", interval_seconds, lambda: measure(ctx))
