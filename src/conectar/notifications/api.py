"""Public routes of the notifications service (SPEC §8), the live stream and the delivery log."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from conectar.notifications import repository as repo
from conectar.notifications import service
from conectar.notifications.live import STOP
from conectar.notifications.runtime import runtime_of
from conectar.notifications.schemas import (
    Contador,
    DispositivoBaja,
    DispositivoRegistro,
    EntregaPage,
    LeerTodasResponse,
    MessageResponse,
    NotificacionPage,
    NotificacionRead,
    PreferenciasRead,
    PreferenciasUpdate,
)
from conectar.platform.app import Ctx, Session
from conectar.platform.errors import NotAuthenticated
from conectar.platform.security import AdminUser, CurrentUser, bearer_token
from conectar.platform.sessions import SESSION_EXPIRED

router = APIRouter(prefix="/api/v1/notificaciones", tags=["notificaciones"])

STREAM_RETRY_MS = 5000


@router.get("", response_model=NotificacionPage)
async def list_notifications(
    principal: CurrentUser,
    ctx: Ctx,
    page: Annotated[int, Query(description="Página, desde 1")] = 1,
    limit: Annotated[int, Query(description="Por página (1 a 100)")] = 20,
    solo_no_leidas: bool = False,
) -> NotificacionPage:
    """Tus notificaciones, las más recientes primero."""
    return await ctx.db.read(
        lambda session: service.inbox(
            session, principal.user_id, page=page, limit=limit, unread_only=solo_no_leidas
        )
    )


@router.get("/no-leidas/contador", response_model=Contador)
async def unread_count(principal: CurrentUser, ctx: Ctx) -> Contador:
    """Cuántas notificaciones tenés sin leer."""
    return Contador(count=await ctx.db.read(lambda session: repo.unread_count(session, principal.user_id)))


@router.put("/leer-todas", response_model=LeerTodasResponse)
async def mark_all_read(principal: CurrentUser, ctx: Ctx, session: Session) -> LeerTodasResponse:
    """Marca todas tus notificaciones como leídas."""
    updated = await service.mark_all_read(runtime_of(ctx), session, principal.user_id)
    return LeerTodasResponse(message="Notificaciones marcadas como leídas", actualizadas=updated)


@router.get("/preferencias", response_model=PreferenciasRead)
async def get_preferences(principal: CurrentUser, session: Session) -> PreferenciasRead:
    """Qué avisos recibís y por dónde (tipo × canal: email, push, in_app). Todo empieza activado; los
    e-mails de seguridad (restablecer la contraseña) se envían siempre."""
    return await service.preferences(session, principal.user_id)


@router.put("/preferencias", response_model=PreferenciasRead)
async def put_preferences(
    principal: CurrentUser, body: PreferenciasUpdate, session: Session
) -> PreferenciasRead:
    """Cambia tus preferencias (parcial), por ejemplo
    `{"preferencias": {"oferta_aceptada": {"email": false}}}`; devuelve la matriz completa."""
    return await service.update_preferences(session, principal.user_id, body)


@router.post("/push/registrar", response_model=MessageResponse)
async def register_device(
    principal: CurrentUser, body: DispositivoRegistro, session: Session
) -> MessageResponse:
    """Registra el token FCM de este dispositivo para recibir notificaciones push."""
    await service.register_device(session, principal.user_id, body.token, body.device_type)
    return MessageResponse(message="Dispositivo registrado")


@router.post("/push/desregistrar", response_model=MessageResponse)
async def unregister_device(
    principal: CurrentUser, body: DispositivoBaja, session: Session
) -> MessageResponse:
    """Deja de enviar push a este dispositivo."""
    await service.unregister_device(session, principal.user_id, body.token)
    return MessageResponse(message="Dispositivo eliminado")


def _sse(event: str, data: Any, event_id: str | None = None) -> str:
    lines = [f"event: {event}"]
    if event_id:
        lines.append(f"id: {event_id}")
    lines.append(f"data: {json.dumps(data, ensure_ascii=False, default=str)}")
    return "\n".join(lines) + "\n\n"


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "Server-sent events"}},
)
async def stream(
    request: Request,
    ctx: Ctx,
    token: Annotated[
        str | None, Query(description="Access token, para clientes que no pueden enviar el header")
    ] = None,
) -> StreamingResponse:
    """Notificaciones en vivo (server-sent events): `contador` al conectar y cada vez que cambia,
    `notificacion` por cada aviso nuevo, y un comentario de latido periódico. El stream se cierra al
    vencer el token (o a los pocos minutos): el cliente se reconecta solo. Si la sesión se cierra
    (logout, baneo), termina con `fin` `{"motivo": "sesion_cerrada"}` sin entregar nada más."""
    raw = bearer_token(request) or token
    if not raw:
        raise NotAuthenticated()
    principal = await ctx.verifier.verify(raw)
    runtime = runtime_of(ctx)
    async with ctx.db.session(write=False) as session:
        count = await repo.unread_count(session, principal.user_id)
    heartbeat = runtime.settings.notifications_sse_heartbeat_seconds
    deadline = time.monotonic() + min(
        runtime.settings.notifications_sse_max_seconds, max(0.0, principal.exp - time.time())
    )

    async def events() -> AsyncIterator[str]:
        async with (
            ctx.infra.sessions.open(principal) as session_stream,
            runtime.live.listen(principal.user_id) as queue,
        ):
            yield f"retry: {STREAM_RETRY_MS}\n\n"
            yield _sse("contador", {"count": count})
            ended = asyncio.create_task(session_stream.ended())
            try:
                while True:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        yield _sse("fin", {"motivo": "reconectar"})
                        return
                    getting = asyncio.ensure_future(queue.get())
                    await asyncio.wait(
                        {getting, ended},
                        timeout=min(heartbeat, remaining),
                        return_when=asyncio.FIRST_COMPLETED,
                    )
                    if not session_stream.active:
                        getting.cancel()
                        # Nothing more is delivered once the session is over (logout, ban, new password).
                        motivo = (
                            "reconectar" if session_stream.reason == SESSION_EXPIRED else "sesion_cerrada"
                        )
                        yield _sse("fin", {"motivo": motivo})
                        return
                    if not getting.done():
                        getting.cancel()
                        yield ": ping\n\n"
                        continue
                    item = getting.result()
                    if item is STOP:
                        return
                    data = item.get("d") or {}
                    yield _sse(
                        str(item.get("e")),
                        data,
                        str(data.get("id")) if isinstance(data, dict) and data.get("id") else None,
                    )
            finally:
                ended.cancel()

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/admin/entregas", response_model=EntregaPage)
async def list_deliveries(
    _admin: AdminUser,
    ctx: Ctx,
    session: Session,
    estado: Annotated[str | None, Query(description="pending | sent | dead | skipped")] = None,
    canal: Annotated[str | None, Query(description="email | push")] = None,
    page: int = 1,
    limit: int = 20,
) -> EntregaPage:
    """ADMIN: el registro de entregas (e-mail y push) con cada intento; sin direcciones ni contenido."""
    return await service.deliveries(
        runtime_of(ctx), session, status=estado, channel=canal, page=page, limit=limit
    )


@router.post("/admin/entregas/{delivery_id}/reintentar", response_model=MessageResponse)
async def retry_delivery(
    delivery_id: uuid.UUID, _admin: AdminUser, ctx: Ctx, session: Session
) -> MessageResponse:
    """ADMIN: vuelve a intentar una entrega que agotó sus intentos."""
    await service.retry_delivery(runtime_of(ctx), session, delivery_id)
    return MessageResponse(message="Entrega reprogramada")


@router.put("/{notification_id}/leer", response_model=NotificacionRead)
async def mark_read(
    notification_id: uuid.UUID, principal: CurrentUser, ctx: Ctx, session: Session
) -> NotificacionRead:
    """Marca una notificación tuya como leída (404 si no existe o no es tuya)."""
    return await service.mark_read(runtime_of(ctx), session, principal.user_id, notification_id)
