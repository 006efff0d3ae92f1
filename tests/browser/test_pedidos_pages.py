"""Requests for quotes in the browser (SPEC §10): a client on a 360 px phone asks for quotes with the
browser's location, a professional on a desktop finds the pedido nearby and quotes it, another one quotes
cheaper, and the client compares both side by side and accepts the cheaper one through the summary before
paying. No page scrolls sideways."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import Contexts, Shots, login
from tests.browser.helpers import DESKTOP, PASSWORD, PHONE, ApiHelper, fits
from tests.browser.test_accessibility import problems

AR = ZoneInfo("America/Argentina/Buenos_Aires")


def test_a_pedido_is_asked_on_a_phone_quoted_on_a_desktop_and_awarded(
    contexts: Contexts, api: ApiHelper, shots: Shots
) -> None:
    oficio = api.oficio()
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional(oficio_id=oficio["id"])
    other = api.professional(oficio_id=oficio["id"])
    day = (datetime.now(AR) + timedelta(days=3)).date()

    phone = contexts.new(width=PHONE, height=780)
    phone.context.grant_permissions(["geolocation"])
    phone.context.set_geolocation({"latitude": -31.4201, "longitude": -64.1888})  # Córdoba: ApiHelper's pros
    login(phone, cliente.email, PASSWORD)
    phone.goto("/")
    phone.get_by_role("link", name="Pedir presupuestos").last.click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pedí presupuestos")
    phone.locator("#f-oficio").select_option(oficio["id"])
    phone.locator("#f-titulo").fill("Pierde agua la canilla")
    phone.locator("#f-descripcion").fill(
        "La canilla de la cocina gotea todo el día y el flexible está viejo."
    )
    phone.get_by_role("button", name="Usar mi ubicación actual").click()
    expect(phone.locator("#f-lugar")).to_have_value("aqui")
    expect(phone.locator("[data-geo-status]")).to_contain_text("Usamos tu ubicación actual")
    phone.locator("#f-direccion").fill("Bv. San Juan 500, 2° A")
    phone.locator("#f-franja1_fecha").fill(day.isoformat())
    phone.locator("#f-franja1_desde").fill("09:00")
    phone.locator("#f-franja1_hasta").fill("13:00")
    phone.locator("#f-presupuesto_max").fill("30.000")
    fits(phone, PHONE)
    shots(phone, "pedido-nuevo-360")
    phone.get_by_role("button", name="Pedir presupuestos").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pierde agua la canilla")
    expect(phone.locator(".alert-ok")).to_contain_text("avisamos a los profesionales")
    pedido_id = phone.url.rsplit("/", 1)[1]
    expect(phone.locator(".pedido-facts")).to_contain_text("Córdoba")
    fits(phone, PHONE)

    desktop = contexts.new(width=DESKTOP, height=900)
    login(desktop, pro.email, PASSWORD)
    desktop.get_by_role("link", name="Pedidos cerca").first.click()
    desktop.wait_for_load_state()
    card = desktop.locator(".nearby-card", has_text="Pierde agua la canilla")
    expect(card).to_contain_text("hasta $ 30.000")
    fits(desktop, DESKTOP)
    shots(desktop, "pedidos-cerca-escritorio")
    card.get_by_role("link", name="Ver y ofertar").click()
    desktop.wait_for_load_state()
    expect(desktop.locator("main")).not_to_contain_text("Bv. San Juan 500")  # private until the award
    desktop.get_by_role("button", name="Enviar oferta").click()  # empty: refused under its fields
    desktop.wait_for_load_state()
    expect(desktop.locator("#oferta-descripcion-msg")).to_have_text("Tiene que tener al menos 10 caracteres")
    expect(desktop.locator("#oferta-precio-msg")).to_have_attribute("role", "alert")
    assert problems(desktop) == []  # axe-core, with the errors shown
    desktop.locator("#oferta-descripcion").fill("Cambio la canilla y el flexible, materiales incluidos")
    desktop.locator("#oferta-precio").fill("25.000")
    desktop.locator("#oferta-visita-fecha").fill(day.isoformat())
    desktop.locator("#oferta-visita-desde").fill("10:00")
    desktop.locator("#oferta-visita-hasta").fill("12:00")
    shots(desktop, "pedido-oferta-escritorio")
    desktop.get_by_role("button", name="Enviar oferta").click()
    desktop.wait_for_load_state()
    assert "/chat/" in desktop.url
    expect(desktop.locator(".offer-card").last).to_contain_text("de 10:00 a 12:00")
    api.call(
        "POST",
        f"/professional/pedidos/{pedido_id}/ofertas",
        other,
        json={"descripcion": "Cambio de canilla monocomando", "precio_final": "18000.50"},
    )

    phone.goto(f"/pedidos/{pedido_id}")
    cards = phone.locator(".quote-card")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("$ 18.000,50")
    expect(cards.first).to_contain_text("La más barata")
    expect(cards.nth(1)).to_contain_text("de 10:00 a 12:00")
    fits(phone, PHONE)
    shots(phone, "pedido-ofertas-360")
    cards.first.get_by_role("link", name="Revisar y pagar").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Revisá antes de pagar")
    phone.get_by_role("button", name="Aceptar y pagar").click()
    phone.wait_for_load_state()
    assert api.call("GET", f"/pedidos/{pedido_id}", cliente)["estado"] == "ADJUDICADO"
    phone.goto(f"/pedidos/{pedido_id}")
    expect(phone.locator(".page-head .badge")).to_have_text("Adjudicado")
    fits(phone, PHONE)
    wide = contexts.new(width=DESKTOP, height=900)  # the same client on a desktop: the offers side by side
    login(wide, cliente.email, PASSWORD)
    wide.goto(f"/pedidos/{pedido_id}")
    expect(wide.locator(".quote-card").nth(1)).to_contain_text("Rechazada")
    fits(wide, DESKTOP)
    shots(wide, "pedido-adjudicado-escritorio")

    desktop.goto("/profesional/pedidos")
    expect(desktop.locator("main")).not_to_contain_text("Pierde agua la canilla")  # awarded: no longer open
    fits(desktop, DESKTOP)
