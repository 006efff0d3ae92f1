"""Personal data in the browser (SPEC §14): a client on a phone downloads their data and deletes their
account; the staff deletes another account with a reason, follows both deletions, reads the audit trail,
and sees the last staff access on a KYC screen. Every new page fits a 360 px phone and passes axe."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Shots, login
from tests.browser.helpers import PASSWORD, PHONE, ApiHelper
from tests.browser.test_accessibility import problems

DOCS_PHONE = 390  # the width of the phone screenshots in docs/screenshots


def viewport_shot(page: Page, shots: Shots, name: str) -> Path:
    """What the phone's screen shows (not the whole page): the kind of picture docs/screenshots keeps."""
    shots.count += 1
    path = shots.folder / f"{shots.count:02d}-{name}.png"
    page.screenshot(path=str(path))
    return path


def fits_and_passes_axe(page: Page, paths: list[str]) -> dict[str, list[str]]:
    failures: dict[str, list[str]] = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state()
        found = problems(page)
        if found:
            failures[path] = found
    return failures


def test_a_client_downloads_their_data_then_deletes_the_account_and_the_staff_follows_it(
    contexts: Contexts, api: ApiHelper, shots: Shots
) -> None:
    person = api.register("CLIENTE", "Lucía")
    other = api.register("CLIENTE", "Bruno")
    pro = api.professional(approve=False)
    profile_id = api.call("GET", "/professional/me", pro)["id"]

    # The client, on a phone: ask for the export, watch it get ready, download it.
    phone = contexts.new(width=DOCS_PHONE, height=780)
    login(phone, person.email, PASSWORD)
    phone.goto("/cuenta")
    section = phone.locator("#datos-personales")
    expect(section.get_by_role("heading", name="Tus datos personales")).to_be_visible()
    section.get_by_role("button", name="Descargar mis datos").click()
    expect(phone.get_by_text("Estamos preparando tu archivo")).to_be_visible()
    download_link = phone.get_by_role("link", name="Descargar el archivo (.zip)")
    expect(download_link).to_be_visible(timeout=30_000)  # the list asks the server again by itself
    expect(phone.locator("#exportaciones")).to_contain_text("Lista para descargar")
    phone.evaluate("window.scrollTo(0, document.getElementById('datos-personales').offsetTop - 72)")
    viewport_shot(phone, shots, "docs-cuenta-datos-personales")
    with phone.expect_download() as info:
        download_link.click()
    saved = info.value.path()
    assert info.value.suggested_filename.endswith(".zip")
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        assert any(name.endswith(".json") for name in names), names
        contents = b"".join(archive.read(name) for name in names if name.endswith(".json"))
    assert person.email.encode() in contents

    # Delete the account: the consequences, the password again, then signed out for good.
    section.get_by_role("link", name="Eliminar mi cuenta").click()
    expect(phone.get_by_role("heading", name="Eliminar mi cuenta", level=1)).to_be_visible()
    expect(phone.get_by_text("Usuario eliminado", exact=False)).to_be_visible()
    viewport_shot(phone, shots, "docs-eliminar-cuenta")
    phone.get_by_role("textbox", name="Tu contraseña").fill("no-es-la-clave-123")
    phone.get_by_role("button", name="Eliminar mi cuenta definitivamente").click()
    expect(phone.locator(".field.has-error .field-error")).to_contain_text("La contraseña no es correcta")
    shots(phone, "contrasena-incorrecta")
    phone.get_by_role("textbox", name="Tu contraseña").fill(PASSWORD)
    phone.get_by_role("button", name="Eliminar mi cuenta definitivamente").click()  # confirm() is accepted
    expect(phone.get_by_role("heading", name="Eliminamos tu cuenta")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/cuenta/eliminada$"))
    expect(phone.get_by_role("link", name="Ingresar")).to_be_visible()
    shots(phone, "cuenta-eliminada")
    phone.goto("/cuenta")
    expect(phone).to_have_url(re.compile(r"/login\?next="))
    login(phone, person.email, PASSWORD)
    expect(phone.get_by_role("alert")).to_contain_text("E-mail o contraseña incorrectos")
    expect(phone).to_have_url(re.compile(r"/login"))

    # The staff, on a phone too: delete another account with a reason.
    admin = contexts.new(width=DOCS_PHONE, height=780)
    login(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    admin.goto("/admin/usuarios")
    admin.get_by_label("Buscar por e-mail").fill(other.email)
    admin.get_by_role("button", name="Buscar").click()
    admin.get_by_role("link", name=f"Eliminar la cuenta de {other.email}").click()
    expect(admin.get_by_role("heading", name="Eliminar una cuenta")).to_be_visible()
    admin.get_by_role("textbox", name="Motivo").fill("corto")
    admin.get_by_role("button", name="Eliminar la cuenta").click()
    expect(admin.locator(".field.has-error .field-error")).to_contain_text("entre 10 y 500")
    admin.get_by_role("textbox", name="Motivo").fill("Lo pidió el titular por correo al soporte")
    admin.get_by_role("button", name="Eliminar la cuenta").click()
    expect(admin).to_have_url(re.compile(r"/admin/eliminaciones$"))
    expect(admin.get_by_text("Eliminación en curso")).to_be_visible()

    # Both deletions, each until every service has done its part.
    for user_id in (person.id, other.id):
        row = admin.locator("li.deletion", has=admin.locator(f'a[href$="recurso_id={user_id}"]'))
        for _ in range(60):
            if "Completada" in row.inner_text():
                break
            admin.wait_for_timeout(500)
            admin.reload()
        expect(row).to_contain_text("Completada")
    expect(admin.locator("li.deletion", has_text="Lo pidió el titular")).to_contain_text("por el equipo")
    viewport_shot(admin, shots, "docs-admin-eliminaciones")

    # The audit trail: the staff's deletion, by action, with who and from where.
    admin.goto("/admin/auditoria")
    admin.get_by_label("Acción").select_option(label="Eliminó una cuenta")
    admin.get_by_role("button", name="Filtrar").click()
    entry = admin.locator("tbody tr", has=admin.locator(f'a[href$="recurso_id={other.id}"]'))
    expect(entry).to_contain_text(ADMIN_EMAIL)
    expect(entry).to_contain_text("Eliminó una cuenta")
    expect(entry).to_contain_text("Lo pidió el titular")

    # The KYC screen: nobody had looked; once the document viewer opened it, the admin is the last access.
    admin.goto(f"/admin/kyc/{profile_id}")
    expect(admin.locator("#ultimo-acceso")).to_contain_text("Ningún acceso registrado")
    expect(admin.locator("iframe.doc-viewer")).to_be_visible()
    for _ in range(40):
        admin.reload()
        if ADMIN_EMAIL in admin.locator("#ultimo-acceso").inner_text():
            break
        admin.wait_for_timeout(250)
    expect(admin.locator("#ultimo-acceso")).to_contain_text(f"Último acceso por staff: {ADMIN_EMAIL} · ")
    shots(admin, "kyc-ultimo-acceso")
    admin.goto("/admin/auditoria")
    expect(admin.locator("tbody tr").first).to_contain_text("Abrió un documento de identidad")
    admin.evaluate("window.scrollTo(0, document.querySelector('.audit-table').parentElement.offsetTop - 120)")
    viewport_shot(admin, shots, "docs-admin-auditoria")

    # Every new page fits a 360 px phone (tables scroll inside their box) and passes axe.
    narrow = contexts.new(width=PHONE, height=780)
    login(narrow, ADMIN_EMAIL, ADMIN_PASSWORD)
    assert (
        fits_and_passes_axe(
            narrow,
            [
                "/admin/auditoria",
                "/admin/auditoria?actor_id=x",
                "/admin/eliminaciones",
                f"/admin/kyc/{profile_id}",
                f"/admin/usuarios/{pro.id}/eliminar?email={pro.email}",
            ],
        )
        == {}
    )
    client = contexts.new(width=PHONE, height=780)
    login(client, api.register("CLIENTE", "Ana").email, PASSWORD)
    assert fits_and_passes_axe(client, ["/cuenta", "/cuenta/eliminar"]) == {}
    client.goto("/cuenta/eliminar")
    client.get_by_role("button", name="Eliminar mi cuenta definitivamente").click()
    expect(client.locator(".field.has-error")).to_be_visible()
    assert problems(client) == []
    anonymous = contexts.new(width=PHONE, height=780)
    assert fits_and_passes_axe(anonymous, ["/cuenta/eliminada"]) == {}


@pytest.mark.parametrize("width", [960, 1280])
def test_the_staff_menu_with_the_new_entries_fits_a_laptop(contexts: Contexts, width: int) -> None:
    page = contexts.new(width=width, height=800)
    login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    nav = page.get_by_role("navigation", name="Principal")
    for path, current in (("/admin/auditoria", "Auditoría"), ("/admin/eliminaciones", "Eliminaciones")):
        page.goto(path)
        expect(nav.get_by_role("link", name=current)).to_have_attribute("aria-current", "page")
        assert problems(page) == [], path
        header = page.locator(".site-header").bounding_box()
        assert header
        assert header["height"] < 140  # at most two rows of entries
