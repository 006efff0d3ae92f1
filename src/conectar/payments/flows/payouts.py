"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

import structlog
from sqlalchemy import select

from conectar.contracts.professionals import ProfessionalSummary
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.models import PayoutBatch
from conectar.payments.money import from_centavos, to_centavos
from conectar.payments.providers.base import PayoutRequest, ProviderError, ProviderPayout, ProviderRejected
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.service.payouts import (
    MANUAL,
    Staff,
    advance,
    locked_payout,
    lote_read,
    mark_paid,
    payout_detail,
    record_decision,
    request_every_balance,
    reserve,
    retiro_read,
    return_to_payable,
    staff_actor,
    staff_id_of,
)
from conectar.payments.state import PayoutEstado
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, NotFound, UpstreamError

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)


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
        payout = await reserve(session, profesional_id, wanted, account, requested_by)
        return retiro_read(payout)


async def approve(rt: PaymentsRuntime, payout_id: uuid.UUID, staff: Staff) -> RetiroRead:
    """The ADMIN's approval (recorded with the state change, before the provider is called): the payout
    is sent through the payout provider; approving one already sent again sends it again, same key."""
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    provider = rt.payout_provider
    if provider is None:
        raise BusinessRuleError(
            "Los retiros son manuales: agregalos a un lote y marcalo pagado con la referencia bancaria"
        )
    async with rt.db.session() as session:
        payout = await locked_payout(session, payout_id)
        before = payout.estado
        if payout.estado == PayoutEstado.SOLICITADO:
            advance(payout, PayoutEstado.EN_PROCESO)
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
        await record_decision(
            rt,
            session,
            actor,
            "retiro.aprobar",
            "retiro",
            payout.id,
            **payout_detail(payout, before),
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
            stored = await locked_payout(session, payout_id)
            stored.attempts += 1
            stored.last_error = str(exc)[:500]
            return retiro_read(stored)
    return await apply_provider_payout(rt, payout_id, answer)


async def apply_provider_payout(
    rt: PaymentsRuntime, payout_id: uuid.UUID, answer: ProviderPayout
) -> RetiroRead:
    async with rt.db.session() as session:
        payout = await locked_payout(session, payout_id)
        await repo.provider_request_attempted(session, payout.idempotency_key, response_id=answer.id)
        payout.provider_payout_id = answer.id
        payout.provider_status = answer.status
        payout.attempts += 1
        if payout.estado == PayoutEstado.EN_PROCESO:
            if answer.paid:
                await mark_paid(session, rt, payout, reference=answer.id)
            elif answer.failed:
                await return_to_payable(
                    session, payout, PayoutEstado.FALLIDO, f"{answer.status}: {answer.status_detail or ''}"
                )
        return retiro_read(payout)


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
        payout = await locked_payout(session, payout_id)
        if key is not None:
            await repo.provider_request_attempted(session, key, error=motivo[:500])
        if payout.estado == PayoutEstado.EN_PROCESO:
            before = payout.estado
            await return_to_payable(session, payout, PayoutEstado.FALLIDO, motivo)
            if staff is not None:
                await record_decision(
                    rt,
                    session,
                    staff_actor(staff),
                    "retiro.fallido",
                    "retiro",
                    payout.id,
                    **payout_detail(payout, before),
                    motivo=motivo[:500],
                )
        elif payout.estado != PayoutEstado.FALLIDO:
            raise BusinessRuleError(f"El retiro está {payout.estado}")
        return retiro_read(payout)


async def reject(rt: PaymentsRuntime, payout_id: uuid.UUID, motivo: str, staff: Staff) -> RetiroRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    async with rt.db.session() as session:
        payout = await locked_payout(session, payout_id)
        if payout.estado == PayoutEstado.RECHAZADO:
            return retiro_read(payout)  # rejected already: nothing changes, nothing to record
        before = payout.estado
        await return_to_payable(session, payout, PayoutEstado.RECHAZADO, motivo)
        payout.approved_by = admin_id
        await record_decision(
            rt,
            session,
            actor,
            "retiro.rechazar",
            "retiro",
            payout.id,
            **payout_detail(payout, before),
            motivo=motivo[:500],
        )
        return retiro_read(payout)


async def create_batch(rt: PaymentsRuntime, staff: Staff, payout_ids: list[uuid.UUID] | None) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    async with rt.db.session() as session:
        if payout_ids is None:
            await request_every_balance(session, admin_id)
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
            advance(payout, PayoutEstado.EN_PROCESO)
            payout.provider = MANUAL
            payout.batch_id = batch.id
            payout.approved_by = admin_id
            payout.sent_at = now
        await record_decision(
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


async def pay_batch(rt: PaymentsRuntime, batch_id: uuid.UUID, reference: str, staff: Staff) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
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
                await mark_paid(session, rt, payout, reference=reference)
                paid.append(str(payout.id))
        batch.estado = "PAGADO"
        batch.bank_reference = reference
        batch.paid_by = admin_id
        batch.paid_at = utcnow()
        await record_decision(
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
