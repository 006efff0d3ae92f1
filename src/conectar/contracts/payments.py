"""The payments service's internal API: what the chat service (or an admin hook) sends and receives.

Every call is authenticated with a service token and idempotent on the trabajo id: repeating a call
returns the first result. Money is ARS as ``Decimal`` with two decimals (the ledger keeps integer
centavos; decimals only live at the edges).

- ``POST /internal/v1/payments`` :class:`OpenPaymentRequest` → :class:`OpenPaymentResponse`
- ``GET /internal/v1/payments/{trabajo_id}`` → :class:`PaymentStatus`
- ``POST /internal/v1/payments/{trabajo_id}/release`` :class:`ReleaseRequest` → :class:`PaymentStatus`
- ``POST /internal/v1/payments/{trabajo_id}/refund`` :class:`RefundRequest` → :class:`PaymentStatus`
- ``POST /internal/v1/payments/{trabajo_id}/simulate-approval`` → :class:`PaymentStatus` (sandbox only)
"""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

Money = Annotated[Decimal, Field(max_digits=12, decimal_places=2)]
PositiveMoney = Annotated[Decimal, Field(gt=0, max_digits=12, decimal_places=2)]
NonNegativeMoney = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]


class PaymentEstado(StrEnum):
    """Where a trabajo's money is, as the payments service sees it."""

    PENDIENTE = "PENDIENTE"  # checkout opened, nothing paid yet
    RECHAZADO = "RECHAZADO"  # the last attempt was rejected; the client may try again
    APROBADO = "APROBADO"  # paid and provider-verified: the money is in escrow
    LIBERADO = "LIBERADO"  # released: professional payable + platform commission
    REEMBOLSO_PENDIENTE = "REEMBOLSO_PENDIENTE"  # refund asked of the provider, not yet confirmed
    REEMBOLSADO = "REEMBOLSADO"  # refunded in full to the client
    CONTRACARGO = "CONTRACARGO"  # the client's card issuer took the money back (chargeback)


class BackUrls(BaseModel):
    success: Annotated[str, Field(max_length=1024)]
    failure: Annotated[str, Field(max_length=1024)]
    pending: Annotated[str, Field(max_length=1024)]


class OpenPaymentRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    trabajo_id: uuid.UUID
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    amount: PositiveMoney
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=256)]
    payer_email: EmailStr
    back_urls: BackUrls | None = Field(
        default=None, description="Where the checkout returns the payer; default: the platform's pages."
    )


class OpenPaymentResponse(BaseModel):
    payment_preference_id: str
    payment_url: str


class ReleaseRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    profesional_id: uuid.UUID
    comision_plataforma: NonNegativeMoney
    monto_liberado: NonNegativeMoney
    payout_account: str | None = Field(
        default=None,
        max_length=64,
        description="The professional's CBU/CVU or alias, when the caller already knows it; otherwise "
        "the payments service asks the professionals service.",
    )


class RefundRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    motivo: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class PaymentStatus(BaseModel):
    trabajo_id: uuid.UUID
    estado: PaymentEstado
    amount: Money
    currency: str = "ARS"
    cliente_id: uuid.UUID
    profesional_id: uuid.UUID
    provider: str
    payment_id: str | None = None
    payment_preference_id: str | None = None
    payment_url: str | None = None
    comision_plataforma: Money | None = None
    monto_liberado: Money | None = None
    refund_id: str | None = None
    motivo_reembolso: str | None = None
    approved_at: datetime | None = None
    released_at: datetime | None = None
    refunded_at: datetime | None = None
    fecha_creacion: datetime
    fecha_actualizacion: datetime
