"""Settings only the payments service reads (``CONECTAR_*``).

The provider itself (``CONECTAR_PAYMENT_PROVIDER``), the access token and the webhook secret are
platform settings, because the deployment checks them at start.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PaymentsSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CONECTAR_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    mercadopago_api_url: str = Field(
        default="https://api.mercadopago.com",
        description="Root of the MercadoPago API (point it at a stand-in for tests).",
    )
    mercadopago_timeout_seconds: float = Field(default=10.0, description="Per-request timeout.")
    mercadopago_max_retries: int = Field(
        default=2, description="Retries of a timed-out or 5xx/429 call (POSTs reuse their idempotency key)."
    )
    mercadopago_statement_descriptor: str = Field(
        default="CONECTAR", description="What the payer's card statement shows (≤ 22 characters)."
    )
    webhook_tolerance_seconds: int = Field(
        default=300, description="How far a webhook's signed ts may be from our clock (seconds)."
    )
    payout_provider: str = Field(
        default="",
        description="sandbox | mercadopago | manual (default: sandbox with the sandbox payment provider, "
        "manual otherwise). Manual payouts are bank transfers an admin confirms with their reference.",
    )
    payments_return_path: str = Field(
        default="/pagos/resultado",
        description="Page of the platform where the checkout returns the payer (?estado=&trabajo_id=).",
    )
    payments_sandbox_webhooks: bool = Field(
        default=True, description="The sandbox sends signed webhooks after a checkout (off: only benchmarks)."
    )
    payments_sandbox_checkout_ttl_seconds: float = Field(
        default=72 * 3600.0,
        description="How long the sandbox's signed checkout link (init_point) is valid; as long as an "
        "unpaid trabajo lasts (CONECTAR_CHAT_UNPAID_TTL_HOURS).",
    )
    payments_reconcile_interval_seconds: float = Field(
        default=300.0, description="How often the reconciliation job asks the provider about open money."
    )
    payments_reconcile_pending_after_seconds: float = Field(
        default=600.0, description="Age after which an unpaid checkout is checked with the provider."
    )
    payments_reconcile_batch_size: int = Field(default=100, description="Records checked per run and kind.")
    payments_worker_poll_seconds: float = Field(
        default=1.0,
        description="How often the work queues payments.notifications and payments.sandbox-webhooks look "
        "for due jobs when nothing wakes them.",
    )
    payments_worker_concurrency: int = Field(
        default=4, description="Jobs of each queue run at once (kept low so webhook answers stay fast)."
    )
    payments_worker_settle_seconds: float = Field(
        default=0.05,
        description="After a stored webhook wakes payments.notifications, wait this long to take a whole burst.",
    )
    payments_worker_max_attempts: int = Field(
        default=25, description="Attempts before a notification's or a sandbox webhook's job is dead."
    )

    def resolved_payout_provider(self, payment_provider: str) -> str:
        if self.payout_provider:
            return self.payout_provider
        return "sandbox" if payment_provider == "sandbox" else "manual"
