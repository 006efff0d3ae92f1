"""``conectar payments …``: operations on the payments service from the command line.

Mounted in ``conectar.cli`` with ``app.add_typer(payments_cli.app, name="payments")``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from conectar.platform.migrations import upgrade
from conectar.platform.observability import configure_logging
from conectar.platform.settings import Settings, load_settings

if TYPE_CHECKING:
    from conectar.payments.schemas import ConciliacionResultado

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

app = typer.Typer(help="Payments service operations.", no_args_is_help=True)
console = Console()


async def run_reconciliation(settings: Settings) -> ConciliacionResultado:
    """One reconciliation pass against the configured provider. Events it records are published by
    the running service's outbox relay; webhooks the sandbox owes are jobs its work queue sends."""
    # Imported here: every `conectar` command mounts this one, and only this one needs the service.
    from conectar.payments import app as payments_app
    from conectar.payments.flows import reconcile as reconciliation
    from conectar.payments.runtime import build_runtime
    from conectar.platform.app import build_context
    from conectar.platform.infra import build_infrastructure

    infra = build_infrastructure(settings, in_process=False)
    ctx = build_context(payments_app.DEFINITION, infra)
    runtime = build_runtime(ctx)
    try:
        return await reconciliation.reconcile(runtime)
    finally:
        await runtime.stop()
        await ctx.db.dispose()
        await infra.kv.close()


@app.command()
def reconcile() -> None:
    """Ask the payment provider about payments left pending and refunds and retiros in flight, and fix
    the local state (safe to run while the service runs, and to run again)."""
    settings = load_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    upgrade(MIGRATIONS, settings.database_url("payments"))
    result = asyncio.run(run_reconciliation(settings))
    table = Table("revisado", "cantidad")
    for field, value in result.model_dump().items():
        table.add_row(field.replace("_", " "), str(value))
    console.print(table)
    if result.errores:
        raise typer.Exit(code=1)
