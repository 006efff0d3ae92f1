"""The payments service's staff audit trail (SPEC §14): every ADMIN decision on payouts (approve, reject,
mark a transfer bounced, build a manual batch, pay it with its bank reference) and a reconciliation asked
by hand are recorded with the admin and their address, in the unit of work of the decision; a refused or
failed request records nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import httpx
import pytest

from conectar.contracts.personal_data import AUDIT_ACTIONS, AuditRecord, AuditRecords
from conectar.payments.runtime import runtime_of
from conectar.platform.security import ServiceTokens
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone
from tests.services.test_payments_api import open_payment, pay, release_body

PREFIX = "/api/v1"
CLIENT_IP = "203.0.113.10"  # the test client's address (see tests/services/conftest.py)


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
async def people(standalone: Standalone) -> dict[str, Account]:
    api = standalone.client
    people = {
        "admin": await create_admin(standalone.settings, api),
        "cliente": await register(api, "CLIENTE"),
        "profesional": await register(api, "PROFESIONAL"),
    }
    account = await api.put(
        f"{PREFIX}/professional/payout-info",
        headers=people["profesional"].headers,
        json={"payout_account": f"audit.{uuid.uuid4().hex[:8]}.mp"},
    )
    assert account.status_code == 200, account.text
    return people


async def earn(
    api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account], amount: str
) -> None:
    """A released trabajo: the professional has ``amount`` (less one centavo of commission) more
    available."""
    opened = await open_payment(internal, people, amount=amount)
    await pay(api, internal, opened)
    released = await internal.post(
        f"/internal/v1/payments/{opened['trabajo_id']}/release",
        json=release_body(opened, "0.01", str(Decimal(amount) - Decimal("0.01"))),
    )
    assert released.status_code == 200, released.text


async def request_retiro(api: httpx.AsyncClient, pro: Account, amount: str) -> str:
    response = await api.post(f"{PREFIX}/pagos/retiros", headers=pro.headers, json={"monto": amount})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def entries(standalone: Standalone, **where: Any) -> list[AuditRecord]:
    ctx = standalone.ctx("payments")
    async with ctx.db.session(write=False) as session:
        found: AuditRecords = await ctx.audit.list(session, limit=1000, **where)
    return found.entradas


def only(found: list[AuditRecord]) -> AuditRecord:
    assert len(found) == 1, found
    return found[0]


def by(record: AuditRecord, admin: Account) -> None:
    assert record.actor_id == admin.id
    assert record.ip == CLIENT_IP
    assert record.servicio == "payments"
    assert record.accion in AUDIT_ACTIONS


async def test_an_approval_is_recorded_once_with_the_admin_and_their_address(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    admin, pro = people["admin"], people["profesional"]
    await earn(api, internal, people, "500.00")
    retiro = await request_retiro(api, pro, "300.00")
    # Not an admin: refused, and nothing is recorded.
    refused = await api.post(f"{PREFIX}/admin/pagos/retiros/{retiro}/aprobar", headers=pro.headers)
    assert refused.status_code == 403
    assert await entries(standalone, recurso_id=retiro) == []
    approved = await api.post(f"{PREFIX}/admin/pagos/retiros/{retiro}/aprobar", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    assert approved.json()["estado"] == "PAGADO"  # the sandbox pays at once
    record = only(await entries(standalone, recurso_id=retiro))
    by(record, admin)
    assert record.accion == "retiro.aprobar"
    assert record.recurso == "retiro"
    assert record.detalle["estado_anterior"] == "SOLICITADO"
    assert record.detalle["estado"] == "EN_PROCESO"  # the decision; the provider's answer came after
    assert record.detalle["profesional_id"] == str(pro.id)
    assert record.detalle["monto"] == "300.00"
    assert record.detalle["proveedor"] == "sandbox"
    # Paid already: approving again fails, and records nothing.
    again = await api.post(f"{PREFIX}/admin/pagos/retiros/{retiro}/aprobar", headers=admin.headers)
    assert again.status_code == 400
    assert len(await entries(standalone, recurso_id=retiro)) == 1


async def test_a_rejection_is_recorded_with_its_reason_once(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    admin, pro = people["admin"], people["profesional"]
    await earn(api, internal, people, "200.00")
    retiro = await request_retiro(api, pro, "150.00")
    path = f"{PREFIX}/admin/pagos/retiros/{retiro}/rechazar"
    assert (await api.post(path, headers=pro.headers, json={"motivo": "no"})).status_code == 403
    assert (await api.post(path, headers=admin.headers, json={"motivo": ""})).status_code == 422
    assert await entries(standalone, recurso_id=retiro) == []
    rejected = await api.post(path, headers=admin.headers, json={"motivo": "El CBU no es del titular"})
    assert rejected.status_code == 200, rejected.text
    record = only(await entries(standalone, recurso_id=retiro))
    by(record, admin)
    assert record.accion == "retiro.rechazar"
    assert record.detalle["motivo"] == "El CBU no es del titular"
    assert (record.detalle["estado_anterior"], record.detalle["estado"]) == ("SOLICITADO", "RECHAZADO")
    # Rejected already: the repeat changes nothing and records nothing.
    repeat = await api.post(path, headers=admin.headers, json={"motivo": "otra vez"})
    assert repeat.status_code == 200
    assert len(await entries(standalone, recurso_id=retiro)) == 1


async def test_manual_batches_and_a_bounced_transfer_are_recorded(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    admin, pro = people["admin"], people["profesional"]
    await earn(api, internal, people, "400.00")
    rt = runtime_of(standalone.ctx("payments"))
    automatic, rt.payout_provider = rt.payout_provider, None
    try:
        first = await request_retiro(api, pro, "100.00")
        second = await request_retiro(api, pro, "120.00")
        lotes = f"{PREFIX}/admin/pagos/retiros/lotes"
        before = len(await entries(standalone, accion="retiros.lote.crear"))
        assert (await api.post(lotes, headers=pro.headers, json={"retiro_ids": [first]})).status_code == 403
        missing = await api.post(
            lotes, headers=admin.headers, json={"retiro_ids": [first, str(uuid.uuid4())]}
        )
        assert missing.status_code == 404
        assert len(await entries(standalone, accion="retiros.lote.crear")) == before
        batch = await api.post(lotes, headers=admin.headers, json={"retiro_ids": [first, second]})
        assert batch.status_code == 201, batch.text
        lote = batch.json()["id"]
        created = only(await entries(standalone, recurso_id=lote))
        by(created, admin)
        assert created.accion == "retiros.lote.crear"
        assert created.recurso == "lote"
        assert sorted(created.detalle["retiro_ids"]) == sorted([first, second])
        assert created.detalle["cantidad"] == 2
        assert created.detalle["total"] == "220.00"

        # The second transfer bounced.
        bounced_path = f"{PREFIX}/admin/pagos/retiros/{second}/fallido"
        assert (await api.post(bounced_path, headers=pro.headers, json={"motivo": "x"})).status_code == 403
        bounced = await api.post(bounced_path, headers=admin.headers, json={"motivo": "CBU inexistente"})
        assert bounced.status_code == 200, bounced.text
        failed = only(await entries(standalone, recurso_id=second))
        by(failed, admin)
        assert failed.accion == "retiro.fallido"
        assert failed.detalle["motivo"] == "CBU inexistente"
        assert (failed.detalle["estado_anterior"], failed.detalle["estado"]) == ("EN_PROCESO", "FALLIDO")

        pagar = f"{lotes}/{lote}/pagar"
        reference = f"TRF-{uuid.uuid4().hex[:10]}"
        assert (
            await api.post(pagar, headers=pro.headers, json={"referencia_bancaria": reference})
        ).status_code == 403
        paid = await api.post(pagar, headers=admin.headers, json={"referencia_bancaria": reference})
        assert paid.status_code == 200, paid.text
        records = await entries(standalone, recurso_id=lote)
        assert [r.accion for r in records] == ["retiros.lote.pagar", "retiros.lote.crear"]  # newest first
        by(records[0], admin)
        assert records[0].detalle["referencia_bancaria"] == reference
        assert records[0].detalle["retiros_pagados"] == [first]
        # Paid already: another reference is refused, the same one changes nothing; neither is recorded.
        other = await api.post(pagar, headers=admin.headers, json={"referencia_bancaria": "OTRA-REF"})
        assert other.status_code == 409
        same = await api.post(pagar, headers=admin.headers, json={"referencia_bancaria": reference})
        assert same.status_code == 200
        assert len(await entries(standalone, recurso_id=lote)) == 2
    finally:
        rt.payout_provider = automatic


async def test_a_reconciliation_asked_by_an_admin_is_recorded(
    standalone: Standalone, api: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    admin, pro = people["admin"], people["profesional"]
    before = len(await entries(standalone, accion="pagos.conciliar"))
    assert (await api.post(f"{PREFIX}/admin/pagos/conciliar", headers=pro.headers)).status_code == 403
    assert len(await entries(standalone, accion="pagos.conciliar")) == before
    done = await api.post(f"{PREFIX}/admin/pagos/conciliar", headers=admin.headers)
    assert done.status_code == 200, done.text
    records = await entries(standalone, accion="pagos.conciliar", actor_id=admin.id)
    assert len(records) == before + 1
    by(records[0], admin)
    assert records[0].recurso == "conciliacion"
    assert records[0].detalle == done.json()


async def test_the_trail_is_served_to_the_users_service_and_names_only_known_actions(
    standalone: Standalone, api: httpx.AsyncClient, internal: httpx.AsyncClient, people: dict[str, Account]
) -> None:
    admin, pro = people["admin"], people["profesional"]
    await earn(api, internal, people, "90.00")
    retiro = await request_retiro(api, pro, "50.00")
    approved = await api.post(f"{PREFIX}/admin/pagos/retiros/{retiro}/aprobar", headers=admin.headers)
    assert approved.status_code == 200, approved.text
    token = ServiceTokens(standalone.settings.secret("service_token_secret"), "users").token()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=standalone.host.services["payments"]), base_url="http://payments"
    ) as client:
        assert (await client.get("/internal/v1/audit")).status_code == 401
        served = await client.get(
            "/internal/v1/audit",
            params={"recurso_id": retiro},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert served.status_code == 200, served.text
    body = AuditRecords.model_validate(served.json())
    assert body.total == 1
    assert body.entradas[0].accion == "retiro.aprobar"
    assert body.entradas[0].actor_id == admin.id
    assert body.entradas[0].ip == CLIENT_IP
    # Every action the service recorded in this module is one the staff audit page can name.
    assert {r.accion for r in await entries(standalone)} <= set(AUDIT_ACTIONS)
