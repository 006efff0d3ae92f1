"""What the payments service holds about a person (SPEC §14), and what it keeps after a deletion.

Kept, by law, tied to the user id only (the id is the pseudonym): the payment intents, refunds, ledger
accounts, transactions and entries, retiros and lotes with their amounts, states and the bank
reference of a paid lote (the platform's own record of its transfer). Erased from them: every copy of the
person's e-mail (the payer's address on their payments, inside the sandbox provider's preference, payment
and remembered-answer documents, and inside any provider notification about their payments) becomes
:func:`pseudonymous_email`; every copy of their payout account (CBU, CVU or alias: on their retiros, in
the sandbox's payout documents, in error texts) becomes :data:`ERASED_ACCOUNT`; the copy of their payout
account is deleted. The service never stores names or phones.

The trabajo's description (the offer's text) stays on the payment: the ledger's immutable descriptions
repeat it, and it describes the work, not the person.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import AccountDeletionRequested
from conectar.contracts.money import ars
from conectar.contracts.payments import PaymentEstado
from conectar.contracts.personal_data import is_pseudonymous_email, pseudonymous_email
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.models import PaymentIntent, Refund, Retiro
from conectar.payments.money import from_centavos
from conectar.payments.service import retiros as retiro_service
from conectar.payments.service.reports import CLIENT_KINDS, balance, movimiento
from conectar.platform.app import ServiceContext
from conectar.platform.personal_data import PersonalDataExport, PersonalDataHooks, StoredFile

# What a deleted professional's payout account reads on the retiros the ledger keeps.
ERASED_ACCOUNT = "ELIMINADO"


# --- export ------------------------------------------------------------------------------------------


def _refund(refund: Refund | None) -> dict[str, Any] | None:
    if refund is None:
        return None
    return {
        "monto": from_centavos(refund.amount_centavos),
        "motivo": refund.motivo,
        "origen": refund.origen,
        "estado": refund.estado,
        "fecha_creacion": refund.fecha_creacion,
        "completado_el": refund.completed_at,
    }


def _payment(intent: PaymentIntent, user_id: uuid.UUID, refund: Refund | None) -> dict[str, Any]:
    as_client = intent.cliente_id == user_id
    return {
        "trabajo_id": intent.trabajo_id,
        # Both parties see the payment of their trabajo; only the client's own address is theirs to see.
        "rol": "CLIENTE" if as_client else "PROFESIONAL",
        "cliente_id": intent.cliente_id,
        "profesional_id": intent.profesional_id,
        "monto": from_centavos(intent.amount_centavos),
        "moneda": intent.currency,
        "descripcion": intent.description,
        "email_pagador": intent.payer_email if as_client else None,
        "estado": intent.estado,
        "proveedor": intent.provider,
        "pago_proveedor_id": intent.payment_id,
        "estado_proveedor": intent.provider_status,
        "comision_plataforma": (
            from_centavos(intent.comision_centavos) if intent.comision_centavos is not None else None
        ),
        "monto_liberado": (
            from_centavos(intent.liberado_centavos) if intent.liberado_centavos is not None else None
        ),
        "aprobado_el": intent.approved_at,
        "liberado_el": intent.released_at,
        "reembolsado_el": intent.refunded_at,
        "fecha_creacion": intent.fecha_creacion,
        "reembolso": _refund(refund),
    }


def _retiro(retiro: Retiro) -> dict[str, Any]:
    data = retiro_service.retiro_read(retiro).model_dump()
    data["intentos"] = retiro.attempts
    return data


async def export(ctx: ServiceContext, user_id: uuid.UUID) -> PersonalDataExport:
    async with ctx.db.snapshot() as session:
        intents = await repo.intents_of_person(session, user_id)
        refunds = {
            r.trabajo_id: r for r in await repo.refunds_of_trabajos(session, [i.trabajo_id for i in intents])
        }
        transactions = await repo.transactions_of_person(session, user_id, [k.value for k in CLIENT_KINDS])
        accounts = await repo.accounts_of(session, user_id)
        retiros = await repo.retiros_of(session, user_id)
        payout_account = await repo.payout_account(session, user_id)
        professional = (
            payout_account is not None
            or bool(retiros)
            or any(account.kind == ledger.AccountKind.PAYABLE for account in accounts)
        )
        saldo = await balance(session, user_id) if professional else None
    return PersonalDataExport(
        data={
            "pagos": [_payment(intent, user_id, refunds.get(intent.trabajo_id)) for intent in intents],
            "movimientos": [movimiento(row).model_dump() for row in transactions],
            "cuentas": [
                {
                    "tipo": account.kind,
                    "trabajo_id": account.trabajo_id,
                    "saldo": from_centavos(account.balance_centavos),
                    "fecha_creacion": account.created_at,
                }
                for account in accounts
            ],
            "saldo": saldo.model_dump() if saldo is not None else None,
            "retiros": [_retiro(retiro) for retiro in retiros],
            "cuenta_de_cobro": payout_account,
        }
    )


# --- blockers ----------------------------------------------------------------------------------------


async def blockers(ctx: ServiceContext, user_id: uuid.UUID) -> list[str]:
    """Money not yet paid out to the person (SPEC §14): their available balance, retiros on their way,
    a refund to them still in flight."""
    async with ctx.db.snapshot() as session:
        available = await ledger.balance(session, ledger.payable(user_id))
        in_transit = await ledger.balance(session, ledger.in_transit(user_id))
        refunds = await repo.count_intents(
            session, cliente_id=user_id, estados=[PaymentEstado.REEMBOLSO_PENDIENTE.value]
        )
    reasons = []
    if available > 0:
        reasons.append(
            f"Tenés {ars(from_centavos(available))} de saldo disponible sin retirar: pedí el retiro "
            "y esperá a que se acredite antes de eliminar la cuenta."
        )
    # A retiro reserves its amount in the in-transit account when asked, until it is paid or given back.
    if in_transit > 0:
        reasons.append(
            f"Tenés retiros por {ars(from_centavos(in_transit))} en curso (solicitados, aprobados o en "
            "un lote de transferencias) que todavía no se acreditaron en tu cuenta."
        )
    if refunds:
        reasons.append("Hay un reembolso a tu favor que todavía no se completó.")
    return reasons


# --- erase -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scrubber:
    """Replaces copies of personal values inside text and JSON documents (case-insensitive: providers
    lower-case e-mail addresses)."""

    replacements: tuple[tuple[re.Pattern[str], str], ...]

    @classmethod
    def of(cls, values: Iterable[tuple[str, str]]) -> Scrubber:
        found = {value.strip(): replacement for value, replacement in values if value and value.strip()}
        ordered = sorted(found.items(), key=lambda item: -len(item[0]))  # longer values first
        return cls(tuple((re.compile(re.escape(value), re.IGNORECASE), new) for value, new in ordered))

    def text(self, value: str) -> str:
        for pattern, replacement in self.replacements:
            value = pattern.sub(replacement, value)
        return value

    def __call__(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {key: self(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self(item) for item in value]
        return value


def _present(values: Iterable[str | None]) -> list[str]:
    return [value for value in values if value]


async def erase(
    ctx: ServiceContext, session: AsyncSession, event: AccountDeletionRequested
) -> Sequence[StoredFile]:
    user_id = event.user_id
    pseudonym = pseudonymous_email(user_id)
    intents = [i for i in await repo.intents_of_person(session, user_id) if i.cliente_id == user_id]
    retiros = await repo.retiros_of(session, user_id, lock=True)
    emails = {i.payer_email for i in intents if not is_pseudonymous_email(i.payer_email)}
    accounts = {p.payout_account for p in retiros if p.payout_account != ERASED_ACCOUNT}
    copy = await repo.payout_account(session, user_id)
    if copy:
        accounts.add(copy)
    scrub = Scrubber.of([*((email, pseudonym) for email in emails), *((a, ERASED_ACCOUNT) for a in accounts)])
    await repo.set_payer_email(session, user_id, pseudonym)
    await repo.delete_payout_account(session, user_id)
    if scrub.replacements:
        await repo.rewrite_provider_records(
            session,
            scrub,
            payment_ids=_present(i.payment_id for i in intents),
            preference_ids=_present(i.preference_id for i in intents),
            idempotency_keys=[
                *(i.preference_key for i in intents),
                *(p.idempotency_key for p in retiros),
            ],
            retiro_ids=[p.id for p in retiros],
            provider_payout_ids=_present(p.provider_payout_id for p in retiros),
        )
    return []


HOOKS = PersonalDataHooks(export=export, erase=erase, blockers=blockers)
