"""Property tests of the payments service: random interleavings of checkouts, approvals and rejections,
duplicate and out-of-order webhooks, releases, refunds (ours, the provider's, chargebacks), payouts,
provider errors (before the provider acts, or after it acted with the answer lost) and reconciliation.
After every step: every transaction balances, balances equal the sum of their entries, no escrow leaves
twice, nothing is refunded after a release, and every payment's state agrees with the ledger."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import uuid
from contextlib import AsyncExitStack
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from conectar.payments.flows import reconcile, retiros
from conectar.payments.flows.notifications import handle_notification
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import PaymentIntent, ProviderNotification
from conectar.payments.providers.base import ProviderUnavailable
from conectar.payments.providers.sandbox import WEBHOOKS_QUEUE
from conectar.platform.errors import BusinessRuleError
from tests.harness.payments import check_ledger, migrate, payments_service

_TEMPLATE: list[Path] = []


def template() -> Path:
    """A migrated payments database, copied for each run (migrating every time would be slow)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="payments-template-"))
        migrate(f"sqlite+aiosqlite:///{folder / 'payments.db'}")
        _TEMPLATE.append(folder / "payments.db")
    return _TEMPLATE[0]


class FlakyProvider:
    """The sandbox behind a switch: the next call fails before reaching it, or reaches it and loses the
    answer (the provider acted; we do not know)."""

    name = "sandbox"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.armed: str | None = None

    async def _call(self, method: str, *args: Any) -> Any:
        mode, self.armed = self.armed, None
        if mode == "before":
            raise ProviderUnavailable("injected: no answer")
        result = await getattr(self.inner, method)(*args)
        if mode == "after":
            raise ProviderUnavailable("injected: answer lost")
        return result

    async def create_preference(self, *args: Any) -> Any:
        return await self._call("create_preference", *args)

    async def get_payment(self, *args: Any) -> Any:
        return await self._call("get_payment", *args)

    async def search_payments(self, *args: Any) -> Any:
        return await self._call("search_payments", *args)

    async def refund_payment(self, *args: Any) -> Any:
        return await self._call("refund_payment", *args)

    async def chargeback_payment_ids(self, *args: Any) -> Any:
        return await self._call("chargeback_payment_ids", *args)

    async def create_payout(self, *args: Any) -> Any:
        return await self._call("create_payout", *args)

    async def get_payout(self, *args: Any) -> Any:
        return await self._call("get_payout", *args)


PROFESSIONALS = [uuid.uuid4() for _ in range(2)]
CLIENTS = [uuid.uuid4() for _ in range(2)]
ADMIN = uuid.uuid4()


class PaymentsMachine(RuleBasedStateMachine):
    trabajos = Bundle("trabajos")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.stack = AsyncExitStack()
        self.folder = Path(tempfile.mkdtemp(prefix="payments-prop-"))
        shutil.copy(template(), self.folder / "payments.db")
        self.h = self.run(self.stack.enter_async_context(payments_service(self.folder)))
        assert self.h.rt.sandbox is not None
        self.sandbox = self.h.rt.sandbox
        self.flaky = FlakyProvider(self.sandbox)
        self.h.rt.provider = self.flaky  # type: ignore[assignment]
        self.h.rt.payout_provider = self.flaky  # type: ignore[assignment]
        self.released: set[str] = set()
        self.refunded: set[str] = set()

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def teardown(self) -> None:
        self.run(self.stack.aclose())
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    async def _estado(self, trabajo: str) -> str:
        async with self.h.rt.db.session(write=False) as session:
            intent = (
                await session.execute(
                    select(PaymentIntent).where(PaymentIntent.trabajo_id == uuid.UUID(trabajo))
                )
            ).scalar_one()
            return intent.estado

    async def _payment_id(self, trabajo: str) -> str | None:
        documents = await self.sandbox.search_documents(trabajo)
        approved = [d for d in documents if d["status"] != "rejected"]
        chosen = approved[0] if approved else (documents[0] if documents else None)
        return str(chosen["id"]) if chosen else None

    # --- rules ---------------------------------------------------------------------------------------

    @initialize(target=trabajos)
    def first(self) -> str:
        return self.open_payment(0, 0, 150000)  # type: ignore[no-any-return]

    @rule(
        target=trabajos,
        professional=st.integers(0, 1),
        client=st.integers(0, 1),
        centavos=st.integers(100, 5_000_000),
    )
    def open_payment(self, professional: int, client: int, centavos: int) -> str:
        opened = self.run(
            self.h.open(
                amount=str(Decimal(centavos) / 100),
                cliente_id=CLIENTS[client],
                profesional_id=PROFESSIONALS[professional],
            )
        )
        return str(opened["trabajo_id"])

    @rule(trabajo=trabajos, approve=st.booleans())
    def buyer_decides(self, trabajo: str, approve: bool) -> None:
        async def go() -> None:
            async with self.h.rt.db.session(write=False) as session:
                intent = (
                    await session.execute(
                        select(PaymentIntent).where(PaymentIntent.trabajo_id == uuid.UUID(trabajo))
                    )
                ).scalar_one()
            if intent.preference_id:
                await self.sandbox.checkout(intent.preference_id, "approved" if approve else "rejected")

        self.run(go())

    @rule(trabajo=trabajos)
    def buyer_pays_and_webhook_is_handled(self, trabajo: str) -> None:
        """The common path in one step: approved checkout, webhook delivered, worker round."""
        self.buyer_decides(trabajo, True)
        self.deliver_owed_webhooks()
        self.worker_round()

    @rule(trabajo=trabajos, copies=st.integers(1, 3), notification=st.integers(1, 10**12))
    def duplicate_webhook(self, trabajo: str, copies: int, notification: int) -> None:
        """The same notification delivered several times (MercadoPago retries)."""

        async def go() -> None:
            payment_id = await self._payment_id(trabajo)
            if payment_id is None:
                return
            for _ in range(copies):
                response = await self.h.webhook(payment_id, notification_id=notification)
                assert response.status_code == 200, response.text

        self.run(go())

    @rule()
    def deliver_owed_webhooks(self) -> None:
        self.run(self.h.ctx.queues.run_once(WEBHOOKS_QUEUE))

    @rule(data=st.data())
    def handle_one_out_of_order(self, data: st.DataObject) -> None:
        """Handle one unhandled notification, chosen at random (not in arrival order), as another replica
        would; its job, still queued, then finds it handled."""

        async def pending() -> list[dict[str, Any]]:
            table = ProviderNotification.__table__
            async with self.h.rt.db.session(write=False) as session:
                rows = await session.execute(select(table).where(table.c.handled_at.is_(None)))
                return [dict(row) for row in rows.mappings()]

        rows = self.run(pending())
        if not rows:
            return
        row = data.draw(st.sampled_from(rows))
        try:
            self.run(handle_notification(self.h.rt, row))
            event("notification handled out of order")
        except ProviderUnavailable:
            pass  # the worker would retry it later

    @rule()
    def worker_round(self) -> None:
        self.run(self.h.ctx.queues.run_once(NOTIFICATIONS_QUEUE))

    @rule(trabajo=trabajos, rate=st.sampled_from(["0.20", "0.18", "0.15", "0.10", "0"]))
    def release(self, trabajo: str, rate: str) -> None:
        async def go() -> None:
            status = (await self.h.internal.get(f"/internal/v1/payments/{trabajo}")).json()
            amount = Decimal(status["amount"])
            comision = (amount * Decimal(rate)).quantize(Decimal("0.01"))
            before = await self._estado(trabajo)
            response = await self.h.internal.post(
                f"/internal/v1/payments/{trabajo}/release",
                json={
                    "profesional_id": status["profesional_id"],
                    "comision_plataforma": str(comision),
                    "monto_liberado": str(amount - comision),
                    "payout_account": "0000003100010000000001",
                },
            )
            event(f"release from {before}: {response.status_code}")
            if before == "APROBADO":
                assert response.status_code == 200, response.text
                self.released.add(trabajo)
            elif before == "LIBERADO":
                assert response.status_code in (200, 409), response.text
            else:
                assert response.status_code in (400, 409), (before, response.text)
                assert trabajo not in self.released

        self.run(go())

    @rule(trabajo=trabajos, fail=st.sampled_from([None, "before", "after"]))
    def refund(self, trabajo: str, fail: str | None) -> None:
        async def go() -> None:
            before = await self._estado(trabajo)
            self.flaky.armed = fail
            response = await self.h.internal.post(
                f"/internal/v1/payments/{trabajo}/refund", json={"motivo": "cancelado"}
            )
            self.flaky.armed = None
            event(f"refund from {before} ({fail}): {response.status_code} {response.json().get('estado')}")
            if before == "LIBERADO":
                assert response.status_code == 409, response.text
            elif before in ("PENDIENTE", "RECHAZADO"):
                assert response.status_code == 400, response.text
            else:
                assert response.status_code in (200, 502), (before, response.text)
            if response.status_code == 200 and response.json()["estado"] == "REEMBOLSADO":
                self.refunded.add(trabajo)
                assert trabajo not in self.released

        self.run(go())

    @rule(trabajo=trabajos, chargeback=st.booleans())
    def provider_takes_money_back(self, trabajo: str, chargeback: bool) -> None:
        """Refunded from MercadoPago's panel, or charged back by the card issuer (a webhook is owed)."""

        async def go() -> None:
            documents = await self.sandbox.search_documents(trabajo)
            approved = [d for d in documents if d["status"] == "approved"]
            if not approved:
                return
            payment_id = str(approved[0]["id"])
            if chargeback:
                await self.sandbox.charge_back(payment_id)
            else:
                await self.sandbox.refund_payment(f"panel-{uuid.uuid4().hex}", payment_id)

        self.run(go())

    @rule(
        professional=st.integers(0, 1), fail=st.sampled_from([None, "before", "after"]), approve=st.booleans()
    )
    def retiro(self, professional: int, fail: str | None, approve: bool) -> None:
        async def go() -> None:
            profesional_id = PROFESSIONALS[professional]
            try:
                retiro = await retiros.request_retiro(self.h.rt, profesional_id, None, profesional_id)
            except BusinessRuleError:
                return  # nothing available to withdraw
            if approve:
                self.flaky.armed = fail
                await retiros.approve(self.h.rt, retiro.id, ADMIN)
                self.flaky.armed = None
            else:
                await retiros.reject(self.h.rt, retiro.id, "datos bancarios inválidos", ADMIN)

        self.run(go())

    @rule(fail=st.sampled_from([None, "before"]))
    def reconcile_now(self, fail: str | None) -> None:
        self.h.rt.settings.payments_reconcile_pending_after_seconds = 0
        self.flaky.armed = fail
        self.run(reconcile.reconcile(self.h.rt))
        self.flaky.armed = None

    # --- invariants ----------------------------------------------------------------------------------

    @invariant()
    def ledger_holds(self) -> None:
        self.run(check_ledger(self.h.rt))
        assert not (self.released & self.refunded)


PaymentsMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=35,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_payments_interleavings = PaymentsMachine.TestCase
