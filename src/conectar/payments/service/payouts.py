"""Payouts: a professional asks to withdraw (the amount is reserved at once: payable → in transit); an
admin approves it (sent through the payout provider: sandbox or MercadoPago Payouts) or puts it in a
manual bank-transfer batch, which the admin marks paid with the bank's reference; a failed or rejected
payout returns to the professional's payable."""

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
from conectar.payments.models import LedgerAccount, Payout, PayoutAccountCopy, PayoutBatch
from conectar.payments.money import from_centavos
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.state import PayoutEstado, payout_can
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


def payout_detail(payout: Payout, before: str) -> dict[str, object]:
    return {
        "profesional_id": str(payout.profesional_id),
        "monto": str(from_centavos(payout.amount_centavos)),
        "estado_anterior": before,
        "estado": payout.estado,
    }


def retiro_read(payout: Payout) -> RetiroRead:
    return RetiroRead(
        id=payout.id,
        profesional_id=payout.profesional_id,
        monto=from_centavos(payout.amount_centavos),
        cuenta=payout.payout_account,
        estado=payout.estado,
        proveedor=payout.provider,
        lote_id=payout.batch_id,
        referencia=payout.bank_reference or payout.provider_payout_id,
        motivo=payout.motivo,
        enviado_at=payout.sent_at,
        pagado_at=payout.paid_at,
        fecha_creacion=payout.fecha_creacion,
        fecha_actualizacion=payout.fecha_actualizacion,
    )


def lote_read(batch: PayoutBatch, payouts: list[Payout]) -> LoteRead:
    return LoteRead(
        id=batch.id,
        estado=batch.estado,
        total=from_centavos(batch.total_centavos),
        cantidad=batch.cantidad,
        referencia_bancaria=batch.bank_reference,
        pagado_at=batch.paid_at,
        fecha_creacion=batch.fecha_creacion,
        retiros=[retiro_read(payout) for payout in payouts],
    )


async def _move(
    session: AsyncSession,
    payout: Payout,
    kind: TxKind,
    source: ledger.AccountRef,
    target: ledger.AccountRef,
    description: str,
    reference: str | None = None,
) -> None:
    """Post the payout's whole amount from one of the professional's accounts to another, once per kind
    (keyed ``payout-reserve:<id>``, ``payout-paid:<id>``, ``payout-reversal:<id>``)."""
    await ledger.post(
        session,
        Posting(
            key=f"{kind.value.lower().replace('_', '-')}:{payout.id}",
            kind=kind,
            legs=(Leg(source, -payout.amount_centavos), Leg(target, payout.amount_centavos)),
            amount_centavos=payout.amount_centavos,
            description=description,
            profesional_id=payout.profesional_id,
            payout_id=payout.id,
            reference=reference,
        ),
    )


async def reserve(
    session: AsyncSession, profesional_id: uuid.UUID, amount: int, account: str, requested_by: uuid.UUID
) -> Payout:
    payout = Payout(
        id=new_id(),
        profesional_id=profesional_id,
        amount_centavos=amount,
        payout_account=account,
        estado=PayoutEstado.SOLICITADO.value,
        idempotency_key=f"payout-{secrets.token_hex(16)}",
        requested_by=requested_by,
        attempts=0,
    )
    session.add(payout)
    await session.flush()
    await _move(
        session,
        payout,
        TxKind.PAYOUT_RESERVE,
        ledger.payable(profesional_id),
        ledger.in_transit(profesional_id),
        "Retiro solicitado",
    )
    return payout


async def locked_payout(session: AsyncSession, payout_id: uuid.UUID) -> Payout:
    payout = await repo.payout(session, payout_id, lock=True)
    if payout is None:
        raise NotFound("Retiro no encontrado")
    return payout


def advance(payout: Payout, target: PayoutEstado) -> None:
    if not payout_can(payout.estado, target):
        raise BusinessRuleError(f"El retiro está {payout.estado}")
    payout.estado = target.value
    payout.fecha_actualizacion = utcnow()


async def mark_paid(session: AsyncSession, rt: PaymentsRuntime, payout: Payout, *, reference: str) -> None:
    advance(payout, PayoutEstado.PAGADO)
    await _move(
        session,
        payout,
        TxKind.PAYOUT_PAID,
        ledger.in_transit(payout.profesional_id),
        ledger.paid_out(payout.profesional_id),
        "Retiro acreditado",
        reference=reference,
    )
    payout.paid_at = utcnow()
    await rt.outbox.add(
        session,
        PayoutSent(
            payout_id=payout.id,
            profesional_id=payout.profesional_id,
            amount=from_centavos(payout.amount_centavos),
            reference=reference,
            provider=payout.provider,
        ),
    )


async def return_to_payable(session: AsyncSession, payout: Payout, target: PayoutEstado, motivo: str) -> None:
    advance(payout, target)
    await _move(
        session,
        payout,
        TxKind.PAYOUT_REVERSAL,
        ledger.in_transit(payout.profesional_id),
        ledger.payable(payout.profesional_id),
        f"Retiro devuelto al saldo: {motivo}",
    )
    payout.motivo = motivo[:500]


async def request_every_balance(session: AsyncSession, admin_id: uuid.UUID) -> None:
    """A payout for every professional with a positive available balance and a known account."""
    rows = await session.execute(
        select(LedgerAccount.owner_id, LedgerAccount.balance_centavos, PayoutAccountCopy.payout_account)
        .join(PayoutAccountCopy, PayoutAccountCopy.profesional_id == LedgerAccount.owner_id)
        .where(LedgerAccount.kind == ledger.AccountKind.PAYABLE.value, LedgerAccount.balance_centavos > 0)
    )
    for owner_id, amount, account in rows.all():
        if owner_id is not None:
            await reserve(session, owner_id, int(amount), account, admin_id)


async def get_batch(session: AsyncSession, batch_id: uuid.UUID) -> LoteRead:
    batch = await repo.batch(session, batch_id)
    if batch is None:
        raise NotFound("Lote no encontrado")
    return lote_read(batch, await repo.payouts_of_batches(session, [batch_id]))


async def list_batches(session: AsyncSession, *, offset: int, limit: int) -> tuple[list[LoteRead], int]:
    """A page of batches, newest first, each with its payouts (one query for all of them)."""
    batches, total = await repo.batches_page(session, offset=offset, limit=limit)
    members: dict[uuid.UUID, list[Payout]] = {batch.id: [] for batch in batches}
    for payout in await repo.payouts_of_batches(session, list(members)):
        assert payout.batch_id is not None
        members[payout.batch_id].append(payout)
    return [lote_read(batch, members[batch.id]) for batch in batches], total
