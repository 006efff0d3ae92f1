"""Tables owned by the payments service.

Money is integer centavos (``BigInteger``). The ledger is posting only: entries and transactions are never
updated or deleted (database triggers refuse it), an account's balance is maintained by a trigger from its
entries, escrow/payable/in-transit balances can never go below zero (check constraint), a trabajo is funded
at most once and its escrow leaves at most once (unique keys), and on PostgreSQL a deferred constraint
trigger refuses to commit a transaction whose entries do not sum to zero.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from conectar.platform.db import TimestampMixin, UTCDateTime, make_metadata, new_id, utcnow
from conectar.platform.outbox import messaging_tables


class Base(DeclarativeBase):
    metadata = make_metadata()


tables = messaging_tables(Base.metadata)


def table_of(model: type[Base]) -> Table:
    """A mapped class's Core table (for insert-or-ignore and bulk statements)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


# SQLite only autoincrements an INTEGER PRIMARY KEY.
BigId = BigInteger().with_variant(Integer(), "sqlite")

INTENT_STATES = (
    "PENDIENTE",
    "RECHAZADO",
    "APROBADO",
    "LIBERADO",
    "REEMBOLSO_PENDIENTE",
    "REEMBOLSADO",
    "CONTRACARGO",
)
ACCOUNT_KINDS = (
    "CLIENT_FUNDING",
    "ESCROW",
    "PAYABLE",
    "IN_TRANSIT",
    "PAID_OUT",
    "REVENUE",
    "CLIENT_REFUNDS",
    "LOSSES",
)
NON_NEGATIVE_KINDS = ("ESCROW", "PAYABLE", "IN_TRANSIT")
TRANSACTION_KINDS = (
    "FUNDING",
    "RELEASE",
    "REFUND",
    "CHARGEBACK",
    "REVERSAL_AFTER_RELEASE",
    "PAYOUT_RESERVE",
    "PAYOUT_PAID",
    "PAYOUT_REVERSAL",
)
RETIRO_STATES = ("SOLICITADO", "EN_PROCESO", "PAGADO", "FALLIDO", "RECHAZADO")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PaymentIntent(TimestampMixin, Base):
    """One per trabajo: the checkout, the provider's payment, and where the money stands."""

    __tablename__ = "payment_intents"
    __table_args__ = (
        CheckConstraint("amount_centavos > 0", name="amount_positive"),
        CheckConstraint(_in("estado", INTENT_STATES), name="estado_valid"),
        Index("ix_payment_intents_estado_last_reconciled_at", "estado", "last_reconciled_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    trabajo_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    cliente_id: Mapped[uuid.UUID] = mapped_column(index=True)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    amount_centavos: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3), default="ARS")
    description: Mapped[str] = mapped_column(String(256))
    payer_email: Mapped[str] = mapped_column(String(254))
    back_urls: Mapped[dict[str, Any]] = mapped_column(JSON)
    provider: Mapped[str] = mapped_column(String(20))
    estado: Mapped[str] = mapped_column(String(24), default="PENDIENTE")
    preference_key: Mapped[str] = mapped_column(String(64), unique=True)
    preference_id: Mapped[str | None] = mapped_column(String(128), nullable=True, index=True)
    payment_url: Mapped[str | None] = mapped_column(String(1024), nullable=True)
    payment_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    provider_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    comision_centavos: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    liberado_centavos: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_reconciled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ProviderRequest(Base):
    """Every POST to the payment provider, recorded with its idempotency key before it is sent."""

    __tablename__ = "provider_requests"

    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    operation: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[uuid.UUID] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    response_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class Refund(TimestampMixin, Base):
    """The (single, full) refund of a trabajo's payment: asked by us, or reported by the provider."""

    __tablename__ = "refunds"
    __table_args__ = (
        CheckConstraint("amount_centavos > 0", name="amount_positive"),
        CheckConstraint(_in("estado", ("PENDIENTE", "APROBADO", "FALLIDO")), name="estado_valid"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    trabajo_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    amount_centavos: Mapped[int] = mapped_column(BigInteger)
    motivo: Mapped[str] = mapped_column(String(500))
    origen: Mapped[str] = mapped_column(String(20))
    estado: Mapped[str] = mapped_column(String(12), default="PENDIENTE")
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    provider_refund_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class LedgerAccount(Base):
    __tablename__ = "ledger_accounts"
    __table_args__ = (
        CheckConstraint(_in("kind", ACCOUNT_KINDS), name="kind_valid"),
        CheckConstraint(
            f"NOT ({_in('kind', NON_NEGATIVE_KINDS)}) OR balance_centavos >= 0", name="non_negative"
        ),
        Index("ix_ledger_accounts_kind_owner_id", "kind", "owner_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    owner_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    trabajo_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, unique=True)
    # Maintained by a database trigger from the account's entries; never written by the application.
    balance_centavos: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LedgerTransaction(Base):
    __tablename__ = "ledger_transactions"
    __table_args__ = (
        CheckConstraint(_in("kind", TRANSACTION_KINDS), name="kind_valid"),
        Index("ix_ledger_transactions_profesional_id_created_at", "profesional_id", "created_at"),
        Index("ix_ledger_transactions_cliente_id_created_at", "cliente_id", "created_at"),
        Index("ix_ledger_transactions_kind_created_at", "kind", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    trabajo_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, index=True)
    cliente_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    profesional_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    payout_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, index=True)
    # A trabajo is funded at most once, and its escrow leaves (release, refund, chargeback) at most once.
    funded_trabajo_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, unique=True)
    escrow_exit_trabajo_id: Mapped[uuid.UUID | None] = mapped_column(nullable=True, unique=True)
    amount_centavos: Mapped[int] = mapped_column(BigInteger)
    fee_centavos: Mapped[int] = mapped_column(BigInteger, default=0)
    reference: Mapped[str | None] = mapped_column(String(128), nullable=True)
    description: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (CheckConstraint("amount_centavos <> 0", name="amount_nonzero"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    transaction_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("ledger_accounts.id"), index=True)
    amount_centavos: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PayoutAccountCopy(Base):
    """The professional's payout account (CBU/CVU or alias): a copy of the professionals service's."""

    __tablename__ = "payout_account_copies"

    profesional_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    payout_account: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Lote(TimestampMixin, Base):
    """A lote: a manual bank-transfer batch of retiros that an admin pays outside the platform and
    confirms with the bank's reference. (The table keeps its first name, ``payout_batches``.)"""

    __tablename__ = "payout_batches"
    __table_args__ = (CheckConstraint(_in("estado", ("ABIERTO", "PAGADO")), name="estado_valid"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    estado: Mapped[str] = mapped_column(String(12), default="ABIERTO")
    total_centavos: Mapped[int] = mapped_column(BigInteger)
    cantidad: Mapped[int] = mapped_column(Integer)
    bank_reference: Mapped[str | None] = mapped_column(String(128), nullable=True, unique=True)
    created_by: Mapped[uuid.UUID]
    paid_by: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Retiro(TimestampMixin, Base):
    """Money a professional withdraws: reserved from their payable when requested, paid out through the
    payout provider or a manual lote, or returned to their payable if it fails or is rejected. (The table
    keeps its first name, ``payouts``, and ``batch_id`` is the lote's id.)"""

    __tablename__ = "payouts"
    __table_args__ = (
        CheckConstraint("amount_centavos > 0", name="amount_positive"),
        CheckConstraint(_in("estado", RETIRO_STATES), name="estado_valid"),
        Index("ix_payouts_estado_fecha_creacion", "estado", "fecha_creacion"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    profesional_id: Mapped[uuid.UUID] = mapped_column(index=True)
    amount_centavos: Mapped[int] = mapped_column(BigInteger)
    payout_account: Mapped[str] = mapped_column(String(64))
    estado: Mapped[str] = mapped_column(String(12), default="SOLICITADO")
    provider: Mapped[str | None] = mapped_column(String(20), nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    provider_payout_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    provider_status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("payout_batches.id"), nullable=True, index=True
    )
    bank_reference: Mapped[str | None] = mapped_column(String(128), nullable=True)
    motivo: Mapped[str | None] = mapped_column(String(500), nullable=True)
    requested_by: Mapped[uuid.UUID]
    approved_by: Mapped[uuid.UUID | None] = mapped_column(nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_reconciled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ProviderNotification(Base):
    """Each provider notification, stored once (insert-or-ignore on source and external id) together with
    its job on the ``payments.notifications`` work queue, and handled after the answer by that job, which
    stamps ``handled_at`` and ``outcome`` (``last_error`` holds the last failed attempt's reason)."""

    __tablename__ = "provider_notifications"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    source: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(32))
    action: Mapped[str | None] = mapped_column(String(64), nullable=True)
    resource_id: Mapped[str] = mapped_column(String(64))
    request_id: Mapped[str | None] = mapped_column(String(128), nullable=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(48), nullable=True)


# --- the sandbox provider's own records (MercadoPago-shaped documents) -------------------------------


class SandboxPreference(Base):
    __tablename__ = "sandbox_preferences"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    external_reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SandboxPayment(Base):
    __tablename__ = "sandbox_payments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    preference_id: Mapped[str] = mapped_column(String(64), index=True)
    external_reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SandboxIdempotency(Base):
    """The sandbox's memory of POSTs by X-Idempotency-Key: a repeated key returns the first answer."""

    __tablename__ = "sandbox_idempotency"

    idempotency_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    operation: Mapped[str] = mapped_column(String(32))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SandboxPayout(Base):
    __tablename__ = "sandbox_payouts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    external_reference: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class SandboxWebhookDelivery(Base):
    """A signed webhook the sandbox owes to a ``notification_url``, sent by its job on the
    ``payments.sandbox-webhooks`` work queue and retried until acknowledged (``handled_at``)."""

    __tablename__ = "sandbox_webhook_deliveries"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    url: Mapped[str] = mapped_column(String(1024))
    topic: Mapped[str] = mapped_column(String(32))
    data_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
