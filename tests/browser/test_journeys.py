"""Issue 16, "What users expect", in the browser at 360 px and at desktop width: the errand kept through the
sign-up and the login, the summary before paying and "Reintentar el pago", ..."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from tests.browser.conftest import Contexts, Platform, Shots, login, register
from tests.browser.helpers import PASSWORD, ApiHelper, Person
from tests.factories import PDF, cbu

PHONE = 360
DESKTOP = 1280


@dataclass
class World:
    api: ApiHelper
    pro: Person
    profile_id: str
    servicio_id: str
    servicio: str
    oficio_id: str


@pytest.fixture(scope="module")
def world(platform: Platform) -> Iterator[World]:
    api = ApiHelper(platform)
    oficio = api.oficio(f"Cerrajería {uuid.uuid4().hex[:6]}")
    servicio = api.call(
        "POST",
        "/admin/servicios-instant",
        api.admin,
        json={
            "nombre": "Apertura de puerta",
            "descripcion": "Sin romper la cerradura",
            "oficio_id": oficio["id"],
        },
    )
    pro = api.professional(oficio_id=oficio["id"])
    api.call("PUT", "/professional/profile/servicios-instant", pro, json={"servicio_ids": [servicio["id"]]})
    api.call("PUT", f"/professional/servicios-instant/{servicio['id']}", pro, json={"precio_fijo": "9500"})
    api.call("PUT", "/professional/profile", pro, json={"acepta_instant": True, "tarifa_por_hora": "12000"})
    profile = api.call("GET", "/professional/me", pro)
    yield World(api, pro, str(profile["id"]), str(servicio["id"]), "Apertura de puerta", str(oficio["id"]))
    api.http.close()


WIDER_THAN_SCREEN = """w => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1)
    .slice(0, 6).map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def _no_sideways_scroll(page: Page, width: int) -> None:
    wide = int(page.evaluate("document.documentElement.scrollWidth"))
    assert wide <= width, (page.url, wide, page.evaluate(WIDER_THAN_SCREEN, width))


# --- 3. the errand survives the sign-up and the login -----------------------------------------------


def test_message_a_professional_from_a_phone_through_a_new_account(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    page = contexts.new(width=PHONE, height=780)
    page.goto(f"/profesionales/{world.profile_id}")
    page.get_by_role("button", name="Enviar mensaje").click()
    expect(page.locator(".pending-action")).to_contain_text("después te llevamos a la conversación")
    _no_sideways_scroll(page, PHONE)
    shots(page, "login-con-la-accion-pendiente")
    page.get_by_role("link", name="Creala gratis").click()
    expect(page.locator(".pending-action")).to_be_visible()
    email = f"lucia-{uuid.uuid4().hex[:8]}@example.com"
    register(page, nombre="Lucía", apellido="Paz", email=email, password=PASSWORD, profesional=False)
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f-]{36}$"))
    expect(page.get_by_text("Listo: ya podés escribirle a Pedro Test")).to_be_visible()
    expect(page.get_by_role("heading", name="Pedro Test")).to_be_visible()
    _no_sideways_scroll(page, PHONE)
    shots(page, "en-la-conversacion")


# --- 4. a summary before paying, and "Reintentar el pago" ---------------------------------------------


def test_hire_a_service_signed_out_then_summary_rejection_and_retry_on_desktop(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    cliente = world.api.register("CLIENTE", "Mara")
    page = contexts.new(width=DESKTOP)
    page.goto(f"/profesionales/{world.profile_id}")
    page.locator("#servicios").get_by_role("link", name="Contratar").click()
    expect(page.get_by_role("heading", name="Revisá antes de pagar")).to_be_visible()
    expect(page.locator('[data-summary="total"]')).to_have_text("$ 9.500")
    page.get_by_role("button", name=re.compile("Confirmar y pagar")).click()
    expect(page.locator(".pending-action")).to_contain_text("«Apertura de puerta» con Pedro Test")
    page.get_by_label("E-mail").fill(cliente.email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("heading", name="Revisá antes de pagar")).to_be_visible()
    expect(page.get_by_text("Revisá el resumen y confirmá para pagar")).to_be_visible()
    shots(page, "resumen-antes-de-pagar")
    page.get_by_role("button", name=re.compile("Confirmar y pagar")).click()
    page.get_by_role("button", name="Rechazar pago").click()
    expect(page.get_by_role("heading", name="El pago no se completó")).to_be_visible(timeout=20_000)
    expect(page.locator('[data-summary="total"]')).to_have_text("$ 9.500")
    shots(page, "pago-rechazado")
    page.get_by_role("button", name="Reintentar el pago").click()
    page.get_by_role("button", name="Aprobar pago").click()
    expect(page.get_by_role("heading", name="¡Pago aprobado!")).to_be_visible(timeout=20_000)
    shots(page, "pago-aprobado")


def test_the_payment_summary_on_a_phone(contexts: Contexts, world: World, shots: Shots) -> None:
    cliente = world.api.register("CLIENTE", "Sofía")
    chat_id = world.api.chat(cliente, world.pro)
    world.api.call(
        "POST",
        "/professional/ofertas",
        world.pro,
        json={
            "cliente_id": cliente.id,
            "chat_id": chat_id,
            "descripcion": "Cambio de cerradura de la puerta de entrada, con cerradura nueva incluida",
            "precio_final": "38500",
        },
    )
    page = contexts.new(width=PHONE, height=780)
    login(page, cliente.email, PASSWORD)
    page.goto(f"/chat/{chat_id}")
    page.locator(".offer-card").get_by_role("link", name="Revisar y pagar").click()
    summary = page.locator("[data-order-summary]")
    expect(summary.locator('[data-summary="quien"]')).to_have_text("Pedro Test")
    expect(summary.locator('[data-summary="total"]')).to_have_text("$ 38.500")
    _no_sideways_scroll(page, PHONE)
    shots(page, "resumen-de-la-oferta")


# --- 8. visible progress on every action that takes time --------------------------------------------


def test_a_payment_button_shows_progress_and_sends_once(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    cliente = world.api.register("CLIENTE", "Nora")
    chat_id = world.api.chat(cliente, world.pro)
    oferta = world.api.call(
        "POST",
        "/professional/ofertas",
        world.pro,
        json={
            "cliente_id": cliente.id,
            "chat_id": chat_id,
            "descripcion": "Cambio de combinación de la cerradura",
            "precio_final": "15000",
        },
    )
    page = contexts.new(width=PHONE, height=780)
    login(page, cliente.email, PASSWORD)
    page.goto(f"/ofertas/{oferta['id']}/confirmar")
    sent: list[str] = []

    def slow(route: Route) -> None:  # no page comes back (204): the browser stays on this one, still busy
        sent.append(route.request.method)
        route.fulfill(status=204)

    page.route(re.compile(r"/ofertas/[0-9a-f-]+/aceptar$"), slow)
    # Two submits in one go (a double tap): one request.
    page.get_by_role("button", name=re.compile("Aceptar y pagar")).evaluate(
        "b => { b.form.requestSubmit(b); b.form.requestSubmit(b); }"
    )
    busy = page.locator("button.is-busy")
    expect(busy).to_be_disabled()
    expect(busy).to_have_text("Preparando el pago…")
    expect(busy).to_have_attribute("aria-busy", "true")
    assert busy.evaluate("b => getComputedStyle(b, '::before').animationName") == "spin"
    shots(page, "boton-con-progreso")
    # Pressed again (or Enter) while waiting: nothing more is sent.
    busy.evaluate("b => { b.form.requestSubmit(); b.form.requestSubmit(); }")
    page.wait_for_timeout(300)
    assert sent == ["POST"]
    page.unroute(re.compile(r"/ofertas/[0-9a-f-]+/aceptar$"))
    page.reload()
    page.get_by_role("button", name=re.compile("Aceptar y pagar")).click()
    expect(page.get_by_role("button", name="Aprobar pago")).to_be_visible()


def test_search_filters_show_that_results_are_loading(contexts: Contexts, world: World, shots: Shots) -> None:
    page = contexts.new(width=DESKTOP)
    page.goto(f"/buscar?oficio={world.oficio_id}&ciudad=cordoba")
    expect(page.locator(".pro-card").first).to_be_visible()
    held: list[Route] = []
    page.route(re.compile(r"/buscar\?"), lambda route: held.append(route))
    page.get_by_label("Ordenar por").select_option("rating")
    region = page.locator("#resultados")
    expect(region).to_have_class(re.compile("is-loading"))
    expect(region).to_have_attribute("aria-busy", "true")
    expect(page.get_by_role("status").filter(has_text="Buscando profesionales")).to_be_visible()
    shots(page, "buscando")
    for route in held:
        route.continue_()
    page.unroute(re.compile(r"/buscar\?"))
    expect(region).not_to_have_class(re.compile("is-loading"))
    expect(page.locator(".pro-card").first).to_be_visible()


def test_without_javascript_every_action_still_works(
    browser: Browser, platform: Platform, world: World
) -> None:
    cliente = world.api.register("CLIENTE", "Sin JS")
    context = browser.new_context(base_url=platform.base_url, java_script_enabled=False, locale="es-AR")
    try:
        page = context.new_page()
        login(page, cliente.email, PASSWORD)
        page.goto(f"/profesionales/{world.profile_id}/contratar/{world.servicio_id}")
        page.get_by_role("button", name=re.compile("Confirmar y pagar")).click()
        expect(page.get_by_role("button", name="Aprobar pago")).to_be_visible()
    finally:
        context.close()


# --- 9. disputes: no reason chosen for the person, a confirmation, what happens next -------------------


def test_a_dispute_on_a_phone_is_confirmed_before_it_opens(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    cliente = world.api.register("CLIENTE", "Julia")
    trabajo_id = world.api.paid_trabajo(cliente, world.pro)
    page = contexts.new(width=PHONE, height=780)
    login(page, cliente.email, PASSWORD)
    page.goto(f"/trabajos/{trabajo_id}")
    page.get_by_text("¿Hay un problema? Abrí una disputa").click()
    reasons = page.locator('#disputa input[name="tipo"]')
    expect(reasons).to_have_count(4)
    assert not any(reasons.nth(i).is_checked() for i in range(4))  # nothing chosen for the person
    page.get_by_role("button", name="Revisar y abrir la disputa").click()
    expect(page.get_by_text("Elegí qué pasó")).to_be_visible()
    page.locator("label.radio-card", has_text="No se realizó").click()
    page.get_by_label("Contanos qué pasó").fill("El profesional no vino el día acordado y no responde.")
    _no_sideways_scroll(page, PHONE)
    shots(page, "disputa-formulario")
    page.get_by_role("button", name="Revisar y abrir la disputa").click()
    expect(page.get_by_role("heading", name="¿Abrimos la disputa?")).to_be_visible()
    expect(page.get_by_role("heading", name="Qué pasa si la abrís")).to_be_visible()
    _no_sideways_scroll(page, PHONE)
    shots(page, "disputa-confirmacion")
    world.api.wait(lambda: world.api.call("GET", "/disputas/mis-disputas", cliente) == [])
    page.get_by_role("button", name="Sí, abrir la disputa").click()
    expect(page.get_by_role("heading", name="Qué pasa ahora")).to_be_visible()
    expect(page.locator(".badge", has_text="En disputa").first).to_be_visible()
    shots(page, "disputa-abierta")


# --- 6. the earnings ledger ---------------------------------------------------------------------------


def _released(api: ApiHelper, cliente: Person, pro: Person, precio: str) -> None:
    trabajo_id = api.paid_trabajo(cliente, pro, precio)
    api.call("POST", f"/professional/trabajos/{trabajo_id}/completar", pro)
    api.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
    api.wait(
        lambda: api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"] == "LIBERADO"
    )


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_earnings_ledger_reads_on_a_phone_and_a_desktop(
    contexts: Contexts, platform: Platform, shots: Shots, width: int
) -> None:
    api = ApiHelper(platform)
    try:
        email = f"pro-{uuid.uuid4().hex[:8]}@example.com"
        api.call(
            "POST",
            "/auth/register",
            json={
                "email": email,
                "password": PASSWORD,
                "nombre": "Ramiro",
                "apellido": "Gómez",
                "rol": "PROFESIONAL",
            },
        )
        pro = api.login(email)
        profile = api.call("GET", "/professional/me", pro)
        api.call(
            "POST", "/professional/kyc/upload", pro, files=[("files", ("dni.pdf", PDF, "application/pdf"))]
        )
        api.call("PUT", "/professional/payout-info", pro, json={"payout_account": cbu()})
        api.call("POST", f"/admin/kyc/approve/{profile['id']}", api.admin)
        cliente = api.register("CLIENTE", "Clara")
        _released(api, cliente, pro, "18000")
        _released(api, cliente, pro, "42500")
        api.wait(lambda: float(api.call("GET", "/pagos/balance", pro)["disponible"]) > 0)
        api.call("POST", "/pagos/retiros", pro, json={"monto": "10000"})
        disponible = api.call("GET", "/pagos/balance", pro)["disponible"]
    finally:
        api.http.close()
    page = contexts.new(width=width, height=860)
    login(page, email, PASSWORD)
    page.goto("/profesional/ganancias")
    first = page.locator(".ledger-row").first
    expect(first).to_contain_text("Retiro a tu cuenta")
    expect(first).to_contain_text("-$ 10.000")
    expect(first.locator(".ledger-balance")).to_contain_text(
        "$ " + f"{int(float(disponible)):,}".replace(",", ".")
    )
    expect(page.locator(".ledger-row", has_text="Comisión de la plataforma").first).to_contain_text(
        "-$ 8.500"
    )
    _no_sideways_scroll(page, width)
    shots(page, f"ganancias-{width}")


# --- 7. moderation said gently; conversation previews live --------------------------------------------


def test_previews_follow_live_and_moderation_is_explained(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    api = world.api
    cliente = api.register("CLIENTE", "Rocío")
    other = api.professional(oficio_id=world.oficio_id)
    quiet = api.chat(cliente, other)
    api.call("POST", "/chat/send-message", other, json={"chat_id": quiet, "text": "Hola, ¿en qué te ayudo?"})
    chat_id = api.chat(cliente, world.pro)
    page = contexts.new(width=PHONE, height=780)
    login(page, cliente.email, PASSWORD)
    page.goto("/chat")
    expect(page.locator("[data-live-dot].on")).to_have_count(
        0
    )  # the list page has no dot: wait for the socket
    page.wait_for_function("() => window.conectar && window.conectar.live && window.conectar.live.connected")
    api.call(
        "POST",
        "/chat/send-message",
        world.pro,
        json={"chat_id": chat_id, "text": "Te paso presupuesto mañana"},
    )
    item = page.locator(f'.chat-item[data-chat="{chat_id}"]')
    expect(item.locator(".preview")).to_have_text("Te paso presupuesto mañana")  # live, no reload
    expect(item.locator(".pill")).to_have_text("1")
    expect(page.locator(".chat-item").first).to_have_attribute("data-chat", chat_id)
    shots(page, "vista-previa-en-vivo")

    page.goto(f"/chat/{chat_id}")
    page.wait_for_function("() => window.conectar.live.connected")
    page.get_by_role("textbox", name="Mensaje").fill("Dale, mi cel es 11 5555 1234")
    page.get_by_label("Enviar").click()
    notice = page.locator("[data-moderation-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ocultamos lo que parecía un teléfono de tu mensaje")
    expect(page.locator(".msg.mine").last).to_contain_text("[dato oculto]")
    _no_sideways_scroll(page, PHONE)
    shots(page, "aviso-de-moderacion")
    page.get_by_role("button", name="Entendido").click()
    expect(notice).to_be_hidden()


# --- 2. on a phone the first result shows without scrolling; filters in a sheet; a map of pins ---------


def _first_result_visible(page: Page) -> None:
    box = page.locator(".pro-card").first.bounding_box()
    assert box is not None
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] + 40 < page.viewport_size["height"] if page.viewport_size else False, box


def test_phone_search_shows_results_first_filters_in_a_sheet_and_a_map_of_pins(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    for _ in range(2):  # three around Córdoba: three pins
        world.api.professional(oficio_id=world.oficio_id)
    page = contexts.new(width=PHONE, height=740)
    page.goto(f"/buscar?oficio={world.oficio_id}&ciudad=cordoba")
    expect(page.locator(".pro-card").first).to_be_visible()
    _first_result_visible(page)
    _no_sideways_scroll(page, PHONE)
    shots(page, "resultados-primero")

    page.get_by_text("Zona y filtros").first.click()
    sheet = page.locator(".sheet-body")
    expect(sheet).to_be_visible()
    assert sheet.evaluate("e => getComputedStyle(e).position") == "fixed"
    shots(page, "filtros-en-una-hoja")
    page.get_by_label("Ordenar por").select_option("rating")
    page.get_by_role("button", name="Ver resultados").click()
    expect(sheet).to_be_hidden()
    expect(page).to_have_url(re.compile("orden=rating"))
    expect(page.locator("#resultados")).not_to_have_class(re.compile("is-loading"))

    # Tiles out of reach (as here, offline): the pins still show, on a plain background.
    page.context.route(
        re.compile(r"^https?://([a-z0-9-]+\.)*tile\.openstreetmap\.org/.*"), lambda route: route.abort()
    )
    page.get_by_text("Ver en el mapa").click()
    pins = page.locator(".leaflet-marker-icon.map-pin")
    expect(pins).to_have_count(page.locator(".pro-card").count())
    expect(pins.first).to_be_visible()
    expect(pins.first).to_have_text("1")
    pins.first.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content a")).to_have_attribute(
        "href", re.compile(r"^/profesionales/")
    )
    _no_sideways_scroll(page, PHONE)
    shots(page, "mapa-con-pines-sin-teselas")


def test_desktop_search_has_filters_beside_and_the_map_open(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    page = contexts.new(width=DESKTOP)
    page.goto(f"/buscar?oficio={world.oficio_id}&ciudad=cordoba")
    expect(page.get_by_label("Ordenar por")).to_be_visible()  # no sheet on a wide screen
    expect(page.locator(".leaflet-marker-icon.map-pin").first).to_be_visible()
    _no_sideways_scroll(page, DESKTOP)
    shots(page, "buscar-escritorio")


def test_without_javascript_the_map_is_an_image_of_pins(
    browser: Browser, platform: Platform, world: World
) -> None:
    context = browser.new_context(
        base_url=platform.base_url, java_script_enabled=False, viewport={"width": PHONE, "height": 740}
    )
    try:
        page = context.new_page()
        page.goto(f"/buscar?oficio={world.oficio_id}&ciudad=cordoba")
        page.get_by_text("Ver en el mapa").click()
        svg = page.locator("svg.map-plain")
        expect(svg).to_be_visible()
        expect(svg.locator("a")).to_have_count(page.locator(".pro-card").count())
    finally:
        context.close()


# --- 1. search as a text box with suggestions -----------------------------------------------------------


def test_the_home_search_box_suggests_and_forgives_typos_on_a_phone(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    existing = {o["nombre"] for o in world.api.call("GET", "/public/oficios")}
    if "Plomería" not in existing:
        world.api.oficio("Plomería")
    page = contexts.new(width=PHONE, height=740)
    page.goto("/")
    box = page.get_by_role("combobox", name="¿Qué necesitás?")
    box.press_sequentially("plomeor", delay=40)  # a typo
    options = page.get_by_role("option")
    expect(options.first).to_contain_text("Plomería")
    expect(box).to_have_attribute("aria-expanded", "true")
    _no_sideways_scroll(page, PHONE)
    shots(page, "sugerencias-con-error-de-tipeo")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile("-0$"))
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/buscar\?q=Plomer%C3%ADa"))
    expect(page.get_by_role("heading", name="Plomería", level=1)).to_be_visible()


def test_an_instant_service_typed_in_the_box_leads_to_its_summary(
    contexts: Contexts, world: World, shots: Shots
) -> None:
    page = contexts.new(width=DESKTOP)
    page.goto("/buscar?ciudad=cordoba")
    box = page.get_by_role("combobox", name="¿Qué necesitás?")
    box.press_sequentially("apertura", delay=30)
    service = page.get_by_role("option").filter(has_text="Precio fijo")
    expect(service.first).to_contain_text("Apertura de puerta")
    shots(page, "sugerencia-de-servicio")
    service.first.click()
    expect(page.locator(".understood")).to_contain_text("«Apertura de puerta» es un servicio a precio fijo")
    page.locator(".servicio-card.is-asked").get_by_role("link", name="Ver y contratar").click()
    expect(page.get_by_role("heading", name="Revisá antes de pagar")).to_be_visible()
    expect(page.locator('[data-summary="total"]')).to_have_text("$ 9.500")


# --- 5. a professional's first steps ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_new_professional_takes_the_first_steps(
    contexts: Contexts, world: World, shots: Shots, width: int
) -> None:
    page = contexts.new(width=width, height=800)
    email = f"nuevo-{uuid.uuid4().hex[:8]}@example.com"
    register(page, nombre="Ramiro", apellido="Gómez", email=email, password=PASSWORD, profesional=True)
    expect(page).to_have_url(re.compile(r"/profesional/empezar/perfil$"))
    expect(page.get_by_text("Paso 1 de 6")).to_be_visible()
    page.get_by_label("Tarifa por hora (ARS)").fill("16.500")
    page.get_by_label("Contá cómo trabajás").fill("Cerrajero con 10 años de oficio. Urgencias las 24 horas.")
    _no_sideways_scroll(page, width)
    shots(page, f"paso-perfil-{width}")
    page.get_by_role("button", name="Guardar y seguir").click()
    expect(page.get_by_text("Paso 2 de 6")).to_be_visible()
    page.get_by_role("button", name="Guardar y seguir").click()  # no oficio chosen
    expect(page.get_by_text("Elegí al menos un oficio")).to_be_visible()
    expect(page.get_by_role("button", name="Después")).to_have_count(0)
    page.locator("label.check", has_text="Cerrajería").first.click()
    page.get_by_role("button", name="Guardar y seguir").click()
    expect(page.get_by_text("Paso 3 de 6")).to_be_visible()
    map_box = page.locator('[data-map="picker"]')
    expect(map_box).to_have_class(re.compile("leaflet-container"))
    map_box.click(position={"x": 80, "y": 60})  # a place on the map (no tiles here: a plain background)
    expect(page.locator("[data-lat-input]")).not_to_have_value("")
    shots(page, f"paso-zona-{width}")
    page.get_by_role("button", name="Guardar y seguir").click()
    expect(page.get_by_text("Paso 4 de 6")).to_be_visible()
    page.get_by_label("CBU, CVU o alias").fill(cbu())
    page.get_by_role("button", name="Guardar y seguir").click()
    expect(page.get_by_text("Paso 5 de 6")).to_be_visible()
    page.get_by_label("Archivos").set_input_files(
        [{"name": "dni.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Guardar y seguir").click()
    expect(page.get_by_text("Paso 6 de 6")).to_be_visible()
    page.get_by_role("button", name="Después").click()
    expect(page.get_by_role("heading", name="¡Casi listo!")).to_be_visible()
    expect(page.get_by_text("5 de 6")).to_be_visible()
    _no_sideways_scroll(page, width)
    shots(page, f"primeros-pasos-casi-listo-{width}")
    page.get_by_role("button", name="Terminar").click()
    expect(page).to_have_url(re.compile(r"/profesional$"))
    expect(page.get_by_text("¡Listo! Tu perfil está armado")).to_be_visible()
    expect(page.locator("#primeros-pasos")).to_contain_text("5 de 6")
    shots(page, f"panel-con-primeros-pasos-{width}")
