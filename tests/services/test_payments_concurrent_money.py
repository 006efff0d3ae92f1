"""Money of the payments service moved by two callers at the same moment, on PostgreSQL (READ COMMITTED):
each test holds one call at the bad point (a patched function that waits until the other call is blocked
on a row lock) and checks that both end as the SPEC says (a success, or a clear 4xx in Spanish), never in
a deadlock that the database breaks by failing one of them (a 500), and that the ledger still balances."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conectar.contracts.payments import PaymentStatus, RefundRequest
from conectar.payments.flows import intents, retiros
from conectar.payments.providers.base import ProviderPayout, ProviderRejected, ProviderUnavailable
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.service import retiros as retiros_service
from conectar.platform.db import Database
from conectar.platform.errors import BusinessRuleError, UpstreamError
from tests.databases import someone_waits_for_a_lock
from tests.harness.payments import Harness, check_ledger, payments_service

pytestmark = pytest.mark.postgres

LOCK_WAIT_TIMEOUT = 5.0


@pytest.fixture
async def pg(pg_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async with payments_service(tmp_path, database_url=pg_url) as harness:
        yield harness


async def released_to(pg: Harness) -> uuid.UUID:
    """A professional with 16,000.00 available and an account to be paid on."""
    opened = await pg.funded()
    await pg.release(opened)
    return uuid.UUID(opened["profesional_id"])


def held_once(
    db: Database,
    original: Callable[..., Awaitable[Any]],
    meanwhile: Callable[[], Coroutine[Any, Any, Any]],
) -> tuple[Callable[..., Awaitable[Any]], list[asyncio.Task[Any]]]:
    """``original``, patched so that its first call starts ``meanwhile`` as a task and goes on only once
    that task is blocked on a lock (or is over); and the list that then holds the task."""
    started: list[asyncio.Task[Any]] = []

    async def patched(*args: Any, **kwargs: Any) -> Any:
        if not started:
            started.append(asyncio.create_task(meanwhile()))
            waiting = asyncio.create_task(someone_waits_for_a_lock(db))
            await asyncio.wait([started[0], waiting], return_when=asyncio.FIRST_COMPLETED)
            waiting.cancel()
        return await original(*args, **kwargs)

    return patched, started


async def provider_down(*_: Any) -> ProviderPayout:
    raise ProviderUnavailable("payouts: 503", status=503)


# --- retiros and lotes: row locks taken in one order -------------------------------------------------


@pytest.mark.parametrize("decision", ["rechazar", "fallido", "proveedor"])
async def test_a_retiro_given_back_while_its_professional_asks_another(
    pg: Harness, monkeypatch: pytest.MonkeyPatch, decision: str
) -> None:
    """The professional asks a retiro (their available balance locked) while an admin gives their
    previous one back to that balance (rejects it, or reports its manual transfer bounced), or the payout
    provider reports it failed: one waits for the other; neither fails."""
    pro = await released_to(pg)
    admin = uuid.uuid4()
    first = await retiros.request_retiro(pg.rt, pro, Decimal("5000.00"), pro)
    if decision == "fallido":
        await retiros.create_lote(pg.rt, admin, [first.id])
    if decision == "proveedor":
        assert pg.rt.payout_provider is not None
        with monkeypatch.context() as patch:
            patch.setattr(pg.rt.payout_provider, "create_payout", provider_down)
            assert (await retiros.approve(pg.rt, first.id, admin)).estado == "EN_PROCESO"

    async def give_back() -> RetiroRead:
        if decision == "rechazar":
            return await retiros.reject(pg.rt, first.id, "Cuenta de cobro equivocada", admin)
        if decision == "fallido":
            return await retiros.fail(pg.rt, first.id, "La transferencia rebotó", staff=admin)
        failed = ProviderPayout(id="9000000001", status="rejected", status_detail="invalid_account")
        return await retiros.apply_provider_payout(pg.rt, first.id, failed)

    reserve, given_back = held_once(pg.rt.db, retiros_service.reserve, give_back)
    monkeypatch.setattr(retiros, "reserve", reserve)
    (asked,) = await asyncio.gather(
        retiros.request_retiro(pg.rt, pro, Decimal("3000.00"), pro), return_exceptions=True
    )
    (back,) = await asyncio.gather(*given_back, return_exceptions=True)
    assert isinstance(asked, RetiroRead), asked  # not the database's deadlock (a 500)
    assert isinstance(back, RetiroRead), back
    assert (asked.monto, asked.estado) == (Decimal("3000.00"), "SOLICITADO")
    assert back.estado == {"rechazar": "RECHAZADO", "fallido": "FALLIDO", "proveedor": "FALLIDO"}[decision]
    await check_ledger(pg.rt)


async def test_a_retiro_rejected_while_a_lote_takes_every_balance(
    pg: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An admin makes a lote of every balance (the balances locked) while another rejects a retiro of one
    of those professionals: the rejection waits for the lote, and is then refused in words (the retiro
    went into the lote) instead of either failing on a deadlock."""
    pro = await released_to(pg)
    admin, other_admin = uuid.uuid4(), uuid.uuid4()
    asked = await retiros.request_retiro(pg.rt, pro, Decimal("5000.00"), pro)
    reserve, rejected = held_once(
        pg.rt.db,
        retiros_service.reserve,
        lambda: retiros.reject(pg.rt, asked.id, "Cuenta de cobro equivocada", other_admin),
    )
    monkeypatch.setattr(retiros_service, "reserve", reserve)
    (lote,) = await asyncio.gather(retiros.create_lote(pg.rt, admin, None), return_exceptions=True)
    (reject,) = await asyncio.gather(*rejected, return_exceptions=True)
    assert isinstance(lote, LoteRead), lote  # not the database's deadlock (a 500)
    assert sorted(r.monto for r in lote.retiros) == [Decimal("5000.00"), Decimal("11000.00")]
    assert isinstance(reject, BusinessRuleError), reject
    assert reject.detail == "El retiro está EN_PROCESO"
    await check_ledger(pg.rt)


async def test_two_lotes_paid_at_once_with_their_professionals_in_opposite_orders(
    pg: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two lotes that pay the same two professionals (asked in opposite orders) paid at the same moment
    with their own references: one waits for the other; both end PAGADO."""
    a, b = await released_to(pg), await released_to(pg)
    admin = uuid.uuid4()
    five = Decimal("5000.00")
    first_b = await retiros.request_retiro(pg.rt, b, five, b)
    first_a = await retiros.request_retiro(pg.rt, a, five, a)
    one = await retiros.create_lote(pg.rt, admin, [first_b.id, first_a.id])
    second_a = await retiros.request_retiro(pg.rt, a, five, a)
    second_b = await retiros.request_retiro(pg.rt, b, five, b)
    two = await retiros.create_lote(pg.rt, admin, [second_a.id, second_b.id])
    assert [r.profesional_id for r in one.retiros] == [b, a]
    assert [r.profesional_id for r in two.retiros] == [a, b]

    mark_paid = retiros_service.mark_paid  # what the lote's payment calls, as flows.retiros imported it
    one_paid_its_first = asyncio.Event()
    calls_of_one: list[uuid.UUID] = []

    async def mark_paid_holding_lote_one(session: Any, rt: Any, retiro: Any, **kwargs: Any) -> None:
        # Lote one pays its first retiro, then lets lote two start and waits until it is blocked.
        if retiro.batch_id == one.id:
            calls_of_one.append(retiro.id)
            if len(calls_of_one) == 2:
                one_paid_its_first.set()
                await someone_waits_for_a_lock(pg.rt.db)
        await mark_paid(session, rt, retiro, **kwargs)

    async def pay_two_after_one_started() -> LoteRead:
        await asyncio.wait_for(one_paid_its_first.wait(), LOCK_WAIT_TIMEOUT)
        return await retiros.pay_lote(pg.rt, two.id, "TRF-0002", admin)

    monkeypatch.setattr(retiros, "mark_paid", mark_paid_holding_lote_one)
    outcomes = await asyncio.gather(
        retiros.pay_lote(pg.rt, one.id, "TRF-0001", admin),
        pay_two_after_one_started(),
        return_exceptions=True,
    )
    assert all(isinstance(o, LoteRead) for o in outcomes), outcomes  # not a deadlock (a 500)
    assert [o.estado for o in outcomes if isinstance(o, LoteRead)] == ["PAGADO", "PAGADO"]
    await check_ledger(pg.rt)


# --- refunds: an answer about an earlier attempt never undoes a newer one ---------------------------


async def test_a_late_refusal_of_an_earlier_refund_attempt_does_not_undo_the_next_one(
    pg: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refund is sent twice with its key (the request, and the reconciliation job that picked it up
    meanwhile); the provider refuses the first, so the chat service asks again (a new attempt, a new key),
    and that one goes through. The reconciliation's refusal of the first key, arriving late, must not
    mark the new attempt failed and put the money back in escrow: the client got it back, so a release
    now would pay the same money twice."""
    opened = await pg.funded()
    trabajo = uuid.UUID(opened["trabajo_id"])
    provider = pg.rt.provider
    refund_payment = provider.refund_payment
    first_key: list[str] = []
    late: list[asyncio.Task[PaymentStatus]] = []
    late_sent, let_late_answer = asyncio.Event(), asyncio.Event()

    async def refund_payment_refusing_the_first_key(key: str, payment_id: str, *args: Any) -> Any:
        if not first_key:
            first_key.append(key)
            # The reconciliation job sends the same attempt meanwhile; its answer comes back late.
            late.append(asyncio.create_task(intents.execute_refund(pg.rt, trabajo)))
            await asyncio.wait_for(late_sent.wait(), LOCK_WAIT_TIMEOUT)
            raise ProviderRejected("refund refused: try later", status=400)
        if key == first_key[0]:
            late_sent.set()
            await asyncio.wait_for(let_late_answer.wait(), LOCK_WAIT_TIMEOUT)
            raise ProviderRejected("refund refused: try later", status=400)
        # The new attempt: the late refusal of the first one lands just before it reaches the provider.
        let_late_answer.set()
        await asyncio.wait(late, timeout=LOCK_WAIT_TIMEOUT)
        return await refund_payment(key, payment_id, *args)

    monkeypatch.setattr(provider, "refund_payment", refund_payment_refusing_the_first_key)
    with pytest.raises(UpstreamError, match="rechazó el reembolso"):
        await intents.refund(pg.rt, trabajo, RefundRequest(motivo="Trabajo cancelado"))
    again = await intents.refund(pg.rt, trabajo, RefundRequest(motivo="Trabajo cancelado"))
    (stale,) = await asyncio.gather(*late, return_exceptions=True)
    assert isinstance(stale, PaymentStatus), stale  # the late refusal changed nothing
    assert again.estado == "REEMBOLSADO", again
    status = (await pg.internal.get(f"/internal/v1/payments/{trabajo}")).json()
    assert status["estado"] == "REEMBOLSADO", status
    release = await pg.internal.post(
        f"/internal/v1/payments/{trabajo}/release",
        json={
            "profesional_id": opened["profesional_id"],
            "comision_plataforma": "4000.00",
            "monto_liberado": "16000.00",
            "payout_account": "alias.del.profe",
        },
    )
    assert release.status_code == 409, release.text
    await check_ledger(pg.rt)
