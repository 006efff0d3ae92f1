"""Reconciliation: the periodic job (one replica at a time) and ``conectar payments reconcile``."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conectar.cli import app as cli
from conectar.payments import app as payments_app
from conectar.payments.flows import reconcile as reconciliation
from conectar.payments.models import PaymentIntent
from conectar.payments.settings import PaymentsSettings
from conectar.platform.jobs import JobRunner
from tests.conftest import TEST_SECRETS
from tests.harness.payments import check_ledger, payments_service


async def test_the_reconciliation_job_runs_in_one_replica_at_a_time(tmp_path: Path) -> None:
    async with payments_service(tmp_path, settings=PaymentsSettings(payments_sandbox_webhooks=False)) as h:
        opened = await h.open(amount="2500.00")
        assert h.rt.sandbox is not None
        await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")  # no webhook: it is "lost"
        h.rt.settings.payments_reconcile_pending_after_seconds = 0
        jobs = payments_app.DEFINITION.jobs(h.ctx)  # type: ignore[misc]
        runners = [JobRunner("payments", h.rt.db, h.ctx.tables, jobs) for _ in range(3)]
        ran = await asyncio.gather(*(runner.run_once(jobs[0]) for runner in runners))
        assert sorted(ran) == [False, False, True]
        assert (await h.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()[
            "estado"
        ] == "APROBADO"
        # The lease is kept until the next run is due: no other replica runs it again right away.
        others = [runner for runner, did in zip(runners, ran, strict=True) if not did]
        assert not any(await asyncio.gather(*(runner.run_once(jobs[0]) for runner in others)))
        await check_ledger(h.rt)


def test_the_reconcile_command(tmp_path: Path, monkeypatch: object) -> None:
    async def prepare() -> str:
        async with payments_service(
            tmp_path, settings=PaymentsSettings(payments_sandbox_webhooks=False)
        ) as h:
            opened = await h.open(amount="999.00")
            assert h.rt.sandbox is not None
            await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
            return str(opened["trabajo_id"])

    trabajo = asyncio.run(prepare())
    env = {
        "CONECTAR_MODE": "standalone",
        "CONECTAR_DATA_DIR": str(tmp_path),
        "CONECTAR_PAYMENTS_RECONCILE_PENDING_AFTER_SECONDS": "0",
        "CONECTAR_LOG_JSON": "false",
        **{f"CONECTAR_{name.upper()}": value for name, value in TEST_SECRETS.items()},
    }
    result = CliRunner().invoke(cli, ["payments", "reconcile"], env=env)
    assert result.exit_code == 0, result.output
    assert "acreditados" in result.output

    async def check() -> str:
        async with payments_service(tmp_path) as h:
            await check_ledger(h.rt)
            status = (await h.internal.get(f"/internal/v1/payments/{trabajo}")).json()
            return str(status["estado"])

    assert asyncio.run(check()) == "APROBADO"


async def test_one_record_that_fails_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with payments_service(tmp_path, settings=PaymentsSettings(payments_sandbox_webhooks=False)) as h:
        assert h.rt.sandbox is not None
        broken, fine = await h.open(amount="100.00"), await h.open(amount="200.00")
        for opened in (broken, fine):  # paid, and the webhooks were lost
            await h.rt.sandbox.checkout(opened["payment_preference_id"], "approved")
        h.rt.settings.payments_reconcile_pending_after_seconds = 0
        apply = reconciliation.apply_provider_payment

        async def failing_for_one(rt: Any, payment: Any, **kwargs: Any) -> str:
            if payment.external_reference == broken["trabajo_id"]:
                raise RuntimeError("no se pudo aplicar")
            return await apply(rt, payment, **kwargs)

        monkeypatch.setattr(reconciliation, "apply_provider_payment", failing_for_one)
        result = await reconciliation.reconcile(h.rt)
        assert (result.errores, result.acreditados) == (1, 1)
        status = {
            name: (await h.internal.get(f"/internal/v1/payments/{opened['trabajo_id']}")).json()["estado"]
            for name, opened in (("broken", broken), ("fine", fine))
        }
        assert status == {"broken": "PENDIENTE", "fine": "APROBADO"}
        async with h.rt.db.session(write=False) as session:
            stamped = (
                await session.execute(
                    select(PaymentIntent.last_reconciled_at).where(
                        PaymentIntent.trabajo_id == uuid.UUID(broken["trabajo_id"])
                    )
                )
            ).scalar_one()
        assert stamped is not None  # asked about: next time, after the others
        await check_ledger(h.rt)
