"""The staff's screens, page by page, in the browser."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, Contexts, Shots, login
from tests.browser.helpers import PASSWORD, ApiHelper


@pytest.fixture
def admin(contexts: Contexts) -> Page:
    page = contexts.new()
    login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    return page


def test_metrics_show_totals_and_charts(admin: Page, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE")
    pro = api.professional()
    api.paid_trabajo(cliente, pro)
    admin.goto("/admin")
    expect(admin.get_by_role("heading", name="Métricas")).to_be_visible()
    expect(admin.locator("svg.chart[role=img]")).to_have_count(4)
    expect(admin.get_by_role("img", name="Trabajos por estado")).to_contain_text("Pagado (en garantía)")
    expect(admin.locator(".stat").filter(has_text="En garantía")).to_contain_text("$")
    shots(admin, "metricas")


def test_kyc_rejection_needs_a_reason_and_is_shown_next_to_the_field(
    admin: Page, api: ApiHelper, shots: Shots
) -> None:
    pro = api.professional(approve=False)
    admin.goto("/admin/kyc")
    row = admin.get_by_role("row", name=re.compile(pro.email))
    row.get_by_role("link", name="Revisar").click()
    expect(admin.locator("iframe.doc-viewer")).to_be_visible()
    frame_src = admin.locator("iframe.doc-viewer").get_attribute("src")
    assert frame_src
    document = admin.request.get(frame_src)
    assert document.status == 200
    assert document.headers["content-type"] == "application/pdf"
    assert document.body().startswith(b"%PDF")
    admin.get_by_label("Motivo del rechazo").fill("x")
    admin.get_by_role("button", name="Rechazar").click()
    expect(admin.locator(".field.has-error .field-error")).to_contain_text("al menos 3")
    shots(admin, "motivo-invalido")
    admin.get_by_label("Motivo del rechazo").fill("La foto del DNI está borrosa")
    admin.get_by_role("button", name="Rechazar").click()
    expect(admin.get_by_text("Documentación rechazada")).to_be_visible()
    assert (
        api.call("GET", "/professional/kyc/status", pro)["motivo_rechazo"] == "La foto del DNI está borrosa"
    )


def test_users_search_ban_unban_and_lift_a_chat_ban(admin: Page, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE", "Bruno")
    pro = api.professional()
    chat_id = api.chat(cliente, pro)
    for text in ("llamame al 11 5555 4444", "mi mail es bruno@example.com", "escribime al 011 4444 3333"):
        api.http.post(
            "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": text}
        )
    admin.goto("/admin/usuarios")
    admin.get_by_label("Buscar por e-mail").fill(cliente.email)
    admin.get_by_role("button", name="Buscar").click()
    row = admin.get_by_role("row", name=re.compile(cliente.email))
    expect(row).to_be_visible()
    for _ in range(40):  # the users service learns of the infractions from an event
        if row.get_by_text("Bloqueado").count():
            break
        admin.wait_for_timeout(250)
        admin.reload()
    expect(row.get_by_text("Bloqueado")).to_be_visible()
    shots(admin, "usuario-bloqueado")
    row.get_by_role("button", name="Desbloquear chat").click()
    expect(admin.get_by_text("Chat desbloqueado")).to_be_visible()
    sent = api.http.post(
        "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "hola"}
    )
    assert sent.status_code == 200
    row = admin.get_by_role("row", name=re.compile(cliente.email))
    row.get_by_role("button", name="Suspender").click()
    expect(admin.get_by_text("Cuenta suspendida")).to_be_visible()
    expect(admin.get_by_role("row", name=re.compile(cliente.email)).get_by_text("Suspendida")).to_be_visible()
    assert (
        api.http.post(
            "/api/v1/auth/login", data={"username": cliente.email, "password": PASSWORD}
        ).status_code
        == 401
    )
    admin.get_by_role("row", name=re.compile(cliente.email)).get_by_role("button", name="Reactivar").click()
    expect(admin.get_by_text("Cuenta reactivada")).to_be_visible()
    assert (
        api.http.post(
            "/api/v1/auth/login", data={"username": cliente.email, "password": PASSWORD}
        ).status_code
        == 200
    )


def test_catalog_oficios_and_instant_services(admin: Page, shots: Shots) -> None:
    nombre = f"Vidriería {uuid.uuid4().hex[:6]}"
    admin.goto("/admin/catalogo")
    admin.locator("#new-nombre").fill("ab")
    admin.get_by_role("button", name="Crear oficio").click()
    expect(admin.locator("aside .field-error")).to_contain_text("al menos 3")
    admin.locator("#new-nombre").fill(nombre)
    admin.get_by_role("button", name="Crear oficio").click()
    card = admin.locator("section.card", has=admin.get_by_role("heading", name=nombre))
    card.get_by_text("Agregar un servicio").click()
    card.get_by_label("Nombre").last.fill("Cambio de vidrio de ventana")
    card.get_by_label("Qué incluye").fill("Hasta 1 m², vidrio float de 4 mm")
    card.get_by_role("button", name="Agregar servicio").click()
    expect(admin.get_by_text("Servicio instantáneo creado")).to_be_visible()
    card = admin.locator("section.card", has=admin.get_by_role("heading", name=nombre))
    expect(card.get_by_text("Cambio de vidrio de ventana")).to_be_visible()
    card.get_by_role("button", name="Desactivar").first.click()
    expect(
        admin.locator("section.card", has=admin.get_by_role("heading", name=nombre))
        .get_by_text("Desactivado")
        .first
    ).to_be_visible()
    shots(admin, "catalogo")


def test_trabajos_disputes_and_resolution(admin: Page, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE", "Diana")
    pro = api.professional()
    trabajo_id = api.paid_trabajo(cliente, pro)
    admin.goto("/admin/trabajos?estado=PAGADO_EN_ESCROW")
    expect(admin.get_by_role("row").filter(has_text="Instalación de termotanque").first).to_be_visible()
    shots(admin, "trabajos")
    api.call(
        "POST",
        "/disputas",
        cliente,
        json={
            "trabajo_id": trabajo_id,
            "tipo": "NO_REALIZADO",
            "descripcion": "El profesional nunca vino a la cita acordada.",
        },
    )
    admin.goto("/admin/disputas?estado=ABIERTA")
    card = admin.locator("article.card", has_text="El profesional nunca vino")
    expect(card).to_be_visible()
    shots(admin, "disputa")
    card.get_by_label("Resolución").fill("Se reintegra el pago: el profesional no se presentó.")
    card.get_by_label("Cliente (reintegro)").check()
    card.get_by_role("button", name="Resolver").click()
    expect(admin.get_by_text("Disputa resuelta")).to_be_visible()
    estado = api.call("GET", f"/cliente/trabajo/{trabajo_id}", cliente)["estado_escrow"]
    assert estado == "CANCELADO_REEMBOLSADO"


def test_payouts_are_approved_by_an_admin(admin: Page, api: ApiHelper, shots: Shots) -> None:
    cliente = api.register("CLIENTE")
    pro = api.professional()
    trabajo_id = api.paid_trabajo(cliente, pro, "10000")
    api.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
    api.wait(lambda: float(api.call("GET", "/pagos/balance", pro)["disponible"]) > 0)
    api.call("POST", "/pagos/retiros", pro, json={})
    admin.goto("/admin/pagos?estado=SOLICITADO")
    row = admin.get_by_role("row").filter(has_text="$ 8.000")
    expect(row.first).to_be_visible()
    shots(admin, "retiros")
    row.first.get_by_role("button", name="Aprobar").click()
    expect(admin.get_by_text("Retiro aprobado")).to_be_visible()


def test_manual_payouts_are_paid_in_a_batch_with_the_bank_reference(
    admin: Page, api: ApiHelper, shots: Shots
) -> None:
    cliente = api.register("CLIENTE")
    pro = api.professional()
    trabajo_id = api.paid_trabajo(cliente, pro, "13750")
    api.call("POST", f"/cliente/trabajo/{trabajo_id}/finalizar", cliente)
    api.wait(lambda: float(api.call("GET", "/pagos/balance", pro)["disponible"]) > 0)
    retiro = api.call("POST", "/pagos/retiros", pro, json={})
    admin.goto("/admin/pagos")
    admin.get_by_role("button", name="Crear lote").click()
    expect(admin.get_by_text("Elegí al menos un retiro")).to_be_visible()
    admin.locator(f"input[name=retiro_ids][value='{retiro['id']}']").check()
    shots(admin, "nuevo-lote")
    admin.get_by_role("button", name="Crear lote").click()
    expect(admin.get_by_role("heading", name="Lote de transferencias")).to_be_visible()
    expect(admin.get_by_text("$ 11.000").first).to_be_visible()
    admin.get_by_role("button", name="Marcar pagado").click()
    expect(admin.get_by_text("Completá este campo")).to_be_visible()
    reference = f"TRF-{uuid.uuid4().hex[:8]}"
    admin.get_by_label("Referencia bancaria").fill(reference)
    admin.get_by_role("button", name="Marcar pagado").click()
    expect(admin.get_by_text("Lote pagado").first).to_be_visible()
    expect(admin.get_by_text(reference)).to_be_visible()
    shots(admin, "lote-pagado")
    assert api.call("GET", f"/admin/pagos/retiros/{retiro['id']}", api.admin)["estado"] == "PAGADO"


def test_admin_screens_are_for_admins_only(contexts: Contexts, api: ApiHelper) -> None:
    cliente = api.register("CLIENTE")
    page = contexts.new()
    page.goto("/admin")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fadmin$"))
    login(page, cliente.email, PASSWORD)
    page.goto("/admin/usuarios")
    expect(page.get_by_role("heading", name="Esta sección no es para tu cuenta")).to_be_visible()
