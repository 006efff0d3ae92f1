"""Public routes of the payments service: the MercadoPago webhook, professionals' balance and retiros,
everyone's history, and the admin's metrics, dashboard and retiro administration."""

from __future__ import annotations

import json
import uuid
from typing import Any

import structlog
from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from conectar.contracts.payments import PaymentStatus
from conectar.payments import repository as repo
from conectar.payments import signature
from conectar.payments.flows import intents, reconcile
from conectar.payments.flows import retiros as retiros_flows
from conectar.payments.flows.notifications import record_notification
from conectar.payments.metrics import WEBHOOKS
from conectar.payments.runtime import runtime_of
from conectar.payments.schemas import (
    Balance,
    ConciliacionResultado,
    Dashboard,
    Financials,
    Historial,
    LoteCreate,
    LotePage,
    LotePago,
    LoteRead,
    MotivoBody,
    RetiroCreate,
    RetiroPage,
    RetiroRead,
    TipoMovimiento,
    total_pages,
)
from conectar.payments.service import reports, retiros
from conectar.payments.state import EstadoRetiro
from conectar.platform.app import Ctx, Snapshot
from conectar.platform.audit import StaffActor
from conectar.platform.dates import BoundedDate
from conectar.platform.errors import NotAuthenticated, NotFound
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import AdminUser, CurrentUser, ProfessionalUser

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/api/v1/pagos", tags=["pagos"])
admin_router = APIRouter(prefix="/api/v1/admin", tags=["admin pagos"])
webhook_router = APIRouter(prefix="/api/v1/webhook", tags=["webhooks"])

# --- webhook -----------------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@webhook_router.post(
    "/mercadopago",
    summary="Notificaciones de MercadoPago (firma x-signature)",
    responses={401: {"description": "Firma ausente, inválida o vencida"}},
)
async def mercadopago_webhook(request: Request, ctx: Ctx) -> JSONResponse:
    """Verifica la firma, registra la notificación una sola vez y responde de inmediato; el pago se
    consulta al proveedor y se aplica después, en segundo plano."""
    rt = runtime_of(ctx)
    query = request.query_params
    data_id = _text(query.get("data.id"))
    request_id = _text(request.headers.get("x-request-id"))
    try:
        signature.verify(
            secret=rt.webhook_secret(),
            x_signature=request.headers.get("x-signature"),
            x_request_id=request_id,
            data_id=data_id,
            tolerance_seconds=rt.settings.webhook_tolerance_seconds,
        )
    except signature.InvalidSignature as exc:
        WEBHOOKS.labels("bad_signature").inc()
        log.warning("webhook_signature_refused", reason=exc.reason)
        raise NotAuthenticated("Firma de la notificación inválida") from exc
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    data = body.get("data")
    topic = _text(query.get("type")) or _text(body.get("type")) or _text(query.get("topic")) or "unknown"
    resource_id = data_id or (_text(data.get("id")) if isinstance(data, dict) else None)
    if not resource_id:
        WEBHOOKS.labels("malformed").inc()
        return JSONResponse({"status": "ignored"}, status_code=200)
    action = _text(body.get("action"))
    notification = _text(body.get("id"))
    external_id = notification or f"{topic}:{resource_id}:{action}:{request_id}"
    inserted = await record_notification(
        rt,
        external_id=external_id,
        topic=topic,
        action=action,
        resource_id=resource_id,
        request_id=request_id,
        payload=body,
    )
    WEBHOOKS.labels("accepted" if inserted else "duplicate").inc()
    return JSONResponse({"status": "received" if inserted else "duplicate"}, status_code=200)


# --- professionals and everyone ----------------------------------------------------------------------


@router.get("/balance", response_model=Balance)
async def balance(principal: ProfessionalUser, session: Snapshot) -> Balance:
    """Tu saldo como profesional, calculado del libro contable."""
    return await reports.balance(session, principal.user_id)


@router.get("/historial", response_model=Historial)
async def history(
    principal: CurrentUser,
    session: Snapshot,
    tipo: TipoMovimiento | None = None,
    desde: BoundedDate | None = None,
    hasta: BoundedDate | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> Historial:
    """Tus movimientos de dinero, los más nuevos primero (el administrador ve todos)."""
    return await reports.history(
        session, principal, tipo=tipo, desde=desde, hasta=hasta, page=page, limit=limit
    )


@router.get("/retiros", response_model=RetiroPage)
async def my_retiros(
    principal: ProfessionalUser, session: Snapshot, page: Page = 1, limit: Limit = 20
) -> RetiroPage:
    """Tus retiros."""
    return await _retiro_page(session, page, limit, profesional_id=principal.user_id)


async def _retiro_page(
    session: AsyncSession,
    page: int,
    limit: int,
    *,
    profesional_id: uuid.UUID | None,
    estado: str | None = None,
) -> RetiroPage:
    rows, total = await repo.retiros_page(
        session, estado=estado, profesional_id=profesional_id, offset=(page - 1) * limit, limit=limit
    )
    return RetiroPage(
        retiros=[retiros.retiro_read(row) for row in rows],
        total=total,
        page=page,
        limit=limit,
        totalPages=total_pages(total, limit),
    )


@router.post("/retiros", response_model=RetiroRead, status_code=status.HTTP_201_CREATED)
async def request_retiro(
    principal: ProfessionalUser, ctx: Ctx, body: RetiroCreate | None = None
) -> RetiroRead:
    """Pedí un retiro de tu saldo disponible (por defecto, todo); un administrador lo aprueba."""
    amount = body.monto if body is not None else None
    return await retiros_flows.request_retiro(runtime_of(ctx), principal.user_id, amount, principal.user_id)


# --- admin -------------------------------------------------------------------------------------------


@admin_router.get("/metrics/financials", response_model=Financials)
async def financials(_admin: AdminUser, session: Snapshot) -> Financials:
    """Totales del negocio desde el libro contable."""
    return await reports.financials(session)


@admin_router.get("/pagos/dashboard", response_model=Dashboard)
async def dashboard(_admin: AdminUser, ctx: Ctx, session: Snapshot) -> Dashboard:
    """Panel de pagos: dinero por estado, retiros, notificaciones y última conciliación."""
    return await reports.dashboard(runtime_of(ctx), session)


@admin_router.get("/pagos/trabajos/{trabajo_id}", response_model=PaymentStatus)
async def payment_of(trabajo_id: uuid.UUID, _admin: AdminUser, ctx: Ctx) -> PaymentStatus:
    """El pago de un trabajo."""
    return await intents.get_status(runtime_of(ctx), trabajo_id)


@admin_router.post("/pagos/conciliar", response_model=ConciliacionResultado)
async def reconcile_now(actor: StaffActor, ctx: Ctx) -> ConciliacionResultado:
    """Consulta ahora al proveedor por pagos pendientes, reembolsos y retiros en curso."""
    return await reconcile.reconcile_by_staff(runtime_of(ctx), actor)


@admin_router.get("/pagos/retiros", response_model=RetiroPage)
async def list_retiros(
    _admin: AdminUser,
    session: Snapshot,
    estado: EstadoRetiro | None = None,
    profesional_id: uuid.UUID | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> RetiroPage:
    """Retiros, los más nuevos primero."""
    return await _retiro_page(
        session, page, limit, profesional_id=profesional_id, estado=estado.value if estado else None
    )


@admin_router.get("/pagos/retiros/lotes", response_model=LotePage)
async def list_lotes(_admin: AdminUser, session: Snapshot, page: Page = 1, limit: Limit = 20) -> LotePage:
    """Lotes de transferencias manuales."""
    lotes, total = await retiros.list_lotes(session, offset=(page - 1) * limit, limit=limit)
    return LotePage(lotes=lotes, total=total, page=page, limit=limit, totalPages=total_pages(total, limit))


@admin_router.post("/pagos/retiros/lotes", response_model=LoteRead, status_code=status.HTTP_201_CREATED)
async def create_lote(actor: StaffActor, ctx: Ctx, body: LoteCreate | None = None) -> LoteRead:
    """Arma un lote de transferencias bancarias manuales con retiros solicitados."""
    return await retiros_flows.create_lote(runtime_of(ctx), actor, body.retiro_ids if body else None)


@admin_router.get("/pagos/retiros/lotes/{lote_id}", response_model=LoteRead)
async def get_lote(lote_id: uuid.UUID, _admin: AdminUser, session: Snapshot) -> LoteRead:
    return await retiros.get_lote(session, lote_id)


@admin_router.post("/pagos/retiros/lotes/{lote_id}/pagar", response_model=LoteRead)
async def pay_lote(lote_id: uuid.UUID, body: LotePago, actor: StaffActor, ctx: Ctx) -> LoteRead:
    """Marca el lote como pagado con la referencia de la transferencia bancaria."""
    return await retiros_flows.pay_lote(runtime_of(ctx), lote_id, body.referencia_bancaria, actor)


@admin_router.get("/pagos/retiros/{retiro_id}", response_model=RetiroRead)
async def get_payout(retiro_id: uuid.UUID, _admin: AdminUser, session: Snapshot) -> RetiroRead:
    retiro = await repo.retiro(session, retiro_id)
    if retiro is None:
        raise NotFound("Retiro no encontrado")
    return retiros.retiro_read(retiro)


@admin_router.post("/pagos/retiros/{retiro_id}/aprobar", response_model=RetiroRead)
async def approve_retiro(retiro_id: uuid.UUID, actor: StaffActor, ctx: Ctx) -> RetiroRead:
    """Aprueba el retiro y lo envía por el proveedor de retiros (sandbox o MercadoPago)."""
    return await retiros_flows.approve(runtime_of(ctx), retiro_id, actor)


@admin_router.post("/pagos/retiros/{retiro_id}/rechazar", response_model=RetiroRead)
async def reject_retiro(retiro_id: uuid.UUID, body: MotivoBody, actor: StaffActor, ctx: Ctx) -> RetiroRead:
    """Rechaza un retiro solicitado: el monto vuelve al saldo disponible del profesional."""
    return await retiros_flows.reject(runtime_of(ctx), retiro_id, body.motivo, actor)


@admin_router.post("/pagos/retiros/{retiro_id}/fallido", response_model=RetiroRead)
async def fail_retiro(retiro_id: uuid.UUID, body: MotivoBody, actor: StaffActor, ctx: Ctx) -> RetiroRead:
    """La transferencia no llegó (rebotó): el monto vuelve al saldo disponible del profesional."""
    return await retiros_flows.fail(runtime_of(ctx), retiro_id, body.motivo, staff=actor)
