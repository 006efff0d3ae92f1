"""E-mail through SendGrid's v3 Web API (``POST /v3/mail/send``, answered 202 Accepted)."""

from __future__ import annotations

import time
from typing import Any

import httpx

from conectar.notifications.channels.base import OutgoingEmail, TransportError
from conectar.notifications.settings import NotificationSettings

MAIL_SEND_PATH = "/v3/mail/send"


def mail_send_body(email: OutgoingEmail, settings: NotificationSettings) -> dict[str, Any]:
    to: dict[str, str] = {"email": email.to_address}
    if email.to_name:
        to["name"] = email.to_name
    body: dict[str, Any] = {
        "personalizations": [{"to": [to]}],
        "from": {"email": settings.email_from_address, "name": settings.email_from_name},
        "subject": email.subject,
        # text/plain must come before text/html.
        "content": [{"type": "text/plain", "value": email.text}, {"type": "text/html", "value": email.html}],
        "headers": dict(email.headers),
        "categories": [email.headers.get("X-Conectar-Tipo", "notificacion")],
        "tracking_settings": {"click_tracking": {"enable": False}, "open_tracking": {"enable": False}},
    }
    if settings.email_reply_to:
        body["reply_to"] = {"email": settings.email_reply_to}
    return body


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value and value.isdigit():
        return float(value)
    reset = response.headers.get("x-ratelimit-reset")
    if reset and reset.isdigit():
        return max(1.0, float(reset) - time.time())
    return None


def _fields(response: httpx.Response) -> str:
    """The fields SendGrid complained about (never its messages, which may quote the address)."""
    try:
        errors = response.json().get("errors", [])
    except ValueError:
        return ""
    fields = sorted(
        {str(error.get("field")) for error in errors if isinstance(error, dict) and error.get("field")}
    )
    return f" ({', '.join(fields)})" if fields else ""


class SendGridTransport:
    name = "sendgrid"

    def __init__(self, settings: NotificationSettings, *, client: httpx.AsyncClient | None = None) -> None:
        assert settings.sendgrid_api_key is not None
        self.settings = settings
        self._client = client or httpx.AsyncClient(
            base_url=settings.sendgrid_base_url.rstrip("/"),
            timeout=httpx.Timeout(settings.sendgrid_timeout_seconds, connect=5.0),
        )
        self._key = settings.sendgrid_api_key.get_secret_value()

    async def send(self, email: OutgoingEmail) -> str | None:
        try:
            response = await self._client.post(
                MAIL_SEND_PATH,
                json=mail_send_body(email, self.settings),
                headers={"Authorization": f"Bearer {self._key}"},
            )
        except httpx.HTTPError as exc:
            raise TransportError(f"SendGrid no disponible ({type(exc).__name__})") from exc
        status = response.status_code
        if status in (200, 202):
            return response.headers.get("x-message-id") or email.message_id
        if status == 429 or status >= 500:
            raise TransportError(f"SendGrid HTTP {status}", retry_after=_retry_after(response))
        if status in (401, 403):
            # A wrong or revoked key: an operator can fix it, so the message waits.
            raise TransportError(f"SendGrid HTTP {status}: credenciales rechazadas")
        raise TransportError(f"SendGrid HTTP {status}{_fields(response)}", permanent=True)

    async def close(self) -> None:
        await self._client.aclose()
