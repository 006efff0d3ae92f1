"""Helpers for driving the platform through the gateway."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aio_pika
import httpx

from conectar.contracts.events import EventEnvelope, IntegrationEvent
from conectar.platform.db import utcnow
from tests.conftest import unique_email
from tests.integration.conftest import Platform
from tests.services.conftest import BROKER_URL

PASSWORD = "clave-segura-123"


@dataclass
class Account:
    id: uuid.UUID
    email: str
    password: str
    rol: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


async def login(api: httpx.AsyncClient, email: str, password: str) -> dict[str, Any]:
    response = await api.post("/api/v1/auth/login", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def register(api: httpx.AsyncClient, rol: str = "CLIENTE", **extra: Any) -> Account:
    email = unique_email(rol.lower())
    body = {
        "email": email,
        "password": PASSWORD,
        "nombre": "Nombre",
        "apellido": "Apellido",
        "rol": rol,
        **extra,
    }
    response = await api.post("/api/v1/auth/register", json=body)
    assert response.status_code == 201, response.text
    tokens = await login(api, email, PASSWORD)
    return Account(
        id=uuid.UUID(response.json()["id"]),
        email=email,
        password=PASSWORD,
        rol=rol,
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


async def open_chat(api: httpx.AsyncClient, cliente: Account, pro: Account) -> str:
    """The conversation between a client and a professional (opened by the client); its id."""
    chat = await api.post(
        "/api/v1/chat/create",
        headers=cliente.headers,
        json={"cliente_id": str(cliente.id), "profesional_id": str(pro.id)},
    )
    assert chat.status_code == 201, chat.text
    return str(chat.json()["id"])


async def create_admin(platform: Platform, api: httpx.AsyncClient) -> Account:
    email = unique_email("admin")
    result = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "conectar", "create-admin", "--email", email, "--password", PASSWORD],
        env=platform.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    tokens = await login(api, email, PASSWORD)
    me = await api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200, me.text
    return Account(
        id=uuid.UUID(me.json()["id"]),
        email=email,
        password=PASSWORD,
        rol="ADMIN",
        access_token=tokens["access_token"],
        refresh_token=tokens["refresh_token"],
    )


async def eventually(
    check: Callable[[], Awaitable[bool]], timeout: float = 15.0, interval: float = 0.1
) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(interval)


class EventTap:
    """A temporary queue bound to the platform's exchange, to read the events a flow publishes."""

    def __init__(self, platform: Platform, *event_types: str) -> None:
        self.platform = platform
        self.event_types = event_types
        self.queue: aio_pika.abc.AbstractQueue | None = None
        self.connection: aio_pika.abc.AbstractConnection | None = None

    async def __aenter__(self) -> EventTap:

        self.connection = await aio_pika.connect(BROKER_URL)
        channel = await self.connection.channel()
        exchange = await channel.declare_exchange(
            f"{self.platform.namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        self.queue = await channel.declare_queue(exclusive=True, auto_delete=True)
        for event_type in self.event_types:
            await self.queue.bind(exchange, routing_key=event_type)
        return self

    async def __aexit__(self, *_: object) -> None:
        if self.connection is not None:
            await self.connection.close()

    async def next(
        self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 15.0
    ) -> dict[str, Any]:
        import json

        assert self.queue is not None
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            message = await self.queue.get(fail=False, no_ack=True)
            if message is None:
                await asyncio.sleep(0.05)
                continue
            envelope: dict[str, Any] = json.loads(message.body)
            if predicate(envelope):
                return envelope
        raise AssertionError(f"no matching {self.event_types} event")


async def publish(platform: Platform, event: IntegrationEvent) -> EventEnvelope:
    """Publish ``event`` on RabbitMQ as another service's outbox relay would."""
    envelope = EventEnvelope(
        id=uuid.uuid4(),
        type=event.event_type(),
        occurred_at=utcnow(),
        producer="test",
        payload=json.loads(event.model_dump_json()),
    )
    connection = await aio_pika.connect(BROKER_URL)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            f"{platform.namespace}.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        await exchange.publish(
            aio_pika.Message(
                body=envelope.model_dump_json().encode(),
                message_id=str(envelope.id),
                type=envelope.type,
                content_type="application/json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=envelope.type,
        )
    return envelope
