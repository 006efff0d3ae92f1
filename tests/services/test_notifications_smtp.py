"""E-mail over SMTP (aiosmtplib) to a local aiosmtpd server: the forgot-password flow from the e-mail
alone, an outage that delays but loses nothing, the dead-letter state and a permanent refusal."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import NoResultFound

from conectar.admin import create_admin_account
from conectar.contracts.events import KycApproved
from conectar.notifications.models import Delivery, DeliveryAttempt
from conectar.standins.smtp import REFUSED_PREFIX, MailCatcher
from tests.conftest import unique_email
from tests.factories import PASSWORD, Account, eventually, register
from tests.harness.notifications import LINK, notifications_standalone, staff
from tests.services.conftest import Standalone


@pytest.fixture(scope="module")
def smtp() -> Iterator[MailCatcher]:
    catcher = MailCatcher()
    catcher.start()
    yield catcher
    catcher.stop()


@pytest.fixture(scope="module")
async def standalone(
    tmp_path_factory: pytest.TempPathFactory, smtp: MailCatcher
) -> AsyncIterator[Standalone]:
    env = {
        "CONECTAR_SMTP_HOST": smtp.host,
        "CONECTAR_SMTP_PORT": str(smtp.port),
        "CONECTAR_SMTP_SECURITY": "auto",  # aiosmtpd offers no STARTTLS: plain, as a local relay would
        "CONECTAR_SMTP_TIMEOUT_SECONDS": "3",
        "CONECTAR_EMAIL_FROM_ADDRESS": "avisos@conectar.example",
    }
    async with notifications_standalone(tmp_path_factory.mktemp("smtp"), env) as platform:
        yield platform


async def attempts(
    standalone: Standalone, user_id: uuid.UUID, tipo: str
) -> tuple[Delivery, list[DeliveryAttempt]]:
    ctx = standalone.ctx("notifications")
    async with ctx.db.session(write=False) as session:
        delivery = (
            await session.execute(
                select(Delivery).where(
                    Delivery.user_id == user_id, Delivery.tipo == tipo, Delivery.channel == "email"
                )
            )
        ).scalar_one()
        rows = await session.execute(
            select(DeliveryAttempt)
            .where(DeliveryAttempt.delivery_id == delivery.id)
            .order_by(DeliveryAttempt.number)
        )
        return delivery, list(rows.scalars())


async def test_no_dev_mailbox_while_email_goes_out_over_smtp(
    standalone: Standalone, api: httpx.AsyncClient, smtp: MailCatcher
) -> None:
    """Standalone, but with a real mail channel: the mailbox is not there, not even for the staff."""
    person = await register(api)
    welcome = await smtp.wait_for(lambda m: person.email in m.recipients)  # the mail goes out over SMTP
    assert "Bienvenido/a" in welcome.subject
    notifications = standalone.host.services["notifications"]
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=notifications), base_url="http://notifications"
    ) as direct:
        for method, path in (
            ("GET", "/mensajes"),
            ("DELETE", "/mensajes"),
            ("GET", "/mensajes/20260101T000000000000-abc"),
            ("GET", "/mensajes/20260101T000000000000-abc/text"),
        ):
            url = f"/api/v1/dev/mailbox{path}"
            for response in (
                await api.request(method, url, headers=staff(api)),
                await direct.request(method, url),
            ):
                assert response.status_code == 404, (method, path)
                assert person.email not in response.text, (method, path)  # no copy of the mail kept here


async def test_forgot_password_over_smtp_from_the_email_alone(
    standalone: Standalone, api: httpx.AsyncClient, smtp: MailCatcher
) -> None:
    person = await register(api, nombre="Rosa")
    await api.post("/api/v1/auth/forgot-password", json={"email": person.email.upper()})
    mail = await smtp.wait_for(lambda m: person.email in m.recipients and "Restablecé" in m.subject)
    assert mail.sender == "avisos@conectar.example"
    assert mail.message["To"].addresses[0].addr_spec == person.email
    assert mail.message["From"].addresses[0].display_name == "ConectarProfesionales"
    assert "Rosa" in mail.text
    [link] = [link for link in LINK.findall(mail.text) if "reset-password" in link]
    assert link in mail.html.replace("&amp;", "&")
    token = httpx.URL(link).params["token"]
    assert (
        await api.post(
            "/api/v1/auth/reset-password", json={"token": token, "new_password": "nueva-clave-789"}
        )
    ).status_code == 200
    login = await api.post(
        "/api/v1/auth/login", data={"username": person.email, "password": "nueva-clave-789"}
    )
    assert login.status_code == 200
    # The link works once.
    again = await api.post(
        "/api/v1/auth/reset-password", json={"token": token, "new_password": "otra-mas-000"}
    )
    assert again.status_code == 400


async def test_an_smtp_outage_delays_but_loses_nothing(
    standalone: Standalone, api: httpx.AsyncClient, smtp: MailCatcher
) -> None:
    person = await register(api)
    await smtp.wait_for(lambda m: person.email in m.recipients)  # the welcome
    smtp.stop()
    try:
        await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))

        async def retried() -> bool:
            try:
                _, rows = await attempts(standalone, person.id, "kyc_aprobado")
            except NoResultFound:
                return False
            return len(rows) >= 2

        await eventually(retried)
        delivery, rows = await attempts(standalone, person.id, "kyc_aprobado")
        assert delivery.status == "pending"
        assert all(row.outcome == "retry" for row in rows)
        assert rows[0].error is not None
        assert rows[0].error.startswith("SMTP no disponible")
        assert person.email not in (rows[0].error or "")
        assert not [m for m in smtp.to(person.email) if "verificada" in m.subject]
    finally:
        smtp.start()
    await smtp.wait_for(lambda m: person.email in m.recipients and "verificada" in m.subject)

    async def recorded() -> bool:
        delivery, _ = await attempts(standalone, person.id, "kyc_aprobado")
        return delivery.status == "sent"  # the outcome is recorded just after the server took it

    await eventually(recorded)
    delivery, rows = await attempts(standalone, person.id, "kyc_aprobado")
    assert rows[-1].outcome == "sent"
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    assert len([m for m in smtp.to(person.email) if "verificada" in m.subject]) == 1


async def test_after_the_last_attempt_a_delivery_is_dead_until_an_admin_retries_it(
    standalone: Standalone, api: httpx.AsyncClient, smtp: MailCatcher
) -> None:
    person = await register(api)
    await smtp.wait_for(lambda m: person.email in m.recipients)
    smtp.stop()
    try:
        await standalone.publish(KycApproved(profesional_id=uuid.uuid4(), user_id=person.id))

        async def dead() -> bool:
            try:
                delivery, _ = await attempts(standalone, person.id, "kyc_aprobado")
            except NoResultFound:
                return False
            return delivery.status == "dead"

        await eventually(dead, timeout=30)
        _, rows = await attempts(standalone, person.id, "kyc_aprobado")
        assert [row.outcome for row in rows] == ["retry"] * 5 + [
            "dead"
        ]  # CONECTAR_NOTIFICATIONS_MAX_ATTEMPTS=6
    finally:
        smtp.start()
    email = unique_email("admin")
    await create_admin_account(standalone.settings, email=email, password=PASSWORD, nombre="A", apellido="D")
    tokens = (await api.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})).json()
    admin = {"Authorization": f"Bearer {tokens['access_token']}"}
    log = await api.get(
        "/api/v1/notificaciones/admin/entregas", headers=admin, params={"estado": "dead", "canal": "email"}
    )
    [entry] = [e for e in log.json()["entregas"] if e["usuario_id"] == str(person.id)]
    assert len(entry["historial"]) == 6
    retried = await api.post(f"/api/v1/notificaciones/admin/entregas/{entry['id']}/reintentar", headers=admin)
    assert retried.status_code == 200
    await smtp.wait_for(lambda m: person.email in m.recipients and "verificada" in m.subject)

    async def sent() -> bool:
        delivery, _ = await attempts(standalone, person.id, "kyc_aprobado")
        return delivery.status == "sent"

    await eventually(sent)
    log = await api.get("/api/v1/notificaciones/admin/entregas", headers=admin, params={"limit": 100})
    [entry] = [e for e in log.json()["entregas"] if e["id"] == entry["id"]]
    # The log tells the story in order: the first round, then the admin's retry (numbered afresh).
    assert [a["resultado"] for a in entry["historial"]] == ["retry"] * 5 + ["dead", "sent"]
    assert [a["numero"] for a in entry["historial"]] == [1, 2, 3, 4, 5, 6, 1]


async def test_a_recipient_refused_for_good_is_not_retried(
    standalone: Standalone, api: httpx.AsyncClient, smtp: MailCatcher
) -> None:
    person = await register_refused(api)

    async def dead() -> bool:
        try:
            delivery, _ = await attempts(standalone, person.id, "bienvenida")
        except NoResultFound:
            return False
        return delivery.status == "dead"

    await eventually(dead)
    _, rows = await attempts(standalone, person.id, "bienvenida")
    assert len(rows) == 1
    assert rows[0].error == "SMTP destinatario rechazado [550]"


async def register_refused(api: httpx.AsyncClient) -> Account:
    email = f"{REFUSED_PREFIX}-{uuid.uuid4().hex[:10]}@example.com"
    created = await api.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "nombre": "No", "apellido": "Existe", "rol": "CLIENTE"},
    )
    assert created.status_code == 201
    return Account(uuid.UUID(created.json()["id"]), email, PASSWORD, "CLIENTE", "", "")
