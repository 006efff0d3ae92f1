"""Retiros: a professional asks to withdraw (the amount is reserved at once: payable → in transit); an
admin approves it (sent through the payout provider: sandbox or MercadoPago Payouts) or puts it in a
manual bank-transfer lote, which the admin marks paid with the bank's reference; a failed or rejected
retiro returns to the professional's payable."""

from __future__ import annotations

import secrets
import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import PayoutSent
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.ledger import Leg, Posting, TxKind
from conectar.payments.models import LedgerAccount, Lote, PayoutAccountCopy, Retiro
from conectar.payments.money import from_centavos
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.state import EstadoRetiro, retiro_can
from conectar.platform.audit import Actor
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import BusinessRuleError, NotFound

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime


MANUAL = "manual"

# Who decides: the acting ADMIN (with the address of the request), or only their id (scripts and tests,
# recorded without an address).
Staff = Actor | uuid.UUID


def staff_actor(staff: Staff) -> Actor:
    return staff if isinstance(staff, Actor) else Actor(user_id=staff)


def staff_id_of(actor: Actor) -> uuid.UUID:
    if actor.user_id is None:
        raise BusinessRuleError("Solo una persona del equipo puede decidir sobre los retiros")
    return actor.user_id


async def record_decision(
    rt: PaymentsRuntime,
    session: AsyncSession,
    actor: Actor,
    accion: str,
    recurso: str,
    recurso_id: uuid.UUID,
    **detalle: object,
) -> None:
    """The staff decision's record, in the unit of work that commits the decision (SPEC §14)."""
    await rt.ctx.audit.record(
        session, actor, accion=accion, recurso=recurso, recurso_id=recurso_id, detalle=detalle
    )


def retiro_detail(retiro: Retiro, before: str) -> dict[str, object]:
    return {
        "profesional_id": str(retiro.profesional_id),
        "monto": str(from_centavos(retiro.amount_centavos)),
        "estado_anterior": before,
        "estado": retiro.estado,
    }


def retiro_read(retiro: Retiro) -> RetiroRead:
    return RetiroRead(
        id=retiro.id,
        profesional_id=retiro.profesional_id,
        monto=from_centavos(retiro.amount_centavos),
        cuenta=retiro.payout_account,
        estado=retiro.estado,
        proveedor=retiro.provider,
        lote_id=retiro.batch_id,
        referencia=retiro.bank_reference or retiro.provider_payout_id,
        motivo=retiro.motivo,
        enviado_at=retiro.sent_at,
        pagado_at=retiro.paid_at,
        fecha_creacion=retiro.fecha_creacion,
        fecha_actualizacion=retiro.fecha_actualizacion,
    )


def lote_read(lote: Lote, retiros: list[Retiro]) -> LoteRead:
    return LoteRead(
        id=lote.id,
        estado=lote.estado,
        total=from_centavos(lote.total_centavos),
        cantidad=lote.cantidad,
        referencia_bancaria=lote.bank_reference,
        pagado_at=lote.paid_at,
        fecha_creacion=lote.fecha_creacion,
        retiros=[retiro_read(retiro) for retiro in retiros],
    )


async def _move(
    session: AsyncSession,
    retiro: Retiro,
    kind: TxKind,
    source: ledger.AccountRef,
    target: ledger.AccountRef,
    description: str,
    reference: str | None = None,
) -> None:
    """Post the retiro's whole amount from one of the professional's accounts to another, once per kind
    (keyed ``payout-reserve:<id>``, ``payout-paid:<id>``, ``payout-reversal:<id>``)."""
    await ledger.post(
        session,
        Posting(
            key=f"{kind.value.lower().replace('_', '-')}:{retiro.id}",
            kind=kind,
            legs=(Leg(source, -retiro.amount_centavos), Leg(target, retiro.amount_centavos)),
            amount_centavos=retiro.amount_centavos,
            description=description,
            profesional_id=retiro.profesional_id,
            payout_id=retiro.id,
            reference=reference,
        ),
    )


async def reserve(
    session: AsyncSession, profesional_id: uuid.UUID, amount: int, account: str, requested_by: uuid.UUID
) -> Retiro:
    retiro = Retiro(
        id=new_id(),
        profesional_id=profesional_id,
        amount_centavos=amount,
        payout_account=account,
        estado=EstadoRetiro.SOLICITADO.value,
        idempotency_key=f"payout-{secrets.token_hex(16)}",
        requested_by=requested_by,
        attempts=0,
    )
    session.add(retiro)
    await session.flush()
    await _move(
        session,
        retiro,
        TxKind.PAYOUT_RESERVE,
        ledger.payable(profesional_id),
        ledger.in_transit(profesional_id),
        "Retiro solicitado",
    )
    return retiro


async def locked_retiro(session: AsyncSession, retiro_id: uuid.UUID) -> Retiro:
    retiro = await repo.retiro(session, retiro_id, lock=True)
    if retiro is None:
        raise NotFound("Retiro no encontrado")
    return retiro


async def locked_retiro_after_balance(session: AsyncSession, retiro_id: uuid.UUID) -> Retiro:
    """The retiro locked for a change that may give its money back to the professional's available
    balance (rejected, failed, or the payout provider's answer): that balance is locked first. Whatever
    moves a professional's money locks their available balance before anything else of theirs, as a
    retiro asked and a lote of every balance do; taken the other way round (the retiro and the money in
    transit first), a retiro given back while its professional asked another, or while a lote took every
    balance, deadlocked with it and the database failed one of them (a 500)."""
    found = await repo.retiro(session, retiro_id)
    if found is None:
        raise NotFound("Retiro no encontrado")
    await ledger.balance(session, ledger.payable(found.profesional_id), lock=True)
    return await locked_retiro(session, retiro_id)


def in_locking_order(retiros: list[Retiro]) -> list[Retiro]:
    """Retiros in the order their money moves in one unit of work: by professional (as a lote of every
    balance reserves them), so two lotes paid at once that share professionals never hold each other's
    money in transit."""
    return sorted(retiros, key=lambda r: (r.profesional_id, r.fecha_creacion, r.id))


def advance(retiro: Retiro, target: EstadoRetiro) -> None:
    if not retiro_can(retiro.estado, target):
        raise BusinessRuleError(f"El retiro está {retiro.estado}")
    retiro.estado = target.value
    retiro.fecha_actualizacion = utcnow()


async def mark_paid(session: AsyncSession, rt: PaymentsRuntime, retiro: Retiro, *, reference: str) -> None:
    advance(retiro, EstadoRetiro.PAGADO)
    await _move(
        session,
        retiro,
        TxKind.PAYOUT_PAID,
        ledger.in_transit(retiro.profesional_id),
        ledger.paid_out(retiro.profesional_id),
        "Retiro acreditado",
        reference=reference,
    )
    retiro.paid_at = utcnow()
    await rt.outbox.add(
        session,
        PayoutSent(
            payout_id=retiro.id,
            profesional_id=retiro.profesional_id,
            amount=from_centavos(retiro.amount_centavos),
            reference=reference,
            provider=retiro.provider,
        ),
    )


async def return_to_payable(session: AsyncSession, retiro: Retiro, target: EstadoRetiro, motivo: str) -> None:
    advance(retiro, target)
    await _move(
        session,
        retiro,
        TxKind.PAYOUT_REVERSAL,
        ledger.in_transit(retiro.profesional_id),
        ledger.payable(retiro.profesional_id),
        f"Retiro devuelto al saldo: {motivo}",
    )
    retiro.motivo = motivo[:500]


async def request_every_balance(session: AsyncSession, admin_id: uuid.UUID) -> None:
    """A retiro for every professional with a positive available balance and a known account."""
    rows = await session.execute(
        select(LedgerAccount.owner_id, LedgerAccount.balance_centavos, PayoutAccountCopy.payout_account)
        .join(PayoutAccountCopy, PayoutAccountCopy.profesional_id == LedgerAccount.owner_id)
        .where(LedgerAccount.kind == ledger.AccountKind.PAYABLE.value, LedgerAccount.balance_centavos > 0)
        # Locked, in one order: a retiro asked meanwhile waits, and two lotes never hold each other's rows.
        .order_by(LedgerAccount.owner_id)
        .with_for_update(of=LedgerAccount)
    )
    for owner_id, amount, account in rows.all():
        if owner_id is not None:
            await reserve(session, owner_id, int(amount), account, admin_id)


async def get_lote(session: AsyncSession, lote_id: uuid.UUID) -> LoteRead:
    lote = await repo.lote(session, lote_id)
    if lote is None:
        raise NotFound("Lote no encontrado")
    return lote_read(lote, await repo.retiros_of_lotes(session, [lote_id]))


async def list_lotes(session: AsyncSession, *, offset: int, limit: int) -> tuple[list[LoteRead], int]:
    """A page of lotes, newest first, each with its retiros (one query for all of them)."""
    lotes, total = await repo.lotes_page(session, offset=offset, limit=limit)
    members: dict[uuid.UUID, list[Retiro]] = {lote.id: [] for lote in lotes}
    for retiro in await repo.retiros_of_lotes(session, list(members)):
        assert retiro.batch_id is not None
        members[retiro.batch_id].append(retiro)
    return [lote_read(lote, members[lote.id]) for lote in lotes], total
