"""Photos in the chat, in the browser (issue 15, SPEC §12): a client on a phone sends a photo of the problem
from the conversation, sees it inline, and the professional on a desktop sees the same thumbnail and can
download it; a PDF shows as a named link. Neither page scrolls sideways."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import Contexts, Shots, login
from tests.browser.helpers import DESKTOP, PASSWORD, PHONE, ApiHelper, fits
from tests.factories import PDF

LOADED = "img => img.complete && img.naturalWidth > 0"


def photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), (40, 110, 200))
    for x in range(0, 1600, 80):  # something to look at in the thumbnail
        for y in range(0, 1200, 80):
            image.paste((230, 230, 230) if (x + y) // 80 % 2 else (40, 110, 200), (x, y, x + 40, y + 40))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def test_a_photo_and_a_pdf_travel_through_the_chat(contexts: Contexts, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE", "Lucía")
    pro = api.professional()
    chat_id = api.chat(cliente, pro)

    phone = contexts.new(width=PHONE, height=780)
    login(phone, cliente.email, PASSWORD)
    phone.goto(f"/chat/{chat_id}")
    phone.locator(".attach-form summary").click()
    phone.locator("#adjunto-file").set_input_files(
        files=[{"name": "perdida.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    phone.locator("#adjunto-text").fill("Así gotea debajo de la pileta")
    phone.get_by_role("button", name="Enviar archivo").click()
    phone.wait_for_load_state()
    image = phone.locator(".msg.attachment img").last
    expect(image).to_be_visible()
    # Visible is not loaded: the thumbnail arrives after the page; it must decode to a real image.
    phone.wait_for_function(LOADED, arg=image.element_handle(), timeout=10_000)
    expect(phone.locator(".msg.attachment figcaption").last).to_have_text("Así gotea debajo de la pileta")
    fits(phone, PHONE)
    shots(phone, "foto-enviada-360")

    desktop = contexts.new(width=DESKTOP, height=900)
    login(desktop, pro.email, PASSWORD)
    desktop.goto(f"/chat/{chat_id}")
    seen = desktop.locator(".msg.attachment img").last
    expect(seen).to_be_visible()
    desktop.wait_for_function(LOADED, arg=seen.element_handle(), timeout=10_000)
    with desktop.expect_download() as downloaded:
        desktop.locator(".msg.attachment a").last.click()
    assert downloaded.value.suggested_filename.endswith(".webp")
    desktop.locator(".attach-form summary").click()
    desktop.locator("#adjunto-file").set_input_files(
        files=[{"name": "presupuesto.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    desktop.get_by_role("button", name="Enviar archivo").click()
    desktop.wait_for_load_state()
    expect(desktop.locator(".attachment-file").last).to_contain_text("presupuesto.pdf")
    fits(desktop, DESKTOP)
    shots(desktop, "pdf-enviado-desktop")

    phone.reload()
    expect(phone.locator(".attachment-file").last).to_contain_text("presupuesto.pdf")
    fits(phone, PHONE)
    shots(phone, "pdf-recibido-360")
