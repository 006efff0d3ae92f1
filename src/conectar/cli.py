"""The ``conectar`` command."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import Annotated, Any

import typer
import uvicorn
from rich.console import Console
from rich.table import Table

from conectar import devstack, queues_cli
from conectar.payments import cli as payments_cli
from conectar.platform.http_server import server_options
from conectar.platform.infra import build_infrastructure
from conectar.platform.migrations import downgrade, upgrade
from conectar.platform.observability import configure_logging
from conectar.platform.settings import SERVICES as ALL_SERVICES
from conectar.platform.settings import ConfigurationError, Mode, load_settings
from conectar.services import SERVICES

app = typer.Typer(
    help="ConectarProfesionales: run, serve, migrate and administer the platform.", no_args_is_help=True
)
events_app = typer.Typer(help="Integration events: dead letters.", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead-letter queues: list, replay or purge.", no_args_is_help=True)
auth_app = typer.Typer(help="Auth service administration.", no_args_is_help=True)
dev_app = typer.Typer(help="Tools for developers of the platform.", no_args_is_help=True)
app.add_typer(events_app, name="events")
events_app.add_typer(dlq_app, name="dlq")
app.add_typer(auth_app, name="auth")
app.add_typer(dev_app, name="dev")
app.add_typer(payments_cli.app, name="payments")
app.add_typer(queues_cli.app, name="queues")
console = Console()
# Long-lived responses (chat WebSockets, notification streams) must not hold a stopping process forever.
GRACEFUL_SHUTDOWN_SECONDS = 10


def _fail(message: str) -> typer.Exit:
    console.print(f"[red]{message}[/red]")
    return typer.Exit(code=1)


def _serve_http(application: Any, host: str, port: int) -> None:
    uvicorn.run(
        application,
        host=host,
        port=port,
        proxy_headers=False,  # the gateway decides whom to trust (CONECTAR_TRUSTED_PROXIES)
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        **server_options(),
    )


@app.command()
def run(
    host: Annotated[str | None, typer.Option(help="Address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="Port of the platform (gateway)")] = None,
) -> None:
    """Start the whole platform in one process (standalone) on SQLite; migrates and seeds first."""
    from conectar.seed import seed_demo
    from conectar.standalone import create_standalone_app, migrate_all

    overrides: dict[str, object] = {"mode": Mode.STANDALONE}
    if port is not None:
        overrides["port"] = port
    if host is not None:
        overrides["host"] = host
    settings = load_settings(**overrides)
    configure_logging(settings.log_level, json=settings.log_json)
    fresh = not any(settings.data_dir.glob("*.db"))
    migrate_all(settings)
    if settings.demo and fresh:
        asyncio.run(seed_demo(settings, console))
    console.print(f"ConectarProfesionales en http://localhost:{settings.port}  (API: /api/v1, docs: /docs)")
    _serve_http(create_standalone_app(settings), settings.host, settings.port)


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help=f"One of: {', '.join(ALL_SERVICES)}")],
    migrate: Annotated[bool, typer.Option(help="Apply the service's migrations first")] = True,
) -> None:
    """Run one service as its own process (distributed mode)."""
    settings = load_settings()
    if settings.mode is not Mode.DISTRIBUTED:
        raise _fail(
            "`conectar serve` runs distributed mode: set CONECTAR_MODE=distributed (or use `conectar run`)."
        )
    try:
        settings.check_production_secrets(service)
    except ConfigurationError as exc:
        raise _fail(f"Refusing to start without real secrets: {exc}") from exc
    configure_logging(settings.log_level, json=settings.log_json)
    infra = build_infrastructure(settings, in_process=False)
    if service == "gateway":
        from conectar.gateway.app import create_gateway_app

        application = create_gateway_app(infra, web_enabled="web" in SERVICES)
    elif service in SERVICES:
        entry = SERVICES[service]
        if migrate and entry.database:
            upgrade(entry.migrations, settings.database_url(service))
        application = entry.create_app(infra)
    else:
        raise _fail(f"Unknown service {service!r}; one of: {', '.join(['gateway', *SERVICES])}")
    _serve_http(application, settings.host, settings.service_port(service))


@app.command()
def up(
    services: Annotated[
        str | None, typer.Option(help="Comma-separated services to start (default: all)")
    ] = None,
) -> None:
    """Start every service as its own process on this machine's PostgreSQL, RabbitMQ and Redis."""
    selected = [s.strip() for s in services.split(",")] if services else ["gateway", *SERVICES]
    raise typer.Exit(code=devstack.run_stack(selected, console))


@app.command()
def migrate(
    service: Annotated[str | None, typer.Option(help="Only this service")] = None,
    downgrade_to: Annotated[
        str | None,
        typer.Option(help="Take --service's database back to this revision (a rollback; docs/operations.md)"),
    ] = None,
) -> None:
    """Apply database migrations (every service, or one); or take one service's back to a revision."""
    settings = load_settings()
    if downgrade_to is not None:
        if service is None or service not in SERVICES or not SERVICES[service].database:
            raise _fail("--downgrade-to needs --service with one service's name")
        downgrade(SERVICES[service].migrations, settings.database_url(service), downgrade_to)
        console.print(f"{service}: at {downgrade_to}")
        return
    names = [service] if service else [name for name, entry in SERVICES.items() if entry.database]
    for name in names:
        if name not in SERVICES or not SERVICES[name].database:
            raise _fail(f"Unknown service {name!r}")
        upgrade(SERVICES[name].migrations, settings.database_url(name))
        console.print(f"{name}: migrated")


@app.command("create-admin")
def create_admin(
    email: Annotated[str, typer.Option(help="The admin's e-mail (login)")],
    password: Annotated[str, typer.Option(help="At least 8 characters", prompt=True, hide_input=True)],
    nombre: Annotated[str, typer.Option()] = "Admin",
    apellido: Annotated[str, typer.Option()] = "Conectar",
) -> None:
    """Create an ADMIN account (the only way to make one)."""
    from conectar.admin import create_admin_account

    settings = load_settings()
    upgrade(SERVICES["auth"].migrations, settings.database_url("auth"))
    try:
        user_id = asyncio.run(
            create_admin_account(settings, email=email, password=password, nombre=nombre, apellido=apellido)
        )
    except Exception as exc:
        raise _fail(f"No se pudo crear el administrador: {getattr(exc, 'detail', exc)}") from exc
    console.print(f"Administrador creado: {email} ({user_id})")


@auth_app.command("rotate-keys")
def rotate_keys() -> None:
    """Make a new token-signing key; the previous one stays valid until its tokens expire."""
    from conectar.admin import rotate_signing_key

    settings = load_settings()
    kid = asyncio.run(rotate_signing_key(settings))
    console.print(f"Nueva clave de firma: {kid}")


def _queue_names(service: str | None) -> list[str]:
    from conectar.contracts.topology import SUBSCRIPTIONS

    if service:
        if service not in SUBSCRIPTIONS:
            raise _fail(f"{service!r} consumes no events; queues: {', '.join(SUBSCRIPTIONS)}")
        return [service]
    return list(SUBSCRIPTIONS)


@dlq_app.command("list")
def dlq_list(service: Annotated[str | None, typer.Option(help="Only this service's queue")] = None) -> None:
    """Show dead-lettered events."""

    async def main() -> None:
        infra = build_infrastructure(load_settings(), in_process=False)
        await infra.bus.start()
        try:
            table = Table("queue", "event id", "type", "attempts", "failed at", "error")
            for name in _queue_names(service):
                for letter in await infra.bus.dead_letters(name):
                    table.add_row(
                        letter.queue,
                        letter.event_id,
                        letter.type,
                        str(letter.attempts),
                        letter.failed_at.isoformat() if letter.failed_at else "",
                        letter.error or "",
                    )
            console.print(table)
        finally:
            await infra.bus.close()

    asyncio.run(main())


@dlq_app.command("replay")
def dlq_replay(service: Annotated[str | None, typer.Option(help="Only this service's queue")] = None) -> None:
    """Send dead-lettered events back to their queue for another round of attempts."""

    async def main() -> None:
        infra = build_infrastructure(load_settings(), in_process=False)
        await infra.bus.start()
        try:
            for name in _queue_names(service):
                console.print(f"{name}: {await infra.bus.replay_dead_letters(name)} replayed")
        finally:
            await infra.bus.close()

    asyncio.run(main())


@dlq_app.command("purge")
def dlq_purge(
    service: Annotated[str, typer.Option(help="The service whose dead letters are deleted")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask")] = False,
) -> None:
    """Delete a queue's dead letters for good."""
    if not yes:
        typer.confirm(f"Delete every dead letter of {service}?", abort=True)

    async def main() -> None:
        infra = build_infrastructure(load_settings(), in_process=False)
        await infra.bus.start()
        try:
            console.print(f"{service}: {await infra.bus.purge_dead_letters(service)} purged")
        finally:
            await infra.bus.close()

    asyncio.run(main())


@events_app.command("outbox")
def outbox(
    service: Annotated[str | None, typer.Option(help="Only this service")] = None,
    retry: Annotated[
        bool, typer.Option("--retry", help="Give dead events another round of attempts")
    ] = False,
) -> None:
    """Each service's outbox: events waiting to be published, sent, and dead (publishing kept failing)."""
    from conectar.platform.db import Database, make_metadata
    from conectar.platform.outbox import count_by_status, messaging_tables, retry_dead_events

    settings = load_settings()
    table = messaging_tables(make_metadata()).outbox  # the same table in every service's database
    names = [service] if service else [name for name, entry in SERVICES.items() if entry.database]

    async def main() -> None:
        report = Table("service", "pending", "sent", "dead", "retried")
        for name in names:
            db = Database(settings.database_url(name), pool_size=1, max_overflow=0)
            try:
                retried = await retry_dead_events(db, table) if retry else 0
                counts = await count_by_status(db, table)
            finally:
                await db.dispose()
            report.add_row(name, *(str(counts.get(s, 0)) for s in ("pending", "sent", "dead")), str(retried))
        console.print(report)

    asyncio.run(main())


@app.command()
def seed(demo: Annotated[bool, typer.Option("--demo", help="Load the demo data set")] = False) -> None:
    """Load data: `--demo` adds the demo accounts (and, as services land, their catalogues)."""
    from conectar.seed import seed_demo

    if not demo:
        raise _fail("Nothing to seed: pass --demo")
    settings = load_settings()
    for name, entry in SERVICES.items():
        if entry.database:
            upgrade(entry.migrations, settings.database_url(name))
    asyncio.run(seed_demo(settings, console))


@dev_app.command("make-migration")
def make_migration(
    service: Annotated[str, typer.Option(help="The service whose models changed")],
    message: Annotated[str, typer.Option("-m", "--message", help="Slug of the revision")],
) -> None:
    """Autogenerate a revision by comparing the models with a scratch PostgreSQL database at head."""
    from alembic import command

    from conectar.platform.migrations import alembic_config

    if service not in SERVICES:
        raise _fail(f"Unknown service {service!r}")
    url = devstack.scratch_database(service)
    try:
        config = alembic_config(SERVICES[service].migrations, url)
        command.upgrade(config, "head")
        script = command.revision(config, message=message, autogenerate=True)
    finally:
        devstack.drop_scratch_database(service)
    for revision in script if isinstance(script, list) else [script]:
        if revision is not None:
            subprocess.run([sys.executable, "-m", "ruff", "format", "-q", revision.path], check=False)  # noqa: S603


@dev_app.command("state-diagram")
def state_diagram() -> None:
    """Write docs/trabajos.md from the offers and trabajos state table."""
    from pathlib import Path

    from conectar.chat.statemachine import document

    target = Path("docs/trabajos.md")
    target.write_text(document() + "\n")
    console.print(f"{target} escrito")


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()


if __name__ == "__main__":
    main()
