"""Per-client settings chosen by the gateway's client hint (issue 20, rows 14 and 15; docs/legacy.md):
the access-token lifetime (auth) and the payment return pages (chat). A request through /legacy/api/v1
gets the legacy frontend's; a request on /api/v1 gets the platform's, whatever header its caller forged."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import jwt
import pytest
from sqlalchemy import select

from conectar.admin import rotate_signing_key
from conectar.auth.models import RefreshToken, SigningKey
from conectar.auth.settings import AuthSettings
from conectar.chat import remote
from conectar.chat.settings import ChatSettings
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError
from conectar.platform.security import JWKS_MIN_REFRESH_SECONDS
from tests.conftest import standalone_settings
from tests.factories import (
    PASSWORD,
    Account,
    Pro,
    approved_professional,
    create_admin,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
    wait_state,
)
from tests.services.conftest import Standalone, running_standalone
from tests.services.test_gateway_support import running_gateway, serve

LEGACY = "/legacy/api/v1"
V1 = "/api/v1"
FORGED = {"X-Conectar-Client": "legacy-frontend"}
LEGACY_TTL = 3600
DEFAULT_TTL = 900


FRONTEND = "http://localhost:3000"
RETURN_PAGES = {
    "success": f"{FRONTEND}/payment/success",
    "failure": f"{FRONTEND}/payment/failure?trabajo={{trabajo_id}}",
    "pending": f"{FRONTEND}/payment/success",
}


@pytest.fixture(scope="module")
async def standalone(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Standalone]:
    """The platform with the layer on and the legacy frontend's own settings, as an operator sets them."""
    async with running_standalone(
        tmp_path_factory.mktemp("legacy-per-client"), legacy_clients_enabled=True
    ) as platform:
        platform.ctx("auth").extras["auth_settings"] = AuthSettings(
            auth_client_access_token_ttl_seconds={"legacy-frontend": LEGACY_TTL}
        )
        platform.ctx("chat").extras["chat_settings"] = ChatSettings(
            chat_client_return_urls={"legacy-frontend": RETURN_PAGES}
        )
        yield platform


@pytest.fixture(scope="module")
async def admin(standalone: Standalone) -> Account:
    return await create_admin(standalone.settings, standalone.client)


@pytest.fixture(scope="module")
async def pro(standalone: Standalone, admin: Account) -> Pro:
    return await approved_professional(standalone.client, admin)


def lifetime(tokens: dict[str, Any]) -> int:
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert tokens["expires_in"] == claims["exp"] - claims["iat"]
    return int(claims["exp"] - claims["iat"])


async def log_in(api: httpx.AsyncClient, prefix: str, email: str, **headers: str) -> dict[str, Any]:
    answer = await api.post(
        f"{prefix}/auth/login", data={"username": email, "password": PASSWORD}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


# --- row 14: the access token's lifetime --------------------------------------------------------------------


async def test_the_legacy_frontend_gets_its_configured_token_lifetime(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    account = await register(api, "CLIENTE")
    # authService.login: the form, through the legacy prefix.
    legacy = await log_in(api, LEGACY, account.email)
    assert lifetime(legacy) == LEGACY_TTL
    # Our own clients, with or without a forged claim to be the legacy frontend: the platform's default.
    assert lifetime(await log_in(api, V1, account.email)) == DEFAULT_TTL
    assert lifetime(await log_in(api, V1, account.email, **FORGED)) == DEFAULT_TTL
    # A refresh follows the hint of the request that makes it.
    again = await api.post(f"{LEGACY}/auth/refresh", json={"refresh_token": legacy["refresh_token"]})
    assert again.status_code == 200, again.text
    assert lifetime(again.json()) == LEGACY_TTL
    forged = await api.post(
        f"{V1}/auth/refresh", json={"refresh_token": again.json()["refresh_token"]}, headers=FORGED
    )
    assert forged.status_code == 200, forged.text
    assert lifetime(forged.json()) == DEFAULT_TTL
    # The legacy token works on both prefixes (the same person, the same token).
    headers = {"Authorization": f"Bearer {again.json()['access_token']}"}
    assert (await api.get(f"{LEGACY}/users/me", headers=headers)).status_code == 200
    assert (await api.get(f"{V1}/users/me", headers=headers)).status_code == 200


async def test_a_long_lived_token_is_revoked_at_once_and_for_as_long_as_it_lives(
    standalone: Standalone, api: httpx.AsyncClient
) -> None:
    account = await register(api, "CLIENTE")
    tokens = await log_in(api, LEGACY, account.email)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    # The session's link records the token's own expiry: what revoking it later covers.
    async with standalone.ctx("auth").db.session(write=False) as session:
        link = (
            await session.execute(select(RefreshToken).where(RefreshToken.access_jti == claims["jti"]))
        ).scalar_one()
    assert int(link.access_expires_at.timestamp()) == claims["exp"]
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await api.get(f"{LEGACY}/users/me", headers=headers)).status_code == 200
    # Logout ends it at once, everywhere.
    out = await api.post(f"{LEGACY}/auth/logout", headers=headers, json={})
    assert out.status_code == 200, out.text
    assert (await api.get(f"{LEGACY}/users/me", headers=headers)).status_code == 401
    assert (await api.get(f"{V1}/users/me", headers=headers)).status_code == 401
    assert await standalone.host.infra.revocations.is_revoked(claims["jti"])
    # A password change ends the other sessions' long-lived tokens too.
    other = await log_in(api, LEGACY, account.email)
    current = await log_in(api, V1, account.email)
    changed = await api.post(
        f"{V1}/users/me/change-password",
        headers={"Authorization": f"Bearer {current['access_token']}"},
        json={"current_password": PASSWORD, "new_password": "otra-clave-segura-1"},
    )
    assert changed.status_code == 200, changed.text
    other_headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert (await api.get(f"{LEGACY}/users/me", headers=other_headers)).status_code == 401


async def test_old_signing_keys_stay_published_as_long_as_the_longest_token(
    standalone: Standalone, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "CONECTAR_AUTH_CLIENT_ACCESS_TOKEN_TTL_SECONDS", json.dumps({"legacy-frontend": LEGACY_TTL})
    )
    before = utcnow()
    new_kid = await rotate_signing_key(standalone.settings)
    standalone.ctx("auth").extras["keyring"].forget()
    async with standalone.ctx("auth").db.session(write=False) as session:
        keys = list((await session.execute(select(SigningKey))).scalars())
    retired = [k for k in keys if k.kid != new_kid and k.publish_until is not None]
    assert retired
    assert all((k.publish_until - before).total_seconds() >= LEGACY_TTL for k in retired)
    # Tokens signed from now on carry the new key id, which the gateway and the services learn at most
    # once a second: let that second pass before the module's other tests sign in.
    await asyncio.sleep(JWKS_MIN_REFRESH_SECONDS)


async def test_the_hint_reaches_auth_over_http_as_in_distributed_mode(
    standalone: Standalone, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A gateway whose auth service is another process: the forwarder (aiohttp) drops the forged header
    and writes the legacy layer's."""
    async with AsyncExitStack() as stack:
        auth_url = await stack.enter_async_context(serve(standalone.host.services["auth"]))
        settings = standalone_settings(
            tmp_path_factory.mktemp("legacy-per-client-http"), legacy_clients_enabled=True, auth_url=auth_url
        )
        gateway = await stack.enter_async_context(running_gateway(settings))
        api = await stack.enter_async_context(gateway.client())
        account = await register(standalone.client, "CLIENTE")
        assert lifetime(await log_in(api, LEGACY, account.email)) == LEGACY_TTL
        assert lifetime(await log_in(api, LEGACY, account.email, **{"X-Conectar-Client": "x"})) == LEGACY_TTL
        assert lifetime(await log_in(api, V1, account.email, **FORGED)) == DEFAULT_TTL
        assert lifetime(await log_in(api, V1, account.email)) == DEFAULT_TTL


# --- row 15: the payment's return pages ---------------------------------------------------------------------


async def offered(api: httpx.AsyncClient, pro: Pro) -> tuple[Account, dict[str, Any]]:
    cliente = await register(api, "CLIENTE")
    chat_id = await open_chat(api, cliente, pro.account)
    return cliente, await offer(api, pro.account, cliente, chat_id)


async def test_an_offer_accepted_through_legacy_returns_to_the_frontends_pages(
    standalone: Standalone, api: httpx.AsyncClient, pro: Pro
) -> None:
    cliente, oferta = await offered(api, pro)
    # OfferCard / dashboard/cliente/ofertas: POST accept, then window.location.href = payment_url.
    accepted = await api.post(f"{LEGACY}/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    paid = await pay_on_sandbox(api, accepted.json()["payment_url"])
    assert paid.status_code == 303, paid.text
    assert paid.headers["location"].startswith(f"{FRONTEND}/payment/success?")
    await wait_state(api, cliente, accepted.json()["trabajo_id"], "PAGADO_EN_ESCROW")


async def test_on_v1_a_forged_client_returns_to_the_platforms_pages(
    standalone: Standalone, api: httpx.AsyncClient, pro: Pro
) -> None:
    cliente, oferta = await offered(api, pro)
    accepted = await api.post(
        f"{V1}/cliente/ofertas/{oferta['id']}/accept", headers={**cliente.headers, **FORGED}
    )
    assert accepted.status_code == 200, accepted.text
    trabajo_id = accepted.json()["trabajo_id"]
    rejected = await pay_on_sandbox(api, accepted.json()["payment_url"], status="rejected")
    assert rejected.status_code == 303, rejected.text
    assert rejected.headers["location"].startswith(
        f"{standalone.settings.base_url}/pagos/{trabajo_id}/error?"
    )
    # Asking for the link again through /legacy: the checkout is open already, with its own pages.
    again = await api.post(f"{LEGACY}/cliente/trabajo/{trabajo_id}/pagar", headers=cliente.headers)
    assert again.status_code == 200, again.text
    assert again.json()["payment_url"] == accepted.json()["payment_url"]
    paid = await pay_on_sandbox(api, again.json()["payment_url"])
    assert paid.headers["location"].startswith(f"{standalone.settings.base_url}/pagos/{trabajo_id}/exito?")


async def test_an_instant_hire_through_legacy_returns_to_the_frontends_pages(
    api: httpx.AsyncClient, admin: Account
) -> None:
    oficio = (
        await api.post(
            f"{V1}/admin/oficios", headers=admin.headers, json={"nombre": f"Oficio {uuid.uuid4().hex[:10]}"}
        )
    ).json()
    pro = await approved_professional(api, admin)
    placed = await api.put(
        f"{V1}/professional/me",
        headers=pro.account.headers,
        json={"latitude": -34.6037, "longitude": -58.3816, "radio_cobertura_km": 15, "acepta_instant": True},
    )
    assert placed.status_code == 200, placed.text
    await api.put(
        f"{V1}/professional/profile/oficios", headers=pro.account.headers, json={"oficio_ids": [oficio["id"]]}
    )
    servicio = await api.post(
        f"{V1}/admin/servicios-instant",
        headers=admin.headers,
        json={"nombre": "Destapación de cañería", "oficio_id": oficio["id"]},
    )
    servicio_id = servicio.json()["id"]
    await api.put(
        f"{V1}/professional/profile/servicios-instant",
        headers=pro.account.headers,
        json={"servicio_ids": [servicio_id]},
    )
    await api.put(
        f"{V1}/professional/servicios-instant/{servicio_id}",
        headers=pro.account.headers,
        json={"precio_fijo": "12000.00"},
    )
    [proyecto] = (await api.get(f"{LEGACY}/servicios", params={"oficio_id": oficio["id"]})).json()
    cliente = await register(api, "CLIENTE")
    # clienteService.contratarProyecto: the adapter's v1 call carries the layer's hint too.
    hired = await api.post(f"{LEGACY}/cliente/servicios/{proyecto['id']}/contratar", headers=cliente.headers)
    assert hired.status_code == 200, hired.text
    trabajo_id = hired.json()["trabajo_id"]
    failed = await pay_on_sandbox(api, hired.json()["payment_url"], status="rejected")
    assert failed.headers["location"].startswith(f"{FRONTEND}/payment/failure?trabajo={trabajo_id}&")


async def test_a_checkout_opened_later_returns_to_the_pages_of_whoever_asks_for_it(
    standalone: Standalone, api: httpx.AsyncClient, pro: Pro, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The payments service refused the first attempt (accepted on v1): the client asking for the link
    through /legacy opens it, with the legacy frontend's pages."""
    cliente, oferta = await offered(api, pro)

    async def refusing(*_: Any) -> Any:
        raise BusinessRuleError("Pagos no disponible")

    with monkeypatch.context() as patched:
        patched.setattr(remote, "open_payment", refusing)
        accepted = await api.post(f"{V1}/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["payment_url"] is None
    trabajo_id = accepted.json()["trabajo_id"]
    link = await api.post(f"{LEGACY}/cliente/trabajo/{trabajo_id}/pagar", headers=cliente.headers)
    assert link.status_code == 200, link.text
    paid = await pay_on_sandbox(api, link.json()["payment_url"])
    assert paid.headers["location"].startswith(f"{FRONTEND}/payment/success?")


async def test_the_pages_are_the_operators_never_the_callers(api: httpx.AsyncClient, pro: Pro) -> None:
    """No request names a return page: a client the settings do not know gets the platform's."""
    cliente, oferta = await offered(api, pro)
    accepted = await api.post(
        f"{V1}/cliente/ofertas/{oferta['id']}/accept",
        headers=cliente.headers,
        params={"back_url": "https://evil.example/"},
    )
    assert accepted.status_code == 200, accepted.text
    paid = await pay_on_sandbox(api, accepted.json()["payment_url"])
    assert "evil.example" not in paid.headers["location"]
    assert f"/pagos/{accepted.json()['trabajo_id']}/exito?" in paid.headers["location"]
