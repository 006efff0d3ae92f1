"""Payouts: a professional asks to withdraw (the amount is reserved at once: payable → in transit); an
admin approves it (sent through the payout provider: sandbox or MercadoPago Payouts) or puts it in a
manual bank-transfer batch, which the admin marks paid with the bank's reference; a failed or rejected
payout returns to the professional's payable."""

from __future__ import annotations

import secrets
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.events import PayoutSent
from conectar.contracts.professionals import ProfessionalSummary
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.ledger import Leg, Posting, TxKind
from conectar.payments.models import LedgerAccount, Payout, PayoutAccountCopy, PayoutBatch
from conectar.payments.money import from_centavos, to_centavos
from conectar.payments.providers.base import PayoutRequest, ProviderError, ProviderPayout, ProviderRejected
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.state import PayoutEstado, payout_can
from conectar.platform.audit import Actor
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, NotFound, UpstreamError

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)

MANUAL = "manual"

# Who decides: the acting ADMIN (with the address of the request), or only their id (scripts and tests,
# recorded without an address).
Staff = Actor | uuid.UUID


def staff_actor(staff: Staff) -> Actor:
    return staff if isinstance(staff, Actor) else Actor(user_id=staff)


def _staff_id(actor: Actor) -> uuid.UUID:
    if actor.user_id is None:
        raise BusinessRuleError("Solo una persona del equipo puede decidir sobre los retiros")
    return actor.user_id


async def _audit(
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


def _payout_detail(payout: Payout, before: str) -> dict[str, object]:
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


async def payout_account_for(rt: PaymentsRuntime, profesional_id: uuid.UUID) -> str | None:
    """The professional's payout account as the professionals service has it now (our copy is refreshed
    with it: nothing tells us when the professional changes it); our copy only while that service does
    not answer."""
    try:
        answer = await rt.ctx.clients.call(
            "professionals", "GET", f"/internal/v1/professionals/by-user/{profesional_id}"
        )
    except NotFound:
        return None
    except UpstreamError:
        async with rt.db.session(write=False) as session:
            cached = await repo.payout_account(session, profesional_id)
        if not cached:
            raise
        log.warning("payout_account_from_copy", profesional_id=str(profesional_id))
        return cached
    account = (ProfessionalSummary.model_validate(answer).payout_account or "").strip()
    if not account:
        return None
    async with rt.db.session() as session:
        await repo.save_payout_account(session, profesional_id, account)
    return account


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


async def _reserve(
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


async def request_payout(
    rt: PaymentsRuntime, profesional_id: uuid.UUID, amount: Decimal | None, requested_by: uuid.UUID
) -> RetiroRead:
    async with rt.db.session(write=False) as session:
        available = await ledger.balance(session, ledger.payable(profesional_id))
    wanted = available if amount is None else to_centavos(amount)
    if wanted <= 0 or wanted > available:
        raise BusinessRuleError("No tenés saldo disponible suficiente para ese retiro")
    account = await payout_account_for(rt, profesional_id)
    if not account:
        raise BusinessRuleError("Configurá tu cuenta de cobro (CBU, CVU o alias) antes de retirar")
    async with rt.db.session() as session:
        if await ledger.balance(session, ledger.payable(profesional_id)) < wanted:
            raise BusinessRuleError("No tenés saldo disponible suficiente para ese retiro")
        payout = await _reserve(session, profesional_id, wanted, account, requested_by)
        return retiro_read(payout)


async def _get(session: AsyncSession, payout_id: uuid.UUID) -> Payout:
    payout = await repo.payout(session, payout_id, lock=True)
    if payout is None:
        raise NotFound("Retiro no encontrado")
    return payout


def _step(payout: Payout, target: PayoutEstado) -> None:
    if not payout_can(payout.estado, target):
        raise BusinessRuleError(f"El retiro está {payout.estado}")
    payout.estado = target.value
    payout.fecha_actualizacion = utcnow()


async def approve(rt: PaymentsRuntime, payout_id: uuid.UUID, staff: Staff) -> RetiroRead:
    """The ADMIN's approval (recorded with the state change, before the provider is called): the payout
    is sent through the payout provider; approving one already sent again sends it again, same key."""
    actor = staff_actor(staff)
    admin_id = _staff_id(actor)
    provider = rt.payout_provider
    if provider is None:
        raise BusinessRuleError(
            "Los retiros son manuales: agregalos a un lote y marcalo pagado con la referencia bancaria"
        )
    async with rt.db.session() as session:
        payout = await _get(session, payout_id)
        before = payout.estado
        if payout.estado == PayoutEstado.SOLICITADO:
            _step(payout, PayoutEstado.EN_PROCESO)
            payout.provider = provider.name
            payout.approved_by = admin_id
            payout.sent_at = utcnow()
            await repo.record_provider_request(
                session,
                key=payout.idempotency_key,
                provider=provider.name,
                operation="payout",
                subject_id=payout.id,
            )
        elif payout.estado != PayoutEstado.EN_PROCESO or payout.provider == MANUAL:
            raise BusinessRuleError(f"El retiro está {payout.estado}")
        await _audit(
            rt,
            session,
            actor,
            "retiro.aprobar",
            "retiro",
            payout.id,
            **_payout_detail(payout, before),
            proveedor=provider.name,
            reenvio=before != PayoutEstado.SOLICITADO,
        )
    return await send(rt, payout_id)


async def send(rt: PaymentsRuntime, payout_id: uuid.UUID) -> RetiroRead:
    """Send (or send again, with the same key) an approved payout to its provider."""
    provider = rt.payout_provider
    async with rt.db.session(write=False) as session:
        payout = await repo.payout(session, payout_id)
        if payout is None:
            raise NotFound("Retiro no encontrado")
        if (
            provider is None
            or payout.estado != PayoutEstado.EN_PROCESO
            or payout.provider != provider.name
            or payout.provider_payout_id is not None
        ):
            return retiro_read(payout)
        request = PayoutRequest(
            external_reference=str(payout.id),
            amount=from_centavos(payout.amount_centavos),
            account=payout.payout_account,
            description="ConectarProfesionales: pago de trabajos",
        )
        key = payout.idempotency_key
    try:
        answer = await provider.create_payout(key, request)
    except ProviderRejected as exc:
        return await fail(rt, payout_id, f"El proveedor rechazó el retiro: {str(exc)[:200]}", key=key)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, key, error=str(exc)[:500])
            stored = await _get(session, payout_id)
            stored.attempts += 1
            stored.last_error = str(exc)[:500]
            return retiro_read(stored)
    return await apply_provider_payout(rt, payout_id, answer)


async def apply_provider_payout(
    rt: PaymentsRuntime, payout_id: uuid.UUID, answer: ProviderPayout
) -> RetiroRead:
    async with rt.db.session() as session:
        payout = await _get(session, payout_id)
        await repo.provider_request_attempted(session, payout.idempotency_key, response_id=answer.id)
        payout.provider_payout_id = answer.id
        payout.provider_status = answer.status
        payout.attempts += 1
        if payout.estado == PayoutEstado.EN_PROCESO:
            if answer.paid:
                await _paid(session, rt, payout, reference=answer.id)
            elif answer.failed:
                await _return_to_payable(
                    session, payout, PayoutEstado.FALLIDO, f"{answer.status}: {answer.status_detail or ''}"
                )
        return retiro_read(payout)


async def _paid(session: AsyncSession, rt: PaymentsRuntime, payout: Payout, *, reference: str) -> None:
    _step(payout, PayoutEstado.PAGADO)
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


async def _return_to_payable(
    session: AsyncSession, payout: Payout, target: PayoutEstado, motivo: str
) -> None:
    _step(payout, target)
    await _move(
        session,
        payout,
        TxKind.PAYOUT_REVERSAL,
        ledger.in_transit(payout.profesional_id),
        ledger.payable(payout.profesional_id),
        f"Retiro devuelto al saldo: {motivo}",
    )
    payout.motivo = motivo[:500]


async def fail(
    rt: PaymentsRuntime,
    payout_id: uuid.UUID,
    motivo: str,
    *,
    key: str | None = None,
    staff: Staff | None = None,
) -> RetiroRead:
    """The transfer did not reach the account (provider failure, or a bounced manual transfer that an
    ADMIN reports: ``staff``, recorded with the change)."""
    async with rt.db.session() as session:
        payout = await _get(session, payout_id)
        if key is not None:
            await repo.provider_request_attempted(session, key, error=motivo[:500])
        if payout.estado == PayoutEstado.EN_PROCESO:
            before = payout.estado
            await _return_to_payable(session, payout, PayoutEstado.FALLIDO, motivo)
            if staff is not None:
                await _audit(
                    rt,
                    session,
                    staff_actor(staff),
                    "retiro.fallido",
                    "retiro",
                    payout.id,
                    **_payout_detail(payout, before),
                    motivo=motivo[:500],
                )
        elif payout.estado != PayoutEstado.FALLIDO:
            raise BusinessRuleError(f"El retiro está {payout.estado}")
        return retiro_read(payout)


async def reject(rt: PaymentsRuntime, payout_id: uuid.UUID, motivo: str, staff: Staff) -> RetiroRead:
    actor = staff_actor(staff)
    admin_id = _staff_id(actor)
    async with rt.db.session() as session:
        payout = await _get(session, payout_id)
        if payout.estado == PayoutEstado.RECHAZADO:
            return retiro_read(payout)  # rejected already: nothing changes, nothing to record
        before = payout.estado
        await _return_to_payable(session, payout, PayoutEstado.RECHAZADO, motivo)
        payout.approved_by = admin_id
        await _audit(
            rt,
            session,
            actor,
            "retiro.rechazar",
            "retiro",
            payout.id,
            **_payout_detail(payout, before),
            motivo=motivo[:500],
        )
        return retiro_read(payout)


async def create_batch(rt: PaymentsRuntime, staff: Staff, payout_ids: list[uuid.UUID] | None) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = _staff_id(actor)
    async with rt.db.session() as session:
        if payout_ids is None:
            await _request_every_balance(session, admin_id)
            payouts = await repo.payouts_in_state(
                session, PayoutEstado.SOLICITADO.value, limit=1000, lock=True
            )
        else:
            wanted = list(dict.fromkeys(payout_ids))
            payouts = await repo.payouts_by_ids(session, wanted, lock=True)
            if len(payouts) != len(wanted):
                raise NotFound("Algún retiro no existe")
            busy = [str(p.id) for p in payouts if p.estado != PayoutEstado.SOLICITADO]
            if busy:
                raise BusinessRuleError(
                    f"Solo se agregan retiros SOLICITADOS; no lo están: {', '.join(busy)}"
                )
        if not payouts:
            raise BusinessRuleError("No hay retiros para pagar")
        batch = PayoutBatch(
            id=new_id(),
            estado="ABIERTO",
            total_centavos=sum(p.amount_centavos for p in payouts),
            cantidad=len(payouts),
            created_by=admin_id,
        )
        session.add(batch)
        await session.flush()
        now = utcnow()
        for payout in payouts:
            _step(payout, PayoutEstado.EN_PROCESO)
            payout.provider = MANUAL
            payout.batch_id = batch.id
            payout.approved_by = admin_id
            payout.sent_at = now
        await _audit(
            rt,
            session,
            actor,
            "retiros.lote.crear",
            "lote",
            batch.id,
            retiro_ids=[str(p.id) for p in payouts],
            cantidad=batch.cantidad,
            total=str(from_centavos(batch.total_centavos)),
            todos_los_saldos=payout_ids is None,
        )
        return lote_read(batch, payouts)


async def _request_every_balance(session: AsyncSession, admin_id: uuid.UUID) -> None:
    """A payout for every professional with a positive available balance and a known account."""
    rows = await session.execute(
        select(LedgerAccount.owner_id, LedgerAccount.balance_centavos, PayoutAccountCopy.payout_account)
        .join(PayoutAccountCopy, PayoutAccountCopy.profesional_id == LedgerAccount.owner_id)
        .where(LedgerAccount.kind == ledger.AccountKind.PAYABLE.value, LedgerAccount.balance_centavos > 0)
    )
    for owner_id, amount, account in rows.all():
        if owner_id is not None:
            await _reserve(session, owner_id, int(amount), account, admin_id)


async def pay_batch(rt: PaymentsRuntime, batch_id: uuid.UUID, reference: str, staff: Staff) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = _staff_id(actor)
    async with rt.db.session() as session:
        batch = await repo.batch(session, batch_id, lock=True)
        if batch is None:
            raise NotFound("Lote no encontrado")
        members = await repo.payouts_of_batches(session, [batch_id], lock=True)
        if batch.estado == "PAGADO":
            if batch.bank_reference == reference:
                return lote_read(batch, members)
            raise Conflict("El lote ya fue pagado con otra referencia")
        used = (
            await session.execute(select(PayoutBatch.id).where(PayoutBatch.bank_reference == reference))
        ).scalar_one_or_none()
        if used is not None:
            raise Conflict("Esa referencia bancaria ya se usó en otro lote")
        paid = []
        for payout in members:
            if payout.estado == PayoutEstado.EN_PROCESO:
                payout.bank_reference = reference
                await _paid(session, rt, payout, reference=reference)
                paid.append(str(payout.id))
        batch.estado = "PAGADO"
        batch.bank_reference = reference
        batch.paid_by = admin_id
        batch.paid_at = utcnow()
        await _audit(
            rt,
            session,
            actor,
            "retiros.lote.pagar",
            "lote",
            batch.id,
            referencia_bancaria=reference,
            retiros_pagados=paid,
            total=str(from_centavos(batch.total_centavos)),
        )
        return lote_read(batch, members)


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
