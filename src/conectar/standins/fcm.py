"""A stand-in of Firebase Cloud Messaging's HTTP v1 API and of Google's OAuth 2.0 token endpoint.

- ``POST /token``: the service-account JWT-bearer grant. The assertion must be an RS256 JWT signed with
  a known service account's key, ``iss`` its ``client_email``, ``aud`` this endpoint's URL, the
  firebase.messaging (or cloud-platform) scope, and live at most an hour. Answers
  ``{access_token, expires_in, token_type: "Bearer"}`` or 400 ``{error: invalid_grant}``.
- ``POST /v1/projects/{project}/messages:send``: needs ``Authorization: Bearer <access token>``.
  Validates the message (exactly one target; ``data`` values must be strings; known fields only) and
  answers ``{name: projects/{project}/messages/{id}}``, or the documented errors: 401 UNAUTHENTICATED,
  403 PERMISSION_DENIED (another project), 400 INVALID_ARGUMENT (``google.rpc.BadRequest`` for a bad
  payload, ``FcmError`` for a malformed token), 404 UNREGISTERED (a token marked unregistered).

Tests drive it through :class:`FcmState`: received messages, tokens to treat as unregistered, and
faults to inject (e.g. two 503s).
"""

from __future__ import annotations

import json
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
SCOPES = frozenset(
    {"https://www.googleapis.com/auth/firebase.messaging", "https://www.googleapis.com/auth/cloud-platform"}
)
FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"
MESSAGE_FIELDS = frozenset(
    {
        "name",
        "data",
        "notification",
        "android",
        "webpush",
        "apns",
        "fcm_options",
        "token",
        "topic",
        "condition",
    }
)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_:\-.]{16,4096}$")
ACCESS_TOKEN_SECONDS = 3599


def generate_service_account(
    *, project_id: str, token_uri: str, client_email: str | None = None
) -> dict[str, Any]:
    """A service-account key in Google's JSON format, with a fresh RSA key (for tests and development)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": project_id,
        "private_key_id": secrets.token_hex(20),
        "private_key": pem,
        "client_email": client_email or f"firebase-adminsdk@{project_id}.iam.gserviceaccount.com",
        "client_id": str(secrets.randbelow(10**20)),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
    }


def public_key_of(info: dict[str, Any]) -> Any:
    private = serialization.load_pem_private_key(str(info["private_key"]).encode(), password=None)
    return private.public_key()


@dataclass
class FcmState:
    project_id: str
    accounts: dict[str, Any] = field(default_factory=dict)  # client_email -> public key
    access_tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry
    messages: list[dict[str, Any]] = field(default_factory=list)
    unregistered: set[str] = field(default_factory=set)
    faults: list[int] = field(default_factory=list)
    token_requests: int = 0
    send_requests: int = 0

    def add_account(self, info: dict[str, Any]) -> None:
        self.accounts[str(info["client_email"])] = public_key_of(info)

    def fail_next(self, *statuses: int) -> None:
        self.faults.extend(statuses)

    def revoke_access_tokens(self) -> None:
        self.access_tokens.clear()

    def sent_to(self, token: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m.get("token") == token]


def _oauth_error(error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=400)


def _error(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"error": {"code": status, "message": message, "status": code}}
    if details:
        body["error"]["details"] = details
    return JSONResponse(body, status_code=status)


def _bad_payload(field_name: str, description: str) -> JSONResponse:
    return _error(
        400,
        "INVALID_ARGUMENT",
        description,
        [{"@type": BAD_REQUEST_TYPE, "fieldViolations": [{"field": field_name, "description": description}]}],
    )


def _fcm_error(status: int, code: str, message: str) -> JSONResponse:
    return _error(
        status,
        "NOT_FOUND" if code == "UNREGISTERED" else code,
        message,
        [{"@type": FCM_ERROR_TYPE, "errorCode": code}],
    )


def create_app(state: FcmState) -> FastAPI:
    app = FastAPI(title="FCM stand-in", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.fcm = state

    @app.post("/token")
    async def token(request: Request) -> JSONResponse:
        state.token_requests += 1
        form = await request.form()
        if form.get("grant_type") != JWT_BEARER:
            return _oauth_error("unsupported_grant_type", "Invalid grant_type")
        assertion = str(form.get("assertion") or "")
        try:
            unverified = jwt.decode(assertion, options={"verify_signature": False})
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            return _oauth_error("invalid_grant", "Invalid JWT")
        key = state.accounts.get(str(unverified.get("iss")))
        if key is None or header.get("alg") != "RS256":
            return _oauth_error("invalid_grant", "Invalid JWT Signature.")
        try:
            claims = jwt.decode(
                assertion,
                key,
                algorithms=["RS256"],
                audience=str(request.url),
                options={"require": ["iss", "aud", "iat", "exp", "scope"]},
            )
        except jwt.InvalidAudienceError:
            return _oauth_error("invalid_grant", "Invalid JWT: audience")
        except jwt.PyJWTError as exc:
            return _oauth_error("invalid_grant", f"Invalid JWT: {type(exc).__name__}")
        if int(claims["exp"]) - int(claims["iat"]) > 3600:
            return _oauth_error(
                "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes)"
            )
        if not SCOPES & set(str(claims["scope"]).split()):
            return _oauth_error("invalid_scope", "Invalid OAuth scope or ID token audience provided.")
        access = f"ya29.standin-{secrets.token_urlsafe(24)}"
        state.access_tokens[access] = time.time() + ACCESS_TOKEN_SECONDS
        return JSONResponse(
            {"access_token": access, "expires_in": ACCESS_TOKEN_SECONDS, "token_type": "Bearer"}
        )

    @app.post("/v1/projects/{project}/messages:send")
    async def send(project: str, request: Request) -> JSONResponse:
        state.send_requests += 1
        scheme, _, access = request.headers.get("authorization", "").partition(" ")
        expiry = state.access_tokens.get(access.strip()) if scheme.lower() == "bearer" else None
        if expiry is None or expiry < time.time():
            return _error(
                401,
                "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
                "or other valid authentication credential.",
            )
        if project != state.project_id:
            return _error(403, "PERMISSION_DENIED", "Permission 'cloudmessaging.messages.create' denied")
        if state.faults:
            status = state.faults.pop(0)
            code = {429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}.get(status, "UNKNOWN")
            response = _fcm_error(
                status, "QUOTA_EXCEEDED" if status == 429 else code, "The service is currently unavailable."
            )
            if status in (429, 503):
                response.headers["Retry-After"] = "1"
            return response
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _bad_payload("", "Invalid JSON payload received.")
        message = body.get("message") if isinstance(body, dict) else None
        if not isinstance(message, dict):
            return _bad_payload("message", "Invalid JSON payload received. Required field message missing.")
        unknown = sorted(set(message) - MESSAGE_FIELDS)
        if unknown:
            return _bad_payload(
                "message",
                f"Invalid JSON payload received. Unknown name \"{unknown[0]}\" at 'message': "
                "Cannot find field.",
            )
        targets = [name for name in ("token", "topic", "condition") if message.get(name)]
        if len(targets) != 1:
            return _bad_payload("message", "Exactly one of token, topic or condition must be specified.")
        data = message.get("data", {})
        if not isinstance(data, dict):
            return _bad_payload("message.data", "Invalid value at 'message.data'")
        for index, (key, value) in enumerate(data.items()):
            if not isinstance(value, str):
                return _bad_payload(
                    f"message.data[{index}].value",
                    f"Invalid value at 'message.data[{index}].value' (TYPE_STRING), {value}",
                )
            if key.startswith(("google", "gcm")) or key in ("from", "message_type", "collapse_key"):
                return _bad_payload(f"message.data[{index}].key", f"Invalid data key: {key}")
        notification = message.get("notification", {})
        if not isinstance(notification, dict) or set(notification) - {"title", "body", "image"}:
            return _bad_payload("message.notification", "Invalid value at 'message.notification'")
        token = message.get("token")
        if token is not None:
            if not isinstance(token, str) or not TOKEN_PATTERN.match(token) or token.startswith("invalid"):
                return _fcm_error(
                    400, "INVALID_ARGUMENT", "The registration token is not a valid FCM registration token"
                )
            if token in state.unregistered:
                return _fcm_error(404, "UNREGISTERED", "Requested entity was not found.")
        name = f"projects/{project}/messages/{uuid.uuid4().int % 10**19}"
        state.messages.append({**message, "name": name})
        return JSONResponse({"name": name})

    return app


def write_service_account(path: Path, info: dict[str, Any]) -> Path:
    path.write_text(json.dumps(info))
    path.chmod(0o600)
    return path
