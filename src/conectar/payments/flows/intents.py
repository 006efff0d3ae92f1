"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import structlog

from conectar.contracts.payments import (
    OpenPaymentRequest,
    OpenPaymentResponse,
    PaymentStatus,
    RefundRequest,
    ReleaseRequest,
)
from conectar.contracts.payments import PaymentEstado as Estado
from conectar.payments import repository as repo
from conectar.payments.flows.retiros import payout_account_for
from conectar.payments.metrics import REFUNDS
from conectar.payments.models import Refund
from conectar.payments.money import CURRENCY
from conectar.payments.providers.base import PreferenceRequest, ProviderError, ProviderRejected
from conectar.payments.service import escrow
from conectar.payments.service.escrow import ORIGEN_PLATAFORMA, status_of
from conectar.payments.service.intents import (
    PROVIDER_DOWN,
    centavos,
    default_back_urls,
    new_key,
    releasable,
    same_request,
)
from conectar.payments.state import UNPAID, TransitionName
from conectar.platform.db import new_id, on_commit, utcnow
from conectar.platform.errors import BusinessRuleError, Conflict, NotFound, UpstreamError

if TYPE_CHECKING:
    from conectar.payments.runtime import PaymentsRuntime

log = structlog.get_logger(__name__)


async def get_status(rt: PaymentsRuntime, trabajo_id: uuid.UUID) -> PaymentStatus:
    async with rt.db.session(write=False) as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id)
        if intent is None:
            raise NotFound("No hay un pago para ese trabajo")
        refund = await repo.refund_by_trabajo(session, trabajo_id)
        return status_of(intent, refund)


async def open_payment(rt: PaymentsRuntime, request: OpenPaymentRequest) -> OpenPaymentResponse:
    amount = centavos(request.amount, "amount")
    back_urls = (
        request.back_urls.model_dump() if request.back_urls else default_back_urls(rt, request.trabajo_id)
    )
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, request.trabajo_id)
        if intent is None:
            intent_id = new_id()
            key = new_key("pref")
            if await repo.insert_intent(
                session,
                {
                    "id": intent_id,
                    "trabajo_id": request.trabajo_id,
                    "cliente_id": request.cliente_id,
                    "profesional_id": request.profesional_id,
                    "amount_centavos": amount,
                    "currency": CURRENCY,
                    "description": request.description,
                    "payer_email": str(request.payer_email),
                    "back_urls": back_urls,
                    "provider": rt.provider.name,
                    "estado": Estado.PENDIENTE.value,
                    "preference_key": key,
                },
            ):
                await repo.record_provider_request(
                    session, key=key, provider=rt.provider.name, operation="preference", subject_id=intent_id
                )
            intent = await repo.intent_by_trabajo(session, request.trabajo_id)
            assert intent is not None
        same_request(intent, request, amount)
    if intent.preference_id and intent.payment_url:
        return OpenPaymentResponse(payment_preference_id=intent.preference_id, payment_url=intent.payment_url)
    preference = PreferenceRequest(
        external_reference=str(intent.trabajo_id),
        title=intent.description,
        amount=request.amount,
        currency=intent.currency,
        payer_email=intent.payer_email,
        back_urls=intent.back_urls,
        notification_url=rt.notification_url,
        statement_descriptor=rt.settings.mercadopago_statement_descriptor,
    )
    try:
        created = await rt.provider.create_preference(intent.preference_key, preference)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, intent.preference_key, error=str(exc)[:500])
        log.warning("preference_failed", trabajo_id=str(intent.trabajo_id), error=str(exc)[:200])
        raise UpstreamError(PROVIDER_DOWN) from exc
    async with rt.db.session() as session:
        await repo.set_preference(session, intent.id, created.id, created.init_point)
        await repo.provider_request_attempted(session, intent.preference_key, response_id=created.id)
        stored = await repo.intent_by_trabajo(session, request.trabajo_id)
        assert stored is not None
        assert stored.preference_id
        assert stored.payment_url
        return OpenPaymentResponse(payment_preference_id=stored.preference_id, payment_url=stored.payment_url)


async def release(rt: PaymentsRuntime, trabajo_id: uuid.UUID, request: ReleaseRequest) -> PaymentStatus:
    """Release the escrow to the professional's payable and the platform's revenue (once). The payout
    account is looked up only for a release that can happen."""
    comision = centavos(request.comision_plataforma, "comision_plataforma")
    liberado = centavos(request.monto_liberado, "monto_liberado")
    async with rt.db.session(write=False) as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id)
        if intent is None:
            raise NotFound("No hay un pago para ese trabajo")
        if not releasable(intent, request, comision, liberado):
            return status_of(intent)
    account, keep_as_copy = await _release_account(rt, request)
    if not account:
        raise BusinessRuleError("El profesional no tiene configurada una cuenta para cobrar (payout_account)")
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True)
        assert intent is not None
        if releasable(intent, request, comision, liberado):
            await escrow.release(session, intent, comision_centavos=comision, liberado_centavos=liberado)
            if keep_as_copy:
                # Only where we have no copy at all: the account in the request was read when chat asked,
                # which may be long ago (a release retried after an outage), and must never replace a newer
                # one.
                await repo.add_payout_account(session, intent.profesional_id, account)
        return status_of(intent)


async def _release_account(rt: PaymentsRuntime, request: ReleaseRequest) -> tuple[str | None, bool]:
    """The payout account the release names, and whether to keep it as our copy. The professionals
    service's, as it has it now (our copy refreshed with it); else the one chat read when it asked, which
    may be stale — it travels with a movement that can be retried for hours — so it becomes our copy only
    while that service does not answer and we hold none, never when the service said there is none now."""
    asked = (request.payout_account or "").strip() or None
    try:
        current = await payout_account_for(rt, request.profesional_id)
    except UpstreamError:
        if asked is None:
            raise
        log.warning("payout_account_from_release_request", profesional_id=str(request.profesional_id))
        return asked, True
    return current or asked, False


async def refund(rt: PaymentsRuntime, trabajo_id: uuid.UUID, request: RefundRequest) -> PaymentStatus:
    """Ask for the full refund (at most once). Answers REEMBOLSADO when the provider confirmed it, or
    REEMBOLSO_PENDIENTE when it did not answer (the reconciliation job keeps asking with the same key)."""
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True)
        if intent is None:
            raise NotFound("No hay un pago para ese trabajo")
        estado = Estado(intent.estado)
        if estado in (Estado.REEMBOLSADO, Estado.CONTRACARGO):
            return status_of(intent, await repo.refund_by_trabajo(session, trabajo_id))
        if estado is Estado.LIBERADO:
            raise Conflict("El pago ya fue liberado al profesional; no se puede reembolsar")
        if estado in UNPAID:
            raise BusinessRuleError("No hay un pago acreditado para reembolsar")
        if estado is Estado.APROBADO:
            record = await repo.refund_by_trabajo(session, trabajo_id, lock=True)
            key = new_key("refund")
            if record is None:
                record = Refund(
                    id=new_id(),
                    trabajo_id=trabajo_id,
                    amount_centavos=intent.amount_centavos,
                    motivo=request.motivo,
                    origen=ORIGEN_PLATAFORMA,
                    estado="PENDIENTE",
                    idempotency_key=key,
                    attempts=0,
                )
                session.add(record)
            else:  # a refund the provider refused before: a new attempt, with a new key
                record.estado = "PENDIENTE"
                record.idempotency_key = key
                record.motivo = request.motivo
                record.last_error = None
            await session.flush()
            await repo.record_provider_request(
                session, key=key, provider=intent.provider, operation="refund", subject_id=record.id
            )
            escrow.move(intent, TransitionName.PEDIR_REEMBOLSO)
    return await execute_refund(rt, trabajo_id)


async def execute_refund(rt: PaymentsRuntime, trabajo_id: uuid.UUID) -> PaymentStatus:
    """Send (or send again, same key) the pending refund to the provider and apply the answer."""
    async with rt.db.session(write=False) as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id)
        record = await repo.refund_by_trabajo(session, trabajo_id)
        if intent is None:
            raise NotFound("No hay un pago para ese trabajo")
        pending = (
            intent.estado == Estado.REEMBOLSO_PENDIENTE
            and record is not None
            and record.estado == "PENDIENTE"
            and record.idempotency_key is not None
            and intent.payment_id is not None
        )
        if not pending:
            return status_of(intent, record)
        assert record is not None
        assert record.idempotency_key is not None
        assert intent.payment_id is not None
        key, payment_id = record.idempotency_key, intent.payment_id
    try:
        answer = await rt.provider.refund_payment(key, payment_id)
    except ProviderRejected as exc:
        return await _refund_refused(rt, trabajo_id, payment_id, key, exc)
    except ProviderError as exc:
        async with rt.db.session() as session:
            await repo.provider_request_attempted(session, key, error=str(exc)[:500])
            record = await repo.refund_by_trabajo(session, trabajo_id, lock=True)
            if record is not None and record.idempotency_key == key:
                record.attempts += 1
                record.last_error = str(exc)[:500]
            on_commit(session, REFUNDS.labels("pending").inc)
        log.warning("refund_pending", trabajo_id=str(trabajo_id), error=str(exc)[:200])
        return await get_status(rt, trabajo_id)
    return await confirm_refund(rt, trabajo_id, answer.id)


async def confirm_refund(
    rt: PaymentsRuntime, trabajo_id: uuid.UUID, provider_refund_id: str
) -> PaymentStatus:
    async with rt.db.session() as session:
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True)
        record = await repo.refund_by_trabajo(session, trabajo_id, lock=True)
        assert intent is not None
        if intent.estado == Estado.REEMBOLSO_PENDIENTE and record is not None:
            if record.idempotency_key:
                await repo.provider_request_attempted(
                    session, record.idempotency_key, response_id=provider_refund_id
                )
            record.attempts += 1
            await escrow.exit_escrow(
                session,
                rt,
                intent,
                name=TransitionName.REEMBOLSO_CONFIRMADO,
                refund_id=provider_refund_id,
                origen=ORIGEN_PLATAFORMA,
                motivo=record.motivo,
            )
        return status_of(intent, await repo.refund_by_trabajo(session, trabajo_id))


async def _refund_refused(
    rt: PaymentsRuntime, trabajo_id: uuid.UUID, payment_id: str, key: str, error: ProviderError
) -> PaymentStatus:
    # The provider may refuse because the money already went back (refunded in its panel, chargeback):
    # look at the payment before calling it a failure.
    from conectar.payments.flows.notifications import apply_provider_payment

    try:
        payment = await rt.provider.get_payment(payment_id)
    except ProviderError:
        payment = None
    if payment is not None and payment.status in ("refunded", "charged_back"):
        await apply_provider_payment(rt, payment, source="refund")
        return await get_status(rt, trabajo_id)
    async with rt.db.session() as session:
        await repo.provider_request_attempted(session, key, error=str(error)[:500])
        intent = await repo.intent_by_trabajo(session, trabajo_id, lock=True)
        record = await repo.refund_by_trabajo(session, trabajo_id, lock=True)
        if intent is not None and record is not None and record.idempotency_key != key:
            # The refusal of an earlier attempt (sent twice: by the request and by reconciliation) that
            # arrives after a new attempt began: it says nothing about the new one, which may be going
            # through at the provider. Failing it would put money back in escrow that the client got.
            log.warning("refund_refusal_of_earlier_attempt", trabajo_id=str(trabajo_id))
            return status_of(intent, record)
        if intent is not None and intent.estado == Estado.REEMBOLSO_PENDIENTE and record is not None:
            record.estado = "FALLIDO"
            record.attempts += 1
            record.last_error = str(error)[:500]
            record.completed_at = utcnow()
            escrow.move(intent, TransitionName.REEMBOLSO_RECHAZADO)
            on_commit(session, REFUNDS.labels("refused").inc)
    log.error("refund_refused", trabajo_id=str(trabajo_id), error=str(error)[:200])
    raise UpstreamError(f"El proveedor rechazó el reembolso: {str(error)[:200]}")
