"""Routes: conversations, messages, the WebSocket, and the admin's chat-ban lift (SPEC §4)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, WebSocket, WebSocketDisconnect, status
from fastapi.responses import JSONResponse

from conectar.chat import conversations as convs
from conectar.chat import repository as repo
from conectar.chat.backpressure import ChatBusy, send_gate
from conectar.chat.flows import conversations as conversations_flows
from conectar.chat.realtime import Connection, hub
from conectar.chat.schemas import (
    ChatBanLiftedResponse,
    ChatCreate,
    ChatRead,
    MarkRead,
    MessageRead,
    MessageSend,
    MyChats,
    UnreadCount,
)
from conectar.chat.ws_protocol import asyncapi_document
from conectar.platform.app import Ctx, ServiceContext
from conectar.platform.audit import StaffActor, staff_actor
from conectar.platform.dates import BoundedDateTime
from conectar.platform.errors import AppError, NotAuthenticated, RateLimited
from conectar.platform.jsonbody import loads_strict
from conectar.platform.security import CurrentUser, Principal
from conectar.platform.sessions import StreamSession, close_code
from conectar.platform.tasks import cancel_and_wait

router = APIRouter(prefix="/api/v1/chat", tags=["chat"])
admin_router = APIRouter(prefix="/api/v1/admin/chat", tags=["admin"])

AUTH_TIMEOUT_SECONDS = 10.0
WS_POLICY_VIOLATION = 4401


@router.post(
    "/create",
    response_model=ChatRead,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"description": "La conversación ya existía", "model": ChatRead}},
)
async def create_chat(body: ChatCreate, principal: CurrentUser, ctx: Ctx, response: Response) -> ChatRead:
    """Abre (o devuelve) la conversación entre un cliente y un profesional; la pide uno de ellos."""
    chat, created = await conversations_flows.create_chat(
        ctx, principal, body.cliente_id, body.profesional_id
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return chat


@router.get("/my-chats", response_model=MyChats)
async def my_chats(principal: CurrentUser, ctx: Ctx) -> MyChats:
    """Tus conversaciones, por última actividad, con los no leídos."""
    return await ctx.db.read(lambda session: convs.my_chats(session, principal))


@router.get("/messages/{chat_id}", response_model=list[MessageRead])
async def messages(
    chat_id: uuid.UUID,
    principal: CurrentUser,
    ctx: Ctx,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    before: Annotated[BoundedDateTime | None, Query(description="Mensajes anteriores a este momento")] = None,
) -> list[MessageRead]:
    """Los mensajes, del más viejo al más nuevo (los `limit` anteriores a `before`). Un administrador
    también puede leerlos; cada lectura suya queda registrada en la auditoría del equipo."""
    if principal.is_admin:
        staff = await staff_actor(request, principal)
        return await conversations_flows.staff_messages(ctx, staff, chat_id, limit=limit, before=before)
    return await ctx.db.read(
        lambda session: convs.list_messages(session, principal, chat_id, limit=limit, before=before)
    )


@router.post("/send-message", response_model=MessageRead)
async def send_message(body: MessageSend, principal: CurrentUser, ctx: Ctx) -> MessageRead:
    """Envía un mensaje. Los datos de contacto se ocultan y suman una infracción; con 3, el chat se bloquea."""
    return await conversations_flows.send_message(ctx, principal, body.chat_id, body.text)


@router.post("/mark-read/{chat_id}", response_model=MarkRead)
async def mark_read(chat_id: uuid.UUID, principal: CurrentUser, ctx: Ctx) -> MarkRead:
    return await conversations_flows.mark_read(ctx, principal, chat_id)


@router.get("/unread-count", response_model=UnreadCount)
async def unread_count(principal: CurrentUser, ctx: Ctx) -> UnreadCount:
    return await ctx.db.read(lambda session: convs.unread_count(session, principal))


@admin_router.post("/users/{user_id}/unban", response_model=ChatBanLiftedResponse)
async def lift_chat_ban(user_id: uuid.UUID, staff: StaffActor, ctx: Ctx) -> ChatBanLiftedResponse:
    """Levanta el bloqueo de chat y pone en cero las infracciones."""
    person = await conversations_flows.lift_chat_ban(ctx, staff, user_id)
    return ChatBanLiftedResponse(
        user_id=user_id, infracciones_chat=person.infracciones_chat, is_chat_banned=person.is_chat_banned
    )


@router.get("/asyncapi.json", include_in_schema=False)
async def asyncapi(ctx: Ctx) -> JSONResponse:
    """El protocolo del WebSocket del chat (AsyncAPI 3.0): cada mensaje en ambos sentidos."""
    return JSONResponse(asyncapi_document(ctx.settings.base_url))


@router.websocket("/ws")
async def websocket(ws: WebSocket, token: str | None = None, cursor: int | None = None) -> None:
    """Tiempo real: `?token=` (o un primer mensaje `{"type":"auth","token":...}`) y `?cursor=` para ponerse al día.

    El servidor envía `{"type":"feed","seq":N,"kind":"message|read|oferta|trabajo|chat|resena","data":{...}}`;
    el cliente puede enviar `{"type":"send","chat_id":...,"text":...,"ref":...}`, `{"type":"read","chat_id":...}`,
    `{"type":"ping"}` y `{"type":"auth","token":...}` (un token nuevo de la misma persona antes de que venza
    el actual). Cada mensaje, en ambos sentidos, está descrito en AsyncAPI: `GET /api/v1/chat/asyncapi.json`. La conexión se cierra con 4401 en menos de un segundo si la sesión termina (logout, baneo,
    cambio o restablecimiento de contraseña) y con 4001 cuando vence el token sin renovarse.
    """
    ctx: ServiceContext = ws.app.state.ctx
    await ws.accept()
    try:
        principal, cursor = await _authenticate(ctx, ws, token, cursor)
    except (TimeoutError, NotAuthenticated, ValueError, WebSocketDisconnect):
        with contextlib.suppress(Exception):
            await ws.close(code=WS_POLICY_VIOLATION)
        return
    async with ctx.infra.sessions.open(principal) as stream:
        await _serve(ctx, ws, stream, cursor)


async def _serve(ctx: ServiceContext, ws: WebSocket, stream: StreamSession, cursor: int | None) -> None:
    send_lock = asyncio.Lock()

    async def send_text(text: str) -> None:
        async with send_lock:
            if not stream.active:
                raise SessionOver()  # nothing reaches a socket whose session has ended
            await ws.send_text(text)

    async def send(frame: dict[str, Any]) -> None:
        await send_text(json.dumps(frame, default=str, separators=(",", ":"), ensure_ascii=False))

    user_id = stream.principal.user_id
    latest = await ctx.db.read(lambda session: repo.last_feed_seq(session, user_id))
    start = latest if cursor is None else min(max(cursor, 0), latest)
    connection = Connection(ctx, user_id, send_text, start)
    realtime = hub(ctx)
    await realtime.register(connection)
    receiving = asyncio.create_task(_receive_commands(ctx, ws, stream, send, send_text, connection, latest))
    ending = asyncio.create_task(stream.ended())
    try:
        await asyncio.wait({receiving, ending}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        await realtime.unregister(connection)
        await cancel_and_wait([receiving, ending])
        if stream.reason is not None:
            with contextlib.suppress(Exception):
                await ws.close(code=close_code(stream.reason))


async def _receive_commands(
    ctx: ServiceContext,
    ws: WebSocket,
    stream: StreamSession,
    send: Any,
    send_text: Any,
    connection: Connection,
    latest: int,
) -> None:
    with contextlib.suppress(WebSocketDisconnect, SessionOver):
        await send({"type": "hello", "user_id": str(stream.principal.user_id), "seq": latest})
        await connection.catch_up()
        while True:
            raw = await ws.receive_text()
            await _handle_command(ctx, ws, stream, send, send_text, raw)


class SessionOver(Exception):
    """The socket's session ended while a frame was on its way."""


async def _authenticate(
    ctx: ServiceContext, ws: WebSocket, token: str | None, cursor: int | None
) -> tuple[Principal, int | None]:
    if token is None:
        first = json.loads(await asyncio.wait_for(ws.receive_text(), AUTH_TIMEOUT_SECONDS))
        if not isinstance(first, dict) or first.get("type") != "auth":
            raise NotAuthenticated()
        token = str(first.get("token") or "")
        if first.get("cursor") is not None:
            cursor = int(first["cursor"])
    principal = await ctx.verifier.verify(token)
    ws.state.token = token
    return principal, cursor


async def _handle_command(
    ctx: ServiceContext, ws: WebSocket, stream: StreamSession, send: Any, send_text: Any, raw: str
) -> None:
    try:
        command = loads_strict(raw)  # finite numbers, valid Unicode, bounded depth
    except ValueError:
        await send({"type": "error", "status": 422, "detail": "JSON inválido"})
        return
    if not isinstance(command, dict):
        await send({"type": "error", "status": 422, "detail": "Se esperaba un objeto"})
        return
    kind = command.get("type")
    ref = command.get("ref")
    if kind == "ping":
        await send({"type": "pong", "ref": ref})
        return
    try:
        if kind == "auth":
            renewed = await ctx.verifier.verify(str(command.get("token") or ""))
            stream.renew(renewed)
            ws.state.token = command.get("token")
            await send({"type": "ack", "ref": ref, "exp": renewed.exp})
            return
        if kind == "send":
            send_gate(ctx, convs.chat_settings(ctx)).check()  # a saturated replica refuses before any work
        principal = await ctx.verifier.verify(ws.state.token)  # revoked or expired since connecting?
        if kind == "send":
            body = MessageSend.model_validate(
                {"chat_id": command.get("chat_id"), "text": command.get("text")}
            )
            _, message_json = await conversations_flows.post_message(ctx, principal, body.chat_id, body.text)
            ack = json.dumps({"type": "ack", "ref": ref}, separators=(",", ":"), ensure_ascii=False)
            await send_text(f'{ack[:-1]},"message":{message_json}}}')
        elif kind == "read":
            marked = await conversations_flows.mark_read(
                ctx, principal, uuid.UUID(str(command.get("chat_id")))
            )
            await send({"type": "ack", "ref": ref, "marked": marked.marked})
        else:
            await send({"type": "error", "ref": ref, "status": 422, "detail": "Comando desconocido"})
    except AppError as exc:
        frame: dict[str, Any] = {"type": "error", "ref": ref, "status": exc.status_code, "detail": exc.detail}
        if isinstance(exc, ChatBusy):
            frame["retry_after_ms"] = exc.retry_after_ms
        elif isinstance(exc, RateLimited):
            frame["retry_after_ms"] = exc.retry_after * 1000
        await send(frame)
    except ValueError as exc:
        await send({"type": "error", "ref": ref, "status": 422, "detail": str(exc)[:300]})
