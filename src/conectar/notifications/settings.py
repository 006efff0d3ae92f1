"""Settings only the notifications service reads (``CONECTAR_*``; see ``.env.example``).

Secrets (SMTP password, SendGrid key, the FCM service account) have no defaults: without them the
service writes e-mails to the local mailbox (standalone) and sends no push notifications.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from conectar.platform.settings import ConfigurationError, Settings

GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
FCM_ENDPOINT = "https://fcm.googleapis.com"
SENDGRID_BASE_URL = "https://api.sendgrid.com"


class EmailProvider(StrEnum):
    AUTO = "auto"
    SMTP = "smtp"
    SENDGRID = "sendgrid"
    MAILBOX = "mailbox"


class SmtpSecurity(StrEnum):
    AUTO = "auto"  # STARTTLS when the server offers it
    STARTTLS = "starttls"  # STARTTLS required
    TLS = "tls"  # implicit TLS (port 465)
    NONE = "none"


class NotificationSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONECTAR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    email_provider: EmailProvider = Field(
        default=EmailProvider.AUTO,
        description="auto | smtp | sendgrid | mailbox. auto: SendGrid when its key is set, SMTP when "
        "its host is set, otherwise the local mailbox folder (refused in production).",
    )
    email_from_address: str = "no-responder@conectarprofesionales.local"
    email_from_name: str = "ConectarProfesionales"
    email_reply_to: str | None = None

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: SmtpSecurity = SmtpSecurity.AUTO
    smtp_validate_certs: bool = True
    smtp_timeout_seconds: float = 15.0

    sendgrid_api_key: SecretStr | None = None
    sendgrid_base_url: str = SENDGRID_BASE_URL
    sendgrid_timeout_seconds: float = 15.0

    fcm_service_account_file: Path | None = Field(
        default=None, description="Service-account JSON key of the Firebase project; push is off without it."
    )
    fcm_project_id: str | None = Field(default=None, description="Defaults to the key's project_id.")
    fcm_endpoint: str = FCM_ENDPOINT
    fcm_token_url: str | None = Field(default=None, description="Defaults to the key's token_uri.")
    fcm_timeout_seconds: float = 10.0

    notifications_poll_seconds: float = 1.0
    notifications_batch_size: int = 20
    notifications_concurrency: int = 8
    notifications_max_attempts: int = 8
    notifications_retry_base_seconds: float = 10.0
    notifications_retry_max_seconds: float = 3600.0
    notifications_lease_seconds: float = 120.0
    notifications_retention_days: int = Field(
        default=180,
        description="Read notifications, those never shown in the inbox (e-mail or push only) and "
        "finished deliveries (with their attempts) older than this are deleted.",
    )

    # Chat bursts: one "tenés mensajes nuevos" per window instead of one per message.
    notifications_chat_email_delay_seconds: float = 120.0
    notifications_chat_email_min_interval_seconds: float = 900.0
    notifications_chat_push_delay_seconds: float = 0.0
    notifications_chat_push_min_interval_seconds: float = 60.0

    notifications_sse_heartbeat_seconds: float = 15.0
    notifications_sse_max_seconds: float = 900.0

    def resolved_email_provider(self, platform: Settings) -> EmailProvider:
        if self.email_provider is not EmailProvider.AUTO:
            return self.email_provider
        if self.sendgrid_api_key is not None:
            return EmailProvider.SENDGRID
        if self.smtp_host:
            return EmailProvider.SMTP
        return EmailProvider.MAILBOX

    def check(self, platform: Settings) -> None:
        provider = self.resolved_email_provider(platform)
        if provider is EmailProvider.MAILBOX and platform.is_production:
            raise ConfigurationError(
                "e-mail needs CONECTAR_SMTP_HOST or CONECTAR_SENDGRID_API_KEY in production"
            )
        if provider is EmailProvider.SENDGRID and self.sendgrid_api_key is None:
            raise ConfigurationError("CONECTAR_SENDGRID_API_KEY is required with the sendgrid provider")
        if provider is EmailProvider.SMTP and not self.smtp_host:
            raise ConfigurationError("CONECTAR_SMTP_HOST is required with the smtp provider")

    @property
    def push_enabled(self) -> bool:
        return self.fcm_service_account_file is not None


def mailbox_dir(platform: Settings) -> Path:
    return platform.data_dir / "mailbox"
