"""The payment and payout ports, the values they exchange, and MercadoPago's JSON shapes: the request
bodies we send and parsers of its answers (the sandbox stores the same shapes, so both providers are
written and read by the same code)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from conectar.payments.money import provider_decimal, wire_number


class ProviderError(Exception):
    """The provider did not do what we asked. ``retryable`` errors may succeed later with the same key."""

    retryable = False

    def __init__(self, message: str, *, status: int | None = None, body: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class ProviderUnavailable(ProviderError):
    """Timeout, connection failure, 429 or 5xx: try again later with the same idempotency key."""

    retryable = True


class ProviderRejected(ProviderError):
    """A 4xx the provider will keep answering."""


class ProviderNotFound(ProviderRejected):
    pass


@dataclass(frozen=True)
class PreferenceRequest:
    external_reference: str
    title: str
    amount: Decimal
    currency: str
    payer_email: str
    back_urls: Mapping[str, str]
    notification_url: str
    statement_descriptor: str


@dataclass(frozen=True)
class CreatedPreference:
    id: str
    init_point: str


@dataclass(frozen=True)
class ProviderRefundInfo:
    id: str
    amount: Decimal
    status: str


@dataclass(frozen=True)
class ProviderPayment:
    id: str
    status: str
    status_detail: str | None
    amount: Decimal
    currency: str
    external_reference: str | None
    date_approved: datetime | None
    amount_refunded: Decimal = Decimal("0")
    refunds: tuple[ProviderRefundInfo, ...] = field(default=())


@dataclass(frozen=True)
class PayoutRequest:
    external_reference: str
    amount: Decimal
    account: str
    description: str
    notification_url: str | None = None


@dataclass(frozen=True)
class ProviderPayout:
    id: str
    status: str
    status_detail: str | None = None

    @property
    def paid(self) -> bool:
        return self.status == "processed"

    @property
    def failed(self) -> bool:
        return self.status in {"rejected", "error", "canceled", "cancelled", "refunded"}


class PaymentProvider(Protocol):
    name: str

    async def create_preference(self, idempotency_key: str, request: PreferenceRequest) -> CreatedPreference:
        """POST the Checkout Pro preference with ``idempotency_key`` (already persisted by the caller)."""

    async def get_payment(self, payment_id: str) -> ProviderPayment: ...

    async def search_payments(self, external_reference: str) -> list[ProviderPayment]: ...

    async def refund_payment(
        self, idempotency_key: str, payment_id: str, amount: Decimal | None = None
    ) -> ProviderRefundInfo:
        """Full refund when ``amount`` is None."""

    async def chargeback_payment_ids(self, chargeback_id: str) -> list[str]: ...


class PayoutProvider(Protocol):
    name: str

    async def create_payout(self, idempotency_key: str, request: PayoutRequest) -> ProviderPayout: ...

    async def get_payout(self, payout_id: str) -> ProviderPayout: ...


def _datetime(value: Any) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def parse_payment(document: Mapping[str, Any]) -> ProviderPayment:
    """A ``GET /v1/payments/{id}`` body."""
    refunds = tuple(
        ProviderRefundInfo(
            id=str(item.get("id")),
            amount=provider_decimal(item.get("amount", 0)),
            status=str(item.get("status", "")),
        )
        for item in document.get("refunds") or []
        if isinstance(item, Mapping)
    )
    reference = document.get("external_reference")
    return ProviderPayment(
        id=str(document["id"]),
        status=str(document.get("status", "")),
        status_detail=document.get("status_detail"),
        amount=provider_decimal(document.get("transaction_amount")),
        currency=str(document.get("currency_id", "")),
        external_reference=str(reference) if reference is not None else None,
        date_approved=_datetime(document.get("date_approved")),
        amount_refunded=provider_decimal(document.get("transaction_amount_refunded") or 0),
        refunds=refunds,
    )


def parse_refund(document: Mapping[str, Any]) -> ProviderRefundInfo:
    """A ``POST /v1/payments/{id}/refunds`` answer."""
    return ProviderRefundInfo(
        id=str(document["id"]),
        amount=provider_decimal(document.get("amount", 0)),
        status=str(document.get("status", "")),
    )


def parse_payout(document: Mapping[str, Any]) -> ProviderPayout:
    """A ``/v1/payouts`` answer: the batch status, with the transfer's status detail when present."""
    detail = None
    transaction = document.get("transaction")
    if isinstance(transaction, Mapping):
        to = transaction.get("to")
        accounts = to.get("accounts") if isinstance(to, Mapping) else None
        if isinstance(accounts, list) and accounts and isinstance(accounts[0], Mapping):
            detail = accounts[0].get("status_detail")
    return ProviderPayout(
        id=str(document["id"]), status=str(document.get("status", "")), status_detail=detail
    )


def preference_body(request: PreferenceRequest) -> dict[str, Any]:
    """A Checkout Pro preference for one trabajo (SPEC §6)."""
    return {
        "items": [
            {
                "id": request.external_reference,
                "title": request.title,
                "quantity": 1,
                "currency_id": request.currency,
                "unit_price": wire_number(request.amount),
            }
        ],
        "payer": {"email": request.payer_email},
        "external_reference": request.external_reference,
        "back_urls": dict(request.back_urls),
        "notification_url": request.notification_url,
        "auto_return": "approved",
        "binary_mode": True,
        "statement_descriptor": request.statement_descriptor[:22],
    }


def payout_body(request: PayoutRequest) -> dict[str, Any]:
    """The ``POST /v1/payouts`` body for one bank or Mercado Pago account in Argentina (CBU/CVU or
    alias), amounts as JSON numbers."""
    amount = wire_number(request.amount)
    account: dict[str, Any] = {"amount": amount}
    if request.account.isdigit():
        account.update({"type": "current", "number": request.account})
    else:
        account.update({"type": "alias", "alias": request.account})
    body: dict[str, Any] = {
        "external_reference": request.external_reference,
        "description": request.description,
        "transaction": {
            "from": {"accounts": [{"amount": amount}]},
            "to": {"accounts": [account]},
            "total_amount": amount,
        },
    }
    if request.notification_url:
        body["config"] = {"notification_url": request.notification_url}
    return body
