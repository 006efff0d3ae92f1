"""Settings only the chat & offers service reads."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONECTAR_", env_file=".env", extra="ignore")

    chat_offer_ttl_hours: float = 7 * 24
    chat_unpaid_ttl_hours: float = 72
    chat_auto_release_hours: float = 72
    chat_unfinished_escalation_hours: float = 30 * 24
    chat_dispute_ttl_hours: float = 30 * 24
    chat_timer_interval_seconds: float = 60
    chat_money_retry_seconds: float = 30
    chat_infractions_to_ban: int = 3
    chat_feed_retention_days: int = 14
    chat_messages_per_minute: int = 60
    # Back-pressure on sends, per replica (chat/backpressure.py): sends in flight at once (0 turns it off),
    # the age of the oldest one past which new ones are refused, and the retry advice given with a refusal.
    chat_send_max_in_flight: int = 8
    chat_send_max_age_ms: int = 500
    chat_send_retry_after_ms: int = 500

    def hours(self, plazo: str) -> float:
        value: float = getattr(self, f"chat_{plazo}")
        return value
