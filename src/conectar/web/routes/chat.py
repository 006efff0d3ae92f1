"""Conversations: the list, one conversation with live messages, offer cards, sending an offer."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from conectar.web.api import ApiError
from conectar.web.core import W, Web, error_fields, money_input

router = APIRouter()

MESSAGES = 100


async def offers_by_id(w: Web) -> dict[str, dict[str, Any]]:
    path = "/cliente/ofertas" if w.rol == "CLIENTE" else "/professional/ofertas"
    if w.rol not in ("CLIENTE", "PROFESIONAL"):
        return {}
    offers = await w.api.soft(path, [], params={"limit": 100})
    return {str(o["id"]): o for o in offers}


def other_party(chat: dict[str, Any], rol: str | None) -> dict[str, Any]:
    if rol == "PROFESIONAL":
        return {"id": chat["cliente_id"], "nombre": chat["cliente_nombre"], "es": "cliente"}
    return {"id": chat["profesional_id"], "nombre": chat["profesional_nombre"], "es": "profesional"}


async def conversation_page(
    w: Web, chat_id: uuid.UUID, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    chats, messages, offers, me = await asyncio.gather(
        w.my_chats(),
        w.api.get(f"/chat/messages/{chat_id}", params={"limit": MESSAGES}),
        offers_by_id(w),
        w.api.soft("/professional/me", {}) if w.rol == "PROFESIONAL" else _nothing(),
    )
    chat = next((c for c in chats["chats"] if str(c["id"]) == str(chat_id)), None)
    if chat is None:
        raise ApiError(404, "Conversación no encontrada")
    if chat.get("unread_count") and await _mark_read(w, chat_id):
        w.unread_chats = max(0, (w.unread_chats or 0) - int(chat["unread_count"]))
        chat["unread_count"] = 0
    return await w.render_form(
        "chat/conversation.html",
        chats=chats["chats"],
        chat=chat,
        other=other_party(chat, w.rol),
        messages=messages,
        offers=offers,
        me=me,
        errors=errors,
        values=values,
    )


async def _nothing() -> dict[str, Any]:
    return {}


async def _mark_read(w: Web, chat_id: uuid.UUID) -> bool:
    try:
        await w.api.post(f"/chat/mark-read/{chat_id}")
    except ApiError:
        return False
    return True


@router.get("/chat")
async def chats(w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    data = await w.my_chats()
    return await w.render("chat/list.html", chats=data["chats"], chat=None)


@router.get("/chat/{chat_id}")
async def conversation(chat_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    return await conversation_page(w, chat_id)


@router.get("/chat/{chat_id}/mensajes")
async def messages_partial(chat_id: uuid.UUID, w: W) -> Response:
    """The messages list alone: the page swaps it in when the live channel reports something new."""
    w.require("CLIENTE", "PROFESIONAL")
    messages, offers = await asyncio.gather(
        w.api.get(f"/chat/messages/{chat_id}", params={"limit": MESSAGES}), offers_by_id(w)
    )
    return await w.render(
        "chat/messages.html", partial=True, messages=messages, offers=offers, chat={"id": str(chat_id)}
    )


@router.post("/chat/{chat_id}/mensajes")
async def send_message(chat_id: uuid.UUID, w: W) -> Response:
    """Without JavaScript (or while the live channel is down) messages go through this form."""
    w.require("CLIENTE", "PROFESIONAL")
    text = (await w.fields()).get("text", "")
    try:
        await w.api.post("/chat/send-message", {"chat_id": str(chat_id), "text": text})
    except ApiError as exc:
        if w.htmx:
            return await w.render(
                "partials/field_error.html", partial=True, status_code=200, message=exc.message
            )
        return await conversation_page(w, chat_id, errors={"text": exc.message}, values={"text": text})
    if w.htmx:
        return await messages_partial(chat_id, w)
    return w.redirect(f"/chat/{chat_id}")


@router.post("/chat/{chat_id}/oferta")
async def send_offer(chat_id: uuid.UUID, w: W) -> Response:
    w.require("PROFESIONAL")
    fields = await w.fields()
    chats = await w.my_chats()
    chat = next((c for c in chats["chats"] if str(c["id"]) == str(chat_id)), None)
    if chat is None:
        raise ApiError(404, "Conversación no encontrada")
    body = {
        "cliente_id": str(chat["cliente_id"]),
        "chat_id": str(chat_id),
        "descripcion": fields.get("descripcion", ""),
        "precio_final": money_input(fields.get("precio_final")),
    }
    try:
        await w.api.post("/professional/ofertas", body)
    except ApiError as exc:
        errors = error_fields(exc)
        return await conversation_page(w, chat_id, errors={"oferta": "1", **errors}, values=fields)
    return w.redirect(f"/chat/{chat_id}", "Oferta enviada")


@router.post("/ofertas/{oferta_id}/aceptar")
async def accept_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    oferta = await w.api.get(f"/cliente/ofertas/{oferta_id}")
    try:
        accepted = await w.api.post(f"/cliente/ofertas/{oferta_id}/accept")
    except ApiError as exc:
        return w.redirect(f"/chat/{oferta['chat_id']}", exc.message, "error")
    if accepted.get("payment_url"):
        return w.redirect(str(accepted["payment_url"]))
    return w.redirect(
        f"/trabajos/{accepted['trabajo_id']}", "Oferta aceptada: pagala para confirmar el trabajo"
    )


@router.post("/ofertas/{oferta_id}/rechazar")
async def reject_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    oferta = await w.api.get(f"/cliente/ofertas/{oferta_id}")
    try:
        await w.api.post(f"/cliente/ofertas/{oferta_id}/reject")
    except ApiError as exc:
        return w.redirect(f"/chat/{oferta['chat_id']}", exc.message, "error")
    return w.redirect(f"/chat/{oferta['chat_id']}", "Rechazaste la oferta")


@router.post("/ofertas/{oferta_id}/retirar")
async def withdraw_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("PROFESIONAL")
    try:
        oferta = await w.api.post(f"/professional/ofertas/{oferta_id}/cancelar")
    except ApiError as exc:
        return w.redirect("/profesional/ofertas", exc.message, "error")
    return w.redirect(f"/chat/{oferta['chat_id']}", "Retiraste la oferta")
