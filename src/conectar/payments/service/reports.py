"""Read models computed from the ledger: a professional's balance, anyone's history of movements, the
admin's financial metrics and dashboard."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.identity import Rol
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.inbox import NOTIFICATIONS_QUEUE
from conectar.payments.ledger import AccountKind, TxKind
from conectar.payments.models import LedgerTransaction, PaymentIntent, Retiro
from conectar.payments.money import from_centavos
from conectar.payments.schemas import (
    Balance,
    CantidadMonto,
    Dashboard,
    Financials,
    Historial,
    Movimiento,
    ResumenHistorial,
    ResumenTipo,
    TipoMovimiento,
    total_pages,
)
from conectar.platform.security import Principal

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

RECONCILE_JOB = "payments-reconcile"

TIPO_BY_KIND: dict[str, TipoMovimiento] = {
    TxKind.FUNDING: TipoMovimiento.PAGO,
    TxKind.RELEASE: TipoMovimiento.LIBERACION,
    TxKind.REFUND: TipoMovimiento.REEMBOLSO,
    TxKind.CHARGEBACK: TipoMovimiento.CONTRACARGO,
    TxKind.REVERSAL_AFTER_RELEASE: TipoMovimiento.REVERSION,
    TxKind.PAYOUT_RESERVE: TipoMovimiento.RETIRO_SOLICITADO,
    TxKind.PAYOUT_PAID: TipoMovimiento.RETIRO,
    TxKind.PAYOUT_REVERSAL: TipoMovimiento.RETIRO_REVERTIDO,
}
KINDS_BY_TIPO: dict[TipoMovimiento, list[str]] = {}
for _kind, _tipo in TIPO_BY_KIND.items():
    KINDS_BY_TIPO.setdefault(_tipo, []).append(_kind)

CLIENT_KINDS = (TxKind.FUNDING, TxKind.REFUND, TxKind.CHARGEBACK, TxKind.REVERSAL_AFTER_RELEASE)


def _sum(value: Any) -> int:
    return int(value or 0)


async def balance(session: AsyncSession, profesional_id: uuid.UUID) -> Balance:
    txn = LedgerTransaction
    earned = await session.execute(
        select(
            func.count(txn.id),
            func.coalesce(func.sum(txn.amount_centavos - txn.fee_centavos), 0),
            func.coalesce(func.sum(txn.fee_centavos), 0),
        ).where(txn.kind == TxKind.RELEASE.value, txn.profesional_id == profesional_id)
    )
    count, net, fees = earned.one()
    return Balance(
        disponible=from_centavos(await ledger.balance(session, ledger.payable(profesional_id))),
        pendiente=from_centavos(await ledger.sum_balances(session, AccountKind.ESCROW, profesional_id)),
        total_ganado=from_centavos(_sum(net)),
        total_comisiones=from_centavos(_sum(fees)),
        trabajos_completados=int(count),
        en_transito=from_centavos(await ledger.balance(session, ledger.in_transit(profesional_id))),
        retirado=from_centavos(await ledger.balance(session, ledger.paid_out(profesional_id))),
    )


def movimiento(row: LedgerTransaction) -> Movimiento:
    return Movimiento(
        id=row.id,
        tipo=TIPO_BY_KIND[row.kind],
        monto=from_centavos(row.amount_centavos),
        comision=from_centavos(row.fee_centavos),
        neto=from_centavos(row.amount_centavos - row.fee_centavos),
        trabajo_id=row.trabajo_id,
        retiro_id=row.payout_id,
        referencia=row.reference,
        descripcion=row.description,
        fecha=row.created_at,
    )


def _visible_to(principal: Principal) -> list[Any]:
    txn = LedgerTransaction
    if principal.rol is Rol.ADMIN:
        return []
    if principal.rol is Rol.PROFESIONAL:
        return [txn.profesional_id == principal.user_id]
    return [txn.cliente_id == principal.user_id, txn.kind.in_([k.value for k in CLIENT_KINDS])]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


async def history(
    session: AsyncSession,
    principal: Principal,
    *,
    tipo: TipoMovimiento | None,
    desde: date | None,
    hasta: date | None,
    page: int,
    limit: int,
) -> Historial:
    txn = LedgerTransaction
    conditions = _visible_to(principal)
    if tipo is not None:
        conditions.append(txn.kind.in_(KINDS_BY_TIPO[tipo]))
    if desde is not None:
        conditions.append(txn.created_at >= _day_start(desde))
    if hasta is not None:
        conditions.append(txn.created_at < _day_start(hasta) + timedelta(days=1))
    where = and_(true(), *conditions)
    grouped = await session.execute(
        select(
            txn.kind,
            func.count(txn.id),
            func.coalesce(func.sum(txn.amount_centavos), 0),
            func.coalesce(func.sum(txn.fee_centavos), 0),
        )
        .where(where)
        .group_by(txn.kind)
    )
    por_tipo: dict[str, list[int]] = {}
    total = total_amount = total_fee = 0
    for kind, count, amount, fee in grouped.all():
        entry = por_tipo.setdefault(TIPO_BY_KIND[kind].value, [0, 0])
        entry[0] += int(count)
        entry[1] += _sum(amount)
        total += int(count)
        total_amount += _sum(amount)
        total_fee += _sum(fee)
    rows = await session.execute(
        select(txn)
        .where(where)
        .order_by(txn.created_at.desc(), txn.id)
        .offset((page - 1) * limit)
        .limit(limit)
    )
    return Historial(
        movimientos=[movimiento(row) for row in rows.scalars()],
        total=total,
        page=page,
        limit=limit,
        totalPages=total_pages(total, limit),
        resumen=ResumenHistorial(
            cantidad=total,
            total_monto=from_centavos(total_amount),
            total_comision=from_centavos(total_fee),
            total_neto=from_centavos(total_amount - total_fee),
            por_tipo={
                name: ResumenTipo(cantidad=count, monto=from_centavos(amount))
                for name, (count, amount) in sorted(por_tipo.items())
            },
        ),
    )


async def financials(session: AsyncSession) -> Financials:
    txn = LedgerTransaction
    # Billed is what was released (the trabajo's whole price, commission included): money still held in
    # escrow or refunded to the client was never billed.
    released_amount, released = (
        await session.execute(
            select(func.coalesce(func.sum(txn.amount_centavos), 0), func.count(txn.id)).where(
                txn.kind == TxKind.RELEASE.value
            )
        )
    ).one()
    return Financials(
        total_facturado=from_centavos(_sum(released_amount)),
        comision_total=from_centavos(await ledger.balance(session, ledger.REVENUE)),
        trabajos_completados=int(released),
        dinero_en_escrow=from_centavos(await ledger.sum_balances(session, AccountKind.ESCROW)),
    )


async def dashboard(rt: PaymentsRuntime, session: AsyncSession) -> Dashboard:
    estados = await session.execute(select(PaymentIntent.estado, func.count()).group_by(PaymentIntent.estado))
    retiros = await session.execute(
        select(Retiro.estado, func.count(), func.coalesce(func.sum(Retiro.amount_centavos), 0)).group_by(
            Retiro.estado
        )
    )
    leases = rt.ctx.tables.job_leases
    last_run = (
        await session.execute(select(leases.c.last_run_at).where(leases.c.name == RECONCILE_JOB))
    ).scalar_one_or_none()
    latest = await session.execute(
        select(LedgerTransaction)
        .order_by(LedgerTransaction.created_at.desc(), LedgerTransaction.id)
        .limit(10)
    )
    return Dashboard(
        financials=await financials(session),
        pagos_por_estado={str(estado): int(count) for estado, count in estados.all()},
        total_reembolsado=from_centavos(await ledger.sum_balances(session, AccountKind.CLIENT_REFUNDS)),
        perdidas=from_centavos(-(await ledger.sum_balances(session, AccountKind.LOSSES))),
        saldo_profesionales=from_centavos(await ledger.sum_balances(session, AccountKind.PAYABLE)),
        retiros_por_estado={
            str(estado): CantidadMonto(cantidad=int(count), monto=from_centavos(_sum(amount)))
            for estado, count, amount in retiros.all()
        },
        en_transito=from_centavos(await ledger.sum_balances(session, AccountKind.IN_TRANSIT)),
        total_retirado=from_centavos(await ledger.sum_balances(session, AccountKind.PAID_OUT)),
        notificaciones=await repo.notification_counts(session, rt.ctx.tables.work_jobs, NOTIFICATIONS_QUEUE),
        proveedor_pagos=rt.provider.name,
        proveedor_retiros=rt.payout_provider_name,
        ultima_conciliacion=last_run,
        ultimos_movimientos=[movimiento(row) for row in latest.scalars()],
    )
