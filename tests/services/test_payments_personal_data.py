"""The payments service's part of a person's data (SPEC §14): what it exports, why it refuses a deletion
(money not yet paid out to the person), and what it erases — every copy of the person's e-mail and payout
account, in every table and JSON document — while the payments, the ledger and the payouts stay, tied to
the user id only."""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete as sql_delete
from sqlalchemy import select

from conectar.contracts.personal_data import pseudonymous_email
from conectar.payments import personal_data as payments_personal_data
from conectar.payments.flows import retiros as retiros_flows
from conectar.payments.models import Lote, PaymentIntent, Retiro
from conectar.payments.personal_data import ERASED_ACCOUNT
from conectar.payments.runtime import runtime_of
from conectar.platform.db import new_id
from conectar.platform.security import ServiceTokens
from tests.data_scan import dump, holding
from tests.factories import Account, create_admin, deletion_requested, eventually, register
from tests.harness.payments import check_ledger, payments_service
from tests.services.conftest import Standalone
from tests.services.test_payments_api import open_payment, pay, release_body

PREFIX = "/api/v1"
# Tables whose rows change by themselves (the kernel's messaging and queues), left out of comparisons.
MOVING = {"outbox_events", "inbox_events", "job_leases", "work_jobs"}


@pytest.fixture
async def internal(standalone: Standalone) -> AsyncIterator[httpx.AsyncClient]:
    token = ServiceTokens(standalone.settings.secret("service_token_secret"), "chat").token()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=standalone.host.services["payments"]),
        base_url="http://payments.internal",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


async def professional(api: httpx.AsyncClient) -> tuple[Account, str]:
    pro = await register(api, "PROFESIONAL")
    alias = f"cobro.{uuid.uuid4().hex[:8]}.mp"
    response = await api.put(
        f"{PREFIX}/professional/payout-info", headers=pro.headers, json={"payout_account": alias}
    )
    assert response.status_code == 200, response.text
    return pro, alias


async def released(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, cliente: Account, pro: Account, amount: str
) -> dict[str, Any]:
    """A trabajo paid by ``cliente`` and released to ``pro`` (10 % commission)."""
    people = {"cliente": cliente, "profesional": pro}
    opened = await open_payment(internal, people, amount=amount)
    await pay(api, internal, opened)
    commission = (Decimal(amount) / 10).quantize(Decimal("0.01"))
    response = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, str(commission), str(Decimal(amount) - commission)),
    )
    assert response.status_code == 200, response.text
    return opened


async def personal_data(standalone: Standalone, user_id: uuid.UUID, what: str) -> httpx.Response:
    """The payments service's internal personal-data API, called as the users service calls it."""
    users = standalone.ctx("users")
    return await users.clients.request("payments", "GET", f"/internal/v1/personal-data/{user_id}/{what}")


async def blockers(standalone: Standalone, user_id: uuid.UUID) -> list[str]:
    response = await personal_data(standalone, user_id, "blockers")
    assert response.status_code == 200, response.text
    reasons: list[str] = response.json()["bloqueos"]
    return reasons


async def exported(standalone: Standalone, user_id: uuid.UUID) -> dict[str, Any]:
    response = await personal_data(standalone, user_id, "export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.namelist() == ["payments.json"]
        data: dict[str, Any] = json.loads(archive.read("payments.json"))
    return data


async def handled(standalone: Standalone, event_id: uuid.UUID) -> bool:
    """The payments service handled the event (its inbox records it with the effect)."""
    ctx = standalone.ctx("payments")
    inbox = ctx.tables.inbox
    async with ctx.db.session(write=False) as session:
        found = await session.execute(select(inbox.c.event_id).where(inbox.c.event_id == event_id))
        return found.first() is not None


async def delete(standalone: Standalone, person: Account, deletion_id: uuid.UUID) -> None:
    """Publish the deletion (as the users service does) and wait until payments has done its part."""
    envelope = await standalone.publish(
        deletion_requested(person.id, person.rol, deletion_id=deletion_id),
        producer="users",
    )

    async def done() -> bool:
        return await handled(standalone, envelope.id)

    await eventually(done, timeout=20)


# --- blockers ----------------------------------------------------------------------------------------


async def test_money_not_yet_paid_out_blocks_the_deletion_until_it_reaches_the_account(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, admin: Account
) -> None:
    cliente = await register(api, "CLIENTE")
    pro, _ = await professional(api)
    assert await blockers(standalone, pro.id) == []
    await released(api, internal, cliente, pro, "1000.00")
    # Available and not withdrawn.
    reasons = await blockers(standalone, pro.id)
    assert len(reasons) == 1
    assert "saldo disponible" in reasons[0]
    assert "$ 900" in reasons[0]
    assert await blockers(standalone, cliente.id) == []  # the client's money went to the professional
    # Asked for: on its way, still not theirs.
    requested = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={})
    assert requested.status_code == 201, requested.text
    reasons = await blockers(standalone, pro.id)
    assert len(reasons) == 1
    assert "retiros" in reasons[0]
    assert "$ 900" in reasons[0]
    # In a manual batch (approved, EN_PROCESO) it still blocks; paid, it does not.
    rt = runtime_of(standalone.ctx("payments"))
    automatic, rt.payout_provider = rt.payout_provider, None
    try:
        batch = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes",
            headers=admin.headers,
            json={"retiro_ids": [requested.json()["id"]]},
        )
        assert batch.status_code == 201, batch.text
        assert batch.json()["retiros"][0]["estado"] == "EN_PROCESO"
        assert len(await blockers(standalone, pro.id)) == 1
        paid = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{batch.json()['id']}/pagar",
            headers=admin.headers,
            json={"referencia_bancaria": f"TRF-{uuid.uuid4().hex[:10]}"},
        )
        assert paid.status_code == 200, paid.text
    finally:
        rt.payout_provider = automatic
    assert await blockers(standalone, pro.id) == []


async def test_a_refund_still_on_its_way_to_the_client_blocks_their_deletion(standalone: Standalone) -> None:
    cliente_id, intent_id = uuid.uuid4(), new_id()
    ctx = standalone.ctx("payments")
    async with ctx.db.session() as session:
        session.add(
            PaymentIntent(
                id=intent_id,
                trabajo_id=uuid.uuid4(),
                cliente_id=cliente_id,
                profesional_id=uuid.uuid4(),
                amount_centavos=50_000,
                currency="ARS",
                description="Trabajo",
                payer_email="alguien@example.com",
                back_urls={},
                provider="sandbox",
                estado="REEMBOLSO_PENDIENTE",
                preference_key=f"pref-{uuid.uuid4().hex}",
            )
        )
    try:
        reasons = await blockers(standalone, cliente_id)
        assert reasons == ["Hay un reembolso a tu favor que todavía no se completó."]
    finally:  # a made-up state with no money behind it: gone before the ledger is checked
        async with ctx.db.session() as session:
            await session.execute(sql_delete(PaymentIntent).where(PaymentIntent.id == intent_id))


# --- export, then erase --------------------------------------------------------------------------------


async def test_export_then_erase_keeps_the_money_and_no_personal_copy(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, admin: Account
) -> None:
    cliente = await register(api, "CLIENTE")
    pro, alias = await professional(api)
    opened = await released(api, internal, cliente, pro, "2000.00")
    requested = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": "1000.00"})
    assert requested.status_code == 201, requested.text
    retiro = requested.json()["id"]
    approved = await api.post(f"{PREFIX}/admin/pagos/retiros/{retiro}/aprobar", headers=admin.headers)
    assert approved.json()["estado"] == "PAGADO"  # sent to the account through the sandbox
    # The rest through a manual batch, paid with a bank reference.
    rt = runtime_of(standalone.ctx("payments"))
    automatic, rt.payout_provider = rt.payout_provider, None
    reference = f"TRF-{uuid.uuid4().hex[:10]}"
    try:
        rest = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={})
        assert rest.status_code == 201, rest.text
        batch = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes",
            headers=admin.headers,
            json={"retiro_ids": [rest.json()["id"]]},
        )
        assert batch.status_code == 201, batch.text
        paid = await api.post(
            f"{PREFIX}/admin/pagos/retiros/lotes/{batch.json()['id']}/pagar",
            headers=admin.headers,
            json={"referencia_bancaria": reference},
        )
        assert paid.status_code == 200, paid.text
    finally:
        rt.payout_provider = automatic
    assert await blockers(standalone, pro.id) == []
    assert await blockers(standalone, cliente.id) == []

    # The client's export: their payment, with their own address, and the money they paid.
    theirs = await exported(standalone, cliente.id)
    assert [p["trabajo_id"] for p in theirs["pagos"]] == [opened["trabajo_id"]]
    payment = theirs["pagos"][0]
    assert payment["rol"] == "CLIENTE"
    assert payment["email_pagador"] == cliente.email
    assert payment["monto"] == "2000.00"
    assert payment["estado"] == "LIBERADO"
    assert [m["tipo"] for m in theirs["movimientos"]] == ["PAGO"]
    assert theirs["retiros"] == []
    assert theirs["saldo"] is None
    assert theirs["cuenta_de_cobro"] is None
    # The professional's: the same payment without the client's address, what they earned and withdrew,
    # where it went, and their balance.
    mine = await exported(standalone, pro.id)
    assert mine["pagos"][0]["rol"] == "PROFESIONAL"
    assert mine["pagos"][0]["email_pagador"] is None
    assert mine["pagos"][0]["monto_liberado"] == "1800.00"
    assert cliente.email not in json.dumps(mine)
    assert {m["tipo"] for m in mine["movimientos"]} == {"PAGO", "LIBERACION", "RETIRO_SOLICITADO", "RETIRO"}
    assert [(r["monto"], r["cuenta"], r["estado"]) for r in mine["retiros"]] == [
        ("1000.00", alias, "PAGADO"),
        ("800.00", alias, "PAGADO"),
    ]
    assert mine["retiros"][1]["referencia"] == reference
    assert mine["cuenta_de_cobro"] == alias
    assert mine["saldo"]["disponible"] == "0.00"
    assert mine["saldo"]["retirado"] == "1800.00"
    assert {a["tipo"] for a in mine["cuentas"]} >= {"PAYABLE", "IN_TRANSIT", "PAID_OUT"}
    # Nobody's data for a stranger.
    assert (await exported(standalone, uuid.uuid4()))["pagos"] == []

    ctx = standalone.ctx("payments")
    before = await dump(ctx.db)
    # The check below sees the copies where they are: the intent, the sandbox's documents, the payouts.
    where = {table for table, _, _ in holding(before, cliente.email, alias)}
    assert {
        "payment_intents",
        "sandbox_preferences",
        "sandbox_payments",
        "payouts",
        "sandbox_payouts",
    } <= where

    deletion = uuid.uuid4()
    await delete(standalone, cliente, deletion)
    await delete(standalone, pro, uuid.uuid4())
    after = await dump(ctx.db)
    assert holding(after, cliente.email, alias) == []

    # The money stays, tied to the ids only.
    async with ctx.db.session(write=False) as session:
        intent = (
            await session.execute(
                select(PaymentIntent).where(PaymentIntent.trabajo_id == uuid.UUID(opened["trabajo_id"]))
            )
        ).scalar_one()
        payouts = list(
            (await session.execute(select(Retiro).where(Retiro.profesional_id == pro.id))).scalars()
        )
        lote = await session.get(Lote, uuid.UUID(batch.json()["id"]))
    assert (intent.cliente_id, intent.profesional_id, intent.amount_centavos) == (cliente.id, pro.id, 200_000)
    assert intent.payer_email == pseudonymous_email(cliente.id)
    assert intent.estado == "LIBERADO"
    assert {(p.amount_centavos, p.estado, p.payout_account) for p in payouts} == {
        (100_000, "PAGADO", ERASED_ACCOUNT),
        (80_000, "PAGADO", ERASED_ACCOUNT),
    }
    assert lote is not None
    assert lote.bank_reference == reference  # the platform's record of its own transfer
    for name in ("ledger_transactions", "ledger_entries", "ledger_accounts"):
        assert len(after[name]) == len(before[name]), name
    await check_ledger(rt)

    # Idempotent: the same deletion again (a redelivery after a crash) changes nothing.
    settled = {name: rows for name, rows in (await dump(ctx.db)).items() if name not in MOVING}
    await delete(standalone, cliente, deletion)
    again = {name: rows for name, rows in (await dump(ctx.db)).items() if name not in MOVING}
    assert again == settled


# --- the same erasure on PostgreSQL (row locks, JSON documents, the ledger's append-only triggers) -------


@pytest.mark.postgres
async def test_the_erasure_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    cliente, pro, staff = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with payments_service(tmp_path, database_url=pg_url) as h:
        opened = await h.open(amount="1000.00", cliente_id=cliente, profesional_id=pro)
        assert h.rt.sandbox is not None
        await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
        await h.drain()
        body = {
            "profesional_id": str(pro),
            "comision_plataforma": "100.00",
            "monto_liberado": "900.00",
            "payout_account": "alias.del.profe",
        }
        released = await h.internal.post(f"/internal/v1/payments/{opened['trabajo_id']}/release", json=body)
        assert released.status_code == 200, released.text
        requested = await retiros_flows.request_retiro(h.rt, pro, None, pro)
        assert (await retiros_flows.approve(h.rt, requested.id, staff)).estado == "PAGADO"
        before = await dump(h.ctx.db)
        assert {t for t, _, _ in holding(before, opened["payer_email"], "alias.del.profe")} >= {
            "payment_intents",
            "payouts",
            "sandbox_payouts",
        }
        for person, rol in ((cliente, "CLIENTE"), (pro, "PROFESIONAL")):
            event = deletion_requested(person, rol)
            for _ in range(2):  # idempotent
                async with h.ctx.db.session() as session:
                    await payments_personal_data.erase(h.ctx, session, event)
        after = await dump(h.ctx.db)
        assert holding(after, opened["payer_email"], "alias.del.profe") == []
        for name in ("ledger_transactions", "ledger_entries", "payouts", "payment_intents"):
            assert len(after[name]) == len(before[name]), name
        await check_ledger(h.rt)
