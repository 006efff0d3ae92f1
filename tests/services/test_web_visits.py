"""Visits in the web app (SPEC §11, issue 15): the professional's offer carries a day and hours typed in
Buenos Aires time, the offer card and the trabajo show it, the calendar file is relayed only to the two
parties, and either one proposes a new window that the other accepts or keeps the old one."""

from __future__ import annotations

import html as html_lib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.factories import Account, approved_professional, create_admin, open_chat, register
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browser, Browsers

AR = ZoneInfo("America/Argentina/Buenos_Aires")
API = "/api/v1"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


def day_in(days: int) -> str:
    return (datetime.now(AR) + timedelta(days=days)).date().isoformat()


@dataclass
class Offered:
    cliente: Account
    chat_id: str
    client_web: Browser
    pro_web: Browser
    sent: httpx.Response  # the offer form's answer


async def offer_with_visit(live: LiveStandalone, admin: Account, browsers: Browsers, **form: str) -> Offered:
    """A professional sends an offer from the web chat with the visit fields ``form``."""
    cliente = await register(live.client, "CLIENTE")
    pro = (await approved_professional(live.client, admin)).account
    chat_id = await open_chat(live.client, cliente, pro)
    client_web, pro_web = await browsers.signed_in(cliente), await browsers.signed_in(pro)
    await pro_web.get(f"/chat/{chat_id}")
    body = {"descripcion": "Cambio de canilla y flexibles", "precio_final": "18.000", **form}
    sent = await pro_web.post(f"/chat/{chat_id}/oferta", body)
    return Offered(cliente, chat_id, client_web, pro_web, sent)


async def accepted(live: LiveStandalone, offered: Offered) -> str:
    (oferta,) = (await live.client.get(f"{API}/cliente/ofertas", headers=offered.cliente.headers)).json()
    answer = await live.client.post(
        f"{API}/cliente/ofertas/{oferta['id']}/accept", headers=offered.cliente.headers
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["trabajo_id"])


async def test_an_offer_carries_the_visit_typed_in_local_time_to_the_card_and_the_trabajo(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    fecha = day_in(3)
    offered = await offer_with_visit(
        live, admin, browsers, visita_fecha=fecha, visita_desde="09:00", visita_hasta="11:30"
    )
    assert offered.sent.status_code == 303
    cliente, chat_id, client_web = offered.cliente, offered.chat_id, offered.client_web
    (oferta,) = (await live.client.get(f"{API}/cliente/ofertas", headers=cliente.headers)).json()
    start = datetime.fromisoformat(f"{fecha}T09:00").replace(tzinfo=AR).astimezone(UTC)
    assert datetime.fromisoformat(oferta["visita_desde"]) == start
    assert datetime.fromisoformat(oferta["visita_hasta"]) == start + timedelta(hours=2, minutes=30)
    card = html_lib.unescape((await client_web.get(f"/chat/{chat_id}")).text)
    assert "Visita: " in card
    assert "de 09:00 a 11:30" in card

    trabajo_id = await accepted(live, offered)
    page = html_lib.unescape((await client_web.get(f"/trabajos/{trabajo_id}")).text)
    assert 'id="visita"' in page
    assert "de 09:00 a 11:30" in page
    calendar = await client_web.get(f"/trabajos/{trabajo_id}/visita.ics")
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in calendar.text
    assert start.strftime("%Y%m%dT%H%M%SZ") in calendar.text

    stranger = await browsers.signed_in(await register(live.client, "CLIENTE"))
    assert (await stranger.get(f"/trabajos/{trabajo_id}/visita.ics")).status_code == 404


async def test_a_window_that_cannot_be_is_said_under_its_fields(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    backwards = await offer_with_visit(
        live, admin, browsers, visita_fecha=day_in(2), visita_desde="15:00", visita_hasta="10:00"
    )
    assert backwards.sent.status_code == 400
    assert "La hora de fin tiene que ser posterior a la de comienzo" in html_lib.unescape(backwards.sent.text)
    past = await offer_with_visit(
        live, admin, browsers, visita_fecha=day_in(-2), visita_desde="09:00", visita_hasta="10:00"
    )
    assert past.sent.status_code == 400
    assert 'id="oferta-visita-fecha-msg" role="alert"' in past.sent.text  # the API's refusal, under the day
    missing = await offer_with_visit(live, admin, browsers, visita_fecha=day_in(2))
    assert missing.sent.status_code == 400
    assert "¿A qué hora empieza?" in html_lib.unescape(missing.sent.text)
    for refused in (backwards, past, missing):
        assert (await live.client.get(f"{API}/cliente/ofertas", headers=refused.cliente.headers)).json() == []


async def test_one_party_proposes_a_new_window_and_the_other_accepts_it(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    offered = await offer_with_visit(
        live, admin, browsers, visita_fecha=day_in(3), visita_desde="09:00", visita_hasta="11:00"
    )
    cliente, client_web, pro_web = offered.cliente, offered.client_web, offered.pro_web
    trabajo_id = await accepted(live, offered)

    await client_web.get(f"/trabajos/{trabajo_id}")
    nueva = day_in(5)
    proposed = await client_web.post(
        f"/trabajos/{trabajo_id}/reprogramar",
        {
            "visita_fecha": nueva,
            "visita_desde": "16:00",
            "visita_hasta": "18:00",
            "motivo": "Me surgió un turno",
        },
    )
    assert proposed.status_code == 303
    mine = html_lib.unescape((await client_web.get(f"/trabajos/{trabajo_id}")).text)
    assert "Propusiste cambiarla a" in mine
    theirs = html_lib.unescape((await pro_web.get(f"/trabajos/{trabajo_id}")).text)
    assert "El cliente propone cambiarla a" in theirs
    assert "«Me surgió un turno»" in theirs
    answered = await pro_web.post(f"/trabajos/{trabajo_id}/reprogramacion/aceptar")
    assert answered.status_code == 303
    after = html_lib.unescape((await client_web.get(f"/trabajos/{trabajo_id}")).text)
    assert "de 16:00 a 18:00" in after
    assert "Propusiste" not in after
    trabajo = (await live.client.get(f"{API}/cliente/trabajo/{trabajo_id}", headers=cliente.headers)).json()
    start = datetime.fromisoformat(f"{nueva}T16:00").replace(tzinfo=AR).astimezone(UTC)
    assert datetime.fromisoformat(trabajo["visita_desde"]) == start
    assert trabajo["reprogramacion"] is None
