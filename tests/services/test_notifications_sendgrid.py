"""E-mail through SendGrid's v3 Web API, against the local stand-in written from SendGrid's documentation."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from conectar.contracts.events import KycApproved, KycRejected
from conectar.notifications.models import Delivery, DeliveryAttempt
from conectar.standins.sendgrid import SendGridState, create_app
from conectar.standins.server import ServerThread
from tests.factories import eventually, register
from tests.harness.notifications import notifications_standalone
from tests.services.conftest import Standalone

API_KEY = "SG.test-" + uuid.uuid4().hex


@pytest.fixture(scope="module")
def sendgrid() -> Iterator[tuple[SendGridState, str]]:
    state = SendGridState(api_key=API_KEY)
    server = ServerThread(create_app(state)).start()
    yield state, server.url
    server.stop()


@pytest.fixture(scope="module")
async def standalone(
    tmp_path_factory: pytest.TempPathFactory, sendgrid: tuple[SendGridState, str]
) -> AsyncIterator[Standalone]:
    env = {
        "CONECTAR_SENDGRID_API_KEY": API_KEY,
        "CONECTAR_SENDGRID_BASE_URL": sendgrid[1],
        "CONECTAR_EMAIL_FROM_ADDRESS": "avisos@conectar.example",
        "CONECTAR_EMAIL_REPLY_TO": "soporte@conectar.example",
    }
    async with notifications_standalone(tmp_path_factory.mktemp("sendgrid"), env) as platform:
        yield platform


def sent_to(state: SendGridState, address: str, subject: str) -> list[dict[str, Any]]:
    return [
        m
        for m in state.messages
        if m["personalizations"][0]["to"][0]["email"] == address and subject in m["subject"]
    ]


async def delivery_of(
    standalone: Standalone, user_id: uuid.UUID, tipo: str
) -> tuple[Delivery | None, list[str]]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        row = (
            await session.execute(select(Delivery).where(Delivery.user_id == user_id, Delivery.tipo == tipo))
        ).scalar_one_or_none()
        if row is None:
            return None, []
        outcomes = await session.execute(
            select(DeliveryAttempt.outcome)
            .where(DeliveryAttempt.delivery_id == row.id)
            .order_by(DeliveryAttempt.number)
        )
        return row, list(outcomes.scalars())


async def test_mail_goes_through_the_web_api(
    standalone: Standalone, api: httpx.AsyncClient, sendgrid: tuple[SendGridState, str]
) -> None:
    state, _ = sendgrid
    person = await register(api, nombre="Lucía")
    [message] = await eventually(lambda: _async(sent_to(state, person.email, "Bienvenido/a")))
    assert message["from"] == {"email": "avisos@conectar.example", "name": "ConectarProfesionales"}
    assert message["reply_to"] == {"email": "soporte@conectar.example"}
    assert message["personalizations"][0]["to"][0]["name"] == "Lucía"
    assert [c["type"] for c in message["content"]] == ["text/plain", "text/html"]
    assert message["content"][0]["value"].startswith("Hola Lucía:")
    assert message["categories"] == ["bienvenida"]
    assert message["headers"]["X-Conectar-Tipo"] == "bienvenida"
    await eventually(lambda: _sent(standalone, person.id, "bienvenida"))
    delivery, outcomes = await delivery_of(standalone, person.id, "bienvenida")
    assert delivery is not None
    assert delivery.provider_id == message["x_message_id"]
    assert outcomes == ["sent"]


async def test_unavailable_and_rate_limited_answers_are_retried(
    standalone: Standalone, api: httpx.AsyncClient, sendgrid: tuple[SendGridState, str]
) -> None:
    state, _ = sendgrid
    person = await register(api)
    await eventually(lambda: _async(sent_to(state, person.email, "Bienvenido/a")))
    state.fail_next(503, 429)
    await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))
    await eventually(lambda: _async(sent_to(state, person.email, "verificada")))
    await eventually(lambda: _sent(standalone, person.id, "kyc_aprobado"))
    delivery, outcomes = await delivery_of(standalone, person.id, "kyc_aprobado")
    assert outcomes == ["retry", "retry", "sent"]
    assert delivery is not None
    assert delivery.status == "sent"


async def test_a_revoked_key_waits_and_a_refusal_is_final(
    standalone: Standalone, api: httpx.AsyncClient, sendgrid: tuple[SendGridState, str]
) -> None:
    state, _ = sendgrid
    person = await register(api)
    await eventually(lambda: _async(sent_to(state, person.email, "Bienvenido/a")))
    state.api_key = "SG.revoked"
    try:
        await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))

        async def refused() -> bool:
            _, outcomes = await delivery_of(standalone, person.id, "kyc_aprobado")
            return len(outcomes) >= 1

        await eventually(refused)
        delivery, _ = await delivery_of(standalone, person.id, "kyc_aprobado")
        assert delivery is not None
        assert delivery.last_error == "SendGrid HTTP 401: credenciales rechazadas"
    finally:
        state.api_key = API_KEY
    await eventually(lambda: _async(sent_to(state, person.email, "verificada")))

    state.fail_next(400)
    await standalone.publish(KycRejected(profesional_id=uuid.uuid4(), user_id=person.id, motivo="x"))

    async def dead() -> bool:
        delivery, _ = await delivery_of(standalone, person.id, "kyc_rechazado")
        return delivery is not None and delivery.status == "dead"

    await eventually(dead)
    _, outcomes = await delivery_of(standalone, person.id, "kyc_rechazado")
    assert outcomes == ["dead"]


async def _sent(standalone: Standalone, user_id: uuid.UUID, tipo: str) -> bool:
    """The outcome is recorded just after the provider took the message."""
    delivery, _ = await delivery_of(standalone, user_id, tipo)
    return delivery is not None and delivery.status == "sent"


async def _async(value: Any) -> Any:
    return value
