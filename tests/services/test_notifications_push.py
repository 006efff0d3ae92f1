"""Push through FCM's HTTP v1 API (service-account OAuth), against the local stand-in written from the
FCM and Google OAuth documentation: delivery per device, invalid tokens pruned, transient errors
retried without sending twice, the access token cached."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conectar.contracts.events import KycApproved, MessageSent, OfferAccepted
from conectar.notifications.models import Delivery, DeviceToken
from conectar.standins.fcm import (
    FcmState,
    create_app,
    generate_service_account,
    write_service_account,
)
from conectar.standins.server import ServerThread
from tests.factories import Account, eventually, register
from tests.harness.notifications import notifications_standalone, staff, wait_notification
from tests.services.conftest import Standalone

PROJECT = "conectar-push-test"


@pytest.fixture(scope="module")
def fcm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FcmState, str, Path]]:
    state = FcmState(project_id=PROJECT)
    server = ServerThread(create_app(state)).start()
    info = generate_service_account(project_id=PROJECT, token_uri=f"{server.url}/token")
    state.add_account(info)
    key = write_service_account(tmp_path_factory.mktemp("fcm") / "service-account.json", info)
    yield state, server.url, key
    server.stop()


@pytest.fixture(scope="module")
async def standalone(
    tmp_path_factory: pytest.TempPathFactory, fcm: tuple[FcmState, str, Path]
) -> AsyncIterator[Standalone]:
    _, url, key = fcm
    env = {
        "CONECTAR_EMAIL_PROVIDER": "mailbox",
        "CONECTAR_FCM_SERVICE_ACCOUNT_FILE": str(key),
        "CONECTAR_FCM_ENDPOINT": url,
    }
    async with notifications_standalone(tmp_path_factory.mktemp("push"), env) as platform:
        yield platform


def device(prefix: str = "device") -> str:
    return f"{prefix}-{uuid.uuid4().hex}{uuid.uuid4().hex}"


async def add_device(
    api: httpx.AsyncClient, person: Account, token: str, device_type: str = "android"
) -> None:
    response = await api.post(
        "/api/v1/notificaciones/push/registrar",
        headers=person.headers,
        json={"token": token, "device_type": device_type},
    )
    assert response.status_code == 200, response.text


async def tokens_of(standalone: Standalone, user_id: uuid.UUID) -> set[str]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        rows = await session.execute(select(DeviceToken.token).where(DeviceToken.user_id == user_id))
        return set(rows.scalars())


async def push_deliveries(standalone: Standalone, user_id: uuid.UUID) -> list[Delivery]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        rows = await session.execute(
            select(Delivery).where(Delivery.user_id == user_id, Delivery.channel == "push")
        )
        return list(rows.scalars())


async def settled(api: httpx.AsyncClient, rol: str = "CLIENTE") -> Account:
    """A new account whose welcome was already handled (so it is not pushed to devices added next)."""
    person = await register(api, rol)
    await wait_notification(api, person, "bienvenida")
    return person


async def _now(value: Any) -> Any:
    return value


async def test_push_reaches_every_device_and_invalid_tokens_are_pruned(
    standalone: Standalone, api: httpx.AsyncClient, fcm: tuple[FcmState, str, Path]
) -> None:
    state, _, _ = fcm
    pro = await register(api, "PROFESIONAL")
    phone, browser, stale, broken = device(), device("web"), device(), device("invalid")
    state.unregistered.add(stale)
    for token in (phone, browser, stale, broken):
        await add_device(api, pro, token, "web" if token == browser else "android")
    trabajo_id = uuid.uuid4()
    await standalone.publish(
        OfferAccepted(
            oferta_id=uuid.uuid4(),
            trabajo_id=trabajo_id,
            profesional_id=pro.id,
            cliente_id=uuid.uuid4(),
            precio_final=Decimal("12000"),
        )
    )

    def accepted(token: str) -> list[dict[str, Any]]:
        # (The welcome may have been pushed too, if the devices were registered before it went out.)
        return [m for m in state.sent_to(token) if m["data"]["tipo"] == "oferta_aceptada"]

    await eventually(lambda: _now(accepted(phone) and accepted(browser)))
    [message] = accepted(phone)
    assert message["notification"] == {
        "title": "¡Oferta aceptada!",
        "body": "El cliente aceptó tu oferta por $ 12.000. Te avisamos cuando se acredite el pago.",
    }
    assert message["data"]["tipo"] == "oferta_aceptada"
    assert message["data"]["url"] == f"{standalone.settings.base_url}/trabajos/{trabajo_id}"
    uuid.UUID(message["data"]["notificacion_id"])

    async def pruned() -> bool:
        return await tokens_of(standalone, pro.id) == {phone, browser}

    await eventually(pruned)

    async def recorded() -> Delivery | None:
        rows = [d for d in await push_deliveries(standalone, pro.id) if d.status == "sent"]
        return rows[0] if rows else None

    delivery = await eventually(recorded)
    assert delivery.provider_id is not None
    assert delivery.provider_id.startswith(f"projects/{PROJECT}/messages/")


async def test_no_device_or_push_switched_off_means_no_push(
    standalone: Standalone, api: httpx.AsyncClient, fcm: tuple[FcmState, str, Path]
) -> None:
    state, _, _ = fcm
    without = await settled(api)
    muted = await settled(api)
    token = device()
    await add_device(api, muted, token)
    await api.put(
        "/api/v1/notificaciones/preferencias",
        headers=muted.headers,
        json={"preferencias": {"kyc_aprobado": {"push": False}}},
    )
    for person in (without, muted):
        await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await eventually(lambda: _mail_count(api, muted.email))
    assert not await push_deliveries(standalone, without.id)
    assert not await push_deliveries(standalone, muted.id)
    assert not state.sent_to(token)


async def _mail_count(api: httpx.AsyncClient, address: str) -> int:
    response = await api.get("/api/v1/dev/mailbox/mensajes", headers=staff(api))
    return len([m for m in response.json() if address in m["to"] and "verificada" in m["subject"]])


async def test_a_transient_failure_is_retried_without_pushing_twice(
    standalone: Standalone, api: httpx.AsyncClient, fcm: tuple[FcmState, str, Path]
) -> None:
    state, _, _ = fcm
    person = await settled(api)
    first, second = device(), device()
    await add_device(api, person, first)
    await add_device(api, person, second)
    state.fail_next(503)  # one of the two devices fails once
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await eventually(lambda: _now(state.sent_to(first) and state.sent_to(second)))

    async def sent() -> bool:
        rows = await push_deliveries(standalone, person.id)
        return bool(rows) and rows[0].status == "sent"

    await eventually(sent)
    [delivery] = await push_deliveries(standalone, person.id)
    assert delivery.attempts == 2
    assert len(state.sent_to(first)) == 1
    assert len(state.sent_to(second)) == 1


async def test_the_access_token_is_cached_and_renewed_when_refused(
    standalone: Standalone, api: httpx.AsyncClient, fcm: tuple[FcmState, str, Path]
) -> None:
    state, _, _ = fcm
    person = await settled(api)
    token = device()
    await add_device(api, person, token)
    before = state.token_requests
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await eventually(lambda: _now(len(state.sent_to(token)) == 1))
    assert state.token_requests == before  # the token from earlier sends was reused
    state.revoke_access_tokens()
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await eventually(lambda: _now(len(state.sent_to(token)) == 2))
    assert state.token_requests == before + 1


async def test_a_chat_burst_pushes_once(
    standalone: Standalone, api: httpx.AsyncClient, fcm: tuple[FcmState, str, Path]
) -> None:
    state, _, _ = fcm
    cliente, pro = await settled(api), await register(api, "PROFESIONAL")
    token = device()
    await add_device(api, cliente, token)
    chat_id = uuid.uuid4()

    def message(text: str) -> MessageSent:
        return MessageSent(
            message_id=uuid.uuid4(),
            chat_id=chat_id,
            sender_id=pro.id,
            recipient_id=cliente.id,
            sender_nombre="Pablo",
            preview=text,
        )

    await standalone.publish(message("primero"))
    await eventually(lambda: _now(state.sent_to(token)))
    for n in range(10):
        await standalone.publish(message(f"otro {n}"))

    async def folded() -> Delivery | None:
        rows = [d for d in await push_deliveries(standalone, cliente.id) if d.status == "pending"]
        return rows[0] if rows and rows[0].coalesced == 10 else None

    waiting = await eventually(folded)
    assert waiting.context["titulo"] == "10 mensajes nuevos de Pablo"
    [pushed] = state.sent_to(token)
    assert pushed["notification"]["title"] == "Mensaje nuevo de Pablo"
    assert pushed["notification"]["body"] == "primero"
