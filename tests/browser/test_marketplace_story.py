"""The whole story of issue 7 in a real browser: a client and a professional (and an admin) in their own
browser contexts, from registration to the professional's balance and experience."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Shots, login, register
from tests.factories import PDF, cbu

PASSWORD = "clave-segura-1234"


def reload_until(page: Page, text: str | re.Pattern[str], attempts: int = 40) -> None:
    """Events travel between services asynchronously: reload until the page shows ``text``."""
    for _ in range(attempts):
        if page.get_by_text(text).count():
            return
        page.wait_for_timeout(250)
        page.reload()
    expect(page.get_by_text(text).first).to_be_visible()


def test_client_and_professional_from_registration_to_balance(contexts: Contexts, shots: Shots) -> None:
    suffix = uuid.uuid4().hex[:6]
    oficio = f"Plomería {suffix}"
    pro_email, client_email = f"pablo-{suffix}@example.com", f"carla-{suffix}@example.com"

    # The admin adds the oficio the professional works in.
    admin = contexts.new()
    login(admin, ADMIN_EMAIL, ADMIN_PASSWORD)
    expect(admin).to_have_url(re.compile(r"/admin$"))
    admin.goto("/admin/catalogo")
    admin.get_by_label("Nombre").last.fill(oficio)
    admin.get_by_label("Descripción").last.fill("Caños, canillas y destapaciones")
    admin.get_by_role("button", name="Crear oficio").click()
    expect(admin.get_by_role("heading", name=oficio)).to_be_visible()

    # Both register, each in their own browser.
    pro = contexts.new()
    register(pro, nombre="Pablo", apellido="Pérez", email=pro_email, password=PASSWORD, profesional=True)
    expect(pro).to_have_url(re.compile(r"/profesional/empezar/perfil"))  # the first steps, one at a time
    shots(pro, "profesional-registrado")
    pro.goto("/profesional/perfil")  # this story fills the whole editor instead
    client = contexts.new(width=390, height=844)  # the client is on a phone
    register(
        client, nombre="Carla", apellido="Gómez", email=client_email, password=PASSWORD, profesional=False
    )
    expect(client.get_by_text("¡Bienvenido/a, Carla!")).to_be_visible()
    shots(client, "cliente-registrada")

    # The professional completes the profile: rate and description, area, oficio, payout account.
    pro.get_by_label("Tarifa por hora (ARS)").fill("18.000")
    pro.get_by_label("Radio de cobertura (km)").fill("25")
    pro.get_by_label("Sobre vos").fill("Plomero matriculado con 15 años de experiencia en Córdoba capital.")
    pro.get_by_label("Acepto contrataciones inmediatas de servicios a precio fijo").check()
    pro.locator("#datos").get_by_role("button", name="Guardar").click()
    expect(pro.get_by_text("Perfil actualizado")).to_be_visible()
    pro.get_by_label("O elegí tu ciudad").select_option("cordoba")
    pro.get_by_role("button", name="Guardar ubicación").click()
    expect(pro.get_by_text("Zona de trabajo actualizada")).to_be_visible()
    pro.get_by_label(oficio).check()
    pro.get_by_role("button", name="Guardar oficios").click()
    expect(pro.get_by_text("Oficios actualizados")).to_be_visible()
    pro.get_by_label("CBU, CVU o alias").fill("123")
    pro.get_by_role("button", name="Guardar cuenta").click()
    expect(pro.locator("#cobro .field-error")).to_be_visible()  # the API's refusal, next to the field
    pro.get_by_label("CBU, CVU o alias").fill(cbu())
    pro.get_by_role("button", name="Guardar cuenta").click()
    expect(pro.get_by_text("Cuenta de cobro guardada")).to_be_visible()
    shots(pro, "perfil-completo")

    # ... and sends the KYC documents.
    pro.goto("/profesional/verificacion")
    pro.get_by_label("Archivos").set_input_files(
        [{"name": "dni.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    pro.get_by_role("button", name="Enviar para revisión").click()
    expect(pro.get_by_text("Recibimos tu documentación")).to_be_visible()
    shots(pro, "kyc-enviado")

    # The admin approves them after looking at the document.
    admin.goto("/admin/kyc")
    reload_until(admin, "Pablo Pérez")
    admin.get_by_role("row", name=re.compile("Pablo Pérez")).get_by_role("link", name="Revisar").click()
    expect(admin.locator("iframe.doc-viewer")).to_be_visible()
    shots(admin, "kyc-revision")
    admin.get_by_role("button", name="Aprobar").click()
    expect(admin.get_by_text("Profesional verificado")).to_be_visible()

    # The client searches from Córdoba, opens the profile and writes.
    client.goto("/")
    client.get_by_label("¿Qué necesitás?").fill(oficio)  # a text box (issue 16): the oficio's name finds it
    client.get_by_label("¿Dónde?").select_option("cordoba")
    client.get_by_role("button", name="Buscar", exact=True).click()
    expect(client.get_by_role("link", name="Pablo Pérez")).to_be_visible()
    expect(client.get_by_text("$ 18.000")).to_be_visible()
    shots(client, "resultados")
    client.get_by_role("link", name="Pablo Pérez").click()
    expect(client.get_by_role("heading", name="Pablo Pérez")).to_be_visible()
    shots(client, "perfil-publico")
    client.get_by_role("button", name="Enviar mensaje").click()
    expect(client).to_have_url(re.compile(r"/chat/[0-9a-f-]+$"))
    expect(client.locator("[data-live-dot].on")).to_be_attached()
    client.get_by_role("textbox", name="Mensaje").fill(
        "Hola Pablo, se me rompió el flexible de la cocina. ¿Podés venir mañana?"
    )
    client.get_by_label("Enviar").click()
    expect(client.locator(".msg.mine", has_text="flexible de la cocina")).to_be_visible()
    shots(client, "chat-cliente")

    # The professional sees it live and sends an offer from the chat.
    pro.goto("/chat")
    pro.get_by_role("link", name=re.compile("Carla")).first.click()
    expect(pro.locator(".msg", has_text="flexible de la cocina")).to_be_visible()
    expect(pro.locator("[data-live-dot].on")).to_be_attached()
    pro.get_by_role("textbox", name="Mensaje").fill("¡Hola Carla! Sí, mañana a las 10 puedo.")
    pro.get_by_label("Enviar").click()
    expect(client.locator(".msg", has_text="mañana a las 10")).to_be_visible()  # live, no reload
    pro.get_by_text("Enviar una oferta con precio").click()
    pro.get_by_label("Qué incluye").fill("Cambio de flexible y canilla de la cocina, materiales incluidos")
    pro.get_by_label("Precio final (ARS)").fill("15.000")
    pro.get_by_role("button", name="Enviar oferta").click()
    expect(pro.get_by_text("Oferta enviada")).to_be_visible()
    shots(pro, "oferta-enviada")

    # The client gets the offer card live, accepts and pays on the sandbox checkout.
    offer = client.locator(".offer-card")
    expect(offer).to_contain_text("$ 15.000")
    # ... and the notification, live: a toast and the bell's count (relayed from the notifications stream).
    expect(client.locator(".toast", has_text="oferta")).to_be_visible(timeout=15_000)
    expect(client.locator("[data-bell-count]")).not_to_have_class(re.compile("is-hidden"))
    shots(client, "oferta-recibida")
    offer.get_by_role("link", name="Revisar y pagar").click()
    # A summary first (what, who, price, total), then the checkout.
    expect(client.locator('[data-summary="total"]')).to_have_text("$ 15.000")
    shots(client, "resumen-antes-de-pagar")
    client.get_by_role("button", name=re.compile("Aceptar y pagar")).click()
    expect(client.get_by_role("button", name="Aprobar pago")).to_be_visible()
    shots(client, "checkout")
    client.get_by_role("button", name="Aprobar pago").click()
    expect(client).to_have_url(re.compile(r"/pagos/[0-9a-f-]+/exito(\?|$)"))
    expect(client.get_by_role("heading", name="¡Pago aprobado!")).to_be_visible(timeout=20_000)
    shots(client, "pago-aprobado")
    trabajo_url = client.get_by_role("link", name="Ver el trabajo").get_attribute("href")
    assert trabajo_url

    # The professional marks it done; the client confirms and reviews.
    pro.goto(trabajo_url)
    expect(pro.get_by_role("heading", name="¡El cliente pagó!")).to_be_visible()
    pro.get_by_role("button", name="Marcar como terminado").click()
    expect(pro.get_by_role("heading", name="Esperando la confirmación del cliente")).to_be_visible()
    client.goto(trabajo_url)
    expect(
        client.get_by_role("heading", name="El profesional marcó el trabajo como terminado")
    ).to_be_visible()
    shots(client, "confirmar")
    client.get_by_role("button", name="Confirmar trabajo terminado").click()
    expect(client.get_by_role("heading", name="¿Cómo te fue?")).to_be_visible()
    client.locator("label[for=rating-5]").click()
    client.get_by_label("Tu comentario (opcional)").fill("Impecable, llegó puntual y dejó todo limpio.")
    client.get_by_role("button", name="Publicar reseña").click()
    expect(client.get_by_text("¡Gracias por tu reseña!")).to_be_visible()
    shots(client, "resena")

    # The professional sees the money and the new experience.
    pro.goto("/profesional")
    reload_until(pro, "150 XP")
    expect(pro.locator("[data-balance]")).to_have_text("$ 12.000")
    shots(pro, "balance-y-nivel")
    pro.goto("/notificaciones")
    expect(pro.locator(".notif.unread").first).to_be_visible()
    shots(pro, "notificaciones")
    pro.locator(".notif.unread button").first.click()
    expect(pro).not_to_have_url(re.compile(r"/notificaciones$"))
    pro.goto("/profesional/ganancias")
    released = pro.locator(".ledger-row", has_text="Ingreso: pago liberado").first
    expect(released).to_contain_text("+$ 15.000")  # the ledger: direction and signs (issue 16)
    shots(pro, "ganancias")
    # The public profile shows the review.
    client.goto("/buscar")
    pro.goto("/profesional")
    public = pro.get_by_role("link", name="Ver mi perfil público").get_attribute("href")
    assert public
    client.goto(public)
    expect(client.get_by_text("Impecable, llegó puntual")).to_be_visible()
    # The professional answers the review once; the answer shows under it on the public profile.
    pro.get_by_role("link", name="Ver y responder reseñas").click()
    expect(pro.get_by_text("Impecable, llegó puntual")).to_be_visible()
    pro.get_by_label("Tu respuesta").fill("¡Gracias, Carla! Un gusto trabajar para vos.")
    pro.get_by_role("button", name="Responder").click()
    expect(pro.get_by_text("Publicamos tu respuesta")).to_be_visible()
    expect(pro.get_by_role("button", name="Responder")).to_have_count(0)
    shots(pro, "resena-respondida")
    reload_until(client, "¡Gracias, Carla! Un gusto trabajar para vos.")
    expect(client.get_by_text("Respuesta del profesional")).to_be_visible()
    shots(client, "respuesta-publica")
