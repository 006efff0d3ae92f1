"""An offer whose visit falls outside the professional's weekly hours, or on a day they blocked, is allowed
and carries ``fuera_de_horario: true`` (SPEC §11), on a conversation's offer and on a pedido's."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.factories import Account, create_admin, offer, open_chat, register
from tests.services.conftest import Standalone
from tests.services.test_chat_pedidos import new_pedido, pro_near, quote
from tests.services.test_professionals_support import API, create_oficio

AR = ZoneInfo("America/Argentina/Buenos_Aires")
WEEKDAYS_9_TO_18 = [{"dia": dia, "desde": "09:00", "hasta": "18:00"} for dia in range(5)]


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


def next_weekday(
    weekday: int, start: time, hours: int = 2, weeks_ahead: int = 1
) -> tuple[datetime, datetime]:
    """A window on the coming ``weekday`` (0 = Monday) at ``start`` Buenos Aires time, in UTC."""
    today = datetime.now(AR).date()
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks_ahead)
    begin = datetime.combine(day, start, AR)
    return begin.astimezone(UTC), (begin + timedelta(hours=hours)).astimezone(UTC)


async def hours_of(api: httpx.AsyncClient, pro: Account, **body: Any) -> None:
    answer = await api.put(
        f"{API}/professional/disponibilidad", json={"semanal": WEEKDAYS_9_TO_18, **body}, headers=pro.headers
    )
    assert answer.status_code == 200, answer.text


async def test_a_conversations_offer_says_when_the_visit_is_off_hours(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    tuesday_morning = next_weekday(1, time(10, 0))
    blocked = next_weekday(2, time(10, 0))
    await hours_of(
        api,
        pro,
        bloqueos=[
            {
                "desde": (blocked[0] - timedelta(hours=2)).isoformat(),
                "hasta": (blocked[1] + timedelta(hours=2)).isoformat(),
            }
        ],
    )
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    inside = await offer(api, pro, cliente, chat_id, visita=tuesday_morning)
    sunday = await offer(api, pro, cliente, chat_id, visita=next_weekday(6, time(10, 0)))
    evening = await offer(api, pro, cliente, chat_id, visita=next_weekday(1, time(19, 0)))
    on_blocked_day = await offer(api, pro, cliente, chat_id, visita=blocked)
    without_visit = await offer(api, pro, cliente, chat_id)
    assert [o["fuera_de_horario"] for o in (inside, sunday, evening, on_blocked_day, without_visit)] == [
        False,
        True,
        True,
        True,
        False,
    ]
    seen = {
        o["id"]: o["fuera_de_horario"]
        for o in (await api.get(f"{API}/cliente/ofertas", headers=cliente.headers)).json()
    }
    assert seen[sunday["id"]] is True
    assert seen[inside["id"]] is False


async def test_without_weekly_hours_no_visit_is_off_hours(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro)
    sunday = await offer(api, pro, cliente, chat_id, visita=next_weekday(6, time(22, 0)))
    assert sunday["fuera_de_horario"] is False


async def test_a_pedidos_offer_says_it_too(api: httpx.AsyncClient, admin: Account) -> None:
    oficio = await create_oficio(api, admin)
    pro = await pro_near(api, admin, oficio["id"])
    await hours_of(api, pro)
    cliente = await register(api, "CLIENTE")
    pedido = await new_pedido(api, cliente, oficio["id"])
    desde, hasta = next_weekday(5, time(8, 0))
    quoted = await quote(
        api, pro, pedido["id"], visita_desde=desde.isoformat(), visita_hasta=hasta.isoformat()
    )
    assert quoted.status_code == 201, quoted.text
    assert quoted.json()["fuera_de_horario"] is True
