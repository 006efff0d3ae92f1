"""Settings for every process, read from ``CONECTAR_*`` environment variables (and ``.env``).

Standalone mode needs no settings at all: databases are SQLite files under the data folder and
development secrets are generated once into ``<data dir>/secrets.json``. Distributed mode refuses to start
without real secrets (see :func:`Settings.check_production_secrets`).
"""

from __future__ import annotations

import json
import os
import secrets
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SERVICES: tuple[str, ...] = (
    "gateway",
    "auth",
    "users",
    "professionals",
    "chat",
    "payments",
    "notifications",
    "web",
)
DATABASE_SERVICES: tuple[str, ...] = ("auth", "users", "professionals", "chat", "payments", "notifications")
DEFAULT_PORTS: dict[str, int] = {
    "gateway": 8000,
    "auth": 8001,
    "users": 8002,
    "professionals": 8003,
    "chat": 8004,
    "payments": 8005,
    "notifications": 8006,
    "web": 3000,
}
SECRET_NAMES: tuple[str, ...] = ("secret_key", "service_token_secret", "mercadopago_webhook_secret")
MIN_SECRET_LENGTH = 32
PAYMENTS_ONLY_SECRETS = frozenset({"mercadopago_webhook_secret"})


class Mode(StrEnum):
    STANDALONE = "standalone"
    DISTRIBUTED = "distributed"


class ConfigurationError(RuntimeError):
    """The settings cannot run the requested mode."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONECTAR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    mode: Mode = Mode.STANDALONE
    data_dir: Path = Path("./var")
    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str = Field(
        default="",
        description="Address people use to reach the gateway (links in e-mails, payment return pages). "
        "Defaults to http://localhost:<port>.",
    )
    environment: str = Field(default="development", description="development | production")
    demo: bool = True
    log_level: str = "INFO"
    log_json: bool = True
    namespace: str = Field(
        default="conectar",
        description="Prefix of the RabbitMQ exchange and queues and of Redis keys; lets several "
        "installations (or test runs) share one broker and one Redis.",
    )

    # Secrets: never defaults that work in production.
    secret_key: SecretStr | None = None
    service_token_secret: SecretStr | None = None
    mercadopago_webhook_secret: SecretStr | None = None
    mercadopago_access_token: SecretStr | None = None

    # Per-service databases: CONECTAR_<SERVICE>_DATABASE_URL.
    auth_database_url: str | None = None
    users_database_url: str | None = None
    professionals_database_url: str | None = None
    chat_database_url: str | None = None
    payments_database_url: str | None = None
    notifications_database_url: str | None = None
    # Per service and replica: PostgreSQL's default max_connections (100) must hold every replica's pool.
    # A fixed pool: connections beyond it (overflow) are opened and closed per checkout under load, which
    # cost a third of the users service's throughput (bench/gateway.py). Same ceiling as 5 + 5 before.
    database_pool_size: int = 10
    database_max_overflow: int = 0

    # Admission control (conectar.platform.admission), per process: requests whose answers have not started
    # yet; one more waits up to http_admission_wait_seconds for a place, then gets 503 (0 turns it off).
    http_max_in_flight: int = Field(default=100, ge=0)
    http_admission_wait_seconds: float = Field(default=1.0, gt=0, le=30)

    # Where each service listens (distributed) and where the others reach it: CONECTAR_<SERVICE>_URL.
    auth_url: str | None = None
    users_url: str | None = None
    professionals_url: str | None = None
    chat_url: str | None = None
    payments_url: str | None = None
    notifications_url: str | None = None
    web_url: str | None = None

    broker_url: str = "amqp://guest:guest@localhost:5672/"
    redis_url: str = "redis://localhost:6379/0"

    storage_backend: str = Field(
        default="", description="local | s3 (default: local standalone, s3 distributed)"
    )
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_access_key_id: SecretStr | None = None
    s3_secret_access_key: SecretStr | None = None
    s3_public_bucket: str = "conectar-public"
    s3_private_bucket: str = "conectar-private"
    s3_public_url: str | None = Field(
        default=None, description="Base URL under which the public bucket is served (CDN or MinIO)."
    )

    # Tokens.
    jwt_issuer: str = "conectar-auth"
    jwt_audience: str = "conectar"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    password_reset_ttl_seconds: int = 3600

    # Gateway.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 60 * 1024 * 1024
    upstream_timeout_seconds: float = 30.0
    upstream_connect_timeout_seconds: float = 3.0
    circuit_failure_threshold: int = 5
    circuit_open_seconds: float = 10.0
    legacy_upstream: str | None = None
    # Legacy clients (conectar.gateway.legacy, docs/legacy.md): the original Next.js frontend, served under
    # /legacy/api/v1 with declared aliases and adapters. Off by default; its browser origins get CORS there.
    legacy_clients_enabled: bool = False
    legacy_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # Rate limits.
    rate_limit_enabled: bool = True
    rate_limit_auth_per_minute: int = 60
    rate_limit_user_per_minute: int = 600
    rate_limit_anonymous_per_minute: int = 300
    rate_limit_callbacks_per_minute: int = 6000
    login_failures_per_account: int = 10
    login_failures_per_address: int = 50
    login_failure_window_seconds: int = 15 * 60

    # Events.
    outbox_batch_size: int = Field(default=500, ge=1, le=5000)
    outbox_poll_seconds: float = 1.0
    # After a commit wakes the relay it waits this long, so that the commits of the moment share one batch.
    outbox_settle_ms: float = Field(default=10.0, ge=0, le=1000)
    outbox_max_attempts: int = 12
    consumer_max_attempts: int = 6
    consumer_retry_delays_ms: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [1000, 5000, 30000, 120000, 600000]
    )
    # Events in flight per consumer (RabbitMQ: divided by the bundle size, in messages).
    consumer_prefetch: int = 50
    # RabbitMQ: events of one type published together travel as one message of at most this many (1: a
    # message per event, the format consumers before bundles read).
    event_bundle_max: int = Field(default=50, ge=1, le=500)
    # Deliveries that arrive together share one inbox transaction, at most this many (1: one each).
    consumer_batch_max: int = Field(default=50, ge=1, le=500)

    # Stored files no row names (a flow cut off between storing a file and recording it) are deleted once
    # they are this old, by a job of their service that runs at this interval (platform/orphan_files.py).
    orphan_files_grace_hours: float = Field(default=24.0, ge=1.0)
    orphan_files_interval_seconds: float = Field(default=6 * 3600.0, gt=0)

    payment_provider: str = Field(default="sandbox", description="sandbox | mercadopago")

    @field_validator("cors_origins", "trusted_proxies", "legacy_origins", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("consumer_retry_delays_ms", mode="before")
    @classmethod
    def _split_ints(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [int(part) for part in value.split(",") if part.strip()]
        return value

    @property
    def standalone(self) -> bool:
        return self.mode is Mode.STANDALONE

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://localhost:{self.port}").rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @cached_property
    def resolved_storage_backend(self) -> str:
        if self.storage_backend:
            return self.storage_backend
        return "local" if self.standalone else "s3"

    def database_url(self, service: str) -> str:
        url: str | None = getattr(self, f"{service}_database_url", None)
        if url:
            return url
        if self.standalone:
            return f"sqlite+aiosqlite:///{(self.data_dir / f'{service}.db').resolve()}"
        raise ConfigurationError(f"CONECTAR_{service.upper()}_DATABASE_URL is required in distributed mode")

    def service_urls(self, service: str) -> list[str]:
        """Every replica of a service the gateway balances over: ``CONECTAR_<SERVICE>_URL`` may list several,
        comma-separated (without a load balancer in front of them). The first one is where it listens."""
        url: str | None = getattr(self, f"{service}_url", None)
        if url:
            return [part.strip().rstrip("/") for part in url.split(",") if part.strip()]
        return [f"http://127.0.0.1:{DEFAULT_PORTS[service]}"]

    def service_url(self, service: str) -> str:
        return self.service_urls(service)[0]

    def service_port(self, service: str) -> int:
        if service == "gateway":
            return self.port
        url: str | None = getattr(self, f"{service}_url", None)
        if url:
            from urllib.parse import urlsplit

            port = urlsplit(self.service_url(service)).port
            if port:
                return port
        return DEFAULT_PORTS[service]

    def secret(self, name: str) -> str:
        value: SecretStr | None = getattr(self, name)
        if value is None:
            raise ConfigurationError(f"CONECTAR_{name.upper()} is not set")
        return value.get_secret_value()

    def check_production_secrets(self, service: str | None = None) -> None:
        """Refuse to run distributed without real secrets: the ones ``service`` uses (every one when None).
        Only payments holds MercadoPago's; no other service needs or gets them."""
        problems = []
        payments = service in (None, "payments")
        for name in SECRET_NAMES:
            if name in PAYMENTS_ONLY_SECRETS and not payments:
                continue
            value: SecretStr | None = getattr(self, name)
            if value is None:
                problems.append(f"CONECTAR_{name.upper()} is missing")
            elif len(value.get_secret_value()) < MIN_SECRET_LENGTH:
                problems.append(f"CONECTAR_{name.upper()} must be at least {MIN_SECRET_LENGTH} characters")
        if payments and self.payment_provider == "mercadopago" and self.mercadopago_access_token is None:
            problems.append("CONECTAR_MERCADOPAGO_ACCESS_TOKEN is required with the mercadopago provider")
        if problems:
            raise ConfigurationError("; ".join(problems))


def development_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets for standalone and ``conectar up``: generated once and kept in the data folder."""
    path = data_dir / "secrets.json"
    stored: dict[str, str] = {}
    if path.exists():
        stored = json.loads(path.read_text())
    changed = False
    for name in SECRET_NAMES:
        if name not in stored:
            stored[name] = secrets.token_urlsafe(48)
            changed = True
    if changed:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(stored, handle)
    return stored


def load_settings(**overrides: Any) -> Settings:
    """Settings from the environment; standalone fills missing secrets from the data folder."""
    settings = Settings(**overrides)
    if settings.standalone:
        generated = development_secrets(settings.data_dir)
        missing = {name: generated[name] for name in SECRET_NAMES if getattr(settings, name) is None}
        if missing:
            settings = settings.model_copy(update={k: SecretStr(v) for k, v in missing.items()})
    return settings
