"""What the public profile and the search cards tell a client before they write (SPEC §13, issue 20 row 7):
the services the professional published themselves, hireable from the profile like the catalog's instant
services; the median time to a first reply; the cancellations of the last 90 days."""

from __future__ import annotations

import html as html_lib
import re
import uuid
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import Account, accepted_offer, create_admin, eventually, register
from tests.services.conftest import LiveStandalone
from tests.services.test_professionals_response_time import talk
from tests.services.test_professionals_support import API, approved_professional, create_oficio
from tests.services.test_web_pages import Browser


@pytest.fixture(scope="module")
async def admin(live: LiveStandalone) -> Account:
    return await create_admin(live.settings, live.client)


@pytest.fixture
async def browser(live: LiveStandalone) -> AsyncIterator[Browser]:
    client = Browser(live.base_url, live.base_url)
    yield client
    await client.close()


async def placed_pro(live: LiveStandalone, admin: Account, **profile: Any) -> tuple[Account, str, str]:
    """An approved professional in Buenos Aires with a new oficio: (account, profile id, oficio id)."""
    oficio = await create_oficio(live.client, admin)
    pro, profile_row = await approved_professional(
        live.client, admin, lat=-34.6, lng=-58.4, oficio_ids=[oficio["id"]], **profile
    )
    return pro, str(profile_row["id"]), str(oficio["id"])


def fact(page: str, term: str) -> str:
    """The value of one of the profile's facts (``<dt>term</dt><dd>value</dd>``)."""
    found = re.search(rf"<dt>{re.escape(term)}</dt><dd>(.*?)</dd>", page)
    assert found is not None, term
    return html_lib.unescape(found.group(1))


async def test_a_published_service_is_shown_and_hired_from_the_profile(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro, profile_id, oficio_id = await placed_pro(live, admin, acepta_instant=True)
    nombre = f"Destapación de cañería {uuid.uuid4().hex[:4]}"
    published = await live.client.post(
        f"{API}/professional/servicios",
        headers=pro.headers,
        json={"nombre": nombre, "descripcion": "Con máquina", "precio_fijo": 18000, "oficio_id": oficio_id},
    )
    assert published.status_code == 201, published.text
    servicio_id = published.json()["id"]
    summary = f"/profesionales/{profile_id}/contratar/{servicio_id}"

    profile = await browser.get(f"/profesionales/{profile_id}")
    assert profile.status_code == 200
    assert nombre in html_lib.unescape(profile.text)
    assert f'href="{summary}"' in profile.text
    page = await browser.get(summary)
    assert page.status_code == 200
    assert "$ 18.000" in page.text

    cliente = await register(live.client, "CLIENTE")
    await browser.login(cliente.email)
    hired = await browser.post(summary)
    assert hired.status_code == 303
    assert "/pagos/sandbox/checkout/" in hired.headers["location"]
    trabajos = (await live.client.get(f"{API}/cliente/trabajos", headers=cliente.headers)).json()
    assert [Decimal(t["precio_final"]) for t in trabajos] == [Decimal(18000)]

    withdrawn = await live.client.delete(f"{API}/professional/servicios/{servicio_id}", headers=pro.headers)
    assert withdrawn.status_code == 204
    assert (await browser.get(summary)).status_code == 404


async def test_the_profile_and_the_search_card_say_how_fast_the_professional_answers(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro, profile_id, oficio_id = await placed_pro(live, admin)
    profile = await browser.get(f"/profesionales/{profile_id}")
    assert fact(profile.text, "Suele responder") == "Sin datos todavía"
    for minutes in (10, 20, 40):
        await talk(live, pro, minutes)

    async def shown() -> str | None:
        page = await browser.get(f"/profesionales/{profile_id}")
        value = fact(page.text, "Suele responder")
        return value if value != "Sin datos todavía" else None

    assert await eventually(shown) == "en 20 minutos"
    results = await browser.get(f"/buscar?oficio={oficio_id}&lat=-34.6&lng=-58.4")
    assert results.status_code == 200
    assert "Responde en 20 minutos" in results.text


async def test_the_profile_shows_the_professionals_recent_cancellations(
    live: LiveStandalone, browser: Browser, admin: Account
) -> None:
    pro, profile_id, _ = await placed_pro(live, admin)
    assert (
        fact((await browser.get(f"/profesionales/{profile_id}")).text, "Cancelaciones (90 días)") == "Ninguna"
    )
    cliente = await register(live.client, "CLIENTE")
    accepted = await accepted_offer(live.client, cliente, pro)
    cancelled = await live.client.post(
        f"{API}/professional/trabajos/{accepted['trabajo_id']}/cancelar",
        headers=pro.headers,
        json={"motivo": "Se me rompió la camioneta y no llego"},
    )
    assert cancelled.status_code == 200, cancelled.text

    async def counted() -> str | None:
        value = fact((await browser.get(f"/profesionales/{profile_id}")).text, "Cancelaciones (90 días)")
        return value if value != "Ninguna" else None

    assert await eventually(counted) == "1"
