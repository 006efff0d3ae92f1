"""Visits in the browser (issue 15, SPEC §11): the professional on a desktop sends an offer with the day
and hours of the visit; the client on a phone sees it on the offer card and on the trabajo, proposes
another window, and the professional accepts it. Neither page scrolls sideways."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.browser.conftest import Contexts, Shots, login
from tests.browser.helpers import DESKTOP, PASSWORD, PHONE, ApiHelper, fits

AR = ZoneInfo("America/Argentina/Buenos_Aires")


def test_a_visit_is_offered_shown_and_moved(contexts: Contexts, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional()
    chat_id = api.chat(cliente, pro)
    day = (datetime.now(AR) + timedelta(days=4)).date()
    later = day + timedelta(days=2)

    desktop = contexts.new(width=DESKTOP, height=900)
    login(desktop, pro.email, PASSWORD)
    desktop.goto(f"/chat/{chat_id}")
    desktop.locator(".offer-form summary").click()
    desktop.locator("#oferta-descripcion").fill("Cambio de canilla y flexibles de la cocina")
    desktop.locator("#oferta-precio").fill("18.000")
    desktop.locator("#oferta-visita-fecha").fill(day.isoformat())
    desktop.locator("#oferta-visita-desde").fill("09:00")
    desktop.locator("#oferta-visita-hasta").fill("11:00")
    desktop.get_by_role("button", name="Enviar oferta").click()
    desktop.wait_for_load_state()
    expect(desktop.locator(".offer-card").last).to_contain_text("de 09:00 a 11:00")

    phone = contexts.new(width=PHONE, height=780)
    login(phone, cliente.email, PASSWORD)
    phone.goto(f"/chat/{chat_id}")
    card = phone.locator(".offer-card").last
    expect(card).to_contain_text("Visita:")
    fits(phone, PHONE)
    shots(phone, "oferta-con-visita-360")
    oferta_id = api.call("GET", "/cliente/ofertas", cliente)[0]["id"]
    trabajo_id = api.call("POST", f"/cliente/ofertas/{oferta_id}/accept", cliente)["trabajo_id"]
    phone.goto(f"/trabajos/{trabajo_id}")
    expect(phone.locator("#visita")).to_contain_text("de 09:00 a 11:00")
    phone.locator("#reprogramar summary").click()
    phone.locator("#rep-fecha").fill(later.isoformat())
    phone.locator("#rep-desde").fill("16:00")
    phone.locator("#rep-hasta").fill("18:00")
    phone.locator("#rep-motivo").fill("Ese día trabajo hasta tarde")
    phone.get_by_role("button", name="Proponer el horario").click()
    phone.wait_for_load_state()
    expect(phone.locator("#visita")).to_contain_text("Propusiste cambiarla a")
    fits(phone, PHONE)
    shots(phone, "nuevo-horario-propuesto-360")

    desktop.goto(f"/trabajos/{trabajo_id}")
    expect(desktop.locator("#visita")).to_contain_text("Ese día trabajo hasta tarde")
    desktop.get_by_role("button", name="Aceptar el nuevo horario").click()
    desktop.wait_for_load_state()
    expect(desktop.locator("#visita")).to_contain_text("de 16:00 a 18:00")
    fits(desktop, DESKTOP)
    shots(desktop, "visita-reprogramada-desktop")
