"""SPEC §14 in the users and auth services: export, the deletion saga, the merged staff audit trail."""

from __future__ import annotations

import asyncio
import io
import json
import uuid
import zipfile
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from conectar.auth.models import Account as AuthAccount
from conectar.contracts.personal_data import PERSONAL_DATA_SERVICES, pseudonymous_email
from conectar.platform.db import utcnow
from conectar.platform.workqueue import Job
from conectar.users.exports import QUEUE, file_key
from conectar.users.flows import exports
from conectar.users.models import DataExport, UserProfile
from tests.conftest import image_bytes
from tests.factories import PASSWORD, Account, create_admin, eventually, register
from tests.services.conftest import Standalone

API = "/api/v1"


async def _with_phone(api: httpx.AsyncClient, person: Account) -> None:
    changed = await api.put(
        f"{API}/users/me",
        json={"nombre": "Zuleika", "apellido": "Quirno", "telefono": "011 4555-0101"},
        headers=person.headers,
    )
    assert changed.status_code == 200, changed.text


async def _export_ready(api: httpx.AsyncClient, person: Account, export_id: str) -> httpx.Response:
    answer: dict[str, httpx.Response] = {}

    async def ready() -> bool:
        answer["r"] = await api.get(f"{API}/users/me/exportar/{export_id}", headers=person.headers)
        return answer["r"].status_code != 202

    await eventually(ready, timeout=30)
    return answer["r"]


# --- export ------------------------------------------------------------------------------------------


async def test_an_export_gathers_every_service_and_only_its_owner_downloads_it(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    person = await register(api)
    other = await register(api)
    await _with_phone(api, person)
    avatar = await api.post(
        f"{API}/users/me/avatar",
        files={"file": ("yo.png", image_bytes("PNG"), "image/png")},
        headers=person.headers,
    )
    assert avatar.status_code == 200, avatar.text

    asked = await api.post(f"{API}/users/me/exportar", headers=person.headers)
    assert asked.status_code == 202, asked.text
    body = asked.json()
    assert body["estado"] == "PENDIENTE"
    assert body["servicios_total"] == len(PERSONAL_DATA_SERVICES)

    assert (await api.get(f"{API}/users/me/exportar/{body['id']}", headers=other.headers)).status_code == 404
    done = await _export_ready(api, person, body["id"])
    assert done.status_code == 200, done.text
    assert done.headers["content-type"] == "application/zip"
    assert "attachment" in done.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(done.content))
    names = set(archive.namelist())
    assert "LEEME.txt" in names
    assert "Ley 25.326" in archive.read("LEEME.txt").decode()
    assert {f"{name}.json" for name in PERSONAL_DATA_SERVICES} <= names
    users_part = json.loads(archive.read("users.json"))
    assert users_part["perfil"]["telefono"] == "+541145550101"
    assert users_part["perfil"]["nombre"] == "Zuleika"
    auth_part = json.loads(archive.read("auth.json"))
    assert auth_part["cuenta"]["email"] == person.email
    assert auth_part["sesiones"]
    assert any(name.startswith("archivos/users/foto-de-perfil.") for name in names)
    # Nothing of the other person.
    assert other.email not in done.content.decode("latin-1")

    listed = await api.get(f"{API}/users/me/exportar", headers=person.headers)
    assert [row["estado"] for row in listed.json()] == ["LISTA"]
    assert listed.json()[0]["servicios_listos"] == len(PERSONAL_DATA_SERVICES)
    assert (await api.get(f"{API}/users/me/exportar", headers=other.headers)).json() == []


async def test_one_export_per_day_even_when_asked_twice_at_once(api: httpx.AsyncClient) -> None:
    person = await register(api)
    first, second = await asyncio.gather(
        api.post(f"{API}/users/me/exportar", headers=person.headers),
        api.post(f"{API}/users/me/exportar", headers=person.headers),
    )
    assert sorted([first.status_code, second.status_code]) == [202, 429]
    refused = first if first.status_code == 429 else second
    assert "24 horas" in refused.json()["detail"]
    assert int(refused.headers["retry-after"]) > 3600
    again = await api.post(f"{API}/users/me/exportar", headers=person.headers)
    assert again.status_code == 429


async def test_an_export_expires_after_seven_days(standalone: Standalone, api: httpx.AsyncClient) -> None:
    person = await register(api)
    asked = (await api.post(f"{API}/users/me/exportar", headers=person.headers)).json()
    assert (await _export_ready(api, person, asked["id"])).status_code == 200
    ctx = standalone.ctx("users")
    async with ctx.db.session() as session:
        row = (
            await session.execute(select(DataExport).where(DataExport.id == uuid.UUID(asked["id"])))
        ).scalar_one()
        assert row.expires_at is not None
        assert row.expires_at - row.fecha_creacion >= timedelta(days=7) - timedelta(minutes=1)
        key = row.storage_key
        await session.execute(
            update(DataExport)
            .where(DataExport.id == row.id)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    assert key is not None
    assert await ctx.storage.exists(key, public=False)
    assert await exports.expire(ctx) >= 1
    assert not await ctx.storage.exists(key, public=False)
    gone = await api.get(f"{API}/users/me/exportar/{asked['id']}", headers=person.headers)
    assert gone.status_code == 410


async def test_a_zip_stored_by_a_run_that_could_not_record_it_does_not_outlive_the_export(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    """A run that stored the zip and failed before recording it leaves the file where the export would
    keep it: the export failing for good deletes it, and so does the person's deletion."""
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    ctx = standalone.ctx("users")
    failed, kept = uuid.uuid4(), uuid.uuid4()
    async with ctx.db.session() as session:
        for export_id in (failed, kept):
            session.add(
                DataExport(id=export_id, user_id=person.id, estado="PENDIENTE", fecha_creacion=utcnow())
            )
    for export_id in (failed, kept):  # what the run stored before its last unit of work failed
        await ctx.storage.put(file_key(person.id, export_id), b"PK zip", "application/zip", public=False)

    job = Job(
        id=uuid.uuid4(),
        queue=QUEUE,
        payload={"export_id": str(failed)},
        attempts=8,
        key=str(failed),
        correlation_id=None,
        created_at=utcnow(),
    )
    await exports.on_dead(ctx, job)  # its attempts spent
    async with ctx.db.session(write=False) as session:
        row = (await session.execute(select(DataExport).where(DataExport.id == failed))).scalar_one()
    assert row.estado == "FALLIDA"
    assert not await ctx.storage.exists(file_key(person.id, failed), public=False)

    started = await api.post(f"{API}/users/me/eliminar", json={"password": PASSWORD}, headers=person.headers)
    assert started.status_code == 202, started.text

    async def complete() -> bool:
        return bool((await _deletion(api, admin, started.json()["id"]))["estado"] == "COMPLETADA")

    await eventually(complete, timeout=20)
    assert not await ctx.storage.exists(file_key(person.id, kept), public=False)


async def _exports_recorded(standalone: Standalone) -> int:
    async with standalone.ctx("users").db.session(write=False) as session:
        return len((await session.execute(select(DataExport.id))).all())


async def test_export_needs_a_signed_in_person(standalone: Standalone, api: httpx.AsyncClient) -> None:
    before = await _exports_recorded(standalone)
    assert (await api.post(f"{API}/users/me/exportar")).status_code == 401
    assert (await api.get(f"{API}/users/me/exportar/{uuid.uuid4()}")).status_code == 401
    assert await _exports_recorded(standalone) == before  # nothing recorded, nothing built


# --- deletion ----------------------------------------------------------------------------------------


async def _deletion(api: httpx.AsyncClient, admin: Account, deletion_id: str) -> dict[str, Any]:
    found = await api.get(f"{API}/admin/eliminaciones/{deletion_id}", headers=admin.headers)
    assert found.status_code == 200, found.text
    body: dict[str, Any] = found.json()
    return body


async def test_deleting_my_account_closes_it_at_once_and_every_service_erases_its_part(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    await _with_phone(api, person)

    wrong = await api.post(
        f"{API}/users/me/eliminar", json={"password": "otra-clave-1"}, headers=person.headers
    )
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "La contraseña no es correcta"
    assert (await api.get(f"{API}/users/me", headers=person.headers)).status_code == 200

    started = await api.post(f"{API}/users/me/eliminar", json={"password": PASSWORD}, headers=person.headers)
    assert started.status_code == 202, started.text
    body = started.json()
    assert body["estado"] == "EN_CURSO"
    assert body["usuario_id"] == str(person.id)

    # At once: the access token is dead, the refresh token too, and the password no longer signs in.
    assert (await api.get(f"{API}/users/me", headers=person.headers)).status_code == 401
    refreshed = await api.post(f"{API}/auth/refresh", json={"refresh_token": person.refresh_token})
    assert refreshed.status_code == 401
    login = await api.post(f"{API}/auth/login", data={"username": person.email, "password": PASSWORD})
    assert login.status_code == 401

    async def complete() -> bool:
        return bool((await _deletion(api, admin, body["id"]))["estado"] == "COMPLETADA")

    await eventually(complete, timeout=20)
    final = await _deletion(api, admin, body["id"])
    assert final["servicios_pendientes"] == []
    assert set(final["servicios_completados"]) == set(PERSONAL_DATA_SERVICES)

    async with standalone.ctx("users").db.session(write=False) as session:
        profile = (await session.execute(select(UserProfile).where(UserProfile.id == person.id))).scalar_one()
    assert (profile.nombre, profile.apellido, profile.telefono) == ("Usuario", "eliminado", None)
    assert profile.email == pseudonymous_email(person.id)
    assert profile.deleted_at is not None
    async with standalone.ctx("auth").db.session(write=False) as session:
        account = (await session.execute(select(AuthAccount).where(AuthAccount.id == person.id))).scalar_one()
    assert account.email == pseudonymous_email(person.id)
    assert not account.is_active
    assert "Zuleika" not in (account.nombre + account.apellido)

    # The address can be registered again, as a new person.
    again = await api.post(
        f"{API}/auth/register",
        json={
            "email": person.email,
            "password": PASSWORD,
            "nombre": "Nueva",
            "apellido": "Persona",
            "rol": "CLIENTE",
        },
    )
    assert again.status_code == 201, again.text
    assert again.json()["id"] != str(person.id)


async def test_a_deletion_cannot_start_twice_nor_for_an_admin(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    first = await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Pedido por escrito del titular"},
        headers=admin.headers,
    )
    assert first.status_code == 202, first.text
    second = await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Pedido por escrito del titular"},
        headers=admin.headers,
    )
    assert second.status_code == 409
    other_admin = await create_admin(standalone.settings, api)
    refused = await api.post(
        f"{API}/admin/users/{other_admin.id}/eliminar",
        json={"motivo": "No debería poder hacerse"},
        headers=admin.headers,
    )
    assert refused.status_code == 400
    mine = await api.post(f"{API}/users/me/eliminar", json={"password": PASSWORD}, headers=admin.headers)
    assert mine.status_code == 400
    # What the refusals left: one deletion of the person, both admins still signed in and listed as such.
    listed = (await api.get(f"{API}/admin/eliminaciones?limit=100", headers=admin.headers)).json()
    assert [d["usuario_id"] for d in listed["eliminaciones"]].count(str(person.id)) == 1
    assert str(admin.id) not in {d["usuario_id"] for d in listed["eliminaciones"]}
    assert str(other_admin.id) not in {d["usuario_id"] for d in listed["eliminaciones"]}
    for still in (admin, other_admin):
        me = await api.get(f"{API}/users/me", headers=still.headers)
        assert me.status_code == 200
        assert me.json()["es_admin"] is True


async def test_only_staff_deletes_others_and_the_deletion_is_in_the_audit_trail(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    stranger = await register(api)
    forbidden = await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Quiero borrar a otra persona"},
        headers=stranger.headers,
    )
    assert forbidden.status_code == 403
    short = await api.post(
        f"{API}/admin/users/{person.id}/eliminar", json={"motivo": "corto"}, headers=admin.headers
    )
    assert short.status_code == 422
    assert (await api.get(f"{API}/admin/auditoria?recurso_id={person.id}", headers=admin.headers)).json()[
        "total"
    ] == 0

    done = await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Pedido por escrito del titular"},
        headers=admin.headers,
    )
    assert done.status_code == 202
    trail = (await api.get(f"{API}/admin/auditoria?recurso_id={person.id}", headers=admin.headers)).json()
    assert trail["total"] == 1
    entry = trail["entradas"][0]
    assert entry["accion"] == "usuario.eliminar"
    assert entry["servicio"] == "users"
    assert entry["actor_id"] == str(admin.id)
    assert entry["actor_email"] == admin.email
    assert entry["ip"] == "203.0.113.10"
    assert entry["detalle"]["motivo"] == "Pedido por escrito del titular"
    assert entry["accion_descripcion"] == "Eliminó una cuenta"
    assert (await api.get(f"{API}/admin/eliminaciones", headers=stranger.headers)).status_code == 403
    listed = (await api.get(f"{API}/admin/eliminaciones", headers=admin.headers)).json()
    assert any(row["usuario_id"] == str(person.id) for row in listed["eliminaciones"])


# --- audit trail -------------------------------------------------------------------------------------


async def test_bans_are_recorded_by_auth_and_the_trail_merges_filters_and_pages(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    assert (await api.post(f"{API}/admin/users/{person.id}/ban", headers=admin.headers)).status_code == 200
    again = await api.post(f"{API}/admin/users/{person.id}/ban", headers=admin.headers)
    assert again.status_code == 400  # a refused action records nothing
    assert (await api.post(f"{API}/admin/users/{person.id}/unban", headers=admin.headers)).status_code == 200

    trail = (await api.get(f"{API}/admin/auditoria?recurso_id={person.id}", headers=admin.headers)).json()
    assert [e["accion"] for e in trail["entradas"]] == ["usuario.reactivar", "usuario.suspender"]
    assert {e["servicio"] for e in trail["entradas"]} == {"auth"}
    assert all(e["actor_email"] == admin.email and e["ip"] == "203.0.113.10" for e in trail["entradas"])

    only_bans = (
        await api.get(
            f"{API}/admin/auditoria?recurso_id={person.id}&accion=usuario.suspender", headers=admin.headers
        )
    ).json()
    assert only_bans["total"] == 1
    paged = (
        await api.get(f"{API}/admin/auditoria?recurso_id={person.id}&limit=1&page=2", headers=admin.headers)
    ).json()
    assert paged["totalPages"] == 2
    assert [e["accion"] for e in paged["entradas"]] == ["usuario.suspender"]
    by_actor = (await api.get(f"{API}/admin/auditoria?actor_id={admin.id}", headers=admin.headers)).json()
    assert by_actor["total"] >= 2
    future = (utcnow() + timedelta(days=1)).isoformat()
    since_tomorrow = await api.get(f"{API}/admin/auditoria", params={"desde": future}, headers=admin.headers)
    assert since_tomorrow.json()["total"] == 0
    assert (await api.get(f"{API}/admin/auditoria", headers=person.headers)).status_code in (401, 403)
    assert (
        await api.get(f"{API}/admin/auditoria?limit=100&page=101", headers=admin.headers)
    ).status_code == 400


@pytest.mark.parametrize("service", ["auth", "users"])
async def test_the_audit_table_refuses_changes(
    standalone: Standalone, api: httpx.AsyncClient, service: str
) -> None:
    admin = await create_admin(standalone.settings, api)
    person = await register(api)
    await api.post(f"{API}/admin/users/{person.id}/ban", headers=admin.headers)
    await api.post(
        f"{API}/admin/users/{person.id}/eliminar",
        json={"motivo": "Prueba de la auditoría"},
        headers=admin.headers,
    )
    ctx = standalone.ctx(service)
    async with ctx.db.session(write=False) as session:
        assert (await session.execute(text("SELECT count(*) FROM staff_audit"))).scalar_one() > 0
    for statement in ("UPDATE staff_audit SET accion = 'nada'", "DELETE FROM staff_audit"):
        with pytest.raises((DBAPIError, IntegrityError)):
            async with ctx.db.session() as session:
                await session.execute(text(statement))
    async with ctx.db.session(write=False) as session:
        kept = (
            await session.execute(text("SELECT count(*) FROM staff_audit WHERE accion = 'nada'"))
        ).scalar_one()
    assert kept == 0
