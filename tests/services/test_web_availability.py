"""A professional's weekly hours and days off in the web app (SPEC §11): set from /profesional/horarios,
shown on the public profile, half-filled rows and API refusals said in Spanish; only professionals."""

from __future__ import annotations

import html as html_lib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from conectar.web.apimodels import WeeklyRange
from conectar.web.formatting import weekly_hours
from tests.factories import Account, approved_professional, create_admin, register
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browsers

AR = ZoneInfo("America/Argentina/Buenos_Aires")
API = "/api/v1"


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


def test_weekly_hours_read_as_people_say_them() -> None:
    week = [WeeklyRange(dia=d, desde="09:00", hasta="18:00") for d in range(5)]
    week.append(WeeklyRange(dia=5, desde="09:00", hasta="13:00"))
    assert weekly_hours(week) == "lun a vie 09:00–18:00 · sáb 09:00–13:00"
    split = [
        WeeklyRange(dia=0, desde="08:00", hasta="12:00"),
        WeeklyRange(dia=0, desde="14:00", hasta="18:00"),
    ]
    assert weekly_hours(split) == "lun 08:00–12:00, 14:00–18:00"
    assert weekly_hours([]) == ""


async def test_a_professional_sets_the_week_and_clients_see_it(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    pro = await approved_professional(live.client, admin)
    web = await browsers.signed_in(pro.account)
    page = await web.get("/profesional/horarios")
    assert page.status_code == 200
    form = {f"d{d}_0_desde": "09:00" for d in range(5)} | {f"d{d}_0_hasta": "18:00" for d in range(5)}
    form |= {"d5_0_desde": "09:00", "d5_0_hasta": "13:00"}
    saved = await web.post("/profesional/horarios", form)
    assert saved.status_code == 303, saved.text
    stored = (await live.client.get(f"{API}/professional/disponibilidad", headers=pro.account.headers)).json()
    assert [(f["dia"], f["desde"], f["hasta"]) for f in stored["semanal"]] == [
        *[(d, "09:00", "18:00") for d in range(5)],
        (5, "09:00", "13:00"),
    ]
    profile = html_lib.unescape((await web.get(f"/profesionales/{pro.profile_id}")).text)
    assert "lun a vie 09:00–18:00 · sáb 09:00–13:00" in profile

    half = await web.post("/profesional/horarios", {"d2_0_desde": "09:00"})
    assert half.status_code == 400
    assert "Completá el comienzo y el fin del miércoles" in html_lib.unescape(half.text)
    overlapping = await web.post(
        "/profesional/horarios",
        {"d1_0_desde": "09:00", "d1_0_hasta": "13:00", "d1_1_desde": "12:00", "d1_1_hasta": "18:00"},
    )
    assert overlapping.status_code == 400
    assert "se superponen" in html_lib.unescape(overlapping.text)
    # Nothing refused was saved.
    again = (await live.client.get(f"{API}/professional/disponibilidad", headers=pro.account.headers)).json()
    assert again["semanal"] == stored["semanal"]


async def test_days_off_are_added_and_removed(
    live: LiveStandalone, admin: Account, browsers: Browsers
) -> None:
    pro = await approved_professional(live.client, admin)
    web = await browsers.signed_in(pro.account)
    await web.get("/profesional/horarios")
    first = (datetime.now(AR) + timedelta(days=10)).date()
    added = await web.post(
        "/profesional/horarios/bloqueos",
        {"bloqueo_desde": first.isoformat(), "bloqueo_hasta": (first + timedelta(days=2)).isoformat()},
    )
    assert added.status_code == 303, added.text
    (bloqueo,) = (
        await live.client.get(f"{API}/professional/disponibilidad", headers=pro.account.headers)
    ).json()["bloqueos"]
    assert datetime.fromisoformat(bloqueo["desde"]) == datetime.combine(first, datetime.min.time(), AR)
    assert datetime.fromisoformat(bloqueo["hasta"]) == datetime.combine(
        first + timedelta(days=3), datetime.min.time(), AR
    )
    page = html_lib.unescape((await web.get("/profesional/horarios")).text)
    assert "Del " in page
    backwards = await web.post(
        "/profesional/horarios/bloqueos",
        {"bloqueo_desde": first.isoformat(), "bloqueo_hasta": (first - timedelta(days=1)).isoformat()},
    )
    assert backwards.status_code == 400
    removed = await web.post(f"/profesional/horarios/bloqueos/{bloqueo['id']}/borrar")
    assert removed.status_code == 303
    assert (await live.client.get(f"{API}/professional/disponibilidad", headers=pro.account.headers)).json()[
        "bloqueos"
    ] == []


async def test_only_professionals_have_hours(live: LiveStandalone, browsers: Browsers) -> None:
    cliente = await register(live.client, "CLIENTE")
    web = await browsers.signed_in(cliente)
    assert (await web.get("/profesional/horarios")).status_code == 403
