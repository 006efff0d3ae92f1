"""The web app shows where a trabajo's money really is, and staff resolve refused movements from the admin
pages ("Dinero observado")."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    paid_trabajo,
    register,
    trabajo_state,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_money import RELEASE_CAUSES, arrange
from tests.services.test_web_pages import Browser


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture
async def browsers(live: LiveStandalone) -> AsyncIterator[list[Browser]]:
    opened = [Browser(live.base_url, live.base_url) for _ in range(3)]
    yield opened
    for browser in opened:
        await browser.close()


async def test_refused_money_is_shown_to_everybody_and_resolved_from_the_admin_pages(
    live: LiveStandalone, admin: Account, browsers: list[Browser]
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    cliente = await register(api, "CLIENTE")
    released = await paid_trabajo(api, cliente, pro.account)
    refunded = await paid_trabajo(api, cliente, pro.account)
    fix_release = await arrange(live, released, RELEASE_CAUSES["payment not credited"])
    fix_refund = await arrange(live, refunded, RELEASE_CAUSES["no payment for the trabajo"])
    for trabajo_id in (released, refunded):
        finalized = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
        assert finalized.json()["estado_escrow"] == "LIBERACION_RECHAZADA"

    staff, client_page, pro_page = browsers
    await client_page.login(cliente.email, cliente.password)
    await pro_page.login(pro.account.email, pro.account.password)
    await staff.login(admin.email, admin.password)
    for browser in (client_page, pro_page):
        page = await browser.get(f"/trabajos/{released}")
        assert page.status_code == 200
        assert "No pudimos liberar el pago todavía" in page.text
        assert "Liberación en revisión" in page.text
        assert (await browser.get("/admin/trabajos/dinero-observado")).status_code == 403

    listing = await staff.get("/admin/trabajos")
    assert "Dinero observado: 2 trabajos esperan una decisión del equipo" in listing.text
    watch = await staff.get("/admin/trabajos/dinero-observado")
    assert watch.status_code == 200
    assert released in watch.text
    assert refunded in watch.text
    assert "Pagos respondió 400" in watch.text
    assert "Pagos respondió 404" in watch.text
    assert "todavía no está acreditado" in watch.text

    # A decision needs a reason.
    short = await staff.post(
        f"/admin/trabajos/{refunded}/dinero/resolver", {"accion": "REEMBOLSAR", "motivo": "no"}
    )
    assert short.status_code == 303
    assert "No se pudo resolver" in (await staff.get(short.headers["location"])).text
    # Fixed: retried from the page, and the page says what really happened.
    await fix_release()
    retried = await staff.post(f"/admin/trabajos/{released}/dinero/reintentar")
    assert retried.status_code == 303
    assert retried.headers["location"].startswith("/admin/trabajos/dinero-observado")
    after = await staff.get(retried.headers["location"])
    assert "el servicio de pagos liberó el dinero al profesional" in after.text
    assert released not in after.text
    assert (await trabajo_state(api, cliente, released))["estado_escrow"] == "LIBERADO"
    # The other one: the client gets the money back instead.
    await fix_refund()
    resolved = await staff.post(
        f"/admin/trabajos/{refunded}/dinero/resolver",
        {"accion": "REEMBOLSAR", "motivo": "El cliente pidió la devolución"},
    )
    assert "reintegró el dinero al cliente" in (await staff.get(resolved.headers["location"])).text
    assert (await trabajo_state(api, cliente, refunded))["estado_escrow"] == "CANCELADO_REEMBOLSADO"
    empty = await staff.get("/admin/trabajos/dinero-observado")
    assert "No hay dinero observado" in empty.text
    assert "Dinero observado:" not in (await staff.get("/admin/trabajos")).text
    page = await client_page.get(f"/trabajos/{refunded}")
    assert "Cancelado y reintegrado" in page.text
