"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import structlog

from conectar.payments import repository as repo
from conectar.payments.metrics import WEBHOOKS
from conectar.payments.providers.base import ProviderError, ProviderNotFound, ProviderPayment
from conectar.payments.service.escrow import trabajo_uuid
from conectar.payments.service.notifications import (
    CHARGEBACK_TOPICS,
    DUPLICATE_PAYMENT,
    NOTIFICATION_OUTCOMES,
    PAYMENT_TOPICS,
    SOURCE,
    apply_to_intent,
    duplicate_refund_key,
    mark_handled,
)
from conectar.platform.db import on_commit
from conectar.platform.workqueue import Dead, Done, Job, Outcome, RetryAfter

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)


async def record_notification(
    rt: PaymentsRuntime,
    *,
    external_id: str,
    topic: str,
    action: str | None,
    resource_id: str,
    request_id: str | None,
    payload: Mapping[str, Any],
) -> bool:
    """Store the notification once (insert-or-ignore on source and external id, group-committed with
    concurrent ones) and, when new, its job in the same transaction; True when new."""
    return await rt.inbox.store(
        {
            "source": SOURCE,
            "external_id": external_id[:200],
            "topic": topic[:32],
            "action": action[:64] if action else None,
            "resource_id": resource_id[:64],
            "request_id": request_id[:128] if request_id else None,
            "payload": dict(payload),
        }
    )


async def handle_job(rt: PaymentsRuntime, job: Job) -> Outcome:
    """The ``payments.notifications`` handler. Idempotent: a notification already handled (``handled_at``)
    is done; handling one twice (a worker died before finishing its job) changes nothing more, since every
    effect is guarded by the intent's row lock and unique keys. A failure is recorded on the notification
    (``last_error``) and retried with the queue's backoff."""
    notification_id = uuid.UUID(str(job.payload["notification_id"]))
    async with rt.db.session(write=False) as session:
        row = await repo.notification(session, notification_id)
    if row is None:
        return Dead(f"notification {notification_id} does not exist")
    if row["handled_at"] is not None:
        return Done()
    try:
        await handle_notification(rt, row)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {str(exc)[:500]}"
        async with rt.db.session() as session:
            await repo.notification_failed(session, notification_id, reason)
        log.warning("notification_failed", notification_id=str(notification_id), error=reason[:200])
        return RetryAfter(reason)
    return Done()


async def handle_notification(rt: PaymentsRuntime, row: Mapping[str, Any]) -> None:
    """Handle one stored notification and stamp it handled; raising means try again later."""
    topic = str(row["topic"]).lower()
    resource_id = str(row["resource_id"])
    if topic in PAYMENT_TOPICS:
        try:
            payment = await rt.provider.get_payment(resource_id)
        except ProviderNotFound:
            # A correctly signed notice of a payment the provider does not know: recorded and settled, not
            # retried for ever (a real payment still reaches us: reconciliation asks about pending ones).
            async with rt.db.session() as session:
                await mark_handled(session, row["id"], "unknown_payment")
                on_commit(session, WEBHOOKS.labels("unknown_payment").inc)
            NOTIFICATION_OUTCOMES.labels("unknown_payment").inc()
            log.warning("payment_notification_unknown", resource_id=resource_id[:64])
            return
        await apply_provider_payment(rt, payment, notification_id=row["id"])
        return
    if topic in CHARGEBACK_TOPICS:
        outcomes = []
        for payment_id in await rt.provider.chargeback_payment_ids(resource_id):
            payment = await rt.provider.get_payment(payment_id)
            outcomes.append(await apply_provider_payment(rt, payment))
        async with rt.db.session() as session:
            await mark_handled(session, row["id"], ",".join(outcomes) or "no_payments")
        return
    async with rt.db.session() as session:
        await mark_handled(session, row["id"], f"ignored:{topic}")
    NOTIFICATION_OUTCOMES.labels("ignored").inc()


async def apply_provider_payment(
    rt: PaymentsRuntime,
    payment: ProviderPayment,
    *,
    notification_id: Any = None,
    source: str = "webhook",
) -> str:
    """Bring our state in line with the provider's payment; returns what happened."""
    trabajo_id = trabajo_uuid(payment.external_reference)
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True) if trabajo_id else None
        if intent is None:
            outcome = "unknown_reference"
        else:
            outcome = await apply_to_intent(session, rt, intent, payment)
        if notification_id is not None and outcome != DUPLICATE_PAYMENT:
            await mark_handled(session, notification_id, outcome)
    if outcome == DUPLICATE_PAYMENT:
        # The refund's key is committed; now ask the provider. A failure raises, so the notification stays
        # unhandled and its job asks again later with the same key.
        outcome = await _refund_duplicate(rt, payment)
        if notification_id is not None:
            async with rt.db.session() as session:
                await mark_handled(session, notification_id, outcome)
    NOTIFICATION_OUTCOMES.labels(outcome.split(":", 1)[0]).inc()
    log.info(
        "provider_payment_applied",
        source=source,
        outcome=outcome,
        payment_id=payment.id,
        status=payment.status,
        trabajo_id=str(trabajo_id) if trabajo_id else None,
    )
    return outcome


async def _refund_duplicate(rt: PaymentsRuntime, payment: ProviderPayment) -> str:
    """Refund in full a second approved payment of an already funded trabajo (its key already stored)."""
    key = duplicate_refund_key(payment.id)
    try:
        answer = await rt.provider.refund_payment(key, payment.id)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, key, error=str(exc)[:500])
        log.warning("duplicate_refund_failed", payment_id=payment.id, error=str(exc)[:200])
        raise
    async with rt.db.session() as session:
        await repo.provider_request_attempted(session, key, response_id=answer.id)
    return "duplicate_refunded"
