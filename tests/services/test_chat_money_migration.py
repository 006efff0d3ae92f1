"""The chat's money migration on SQLite and PostgreSQL: owed movements become jobs of ``chat.money``,
refused ones wait for staff, every trabajo shows where its money really is, the schema matches the models,
and the downgrade gives back what the old code read."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from conectar.chat.models import Base
from conectar.platform.db import Database, UTCDateTime, utcnow
from conectar.platform.migrations import upgrade
from conectar.services import SERVICES

MIGRATIONS = SERVICES["chat"].migrations
BEFORE = "805c6f994e5f"

conversations = sa.table(
    "conversations",
    sa.column("id", sa.Uuid()),
    sa.column("cliente_id", sa.Uuid()),
    sa.column("profesional_id", sa.Uuid()),
    sa.column("fecha_creacion", UTCDateTime()),
    sa.column("fecha_actualizacion", UTCDateTime()),
)
trabajos = sa.table(
    "trabajos",
    sa.column("id", sa.Uuid()),
    sa.column("cliente_id", sa.Uuid()),
    sa.column("profesional_id", sa.Uuid()),
    sa.column("chat_id", sa.Uuid()),
    sa.column("descripcion", sa.Text()),
    sa.column("precio_final", sa.Numeric(12, 2)),
    sa.column("tasa_comision", sa.Numeric(5, 4)),
    sa.column("estado_escrow", sa.String()),
    sa.column("fecha_creacion", UTCDateTime()),
    sa.column("fecha_actualizacion", UTCDateTime()),
)
old_actions = sa.table(
    "money_actions",
    sa.column("id", sa.Uuid()),
    sa.column("trabajo_id", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("attempts", sa.Integer()),
    sa.column("next_attempt_at", UTCDateTime()),
    sa.column("last_error", sa.Text()),
    sa.column("created_at", UTCDateTime()),
)
actions = sa.table(
    "money_actions",
    sa.column("id", sa.Uuid()),
    sa.column("status", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("ask_round", sa.Integer()),
    sa.column("refused_at", UTCDateTime()),
    sa.column("last_error", sa.Text()),
)
work_jobs = sa.table(
    "work_jobs",
    sa.column("queue", sa.String()),
    sa.column("key", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("status", sa.String()),
    sa.column("run_after", UTCDateTime()),
)

# (trabajo's state as the old code left it, action kind, old action status) → (true state, new status)
CASES: dict[str, tuple[tuple[str, str, str], tuple[str, str]]] = {
    "release owed": (("LIBERADO", "release", "pending"), ("LIBERANDO", "pending")),
    "refund held by a dead worker": (
        ("CANCELADO_REEMBOLSADO", "refund", "running"),
        ("REEMBOLSANDO", "pending"),
    ),
    "release refused": (("LIBERADO", "release", "failed"), ("LIBERACION_RECHAZADA", "refused")),
    "refund refused": (("CANCELADO_REEMBOLSADO", "refund", "failed"), ("REEMBOLSO_RECHAZADO", "refused")),
    "checkout refused": (("PENDIENTE_PAGO", "open", "failed"), ("PENDIENTE_PAGO", "refused")),
    "release done": (("LIBERADO", "release", "done"), ("LIBERADO", "done")),
}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"
    return str(request.getfixturevalue("pg_url"))


async def _seed(db: Database) -> dict[str, tuple[uuid.UUID, uuid.UUID]]:
    now = utcnow()
    chat_id, cliente, pro = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    ids: dict[str, tuple[uuid.UUID, uuid.UUID]] = {}
    async with db.session() as session:
        await session.execute(
            conversations.insert().values(
                id=chat_id,
                cliente_id=cliente,
                profesional_id=pro,
                fecha_creacion=now,
                fecha_actualizacion=now,
            )
        )
        for name, ((estado, kind, status), _) in CASES.items():
            trabajo_id, action_id = uuid.uuid4(), uuid.uuid4()
            ids[name] = (trabajo_id, action_id)
            await session.execute(
                trabajos.insert().values(
                    id=trabajo_id,
                    cliente_id=cliente,
                    profesional_id=pro,
                    chat_id=chat_id,
                    descripcion=name,
                    precio_final=Decimal("15000.00"),
                    tasa_comision=Decimal("0.2000"),
                    estado_escrow=estado,
                    fecha_creacion=now,
                    fecha_actualizacion=now,
                )
            )
            await session.execute(
                old_actions.insert().values(
                    id=action_id,
                    trabajo_id=trabajo_id,
                    kind=kind,
                    payload={"motivo": "x"},
                    status=status,
                    attempts=3,
                    next_attempt_at=now,
                    last_error="409: El pago fue reembolsado al cliente" if status == "failed" else None,
                    created_at=now,
                )
            )
    return ids


def _schema_differences(connection: sa.Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    ignored = {"spatial_ref_sys"}
    return [
        d for d in compare_metadata(context, Base.metadata) if not (isinstance(d, tuple) and d[1] in ignored)
    ]


async def test_owed_money_goes_on_the_queue_and_every_trabajo_tells_the_truth(url: str) -> None:
    await asyncio.to_thread(upgrade, MIGRATIONS, url, BEFORE)
    db = Database(url)
    try:
        ids = await _seed(db)
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        async with db.session(write=False) as session:
            states = dict((await session.execute(sa.select(trabajos.c.id, trabajos.c.estado_escrow))).all())
            rows = {r.id: r for r in (await session.execute(sa.select(actions))).all()}
            jobs = (await session.execute(sa.select(work_jobs))).all()
        for name, (_, (estado, status)) in CASES.items():
            trabajo_id, action_id = ids[name]
            assert states[trabajo_id] == estado, name
            assert rows[action_id].status == status, name
            assert rows[action_id].ask_round == 1
            moved = CASES[name][0][0] != estado
            assert bool(rows[action_id].payload.get("anunciado")) is moved, name
            assert (rows[action_id].refused_at is not None) is (status == "refused"), name
        owed = {ids["release owed"][1], ids["refund held by a dead worker"][1]}
        assert sorted(j.key for j in jobs) == sorted(f"{a}:1" for a in owed)
        assert all(j.queue == "chat.money" and j.status == "queued" for j in jobs)
        assert {j.payload["action_id"] for j in jobs} == {str(a) for a in owed}
        assert all(j.payload["round"] == 1 for j in jobs)

        async with db.engine.connect() as connection:
            assert await connection.run_sync(_schema_differences) == []

        await asyncio.to_thread(upgrade_to, url, BEFORE)
        async with db.session(write=False) as session:
            states = dict((await session.execute(sa.select(trabajos.c.id, trabajos.c.estado_escrow))).all())
            statuses = dict((await session.execute(sa.select(old_actions.c.id, old_actions.c.status))).all())
            left = (await session.execute(sa.select(sa.func.count()).select_from(work_jobs))).scalar_one()
        assert left == 0
        for name, ((estado, _, status), _) in CASES.items():
            trabajo_id, action_id = ids[name]
            assert states[trabajo_id] == estado, name
            assert statuses[action_id] == ("pending" if status == "running" else status), name
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
    finally:
        await db.dispose()


def upgrade_to(url: str, revision: str) -> None:
    from alembic import command

    from conectar.platform.migrations import alembic_config

    command.downgrade(alembic_config(MIGRATIONS, url), revision)
