"""The kernel's pieces of SPEC §14: the staff audit trail's record and list, the export zip, the outbox
scrub of a deleted person, and the one handler of an account deletion per service."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import MetaData, select, update

from conectar.contracts.events import AccountDeletionRequested, UserUpdated
from conectar.contracts.personal_data import AUDIT_ACTIONS, is_pseudonymous_email, pseudonymous_email
from conectar.platform.app import ServiceDefinition, event_handlers
from conectar.platform.audit import SYSTEM, Actor, StaffAudit
from conectar.platform.db import Database, utcnow
from conectar.platform.handlers import EventHandlers
from conectar.platform.outbox import STATUS_SENT, Outbox, forget_sent_events_about, messaging_tables
from conectar.platform.personal_data import (
    ExportFile,
    PersonalDataExport,
    PersonalDataHooks,
    StoredFile,
    build_export_zip,
    safe_member,
)
from conectar.platform.storage import LocalStorage


async def _database(tmp_path: Path) -> tuple[Database, Any]:
    metadata = MetaData()
    tables = messaging_tables(metadata)
    db = Database(f"sqlite+aiosqlite:///{tmp_path}/kernel.db")
    async with db.engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    return db, tables


async def test_audit_entries_are_listed_newest_first_with_filters(tmp_path: Path) -> None:
    db, tables = await _database(tmp_path)
    audit = StaffAudit("professionals", tables.audit)
    admin = Actor(user_id=uuid.uuid4(), ip="198.51.100.7")
    target = uuid.uuid4()
    async with db.session() as session:
        await audit.record(session, admin, accion="kyc.aprobar", recurso="profesional", recurso_id=target)
        await audit.record(
            session,
            SYSTEM,
            accion="kyc.documentos.borrar",
            recurso="profesional",
            recurso_id=target,
            detalle={"documentos": 2},
        )
        await audit.record(session, admin, accion="oficio.crear", recurso="oficio", recurso_id="x")
    async with db.session(write=False) as session:
        everything = await audit.list(session, limit=10)
        by_target = await audit.list(session, limit=10, recurso_id=str(target))
        by_admin = await audit.list(session, limit=1, actor_id=admin.user_id)
        tomorrow = await audit.list(session, limit=10, desde=utcnow() + timedelta(days=1))
    assert everything.total == 3
    assert next(e.accion for e in everything.entradas) == "oficio.crear"
    assert {e.accion for e in by_target.entradas} == {"kyc.aprobar", "kyc.documentos.borrar"}
    system = next(e for e in by_target.entradas if e.actor_id is None)
    assert system.detalle == {"documentos": 2}
    assert system.ip is None
    assert by_admin.total == 2
    assert len(by_admin.entradas) == 1
    assert by_admin.entradas[0].ip == "198.51.100.7"
    assert by_admin.entradas[0].servicio == "professionals"
    assert tomorrow.total == 0
    await db.dispose()


async def test_the_export_zip_holds_the_json_and_only_files_that_exist(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path / "files")
    await storage.put("kyc/doc.pdf", b"%PDF-1.4 documento", "application/pdf", public=False)
    ctx = SimpleNamespace(name="professionals", storage=storage)
    export = PersonalDataExport(
        data={"perfil": {"id": uuid.UUID(int=1), "nombre": "Ñandú", "cuando": utcnow()}},
        files=[
            ExportFile("kyc/../../dni.pdf", StoredFile("kyc/doc.pdf", public=False)),
            ExportFile("borrado.png", StoredFile("kyc/gone.png", public=False)),
        ],
    )
    data = await build_export_zip(ctx, export)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["archivos/professionals/kyc/dni.pdf", "professionals.json"]
    assert archive.read("archivos/professionals/kyc/dni.pdf") == b"%PDF-1.4 documento"
    assert "Ñandú" in archive.read("professionals.json").decode()


@pytest.mark.parametrize(
    ("path", "member"),
    [("../../etc/passwd", "etc/passwd"), ("a/./b.txt", "a/b.txt"), ("..", "archivo"), ("c:\\x\\y", "c:/x/y")],
)
def test_zip_members_cannot_climb_out(path: str, member: str) -> None:
    assert safe_member(path) == member


async def test_a_deleted_persons_published_events_leave_the_outbox_and_pending_ones_stay(
    tmp_path: Path,
) -> None:
    db, tables = await _database(tmp_path)
    outbox = Outbox(tables, "users")
    person, other = uuid.uuid4(), uuid.uuid4()
    async with db.session() as session:
        sent = await outbox.add(session, UserUpdated(user_id=person, nombre="Zoe", apellido="Ruiz"))
        await outbox.add(session, UserUpdated(user_id=person, nombre="Zoe", apellido="Ruiz"))
        kept = await outbox.add(session, UserUpdated(user_id=other, nombre="Ana", apellido="Paz"))
        await session.execute(
            update(tables.outbox).where(tables.outbox.c.id.in_([sent, kept])).values(status=STATUS_SENT)
        )
    async with db.session() as session:
        assert await forget_sent_events_about(session, tables, person) == 1
    async with db.session(write=False) as session:
        rows = (await session.execute(select(tables.outbox.c.id, tables.outbox.c.status))).all()
    assert sent not in {row.id for row in rows}
    assert kept in {row.id for row in rows}
    assert len(rows) == 2
    await db.dispose()


async def _nothing(*_: Any) -> Any:
    return []


def test_the_kernel_handles_account_deletion_and_refuses_a_second_handler() -> None:
    hooks = PersonalDataHooks(export=_nothing, erase=_nothing)
    ctx: Any = SimpleNamespace(name="x")
    base = {"name": "x", "title": "x", "routers": [], "metadata": MetaData(), "tables": None}
    plain = ServiceDefinition(**base, personal_data=hooks)  # type: ignore[arg-type]
    assert set(event_handlers(plain, ctx)) == {AccountDeletionRequested.event_type()}
    own: EventHandlers[Any] = EventHandlers()
    own.on(AccountDeletionRequested)(_nothing)
    twice = ServiceDefinition(**base, personal_data=hooks, handlers=own)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="handled by the kernel"):
        event_handlers(twice, ctx)


def test_pseudonymous_addresses_are_unique_per_person_and_recognisable() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    assert pseudonymous_email(a) != pseudonymous_email(b)
    assert is_pseudonymous_email(pseudonymous_email(a))
    assert not is_pseudonymous_email("ana@example.com")


async def test_an_action_missing_from_the_catalogue_is_refused_with_the_action(tmp_path: Path) -> None:
    db, tables = await _database(tmp_path)
    audit = StaffAudit("chat", tables.audit)
    with pytest.raises(ValueError, match="AUDIT_ACTIONS"):
        async with db.session() as session:
            await audit.record(session, SYSTEM, accion="trabajo.borrar", recurso="trabajo", recurso_id="x")
    async with db.session(write=False) as session:
        assert (await audit.list(session, limit=10)).total == 0
    assert all(label and label[0].isupper() for label in AUDIT_ACTIONS.values())
    await db.dispose()
