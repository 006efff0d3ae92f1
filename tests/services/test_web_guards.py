"""Every page of the staff and professional areas is guarded by its router (SPEC: the role check comes
first): walked route by route, with each method, a signed-out visitor is sent to the login and a person of
another role gets 403 — so a page added without a check of its own is still refused."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Sequence

import pytest
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from conectar.web.routes import admin, onboarding, professional
from tests.factories import approved_professional, create_admin, register
from tests.services.conftest import LiveStandalone
from tests.services.test_web_pages import Browser

PARAM = re.compile(r"\{[^}]+\}")


def pages(router_routes: Sequence[BaseRoute]) -> Iterator[tuple[str, str]]:
    for route in router_routes:
        assert isinstance(route, APIRoute)
        path = PARAM.sub(lambda _: str(uuid.uuid4()), route.path)
        for method in sorted(route.methods or ()):
            yield method, path


AREAS = {
    "ADMIN": list(pages(admin.router.routes)),
    "PROFESIONAL": list(pages(professional.router.routes)) + list(pages(onboarding.router.routes)),
}


async def _visit(client: Browser, method: str, path: str) -> int:
    if method == "GET":
        return (await client.get(path)).status_code
    return (await client.post(path, {})).status_code


@pytest.mark.parametrize("area", sorted(AREAS))
async def test_every_page_of_an_area_refuses_other_roles_and_signed_out_visitors(
    live: LiveStandalone, area: str
) -> None:
    api = live.client
    admin_account = await create_admin(live.settings, api)
    others = {
        "ADMIN": [await register(api, "CLIENTE"), (await approved_professional(api, admin_account)).account],
        "PROFESIONAL": [await register(api, "CLIENTE"), admin_account],
    }[area]
    assert len(AREAS[area]) >= 15
    anonymous = Browser(live.base_url, live.base_url)
    try:
        for method, path in AREAS[area]:
            assert await _visit(anonymous, method, path) in (302, 303), (method, path)
    finally:
        await anonymous.close()
    for account in others:
        client = Browser(live.base_url, live.base_url)
        try:
            await client.login(account.email, account.password)
            for method, path in AREAS[area]:
                assert await _visit(client, method, path) == 403, (account.rol, method, path)
        finally:
            await client.close()
