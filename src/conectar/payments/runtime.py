"""What the payments service's use cases work with: the kernel context, the service's own settings, the
chosen providers and the notification inbox. Its background work (handling notifications, sending the
sandbox's webhooks) runs on the kernel's work queues, declared in ``scheduled.queues``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from conectar.payments.inbox import NotificationInbox
from conectar.payments.models import ProviderNotification, table_of
from conectar.payments.providers.base import PaymentProvider, PayoutProvider
from conectar.payments.providers.mercadopago import MercadoPagoProvider
from conectar.payments.providers.sandbox import CheckoutLinks, SandboxProvider
from conectar.payments.settings import PaymentsSettings
from conectar.platform.app import ServiceContext
from conectar.platform.db import Database
from conectar.platform.errors import NotFound
from conectar.platform.outbox import Outbox
from conectar.platform.settings import ConfigurationError, Settings

RUNTIME_KEY = "payments"
WEBHOOK_PATH = "/api/v1/webhook/mercadopago"
DELIVERY_TIMEOUT = httpx.Timeout(10.0, connect=3.0)


@dataclass
class PaymentsRuntime:
    ctx: ServiceContext
    settings: PaymentsSettings
    provider: PaymentProvider
    payout_provider: PayoutProvider | None
    sandbox: SandboxProvider | None
    inbox: NotificationInbox = field(init=False)
    _http: httpx.AsyncClient | None = field(init=False, default=None)
    _local: httpx.AsyncClient | None = field(init=False, default=None)

    @property
    def db(self) -> Database:
        return self.ctx.db

    @property
    def outbox(self) -> Outbox:
        return self.ctx.outbox

    @property
    def platform(self) -> Settings:
        return self.ctx.settings

    @property
    def payout_provider_name(self) -> str:
        return self.settings.resolved_payout_provider(self.provider.name)

    @property
    def notification_url(self) -> str:
        return self.platform.base_url + WEBHOOK_PATH

    def webhook_secret(self) -> str:
        return self.platform.secret("mercadopago_webhook_secret")

    def require_sandbox(self) -> SandboxProvider:
        if self.sandbox is None or self.platform.payment_provider != "sandbox":
            raise NotFound("No encontrado")
        return self.sandbox

    def http(self) -> httpx.AsyncClient:
        if self._http is None:
            self._http = httpx.AsyncClient(timeout=DELIVERY_TIMEOUT)
        return self._http

    def local_client(self) -> httpx.AsyncClient | None:
        """In standalone mode, a client that calls this service's own app in the process (no socket)."""
        apps: dict[str, Any] | None = self.ctx.infra.asgi_apps
        if not self.platform.standalone or apps is None or self.ctx.name not in apps:
            return None
        if self._local is None:
            self._local = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=apps[self.ctx.name]),
                base_url=self.platform.base_url,
                timeout=DELIVERY_TIMEOUT,
            )
        return self._local

    async def stop(self) -> None:
        for client in (self._http, self._local):
            if client is not None:
                await client.aclose()
        self._http = self._local = None
        for provider in {
            id(self.provider): self.provider,
            id(self.payout_provider): self.payout_provider,
        }.values():
            close = getattr(provider, "close", None)
            if close is not None:
                await close()


def build_runtime(
    ctx: ServiceContext,
    *,
    settings: PaymentsSettings | None = None,
    provider: PaymentProvider | None = None,
    payout_provider: PayoutProvider | str | None = "auto",
) -> PaymentsRuntime:
    """Choose the providers from the settings (tests may pass their own) and build the inbox."""
    own = settings or PaymentsSettings()
    platform = ctx.settings
    sandbox: SandboxProvider | None = None
    mercadopago: MercadoPagoProvider | None = None
    if (
        platform.payment_provider == "sandbox"
        or own.resolved_payout_provider(platform.payment_provider) == "sandbox"
    ):
        sandbox = SandboxProvider(
            ctx.db,
            base_url=platform.base_url,
            links=CheckoutLinks.from_secret(
                platform.secret("secret_key"), own.payments_sandbox_checkout_ttl_seconds
            ),
            queues=ctx.queues,
            send_webhooks=own.payments_sandbox_webhooks,
        )

    def mercadopago_provider() -> MercadoPagoProvider:
        nonlocal mercadopago
        if mercadopago is None:
            if platform.mercadopago_access_token is None:
                raise ConfigurationError("CONECTAR_MERCADOPAGO_ACCESS_TOKEN is required with MercadoPago")
            mercadopago = MercadoPagoProvider(
                platform.secret("mercadopago_access_token"),
                api_url=own.mercadopago_api_url,
                timeout_seconds=own.mercadopago_timeout_seconds,
                max_retries=own.mercadopago_max_retries,
            )
        return mercadopago

    if provider is None:
        if platform.payment_provider == "sandbox":
            assert sandbox is not None
            provider = sandbox
        elif platform.payment_provider == "mercadopago":
            provider = mercadopago_provider()
        else:
            raise ConfigurationError(f"Unknown CONECTAR_PAYMENT_PROVIDER {platform.payment_provider!r}")
    if isinstance(payout_provider, str):
        chosen = own.resolved_payout_provider(platform.payment_provider)
        if chosen == "sandbox":
            payout_provider = sandbox
        elif chosen == "mercadopago":
            payout_provider = mercadopago_provider()
        elif chosen == "manual":
            payout_provider = None
        else:
            raise ConfigurationError(f"Unknown CONECTAR_PAYOUT_PROVIDER {chosen!r}")
    runtime = PaymentsRuntime(
        ctx=ctx, settings=own, provider=provider, payout_provider=payout_provider, sandbox=sandbox
    )
    runtime.inbox = NotificationInbox(ctx.db, table_of(ProviderNotification), ctx.queues)
    return runtime


def runtime_of(ctx: ServiceContext) -> PaymentsRuntime:
    runtime: PaymentsRuntime = ctx.extras[RUNTIME_KEY]
    return runtime
