"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import asyncio
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

import structlog
from sqlalchemy.exc import IntegrityError

from conectar.contracts.professionals import ProfessionalSummary
from conectar.payments import ledger
from conectar.payments import repository as repo
from conectar.payments.models import Lote
from conectar.payments.money import from_centavos, to_centavos
from conectar.payments.providers.base import PayoutRequest, ProviderError, ProviderPayout, ProviderRejected
from conectar.payments.schemas import LoteRead, RetiroRead
from conectar.payments.service.retiros import (
    MANUAL,
    Staff,
    advance,
    in_locking_order,
    locked_retiro,
    locked_retiro_after_balance,
    lote_read,
    mark_paid,
    record_decision,
    request_every_balance,
    reserve,
    retiro_detail,
    retiro_read,
    return_to_payable,
    staff_actor,
    staff_id_of,
)
from conectar.payments.state import EstadoRetiro
from conectar.platform.db import new_id, utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, NotFound, UpstreamError

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)


REFERENCE_USED = "Esa referencia bancaria ya se usó en otro lote"


# A lote of every balance refreshes this many professionals' accounts at a time.
REFRESH_CONCURRENCY = 8


async def payout_account_for(rt: PaymentsRuntime, profesional_id: uuid.UUID) -> str | None:
    """The professional's payout account as the professionals service has it now (our copy is refreshed
    with it: nothing tells us when the professional changes it); our copy only while that service does
    not answer."""
    try:
        answer = await rt.ctx.clients.call(
            "professionals", "GET", f"/internal/v1/professionals/by-user/{profesional_id}"
        )
    except NotFound:
        answer = None
    except UpstreamError:
        async with rt.db.session(write=False) as session:
            cached = await repo.payout_account(session, profesional_id)
        if not cached:
            raise
        log.warning("payout_account_from_copy", profesional_id=str(profesional_id))
        return cached
    account = (
        "" if answer is None else (ProfessionalSummary.model_validate(answer).payout_account or "").strip()
    )
    async with rt.db.session(write=False) as session:
        unchanged = (await repo.payout_account(session, profesional_id) or "") == account
    if not unchanged:
        async with rt.db.session() as session:
            if account:
                await repo.save_payout_account(session, profesional_id, account)
            else:  # removed (or no profile any more): no copy either, so no lote pays to the old one
                await repo.delete_payout_account(session, profesional_id)
    return account or None


async def refresh_payout_accounts(rt: PaymentsRuntime) -> None:
    """Before a lote of every balance, which pays each professional to our copy of their account: the
    copies of everyone with money available, refreshed from the professionals service (a copy is otherwise
    refreshed only when that professional's money moves, so it could hold an account they have since
    changed or removed). While that service does not answer, the copies stay as they are."""
    async with rt.db.session(write=False) as session:
        owners = await ledger.owners_with_available_money(session)
    gate = asyncio.Semaphore(REFRESH_CONCURRENCY)
    away = asyncio.Event()  # the service did not answer once: the others are not asked (each would wait)

    async def refresh(profesional_id: uuid.UUID) -> None:
        async with gate:
            if away.is_set():
                return
            try:
                await payout_account_for(rt, profesional_id)
            except UpstreamError:
                away.set()

    await asyncio.gather(*(refresh(owner) for owner in owners))
    if away.is_set():
        log.warning("payout_accounts_not_refreshed", professionals=len(owners))


async def request_retiro(
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
        if await ledger.balance(session, ledger.payable(profesional_id), lock=True) < wanted:
            raise BusinessRuleError("No tenés saldo disponible suficiente para ese retiro")
        retiro = await reserve(session, profesional_id, wanted, account, requested_by)
        return retiro_read(retiro)


async def approve(rt: PaymentsRuntime, retiro_id: uuid.UUID, staff: Staff) -> RetiroRead:
    """The ADMIN's approval (recorded with the state change, before the provider is called): the retiro
    is sent through the payout provider; approving one already sent again sends it again, same key."""
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    provider = rt.payout_provider
    if provider is None:
        raise BusinessRuleError(
            "Los retiros son manuales: agregalos a un lote y marcalo pagado con la referencia bancaria"
        )
    async with rt.db.session() as session:
        retiro = await locked_retiro(session, retiro_id)
        before = retiro.estado
        if retiro.estado == EstadoRetiro.SOLICITADO:
            advance(retiro, EstadoRetiro.EN_PROCESO)
            retiro.provider = provider.name
            retiro.approved_by = admin_id
            retiro.sent_at = utcnow()
            await repo.record_provider_request(
                session,
                key=retiro.idempotency_key,
                provider=provider.name,
                operation="payout",
                subject_id=retiro.id,
            )
        elif retiro.estado != EstadoRetiro.EN_PROCESO or retiro.provider == MANUAL:
            raise BusinessRuleError(f"El retiro está {retiro.estado}")
        await record_decision(
            rt,
            session,
            actor,
            "retiro.aprobar",
            "retiro",
            retiro.id,
            **retiro_detail(retiro, before),
            proveedor=provider.name,
            reenvio=before != EstadoRetiro.SOLICITADO,
        )
    return await send(rt, retiro_id)


async def send(rt: PaymentsRuntime, retiro_id: uuid.UUID) -> RetiroRead:
    """Send (or send again, with the same key) an approved retiro to its provider."""
    provider = rt.payout_provider
    async with rt.db.session(write=False) as session:
        retiro = await repo.retiro(session, retiro_id)
        if retiro is None:
            raise NotFound("Retiro no encontrado")
        if (
            provider is None
            or retiro.estado != EstadoRetiro.EN_PROCESO
            or retiro.provider != provider.name
            or retiro.provider_payout_id is not None
        ):
            return retiro_read(retiro)
        request = PayoutRequest(
            external_reference=str(retiro.id),
            amount=from_centavos(retiro.amount_centavos),
            account=retiro.payout_account,
            description="ConectarProfesionales: pago de trabajos",
        )
        key = retiro.idempotency_key
    try:
        answer = await provider.create_payout(key, request)
    except ProviderRejected as exc:
        return await fail(rt, retiro_id, f"El proveedor rechazó el retiro: {str(exc)[:200]}", key=key)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, key, error=str(exc)[:500])
            stored = await locked_retiro(session, retiro_id)
            stored.attempts += 1
            stored.last_error = str(exc)[:500]
            return retiro_read(stored)
    return await apply_provider_payout(rt, retiro_id, answer)


async def apply_provider_payout(
    rt: PaymentsRuntime, retiro_id: uuid.UUID, answer: ProviderPayout
) -> RetiroRead:
    async with rt.db.session() as session:
        retiro = await locked_retiro_after_balance(session, retiro_id)
        await repo.provider_request_attempted(session, retiro.idempotency_key, response_id=answer.id)
        retiro.provider_payout_id = answer.id
        retiro.provider_status = answer.status
        retiro.attempts += 1
        if retiro.estado == EstadoRetiro.EN_PROCESO:
            if answer.paid:
                await mark_paid(session, rt, retiro, reference=answer.id)
            elif answer.failed:
                await return_to_payable(
                    session, retiro, EstadoRetiro.FALLIDO, f"{answer.status}: {answer.status_detail or ''}"
                )
        return retiro_read(retiro)


async def fail(
    rt: PaymentsRuntime,
    retiro_id: uuid.UUID,
    motivo: str,
    *,
    key: str | None = None,
    staff: Staff | None = None,
) -> RetiroRead:
    """The transfer did not reach the account (provider failure, or a bounced manual transfer that an
    ADMIN reports: ``staff``, recorded with the change)."""
    async with rt.db.session() as session:
        retiro = await locked_retiro_after_balance(session, retiro_id)
        if key is not None:
            await repo.provider_request_attempted(session, key, error=motivo[:500])
        if retiro.estado == EstadoRetiro.EN_PROCESO:
            before = retiro.estado
            await return_to_payable(session, retiro, EstadoRetiro.FALLIDO, motivo)
            if staff is not None:
                await record_decision(
                    rt,
                    session,
                    staff_actor(staff),
                    "retiro.fallido",
                    "retiro",
                    retiro.id,
                    **retiro_detail(retiro, before),
                    motivo=motivo[:500],
                )
        elif retiro.estado != EstadoRetiro.FALLIDO:
            raise BusinessRuleError(f"El retiro está {retiro.estado}")
        return retiro_read(retiro)


async def reject(rt: PaymentsRuntime, retiro_id: uuid.UUID, motivo: str, staff: Staff) -> RetiroRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    async with rt.db.session() as session:
        retiro = await locked_retiro_after_balance(session, retiro_id)
        if retiro.estado == EstadoRetiro.RECHAZADO:
            return retiro_read(retiro)  # rejected already: nothing changes, nothing to record
        before = retiro.estado
        await return_to_payable(session, retiro, EstadoRetiro.RECHAZADO, motivo)
        retiro.approved_by = admin_id
        await record_decision(
            rt,
            session,
            actor,
            "retiro.rechazar",
            "retiro",
            retiro.id,
            **retiro_detail(retiro, before),
            motivo=motivo[:500],
        )
        return retiro_read(retiro)


async def create_lote(rt: PaymentsRuntime, staff: Staff, retiro_ids: list[uuid.UUID] | None) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    if retiro_ids is None:
        await refresh_payout_accounts(rt)
    async with rt.db.session() as session:
        if retiro_ids is None:
            await request_every_balance(session, admin_id)
            retiros = await repo.retiros_in_state(
                session, EstadoRetiro.SOLICITADO.value, limit=1000, lock=True
            )
        else:
            wanted = list(dict.fromkeys(retiro_ids))
            retiros = await repo.retiros_by_ids(session, wanted, lock=True)
            if len(retiros) != len(wanted):
                raise NotFound("Algún retiro no existe")
            busy = [str(p.id) for p in retiros if p.estado != EstadoRetiro.SOLICITADO]
            if busy:
                raise BusinessRuleError(
                    f"Solo se agregan retiros SOLICITADOS; no lo están: {', '.join(busy)}"
                )
        if not retiros:
            raise BusinessRuleError("No hay retiros para pagar")
        lote = Lote(
            id=new_id(),
            estado="ABIERTO",
            total_centavos=sum(p.amount_centavos for p in retiros),
            cantidad=len(retiros),
            created_by=admin_id,
        )
        session.add(lote)
        await session.flush()
        now = utcnow()
        for retiro in retiros:
            advance(retiro, EstadoRetiro.EN_PROCESO)
            retiro.provider = MANUAL
            retiro.batch_id = lote.id
            retiro.approved_by = admin_id
            retiro.sent_at = now
        await record_decision(
            rt,
            session,
            actor,
            "retiros.lote.crear",
            "lote",
            lote.id,
            retiro_ids=[str(p.id) for p in retiros],
            cantidad=lote.cantidad,
            total=str(from_centavos(lote.total_centavos)),
            todos_los_saldos=retiro_ids is None,
        )
        return lote_read(lote, retiros)


async def pay_lote(rt: PaymentsRuntime, lote_id: uuid.UUID, reference: str, staff: Staff) -> LoteRead:
    actor = staff_actor(staff)
    admin_id = staff_id_of(actor)
    async with rt.db.session() as session:
        lote = await repo.lote(session, lote_id, lock=True)
        if lote is None:
            raise NotFound("Lote no encontrado")
        members = await repo.retiros_of_lotes(session, [lote_id], lock=True)
        if lote.estado == "PAGADO":
            if lote.bank_reference == reference:
                return lote_read(lote, members)
            raise Conflict("El lote ya fue pagado con otra referencia")
        lote.bank_reference = reference
        try:
            # The reference is unique: taken now, before any money moves. A lote paid with it before fails
            # this flush; one being paid with it at this moment makes the flush wait for it, then fail.
            await session.flush()
        except IntegrityError as exc:
            raise Conflict(REFERENCE_USED) from exc
        paid = []
        for retiro in in_locking_order(members):
            if retiro.estado == EstadoRetiro.EN_PROCESO:
                retiro.bank_reference = reference
                await mark_paid(session, rt, retiro, reference=reference)
                paid.append(str(retiro.id))
        lote.estado = "PAGADO"
        lote.paid_by = admin_id
        lote.paid_at = utcnow()
        await record_decision(
            rt,
            session,
            actor,
            "retiros.lote.pagar",
            "lote",
            lote.id,
            referencia_bancaria=reference,
            retiros_pagados=paid,
            total=str(from_centavos(lote.total_centavos)),
        )
        return lote_read(lote, members)
