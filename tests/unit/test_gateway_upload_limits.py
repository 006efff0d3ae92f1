"""Operations with their own upload limit (``UPLOAD_LIMITS``): the gateway cuts a chat attachment's body at
10 MB plus the multipart framing, says so in Spanish, and leaves every other body at the general limits."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from conectar.contracts.routing import MEGABYTE, MULTIPART_ALLOWANCE
from conectar.gateway.policies import BodyLimiter, body_limit, body_refusal
from conectar.platform.errors import PayloadTooLarge
from conectar.platform.settings import Settings

SETTINGS = Settings(max_body_bytes=1024 * 1024, max_upload_bytes=60 * MEGABYTE)
ADJUNTOS = f"/api/v1/chat/{uuid.uuid4()}/adjuntos"
MULTIPART = (b"content-type", b"multipart/form-data; boundary=x")


def scope(method: str, path: str, *headers: tuple[bytes, bytes]) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "headers": list(headers)}


def test_a_chat_attachment_has_its_own_limit_and_message() -> None:
    attachment = scope("POST", ADJUNTOS, MULTIPART)
    assert body_limit(attachment, SETTINGS) == 10 * MEGABYTE + MULTIPART_ALLOWANCE
    assert body_refusal(attachment) == "El archivo supera el tamaño máximo de 10 MB"
    # The same path with a JSON body, another method or another path: the general limits.
    assert (
        body_limit(scope("POST", ADJUNTOS, (b"content-type", b"application/json")), SETTINGS) == 1024 * 1024
    )
    assert body_limit(scope("PUT", ADJUNTOS, MULTIPART), SETTINGS) == 60 * MEGABYTE
    assert body_limit(scope("POST", "/api/v1/users/me/avatar", MULTIPART), SETTINGS) == 60 * MEGABYTE
    assert body_refusal(scope("POST", "/api/v1/users/me/avatar", MULTIPART)) is None


def test_the_refusal_says_why_whether_declared_or_streamed() -> None:
    attachment = scope("POST", ADJUNTOS, MULTIPART, (b"content-length", str(11 * MEGABYTE).encode()))
    limiter = BodyLimiter(_never, body_limit(attachment, SETTINGS), body_refusal(attachment))
    with pytest.raises(PayloadTooLarge) as declared:
        limiter.check_declared(attachment)
    assert declared.value.detail == "El archivo supera el tamaño máximo de 10 MB"

    chunks = iter([MEGABYTE] * 11)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"\x00" * next(chunks), "more_body": True}

    streamed = BodyLimiter(receive, body_limit(attachment, SETTINGS), body_refusal(attachment))

    async def read_all() -> None:
        while True:
            await streamed.receive()

    with pytest.raises(PayloadTooLarge) as cut:
        asyncio.run(read_all())
    assert cut.value.detail == "El archivo supera el tamaño máximo de 10 MB"
    assert streamed.received <= 11 * MEGABYTE


async def _never() -> dict[str, Any]:
    raise AssertionError("the body must not be read")
