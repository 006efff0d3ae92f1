"""Per-client settings (issue 20, rows 14 and 15) and the client hint the gateway gives the services."""

from __future__ import annotations

import json
import uuid

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from conectar.auth.settings import AuthSettings
from conectar.chat.money import RETURN_CLIENT, open_payload
from conectar.chat.settings import ChatSettings
from conectar.platform.client_hint import client_of, is_client_name


def request_with(headers: list[tuple[bytes, bytes]]) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": headers})


async def test_the_hint_is_a_plain_client_name_or_nothing() -> None:
    assert await client_of(request_with([(b"x-conectar-client", b"legacy-frontend")])) == "legacy-frontend"
    assert await client_of(request_with([])) is None
    for odd in (b"", b"Legacy", b"legacy frontend", b"-x", b"x" * 65, b"a/b", b"caf\xc3\xa9"):
        assert await client_of(request_with([(b"x-conectar-client", odd)])) is None, odd
    assert is_client_name("a")
    assert is_client_name("web.v2")


def test_access_token_lifetime_per_client(monkeypatch: pytest.MonkeyPatch) -> None:
    assert AuthSettings().auth_client_access_token_ttl_seconds == {}
    monkeypatch.setenv("CONECTAR_AUTH_CLIENT_ACCESS_TOKEN_TTL_SECONDS", '{"legacy-frontend": 3600}')
    settings = AuthSettings()
    assert settings.access_token_ttl("legacy-frontend", 900) == 3600
    assert settings.access_token_ttl("otro", 900) == 900
    assert settings.access_token_ttl(None, 900) == 900
    assert settings.longest_access_token_ttl(900) == 3600
    assert AuthSettings(auth_client_access_token_ttl_seconds={}).longest_access_token_ttl(900) == 900
    # Copied from .env.example with nothing set: no per-client lifetime.
    monkeypatch.setenv("CONECTAR_AUTH_CLIENT_ACCESS_TOKEN_TTL_SECONDS", "")
    assert AuthSettings().auth_client_access_token_ttl_seconds == {}


@pytest.mark.parametrize(
    "value",
    [
        '{"legacy-frontend": 3601}',  # at most an hour
        '{"legacy-frontend": 0}',
        '{"legacy-frontend": "mucho"}',
        '{"Legacy Frontend": 600}',  # not a client name the gateway could send
        '["legacy-frontend"]',
        "{no es json",
    ],
)
def test_malformed_lifetimes_are_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CONECTAR_AUTH_CLIENT_ACCESS_TOKEN_TTL_SECONDS", value)
    with pytest.raises((ValidationError, ValueError)):
        AuthSettings()


PAGES = {
    "success": "http://localhost:3000/payment/success",
    "failure": "https://front.example/pago/{trabajo_id}/error",
    "pending": "http://localhost:3000/payment/success?t={trabajo_id}",
}


def test_return_pages_per_client(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ChatSettings().chat_client_return_urls == {}
    monkeypatch.setenv("CONECTAR_CHAT_CLIENT_RETURN_URLS", json.dumps({"legacy-frontend": PAGES}))
    settings = ChatSettings()
    trabajo_id = uuid.uuid4()
    pages = settings.return_pages("legacy-frontend")
    assert pages is not None
    assert pages.back_urls(trabajo_id).model_dump() == {
        "success": "http://localhost:3000/payment/success",
        "failure": f"https://front.example/pago/{trabajo_id}/error",
        "pending": f"http://localhost:3000/payment/success?t={trabajo_id}",
    }
    assert settings.return_pages("otro") is None
    assert settings.return_pages(None) is None
    monkeypatch.setenv("CONECTAR_CHAT_CLIENT_RETURN_URLS", "")
    assert ChatSettings().chat_client_return_urls == {}


@pytest.mark.parametrize(
    "page",
    [
        "/payment/success",  # relative: the provider needs an absolute page
        "javascript:alert(1)",
        "ftp://front.example/x",
        "http:///sin-host",
        "http://front.example/{otro}",  # only {trabajo_id} is filled in
        "http://front.example/{trabajo_id.hex}",
        "http://front.example/{trabajo_id!r}",
        "http://front.example/{",
        "http://front.example/" + "x" * 900,
    ],
)
def test_malformed_return_pages_are_refused(monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    value = {"legacy-frontend": {**PAGES, "success": page}}
    monkeypatch.setenv("CONECTAR_CHAT_CLIENT_RETURN_URLS", json.dumps(value))
    with pytest.raises(ValidationError):
        ChatSettings()


def test_return_pages_name_every_outcome_of_a_known_client(monkeypatch: pytest.MonkeyPatch) -> None:
    for value in (
        {"legacy-frontend": {"success": PAGES["success"]}},
        {"legacy-frontend": {**PAGES, "otra": PAGES["success"]}},
        {"Legacy Frontend": PAGES},
    ):
        monkeypatch.setenv("CONECTAR_CHAT_CLIENT_RETURN_URLS", json.dumps(value))
        with pytest.raises(ValidationError):
            ChatSettings()


def test_the_open_payload_names_the_client_or_nobody() -> None:
    payload = {"trabajo_id": "t", "amount": "1.00"}
    named = open_payload(payload, "legacy-frontend")
    assert named == {**payload, RETURN_CLIENT: "legacy-frontend"}
    assert open_payload(named, None) == payload
    assert open_payload(named, "otro")[RETURN_CLIENT] == "otro"
    assert payload == {"trabajo_id": "t", "amount": "1.00"}  # never changed in place
