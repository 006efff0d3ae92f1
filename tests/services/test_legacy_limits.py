"""What a legacy request costs and how far it may fan out (docs/legacy.md, "How it works").

A legacy call whose adapter makes several v1 calls costs its caller what those v1 calls cost through
/api/v1: each one is charged to the same rate-limit identity (the token's user, or the address). And one
legacy request makes at most ``MAX_CALLS`` v1 calls: a search over every oficio reads fewer pages of each
as oficios grow, and asks for an oficio once even one page of each would not fit.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from conectar.gateway.legacy.upstream import MAX_CALLS
from tests.factories import Account, create_admin, register
from tests.services.conftest import Standalone, running_standalone

LEGACY = "/legacy/api/v1"
V1 = "/api/v1"
PER_MINUTE = 60
# The original frontend's search (searchService.searchProfessionals on /browse, no oficio chosen).
BROWSE = {
    "latitude": -34.6037,
    "longitude": -58.3816,
    "radio_km": 10,
    "skip": 0,
    "limit": 100,
    "ordenar_por": "rating",
}


@pytest.fixture(scope="module")
async def limited(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """Rate limits on, small enough to count against."""
    async with running_standalone(
        tmp_path_factory.mktemp("legacy-limited"),
        legacy_clients_enabled=True,
        rate_limit_enabled=True,
        rate_limit_user_per_minute=PER_MINUTE,
        rate_limit_anonymous_per_minute=PER_MINUTE,
    ) as platform:
        yield platform


@pytest.fixture(scope="module")
async def crowded(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """More active oficios than one page of each fits in a legacy request's fan-out."""
    async with running_standalone(
        tmp_path_factory.mktemp("legacy-crowded"), legacy_clients_enabled=True
    ) as p:
        admin = await create_admin(p.settings, p.client)
        await oficios_up_to(p.client, admin, MAX_CALLS)
        yield p


async def oficios_up_to(api: httpx.AsyncClient, admin: Account, count: int) -> int:
    """Creates active oficios until there are ``count``; returns how many exist."""
    existing = (await api.get(f"{V1}/public/oficios")).json()
    for _ in range(count - len(existing)):
        created = await api.post(
            f"{V1}/admin/oficios",
            headers=admin.headers,
            json={"nombre": f"Oficio {uuid.uuid4().hex[:10]}", "descripcion": "Para contar"},
        )
        assert created.status_code == 201, created.text
    return len((await api.get(f"{V1}/public/oficios")).json())


async def allowance_left(
    api: httpx.AsyncClient, headers: dict[str, str] | None = None, path: str = "/users/me"
) -> int:
    """How many v1 requests the caller can still make before its rate limit answers 429."""
    for made in range(PER_MINUTE + 5):
        answer = await api.get(f"{V1}{path}", headers=headers)
        if answer.status_code == 429:
            return made
        assert answer.status_code == 200, answer.text
    raise AssertionError("never limited")


async def test_a_legacy_search_costs_what_its_v1_calls_cost(limited: Standalone) -> None:
    api = limited.client
    admin = await create_admin(limited.settings, api)
    oficios = await oficios_up_to(api, admin, 12)
    cliente = await register(api, "CLIENTE")
    # No oficio: the oficios, then one page of search per oficio (none has professionals).
    fan_out = 1 + oficios
    answer = await api.post(f"{LEGACY}/search", headers=cliente.headers, json=BROWSE)
    assert answer.status_code == 200, answer.text
    # The same user has spent 1 + oficios requests of its allowance, not 1 (the legacy request). One
    # request of slack: the bucket refills one every second while the test counts.
    left = await allowance_left(api, cliente.headers)
    assert PER_MINUTE - fan_out - 1 <= left <= PER_MINUTE - fan_out + 1, (left, fan_out)
    # Out of allowance, the legacy search is refused as v1 would refuse it, with v1's Retry-After.
    refused = await api.post(f"{LEGACY}/search", headers=cliente.headers, json=BROWSE)
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["retry-after"]) >= 1


async def test_legacy_calls_share_the_allowance_of_their_caller_at_once(limited: Standalone) -> None:
    """Searches at the same time draw on one allowance: together they cannot make more v1 calls than
    the caller may."""
    api = limited.client
    cliente = await register(api, "CLIENTE")
    oficios = len((await api.get(f"{V1}/public/oficios", headers=cliente.headers)).json())
    fan_out = 1 + oficios
    searches = PER_MINUTE // fan_out + 2
    answers = await asyncio.gather(
        *(api.post(f"{LEGACY}/search", headers=cliente.headers, json=BROWSE) for _ in range(searches))
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) == {200, 429}, statuses
    assert statuses.count(200) <= (PER_MINUTE - 1) // fan_out + 1, statuses


async def test_anonymous_legacy_searches_are_charged_to_the_address(limited: Standalone) -> None:
    transport = httpx.ASGITransport(app=limited.host, client=("198.51.100.20", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as anonymous:
        oficios = len((await anonymous.get(f"{V1}/public/oficios")).json())
        assert (await anonymous.post(f"{LEGACY}/search", json=BROWSE)).status_code == 200
        made = 1 + (1 + oficios)
        left = await allowance_left(anonymous, path="/public/oficios")
        assert PER_MINUTE - made - 1 <= left <= PER_MINUTE - made + 1, (left, made)


async def test_a_search_over_every_oficio_stays_within_the_fan_out_bound(crowded: Standalone) -> None:
    api = crowded.client
    oficios: list[dict[str, Any]] = (await api.get(f"{V1}/public/oficios")).json()
    assert len(oficios) >= MAX_CALLS
    cliente = await register(api, "CLIENTE")
    too_broad = await api.post(f"{LEGACY}/search", headers=cliente.headers, json=BROWSE)
    assert too_broad.status_code == 400, too_broad.text
    assert (
        too_broad.json()["detail"]
        == "La consulta es demasiado amplia; acotala (por ejemplo, elegí un oficio)"
    )
    # With an oficio, as the browse page's filter sends it, the same search is served.
    one = await api.post(
        f"{LEGACY}/search", headers=cliente.headers, json={**BROWSE, "oficio": oficios[0]["nombre"]}
    )
    assert one.status_code == 200, one.text
    assert one.json()["resultados"] == []
