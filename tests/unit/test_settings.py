import json
from pathlib import Path

import pytest

from conectar.platform.settings import ConfigurationError, Settings, load_settings


def test_distributed_refuses_missing_or_weak_secrets() -> None:
    with pytest.raises(ConfigurationError, match="CONECTAR_SECRET_KEY is missing"):
        Settings(mode="distributed").check_production_secrets()
    weak = Settings(
        mode="distributed", secret_key="x", service_token_secret="y" * 40, mercadopago_webhook_secret="z" * 40
    )
    with pytest.raises(ConfigurationError, match="at least 32"):
        weak.check_production_secrets()
    Settings(
        mode="distributed",
        secret_key="x" * 40,
        service_token_secret="y" * 40,
        mercadopago_webhook_secret="z" * 40,
    ).check_production_secrets()


def test_only_payments_needs_mercadopagos_secrets() -> None:
    shared = {"mode": "distributed", "secret_key": "x" * 40, "service_token_secret": "y" * 40}
    for service in ("gateway", "auth", "users", "professionals", "chat", "notifications", "web"):
        Settings(**shared, payment_provider="mercadopago").check_production_secrets(service)
    with pytest.raises(ConfigurationError, match="MERCADOPAGO_WEBHOOK_SECRET is missing"):
        Settings(**shared).check_production_secrets("payments")
    with pytest.raises(ConfigurationError, match="MERCADOPAGO_ACCESS_TOKEN"):
        Settings(
            **shared, mercadopago_webhook_secret="z" * 40, payment_provider="mercadopago"
        ).check_production_secrets("payments")
    with pytest.raises(ConfigurationError, match="MERCADOPAGO_WEBHOOK_SECRET is missing"):
        Settings(**shared).check_production_secrets()  # every service's secrets


def test_mercadopago_provider_needs_its_token() -> None:
    settings = Settings(
        mode="distributed",
        secret_key="x" * 40,
        service_token_secret="y" * 40,
        mercadopago_webhook_secret="z" * 40,
        payment_provider="mercadopago",
    )
    with pytest.raises(ConfigurationError, match="MERCADOPAGO_ACCESS_TOKEN"):
        settings.check_production_secrets()


def test_standalone_generates_secrets_once(tmp_path: Path) -> None:
    first = load_settings(data_dir=tmp_path)
    second = load_settings(data_dir=tmp_path)
    assert first.secret("secret_key") == second.secret("secret_key")
    assert len(first.secret("service_token_secret")) >= 32
    stored = json.loads((tmp_path / "secrets.json").read_text())
    assert set(stored) >= {"secret_key", "service_token_secret", "mercadopago_webhook_secret"}
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0


def test_database_urls(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url("auth").startswith("sqlite+aiosqlite:///")
    assert settings.database_url("auth").endswith("auth.db")
    with pytest.raises(ConfigurationError):
        Settings(mode="distributed").database_url("auth")
    url = "postgresql+asyncpg://u@h/db"
    assert Settings(mode="distributed", users_database_url=url).database_url("users") == url


def test_lists_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONECTAR_CORS_ORIGINS", "https://a.example, https://b.example")
    monkeypatch.setenv("CONECTAR_CONSUMER_RETRY_DELAYS_MS", "10,20")
    settings = Settings()
    assert settings.cors_origins == ["https://a.example", "https://b.example"]
    assert settings.consumer_retry_delays_ms == [10, 20]
