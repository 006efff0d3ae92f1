"""Routes: visits (SPEC §11) — a new window proposed by either party and answered by the other, and the
visit's calendar file."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from conectar.chat.flows import visitas as visitas_flows
from conectar.chat.schemas import ReprogramarRequest, TrabajoRead
from conectar.platform.app import Ctx
from conectar.platform.security import ClientUser, CurrentUser, ProfessionalUser

client = APIRouter(prefix="/api/v1/cliente", tags=["visitas"])
professional = APIRouter(prefix="/api/v1/professional", tags=["visitas"])
router = APIRouter(prefix="/api/v1/trabajos", tags=["visitas"])

CALENDAR = "text/calendar; charset=utf-8"


@client.post("/trabajo/{trabajo_id}/reprogramar", response_model=TrabajoRead)
async def client_reprogramar(
    trabajo_id: uuid.UUID, body: ReprogramarRequest, principal: ClientUser, ctx: Ctx
) -> TrabajoRead:
    """Proponés otro horario para la visita (futuro, hasta 12 horas); el profesional lo acepta o lo
    rechaza. 409 si el profesional ya tiene otra visita en ese horario."""
    return await visitas_flows.reprogramar(ctx, principal, trabajo_id, body, as_client=True)


@professional.post("/trabajos/{trabajo_id}/reprogramar", response_model=TrabajoRead)
async def professional_reprogramar(
    trabajo_id: uuid.UUID, body: ReprogramarRequest, principal: ProfessionalUser, ctx: Ctx
) -> TrabajoRead:
    """Proponés otro horario para la visita (futuro, hasta 12 horas); el cliente lo acepta o lo rechaza.
    409 si ya tenés otra visita en ese horario."""
    return await visitas_flows.reprogramar(ctx, principal, trabajo_id, body, as_client=False)


@router.post("/{trabajo_id}/reprogramacion/aceptar", response_model=TrabajoRead)
async def accept_reprogramacion(trabajo_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> TrabajoRead:
    """La otra parte acepta el horario propuesto: pasa a ser el de la visita. 409 si el profesional
    reservó ese horario para otro trabajo mientras tanto."""
    return await visitas_flows.responder(ctx, principal, trabajo_id, accept=True)


@router.post("/{trabajo_id}/reprogramacion/rechazar", response_model=TrabajoRead)
async def reject_reprogramacion(trabajo_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> TrabajoRead:
    """La otra parte rechaza el horario propuesto: la visita sigue como estaba."""
    return await visitas_flows.responder(ctx, principal, trabajo_id, accept=False)


@router.get(
    "/{trabajo_id}/visita.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "La visita (RFC 5545)"}},
)
async def visit_calendar(trabajo_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> Response:
    """La visita para tu calendario (iCalendar): el horario, el oficio y, para el profesional, la
    dirección si el trabajo la tiene. Solo para el cliente y el profesional del trabajo."""
    body = await visitas_flows.calendario(ctx, principal, trabajo_id)
    return Response(
        content=body,
        media_type=CALENDAR,
        headers={"Content-Disposition": f'attachment; filename="visita-{trabajo_id}.ics"'},
    )
