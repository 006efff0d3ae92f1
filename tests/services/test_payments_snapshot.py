"""Read models of the payments service computed in several statements see one snapshot: a release
committed while a professional's balance is being read shows its money once, either still pending or
already available, never in both and never in neither; a retiro given back while the deletion blockers
are read is still seen (SQLite and PostgreSQL)."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from conectar.contracts.identity import Rol
from conectar.payments import ledger, personal_data
from conectar.payments.flows import retiros
from conectar.platform.db import Database
from conectar.platform.errors import NotAuthenticated
from conectar.platform.security import Principal
from tests.harness.payments import Harness, payments_service

PRO_TOKEN = "token-del-profesional"


class OneProfessional:
    """Signs in one professional with a fixed token (the auth service is not part of this harness)."""

    def __init__(self, user_id: uuid.UUID) -> None:
        now = int(time.time())
        self.principal = Principal(user_id=user_id, rol=Rol.PROFESIONAL, jti="jti", exp=now + 600, iat=now)

    async def verify(self, token: str) -> Principal:
        if token != PRO_TOKEN:
            raise NotAuthenticated()
        return self.principal


@pytest.fixture
async def harness(either_url: str, tmp_path: Path) -> AsyncIterator[Harness]:
    async with payments_service(tmp_path, database_url=either_url) as h:
        yield h


async def balance_of(h: Harness) -> dict[str, Any]:
    response = await h.internal.get("/api/v1/pagos/balance", headers={"Authorization": f"Bearer {PRO_TOKEN}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_release_between_the_balance_statements_counts_once(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    pro = uuid.uuid4()
    h.ctx.verifier = OneProfessional(pro)
    opened = await h.funded(profesional_id=pro)
    before = await balance_of(h)
    assert (before["disponible"], before["pendiente"]) == ("0.00", "20000.00")

    # The balance reads the available money first and the escrow after: the release lands in between.
    original: Callable[..., Awaitable[int]] = ledger.sum_balances
    released: list[int] = []

    async def release_first(*args: Any, **kwargs: Any) -> int:
        if not released:
            await h.release(opened)
            released.append(1)
        return await original(*args, **kwargs)

    monkeypatch.setattr(ledger, "sum_balances", release_first)
    during = await balance_of(h)
    assert released, "the release did not run between the balance's statements"
    assert during == before  # the money once, still pending: the answer as it was when the read began

    monkeypatch.setattr(ledger, "sum_balances", original)
    after = await balance_of(h)
    assert after == {
        "disponible": "16000.00",
        "pendiente": "0.00",
        "total_ganado": "16000.00",
        "total_comisiones": "4000.00",
        "trabajos_completados": 1,
        "en_transito": "0.00",
        "retirado": "0.00",
    }


async def test_a_snapshot_on_postgresql_is_read_only(pg_url: str) -> None:
    db = Database(pg_url)
    try:
        with pytest.raises(DBAPIError, match="read-only transaction"):
            async with db.snapshot() as session:
                await session.execute(text("CREATE TABLE not_here (x integer)"))
    finally:
        await db.dispose()


async def test_a_connection_leaves_a_snapshot_as_it_came(pg_url: str) -> None:
    db = Database(pg_url, pool_size=1, max_overflow=0)  # one connection: the next unit gets the same
    try:
        async with db.snapshot() as session:
            level = (await session.execute(text("SHOW transaction_isolation"))).scalar_one()
            assert level == "repeatable read"
        async with db.session() as session:
            level = (await session.execute(text("SHOW transaction_isolation"))).scalar_one()
            assert level == "read committed"
            await session.execute(text("CREATE TABLE written (x integer)"))
    finally:
        await db.dispose()


async def test_a_retiro_given_back_between_the_blockers_reads_still_blocks(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    h = harness
    pro = uuid.uuid4()
    await h.release(await h.funded(profesional_id=pro))
    retiro = await retiros.request_retiro(h.rt, pro, None, pro)  # all of it: nothing left available
    # The blockers read the available money, then the money in transit: the retiro is rejected (its amount
    # goes back to the available balance) in between.
    original: Callable[..., Awaitable[int]] = ledger.balance
    calls: list[object] = []
    rejecting: list[bool] = []  # the rejection reads (and locks) the balance too: not one of the blockers'

    async def reject_before_the_second(*args: Any, **kwargs: Any) -> int:
        if not rejecting:
            calls.append(args[1])
            if len(calls) == 2:
                rejecting.append(True)
                await retiros.reject(h.rt, retiro.id, "cuenta equivocada", uuid.uuid4())
                rejecting.clear()
        return await original(*args, **kwargs)

    monkeypatch.setattr(ledger, "balance", reject_before_the_second)
    reasons = await personal_data.blockers(h.ctx, pro)
    assert len(calls) == 2
    assert len(reasons) == 1, reasons
    assert "retiros por $" in reasons[0]  # as it was when the read began: the money in transit
    monkeypatch.setattr(ledger, "balance", original)
    reasons = await personal_data.blockers(h.ctx, pro)
    assert len(reasons) == 1, reasons
    assert "saldo disponible" in reasons[0]
