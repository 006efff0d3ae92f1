"""The payments service alone, without the platform around it: its app (never started, so no
background work runs unless a test drives it: its work queues are registered, not started), its runtime
and its database (a migrated SQLite file or a PostgreSQL database), plus ledger invariant checks shared by
the tests."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from conectar.payments import app as payments_app
from conectar.payments import scheduled as payments_scheduled
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.models import (
    LedgerAccount,
    LedgerEntry,
    LedgerTransaction,
    PaymentIntent,
)
from conectar.payments.providers.base import PaymentProvider, PayoutProvider
from conectar.payments.runtime import RUNTIME_KEY, PaymentsRuntime, build_runtime
from conectar.payments.settings import PaymentsSettings
from conectar.payments.signature import sign
from conectar.platform.app import ServiceContext, create_service_app
from conectar.platform.db import Database
from conectar.platform.infra import build_infrastructure
from conectar.platform.migrations import upgrade
from conectar.platform.security import ServiceTokens
from conectar.services import SERVICES
from tests.conftest import standalone_settings

MIGRATIONS = SERVICES["payments"].migrations


def migrate(url: str) -> None:
    upgrade(MIGRATIONS, url)


@dataclass
class Harness:
    rt: PaymentsRuntime
    ctx: ServiceContext
    app: Any
    internal: httpx.AsyncClient

    @property
    def secret(self) -> str:
        return self.rt.webhook_secret()

    async def open(
        self,
        *,
        amount: str = "15000.50",
        trabajo_id: uuid.UUID | None = None,
        cliente_id: uuid.UUID | None = None,
        profesional_id: uuid.UUID | None = None,
    ) -> dict[str, Any]:
        trabajo_id = trabajo_id or uuid.uuid4()
        body = {
            "trabajo_id": str(trabajo_id),
            "cliente_id": str(cliente_id or uuid.uuid4()),
            "profesional_id": str(profesional_id or uuid.uuid4()),
            "amount": amount,
            "description": "Arreglo de canilla",
            "payer_email": "cliente@example.com",
        }
        response = await self.internal.post("/internal/v1/payments", json=body)
        assert response.status_code == 200, response.text
        return {**body, **response.json()}

    async def funded(
        self, *, amount: str = "20000.00", profesional_id: uuid.UUID | None = None
    ) -> dict[str, Any]:
        """A trabajo paid at the sandbox checkout, its webhook handled: the money in escrow."""
        opened = await self.open(amount=amount, profesional_id=profesional_id)
        assert self.rt.sandbox is not None
        await self.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
        await self.drain()
        status = (await self.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()
        assert status["estado"] == "APROBADO", status
        return {**opened, "payment_id": status["payment_id"]}

    async def release(
        self, opened: dict[str, Any], *, comision: str = "4000.00", liberado: str = "16000.00"
    ) -> None:
        """Release a funded trabajo to its professional (paid on ``alias.del.profe``)."""
        response = await self.internal.post(
            f"/internal/v1/payments/{opened['trabajo_id']}/release",
            json={
                "profesional_id": str(opened["profesional_id"]),
                "comision_plataforma": comision,
                "monto_liberado": liberado,
                "payout_account": "alias.del.profe",
            },
        )
        assert response.status_code == 200, response.text

    async def webhook(
        self,
        data_id: str,
        *,
        notification_id: int | None = None,
        topic: str = "payment",
        action: str = "payment.updated",
        ts: int | None = None,
        secret: str | None = None,
        signed_id: str | None = None,
    ) -> httpx.Response:
        request_id = str(uuid.uuid4())
        ts = ts or _epoch()
        header = sign(secret or self.secret, data_id=signed_id or data_id, request_id=request_id, ts=ts)
        body = {
            "id": notification_id or int(uuid.uuid4().int % 10**12),
            "type": topic,
            "action": action,
            "api_version": "v1",
            "live_mode": False,
            "data": {"id": data_id},
        }
        return await self.internal.post(
            "/api/v1/webhook/mercadopago",
            params={"data.id": data_id, "type": topic},
            json=body,
            headers={"x-signature": header, "x-request-id": request_id},
        )

    async def drain(self) -> None:
        """Deliver owed sandbox webhooks and handle every due notification (the service's work queues)."""
        await self.ctx.queues.drain()

    async def jobs(self, queue: str = NOTIFICATIONS_QUEUE) -> list[dict[str, Any]]:
        """The jobs of one of the service's work queues, oldest first."""
        table = self.ctx.tables.work_jobs
        async with self.rt.db.session(write=False) as session:
            rows = await session.execute(
                select(table).where(table.c.queue == queue).order_by(table.c.created_at)
            )
            return [dict(row) for row in rows.mappings()]


def _epoch() -> int:
    import time

    return int(time.time())


async def check_ledger(rt: PaymentsRuntime | Database) -> None:
    """Every transaction balances; balances equal the sum of entries; no account that must not go
    negative is negative; no escrow left twice; no refund after a release; intents agree with the ledger."""
    db = rt if isinstance(rt, Database) else rt.db
    async with db.session(write=False) as session:
        unbalanced = (
            await session.execute(
                select(LedgerEntry.transaction_id, func.sum(LedgerEntry.amount_centavos), func.count())
                .group_by(LedgerEntry.transaction_id)
                .having((func.sum(LedgerEntry.amount_centavos) != 0) | (func.count() < 2))
            )
        ).all()
        assert not unbalanced, f"unbalanced transactions {unbalanced}"
        empty = (
            await session.execute(
                select(func.count())
                .select_from(LedgerTransaction)
                .where(~LedgerTransaction.id.in_(select(LedgerEntry.transaction_id)))
            )
        ).scalar_one()
        assert empty == 0, "transactions without entries"
        sums = dict(
            (
                await session.execute(
                    select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_centavos)).group_by(
                        LedgerEntry.account_id
                    )
                )
            ).all()
        )
        for account in (await session.execute(select(LedgerAccount))).scalars():
            assert account.balance_centavos == int(sums.get(account.id, 0)), account.code
            if account.kind in ("ESCROW", "PAYABLE", "IN_TRANSIT"):
                assert account.balance_centavos >= 0, account.code
        txns = (await session.execute(select(LedgerTransaction))).scalars().all()
        exits: dict[uuid.UUID, list[str]] = {}
        fundings: dict[uuid.UUID, int] = {}
        for txn in txns:
            if txn.kind in ("RELEASE", "REFUND", "CHARGEBACK") and txn.trabajo_id is not None:
                exits.setdefault(txn.trabajo_id, []).append(txn.kind)
            if txn.kind == "FUNDING" and txn.trabajo_id is not None:
                fundings[txn.trabajo_id] = fundings.get(txn.trabajo_id, 0) + 1
        for trabajo_id, kinds in exits.items():
            assert len(kinds) == 1, f"escrow of {trabajo_id} left {kinds}"
        assert all(count == 1 for count in fundings.values()), fundings
        escrow = {
            a.trabajo_id: a.balance_centavos
            for a in (
                await session.execute(select(LedgerAccount).where(LedgerAccount.kind == "ESCROW"))
            ).scalars()
        }
        for intent in (await session.execute(select(PaymentIntent))).scalars():
            held = escrow.get(intent.trabajo_id, 0)
            kinds = exits.get(intent.trabajo_id, [])
            funded = fundings.get(intent.trabajo_id, 0)
            expected = {
                "PENDIENTE": (0, [], 0),
                "RECHAZADO": (0, [], 0),
                "APROBADO": (intent.amount_centavos, [], 1),
                "REEMBOLSO_PENDIENTE": (intent.amount_centavos, [], 1),
                "LIBERADO": (0, ["RELEASE"], 1),
                "REEMBOLSADO": (0, ["REFUND"], 1),
                "CONTRACARGO": (0, ["CHARGEBACK"], 1),
            }[intent.estado]
            assert (held, kinds, funded) == expected, (intent.trabajo_id, intent.estado)


async def outbox_types(rt: PaymentsRuntime) -> list[tuple[str, dict[str, Any]]]:
    table = rt.ctx.tables.outbox
    async with rt.db.session(write=False) as session:
        rows = await session.execute(select(table.c.type, table.c.payload).order_by(table.c.occurred_at))
        return [(str(kind), dict(payload)) for kind, payload in rows.all()]


@asynccontextmanager
async def payments_service(
    data_dir: Path,
    *,
    database_url: str | None = None,
    provider: PaymentProvider | None = None,
    payout_provider: PayoutProvider | str | None = "auto",
    settings: PaymentsSettings | None = None,
    **platform: Any,
) -> AsyncIterator[Harness]:
    """The payments app and runtime on a fresh database; nothing runs in the background."""
    # No professionals service answers here (the discard port refuses): payouts use the account copies.
    overrides: dict[str, Any] = {"professionals_url": "http://127.0.0.1:9"}
    if database_url:
        overrides["payments_database_url"] = database_url
    platform_settings = standalone_settings(data_dir, **overrides, **platform)
    url = platform_settings.database_url("payments")
    await asyncio.to_thread(migrate, url)
    infra = build_infrastructure(platform_settings, in_process=True)
    app = create_service_app(payments_app.DEFINITION, infra)
    ctx: ServiceContext = app.state.ctx
    own = settings or PaymentsSettings(payments_worker_max_attempts=1000)
    rt = build_runtime(ctx, settings=own, provider=provider, payout_provider=payout_provider)
    ctx.extras[RUNTIME_KEY] = rt
    for spec in payments_scheduled.queues(ctx):
        ctx.queues.register(spec)
    token = ServiceTokens(platform_settings.secret("service_token_secret"), "chat").token()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://payments.internal",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    ) as internal:
        try:
            yield Harness(rt=rt, ctx=ctx, app=app, internal=internal)
        finally:
            await rt.stop()
            await ctx.db.dispose()
