"""FCM HTTP v1: the service-account JWT, the token cache, the message, and what each error means."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
import pytest

from conectar.notifications.channels.fcm import (
    JWT_BEARER,
    SCOPE,
    AccessTokens,
    AuthError,
    FcmClient,
    PushResult,
    ServiceAccount,
    classify,
    signed_assertion,
)
from conectar.standins.fcm import generate_service_account, public_key_of

TOKEN_URL = "https://oauth2.example/token"


@pytest.fixture(scope="module")
def info() -> dict[str, Any]:
    return generate_service_account(project_id="conectar-test", token_uri=TOKEN_URL)


def test_the_assertion_is_an_rs256_jwt_signed_by_the_service_account(info: dict[str, Any]) -> None:
    account = ServiceAccount.from_info(info)
    token = signed_assertion(account, token_url=TOKEN_URL, now=1_700_000_000)
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    assert header["typ"] == "JWT"
    assert header["kid"] == info["private_key_id"]
    claims = jwt.decode(
        token,
        public_key_of(info),
        algorithms=["RS256"],
        audience=TOKEN_URL,
        options={"verify_exp": False, "verify_iat": False},
    )
    assert claims == {
        "iss": info["client_email"],
        "scope": SCOPE,
        "aud": TOKEN_URL,
        "iat": 1_700_000_000,
        "exp": 1_700_003_600,
    }
    other = generate_service_account(project_id="x", token_uri=TOKEN_URL)
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token,
            public_key_of(other),
            algorithms=["RS256"],
            audience=TOKEN_URL,
            options={"verify_exp": False},
        )


def test_a_key_that_is_not_a_service_account_is_refused(info: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="service-account"):
        ServiceAccount.from_info({**info, "type": "authorized_user"})


async def test_access_tokens_are_exchanged_once_and_cached(info: dict[str, Any]) -> None:
    seen: list[dict[str, list[str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        assert str(request.url) == TOKEN_URL
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
        form = parse_qs(request.content.decode())
        seen.append(form)
        return httpx.Response(
            200, json={"access_token": f"ya29.{len(seen)}", "expires_in": 3599, "token_type": "Bearer"}
        )

    now = [1_700_000_000.0]
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    tokens = AccessTokens(ServiceAccount.from_info(info), TOKEN_URL, client, clock=lambda: now[0])
    assert await tokens.get() == "ya29.1"
    assert await tokens.get() == "ya29.1"
    assert seen[0]["grant_type"] == [JWT_BEARER]
    assert (
        jwt.decode(seen[0]["assertion"][0], options={"verify_signature": False})["iss"]
        == info["client_email"]
    )
    now[0] += 3000  # still valid for a while
    assert await tokens.get() == "ya29.1"
    now[0] += 500  # within the refresh margin
    assert await tokens.get() == "ya29.2"
    tokens.invalidate()
    assert await tokens.get() == "ya29.3"
    assert tokens.exchanges == 3


async def test_a_refused_exchange_is_an_auth_error(info: dict[str, Any]) -> None:
    client = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda _: httpx.Response(400, json={"error": "invalid_grant"}))
    )
    with pytest.raises(AuthError, match="HTTP 400"):
        await AccessTokens(ServiceAccount.from_info(info), TOKEN_URL, client).get()


def _error(
    status: int, code: str, details: list[dict[str, Any]] | None = None, **headers: str
) -> httpx.Response:
    body: dict[str, Any] = {"error": {"code": status, "message": "x", "status": code}}
    if details is not None:
        body["error"]["details"] = details
    return httpx.Response(status, json=body, headers=headers)


FCM_ERROR = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
BAD_REQUEST = "type.googleapis.com/google.rpc.BadRequest"


@pytest.mark.parametrize(
    ("response", "result"),
    [
        (httpx.Response(200, json={"name": "projects/p/messages/1"}), PushResult.OK),
        (
            _error(404, "NOT_FOUND", [{"@type": FCM_ERROR, "errorCode": "UNREGISTERED"}]),
            PushResult.INVALID_TOKEN,
        ),
        (
            _error(400, "INVALID_ARGUMENT", [{"@type": FCM_ERROR, "errorCode": "INVALID_ARGUMENT"}]),
            PushResult.INVALID_TOKEN,
        ),
        (
            _error(
                400,
                "INVALID_ARGUMENT",
                [{"@type": BAD_REQUEST, "fieldViolations": [{"field": "message.token"}]}],
            ),
            PushResult.INVALID_TOKEN,
        ),
        (
            _error(
                400,
                "INVALID_ARGUMENT",
                [{"@type": BAD_REQUEST, "fieldViolations": [{"field": "message.data[0].value"}]}],
            ),
            PushResult.FAILED,
        ),
        (
            _error(403, "PERMISSION_DENIED", [{"@type": FCM_ERROR, "errorCode": "SENDER_ID_MISMATCH"}]),
            PushResult.INVALID_TOKEN,
        ),
        (
            _error(429, "RESOURCE_EXHAUSTED", [{"@type": FCM_ERROR, "errorCode": "QUOTA_EXCEEDED"}]),
            PushResult.RETRY,
        ),
        (_error(503, "UNAVAILABLE"), PushResult.RETRY),
        (_error(500, "INTERNAL"), PushResult.RETRY),
        (_error(401, "UNAUTHENTICATED"), PushResult.RETRY),
        (httpx.Response(502, text="<html>bad gateway</html>"), PushResult.RETRY),
    ],
)
def test_what_each_answer_means(response: httpx.Response, result: PushResult) -> None:
    assert classify(response).result is result


def test_retry_after_is_kept() -> None:
    outcome = classify(_error(503, "UNAVAILABLE", **{"Retry-After": "30"}))
    assert outcome.retry_after == 30
    assert outcome.detail == "FCM 503 UNAVAILABLE"


async def test_the_message_and_a_retry_after_an_expired_token(info: dict[str, Any]) -> None:
    sent: list[dict[str, Any]] = []
    exchanges = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal exchanges
        if request.url.path == "/token":
            exchanges += 1
            return httpx.Response(200, json={"access_token": f"t{exchanges}", "expires_in": 3600})
        assert request.url.path == "/v1/projects/conectar-test/messages:send"
        if request.headers["authorization"] == "Bearer t1":
            return _error(401, "UNAUTHENTICATED")
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"name": "projects/conectar-test/messages/9"})

    client = FcmClient(
        ServiceAccount.from_info(info),
        project_id="conectar-test",
        endpoint="https://fcm.example",
        token_url="https://fcm.example/token",
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    outcome = await client.send(
        "device-token-123456", title="Hola", body="Cuerpo", data={"tipo": "x", "n": "1"}
    )
    assert outcome.result is PushResult.OK
    assert outcome.name == "projects/conectar-test/messages/9"
    assert exchanges == 2
    assert sent == [
        {
            "message": {
                "token": "device-token-123456",
                "notification": {"title": "Hola", "body": "Cuerpo"},
                "data": {"tipo": "x", "n": "1"},
            }
        }
    ]
