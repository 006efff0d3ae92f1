"""No personal data in any service's logs: a story that carries e-mails, a password, tokens, a phone number,
a bank account (CBU) and a home address through every service leaves none of them in the JSON logs — while
the lines that were written still let an operator follow it (request ids)."""

from __future__ import annotations

import json

import httpx

from tests.factories import (
    PASSWORD,
    approved_professional,
    cbu,
    create_admin,
    login,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
)
from tests.integration.conftest import Platform

PHONE = "11 4567 8910"
ADDRESS = "Avenida Siempreviva 742"


async def test_a_whole_story_leaves_no_personal_data_in_the_logs(
    platform: Platform, api: httpx.AsyncClient
) -> None:
    admin = await create_admin(platform, api)
    pro = (await approved_professional(api, admin)).account
    cliente = await register(api, "CLIENTE")
    tokens = await login(api, cliente.email, PASSWORD)
    chat_id = await open_chat(api, cliente, pro)
    sent = await api.post(
        "/api/v1/chat/send-message",
        headers=cliente.headers,
        json={"chat_id": chat_id, "text": f"Vivo en {ADDRESS}, llamame al {PHONE}"},
    )
    assert sent.status_code == 200, sent.text
    oferta = await offer(api, pro, cliente, chat_id, "9000.00")
    accepted = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
    assert accepted.status_code == 200, accepted.text
    paid = await pay_on_sandbox(api, accepted.json()["payment_url"])
    assert paid.status_code in (302, 303), paid.text
    forgot = await api.post("/api/v1/auth/forgot-password", json={"email": cliente.email})
    assert forgot.status_code == 200, forgot.text
    wrong = await api.post("/api/v1/auth/login", data={"username": pro.email, "password": "no-es-la-clave"})
    assert wrong.status_code == 401

    secrets = {
        "e-mail": cliente.email,
        "professional's e-mail": pro.email,
        "admin's e-mail": admin.email,
        "password": PASSWORD,
        "wrong password": "no-es-la-clave",
        "access token": tokens["access_token"],
        "refresh token": tokens["refresh_token"],
        "CBU": cbu(),
        "phone": PHONE,
        "address": ADDRESS,
    }
    followed = 0
    for service in platform.service_urls:
        for line in platform.logs(service).splitlines():
            for what, value in secrets.items():
                assert value not in line, f"{service} logged the {what}: {line[:300]}"
            if line.startswith("{"):
                followed += "request_id" in json.loads(line)
    assert followed > 0  # the logs are there, JSON, and carry request ids
