"""The web app against the real services (standalone): the professional answers a review and everyone sees
the answer; the admin pays requested payouts by manual bank transfer in a batch."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal

import pytest

from conectar.payments.runtime import runtime_of
from tests.factories import Account, approved_professional, create_admin, eventually, paid_trabajo, register
from tests.services.conftest import LiveStandalone
from tests.services.test_chat_reviews import reviewed_trabajo
from tests.services.test_web_forms import field_html
from tests.services.test_web_pages import Browser


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture
async def browser(live: LiveStandalone) -> AsyncIterator[Browser]:
    client = Browser(live.base_url, live.base_url)
    yield client
    await client.close()


async def test_the_professional_answers_a_review_and_the_profile_shows_it(
    live: LiveStandalone, admin: Account, browser: Browser
) -> None:
    api = live.client
    pro = await approved_professional(api, admin)
    resena = await reviewed_trabajo(api, pro.account, 4, "Muy prolijo, volvería a llamarlo", nombre="Carla")
    field_id = f"f-respuesta-{resena['id']}"

    cliente = Browser(live.base_url, live.base_url)
    try:
        await cliente.login((await register(api, "CLIENTE")).email)
        assert (await cliente.get("/profesional/resenas")).status_code == 403
    finally:
        await cliente.close()

    await browser.login(pro.account.email)
    dashboard = await browser.get("/profesional")
    assert 'href="/profesional/resenas"' in dashboard.text
    page = await browser.get("/profesional/resenas")
    assert page.status_code == 200
    assert "Muy prolijo, volvería a llamarlo" in page.text
    assert "Carla Cliente" in page.text
    assert f'id="{field_id}"' in page.text
    action = f"/profesional/resenas/{resena['id']}/responder?page=1"
    assert f'action="{action}"' in page.text

    no_token = await browser.http.post(action, data={"respuesta": "Hola"}, headers={"Origin": live.base_url})
    assert no_token.status_code == 403
    empty = await browser.post(action, {"respuesta": "  "})
    assert empty.status_code == 400
    assert "Completá este campo" in field_html(empty.text, field_id)
    answered = await browser.post(action, {"respuesta": "¡Gracias, Carla! Un gusto."})
    assert answered.status_code == 303
    assert answered.headers["location"] == f"/profesional/resenas?page=1#resena-{resena['id']}"
    after = await browser.get("/profesional/resenas")
    assert "Publicamos tu respuesta" in after.text
    assert "¡Gracias, Carla! Un gusto." in after.text
    assert f'id="{field_id}"' not in after.text  # answered: no form any more
    # A second answer (another tab) is refused by the API; the refusal is shown under the field.
    again = await browser.post(action, {"respuesta": "Otra respuesta"})
    assert again.status_code == 400
    assert "ya tiene una respuesta" in field_html(again.text, field_id)
    assert "Otra respuesta" in field_html(again.text, field_id)

    # Everyone sees the answer under the review on the public profile.
    visitor = Browser(live.base_url, live.base_url)
    try:

        async def shown() -> bool:
            profile = await visitor.get(f"/profesionales/{pro.profile_id}")
            return "¡Gracias, Carla! Un gusto." in profile.text

        await eventually(shown)
        profile = await visitor.get(f"/profesionales/{pro.profile_id}")
        assert "Respuesta del profesional" in profile.text
        more = await visitor.get(f"/profesionales/{pro.profile_id}/resenas?page=1")
        assert "¡Gracias, Carla! Un gusto." in more.text
    finally:
        await visitor.close()


async def requested_payout(live: LiveStandalone, admin: Account, precio: str) -> str:
    """A professional with a released trabajo asks to withdraw everything; the payout's id."""
    api = live.client
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    trabajo_id = await paid_trabajo(api, cliente, pro, precio)
    final = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
    assert final.status_code == 200, final.text

    async def released() -> bool:
        balance = (await api.get("/api/v1/pagos/balance", headers=pro.headers)).json()
        return Decimal(balance["disponible"]) > 0

    await eventually(released)
    retiro = await api.post("/api/v1/pagos/retiros", headers=pro.headers, json={})
    assert retiro.status_code == 201, retiro.text
    return str(retiro.json()["id"])


async def test_the_admin_pays_manual_payouts_in_a_batch_with_the_bank_reference(
    live: LiveStandalone, admin: Account, browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = live.client
    rt = runtime_of(live.ctx("payments"))
    monkeypatch.setattr(rt, "payout_provider", None)
    monkeypatch.setattr(rt, "settings", rt.settings.model_copy(update={"payout_provider": "manual"}))
    first = await requested_payout(live, admin, "10000.00")
    second = await requested_payout(live, admin, "5000.00")

    await browser.login(admin.email, admin.password)
    page = await browser.get("/admin/pagos")
    assert page.status_code == 200
    assert "Lotes de transferencias" in page.text
    assert f'name="retiro_ids" value="{first}"' in page.text
    assert f'name="retiro_ids" value="{second}"' in page.text
    assert f"/admin/pagos/retiros/{first}/aprobar" not in page.text  # manual: paid in batches only
    assert (await browser.get("/admin/pagos?estado=EN_PROCESO")).status_code == 200

    nothing = await browser.post("/admin/pagos/lotes", {})
    assert nothing.status_code == 400
    assert "Elegí al menos un retiro" in nothing.text.split('id="lote-retiros-msg"')[1].split("</p>")[0]
    missing = await browser.post("/admin/pagos/lotes", {"retiro_ids": [first, str(uuid.uuid4())]})
    assert missing.status_code == 400
    assert "Algún retiro no existe" in missing.text.split('id="lote-retiros-msg"')[1].split("</p>")[0]
    assert f'value="{first}" checked' in missing.text  # the choice is kept

    created = await browser.post("/admin/pagos/lotes", {"retiro_ids": [first]})
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert re.fullmatch(r"/admin/pagos/lotes/[0-9a-f-]{36}", location)
    lote_id = location.rsplit("/", 1)[1]
    batch = await browser.get(location)
    assert batch.status_code == 200
    assert "Lote creado" in batch.text
    assert "$ 8.000" in batch.text  # 10.000 less the 20 % commission
    assert "Por transferir" in batch.text
    assert 'id="f-referencia_bancaria"' in batch.text
    retiro = (await api.get(f"/api/v1/admin/pagos/retiros/{first}", headers=admin.headers)).json()
    assert (retiro["estado"], retiro["lote_id"]) == ("EN_PROCESO", lote_id)
    again = await browser.post("/admin/pagos/lotes", {"retiro_ids": [first]})
    assert again.status_code == 400
    assert "SOLICITADOS" in again.text.split('id="lote-retiros-msg"')[1].split("</p>")[0]
    listed = await browser.get("/admin/pagos")
    assert f'href="/admin/pagos/lotes/{lote_id}"' in listed.text
    assert f'name="retiro_ids" value="{first}"' not in listed.text

    pay = f"/admin/pagos/lotes/{lote_id}/pagar"
    no_token = await browser.http.post(
        pay, data={"referencia_bancaria": "TRF-1"}, headers={"Origin": live.base_url}
    )
    assert no_token.status_code == 403
    blank = await browser.post(pay, {"referencia_bancaria": " "})
    assert blank.status_code == 400
    assert "Completá este campo" in field_html(blank.text, "f-referencia_bancaria")
    reference = f"TRF-{uuid.uuid4().hex[:10]}"
    paid = await browser.post(pay, {"referencia_bancaria": reference})
    assert paid.status_code == 303
    done = await browser.get(location)
    assert "Lote pagado" in done.text
    assert reference in done.text
    assert 'id="f-referencia_bancaria"' not in done.text
    retiro = (await api.get(f"/api/v1/admin/pagos/retiros/{first}", headers=admin.headers)).json()
    assert (retiro["estado"], retiro["referencia"]) == ("PAGADO", reference)

    # A bank reference pays one batch only: reusing it is refused next to the field.
    other = await browser.post("/admin/pagos/lotes", {"retiro_ids": [second]})
    assert other.status_code == 303
    other_pay = other.headers["location"] + "/pagar"
    reused = await browser.post(other_pay, {"referencia_bancaria": reference})
    assert reused.status_code == 400
    assert "ya se usó en otro lote" in field_html(reused.text, "f-referencia_bancaria")
    assert reference in field_html(reused.text, "f-referencia_bancaria")
    unknown = await browser.post(f"/admin/pagos/lotes/{uuid.uuid4()}/pagar", {"referencia_bancaria": "X"})
    assert unknown.status_code == 303
    assert "Lote no encontrado" in (await browser.get(unknown.headers["location"])).text
