"""The double-entry ledger: accounts per party, balanced transactions, posting only.

Sign convention: a positive balance is money the platform holds or owes to someone (escrow, a
professional's payable, money in transit, revenue); the contra accounts that money comes from are negative
(a client's funding, platform losses). Every transaction's entries sum to zero. Postings are idempotent on
a key: posting the same key again returns the first transaction and changes nothing.

| transaction | entries |
|---|---|
| FUNDING | client funding −A, escrow +A |
| RELEASE | escrow −A, professional payable +L, platform revenue +C (A = L + C) |
| REFUND, CHARGEBACK | escrow −A, client refunds +A |
| REVERSAL_AFTER_RELEASE | platform losses −A, client refunds +A |
| PAYOUT_RESERVE | payable −X, in transit +X |
| PAYOUT_PAID | in transit −X, paid out +X |
| PAYOUT_REVERSAL | in transit −X, payable +X |
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.payments.models import LedgerAccount, LedgerEntry, LedgerTransaction, table_of
from conectar.platform.db import insert_ignore, new_id, utcnow
from conectar.platform.errors import Conflict


class AccountKind(StrEnum):
    CLIENT_FUNDING = "CLIENT_FUNDING"
    ESCROW = "ESCROW"
    PAYABLE = "PAYABLE"
    IN_TRANSIT = "IN_TRANSIT"
    PAID_OUT = "PAID_OUT"
    REVENUE = "REVENUE"
    CLIENT_REFUNDS = "CLIENT_REFUNDS"
    LOSSES = "LOSSES"


class TxKind(StrEnum):
    FUNDING = "FUNDING"
    RELEASE = "RELEASE"
    REFUND = "REFUND"
    CHARGEBACK = "CHARGEBACK"
    REVERSAL_AFTER_RELEASE = "REVERSAL_AFTER_RELEASE"
    PAYOUT_RESERVE = "PAYOUT_RESERVE"
    PAYOUT_PAID = "PAYOUT_PAID"
    PAYOUT_REVERSAL = "PAYOUT_REVERSAL"


@dataclass(frozen=True)
class AccountRef:
    kind: AccountKind
    owner_id: uuid.UUID | None = None
    trabajo_id: uuid.UUID | None = None

    @property
    def code(self) -> str:
        if self.kind is AccountKind.ESCROW:
            return f"escrow:{self.trabajo_id}"
        if self.kind in (AccountKind.REVENUE, AccountKind.LOSSES):
            return f"platform:{self.kind.value.lower()}"
        return f"{self.kind.value.lower()}:{self.owner_id}"


def client_funding(cliente_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.CLIENT_FUNDING, cliente_id)


def client_refunds(cliente_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.CLIENT_REFUNDS, cliente_id)


def escrow(trabajo_id: uuid.UUID, profesional_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.ESCROW, profesional_id, trabajo_id)


def payable(profesional_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.PAYABLE, profesional_id)


def in_transit(profesional_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.IN_TRANSIT, profesional_id)


def paid_out(profesional_id: uuid.UUID) -> AccountRef:
    return AccountRef(AccountKind.PAID_OUT, profesional_id)


REVENUE = AccountRef(AccountKind.REVENUE)
LOSSES = AccountRef(AccountKind.LOSSES)


@dataclass(frozen=True)
class Leg:
    account: AccountRef
    amount_centavos: int


@dataclass(frozen=True)
class Posting:
    key: str
    kind: TxKind
    legs: Sequence[Leg]
    amount_centavos: int
    description: str
    fee_centavos: int = 0
    trabajo_id: uuid.UUID | None = None
    cliente_id: uuid.UUID | None = None
    profesional_id: uuid.UUID | None = None
    payout_id: uuid.UUID | None = None
    funds_trabajo: bool = False
    exits_escrow: bool = False
    reference: str | None = None


class UnbalancedPosting(ValueError):
    """A posting whose legs do not sum to zero (a programming error, never a user's)."""


@dataclass(frozen=True)
class Posted:
    transaction_id: uuid.UUID
    created: bool


async def account_id(session: AsyncSession, ref: AccountRef) -> uuid.UUID:
    """The account's id, creating the account on first use."""
    found = (
        await session.execute(select(LedgerAccount.id).where(LedgerAccount.code == ref.code))
    ).scalar_one_or_none()
    if found is not None:
        return found
    await insert_ignore(
        session,
        table_of(LedgerAccount),
        {
            "id": new_id(),
            "code": ref.code,
            "kind": ref.kind.value,
            "owner_id": ref.owner_id,
            "trabajo_id": ref.trabajo_id,
            "balance_centavos": 0,
            "created_at": utcnow(),
        },
    )
    return (
        await session.execute(select(LedgerAccount.id).where(LedgerAccount.code == ref.code))
    ).scalar_one()


def _validate(posting: Posting) -> None:
    if len(posting.legs) < 2:
        raise UnbalancedPosting(f"{posting.key}: a transaction needs two legs")
    if any(leg.amount_centavos == 0 for leg in posting.legs):
        raise UnbalancedPosting(f"{posting.key}: zero leg")
    if sum(leg.amount_centavos for leg in posting.legs) != 0:
        raise UnbalancedPosting(f"{posting.key}: legs do not sum to zero")


async def post(session: AsyncSession, posting: Posting) -> Posted:
    """Post a balanced transaction once per key, in the caller's unit of work.

    A repeated key returns the first transaction. A second funding or escrow exit for the same trabajo
    under another key, or an account going below zero, is refused with :class:`Conflict` (and the caller's
    unit of work rolls back).
    """
    _validate(posting)
    existing = (
        await session.execute(
            select(LedgerTransaction.id).where(LedgerTransaction.idempotency_key == posting.key)
        )
    ).scalar_one_or_none()
    if existing is not None:
        return Posted(existing, created=False)
    accounts = [await account_id(session, leg.account) for leg in posting.legs]
    transaction_id = new_id()
    now = utcnow()
    try:
        inserted = await insert_ignore(
            session,
            table_of(LedgerTransaction),
            {
                "id": transaction_id,
                "idempotency_key": posting.key,
                "kind": posting.kind.value,
                "trabajo_id": posting.trabajo_id,
                "cliente_id": posting.cliente_id,
                "profesional_id": posting.profesional_id,
                "payout_id": posting.payout_id,
                "funded_trabajo_id": posting.trabajo_id if posting.funds_trabajo else None,
                "escrow_exit_trabajo_id": posting.trabajo_id if posting.exits_escrow else None,
                "amount_centavos": posting.amount_centavos,
                "fee_centavos": posting.fee_centavos,
                "reference": posting.reference,
                "description": posting.description[:256],
                "created_at": now,
            },
        )
        if not inserted:
            again = (
                await session.execute(
                    select(LedgerTransaction.id).where(LedgerTransaction.idempotency_key == posting.key)
                )
            ).scalar_one_or_none()
            if again is not None:
                return Posted(again, created=False)
            raise Conflict("Ese movimiento de dinero ya se registró (fondeo o salida de garantía duplicada)")
        await session.execute(
            insert(LedgerEntry),
            [
                {
                    "transaction_id": transaction_id,
                    "account_id": account,
                    "amount_centavos": leg.amount_centavos,
                    "created_at": now,
                }
                for account, leg in zip(accounts, posting.legs, strict=True)
            ],
        )
    except IntegrityError as exc:
        raise Conflict("El movimiento dejaría una cuenta en negativo o duplicaría una salida") from exc
    return Posted(transaction_id, created=True)


async def balance(session: AsyncSession, ref: AccountRef, *, lock: bool = False) -> int:
    """The account's balance (0 when it has none yet). ``lock``: hold the account's row until the caller's
    transaction ends, for a decision to move money out of it (a request made twice at once then sees what
    the first one left instead of both passing the check and the second meeting the ledger's guard)."""
    query = select(LedgerAccount.balance_centavos).where(LedgerAccount.code == ref.code)
    if lock:
        query = query.with_for_update()
    found = (await session.execute(query)).scalar_one_or_none()
    return int(found or 0)


async def owners_with_available_money(session: AsyncSession) -> list[uuid.UUID]:
    """The professionals whose available (payable) balance is above zero."""
    query = select(LedgerAccount.owner_id).where(
        LedgerAccount.kind == AccountKind.PAYABLE.value,
        LedgerAccount.balance_centavos > 0,
        LedgerAccount.owner_id.is_not(None),
    )
    return [owner for owner in (await session.execute(query)).scalars() if owner is not None]


async def sum_balances(session: AsyncSession, kind: AccountKind, owner_id: uuid.UUID | None = None) -> int:
    query = select(func.coalesce(func.sum(LedgerAccount.balance_centavos), 0)).where(
        LedgerAccount.kind == kind.value
    )
    if owner_id is not None:
        query = query.where(LedgerAccount.owner_id == owner_id)
    return int((await session.execute(query)).scalar_one())
