"""Routes: offers, instant hires, trabajos and reviews (SPEC §5)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response, status

from conectar.chat import money_staff, ofertas, reviews, trabajos
from conectar.chat import repository as repo
from conectar.chat.flows import contratacion as contratacion_flows
from conectar.chat.flows import money_staff as money_staff_flows
from conectar.chat.flows import ofertas as ofertas_flows
from conectar.chat.flows import reviews as reviews_flows
from conectar.chat.flows import trabajos as trabajos_flows
from conectar.chat.schemas import (
    AcceptResponse,
    CancelRequest,
    DineroObservadoPage,
    DineroReintentar,
    DineroResolver,
    InstantHire,
    OfertaCreate,
    OfertaRead,
    PaymentLink,
    ProfessionalCancelRequest,
    ResenaCreate,
    ResenaCreated,
    ResenaItem,
    ResenaRead,
    ResenaReply,
    TrabajoAdminRead,
    TrabajoRead,
)
from conectar.chat.statemachine import Actor, EstadoEscrow, EstadoOferta
from conectar.platform.app import Ctx, Session
from conectar.platform.audit import StaffActor
from conectar.platform.client_hint import ClientHint
from conectar.platform.pagination import Limit, Page
from conectar.platform.security import AdminUser, ClientUser, ProfessionalUser

professional = APIRouter(prefix="/api/v1/professional", tags=["ofertas y trabajos"])
client = APIRouter(prefix="/api/v1/cliente", tags=["ofertas y trabajos"])
reviews_router = APIRouter(prefix="/api/v1/resenas", tags=["reseñas"])
admin = APIRouter(prefix="/api/v1/admin", tags=["admin"])


def _paged(response: Response, total: int) -> None:
    response.headers["X-Total-Count"] = str(total)


# --- professional ----------------------------------------------------------------------------------------


@professional.post("/ofertas", response_model=OfertaRead, status_code=status.HTTP_201_CREATED)
async def create_offer(body: OfertaCreate, principal: ProfessionalUser, ctx: Ctx) -> OfertaRead:
    """Envía una oferta con precio al cliente de una de tus conversaciones (solo profesionales aprobados)."""
    return await ofertas_flows.create_offer(ctx, principal, body)


@professional.get("/ofertas", response_model=list[OfertaRead])
async def my_offers(
    principal: ProfessionalUser,
    session: Session,
    estado: EstadoOferta | None = None,
    page: Page = 1,
    limit: Limit = 50,
) -> list[OfertaRead]:
    rows = await repo.ofertas_of(
        session, profesional_id=principal.user_id, estado=estado, offset=(page - 1) * limit, limit=limit
    )
    return [ofertas.oferta_read(o) for o in rows]


@professional.post("/ofertas/{oferta_id}/cancelar", response_model=OfertaRead)
async def withdraw_offer(oferta_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx) -> OfertaRead:
    """Retira una oferta todavía no respondida."""
    return await ofertas_flows.withdraw_offer(ctx, principal, oferta_id)


@professional.get("/trabajos", response_model=list[TrabajoRead])
async def professional_jobs(
    principal: ProfessionalUser,
    session: Session,
    response: Response,
    estado: EstadoEscrow | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> list[TrabajoRead]:
    result = await trabajos.list_trabajos(
        session, profesional_id=principal.user_id, estado=estado, page=page, limit=limit
    )
    _paged(response, result.total)
    return result.trabajos


@professional.get("/trabajos/{trabajo_id}", response_model=TrabajoRead)
async def professional_job(
    trabajo_id: uuid.UUID, principal: ProfessionalUser, session: Session
) -> TrabajoRead:
    return await trabajos.get_trabajo(session, principal, trabajo_id, as_client=False)


@professional.post("/trabajos/{trabajo_id}/completar", response_model=TrabajoRead)
async def mark_done(trabajo_id: uuid.UUID, principal: ProfessionalUser, ctx: Ctx) -> TrabajoRead:
    """Avisá que terminaste: el cliente confirma, o el pago se libera solo a las 72 h sin reclamos."""
    return await trabajos_flows.act(ctx, principal, trabajo_id, "marcar_terminado", Actor.PROFESIONAL)


@professional.post("/trabajos/{trabajo_id}/cancelar", response_model=TrabajoRead)
async def professional_cancel(
    trabajo_id: uuid.UUID, body: ProfessionalCancelRequest, principal: ProfessionalUser, ctx: Ctx
) -> TrabajoRead:
    """Cancelás el trabajo: sin pago, se cierra; pagado y aún no marcado terminado, se reintegra todo el
    pago al cliente. Cuenta en `cancelaciones_90d` de tu perfil público."""
    return await trabajos_flows.cancel_by_professional(ctx, principal, trabajo_id, body.motivo)


@professional.get("/resenas", response_model=list[ResenaItem])
async def my_reviews(
    principal: ProfessionalUser,
    session: Session,
    response: Response,
    page: Page = 1,
    limit: Limit = 20,
) -> list[ResenaItem]:
    """Tus reseñas, las más nuevas primero, con tu respuesta si ya respondiste."""
    items, total = await reviews.list_mine(session, principal, page=page, limit=limit)
    _paged(response, total)
    return items


# --- client -------------------------------------------------------------------------------------------------


@client.get("/ofertas", response_model=list[OfertaRead])
async def client_offers(
    principal: ClientUser,
    session: Session,
    estado: EstadoOferta | None = None,
    page: Page = 1,
    limit: Limit = 50,
) -> list[OfertaRead]:
    rows = await repo.ofertas_of(
        session, cliente_id=principal.user_id, estado=estado, offset=(page - 1) * limit, limit=limit
    )
    return [ofertas.oferta_read(o) for o in rows]


@client.get("/ofertas/{oferta_id}", response_model=OfertaRead)
async def client_offer(oferta_id: uuid.UUID, principal: ClientUser, session: Session) -> OfertaRead:
    return ofertas.oferta_read(await ofertas.visible_offer(session, principal, oferta_id))


@client.post("/ofertas/{oferta_id}/accept", response_model=AcceptResponse)
async def accept_offer(
    oferta_id: uuid.UUID, principal: ClientUser, ctx: Ctx, app_client: ClientHint
) -> AcceptResponse:
    """Acepta la oferta: se crea el trabajo y se abre el pago (`payment_url`). Después de pagar,
    MercadoPago te devuelve a las páginas de pago de la plataforma (o a las que el operador registró para
    la aplicación desde la que aceptaste, como el frontend original bajo `/legacy`)."""
    return await ofertas_flows.accept_offer(ctx, principal, oferta_id, client=app_client)


@client.post("/ofertas/{oferta_id}/reject", response_model=OfertaRead)
async def reject_offer(oferta_id: uuid.UUID, principal: ClientUser, ctx: Ctx) -> OfertaRead:
    return await ofertas_flows.reject_offer(ctx, principal, oferta_id)


@client.post("/servicios/{servicio_id}/contratar", response_model=AcceptResponse)
async def hire(
    servicio_id: uuid.UUID,
    principal: ClientUser,
    ctx: Ctx,
    app_client: ClientHint,
    body: InstantHire | None = None,
) -> AcceptResponse:
    """Contrata a precio fijo, sin negociar, un servicio de `GET /servicios`: uno instantáneo del catálogo
    (`tipo: "catalogo"`) con `{profesional_id}`, al precio de ese profesional, o uno que un profesional
    publicó (`tipo: "publicado"`), sin cuerpo (su profesional y su precio son los suyos). Se crea el
    trabajo y se abre el pago (`payment_url`), que vuelve a las mismas páginas que al aceptar una oferta;
    un segundo clic devuelve la misma contratación mientras espera el pago. 404 si el servicio ya no se
    puede contratar."""
    profesional_id = body.profesional_id if body is not None else None
    return await contratacion_flows.hire_instant(
        ctx, principal, servicio_id, profesional_id, client=app_client
    )


@client.get("/trabajos", response_model=list[TrabajoRead])
async def client_jobs(
    principal: ClientUser,
    session: Session,
    response: Response,
    estado: EstadoEscrow | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> list[TrabajoRead]:
    result = await trabajos.list_trabajos(
        session, cliente_id=principal.user_id, estado=estado, page=page, limit=limit
    )
    _paged(response, result.total)
    return result.trabajos


@client.get("/trabajo/{trabajo_id}", response_model=TrabajoRead)
async def client_job(trabajo_id: uuid.UUID, principal: ClientUser, session: Session) -> TrabajoRead:
    return await trabajos.get_trabajo(session, principal, trabajo_id, as_client=True)


@client.post("/trabajo/{trabajo_id}/pagar", response_model=PaymentLink)
async def pay(trabajo_id: uuid.UUID, principal: ClientUser, ctx: Ctx, app_client: ClientHint) -> PaymentLink:
    """El enlace de pago de un trabajo pendiente de pago (si todavía no estaba abierto, vuelve a las
    páginas de la aplicación desde la que lo pedís)."""
    return await trabajos_flows.payment_link(ctx, principal, trabajo_id, client=app_client)


@client.post("/trabajo/{trabajo_id}/cancelar", response_model=TrabajoRead)
async def cancel(
    trabajo_id: uuid.UUID, principal: ClientUser, ctx: Ctx, body: CancelRequest | None = None
) -> TrabajoRead:
    """Cancela: sin pago, se cierra; pagado y aún no marcado terminado, se reintegra el pago."""
    return await trabajos_flows.cancel_by_client(ctx, principal, trabajo_id, body.motivo if body else None)


@client.post("/trabajo/{trabajo_id}/finalizar", response_model=TrabajoRead)
async def finalize(trabajo_id: uuid.UUID, principal: ClientUser, ctx: Ctx) -> TrabajoRead:
    """Confirmás el trabajo: se libera el pago al profesional (menos la comisión)."""
    return await trabajos_flows.act(ctx, principal, trabajo_id, "finalizar", Actor.CLIENTE)


@client.post(
    "/trabajo/{trabajo_id}/resena", response_model=ResenaCreated, status_code=status.HTTP_201_CREATED
)
async def review(trabajo_id: uuid.UUID, body: ResenaCreate, principal: ClientUser, ctx: Ctx) -> ResenaCreated:
    return await reviews_flows.create(ctx, principal, trabajo_id, body)


@reviews_router.post("/{resena_id}/responder", response_model=ResenaRead)
async def reply(resena_id: uuid.UUID, body: ResenaReply, principal: ProfessionalUser, ctx: Ctx) -> ResenaRead:
    """El profesional responde una vez a una reseña."""
    return await reviews_flows.reply(ctx, principal, resena_id, body.respuesta)


# --- admin --------------------------------------------------------------------------------------------------


@admin.get("/trabajos", response_model=list[TrabajoRead])
async def all_jobs(
    _admin: AdminUser,
    session: Session,
    response: Response,
    estado: EstadoEscrow | None = None,
    page: Page = 1,
    limit: Limit = 20,
) -> list[TrabajoRead]:
    result = await trabajos.list_trabajos(session, estado=estado, page=page, limit=limit)
    _paged(response, result.total)
    return result.trabajos


@admin.get("/trabajos/dinero-observado", response_model=DineroObservadoPage)
async def money_watch(
    _admin: AdminUser, session: Session, demorados: bool = True, page: Page = 1, limit: Limit = 20
) -> DineroObservadoPage:
    """Trabajos cuyo dinero espera al equipo: el servicio de pagos rechazó la liberación o el reintegro
    (`situacion` RECHAZADO) y, con `demorados`, los que siguen en curso desde hace más de 10 minutos
    (DEMORADO, se reintentan solos). Los más viejos primero."""
    return await money_staff.watch_list(session, demorados=demorados, page=page, limit=limit)


@admin.get("/trabajo/{trabajo_id}", response_model=TrabajoAdminRead)
async def admin_job(trabajo_id: uuid.UUID, _admin: AdminUser, session: Session) -> TrabajoAdminRead:
    """El trabajo, con sus movimientos de dinero (pago, liberación, reintegro) y lo que pasó con cada uno."""
    return await money_staff.admin_trabajo(session, trabajo_id)


@admin.post("/trabajo/{trabajo_id}/dinero/reintentar", response_model=TrabajoAdminRead)
async def money_retry(
    trabajo_id: uuid.UUID, staff: StaffActor, ctx: Ctx, body: DineroReintentar | None = None
) -> TrabajoAdminRead:
    """Vuelve a pedir el movimiento rechazado (corregida su causa), o corre ya el que sigue en curso. La
    respuesta muestra qué pasó: LIBERADO o CANCELADO_REEMBOLSADO si el servicio de pagos lo aceptó."""
    return await money_staff_flows.retry(ctx, staff, trabajo_id, body.motivo if body else None)


@admin.post("/trabajo/{trabajo_id}/dinero/resolver", response_model=TrabajoAdminRead)
async def money_resolve(
    trabajo_id: uuid.UUID, body: DineroResolver, staff: StaffActor, ctx: Ctx
) -> TrabajoAdminRead:
    """Resuelve un movimiento rechazado: LIBERAR o REEMBOLSAR (el mismo de nuevo, o el otro), o CERRAR
    dejando constancia de que se resolvió fuera de la plataforma (solo si pagos ya no retiene el dinero)."""
    return await money_staff_flows.resolve(ctx, staff, trabajo_id, body)


@admin.post("/trabajo/{trabajo_id}/cancelar", response_model=TrabajoRead)
async def admin_cancel(
    trabajo_id: uuid.UUID, staff: StaffActor, ctx: Ctx, body: CancelRequest | None = None
) -> TrabajoRead:
    """Cancela un trabajo; si estaba pago, se reintegra el dinero al cliente."""
    return await trabajos_flows.cancel_by_admin(ctx, staff, trabajo_id, body.motivo if body else None)


sandbox_admin = APIRouter(prefix="/api/v1/admin", tags=["admin"])


@sandbox_admin.post("/trabajo/{trabajo_id}/simular-pago", response_model=TrabajoRead)
async def simulate_payment(trabajo_id: uuid.UUID, staff: StaffActor, ctx: Ctx) -> TrabajoRead:
    """Solo con el proveedor sandbox: aprueba el pago como si el cliente hubiera pagado."""
    return await trabajos_flows.simulate_payment(ctx, staff, trabajo_id)
