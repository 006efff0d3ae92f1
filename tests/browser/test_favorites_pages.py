"""Favourites, hiring again and a professional's cancel in the browser (issue 15, SPEC §13): a client on a
phone keeps a professional, finds them in /favoritos, and hires them again from a finished trabajo (the
conversation opens with its context written); a professional on a desktop cancels a trabajo with a reason.
No page scrolls sideways."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Contexts, Shots, login
from tests.browser.helpers import DESKTOP, PASSWORD, PHONE, ApiHelper, fits


def test_a_client_keeps_a_professional_and_hires_them_again(
    contexts: Contexts, api: ApiHelper, shots: Shots
) -> None:
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional()
    profile_id = api.call("GET", "/professional/me", pro)["id"]
    trabajo_id = api.paid_trabajo(cliente, pro)
    api.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
    api.wait(
        lambda: api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"] == "LIBERADO"
    )

    phone = contexts.new(width=PHONE, height=780)
    login(phone, cliente.email, PASSWORD)
    phone.goto(f"/profesionales/{profile_id}")
    phone.get_by_role("button", name="Guardar en favoritos").click()
    phone.wait_for_load_state()
    expect(phone.get_by_role("button", name="En tus favoritos")).to_have_attribute("aria-pressed", "true")
    phone.goto("/favoritos")
    expect(phone.locator(".pro-card")).to_have_count(1)
    fits(phone, PHONE)
    shots(phone, "favoritos-360")

    phone.goto(f"/trabajos/{trabajo_id}")
    phone.get_by_role("button", name="Volver a contratar").click()
    phone.wait_for_load_state()
    expect(phone.locator("#composer-text")).to_have_value(
        "Hola, quiero volver a contratarte. La vez anterior fue por: «Instalación de termotanque». ¿Cuándo podrías?"
    )
    fits(phone, PHONE)
    shots(phone, "volver-a-contratar-360")


def test_a_professional_cancels_a_trabajo_with_a_reason(
    contexts: Contexts, api: ApiHelper, shots: Shots
) -> None:
    cliente = api.register("CLIENTE", "Bruno")
    pro = api.professional()
    chat_id = api.chat(cliente, pro)
    oferta = api.call(
        "POST",
        "/professional/ofertas",
        pro,
        json={
            "cliente_id": cliente.id,
            "chat_id": chat_id,
            "descripcion": "Cambio de disyuntor",
            "precio_final": "30000",
        },
    )
    trabajo_id = api.call("POST", f"/cliente/ofertas/{oferta['id']}/accept", cliente)["trabajo_id"]
    desktop = contexts.new(width=DESKTOP, height=900)
    login(desktop, pro.email, PASSWORD)
    desktop.goto(f"/trabajos/{trabajo_id}")
    desktop.locator("#cancelar-profesional summary").click()
    desktop.locator("#cancelar-motivo").fill("Me enfermé y no voy a poder ir esta semana")
    desktop.get_by_role("button", name="Cancelar el trabajo", exact=True).click()
    api.wait(
        lambda: api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"] == "CANCELADO"
    )
    desktop.goto(f"/trabajos/{trabajo_id}")
    expect(desktop.locator("#cancelar-profesional")).to_have_count(0)  # nothing left to cancel
    fits(desktop, DESKTOP)
    shots(desktop, "cancelado-por-el-profesional-desktop")
