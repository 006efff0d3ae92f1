"""The payments service on PostgreSQL: concurrent money movements, duplicate webhooks handled by
several workers at once (replicas sharing the kernel work queue), and the ledger's database guards."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from conectar.payments import scheduled as payments_scheduled
from conectar.payments.flows import retiros
from conectar.payments.flows.notifications import handle_notification
from conectar.payments.inbox import NOTIFICATIONS_QUEUE, NotificationInbox
from conectar.payments.models import LedgerAccount, ProviderNotification, table_of
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.service import retiros as retiros_service
from conectar.platform.errors import BusinessRuleError, Conflict
from conectar.platform.workqueue import Job, Outcome, WorkQueues
from tests.harness.payments import Harness, check_ledger, outbox_types, payments_service

pytestmark = pytest.mark.postgres


@pytest.fixture
async def pg(pg_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async with payments_service(tmp_path, database_url=pg_url) as harness:
        yield harness


def release_body(opened: dict[str, str]) -> dict[str, str]:
    return {
        "profesional_id": opened["profesional_id"],
        "comision_plataforma": "4000.00",
        "monto_liberado": "16000.00",
        "payout_account": "alias.del.profe",
    }


async def test_simultaneous_release_and_refund_one_wins(pg: Harness) -> None:
    for _ in range(8):
        opened = await pg.funded()
        trabajo = opened["trabajo_id"]
        release, refund = await asyncio.gather(
            pg.internal.post(f"/internal/v1/payments/{trabajo}/release", json=release_body(opened)),
            pg.internal.post(f"/internal/v1/payments/{trabajo}/refund", json={"motivo": "cancelado"}),
        )
        winners = [r for r in (release, refund) if r.status_code == 200]
        losers = [r for r in (release, refund) if r.status_code != 200]
        assert len(winners) == 1, (release.text, refund.text)
        assert losers[0].status_code == 409, losers[0].text
        final = (await pg.internal.get(f"/internal/v1/payments/{trabajo}")).json()["estado"]
        assert final == ("LIBERADO" if release.status_code == 200 else "REEMBOLSADO")
    await check_ledger(pg.rt)


async def test_simultaneous_releases_and_refunds_repeat_the_first_result(pg: Harness) -> None:
    opened = await pg.funded()
    trabajo = opened["trabajo_id"]
    answers = await asyncio.gather(
        *(
            pg.internal.post(f"/internal/v1/payments/{trabajo}/release", json=release_body(opened))
            for _ in range(6)
        )
    )
    assert [a.status_code for a in answers] == [200] * 6
    assert {a.json()["estado"] for a in answers} == {"LIBERADO"}
    other = await pg.funded()
    refunds = await asyncio.gather(
        *(
            pg.internal.post(f"/internal/v1/payments/{other['trabajo_id']}/refund", json={"motivo": "x"})
            for _ in range(6)
        )
    )
    assert {r.status_code for r in refunds} == {200}
    assert {r.json()["estado"] for r in refunds} == {"REEMBOLSADO"}
    kinds = [
        kind
        for kind, payload in await outbox_types(pg.rt)
        if payload.get("trabajo_id") == other["trabajo_id"]
    ]
    assert kinds.count("RefundIssued") == 1
    await check_ledger(pg.rt)


async def released_to(pg: Harness) -> uuid.UUID:
    """A professional with 16,000.00 available and an account to be paid on."""
    opened = await pg.funded()
    await pg.release(opened)
    return uuid.UUID(opened["profesional_id"])


async def test_a_retiro_asked_several_times_at_once_is_made_once(pg: Harness) -> None:
    pro = await released_to(pg)
    outcomes = await asyncio.gather(
        *(retiros.request_retiro(pg.rt, pro, None, pro) for _ in range(5)), return_exceptions=True
    )
    made = [o for o in outcomes if isinstance(o, RetiroRead)]
    assert [r.monto for r in made] == [Decimal("16000.00")], outcomes
    # The others were told why, in the person's words: not the ledger's guard (409) after the fact.
    for refused in (o for o in outcomes if not isinstance(o, RetiroRead)):
        assert isinstance(refused, BusinessRuleError), refused
        assert refused.detail == "No tenés saldo disponible suficiente para ese retiro"
    await check_ledger(pg.rt)


async def test_a_retiro_asked_while_a_lote_takes_every_balance_waits_for_it(
    pg: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = await released_to(pg), await released_to(pg)
    reserve = retiros_service.reserve
    asked: list[asyncio.Task[RetiroRead]] = []

    async def reserve_after_a_retiro_is_asked(*args: Any, **kwargs: Any) -> Any:
        # The lote has read the balances; the professional asks for a retiro now. It must wait for the
        # lote (the balances are locked) instead of reserving money the lote is about to reserve too.
        if not asked:
            asked.append(asyncio.create_task(retiros.request_retiro(pg.rt, first, Decimal("5000.00"), first)))
            await asyncio.wait(asked, timeout=1.0)
        return await reserve(*args, **kwargs)

    monkeypatch.setattr(retiros_service, "reserve", reserve_after_a_retiro_is_asked)
    lote = await retiros.create_lote(pg.rt, uuid.uuid4(), None)
    with pytest.raises(BusinessRuleError, match="saldo disponible suficiente"):
        await asked[0]
    reserved: dict[uuid.UUID, Decimal] = {}
    for retiro in lote.retiros:
        reserved[retiro.profesional_id] = reserved.get(retiro.profesional_id, Decimal(0)) + retiro.monto
    assert reserved == {first: Decimal("16000.00"), second: Decimal("16000.00")}
    await check_ledger(pg.rt)


async def test_two_lotes_paid_at_once_with_one_bank_reference(
    pg: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = uuid.uuid4()
    lotes = []
    for _ in range(2):
        pro = await released_to(pg)
        retiro = await retiros.request_retiro(pg.rt, pro, None, pro)
        lotes.append(await retiros.create_lote(pg.rt, admin, [retiro.id]))
    mark_paid = retiros.mark_paid
    both_checked = asyncio.Barrier(2)

    async def mark_paid_once_both_checked(*args: Any, **kwargs: Any) -> Any:
        # Where both payments would be if the reference were taken after the money moved: neither has
        # committed. (Taken before, the second waits on it instead and never gets here.)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(both_checked.wait(), 1.0)
        return await mark_paid(*args, **kwargs)

    monkeypatch.setattr(retiros, "mark_paid", mark_paid_once_both_checked)
    outcomes = await asyncio.gather(
        *(retiros.pay_lote(pg.rt, lote.id, "TRF-0001", admin) for lote in lotes), return_exceptions=True
    )
    paid = [o for o in outcomes if isinstance(o, LoteRead)]
    refused = [o for o in outcomes if not isinstance(o, LoteRead)]
    assert [lote.estado for lote in paid] == ["PAGADO"], outcomes
    assert len(refused) == 1
    assert isinstance(refused[0], Conflict), refused  # a clear 409, not the database's error (a 500)
    assert refused[0].detail == "Esa referencia bancaria ya se usó en otro lote"
    await check_ledger(pg.rt)


async def test_simultaneous_duplicate_webhooks_have_one_effect(pg: Harness) -> None:
    opened = await pg.open()
    assert pg.rt.sandbox is not None
    result = await pg.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
    payment_id = str(result.payment["id"])
    # The same notification ten times, and five distinct notifications about the same payment.
    same = await asyncio.gather(*(pg.webhook(payment_id, notification_id=777) for _ in range(10)))
    distinct = await asyncio.gather(*(pg.webhook(payment_id) for _ in range(5)))
    assert {r.status_code for r in same + distinct} == {200}
    assert sorted(r.json()["status"] for r in same).count("received") == 1
    table = ProviderNotification.__table__
    async with pg.rt.db.session(write=False) as session:
        rows = [dict(r) for r in (await session.execute(select(table))).mappings()]
    assert len(rows) == 6
    # One job per stored notification, none for a duplicate.
    jobs = await pg.jobs()
    assert sorted(str(job["payload"]["notification_id"]) for job in jobs) == sorted(
        str(r["id"]) for r in rows
    )
    # Every notification handled at the same time (as several replicas' workers would).
    await asyncio.gather(*(handle_notification(pg.rt, row) for row in rows))
    kinds = [
        kind
        for kind, payload in await outbox_types(pg.rt)
        if payload.get("trabajo_id") == opened["trabajo_id"]
    ]
    assert kinds.count("PaymentConfirmed") == 1
    async with pg.rt.db.session(write=False) as session:
        escrow = (
            await session.execute(
                select(LedgerAccount.balance_centavos).where(
                    LedgerAccount.code == f"escrow:{opened['trabajo_id']}"
                )
            )
        ).scalar_one()
    assert escrow == 1_500_050
    await check_ledger(pg.rt)


@contextlib.asynccontextmanager
async def slow_inserts(pg: Harness, table: str, seconds_per_row: float) -> AsyncIterator[None]:
    """Every row inserted into ``table`` takes this long (a trigger), so that two statements inserting
    rows at the same moment surely run side by side."""
    async with pg.rt.db.session() as session:
        await session.execute(
            text(
                "CREATE FUNCTION slow_row() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN PERFORM pg_sleep({seconds_per_row}); RETURN NEW; END $$"
            )
        )
        await session.execute(
            text(f"CREATE TRIGGER slow_row BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION slow_row()")
        )
    try:
        yield
    finally:
        async with pg.rt.db.session() as session:
            await session.execute(text(f"DROP TRIGGER slow_row ON {table}"))
            await session.execute(text("DROP FUNCTION slow_row()"))


async def test_two_replicas_storing_overlapping_bursts_of_webhooks_store_each_once(pg: Harness) -> None:
    """Two replicas group-commit bursts that hold the same notifications, met in opposite orders (the
    provider retries to whichever replica answers). Each replica's insert takes the unique index's entries
    in key order, so one waits for the other instead of both waiting for each other (a deadlock: a 500
    to the provider, and its batch's webhooks refused). The inserts are slowed so that they overlap."""
    replicas = [NotificationInbox(pg.rt.db, table_of(ProviderNotification), pg.rt.ctx.queues) for _ in "ab"]
    ids = [f"burst-{n:03d}" for n in range(60)]

    def notification(external_id: str) -> dict[str, Any]:
        return {
            "source": "mercadopago",
            "external_id": external_id,
            "topic": "payment",
            "action": "payment.updated",
            "resource_id": external_id,
            "request_id": None,
            "payload": {"id": external_id},
        }

    async def burst(inbox: NotificationInbox, order: list[str]) -> list[bool]:
        return await asyncio.gather(*(inbox.store(notification(i)) for i in order))

    async with slow_inserts(pg, ProviderNotification.__tablename__, 0.01):
        ascending, descending = await asyncio.gather(burst(replicas[0], ids), burst(replicas[1], ids[::-1]))
    new_by = dict(zip(ids, ascending, strict=True))
    for external_id, new in zip(ids[::-1], descending, strict=True):
        assert new != new_by[external_id]  # stored by exactly one of the two
    table = ProviderNotification.__table__
    async with pg.rt.db.session(write=False) as session:
        stored = (await session.execute(select(table.c.external_id))).scalars().all()
    assert sorted(stored) == ids
    assert len(await pg.jobs()) == len(ids)  # one job each


async def test_two_worker_replicas_share_the_queue_without_doing_anything_twice(pg: Harness) -> None:
    assert pg.rt.sandbox is not None
    trabajos = []
    for _ in range(12):
        opened = await pg.open(amount="1000.00")
        await pg.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
        trabajos.append(opened["trabajo_id"])
    assert await pg.ctx.queues.drain(WEBHOOKS_QUEUE) == 12
    assert len(await pg.jobs()) == 12
    handled: list[str] = []
    (spec,) = [s for s in payments_scheduled.queues(pg.ctx) if s.name == NOTIFICATIONS_QUEUE]

    async def counted(job: Job) -> Outcome | None:
        handled.append(str(job.payload["notification_id"]))
        await asyncio.sleep(0.01)  # let the other replicas lease meanwhile
        return await spec.handler(job)

    # Three replicas of the service: each its own WorkQueues on the same database.
    replicas = []
    for _ in range(3):
        replica = WorkQueues("payments", pg.rt.db, pg.ctx.tables.work_jobs)
        replica.register(dataclasses.replace(spec, handler=counted, batch_size=3))
        replicas.append(replica)
    while sum(await asyncio.gather(*(r.run_once(NOTIFICATIONS_QUEUE) for r in replicas))):
        pass
    assert len(handled) == len(set(handled)) == 12
    assert await pg.jobs() == []
    for trabajo in trabajos:
        assert (await pg.internal.get(f"/internal/v1/payments/{trabajo}")).json()["estado"] == "APROBADO"
    kinds = [kind for kind, payload in await outbox_types(pg.rt) if payload.get("trabajo_id") in trabajos]
    assert kinds.count("PaymentConfirmed") == 12
    await check_ledger(pg.rt)


async def test_the_database_refuses_edits_and_unbalanced_postings(pg: Harness) -> None:
    opened = await pg.funded()
    db = pg.rt.db
    with pytest.raises(DBAPIError, match="posting only"):
        async with db.session() as session:
            await session.execute(text("UPDATE ledger_entries SET amount_centavos = amount_centavos + 1"))
    with pytest.raises(DBAPIError, match="posting only"):
        async with db.session() as session:
            await session.execute(text("DELETE FROM ledger_transactions"))
    with pytest.raises(DBAPIError, match="only by posting"):
        async with db.session() as session:
            await session.execute(text("UPDATE ledger_accounts SET balance_centavos = 0"))
    escrow_code = f"escrow:{opened['trabajo_id']}"
    with pytest.raises(DBAPIError, match="does not balance"):
        await manual_posting(
            pg, "SELECT :txn, id, -1, now() FROM ledger_accounts WHERE code = :code", escrow_code
        )
    overdraw = (
        "SELECT :txn, id, CASE WHEN code = :code THEN -9999999999 ELSE 9999999999 END, now() "
        "FROM ledger_accounts WHERE code IN (:code, 'platform:revenue')"
    )
    with pytest.raises(DBAPIError, match="non_negative"):
        await manual_posting(pg, overdraw, escrow_code)
    await check_ledger(pg.rt)


async def manual_posting(h: Harness, entries_select: str, code: str) -> None:
    """A transaction written by hand, past the application's checks."""
    async with h.rt.db.session() as session:
        txn = uuid.uuid4()
        await session.execute(
            text(
                "INSERT INTO ledger_transactions (id, idempotency_key, kind, amount_centavos, fee_centavos, "
                "description, created_at) VALUES (:id, :key, 'REFUND', 1, 0, 'x', now())"
            ),
            {"id": txn, "key": f"manual-{txn}"},
        )
        await session.execute(
            text(
                f"INSERT INTO ledger_entries (transaction_id, account_id, amount_centavos, created_at) {entries_select}"
            ),
            {"txn": txn, "code": code},
        )
