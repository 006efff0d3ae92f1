"""Operator commands against a standalone data folder."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conectar.cli import app
from conectar.platform.db import Database, make_metadata, utcnow
from conectar.platform.outbox import messaging_tables


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONECTAR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CONECTAR_MODE", "standalone")
    result = CliRunner().invoke(app, ["migrate", "--service", "auth"])
    assert result.exit_code == 0, result.output
    return tmp_path


def test_dead_outbox_events_are_listed_and_retried(data_dir: Path) -> None:
    table = messaging_tables(make_metadata()).outbox
    db = Database(f"sqlite+aiosqlite:///{data_dir / 'auth.db'}")
    event_id = uuid.uuid4()

    async def insert_dead() -> None:
        async with db.session() as session:
            await session.execute(
                table.insert().values(
                    id=event_id,
                    type="UserBanned",
                    version=1,
                    payload={},
                    occurred_at=utcnow(),
                    status="dead",
                    attempts=12,
                    next_attempt_at=utcnow(),
                    last_error="ConnectionError",
                )
            )

    async def status() -> str:
        async with db.session(write=False) as session:
            return str(
                (await session.execute(select(table.c.status).where(table.c.id == event_id))).scalar_one()
            )

    asyncio.run(insert_dead())
    queues = CliRunner().invoke(app, ["queues", "list", "--service", "auth"])
    assert queues.exit_code == 0, queues.output
    assert f"auth outbox:UserBanned {event_id} attempts=12" in queues.output
    assert "ConnectionError" in queues.output
    listed = CliRunner().invoke(app, ["events", "outbox", "--service", "auth"])
    assert listed.exit_code == 0, listed.output
    assert "auth" in listed.output
    assert asyncio.run(status()) == "dead"
    retried = CliRunner().invoke(app, ["events", "outbox", "--service", "auth", "--retry"])
    assert retried.exit_code == 0, retried.output
    assert asyncio.run(status()) == "pending"
    asyncio.run(db.dispose())


def test_create_admin_refuses_a_short_password(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["create-admin", "--email", "jefa@example.com", "--password", "corta"])
    assert result.exit_code == 1
    assert "8 caracteres" in " ".join(result.output.split())
    ok = CliRunner().invoke(
        app, ["create-admin", "--email", "jefa@example.com", "--password", "larga-y-segura"]
    )
    assert ok.exit_code == 0, ok.output
    assert "Administrador creado" in ok.output


def test_queues_list_retry_and_purge_dead_jobs(data_dir: Path) -> None:
    table = messaging_tables(make_metadata()).work_jobs
    db = Database(f"sqlite+aiosqlite:///{data_dir / 'auth.db'}")
    first, second = uuid.uuid4(), uuid.uuid4()

    async def insert_dead() -> None:
        async with db.session() as session:
            for job_id, queue in ((first, "auth.mail"), (second, "auth.other")):
                await session.execute(
                    table.insert().values(
                        id=job_id,
                        queue=queue,
                        payload={},
                        status="dead",
                        attempts=12,
                        run_after=utcnow(),
                        last_error="SMTP 550: buzón inexistente",
                        created_at=utcnow(),
                        updated_at=utcnow(),
                    )
                )

    async def statuses() -> dict[uuid.UUID, str]:
        async with db.session(write=False) as session:
            found = await session.execute(select(table.c.id, table.c.status))
            return {job_id: str(status) for job_id, status in found.all()}

    asyncio.run(insert_dead())
    listed = CliRunner().invoke(app, ["queues", "list", "--service", "auth"])
    assert listed.exit_code == 0, listed.output
    assert "auth.mail" in listed.output
    assert str(first) in listed.output
    assert "buzón inexistente" in listed.output

    retried = CliRunner().invoke(app, ["queues", "retry", "--service", "auth", "--id", str(first)])
    assert retried.exit_code == 0, retried.output
    assert asyncio.run(statuses()) == {first: "queued", second: "dead"}

    refused = CliRunner().invoke(app, ["queues", "purge", "--service", "auth"], input="n\n")
    assert refused.exit_code != 0
    assert asyncio.run(statuses()) == {first: "queued", second: "dead"}
    purged = CliRunner().invoke(
        app, ["queues", "purge", "--service", "auth", "--queue", "auth.other", "--yes"]
    )
    assert purged.exit_code == 0, purged.output
    assert "1 dead jobs purged" in purged.output
    assert asyncio.run(statuses()) == {first: "queued"}
    bad = CliRunner().invoke(app, ["queues", "retry", "--service", "web"])
    assert bad.exit_code != 0
    asyncio.run(db.dispose())


def test_a_service_database_goes_back_to_a_revision_and_up_again(data_dir: Path) -> None:
    runner = CliRunner()
    up = runner.invoke(app, ["migrate", "--service", "users"])
    assert up.exit_code == 0, up.output

    def columns() -> set[str]:
        import sqlite3

        with sqlite3.connect(data_dir / "users.db") as db:
            return {row[1] for row in db.execute("PRAGMA table_info(data_exports)")}

    assert "fecha_creacion" in columns()
    down = runner.invoke(app, ["migrate", "--service", "users", "--downgrade-to", "8e4b7c2d1a09"])
    assert down.exit_code == 0, down.output
    assert "created_at" in columns()
    assert "fecha_creacion" not in columns()
    assert runner.invoke(app, ["migrate", "--service", "users"]).exit_code == 0
    assert "fecha_creacion" in columns()
    refused = runner.invoke(app, ["migrate", "--downgrade-to", "8e4b7c2d1a09"])
    assert refused.exit_code == 1
    assert "--service" in refused.output
