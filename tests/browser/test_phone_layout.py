"""Issue 16 in the browser: no page of any role scrolls sideways on a 360 px phone (nor on a desktop), the
staff's tables scroll inside their own keyboard-reachable box, the sandbox checkout shows its styles, and
a site opened under another name of the machine keeps the visitor, the checkout and its return on the
site's one address."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Platform, Shots, login
from tests.browser.helpers import PASSWORD, ApiHelper, Person

PHONE = 360
DESKTOP = 1280
# The demo catalogue's oficios: long names ("Reparación de electrodomésticos") are what used to widen the
# home page's grid.
DEMO_OFICIOS = (
    "Plomería",
    "Electricidad",
    "Gas",
    "Carpintería",
    "Pintura",
    "Albañilería",
    "Jardinería",
    "Limpieza",
    "Cerrajería",
    "Climatización",
    "Reparación de electrodomésticos",
)
LONG_EMAIL = "una.direccion.de.correo.bastante.larga.para.probar.{}@un-dominio-muy-largo-de-ejemplo.com.ar"


@pytest.fixture(scope="module")
def data(platform: Platform) -> Iterator[dict[str, Any]]:
    api = ApiHelper(platform)
    existing = {o["nombre"]: o["id"] for o in api.call("GET", "/public/oficios")}
    for nombre in DEMO_OFICIOS:
        if nombre not in existing:
            existing[nombre] = api.oficio(nombre)["id"]
    email = LONG_EMAIL.format(uuid.uuid4().hex[:8])
    api.call(
        "POST",
        "/auth/register",
        json={"email": email, "password": PASSWORD, "nombre": "Lucía", "apellido": "Test", "rol": "CLIENTE"},
    )
    cliente = api.login(email)
    pro = api.professional(oficio_id=existing["Plomería"])  # in Córdoba
    api.call("PUT", "/professional/profile", pro, json={"tarifa_por_hora": "15000"})
    trabajo_id = api.paid_trabajo(cliente, pro)
    chat_id = api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["chat_id"]
    released = released_trabajo(api, api.register("CLIENTE", "Mara"), pro)
    api.wait(lambda: Decimal(str(api.call("GET", "/pagos/balance", pro)["disponible"])) > 0)
    api.call("POST", "/pagos/retiros", pro)  # a payout for the staff's table
    api.professional(approve=False)  # a verification waiting in the staff's queue
    profile = api.call("GET", "/professional/me", pro)
    yield {
        "cliente": cliente,
        "pro": pro,
        "trabajo": trabajo_id,
        "released": released,
        "chat": chat_id,
        "profile": profile["id"],
        "plomeria": existing["Plomería"],
    }
    api.http.close()


def released_trabajo(api: ApiHelper, cliente: Person, pro: Person) -> str:
    trabajo_id = api.paid_trabajo(cliente, pro)
    api.call("POST", f"/professional/trabajos/{trabajo_id}/completar", pro)
    api.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
    api.wait(
        lambda: api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"] == "LIBERADO"
    )
    return trabajo_id


def too_wide(page: Page, paths: list[str], width: int) -> dict[str, int]:
    """The pages wider than the screen, and by how much."""
    found: dict[str, int] = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state()
        scroll_width = int(page.evaluate("document.documentElement.scrollWidth"))
        if scroll_width > width:
            found[path] = scroll_width - width
    return found


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_public_pages_fit_the_screen(
    contexts: Contexts, data: dict[str, Any], width: int, shots: Shots
) -> None:
    page = contexts.new(width=width, height=800)
    paths = [
        "/",
        "/buscar",
        "/buscar?q=plomero&ciudad=cordoba",
        "/plomeros/cordoba",
        "/plomeros/palermo",
        f"/profesionales/{data['profile']}",
        "/login",
        "/registro",
        "/recuperar",
    ]
    assert too_wide(page, paths, width) == {}
    page.goto("/")
    shots(page, f"inicio-{width}")
    page.goto("/buscar?q=plomero&ciudad=cordoba")
    expect(page.locator('#filtros input[name="oficio"]')).to_have_value(data["plomeria"])
    shots(page, f"buscar-plomero-{width}")
    page.goto("/plomeros/cordoba")
    expect(page.get_by_role("heading", name="Plomeros en Córdoba", level=1)).to_be_visible()
    shots(page, f"plomeros-cordoba-{width}")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_client_pages_fit_the_screen_even_with_a_long_email(
    contexts: Contexts, data: dict[str, Any], width: int, shots: Shots
) -> None:
    page = contexts.new(width=width, height=800)
    login(page, data["cliente"].email, PASSWORD)
    paths = [
        "/",
        "/chat",
        f"/chat/{data['chat']}",
        "/trabajos",
        f"/trabajos/{data['trabajo']}",
        f"/pagos/{data['trabajo']}/exito",
        "/notificaciones",
        "/cuenta",
        "/cuenta/eliminar",
    ]
    assert too_wide(page, paths, width) == {}
    page.goto("/cuenta")
    expect(page.locator(".page-head")).to_contain_text(data["cliente"].email)  # shown whole, wrapped
    shots(page, f"cuenta-{width}")


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_professional_pages_fit_the_screen(contexts: Contexts, data: dict[str, Any], width: int) -> None:
    page = contexts.new(width=width, height=800)
    login(page, data["pro"].email, PASSWORD)
    paths = [
        "/profesional",
        "/profesional/perfil",
        "/profesional/verificacion",
        "/profesional/portfolio",
        "/profesional/ofertas",
        "/profesional/ganancias",
        "/profesional/resenas",
        "/chat",
        f"/chat/{data['chat']}",
        "/trabajos",
        f"/trabajos/{data['trabajo']}",
    ]
    assert too_wide(page, paths, width) == {}


ADMIN_TABLES = ["/admin/usuarios", "/admin/kyc", "/admin/trabajos", "/admin/pagos"]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_staff_pages_fit_the_screen_and_their_tables_scroll_inside_a_box(
    contexts: Contexts, data: dict[str, Any], width: int, shots: Shots
) -> None:
    page = contexts.new(width=width, height=800)
    login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    paths = [
        "/admin",
        *ADMIN_TABLES,
        "/admin/catalogo",
        "/admin/disputas",
        "/admin/auditoria",
        "/admin/eliminaciones",
        "/admin/correo",
    ]
    assert too_wide(page, paths, width) == {}
    for path in ADMIN_TABLES:
        page.goto(path)
        box = page.locator(".table-wrap").first
        expect(box).to_have_attribute("tabindex", "0")
        expect(box).to_have_attribute("role", "region")
        expect(box).to_have_attribute("aria-label", re.compile(r"\w"))
        if width == PHONE:
            # The table is wider than the phone: it scrolls in its box, and the keyboard scrolls it.
            assert box.evaluate("el => el.scrollWidth > el.clientWidth"), path
            box.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())
            assert int(page.evaluate("document.documentElement.scrollWidth")) <= width, path
    page.goto("/admin/usuarios")
    shots(page, f"admin-usuarios-{width}")


def test_the_checkout_shows_its_styles_and_returns_to_the_sites_one_address(
    contexts: Contexts, platform: Platform, data: dict[str, Any], shots: Shots
) -> None:
    api = ApiHelper(platform)
    cliente = api.register("CLIENTE", "Vera")
    chat_id = api.chat(cliente, data["pro"])
    api.call(
        "POST",
        "/professional/ofertas",
        data["pro"],
        json={
            "cliente_id": cliente.id,
            "chat_id": chat_id,
            "descripcion": "Cambio de canilla",
            "precio_final": "18000",
        },
    )
    api.http.close()
    page = contexts.new(width=PHONE, height=780)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if _csp_violation(message) else None,
    )
    # The site opened as "localhost" while it is configured as 127.0.0.1: it moves to its own address,
    # where the session cookie is set and the checkout returns to.
    public = urlsplit(platform.base_url)
    alias = f"{public.scheme}://localhost:{public.port}"
    page.goto(f"{alias}/login")
    assert page.url.startswith(platform.base_url + "/login")
    login(page, cliente.email, PASSWORD)
    page.goto(f"/chat/{chat_id}")
    page.locator(".offer-card").get_by_role("link", name="Revisar y pagar").click()
    page.get_by_role("button", name=re.compile("Aceptar y pagar")).click()
    expect(page.get_by_role("button", name="Aprobar pago")).to_be_visible()
    assert page.url.startswith(platform.base_url + "/api/v1/pagos/sandbox/checkout/")
    # Its stylesheet applied: the page's background and the blue button (#009ee3).
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(244, 246, 251)"
    expect(page.get_by_role("button", name="Aprobar pago")).to_have_css(
        "background-color", "rgb(0, 158, 227)"
    )
    expect(page.get_by_role("link", name=re.compile("Volver al sitio"))).to_have_attribute(
        "href", re.compile("^" + re.escape(platform.base_url) + "/")
    )
    assert int(page.evaluate("document.documentElement.scrollWidth")) <= PHONE
    shots(page, "checkout")
    page.get_by_role("button", name="Aprobar pago").click()
    expect(page).to_have_url(
        re.compile("^" + re.escape(platform.base_url) + r"/pagos/[0-9a-f-]+/exito(\?|$)")
    )
    expect(page.get_by_role("heading", name="¡Pago aprobado!")).to_be_visible(timeout=20_000)
    expect(page.locator("body")).to_have_attribute("data-rol", "CLIENTE")  # still signed in
    shots(page, "pago-aprobado")
    assert blocked == []


def _csp_violation(message: ConsoleMessage) -> bool:
    return "Content Security Policy" in message.text
