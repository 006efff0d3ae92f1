"""Settings only the chat & offers service reads."""

from __future__ import annotations

import json
import uuid
from string import Formatter
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from conectar.contracts.payments import BackUrls
from conectar.platform.client_hint import is_client_name


def _return_page(template: str) -> str:
    """A return page template: an absolute http(s) URL, with ``{trabajo_id}`` as its only placeholder."""
    try:
        fields = {name for _, name, spec, conversion in Formatter().parse(template) if name is not None}
        plain = all(not spec and not conversion for _, name, spec, conversion in Formatter().parse(template))
    except ValueError as exc:
        raise ValueError(f"unbalanced braces: {template!r}") from exc
    if not fields <= {"trabajo_id"} or not plain:
        raise ValueError(f"only {{trabajo_id}} may be filled in: {template!r}")
    filled = template.format(trabajo_id=uuid.UUID(int=0))
    parts = urlsplit(filled)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {template!r}")
    return template


ReturnPage = Annotated[str, Field(max_length=900)]


class ReturnPages(BaseModel):
    """Where the checkout sends the payer back, per outcome (templates with ``{trabajo_id}``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    success: ReturnPage
    failure: ReturnPage
    pending: ReturnPage

    @field_validator("success", "failure", "pending")
    @classmethod
    def _absolute(cls, value: str) -> str:
        return _return_page(value)

    def back_urls(self, trabajo_id: uuid.UUID) -> BackUrls:
        return BackUrls(
            success=self.success.format(trabajo_id=trabajo_id),
            failure=self.failure.format(trabajo_id=trabajo_id),
            pending=self.pending.format(trabajo_id=trabajo_id),
        )


class ChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONECTAR_", env_file=".env", extra="ignore")

    chat_offer_ttl_hours: float = 7 * 24
    chat_unpaid_ttl_hours: float = 72
    chat_auto_release_hours: float = 72
    chat_unfinished_escalation_hours: float = 30 * 24
    chat_dispute_ttl_hours: float = 30 * 24
    chat_timer_interval_seconds: float = 60
    # How often the visits due a reminder (24 h and 2 h before, SPEC §11) are looked for.
    chat_visit_reminder_interval_seconds: float = 300
    chat_money_retry_seconds: float = 30
    chat_infractions_to_ban: int = 3
    chat_feed_retention_days: int = 14
    chat_messages_per_minute: int = 60
    # The chat's outbox relay waits this long after a commit wakes it (instead of CONECTAR_OUTBOX_SETTLE_MS):
    # each replica commits messages steadily, and batching them costs 10-20 % less CPU per message
    # (bench/README.md, "Outbox settle"); its events reach the bus ~40 ms later.
    chat_outbox_settle_ms: float = Field(default=50.0, ge=0, le=1000)
    # Back-pressure on sends, per replica (chat/backpressure.py): sends in flight at once (0 turns it off),
    # the age of the oldest one past which new ones are refused, and the retry advice given with a refusal.
    chat_send_max_in_flight: int = 8
    chat_send_max_age_ms: int = 500
    chat_send_retry_after_ms: int = 500
    # The payment's return pages per client the gateway names (X-Conectar-Client), as a JSON object of
    # client to {success, failure, pending} templates with {trabajo_id}: only these server-side pages (or
    # the platform's own) are ever given to the checkout, never a URL from a request.
    chat_client_return_urls: Annotated[dict[str, ReturnPages], NoDecode] = Field(default_factory=dict)

    @field_validator("chat_client_return_urls", mode="before")
    @classmethod
    def _parse_return_urls(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = json.loads(value) if value.strip() else {}
        if isinstance(value, dict):
            unknown = [name for name in value if not isinstance(name, str) or not is_client_name(name)]
            if unknown:
                raise ValueError(f"not a client name: {unknown}")
        return value

    def return_pages(self, client: str | None) -> ReturnPages | None:
        """The return pages registered for ``client`` (None: the platform's own)."""
        return self.chat_client_return_urls.get(client) if client else None

    def hours(self, plazo: str) -> float:
        value: float = getattr(self, f"chat_{plazo}")
        return value
