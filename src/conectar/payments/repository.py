"""All SQL of the payments service except the ledger's postings (``ledger.py``) and reports
(``service/reports.py`` reads through the query helpers here)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.payments.models import (
    LedgerAccount,
    LedgerTransaction,
    Lote,
    PaymentIntent,
    PayoutAccountCopy,
    ProviderNotification,
    ProviderRequest,
    Refund,
    Retiro,
    SandboxIdempotency,
    SandboxPayment,
    SandboxPayout,
    SandboxPreference,
    SandboxWebhookDelivery,
    table_of,
)
from conectar.platform.db import get_row, insert_ignore, utcnow
from conectar.platform.workqueue import DEAD


def _lock(query: Any, lock: bool) -> Any:
    return query.with_for_update() if lock else query


# --- payment intents ---------------------------------------------------------------------------------


async def intent_by_trabajo(
    session: AsyncSession, trabajo_id: uuid.UUID, *, lock: bool = False
) -> PaymentIntent | None:
    query = _lock(select(PaymentIntent).where(PaymentIntent.trabajo_id == trabajo_id), lock)
    return (await session.execute(query.execution_options(populate_existing=True))).scalar_one_or_none()


async def insert_intent(session: AsyncSession, values: dict[str, Any]) -> bool:
    now = utcnow()
    return await insert_ignore(
        session,
        table_of(PaymentIntent),
        {"fecha_creacion": now, "fecha_actualizacion": now, **values},
    )


async def set_preference(
    session: AsyncSession, intent_id: uuid.UUID, preference_id: str, payment_url: str
) -> None:
    await session.execute(
        update(PaymentIntent)
        .where(PaymentIntent.id == intent_id, PaymentIntent.preference_id.is_(None))
        .values(preference_id=preference_id, payment_url=payment_url, fecha_actualizacion=utcnow())
    )


async def intents_to_reconcile(
    session: AsyncSession,
    estados: Sequence[str],
    *,
    created_before: datetime,
    created_after: datetime | None = None,
    limit: int,
) -> list[PaymentIntent]:
    conditions = [PaymentIntent.estado.in_(estados), PaymentIntent.fecha_creacion <= created_before]
    if created_after is not None:
        conditions.append(PaymentIntent.fecha_creacion >= created_after)
    query = (
        select(PaymentIntent)
        .where(*conditions)
        .order_by(PaymentIntent.last_reconciled_at.is_not(None), PaymentIntent.last_reconciled_at)
        .limit(limit)
    )
    return list((await session.execute(query)).scalars())


async def stamp_reconciled(session: AsyncSession, intent_ids: Sequence[uuid.UUID]) -> None:
    if intent_ids:
        await session.execute(
            update(PaymentIntent).where(PaymentIntent.id.in_(intent_ids)).values(last_reconciled_at=utcnow())
        )


# --- provider requests (idempotency keys persisted before sending) ------------------------------------


async def record_provider_request(
    session: AsyncSession, *, key: str, provider: str, operation: str, subject_id: uuid.UUID
) -> None:
    await insert_ignore(
        session,
        table_of(ProviderRequest),
        {
            "idempotency_key": key,
            "provider": provider,
            "operation": operation,
            "subject_id": subject_id,
            "created_at": utcnow(),
            "attempts": 0,
        },
    )


async def provider_request_attempted(
    session: AsyncSession, key: str, *, response_id: str | None = None, error: str | None = None
) -> None:
    values: dict[str, Any] = {
        "attempts": ProviderRequest.attempts + 1,
        "last_attempt_at": utcnow(),
        "last_error": error,
    }
    if response_id is not None:
        values.update(response_id=response_id, completed_at=utcnow())
    await session.execute(
        update(ProviderRequest).where(ProviderRequest.idempotency_key == key).values(**values)
    )


# --- refunds -----------------------------------------------------------------------------------------


async def refund_by_trabajo(
    session: AsyncSession, trabajo_id: uuid.UUID, *, lock: bool = False
) -> Refund | None:
    query = _lock(select(Refund).where(Refund.trabajo_id == trabajo_id), lock)
    return (await session.execute(query.execution_options(populate_existing=True))).scalar_one_or_none()


async def pending_refunds(session: AsyncSession, limit: int) -> list[Refund]:
    query = (
        select(Refund).where(Refund.estado == "PENDIENTE").order_by(Refund.fecha_actualizacion).limit(limit)
    )
    return list((await session.execute(query)).scalars())


# --- notifications -----------------------------------------------------------------------------------


async def notification(session: AsyncSession, notification_id: uuid.UUID) -> dict[str, Any] | None:
    table = table_of(ProviderNotification)
    row = (await session.execute(select(table).where(table.c.id == notification_id))).mappings().first()
    return dict(row) if row is not None else None


async def mark_notification(
    session: AsyncSession, notification_id: uuid.UUID, outcome: str
) -> tuple[datetime, datetime] | None:
    """The notification is handled: its effect commits in this same unit of work. Its ``received_at`` and
    the ``handled_at`` stamped, or None when there is no such notification."""
    table = table_of(ProviderNotification)
    handled_at = utcnow()
    received_at = (
        await session.execute(
            update(table)
            .where(table.c.id == notification_id)
            .values(handled_at=handled_at, outcome=outcome[:48], last_error=None)
            .returning(table.c.received_at)
        )
    ).scalar_one_or_none()
    return None if received_at is None else (received_at, handled_at)


async def notification_failed(session: AsyncSession, notification_id: uuid.UUID, error: str) -> None:
    await session.execute(
        update(ProviderNotification)
        .where(ProviderNotification.id == notification_id, ProviderNotification.handled_at.is_(None))
        .values(last_error=error[:1000])
    )


async def notification_counts(session: AsyncSession, work_jobs: Table, queue: str) -> dict[str, int]:
    """Notifications handled (``done``, from the notifications themselves) and still owed (``pending``:
    queued or running jobs; ``dead``: jobs that spent their attempts), from the work queue."""
    handled = (
        await session.execute(
            select(func.count())
            .select_from(ProviderNotification)
            .where(ProviderNotification.handled_at.is_not(None))
        )
    ).scalar_one()
    jobs = await session.execute(
        select(work_jobs.c.status, func.count())
        .where(work_jobs.c.queue == queue)
        .group_by(work_jobs.c.status)
    )
    counts = {"done": int(handled), "pending": 0, "dead": 0}
    for status, count in jobs.all():
        state = "dead" if status == DEAD else "pending"
        counts[state] += int(count)
    return counts


# --- payout accounts (copies) ------------------------------------------------------------------------


async def payout_account(session: AsyncSession, profesional_id: uuid.UUID) -> str | None:
    found = await session.get(PayoutAccountCopy, profesional_id)
    return found.payout_account if found is not None else None


async def save_payout_account(session: AsyncSession, profesional_id: uuid.UUID, account: str) -> None:
    found = await session.get(PayoutAccountCopy, profesional_id)
    if found is None:
        inserted = await insert_ignore(
            session,
            table_of(PayoutAccountCopy),
            {"profesional_id": profesional_id, "payout_account": account, "updated_at": utcnow()},
        )
        if inserted:
            return
    await session.execute(
        update(PayoutAccountCopy)
        .where(PayoutAccountCopy.profesional_id == profesional_id)
        .values(payout_account=account, updated_at=utcnow())
    )


async def add_payout_account(session: AsyncSession, profesional_id: uuid.UUID, account: str) -> None:
    """A copy of the account only where there is none (an existing copy is never replaced)."""
    await insert_ignore(
        session,
        table_of(PayoutAccountCopy),
        {"profesional_id": profesional_id, "payout_account": account, "updated_at": utcnow()},
    )


# --- retiros -----------------------------------------------------------------------------------------


async def retiro(session: AsyncSession, retiro_id: uuid.UUID, *, lock: bool = False) -> Retiro | None:
    return await get_row(session, Retiro, retiro_id, lock=lock, refresh=True)


async def retiros_page(
    session: AsyncSession,
    *,
    estado: str | None,
    profesional_id: uuid.UUID | None,
    offset: int,
    limit: int,
) -> tuple[list[Retiro], int]:
    conditions = []
    if estado is not None:
        conditions.append(Retiro.estado == estado)
    if profesional_id is not None:
        conditions.append(Retiro.profesional_id == profesional_id)
    total = (await session.execute(select(func.count()).select_from(Retiro).where(*conditions))).scalar_one()
    rows = await session.execute(
        select(Retiro).where(*conditions).order_by(Retiro.fecha_creacion.desc()).offset(offset).limit(limit)
    )
    return list(rows.scalars()), int(total)


async def retiros_by_ids(
    session: AsyncSession, ids: Sequence[uuid.UUID], *, lock: bool = False
) -> list[Retiro]:
    query = _lock(select(Retiro).where(Retiro.id.in_(ids)).order_by(Retiro.fecha_creacion), lock)
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


async def retiros_of_lotes(
    session: AsyncSession, lote_ids: Sequence[uuid.UUID], *, lock: bool = False
) -> list[Retiro]:
    if not lote_ids:
        return []
    query = _lock(
        select(Retiro).where(Retiro.batch_id.in_(lote_ids)).order_by(Retiro.fecha_creacion, Retiro.id), lock
    )
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


async def count_retiros(
    session: AsyncSession, estados: Sequence[str], *, changed_since: datetime | None = None
) -> int:
    """How many retiros are in one of ``estados`` (reached at or after ``changed_since``, when given)."""
    query = select(func.count()).select_from(Retiro).where(Retiro.estado.in_(list(estados)))
    if changed_since is not None:
        query = query.where(Retiro.fecha_actualizacion >= changed_since)
    return int((await session.execute(query)).scalar_one())


async def retiros_in_state(
    session: AsyncSession, estado: str, *, limit: int, lock: bool = False, provider: str | None = None
) -> list[Retiro]:
    query = select(Retiro).where(Retiro.estado == estado)
    if provider is not None:
        query = query.where(Retiro.provider == provider)
    query = _lock(query.order_by(Retiro.fecha_creacion).limit(limit), lock)
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


async def lote(session: AsyncSession, lote_id: uuid.UUID, *, lock: bool = False) -> Lote | None:
    return await get_row(session, Lote, lote_id, lock=lock, refresh=True)


async def lotes_page(session: AsyncSession, *, offset: int, limit: int) -> tuple[list[Lote], int]:
    total = (await session.execute(select(func.count()).select_from(Lote))).scalar_one()
    rows = await session.execute(
        select(Lote).order_by(Lote.fecha_creacion.desc()).offset(offset).limit(limit)
    )
    return list(rows.scalars()), int(total)


# --- a person's data (SPEC §14) ----------------------------------------------------------------------


async def intents_of_person(session: AsyncSession, user_id: uuid.UUID) -> list[PaymentIntent]:
    """The payments of the trabajos where the person is the client or the professional, oldest first."""
    query = (
        select(PaymentIntent)
        .where(or_(PaymentIntent.cliente_id == user_id, PaymentIntent.profesional_id == user_id))
        .order_by(PaymentIntent.fecha_creacion, PaymentIntent.id)
    )
    return list((await session.execute(query)).scalars())


async def refunds_of_trabajos(session: AsyncSession, trabajo_ids: Sequence[uuid.UUID]) -> list[Refund]:
    if not trabajo_ids:
        return []
    return list((await session.execute(select(Refund).where(Refund.trabajo_id.in_(trabajo_ids)))).scalars())


async def transactions_of_person(
    session: AsyncSession, user_id: uuid.UUID, client_kinds: Sequence[str]
) -> list[LedgerTransaction]:
    """The ledger transactions that concern the person: as the client (``client_kinds``: the money they
    paid or got back), or as the professional (everything of theirs), oldest first."""
    txn = LedgerTransaction
    query = (
        select(txn)
        .where(
            or_(
                (txn.cliente_id == user_id) & txn.kind.in_(list(client_kinds)),
                txn.profesional_id == user_id,
            )
        )
        .order_by(txn.created_at, txn.id)
    )
    return list((await session.execute(query)).scalars())


async def accounts_of(session: AsyncSession, user_id: uuid.UUID) -> list[LedgerAccount]:
    query = select(LedgerAccount).where(LedgerAccount.owner_id == user_id).order_by(LedgerAccount.code)
    return list((await session.execute(query)).scalars())


async def retiros_of(session: AsyncSession, profesional_id: uuid.UUID, *, lock: bool = False) -> list[Retiro]:
    query = _lock(
        select(Retiro)
        .where(Retiro.profesional_id == profesional_id)
        .order_by(Retiro.fecha_creacion, Retiro.id),
        lock,
    )
    return list((await session.execute(query.execution_options(populate_existing=True))).scalars())


async def count_intents(session: AsyncSession, *, cliente_id: uuid.UUID, estados: Sequence[str]) -> int:
    query = (
        select(func.count())
        .select_from(PaymentIntent)
        .where(PaymentIntent.cliente_id == cliente_id, PaymentIntent.estado.in_(list(estados)))
    )
    return int((await session.execute(query)).scalar_one())


async def set_payer_email(session: AsyncSession, cliente_id: uuid.UUID, email: str) -> None:
    await session.execute(
        update(PaymentIntent)
        .where(PaymentIntent.cliente_id == cliente_id, PaymentIntent.payer_email != email)
        .values(payer_email=email)
        .execution_options(synchronize_session=False)
    )


async def delete_payout_account(session: AsyncSession, profesional_id: uuid.UUID) -> None:
    await session.execute(delete(PayoutAccountCopy).where(PayoutAccountCopy.profesional_id == profesional_id))


Rewrite = Callable[[Any], Any]


async def _rewrite(
    session: AsyncSession, key: Column[Any], columns: Sequence[Column[Any]], where: Any, rewrite: Rewrite
) -> int:
    """Rewrite ``columns`` of the rows that match with ``rewrite`` (text or JSON documents), writing only
    the rows it changes; how many it changed."""
    rows = (await session.execute(select(key, *columns).where(where))).all()
    changed = 0
    for row in rows:
        values: dict[str, Any] = {}
        for position, column in enumerate(columns, start=1):
            value = rewrite(row[position])
            if value != row[position]:
                values[column.name] = value
        if values:
            await session.execute(update(key.table).where(key == row[0]).values(**values))
            changed += 1
    return changed


async def rewrite_provider_records(
    session: AsyncSession,
    rewrite: Rewrite,
    *,
    payment_ids: Sequence[str],
    preference_ids: Sequence[str],
    idempotency_keys: Sequence[str],
    retiro_ids: Sequence[uuid.UUID],
    provider_payout_ids: Sequence[str],
) -> int:
    """Pass every provider record about these payments and retiros through ``rewrite``: the notifications
    received, and the sandbox provider's own documents (preferences, payments, retiros, remembered
    answers, owed webhooks). How many rows changed."""
    changed = 0
    notifications = table_of(ProviderNotification)
    resources = [*payment_ids, *provider_payout_ids]
    if resources:
        changed += await _rewrite(
            session,
            notifications.c.id,
            [notifications.c.payload, notifications.c.last_error],
            notifications.c.resource_id.in_(resources),
            rewrite,
        )
    if preference_ids:
        preferences = table_of(SandboxPreference)
        changed += await _rewrite(
            session, preferences.c.id, [preferences.c.document], preferences.c.id.in_(preference_ids), rewrite
        )
        payments = table_of(SandboxPayment)
        changed += await _rewrite(
            session,
            payments.c.id,
            [payments.c.document],
            payments.c.preference_id.in_(preference_ids),
            rewrite,
        )
    if idempotency_keys:
        remembered = table_of(SandboxIdempotency)
        changed += await _rewrite(
            session,
            remembered.c.idempotency_key,
            [remembered.c.response],
            remembered.c.idempotency_key.in_(idempotency_keys),
            rewrite,
        )
        requests = table_of(ProviderRequest)
        changed += await _rewrite(
            session,
            requests.c.idempotency_key,
            [requests.c.last_error],
            requests.c.idempotency_key.in_(idempotency_keys),
            rewrite,
        )
    if retiro_ids:
        sandbox_payouts = table_of(SandboxPayout)
        changed += await _rewrite(
            session,
            sandbox_payouts.c.id,
            [sandbox_payouts.c.document],
            sandbox_payouts.c.external_reference.in_([str(i) for i in retiro_ids]),
            rewrite,
        )
        retiros = table_of(Retiro)
        changed += await _rewrite(
            session,
            retiros.c.id,
            [retiros.c.payout_account, retiros.c.motivo, retiros.c.last_error],
            retiros.c.id.in_(retiro_ids),
            rewrite,
        )
    if payment_ids:
        webhooks = table_of(SandboxWebhookDelivery)
        changed += await _rewrite(
            session,
            webhooks.c.id,
            [webhooks.c.body, webhooks.c.last_error],
            webhooks.c.data_id.in_(payment_ids),
            rewrite,
        )
    return changed
