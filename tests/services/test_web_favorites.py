"""SPEC §13 in the web app: a client keeps favourites (the profile's button, /favoritos), hires a past
professional again from the trabajo page in one click (the conversation opens with the trabajo's context in
the box), and a professional cancels a trabajo with a reason."""

from __future__ import annotations

import html as html_lib

import pytest

from tests.factories import (
    Account,
    accepted_offer,
    approved_professional,
    create_admin,
    register,
    released_trabajo,
)
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browsers

API = "/api/v1"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


async def test_a_client_keeps_and_drops_favourites(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    pro = await approved_professional(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    web = await browsers.signed_in(cliente)
    profile = await web.get(f"/profesionales/{pro.profile_id}")
    assert "Guardar en favoritos" in profile.text
    saved = await web.post(f"/profesionales/{pro.profile_id}/favorito", {"accion": "guardar"})
    assert saved.status_code == 303
    assert [c["id"] for c in (await live.client.get(f"{API}/favoritos", headers=cliente.headers)).json()] == [
        pro.profile_id
    ]
    assert 'aria-pressed="true"' in (await web.get(f"/profesionales/{pro.profile_id}")).text
    listed = await web.get("/favoritos")
    assert f'href="/profesionales/{pro.profile_id}"' in listed.text
    dropped = await web.post(
        f"/profesionales/{pro.profile_id}/favorito", {"accion": "quitar", "volver": "/favoritos"}
    )
    assert dropped.headers["location"] == "/favoritos"
    assert (await live.client.get(f"{API}/favoritos", headers=cliente.headers)).json() == []

    visitor = await browsers.signed_in(None)
    await visitor.get("/login")
    asked = await visitor.post(f"/profesionales/{pro.profile_id}/favorito", {"accion": "guardar"})
    assert asked.headers["location"].startswith("/login?next=")
    other_pro = (await approved_professional(live.client, admin)).account
    pro_web = await browsers.signed_in(other_pro)
    assert "Guardar en favoritos" not in (await pro_web.get(f"/profesionales/{pro.profile_id}")).text
    refused = await pro_web.post(f"/profesionales/{pro.profile_id}/favorito", {"accion": "guardar"})
    assert refused.status_code == 303
    assert (await pro_web.get("/favoritos")).status_code == 403


async def test_a_client_hires_again_from_a_past_trabajo(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    pro = await approved_professional(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    trabajo_id = await released_trabajo(live.client, cliente, pro.account)
    web = await browsers.signed_in(cliente)
    page = await web.get(f"/trabajos/{trabajo_id}")
    assert "Volver a contratar" in page.text
    again = await web.post(f"/trabajos/{trabajo_id}/recontratar")
    assert again.status_code == 303
    chat_page = html_lib.unescape((await web.get(again.headers["location"])).text)
    assert "Hola, quiero volver a contratarte. La vez anterior fue por: «Cambio de flexible" in chat_page

    stranger = await browsers.signed_in(await register(live.client, "CLIENTE"))
    assert (await stranger.post(f"/trabajos/{trabajo_id}/recontratar")).status_code in (403, 404)


async def test_a_professional_cancels_with_a_reason(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    pro = await approved_professional(live.client, admin)
    cliente = await register(live.client, "CLIENTE")
    trabajo_id = (await accepted_offer(live.client, cliente, pro.account))["trabajo_id"]
    web = await browsers.signed_in(pro.account)
    page = await web.get(f"/trabajos/{trabajo_id}")
    assert 'id="cancelar-profesional"' in page.text
    short = await web.post(f"/trabajos/{trabajo_id}/cancelar-profesional", {"motivo": "no"})
    assert short.status_code == 400
    assert 'id="cancelar-motivo-msg" role="alert"' in short.text
    done = await web.post(
        f"/trabajos/{trabajo_id}/cancelar-profesional", {"motivo": "Se me rompió la camioneta y no llego"}
    )
    assert done.status_code == 303
    state = (await live.client.get(f"{API}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    assert state["estado_escrow"] == "CANCELADO"
    client_web = await browsers.signed_in(cliente)
    assert (
        await client_web.post(f"/trabajos/{trabajo_id}/cancelar-profesional", {"motivo": "x" * 20})
    ).status_code == 403
