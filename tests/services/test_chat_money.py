"""Money states that never lie (standalone, with the real payments service and its ledger): a release or
refund that payments refuses leaves the trabajo in a state everybody sees (client, professional, staff),
the ledger untouched, a notice for every admin and the metrics; staff retry it once the cause is fixed
(exactly one movement), or resolve it another way; a transient failure stays in flight and is retried with
backoff.

Refusals are arranged in the payments service's own data (as the causes happen in production: no payment
record, a payment not credited, amounts or professional that do not match, money already released or
refunded), and transient failures with a stand-in in front of the chat service's internal client."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from conectar.chat import money
from conectar.chat.flows import money as money_flows
from conectar.contracts.personal_data import AuditRecord
from conectar.platform.db import utcnow
from conectar.platform.errors import UpstreamError
from tests.factories import (
    Account,
    Pro,
    approved_professional,
    create_admin,
    eventually,
    paid_trabajo,
    register,
    trabajo_state,
)
from tests.factories import money as dec
from tests.services.conftest import LiveStandalone

PRICE = "15000.00"
COMMISSION, RELEASED = Decimal("3000.00"), Decimal("12000.00")  # BRONCE: 20 %

intents = sa.table(
    "payment_intents",
    sa.column("trabajo_id", sa.Uuid()),
    sa.column("profesional_id", sa.Uuid()),
    sa.column("estado", sa.String()),
    sa.column("amount_centavos", sa.BigInteger()),
    sa.column("comision_centavos", sa.BigInteger()),
    sa.column("liberado_centavos", sa.BigInteger()),
)
work_jobs = sa.table(
    "work_jobs",
    sa.column("queue", sa.String()),
    sa.column("key", sa.String()),
    sa.column("status", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("run_after", sa.DateTime()),
    sa.column("last_error", sa.Text()),
)


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@dataclass
class Parties:
    pro: Pro
    cliente: Account


@pytest.fixture
async def parties(live: LiveStandalone, admin: Account) -> Parties:
    return Parties(await approved_professional(live.client, admin), await register(live.client, "CLIENTE"))


# --- the payments service's side ----------------------------------------------------------------------------


async def change_intent(live: LiveStandalone, trabajo: str, values: dict[str, Any]) -> dict[str, Any]:
    """Change the trabajo's payment record in the payments service's database; the values it had."""
    tid = uuid.UUID(trabajo)
    async with live.ctx("payments").db.session() as session:
        row = (await session.execute(sa.select(intents).where(intents.c.trabajo_id == tid))).one()
        await session.execute(intents.update().where(intents.c.trabajo_id == tid).values(**values))
    before = dict(row._mapping)
    return {name: before[name] for name in values}


async def restore_intent(
    live: LiveStandalone, trabajo_id: str, current_id: str, values: dict[str, Any]
) -> None:
    async with live.ctx("payments").db.session() as session:
        await session.execute(
            intents.update().where(intents.c.trabajo_id == uuid.UUID(current_id)).values(**values)
        )


async def payments_estado(live: LiveStandalone, trabajo_id: str) -> str | None:
    try:
        status = await live.ctx("chat").clients.call("payments", "GET", f"/internal/v1/payments/{trabajo_id}")
    except Exception:
        return None
    return str(status["estado"])


@dataclass
class Ledger:
    balance: dict[str, Any]
    financials: dict[str, Any]


async def ledger(live: LiveStandalone, admin: Account, pro: Pro) -> Ledger:
    api = live.client
    balance = (await api.get("/api/v1/pagos/balance", headers=pro.account.headers)).json()
    financials = (await api.get("/api/v1/admin/metrics/financials", headers=admin.headers)).json()
    return Ledger(balance, financials)


def assert_refunded(before: Ledger, after: Ledger) -> None:
    """The trabajo's money left the escrow back to the client: the professional earned nothing of it."""
    assert dec(after.balance["pendiente"]) == dec(before.balance["pendiente"]) - dec(PRICE)
    for field in ("disponible", "total_ganado", "total_comisiones", "trabajos_completados"):
        assert after.balance[field] == before.balance[field], field
    assert dec(after.financials["dinero_en_escrow"]) == dec(before.financials["dinero_en_escrow"]) - dec(
        PRICE
    )


def refusals(kind: str) -> float:
    return REGISTRY.get_sample_value("conectar_chat_money_refusals_total", {"kind": kind}) or 0.0


def awaiting_staff() -> float:
    return REGISTRY.get_sample_value("conectar_chat_money_awaiting_staff") or 0.0


# --- what each party sees ---------------------------------------------------------------------------------------


async def staff_entries(live: LiveStandalone, trabajo_id: str, accion: str) -> list[AuditRecord]:
    ctx = live.ctx("chat")
    async with ctx.db.session(write=False) as session:
        return (await ctx.audit.list(session, limit=100, recurso_id=trabajo_id, accion=accion)).entradas


async def views(live: LiveStandalone, admin: Account, p: Parties, trabajo_id: str) -> dict[str, Any]:
    api = live.client
    cliente = (await api.get(f"/api/v1/cliente/trabajo/{trabajo_id}", headers=p.cliente.headers)).json()
    pro = (await api.get(f"/api/v1/professional/trabajos/{trabajo_id}", headers=p.pro.account.headers)).json()
    staff = (await api.get(f"/api/v1/admin/trabajo/{trabajo_id}", headers=admin.headers)).json()
    assert cliente["estado_escrow"] == pro["estado_escrow"] == staff["estado_escrow"]
    return {"estado": cliente["estado_escrow"], "admin": staff}


def movement(staff: dict[str, Any], tipo: str) -> dict[str, Any]:
    found = [m for m in staff["movimientos"] if m["tipo"] == tipo]
    assert len(found) == 1, staff["movimientos"]
    return found[0]


async def watched(live: LiveStandalone, admin: Account) -> dict[str, str]:
    page = await live.client.get(
        "/api/v1/admin/trabajos/dinero-observado", headers=admin.headers, params={"limit": 100}
    )
    assert page.status_code == 200, page.text
    return {t["id"]: t["situacion"] for t in page.json()["trabajos"]}


async def staff_notice(live: LiveStandalone, admin: Account, trabajo_id: str) -> dict[str, Any]:
    found: dict[str, Any] = {}

    async def arrived() -> bool:
        page = await live.client.get("/api/v1/notificaciones", headers=admin.headers, params={"limit": 100})
        for item in page.json()["notificaciones"]:
            if item["tipo"] == "dinero_observado" and item["datos"].get("trabajo_id") == trabajo_id:
                found.update(item)
                return True
        return False

    await eventually(arrived, timeout=20)
    return found


# --- refusals ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cause:
    """A way payments refuses: what to change in its record, and the status it answers."""

    values: Callable[[dict[str, Any]], dict[str, Any]]
    status: int
    detail: str


RELEASE_CAUSES: dict[str, Cause] = {
    "no payment for the trabajo": Cause(lambda _: {"trabajo_id": uuid.uuid4()}, 404, "No hay un pago"),
    "payment not credited": Cause(lambda _: {"estado": "PENDIENTE"}, 400, "todavía no está acreditado"),
    "amounts do not match": Cause(
        lambda row: {"amount_centavos": row["amount_centavos"] + 100}, 400, "tiene que ser igual"
    ),
    "another professional": Cause(lambda _: {"profesional_id": uuid.uuid4()}, 400, "no corresponde"),
    "released with other amounts": Cause(
        lambda row: {
            "estado": "LIBERADO",
            "comision_centavos": 1,
            "liberado_centavos": row["amount_centavos"] - 1,
        },
        409,
        "otros importes",
    ),
    "refunded": Cause(lambda _: {"estado": "REEMBOLSADO"}, 409, "fue reembolsado"),
}
REFUND_CAUSES: dict[str, Cause] = {
    "no payment for the trabajo": Cause(lambda _: {"trabajo_id": uuid.uuid4()}, 404, "No hay un pago"),
    "payment not credited": Cause(lambda _: {"estado": "PENDIENTE"}, 400, "No hay un pago acreditado"),
    "already released": Cause(
        lambda row: {
            "estado": "LIBERADO",
            "comision_centavos": 1,
            "liberado_centavos": row["amount_centavos"] - 1,
        },
        409,
        "ya fue liberado",
    ),
}


async def arrange(live: LiveStandalone, trabajo_id: str, cause: Cause) -> Callable[[], Awaitable[None]]:
    """Make payments refuse; the fix (puts its record back)."""
    tid = uuid.UUID(trabajo_id)
    async with live.ctx("payments").db.session(write=False) as session:
        row = dict(
            (await session.execute(sa.select(intents).where(intents.c.trabajo_id == tid))).one()._mapping
        )
    values = cause.values(row)
    before = await change_intent(live, trabajo_id, values)
    current = str(values.get("trabajo_id", trabajo_id))

    async def fix() -> None:
        await restore_intent(live, trabajo_id, current, before)

    return fix


@pytest.mark.parametrize("cause", list(RELEASE_CAUSES), ids=list(RELEASE_CAUSES))
async def test_a_refused_release_shows_waits_for_staff_and_a_retry_moves_the_money_once(
    live: LiveStandalone, admin: Account, parties: Parties, cause: str
) -> None:
    api, p, why = live.client, parties, RELEASE_CAUSES[cause]
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    before = await ledger(live, admin, p.pro)
    counted, gauge = refusals("release"), await money_flows.measure(live.ctx("chat"))
    fix = await arrange(live, trabajo_id, why)

    finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    assert finalized.status_code == 200, finalized.text
    assert finalized.json()["estado_escrow"] == "LIBERACION_RECHAZADA"
    seen = await views(live, admin, p, trabajo_id)
    assert seen["estado"] == "LIBERACION_RECHAZADA"
    refused = movement(seen["admin"], "liberacion")
    assert refused["estado"] == "rechazado"
    assert refused["codigo_http"] == why.status
    assert why.detail in refused["motivo"]
    assert (await watched(live, admin))[trabajo_id] == "RECHAZADO"
    # The money did not move: the professional has nothing, the escrow holds what it held.
    after = await ledger(live, admin, p.pro)
    assert after.balance == before.balance
    assert dec(after.financials["dinero_en_escrow"]) == dec(before.financials["dinero_en_escrow"])
    assert refusals("release") == counted + 1
    assert awaiting_staff() == gauge + 1
    assert await money_flows.measure(live.ctx("chat")) == gauge + 1
    notice = await staff_notice(live, admin, trabajo_id)
    assert notice["datos"]["movimiento"] == "liberacion"
    assert notice["datos"]["codigo_http"] == why.status
    assert notice["url"].endswith("/admin/trabajos/dinero-observado")
    # Nothing that needs the money released happened: no review, no experience.
    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=p.cliente.headers, json={"rating": 5}
    )
    assert review.status_code == 400
    assert "LIBERADO" in review.json()["detail"]
    nivel = (await api.get("/api/v1/professional/me/nivel", headers=p.pro.account.headers)).json()
    assert nivel["puntos_experiencia"] == 0

    # Staff retry without fixing the cause: refused again, still waiting.
    again = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert again.status_code == 200, again.text
    assert again.json()["estado_escrow"] == "LIBERACION_RECHAZADA"
    assert movement(again.json(), "liberacion")["veces_pedido"] == 2
    assert refusals("release") == counted + 2

    # Fixed: the retry releases, once.
    await fix()
    retried = await api.post(
        f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar",
        headers=admin.headers,
        json={"motivo": "Se corrigió el registro del pago"},
    )
    assert retried.status_code == 200, retried.text
    body = retried.json()
    assert body["estado_escrow"] == "LIBERADO"
    done = movement(body, "liberacion")
    assert done["estado"] == "hecho"
    assert done["resolucion"].endswith("Se corrigió el registro del pago")
    assert done["resuelto_por"] == str(admin.id)
    assert (await views(live, admin, p, trabajo_id))["estado"] == "LIBERADO"
    assert await payments_estado(live, trabajo_id) == "LIBERADO"
    assert trabajo_id not in await watched(live, admin)
    assert await money_flows.measure(live.ctx("chat")) == gauge
    # Every staff retry is in the audit trail, the newest the one that set the release going; a refused
    # try adds none.
    recorded = await staff_entries(live, trabajo_id, "trabajo.dinero.reintentar")
    assert recorded[0].actor_id == admin.id
    assert recorded[0].detalle["estado_anterior"] == "LIBERACION_RECHAZADA"
    assert recorded[0].detalle["estado_nuevo"] == "LIBERANDO"  # what the request committed
    twice = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert twice.status_code == 400
    assert len(await staff_entries(live, trabajo_id, "trabajo.dinero.reintentar")) == len(recorded)
    final = await ledger(live, admin, p.pro)
    assert dec(final.balance["total_ganado"]) == dec(before.balance["total_ganado"]) + RELEASED
    assert dec(final.balance["total_comisiones"]) == dec(before.balance["total_comisiones"]) + COMMISSION
    assert dec(final.financials["dinero_en_escrow"]) == dec(before.financials["dinero_en_escrow"]) - dec(
        PRICE
    )

    async def earned_experience() -> bool:
        nivel = (await api.get("/api/v1/professional/me/nivel", headers=p.pro.account.headers)).json()
        return bool(nivel["puntos_experiencia"] == 100)

    await eventually(earned_experience)
    review = await api.post(
        f"/api/v1/cliente/trabajo/{trabajo_id}/resena", headers=p.cliente.headers, json={"rating": 5}
    )
    assert review.status_code == 201, review.text


@pytest.mark.parametrize("cause", list(REFUND_CAUSES), ids=list(REFUND_CAUSES))
async def test_a_refused_refund_shows_waits_for_staff_and_a_retry_refunds_once(
    live: LiveStandalone, admin: Account, parties: Parties, cause: str
) -> None:
    api, p, why = live.client, parties, REFUND_CAUSES[cause]
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    before = await ledger(live, admin, p.pro)
    counted, gauge = refusals("refund"), await money_flows.measure(live.ctx("chat"))
    fix = await arrange(live, trabajo_id, why)

    cancelled = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=p.cliente.headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["estado_escrow"] == "REEMBOLSO_RECHAZADO"
    seen = await views(live, admin, p, trabajo_id)
    assert seen["estado"] == "REEMBOLSO_RECHAZADO"
    refused = movement(seen["admin"], "reembolso")
    assert (refused["estado"], refused["codigo_http"]) == ("rechazado", why.status)
    assert why.detail in refused["motivo"]
    assert (await watched(live, admin))[trabajo_id] == "RECHAZADO"
    after = await ledger(live, admin, p.pro)
    assert after.balance == before.balance
    assert dec(after.financials["dinero_en_escrow"]) == dec(before.financials["dinero_en_escrow"])
    assert refusals("refund") == counted + 1
    assert await money_flows.measure(live.ctx("chat")) == gauge + 1
    notice = await staff_notice(live, admin, trabajo_id)
    assert notice["datos"]["movimiento"] == "reembolso"

    await fix()
    retried = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert retried.status_code == 200, retried.text
    assert retried.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert movement(retried.json(), "reembolso")["estado"] == "hecho"
    assert (await views(live, admin, p, trabajo_id))["estado"] == "CANCELADO_REEMBOLSADO"
    assert await payments_estado(live, trabajo_id) == "REEMBOLSADO"
    assert await money_flows.measure(live.ctx("chat")) == gauge
    final = await ledger(live, admin, p.pro)
    assert_refunded(before, final)
    assert (
        await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    ).status_code == 400


# --- resolving another way ----------------------------------------------------------------------------------


async def test_staff_refund_instead_of_a_refused_release(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    before = await ledger(live, admin, p.pro)
    fix = await arrange(live, trabajo_id, RELEASE_CAUSES["payment not credited"])
    finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    assert finalized.json()["estado_escrow"] == "LIBERACION_RECHAZADA"
    await fix()
    resolved = await api.post(
        f"/api/v1/admin/trabajo/{trabajo_id}/dinero/resolver",
        headers=admin.headers,
        json={"accion": "REEMBOLSAR", "motivo": "El profesional no hizo el trabajo"},
    )
    assert resolved.status_code == 200, resolved.text
    body = resolved.json()
    assert body["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert body["motivo_cierre"] == "El profesional no hizo el trabajo"
    assert body["comision_plataforma"] is None
    assert movement(body, "liberacion")["estado"] == "reemplazado"
    assert movement(body, "reembolso")["estado"] == "hecho"
    assert await payments_estado(live, trabajo_id) == "REEMBOLSADO"
    final = await ledger(live, admin, p.pro)
    assert_refunded(before, final)


async def test_staff_release_instead_of_a_refund_refused_because_the_money_was_released(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    """The ledger already released it (an earlier call outside this flow): refusing the refund is right, and
    asking for the release is what the ledger agrees with — payments accepts it without moving money twice."""
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    before = await ledger(live, admin, p.pro)
    await live.ctx("chat").clients.call(
        "payments",
        "POST",
        f"/internal/v1/payments/{trabajo_id}/release",
        json={
            "profesional_id": str(p.pro.account.id),
            "comision_plataforma": str(COMMISSION),
            "monto_liberado": str(RELEASED),
        },
    )
    cancelled = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=p.cliente.headers)
    assert cancelled.json()["estado_escrow"] == "REEMBOLSO_RECHAZADO"
    resolved = await api.post(
        f"/api/v1/admin/trabajo/{trabajo_id}/dinero/resolver",
        headers=admin.headers,
        json={"accion": "LIBERAR", "motivo": "El dinero ya se había liberado al profesional"},
    )
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["estado_escrow"] == "LIBERADO"
    assert movement(resolved.json(), "reembolso")["estado"] == "reemplazado"
    final = await ledger(live, admin, p.pro)
    assert dec(final.balance["total_ganado"]) == dec(before.balance["total_ganado"]) + RELEASED


async def test_staff_close_by_hand_only_what_payments_no_longer_holds(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    api, p = live.client, parties
    # The payments service holds the money: closing by hand is refused (retry or the other movement).
    held = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    fix = await arrange(live, held, RELEASE_CAUSES["amounts do not match"])
    await api.post(f"/api/v1/cliente/trabajo/{held}/finalizar", headers=p.cliente.headers)
    refused = await api.post(
        f"/api/v1/admin/trabajo/{held}/dinero/resolver",
        headers=admin.headers,
        json={"accion": "CERRAR", "motivo": "Lo arreglamos por transferencia"},
    )
    assert refused.status_code == 400
    assert "garantía" in refused.json()["detail"]
    await fix()
    # No payment for it at all: staff record how they settled it.
    gone = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    await arrange(live, gone, RELEASE_CAUSES["no payment for the trabajo"])
    await api.post(f"/api/v1/cliente/trabajo/{gone}/finalizar", headers=p.cliente.headers)
    gauge = await money_flows.measure(live.ctx("chat"))
    closed = await api.post(
        f"/api/v1/admin/trabajo/{gone}/dinero/resolver",
        headers=admin.headers,
        json={"accion": "CERRAR", "motivo": "Pagado por transferencia bancaria, ref. 4411"},
    )
    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["estado_escrow"] == "CERRADO_POR_ADMIN"
    assert body["motivo_cierre"] == "Pagado por transferencia bancaria, ref. 4411"
    assert movement(body, "liberacion")["estado"] == "reemplazado"
    assert (await views(live, admin, p, gone))["estado"] == "CERRADO_POR_ADMIN"
    assert gone not in await watched(live, admin)
    assert awaiting_staff() == gauge - 1
    # Nothing left to decide.
    for accion in ("LIBERAR", "REEMBOLSAR", "CERRAR"):
        assert (
            await api.post(
                f"/api/v1/admin/trabajo/{gone}/dinero/resolver",
                headers=admin.headers,
                json={"accion": accion, "motivo": "otra vez"},
            )
        ).status_code == 400


async def test_only_staff_see_and_decide_and_unknown_trabajos_are_404(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    fix = await arrange(live, trabajo_id, RELEASE_CAUSES["payment not credited"])
    await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    await fix()
    for who in (p.cliente, p.pro.account):
        assert (
            await api.get("/api/v1/admin/trabajos/dinero-observado", headers=who.headers)
        ).status_code == 403
        assert (
            await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=who.headers)
        ).status_code == 403
        # The role is checked before the body.
        assert (
            await api.post(
                f"/api/v1/admin/trabajo/{trabajo_id}/dinero/resolver", headers=who.headers, json={}
            )
        ).status_code == 403
        assert (await api.get(f"/api/v1/admin/trabajo/{trabajo_id}", headers=who.headers)).status_code == 403
    assert (await api.get("/api/v1/admin/trabajos/dinero-observado")).status_code == 401
    unknown = uuid.uuid4()
    assert (
        await api.post(f"/api/v1/admin/trabajo/{unknown}/dinero/reintentar", headers=admin.headers)
    ).status_code == 404
    assert (
        await api.post(
            f"/api/v1/admin/trabajo/{unknown}/dinero/resolver",
            headers=admin.headers,
            json={"accion": "LIBERAR", "motivo": "no existe"},
        )
    ).status_code == 404
    assert (await api.get(f"/api/v1/admin/trabajo/{unknown}", headers=admin.headers)).status_code == 404
    assert (
        await api.post(
            f"/api/v1/admin/trabajo/{trabajo_id}/dinero/resolver",
            headers=admin.headers,
            json={"accion": "DEVOLVER", "motivo": "no es una acción"},
        )
    ).status_code == 422
    # Still the parties' trabajo: they see it, staff decide.
    assert (await trabajo_state(api, p.cliente, trabajo_id))["estado_escrow"] == "LIBERACION_RECHAZADA"
    resolved = await api.post(
        f"/api/v1/admin/trabajo/{trabajo_id}/dinero/resolver",
        headers=admin.headers,
        json={"accion": "LIBERAR", "motivo": "Se acreditó el pago"},
    )
    assert resolved.json()["estado_escrow"] == "LIBERADO"


# --- transient failures ------------------------------------------------------------------------------------


class StandIn:
    """In front of the chat service's internal client: fails the payments calls it is told to."""

    def __init__(self, live: LiveStandalone, monkeypatch: pytest.MonkeyPatch) -> None:
        self.clients = live.ctx("chat").clients
        self.real = self.clients.call
        self.fail: dict[str, Exception | None] = {}
        self.answer: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []
        monkeypatch.setattr(self.clients, "call", self.call)

    async def call(self, service: str, method: str, path: str, **kwargs: Any) -> Any:
        action = path.rsplit("/", 1)[-1]
        if service == "payments" and method == "POST":
            self.calls.append(action)
            failure = self.fail.get(action)
            if failure is not None:
                raise failure
            if action in self.answer:
                status = await self.real("payments", "GET", path.rsplit("/", 1)[0])
                return {**status, **self.answer[action]}
        return await self.real(service, method, path, **kwargs)


@pytest.fixture
def stand_in(live: LiveStandalone, monkeypatch: pytest.MonkeyPatch) -> StandIn:
    return StandIn(live, monkeypatch)


async def job_of(live: LiveStandalone, trabajo_id: str, kind: str) -> dict[str, Any] | None:
    ctx = live.ctx("chat")
    async with ctx.db.session(write=False) as session:
        from conectar.chat import repository as repo

        action = await repo.money_action_of(session, uuid.UUID(trabajo_id), kind)
        assert action is not None
        row = (
            await session.execute(
                sa.select(ctx.queues.table).where(ctx.queues.table.c.key == money.job_key(action))
            )
        ).one_or_none()
    return dict(row._mapping) if row is not None else None


async def time_passes(
    live: LiveStandalone, trabajo_id: str, kind: str, *, attempts: int | None = None
) -> None:
    """The job's backoff is over (and, with ``attempts``, it has already been tried that many times)."""
    ctx = live.ctx("chat")
    job = await job_of(live, trabajo_id, kind)
    assert job is not None
    values: dict[str, Any] = {"run_after": utcnow() - timedelta(seconds=1)}
    if attempts is not None:
        values["attempts"] = attempts
    async with ctx.db.session() as session:
        await session.execute(
            sa.update(ctx.queues.table).where(ctx.queues.table.c.id == job["id"]).values(**values)
        )


async def test_a_transient_failure_stays_in_flight_and_is_retried_with_backoff(
    live: LiveStandalone, admin: Account, parties: Parties, stand_in: StandIn
) -> None:
    api, p, ctx = live.client, parties, live.ctx("chat")
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    before = await ledger(live, admin, p.pro)
    counted = refusals("release")
    stand_in.fail["release"] = UpstreamError("Error al comunicarse con otro servicio")  # payments' 5xx

    finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    assert finalized.status_code == 200
    assert finalized.json()["estado_escrow"] == "LIBERANDO"
    # In flight, and everybody sees it while its job waits for the backoff.
    seen = await views(live, admin, p, trabajo_id)
    assert seen["estado"] == "LIBERANDO"
    pending = movement(seen["admin"], "liberacion")
    assert pending["estado"] == "pendiente"
    assert "502" in pending["motivo"]
    job = await job_of(live, trabajo_id, money.RELEASE)
    assert job is not None
    assert (job["status"], job["attempts"]) == ("queued", 1)
    assert job["run_after"] > utcnow()  # backing off
    assert await ctx.queues.drain(money.QUEUE) == 0  # not due yet
    assert (await ledger(live, admin, p.pro)).balance == before.balance
    assert trabajo_id not in await watched(live, admin)  # in flight for a moment is not late

    # A timeout next: still in flight, the next wait is longer.
    stand_in.fail["release"] = TimeoutError()
    first_wait = job["run_after"] - job["updated_at"]
    await time_passes(live, trabajo_id, money.RELEASE)
    assert await ctx.queues.drain(money.QUEUE) >= 1
    job = await job_of(live, trabajo_id, money.RELEASE)
    assert job is not None
    assert (job["status"], job["attempts"]) == ("queued", 2)
    assert "TimeoutError" in (job["last_error"] or "")
    assert job["run_after"] - job["updated_at"] > first_wait / 2  # the backoff grows (with jitter)
    assert (await trabajo_state(api, p.cliente, trabajo_id))["estado_escrow"] == "LIBERANDO"
    assert refusals("release") == counted

    # Payments is back: the queue releases it, once.
    stand_in.fail.clear()
    await time_passes(live, trabajo_id, money.RELEASE)
    assert await ctx.queues.drain(money.QUEUE) >= 1
    assert (await views(live, admin, p, trabajo_id))["estado"] == "LIBERADO"
    assert await job_of(live, trabajo_id, money.RELEASE) is None
    final = await ledger(live, admin, p.pro)
    assert dec(final.balance["total_ganado"]) == dec(before.balance["total_ganado"]) + RELEASED
    assert stand_in.calls.count("release") == 3


async def test_staff_can_run_a_movement_in_flight_now(
    live: LiveStandalone, admin: Account, parties: Parties, stand_in: StandIn
) -> None:
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    stand_in.fail["refund"] = UpstreamError("El servicio payments no respondió")
    cancelled = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=p.cliente.headers)
    assert cancelled.json()["estado_escrow"] == "REEMBOLSANDO"
    # Late: staff see it in their list after a while.
    async with live.ctx("chat").db.session() as session:
        from conectar.chat.models import Trabajo

        await session.execute(
            sa.update(Trabajo)
            .where(Trabajo.id == uuid.UUID(trabajo_id))
            .values(fecha_actualizacion=utcnow() - timedelta(minutes=11))
        )
    assert (await watched(live, admin))[trabajo_id] == "DEMORADO"
    stand_in.fail.clear()
    now = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert now.status_code == 200, now.text
    assert now.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    assert await payments_estado(live, trabajo_id) == "REEMBOLSADO"
    [decision] = await staff_entries(live, trabajo_id, "trabajo.dinero.reintentar")
    assert decision.actor_id == admin.id
    assert decision.detalle["decision"] == "correr_ahora"


async def test_a_refund_the_provider_never_confirms_ends_waiting_for_staff(
    live: LiveStandalone, admin: Account, parties: Parties, stand_in: StandIn
) -> None:
    """Payments answers REEMBOLSO_PENDIENTE while the provider has not confirmed: in flight, retried; once
    the attempts are spent it waits for staff, with no HTTP status (nobody refused, nobody confirmed)."""
    api, p, ctx = live.client, parties, live.ctx("chat")
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    counted = refusals("refund")
    stand_in.answer["refund"] = {"estado": "REEMBOLSO_PENDIENTE"}
    cancelled = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/cancelar", headers=p.cliente.headers)
    assert cancelled.json()["estado_escrow"] == "REEMBOLSANDO"
    assert (
        "todavía no confirmó"
        in movement((await views(live, admin, p, trabajo_id))["admin"], "reembolso")["motivo"]
    )
    await time_passes(live, trabajo_id, money.REFUND, attempts=money.MAX_ATTEMPTS - 1)
    assert await ctx.queues.drain(money.QUEUE) >= 1
    seen = await views(live, admin, p, trabajo_id)
    assert seen["estado"] == "REEMBOLSO_RECHAZADO"
    refused = movement(seen["admin"], "reembolso")
    assert refused["codigo_http"] is None
    assert f"tras {money.MAX_ATTEMPTS} intentos" in refused["motivo"]
    assert refusals("refund") == counted + 1
    assert (await staff_notice(live, admin, trabajo_id))["datos"]["codigo_http"] is None
    # The provider confirms after all: the refund is recorded, nothing waits for staff any more.
    stand_in.answer.clear()
    retried = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert retried.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"


async def test_a_refund_reported_by_the_provider_settles_a_refused_release(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    """The money went back to the client (the provider's panel, a chargeback) whatever chat asked: the
    trabajo follows the ledger, whichever comes first, and nothing waits for staff."""
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    await live.ctx("chat").clients.call(
        "payments", "POST", f"/internal/v1/payments/{trabajo_id}/refund", json={"motivo": "Contracargo"}
    )
    finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    assert finalized.json()["estado_escrow"] in ("LIBERACION_RECHAZADA", "CANCELADO_REEMBOLSADO") or (
        finalized.status_code == 400  # RefundIssued arrived first: nothing left to finalize
    )

    async def follows_the_ledger() -> bool:
        return (await trabajo_state(api, p.cliente, trabajo_id))["estado_escrow"] == "CANCELADO_REEMBOLSADO"

    await eventually(follows_the_ledger, timeout=20)
    assert trabajo_id not in await watched(live, admin)
    assert await payments_estado(live, trabajo_id) == "REEMBOLSADO"


async def test_a_job_the_queue_gives_up_on_ends_waiting_for_staff_and_a_retry_still_works(
    live: LiveStandalone, admin: Account, parties: Parties, stand_in: StandIn
) -> None:
    """The worker holding the release died on every attempt (its lease ran out each time): the kernel makes
    the job dead and tells the chat, which shows the refusal; staff retry it in a new round."""
    api, p, ctx = live.client, parties, live.ctx("chat")
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    stand_in.fail["release"] = UpstreamError("Error al comunicarse con otro servicio")
    finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=p.cliente.headers)
    assert finalized.json()["estado_escrow"] == "LIBERANDO"
    job = await job_of(live, trabajo_id, money.RELEASE)
    assert job is not None
    spec = ctx.queues.specs[money.QUEUE]
    async with ctx.db.session() as session:
        await session.execute(
            sa.update(ctx.queues.table)
            .where(ctx.queues.table.c.id == job["id"])
            .values(status="running", attempts=spec.max_attempts, run_after=utcnow() - timedelta(seconds=1))
        )
    await ctx.queues.drain(money.QUEUE)
    dead = await job_of(live, trabajo_id, money.RELEASE)
    assert dead is not None
    assert dead["status"] == "dead"
    seen = await views(live, admin, p, trabajo_id)
    assert seen["estado"] == "LIBERACION_RECHAZADA"
    refused = movement(seen["admin"], "liberacion")
    assert refused["codigo_http"] is None
    assert "abandonó" in refused["motivo"]
    stand_in.fail.clear()
    retried = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert retried.json()["estado_escrow"] == "LIBERADO"
    assert movement(retried.json(), "liberacion")["veces_pedido"] == 1  # the dead job itself, requeued
    assert await job_of(live, trabajo_id, money.RELEASE) is None  # done: nothing dead left behind
    assert await payments_estado(live, trabajo_id) == "LIBERADO"


async def test_a_professional_s_cancel_retried_by_staff_stays_the_professional_s(
    live: LiveStandalone, admin: Account, parties: Parties
) -> None:
    """Staff retrying a refused refund do not become the ones who cancelled: the professional's
    cancellation still counts on the public profile once the refund goes through."""
    api, p = live.client, parties
    trabajo_id = await paid_trabajo(api, p.cliente, p.pro.account, PRICE)
    profile = f"/api/v1/public/professional/{p.pro.profile_id}"
    before = (await api.get(profile)).json()["cancelaciones_90d"]
    fix = await arrange(live, trabajo_id, REFUND_CAUSES["payment not credited"])
    cancelled = await api.post(
        f"/api/v1/professional/trabajos/{trabajo_id}/cancelar",
        headers=p.pro.account.headers,
        json={"motivo": "Me surgió una urgencia familiar"},
    )
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["estado_escrow"] == "REEMBOLSO_RECHAZADO"
    await fix()
    retried = await api.post(f"/api/v1/admin/trabajo/{trabajo_id}/dinero/reintentar", headers=admin.headers)
    assert retried.status_code == 200, retried.text
    assert retried.json()["estado_escrow"] == "CANCELADO_REEMBOLSADO"

    async def counted() -> bool:
        return bool((await api.get(profile)).json()["cancelaciones_90d"] == before + 1)

    await eventually(counted, timeout=20)
