"""Every page of every role passes axe-core and fits a 360 px wide phone (issue 16, "Measured").

The pages come from the web app's own routes (every GET route of every router in
``conectar.web.routes``), so a new page is audited without anyone remembering to add it: a page without
path parameters is opened as every role that may see it; one with parameters needs an address in
``addresses()`` below, or ``test_every_page_of_the_web_app_is_audited`` fails and says which. Routes that
answer something other than a page (fragments, files, feeds) are listed in ``NOT_PAGES`` with the reason.

Each page is opened by a visitor, a client, a professional and the staff as the route allows, at 360 px and
at 1280 px, on data that fills it (reviews with their stars and answers, an offer waiting in the chat,
trabajos waiting for payment, paid, reviewed and disputed, payouts requested and batched, a KYC review, an
export, a deletion, the development mailbox). axe-core runs every rule it has (WCAG 2.0–2.2 A/AA and its best
practices); a violation fails the test when axe rates it serious or critical, when it breaks a WCAG A/AA
success criterion whatever its rating, or when it is ``heading-order`` (skipped heading levels: Lighthouse
counts it). axe-core comes with the ``axe-playwright-python`` dev dependency (pinned with its hash in
``requirements/dev.lock``): nothing is downloaded while the tests run.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import pytest
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from fastapi import APIRouter
from fastapi.routing import APIRoute
from playwright.sync_api import Page

import conectar.web.routes
from conectar.web.oficios import landing_slug
from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Platform, login
from tests.browser.helpers import PASSWORD, ApiHelper, Person
from tests.conftest import image_bytes

PHONE = 360
DESKTOP = 1280
WIDTHS = [PHONE, DESKTOP]
WCAG_TAGS = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
BLOCKING_IMPACTS = {"serious", "critical"}
ALSO_BLOCKING = {"heading-order"}
# AXE_CORE_JS=path/to/axe.min.js tries another axe-core (say, a newer one from npm) without changing the lock.
AXE = Axe.from_file(os.environ["AXE_CORE_JS"]) if os.environ.get("AXE_CORE_JS") else Axe()

VISITOR, CLIENT, PRO, ADMIN = "visitante", "cliente", "profesional", "admin"
ROLES = [VISITOR, CLIENT, PRO, ADMIN]
SIGNED_IN = (CLIENT, PRO, ADMIN)

# GET routes that are not pages, and why they are not audited on their own.
NOT_PAGES = {
    "/robots.txt": "plain text",
    "/buscar/sugerencias": "JSON: the search box's suggestions (their list is audited open in /buscar)",
    "/chat/lista": "fragment: the conversations list, audited inside /chat",
    "/sitemap.xml": "XML",
    "/notificaciones/panel": "fragment: the bell's drop-down, audited open inside a page below",
    "/cuenta/datos/exportaciones": "fragment: the exports list, audited inside /cuenta",
    "/cuenta/datos/exportaciones/{export_id}/descargar": "a zip file",
    "/chat/{chat_id}/mensajes": "fragment: the messages list, audited inside /chat/{id}",
    "/chat/adjuntos/{adjunto_id}": "a chat attachment itself (a file, sent as a download)",
    "/chat/adjuntos/{adjunto_id}/miniatura": "a chat attachment's thumbnail (an image)",
    "/profesionales/{profesional_id}/resenas": "fragment: more reviews, audited inside the profile",
    "/trabajos/{trabajo_id}/visita.ics": "the visit as a calendar file (text/calendar)",
    "/pagos/{trabajo_id}/{resultado}/estado": "fragment: the payment's state, audited inside the return page",
    "/admin/kyc/{profesional_id}/documentos/{doc_id}": "the identity document itself (a PDF or an image)",
    "/admin/correo/{message_id}/html": "an e-mail's own HTML, shown in a sandboxed frame of the message page",
}


def web_routes() -> dict[str, str]:
    """Every GET route of the web app's routers: path template → the module that answers it."""
    found: dict[str, str] = {}
    package = conectar.web.routes
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, APIRouter):
                continue
            for route in value.routes:
                if isinstance(route, APIRoute) and "GET" in (route.methods or ()):
                    found[route.path] = info.name
    return found


def default_roles(path: str) -> tuple[str, ...]:
    """Who opens a page without parameters that ``addresses()`` does not name: its area's role, or all."""
    if path.startswith("/admin"):
        return (ADMIN,)
    if path == "/profesional" or path.startswith("/profesional/"):
        return (PRO,)
    return tuple(ROLES)


@dataclass
class Data:
    oficio: str
    landing: str
    cliente: Person
    pro: Person
    profile: str
    chat: str
    oferta: str  # an offer waiting for the client's answer
    servicio: str  # an instant service the professional offers
    unpaid: str  # offer accepted, waiting for the payment
    paid: str  # paid, in escrow
    reviewed: str  # released, reviewed and answered
    disputed: str  # paid, with an open dispute
    kyc_profile: str  # a professional waiting for the staff's review
    lote: str  # a batch of manual payouts
    mail: str | None  # an e-mail in the development mailbox
    pedido: str = "p"  # a request for quotes with the professional's offer and a photo
    pedido_abierto: str = "a"  # one nobody quoted yet (the professional's offer form)


def addresses(d: Data) -> dict[str, list[tuple[str, str]]]:
    """Route template → the (role, address) pairs audited for it."""
    search = f"/buscar?oficio={d.oficio}&ciudad=cordoba"
    profile = f"/profesionales/{d.profile}"
    trabajo = "/trabajos/{}"
    return {
        "/": [(role, "/") for role in ROLES],
        "/buscar": [(VISITOR, "/buscar"), (VISITOR, search), (CLIENT, search), (CLIENT, "/buscar?q=xyzw")],
        "/profesionales/{profesional_id}": [(VISITOR, profile), (CLIENT, profile), (PRO, profile)],
        "/{oficio_slug}/{lugar_slug}": [(VISITOR, d.landing), (VISITOR, "/no-existe/tampoco")],
        "/login": [(VISITOR, "/login")],
        "/registro": [(VISITOR, "/registro"), (VISITOR, "/registro?rol=profesional")],
        "/recuperar": [(VISITOR, "/recuperar")],
        "/reset-password": [(VISITOR, "/reset-password?token=x")],
        "/cuenta/eliminada": [(VISITOR, "/cuenta/eliminada")],
        "/cuenta": [(role, "/cuenta") for role in SIGNED_IN],
        "/cuenta/eliminar": [(CLIENT, "/cuenta/eliminar"), (PRO, "/cuenta/eliminar")],
        "/notificaciones": [(role, "/notificaciones") for role in SIGNED_IN]
        + [(CLIENT, "/notificaciones?solo=no-leidas")],
        "/chat": [(CLIENT, "/chat"), (PRO, "/chat")],
        "/chat/{chat_id}": [(CLIENT, f"/chat/{d.chat}"), (PRO, f"/chat/{d.chat}")],
        "/ofertas/{oferta_id}/confirmar": [(CLIENT, f"/ofertas/{d.oferta}/confirmar")],
        "/profesionales/{profesional_id}/contratar/{servicio_id}": [
            (VISITOR, f"{profile}/contratar/{d.servicio}"),
            (CLIENT, f"{profile}/contratar/{d.servicio}"),
        ],
        "/trabajos": [(CLIENT, "/trabajos"), (PRO, "/trabajos")],
        "/trabajos/{trabajo_id}": [
            *[(CLIENT, trabajo.format(t)) for t in (d.unpaid, d.paid, d.reviewed, d.disputed)],
            *[(PRO, trabajo.format(t)) for t in (d.paid, d.reviewed, d.disputed)],
        ],
        "/pagos/resultado": [(CLIENT, f"/pagos/resultado?estado=rechazado&trabajo_id={d.unpaid}")],
        "/pagos/{trabajo_id}/{resultado}": [
            (CLIENT, f"/pagos/{d.paid}/exito"),
            (CLIENT, f"/pagos/{d.unpaid}/pendiente"),
            (CLIENT, f"/pagos/{d.unpaid}/error"),
        ],
        "/profesional/empezar/{slug}": [
            (PRO, f"/profesional/empezar/{step}")
            for step in ("perfil", "oficios", "zona", "cobro", "documentos", "portfolio")
        ],
        "/pedidos": [(CLIENT, "/pedidos")],
        "/pedidos/nuevo": [(CLIENT, "/pedidos/nuevo")],
        "/pedidos/{pedido_id}": [(CLIENT, f"/pedidos/{d.pedido}"), (CLIENT, f"/pedidos/{d.pedido_abierto}")],
        "/profesional/pedidos/{pedido_id}": [
            (PRO, f"/profesional/pedidos/{d.pedido}"),
            (PRO, f"/profesional/pedidos/{d.pedido_abierto}"),
        ],
        "/profesional/ofertas": [
            (PRO, "/profesional/ofertas"),
            (PRO, "/profesional/ofertas?estado=ACEPTADA"),
        ],
        "/admin/usuarios": [(ADMIN, "/admin/usuarios"), (ADMIN, f"/admin/usuarios?q={d.cliente.email}")],
        "/admin/usuarios/{user_id}/eliminar": [
            (ADMIN, f"/admin/usuarios/{d.cliente.id}/eliminar?email={d.cliente.email}"),
            (ADMIN, f"/admin/usuarios/{d.cliente.id}/eliminar"),
        ],
        "/admin/auditoria": [(ADMIN, "/admin/auditoria"), (ADMIN, "/admin/auditoria?actor_id=x")],
        "/admin/kyc/{profesional_id}": [(ADMIN, f"/admin/kyc/{d.kyc_profile}")],
        "/admin/trabajos": [(ADMIN, "/admin/trabajos"), (ADMIN, "/admin/trabajos?estado=PAGADO_EN_ESCROW")],
        "/admin/disputas": [(ADMIN, "/admin/disputas"), (ADMIN, "/admin/disputas?estado=ABIERTA")],
        "/admin/pagos/lotes/{lote_id}": [(ADMIN, f"/admin/pagos/lotes/{d.lote}")],
        "/admin/correo/{message_id}": [(ADMIN, f"/admin/correo/{d.mail}")] if d.mail else [],
        # Not routes: the error pages.
        "(403)": [(CLIENT, "/admin"), (PRO, "/admin/kyc")],
    }


def plan(d: Data) -> dict[str, list[str]]:
    """Role → the addresses it opens: those named above, and every page without parameters."""
    named = addresses(d)
    by_role: dict[str, list[str]] = {role: [] for role in ROLES}
    for path in web_routes():
        if path in NOT_PAGES:
            continue
        if path in named:
            pairs = named[path]
        elif "{" not in path:
            pairs = [(role, path) for role in default_roles(path)]
        else:
            continue  # test_every_page_of_the_web_app_is_audited names it
        for role, address in pairs:
            by_role[role].append(address)
    for role, address in named["(403)"]:
        by_role[role].append(address)
    return by_role


def test_every_page_of_the_web_app_is_audited() -> None:
    sample = Data(
        oficio="o",
        landing="/l/c",
        cliente=Person("c", "c@x", ""),
        pro=Person("p", "p@x", ""),
        profile="p",
        chat="c",
        oferta="o",
        servicio="s",
        unpaid="u",
        paid="p",
        reviewed="r",
        disputed="d",
        kyc_profile="k",
        lote="l",
        mail="m",
    )
    named = addresses(sample)
    routes = web_routes()
    missing = [p for p in routes if "{" in p and p not in named and p not in NOT_PAGES]
    assert missing == [], f"pages with parameters that no one audits: add them to addresses(): {missing}"
    stale = [p for p in [*named, *NOT_PAGES] if not p.startswith("(") and p not in routes]
    assert stale == [], f"named but no longer routes of the web app: {stale}"
    assert len(routes) > 40  # the scan found the routers


def _wait_for(check: Any, timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not reached")


def _released_with_payout(api: ApiHelper, cliente: Person, pro: Person) -> tuple[str, str]:
    trabajo = api.paid_trabajo(cliente, pro, "12000")
    api.call("POST", f"/cliente/trabajo/{trabajo}/finalizar", cliente)
    api.wait(lambda: float(api.call("GET", "/pagos/balance", pro)["disponible"]) > 0)
    retiro = api.call("POST", "/pagos/retiros", pro, json={})
    return trabajo, str(retiro["id"])


@pytest.fixture(scope="module")
def data(platform: Platform) -> Iterator[Data]:
    api = ApiHelper(platform)
    oficio = api.oficio(f"Vitralería {int(time.time() * 1000) % 10**8}")
    servicio = api.call(
        "POST",
        "/admin/servicios-instant",
        api.admin,
        json={"nombre": "Cambio de vidrio", "descripcion": "Hasta 1 m²", "oficio_id": oficio["id"]},
    )
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional(oficio_id=oficio["id"])
    api.call("PUT", "/professional/profile/servicios-instant", pro, json={"servicio_ids": [servicio["id"]]})
    api.call("PUT", f"/professional/servicios-instant/{servicio['id']}", pro, json={"precio_fijo": "15000"})
    item = api.call(
        "POST",
        "/professional/portfolio",
        pro,
        json={"titulo": "Vitral de living", "descripcion": "Plomo y vidrio"},
    )
    api.call(
        "POST",
        f"/professional/portfolio/{item['id']}/image",
        pro,
        files=[("file", ("vitral.jpg", image_bytes("JPEG", (640, 480)), "image/jpeg"))],
    )
    profile = api.call("GET", "/professional/me", pro)["id"]

    # Released and reviewed (stars on the profile, the trabajo and the professional's reviews), answered;
    # its payout goes into a batch. A second payout stays requested for the staff's list.
    reviewed, retiro = _released_with_payout(api, cliente, pro)
    resena = api.call(
        "POST",
        f"/cliente/trabajo/{reviewed}/resena",
        cliente,
        json={"rating": 4, "texto_resena": "Muy prolijo, volvería a llamarlo"},
    )["resena"]
    api.call("POST", f"/resenas/{resena['id']}/responder", pro, json={"respuesta": "¡Gracias, Lucía!"})
    lote = api.call("POST", "/admin/pagos/retiros/lotes", api.admin, json={"retiro_ids": [retiro]})
    _released_with_payout(api, cliente, pro)

    paid = api.paid_trabajo(cliente, pro)
    disputed = api.paid_trabajo(cliente, pro)
    api.call(
        "POST",
        "/disputas",
        cliente,
        json={
            "trabajo_id": disputed,
            "tipo": "NO_REALIZADO",
            "descripcion": "Quedamos para el martes a la mañana y no se presentó ni avisó.",
        },
    )
    chat = api.chat(cliente, pro)
    accepted = api.call(
        "POST",
        "/professional/ofertas",
        pro,
        json={
            "cliente_id": cliente.id,
            "chat_id": chat,
            "descripcion": "Vitral nuevo",
            "precio_final": "30000",
        },
    )
    unpaid = str(api.call("POST", f"/cliente/ofertas/{accepted['id']}/accept", cliente)["trabajo_id"])
    oferta = api.call(  # an offer waiting for the client's answer, in the chat and in the professional's list
        "POST",
        "/professional/ofertas",
        pro,
        json={
            "cliente_id": cliente.id,
            "chat_id": chat,
            "descripcion": "Reparar la puerta",
            "precio_final": "8000",
        },
    )
    api.http.post(
        "/api/v1/chat/send-message",
        headers=cliente.headers,
        json={"chat_id": chat, "text": "¿Podés el lunes?"},
    )
    api.call("POST", "/users/me/exportar", cliente)
    pedido, pedido_abierto = (
        _pedido(api, cliente, oficio["id"], titulo) for titulo in ("Vitral roto", "Puerta")
    )
    api.call(
        "POST",
        f"/professional/pedidos/{pedido}/ofertas",
        pro,
        json={"descripcion": "Cambio el vidrio del vitral", "precio_final": "22000"},
    )

    waiting = api.professional(approve=False)
    kyc_profile = api.call("GET", "/professional/me", waiting)["id"]
    leaving = api.register("CLIENTE", "Bruno")
    api.call("POST", "/users/me/eliminar", leaving, json={"password": PASSWORD})
    mailbox = api.http.get("/api/v1/dev/mailbox/mensajes", headers=api.admin.headers)
    mail = str(mailbox.json()[0]["id"]) if mailbox.is_success and mailbox.json() else None

    sitemap = ElementTree.fromstring(api.http.get("/sitemap.xml").content)
    locs = [el.text or "" for el in sitemap.iter() if el.tag.endswith("loc")]
    slug = landing_slug(_Oficio(oficio["id"], oficio["nombre"]))
    landing = next(loc for loc in locs if loc.endswith(f"/{slug}/cordoba"))
    yield Data(
        oficio=str(oficio["id"]),
        landing=re.sub(r"^https?://[^/]+", "", landing),
        cliente=cliente,
        pro=pro,
        profile=str(profile),
        chat=chat,
        oferta=str(oferta["id"]),
        servicio=str(servicio["id"]),
        unpaid=unpaid,
        paid=paid,
        reviewed=reviewed,
        disputed=disputed,
        kyc_profile=str(kyc_profile),
        lote=str(lote["id"]),
        mail=mail,
        pedido=pedido,
        pedido_abierto=pedido_abierto,
    )
    api.http.close()


def _pedido(api: ApiHelper, cliente: Person, oficio_id: str, titulo: str) -> str:
    """A request for quotes in Córdoba (where ApiHelper's professionals work), with a window and a photo."""
    start = datetime.now(UTC) + timedelta(days=3)
    created = api.call(
        "POST",
        "/pedidos",
        cliente,
        json={
            "oficio_id": oficio_id,
            "titulo": titulo,
            "descripcion": "Se rompió y hay que cambiarlo antes del fin de semana.",
            "latitude": -31.4201,
            "longitude": -64.1888,
            "direccion": "Bv. San Juan 500",
            "franjas": [{"desde": start.isoformat(), "hasta": (start + timedelta(hours=3)).isoformat()}],
            "presupuesto_max": "25000",
        },
    )
    api.call(
        "POST",
        f"/pedidos/{created['id']}/fotos",
        cliente,
        files=[("file", ("foto.jpg", image_bytes("JPEG", (640, 480)), "image/jpeg"))],
    )
    return str(created["id"])


@dataclass
class _Oficio:
    id: Any
    nombre: str


def blocking(violation: dict[str, Any]) -> bool:
    return (
        violation["impact"] in BLOCKING_IMPACTS
        or bool(WCAG_TAGS & set(violation["tags"]))
        or violation["id"] in ALSO_BLOCKING
    )


def problems(page: Page) -> list[str]:
    """axe's blocking violations and a horizontal scroll bar, described."""
    result = AXE.run(page, options={"resultTypes": ["violations"]})  # every rule; details of failures only
    found = [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
        if blocking(v)
    ]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        found.append(f"{overflow}px wider than the screen")
    return found


def report(failures: dict[str, list[str]]) -> str:
    return "\n" + "\n".join(f"{where}: {problem}" for where, found in failures.items() for problem in found)


def audit(page: Page, paths: list[str]) -> dict[str, list[str]]:
    failures: dict[str, list[str]] = {}
    for path in paths:
        page.goto(path)
        page.wait_for_load_state()
        found = problems(page)
        if found:
            failures[path] = found
    return failures


def sign_in(page: Page, role: str, data: Data) -> None:
    if role == CLIENT:
        login(page, data.cliente.email, PASSWORD)
    elif role == PRO:
        login(page, data.pro.email, PASSWORD)
    elif role == ADMIN:
        login(page, ADMIN_EMAIL, ADMIN_PASSWORD)


def open_menus(page: Page, role: str, width: int) -> dict[str, list[str]]:
    """What only shows on demand: the search box's suggestions, the phone menu, the account menu and the
    bell's drop-down."""
    failures: dict[str, list[str]] = {}
    page.goto("/buscar")
    page.wait_for_load_state()
    page.locator("#s-q").press_sequentially("vitral", delay=30)  # the oficio of the data above
    page.locator("#s-q-sugerencias [role=option]").first.wait_for()
    if found := problems(page):
        failures["search suggestions"] = found
    page.goto("/")
    page.wait_for_load_state()
    if width == PHONE:
        page.locator("[data-nav-toggle]").click()
        if found := problems(page):
            failures["menu"] = found
        page.keyboard.press("Escape")
    if role != VISITOR:
        page.locator("details.user-menu summary").click()
        if found := problems(page):
            failures["account menu"] = found
        page.keyboard.press("Escape")
        page.locator("[data-bell]").focus()
        _wait_for(lambda: page.locator("#bell-panel").inner_html().strip())
        if found := problems(page):
            failures["bell panel"] = found
    return failures


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ROLES)
def test_every_page_passes_axe(contexts: Contexts, data: Data, role: str, width: int) -> None:
    page = contexts.new(width=width, height=800)
    sign_in(page, role, data)
    failures = audit(page, plan(data)[role])
    failures.update(open_menus(page, role, width))
    assert not failures, report(failures)


# Forms sent with their text fields empty, so that each comes back with its errors (role → page, form).
FORMS = {
    VISITOR: [
        ("/login", "/login"),
        ("/registro", "/registro"),
        ("/recuperar", "/recuperar"),
        ("/reset-password?token=x", "/reset-password"),
    ],
    CLIENT: [("/cuenta", "/cuenta"), ("/cuenta", "/cuenta/contrasena"), ("/pedidos/nuevo", "/pedidos/nuevo")],
    PRO: [
        ("/profesional/perfil", "/profesional/cobro"),
        ("/profesional/portfolio", "/profesional/portfolio"),
    ],
    ADMIN: [("/admin/catalogo", "/admin/oficios")],
}
EMPTY_AND_SEND = """form => {
  form.querySelectorAll("input:not([type]), input[type=text], input[type=email], input[type=password],"
    + " input[type=tel], input[type=number], input[type=url], textarea").forEach(el => { el.value = ""; });
  form.noValidate = true;
  form.requestSubmit();
}"""


@pytest.mark.parametrize("role", ROLES)
def test_forms_with_errors_pass_axe(contexts: Contexts, data: Data, role: str) -> None:
    page = contexts.new(width=PHONE, height=800)
    sign_in(page, role, data)
    failures: dict[str, list[str]] = {}
    for path, action in FORMS[role]:
        page.goto(path)
        with page.expect_navigation():
            page.locator(f'main form[action="{action}"]').first.evaluate(EMPTY_AND_SEND)
        page.wait_for_load_state()
        assert page.locator(".field-error, .alert-error").count(), f"{action} showed no error"
        if found := problems(page):
            failures[f"{path} → {action} ({page.url})"] = found
    assert not failures, report(failures)


def test_the_site_is_usable_with_the_keyboard(contexts: Contexts) -> None:
    page = contexts.new()
    page.goto("/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Saltar al contenido"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.id || document.activeElement.name")
    assert focused in ("f-email", "email")
