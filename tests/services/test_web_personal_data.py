"""The personal-data pages of the web app (SPEC §14) against the real services, standalone: a person
downloads their data and deletes their account from /cuenta; the staff reads the audit trail, follows the
deletions, deletes an account with a reason, and sees the last staff access on a KYC screen. Audited actions
done through the web app carry the visitor's address."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from html import unescape
from typing import Any

import httpx
import pytest

from conectar.contracts.personal_data import AUDIT_ACTIONS
from conectar.web.formatting import LOCAL_TZ
from tests.factories import (
    PASSWORD,
    PDF,
    Account,
    approved_professional,
    create_admin,
    eventually,
    paid_trabajo,
    register,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browser

API = "/api/v1"
CSRF_REFUSED = "El formulario venció"
DOWNLOAD = re.compile(r'href="(/cuenta/datos/exportaciones/[0-9a-f-]{36}/descargar)"')
VISITOR = "198.51.100.23"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture
async def browser(live: LiveStandalone) -> AsyncIterator[Browser]:
    client = Browser(live.base_url, live.base_url)
    yield client
    await client.close()


async def signed_in(live: LiveStandalone, account: Account) -> Browser:
    client = Browser(live.base_url, live.base_url)
    await client.login(account.email, account.password)
    return client


def deletion_row(page: str, user_id: uuid.UUID) -> str:
    """The row of the deletions table about ``user_id``."""
    rows = [
        row for row in re.findall(r'<li class="card deletion".*?</li>', page, re.S) if str(user_id) in row
    ]
    assert len(rows) == 1, page
    return unescape(rows[0])


def field_html(page: str, field_id: str) -> str:
    return page.split(f'id="{field_id}"')[1].split("</div>")[0]


async def audit(live: LiveStandalone, admin: Account, **params: Any) -> list[dict[str, Any]]:
    response = await live.client.get(f"{API}/admin/auditoria", headers=admin.headers, params=params)
    assert response.status_code == 200, response.text
    entries: list[dict[str, Any]] = response.json()["entradas"]
    return entries


async def ready_download(browser: Browser) -> str:
    """Polls the exports list (as the account page does) until the newest export can be downloaded."""
    found: list[str] = []

    async def ready() -> bool:
        partial = await browser.get("/cuenta/datos/exportaciones", headers={"HX-Request": "true"})
        assert partial.status_code == 200, partial.text
        match = DOWNLOAD.search(partial.text)
        if match:
            assert "hx-trigger" not in partial.text  # nothing left to prepare: the polling stops
            found.append(match.group(1))
        else:
            assert "hx-trigger" in partial.text  # still being prepared: the page keeps asking
        return bool(match)

    await eventually(ready, timeout=30, interval=0.3)
    return found[0]


# --- who may see what --------------------------------------------------------------------------------------


async def test_the_pages_need_a_session_and_the_staff_pages_an_admin(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    someone = uuid.uuid4()
    for path in (
        "/cuenta/eliminar",
        "/cuenta/datos/exportaciones",
        f"/cuenta/datos/exportaciones/{someone}/descargar",
        "/admin/auditoria",
        "/admin/eliminaciones",
        f"/admin/usuarios/{someone}/eliminar",
    ):
        response = await browser.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/login?next="), path
    gone = await browser.get("/cuenta/eliminada")
    assert gone.status_code == 200  # the page after a deletion is for a visitor without a session

    cliente = await register(live.client, "CLIENTE")
    pro = await approved_professional(live.client, admin)
    for account in (cliente, pro.account):
        client = await signed_in(live, account)
        try:
            for path in (
                "/admin/auditoria",
                "/admin/eliminaciones",
                f"/admin/usuarios/{admin.id}/eliminar?email={admin.email}",
            ):
                response = await client.get(path)
                assert response.status_code == 403, (account.rol, path)
            refused = await client.post(f"/admin/usuarios/{cliente.id}/eliminar", {"motivo": "x" * 20})
            assert refused.status_code == 403
            assert (await client.get("/cuenta/eliminada")).status_code == 303  # signed in: back to /cuenta
        finally:
            await client.close()
    me = await live.client.get(f"{API}/users/me", headers=cliente.headers)
    assert me.status_code == 200  # the refused staff deletion did nothing


async def test_every_new_form_needs_the_csrf_token(live: LiveStandalone, admin: Account) -> None:
    cliente = await register(live.client, "CLIENTE")
    victim = await register(live.client, "CLIENTE")
    person = await signed_in(live, cliente)
    staff = await signed_in(live, admin)
    try:
        for client, path, body in (
            (person, "/cuenta/datos/exportar", {}),
            (person, "/cuenta/eliminar", {"password": PASSWORD}),
            (staff, f"/admin/usuarios/{victim.id}/eliminar", {"motivo": "Pedido por escrito del titular"}),
        ):
            missing = await client.http.post(path, data=body, headers={"Origin": live.base_url})
            assert missing.status_code == 403, path
            assert CSRF_REFUSED in missing.text
            cross_site = await client.post(path, body, headers={"Origin": "https://evil.example"})
            assert cross_site.status_code == 403, path
        exports = await live.client.get(f"{API}/users/me/exportar", headers=cliente.headers)
        assert exports.json() == []
        for account in (cliente, victim):  # neither account was deleted
            assert (await live.client.get(f"{API}/users/me", headers=account.headers)).status_code == 200
    finally:
        await person.close()
        await staff.close()


# --- the export ----------------------------------------------------------------------------------------------


async def test_a_person_asks_for_their_data_and_downloads_the_zip(live: LiveStandalone) -> None:
    cliente = await register(live.client, "CLIENTE")
    other = await register(live.client, "CLIENTE")
    browser = await signed_in(live, cliente)
    stranger = await signed_in(live, other)
    try:
        page = await browser.get("/cuenta")
        assert page.status_code == 200
        assert "Tus datos personales" in page.text
        assert 'action="/cuenta/datos/exportar"' in page.text
        assert 'href="/cuenta/eliminar"' in page.text

        asked = await browser.post("/cuenta/datos/exportar")
        assert asked.status_code == 303
        assert asked.headers["location"] == "/cuenta#datos-personales"
        after = await browser.get("/cuenta")
        assert "Estamos preparando tu archivo" in after.text
        assert 'id="exportaciones"' in after.text

        link = await ready_download(browser)
        listed = await browser.get("/cuenta")
        assert "Lista para descargar" in listed.text
        assert "Disponible hasta el" in listed.text

        download = await browser.get(link)
        assert download.status_code == 200, download.text[:300]
        assert download.headers["content-type"] == "application/zip"
        assert download.headers["content-disposition"].startswith("attachment; filename=")
        assert download.headers["cache-control"] == "private, no-store"
        with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
            names = archive.namelist()
            assert any(name.endswith(".json") for name in names), names
            everything = b"".join(archive.read(name) for name in names if name.endswith(".json"))
        assert cliente.email.encode() in everything

        # Only its owner: another person (and a made-up id) gets "not found", never the file.
        for client, path in (
            (stranger, link),
            (browser, f"/cuenta/datos/exportaciones/{uuid.uuid4()}/descargar"),
        ):
            refused = await client.get(path)
            assert refused.status_code == 404, path
            assert "application/zip" not in refused.headers["content-type"]

        # One export a day: the second request is refused with the API's reason, shown as a message.
        again = await browser.post("/cuenta/datos/exportar")
        assert again.status_code == 303
        shown = await browser.get("/cuenta")
        assert 'class="alert alert-warn"' in shown.text
        exports = (await live.client.get(f"{API}/users/me/exportar", headers=cliente.headers)).json()
        assert len(exports) == 1
    finally:
        await browser.close()
        await stranger.close()


# --- the deletion ---------------------------------------------------------------------------------------------


async def test_deleting_the_account_explains_it_asks_the_password_and_ends_the_session(
    live: LiveStandalone,
) -> None:
    cliente = await register(live.client, "CLIENTE")
    browser = await signed_in(live, cliente)
    try:
        page = await browser.get("/cuenta/eliminar")
        assert page.status_code == 200
        text = unescape(page.text)
        for explained in (
            "No se puede deshacer",
            "seudónimo",
            "Usuario eliminado",
            "podés volver a registrarte",
            "saldo sin retirar",
            "en disputa",
            'autocomplete="current-password"',
        ):
            assert explained in text, explained

        empty = await browser.post("/cuenta/eliminar", {"password": ""})
        assert empty.status_code == 400
        assert "Ingresá tu contraseña" in field_html(empty.text, "f-password")
        wrong = await browser.post("/cuenta/eliminar", {"password": "no-es-la-clave-123"})
        assert wrong.status_code == 400
        assert "La contraseña no es correcta" in unescape(field_html(wrong.text, "f-password"))
        assert 'aria-invalid="true"' in field_html(wrong.text, "f-password")
        assert (await live.client.get(f"{API}/users/me", headers=cliente.headers)).status_code == 200

        old_cookie = browser.session_cookie
        done = await browser.post("/cuenta/eliminar", {"password": PASSWORD})
        assert done.status_code == 303
        assert done.headers["location"] == "/cuenta/eliminada"
        confirmation = await browser.get("/cuenta/eliminada")
        assert confirmation.status_code == 200
        assert "Eliminamos tu cuenta" in confirmation.text
        assert 'href="/login"' in confirmation.text  # the header is a visitor's again
        assert (await browser.get("/cuenta")).status_code == 303

        # The session sealed before the deletion is worth nothing: its tokens were revoked.
        replay = httpx.AsyncClient(base_url=live.base_url, cookies={"cp_session": old_cookie})
        try:
            stale = await replay.get("/cuenta")
            assert stale.status_code == 303
            assert stale.headers["location"].startswith("/login")
        finally:
            await replay.aclose()
        login = await live.client.post(
            f"{API}/auth/login", data={"username": cliente.email, "password": PASSWORD}
        )
        assert login.status_code in (400, 401), login.text
        again = Browser(live.base_url, live.base_url)
        try:
            await again.get("/login")
            refused = await again.post("/login", {"email": cliente.email, "password": PASSWORD})
            assert refused.status_code == 400
        finally:
            await again.close()
    finally:
        await browser.close()


async def test_the_deletion_is_refused_with_the_reasons_while_a_trabajo_is_open(
    live: LiveStandalone, admin: Account
) -> None:
    cliente = await register(live.client, "CLIENTE")
    pro = await approved_professional(live.client, admin)
    await paid_trabajo(live.client, cliente, pro.account)
    browser = await signed_in(live, cliente)
    try:
        refused = await browser.post("/cuenta/eliminar", {"password": PASSWORD})
        assert refused.status_code == 409
        reasons = refused.text.split('id="bloqueos"')[1].split("</div>")[0]
        assert "Todavía no podemos eliminar tu cuenta" in reasons
        items = re.findall(r"<li>(.*?)</li>", unescape(reasons), re.S)
        assert items
        assert any("garantía" in item for item in items), items  # the paid trabajo, in the API's words
        assert not any(item.startswith("Todavía no se puede") for item in items)  # said once, by the page
        assert (await browser.get("/cuenta")).status_code == 200  # still signed in
        assert (await live.client.get(f"{API}/users/me", headers=cliente.headers)).status_code == 200
    finally:
        await browser.close()


# --- the staff ----------------------------------------------------------------------------------------------


async def test_the_staff_deletes_an_account_with_a_reason_and_follows_it(
    live: LiveStandalone, admin: Account
) -> None:
    cliente = await register(live.client, "CLIENTE")
    other = await register(live.client, "CLIENTE")
    staff = await signed_in(live, admin)
    try:
        found = await staff.get(f"/admin/usuarios?q={cliente.email}")
        form_link = f"/admin/usuarios/{cliente.id}/eliminar?email={cliente.email.replace('@', '%40')}"
        assert form_link in unescape(found.text)
        page = await staff.get(form_link)
        assert page.status_code == 200
        assert cliente.email in page.text
        assert "No se puede deshacer" in page.text
        # The page names an account only when the e-mail really is that account's.
        mismatch = await staff.get(f"/admin/usuarios/{cliente.id}/eliminar?email={other.email}")
        assert mismatch.status_code == 404

        short = await staff.post(
            f"/admin/usuarios/{cliente.id}/eliminar", {"motivo": "corto", "email": cliente.email}
        )
        assert short.status_code == 400
        assert "entre 10 y 500" in field_html(short.text, "f-motivo")
        assert (await live.client.get(f"{API}/users/me", headers=cliente.headers)).status_code == 200

        motivo = f"Pedido del titular por correo {uuid.uuid4().hex[:6]}"
        done = await staff.post(
            f"/admin/usuarios/{cliente.id}/eliminar", {"motivo": motivo, "email": cliente.email}
        )
        assert done.status_code == 303, done.text
        assert done.headers["location"] == "/admin/eliminaciones"
        listing = await staff.get("/admin/eliminaciones")
        assert listing.status_code == 200
        assert "Eliminación en curso" in listing.text
        row = deletion_row(listing.text, cliente.id)
        assert motivo in row
        assert "por el equipo" in row

        async def completed() -> bool:
            row = deletion_row((await staff.get("/admin/eliminaciones")).text, cliente.id)
            return "Completada" in row and "Faltan" not in row

        await eventually(completed, timeout=30, interval=0.3)
        entries = await audit(live, admin, accion="usuario.eliminar", recurso_id=str(cliente.id))
        assert [e["actor_id"] for e in entries] == [str(admin.id)]
        login = await live.client.post(
            f"{API}/auth/login", data={"username": cliente.email, "password": PASSWORD}
        )
        assert login.status_code in (400, 401)
    finally:
        await staff.close()


async def test_the_audit_page_lists_filters_and_refuses_bad_filters(
    live: LiveStandalone, admin: Account
) -> None:
    pro = await approved_professional(live.client, admin)
    victim = await register(live.client, "CLIENTE")
    banned = await live.client.post(f"{API}/admin/users/{victim.id}/ban", headers=admin.headers)
    assert banned.status_code == 200, banned.text
    staff = await signed_in(live, admin)
    try:
        page = await staff.get("/admin/auditoria")
        assert page.status_code == 200
        text = unescape(page.text)
        assert 'aria-current="page">Auditoría' in text
        for key, label in AUDIT_ACTIONS.items():  # every action is offered in the select, by its label
            assert f'<option value="{key}" >{label}</option>' in text
        assert "Aprobó la verificación de identidad" in text
        assert "Suspendió una cuenta" in text
        assert admin.email in text
        assert 'class="card table-wrap"' in text  # the table scrolls inside its box on a phone

        by_resource = await staff.get(f"/admin/auditoria?accion=kyc.aprobar&recurso_id={pro.profile_id}")
        assert by_resource.status_code == 200
        rows = by_resource.text.split("<tbody>")[1].split("</tbody>")[0].count("<tr>")
        assert rows == 1
        assert '<option value="kyc.aprobar" selected>' in by_resource.text
        today = datetime.now(LOCAL_TZ).date()
        dated = await staff.get(
            f"/admin/auditoria?actor_id={admin.id}&desde={today.isoformat()}&hasta={today.isoformat()}"
        )
        assert "Suspendió una cuenta" in unescape(dated.text)
        past = await staff.get(f"/admin/auditoria?hasta={(today - timedelta(days=3650)).isoformat()}")
        assert "No hay acciones registradas con estos filtros" in unescape(past.text)

        for query, field in (
            ("actor_id=no-es-un-id", "f-actor_id"),
            ("accion=inventada", "f-accion"),
            ("desde=2025-13-40", "f-desde"),
            (f"desde={today.isoformat()}&hasta={(today - timedelta(days=1)).isoformat()}", "f-hasta"),
        ):
            bad = await staff.get(f"/admin/auditoria?{query}")
            assert bad.status_code == 400, query
            assert 'class="field-error"' in bad.text.split(f'id="{field}"')[1].split("</div>")[0], query

        many = await staff.get("/admin/auditoria?page=1")
        if "Siguiente" in many.text:  # more than a page: the next one keeps the filters
            assert 'href="/admin/auditoria?page=2"' in many.text
    finally:
        await staff.close()


async def test_the_kyc_screen_shows_the_last_staff_access(live: LiveStandalone, admin: Account) -> None:
    pro = await register(live.client, "PROFESIONAL")
    uploaded = await live.client.post(
        f"{API}/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    assert uploaded.status_code == 200, uploaded.text
    profile_id = (await live.client.get(f"{API}/professional/me", headers=pro.headers)).json()["id"]
    staff = await signed_in(live, admin)
    try:
        first = await staff.get(f"/admin/kyc/{profile_id}")
        assert first.status_code == 200
        assert "Último acceso por staff" in first.text
        assert "Ningún acceso registrado" in first.text
        document = re.search(rf'src="(/admin/kyc/{profile_id}/documentos/[0-9a-f-]+)"', first.text)
        assert document
        opened = await staff.get(document.group(1))
        assert opened.status_code == 200
        assert opened.content.startswith(b"%PDF")

        second = await staff.get(f"/admin/kyc/{profile_id}")
        line = unescape(second.text.split('id="ultimo-acceso"')[1].split("</p>")[0])
        assert "Ningún acceso registrado" not in line
        assert f"{admin.email} · " in line
        assert "Abrió un documento de identidad" in line
        assert f"recurso_id={profile_id}" in line
    finally:
        await staff.close()


async def test_audited_actions_through_the_web_carry_the_visitors_address(
    live: LiveStandalone, admin: Account
) -> None:
    """A visitor at 198.51.100.23 (not the web app's or the gateway's address) is who the services record."""
    victim = await register(live.client, "CLIENTE")
    pro = await register(live.client, "PROFESIONAL")
    await live.client.post(
        f"{API}/professional/kyc/upload",
        headers=pro.headers,
        files=[("files", ("dni.pdf", PDF, "application/pdf"))],
    )
    profile_id = (await live.client.get(f"{API}/professional/me", headers=pro.headers)).json()["id"]
    staff = Browser("http://testserver", "http://testserver")
    await staff.http.aclose()
    staff.http = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=live.host, client=(VISITOR, 51000)),
        base_url="http://testserver",
        timeout=30,
    )
    try:
        await staff.login(admin.email, admin.password)
        page = await staff.get(f"/admin/kyc/{profile_id}")
        document = re.search(rf'src="(/admin/kyc/{profile_id}/documentos/[0-9a-f-]+)"', page.text)
        assert document
        assert (await staff.get(document.group(1))).status_code == 200
        banned = await staff.post(f"/admin/usuarios/{victim.id}/suspender", {"volver": "/admin/usuarios"})
        assert banned.status_code == 303
        approved = await staff.post(f"/admin/kyc/{profile_id}/aprobar")
        assert approved.status_code == 303
    finally:
        await staff.close()
    recorded = [
        *await audit(live, admin, recurso_id=str(victim.id), accion="usuario.suspender"),
        *await audit(live, admin, recurso_id=profile_id),
    ]
    assert {e["accion"] for e in recorded} >= {"usuario.suspender", "kyc.documento.ver", "kyc.aprobar"}
    assert {e["ip"] for e in recorded} == {VISITOR}
    assert {e["actor_id"] for e in recorded} == {str(admin.id)}
