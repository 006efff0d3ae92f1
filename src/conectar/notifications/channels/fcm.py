"""Push through Firebase Cloud Messaging's HTTP v1 API.

Authentication is the service-account flow of OAuth 2.0: a JWT signed (RS256) with the service account's
private key is exchanged at the token endpoint (``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``)
for an access token, cached until shortly before it expires. Messages go one per device token to
``POST {endpoint}/v1/projects/{project}/messages:send``. Tokens FCM reports as unregistered or invalid are
pruned.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import httpx
import jwt

from conectar.notifications.catalog import kind
from conectar.notifications.channels.base import DeliveryJob, Outcome
from conectar.notifications.rendering import truncar

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ASSERTION_LIFETIME = 3600
TOKEN_REFRESH_MARGIN = 120
FCM_ERROR_TYPE = "type.googleapis.com/google.firebase.fcm.v1.FcmError"
BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest"
PROGRESS_KEY = "_push_enviados"


@dataclass(frozen=True)
class ServiceAccount:
    client_email: str
    private_key: str
    private_key_id: str | None
    token_uri: str | None
    project_id: str | None

    @classmethod
    def from_info(cls, info: Mapping[str, Any]) -> ServiceAccount:
        if info.get("type", "service_account") != "service_account":
            raise ValueError("not a service-account key")
        return cls(
            client_email=str(info["client_email"]),
            private_key=str(info["private_key"]),
            private_key_id=str(info["private_key_id"]) if info.get("private_key_id") else None,
            token_uri=str(info["token_uri"]) if info.get("token_uri") else None,
            project_id=str(info["project_id"]) if info.get("project_id") else None,
        )

    @classmethod
    def from_file(cls, path: Path) -> ServiceAccount:
        return cls.from_info(json.loads(path.read_text()))


def signed_assertion(account: ServiceAccount, *, token_url: str, now: int) -> str:
    """The JWT the token endpoint exchanges for an access token."""
    claims = {
        "iss": account.client_email,
        "scope": SCOPE,
        "aud": token_url,
        "iat": now,
        "exp": now + ASSERTION_LIFETIME,
    }
    headers = {"kid": account.private_key_id} if account.private_key_id else None
    return jwt.encode(claims, account.private_key, algorithm="RS256", headers=headers)


class AuthError(Exception):
    """The token endpoint refused the service account or could not be reached."""


class AccessTokens:
    """OAuth 2.0 access tokens for the service account, cached until shortly before they expire."""

    def __init__(
        self,
        account: ServiceAccount,
        token_url: str,
        client: httpx.AsyncClient,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.account = account
        self.token_url = token_url
        self.client = client
        self.clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = asyncio.Lock()
        self.exchanges = 0

    def invalidate(self) -> None:
        self._token = None
        self._expires_at = 0.0

    async def get(self) -> str:
        if self._token is not None and self.clock() < self._expires_at - TOKEN_REFRESH_MARGIN:
            return self._token
        async with self._lock:
            if self._token is not None and self.clock() < self._expires_at - TOKEN_REFRESH_MARGIN:
                return self._token
            now = int(self.clock())
            assertion = signed_assertion(self.account, token_url=self.token_url, now=now)
            try:
                response = await self.client.post(
                    self.token_url, data={"grant_type": JWT_BEARER, "assertion": assertion}
                )
            except httpx.HTTPError as exc:
                raise AuthError(f"token endpoint no disponible ({type(exc).__name__})") from exc
            self.exchanges += 1
            if response.status_code != 200:
                raise AuthError(f"token endpoint HTTP {response.status_code}")
            body = response.json()
            token = body.get("access_token")
            if not isinstance(token, str) or not token:
                raise AuthError("token endpoint sin access_token")
            self._token = token
            self._expires_at = now + float(body.get("expires_in", 3600))
            return token


class PushResult(StrEnum):
    OK = "ok"
    INVALID_TOKEN = "invalid_token"  # prune the device
    RETRY = "retry"
    FAILED = "failed"  # the message itself is wrong: retrying will not help


@dataclass(frozen=True)
class PushOutcome:
    result: PushResult
    detail: str = ""
    name: str | None = None
    retry_after: float | None = None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


def classify(response: httpx.Response) -> PushOutcome:
    """What an FCM v1 answer means for the message and the device token."""
    status = response.status_code
    if status == 200:
        try:
            name = response.json().get("name")
        except ValueError:
            name = None
        return PushOutcome(PushResult.OK, name=name if isinstance(name, str) else None)
    try:
        error = response.json().get("error", {})
    except ValueError:
        error = {}
    details = error.get("details", []) if isinstance(error, dict) else []
    error_code = next(
        (d.get("errorCode") for d in details if isinstance(d, dict) and d.get("@type") == FCM_ERROR_TYPE),
        None,
    )
    code = str(error_code or (error.get("status") if isinstance(error, dict) else "") or f"HTTP {status}")
    violations = [
        str(v.get("field", ""))
        for d in details
        if isinstance(d, dict) and d.get("@type") == BAD_REQUEST_TYPE
        for v in d.get("fieldViolations", [])
        if isinstance(v, dict)
    ]
    detail = f"FCM {status} {code}"
    if status == 404 or code == "UNREGISTERED":
        return PushOutcome(PushResult.INVALID_TOKEN, detail)
    if code == "SENDER_ID_MISMATCH":
        return PushOutcome(PushResult.INVALID_TOKEN, detail)
    if status == 400 or code == "INVALID_ARGUMENT":
        # Invalid tokens and invalid payloads share the code; a payload problem names its fields.
        if violations and any(field != "message.token" for field in violations):
            return PushOutcome(PushResult.FAILED, f"{detail} ({', '.join(sorted(set(violations)))})")
        return PushOutcome(PushResult.INVALID_TOKEN, detail)
    if status == 429 or status >= 500 or status in (401, 403):
        return PushOutcome(PushResult.RETRY, detail, retry_after=_retry_after(response))
    return PushOutcome(PushResult.FAILED, detail)


class FcmClient:
    def __init__(
        self,
        account: ServiceAccount,
        *,
        project_id: str,
        endpoint: str,
        token_url: str,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.project_id = project_id
        self.url = f"{endpoint.rstrip('/')}/v1/projects/{project_id}/messages:send"
        self.client = client or httpx.AsyncClient(timeout=httpx.Timeout(timeout, connect=5.0))
        self.tokens = AccessTokens(account, token_url, self.client)

    @classmethod
    def from_settings(cls, settings: Any) -> FcmClient:
        account = ServiceAccount.from_file(settings.fcm_service_account_file)
        project = settings.fcm_project_id or account.project_id
        if not project:
            raise ValueError("CONECTAR_FCM_PROJECT_ID is required (the key has no project_id)")
        token_url = settings.fcm_token_url or account.token_uri or "https://oauth2.googleapis.com/token"
        return cls(
            account,
            project_id=project,
            endpoint=settings.fcm_endpoint,
            token_url=token_url,
            timeout=settings.fcm_timeout_seconds,
        )

    @staticmethod
    def message(token: str, *, title: str, body: str, data: Mapping[str, str]) -> dict[str, Any]:
        return {
            "message": {
                "token": token,
                "notification": {"title": title, "body": body},
                "data": {key: str(value) for key, value in data.items()},
            }
        }

    async def send(self, token: str, *, title: str, body: str, data: Mapping[str, str]) -> PushOutcome:
        payload = self.message(token, title=title, body=body, data=data)
        for attempt in (1, 2):
            try:
                access = await self.tokens.get()
            except AuthError as exc:
                return PushOutcome(PushResult.RETRY, str(exc))
            try:
                response = await self.client.post(
                    self.url, json=payload, headers={"Authorization": f"Bearer {access}"}
                )
            except httpx.HTTPError as exc:
                return PushOutcome(PushResult.RETRY, f"FCM no disponible ({type(exc).__name__})")
            if response.status_code == 401 and attempt == 1:
                self.tokens.invalidate()  # expired or revoked early: exchange again once
                continue
            return classify(response)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        await self.client.aclose()


@dataclass(frozen=True)
class Device:
    token: str
    token_hash: str


Devices = Callable[[uuid.UUID], Awaitable[Sequence[Device]]]
Prune = Callable[[Sequence[str]], Awaitable[int]]
AllRead = Callable[[list[str]], Awaitable[bool]]


class PushChannel:
    name = "push"

    def __init__(self, client: FcmClient, *, devices: Devices, prune: Prune, all_read: AllRead) -> None:
        self.client = client
        self.devices = devices
        self.prune = prune
        self.all_read = all_read

    async def deliver(self, job: DeliveryJob) -> Outcome:
        what = kind(job.tipo)
        if what.coalesce and await self.all_read(list(job.context.get("notificaciones", []))):
            return Outcome.skipped("ya leído en la app")
        devices = await self.devices(job.user_id)
        done = set(job.context.get(PROGRESS_KEY, []))
        pending = [device for device in devices if device.token_hash not in done]
        if not devices:
            return Outcome.skipped("sin dispositivos")
        if not pending:
            return Outcome.sent()
        title = truncar(job.context.get("titulo", ""), 120)
        body = truncar(job.context.get("mensaje", ""), 240)
        data = {"tipo": job.tipo, "notificacion_id": str(job.notification_id)}
        if job.context.get("url"):
            data["url"] = str(job.context["url"])
        # Each device that has it is written into the job's context at once, not when all have answered:
        # an attempt cut off by its timeout (one device that never answers) is recorded with that
        # context, so its retry does not send the push again to the devices that already had it.
        progress = sorted(done)
        job.context[PROGRESS_KEY] = progress

        async def send(device: Device) -> PushOutcome:
            result = await self.client.send(device.token, title=title, body=body, data=data)
            if result.result is PushResult.OK and device.token_hash not in progress:
                progress.append(device.token_hash)
            return result

        results = await asyncio.gather(*(send(d) for d in pending))
        invalid = [
            d.token_hash
            for d, r in zip(pending, results, strict=True)
            if r.result is PushResult.INVALID_TOKEN
        ]
        delivered = [d.token_hash for d, r in zip(pending, results, strict=True) if r.result is PushResult.OK]
        retry = [r for r in results if r.result is PushResult.RETRY]
        failed = [r for r in results if r.result is PushResult.FAILED]
        if invalid:
            await self.prune(invalid)
        context = {**job.context, PROGRESS_KEY: sorted(done | set(delivered))}
        name = next((r.name for r in results if r.name), None)
        if retry:
            return Outcome.retry(
                f"{len(retry)} de {len(pending)} dispositivos: {retry[0].detail}",
                retry_after=max((r.retry_after or 0.0) for r in retry) or None,
                context=context,
            )
        if delivered or done:
            return Outcome.sent(name, context=context)
        if failed:
            return Outcome.failed(failed[0].detail, context=context)
        return Outcome.skipped(f"{len(invalid)} tokens inválidos eliminados")
