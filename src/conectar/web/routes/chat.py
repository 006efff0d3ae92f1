"""Conversations: the list, one conversation with live messages, offer cards, sending an offer."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from conectar.web import formatting, moderation, visits
from conectar.web.api import ApiError
from conectar.web.apimodels import Chat, Hired, Message, MyChats, Oferta, Profile, Trabajo, User
from conectar.web.core import W, Web, money_input
from conectar.web.forms import submit
from conectar.web.routes.favorites import rehire_text

router = APIRouter()

MESSAGES = 100


async def offers_by_id(w: Web) -> dict[str, Oferta]:
    path = "/cliente/ofertas" if w.rol == "CLIENTE" else "/professional/ofertas"
    if w.rol not in ("CLIENTE", "PROFESIONAL"):
        return {}
    none: list[Oferta] = []
    offers = await w.api.soft_model(path, list[Oferta], none, params={"limit": 100})
    return {str(o.id): o for o in offers}


@dataclass(frozen=True)
class OtherParty:
    """Who the person talks to in a conversation (the page's header)."""

    id: uuid.UUID
    nombre: str
    es: str  # "cliente" or "profesional"


def other_party(chat: Chat, rol: str | None) -> OtherParty:
    if rol == "PROFESIONAL":
        return OtherParty(chat.cliente_id, chat.cliente_nombre, "cliente")
    return OtherParty(chat.profesional_id, chat.profesional_nombre, "profesional")


async def conversation_page(
    w: Web, chat_id: uuid.UUID, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    chats, messages, offers, me, person = await asyncio.gather(
        w.my_chats(),
        w.api.get_model(f"/chat/messages/{chat_id}", list[Message], params={"limit": MESSAGES}),
        offers_by_id(w),
        w.api.soft_model("/professional/me", Profile, None) if w.rol == "PROFESIONAL" else _nothing(),
        w.api.soft_model("/users/me", User, None),
    )
    chat = chats.find(chat_id)
    if chat is None:
        raise ApiError(404, "Conversación no encontrada")
    if chat.unread_count and await _mark_read(w, chat_id):
        w.unread_chats = max(0, (w.unread_chats or 0) - chat.unread_count)
        chat.unread_count = 0
    return await w.render_form(
        "chat/conversation.html",
        chats=chats.chats,
        chat=chat,
        other=other_party(chat, w.rol),
        messages=messages,
        offers=offers,
        me=me,
        infracciones=person.infracciones_chat if person else 0,
        ban_after=moderation.BAN_AFTER,
        errors=errors,
        values=values,
    )


async def _nothing() -> Profile | None:
    return None


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
    return await w.render("chat/list.html", chats=data.chats, chat=None)


@router.get("/chat/lista")
async def list_partial(request: Request, w: W) -> Response:
    """The conversations list alone (newest activity first): the page swaps it in when the live channel
    reports a message in a conversation it does not show yet."""
    w.require("CLIENTE", "PROFESIONAL")
    data: MyChats = await w.my_chats()
    current = request.query_params.get("actual") or ""
    return await w.render(
        "chat/_list.html", partial=True, chats=data.chats, chat={"id": current} if current else None
    )


@router.get("/chat/{chat_id}")
async def conversation(chat_id: uuid.UUID, request: Request, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    values = None
    again = request.query_params.get("recontratar")
    if again and w.rol == "CLIENTE":  # hiring again from a past trabajo: its context in the box
        try:
            trabajo = await w.api.get_model(f"/cliente/trabajo/{uuid.UUID(again)}", Trabajo)
        except (ValueError, ApiError):
            trabajo = None
        if trabajo is not None and str(trabajo.chat_id) == str(chat_id):
            values = {"text": rehire_text(trabajo)}
    return await conversation_page(w, chat_id, values=values)


@router.get("/chat/{chat_id}/mensajes")
async def messages_partial(chat_id: uuid.UUID, w: W) -> Response:
    """The messages list alone: the page swaps it in when the live channel reports something new."""
    w.require("CLIENTE", "PROFESIONAL")
    messages, offers = await asyncio.gather(
        w.api.get_model(f"/chat/messages/{chat_id}", list[Message], params={"limit": MESSAGES}),
        offers_by_id(w),
    )
    return await w.render(
        "chat/messages.html", partial=True, messages=messages, offers=offers, chat={"id": str(chat_id)}
    )


@router.post("/chat/{chat_id}/mensajes")
async def send_message(chat_id: uuid.UUID, w: W) -> Response:
    """Without JavaScript (or while the live channel is down) messages go through this form."""
    w.require("CLIENTE", "PROFESIONAL")
    text = (await w.fields()).get("text", "")

    async def inline(exc: ApiError) -> Response | None:
        """From the live page the refusal goes under the composer, without reloading."""
        if not w.htmx:
            return None
        return await w.render("partials/field_error.html", partial=True, status_code=200, message=exc.message)

    sent = await submit(
        w.api.post_model("/chat/send-message", Message, {"chat_id": str(chat_id), "text": text}),
        lambda errors: conversation_page(w, chat_id, errors=errors, values={"text": text}),
        special=inline,
        field="text",
    )
    if isinstance(sent, Response):
        return sent
    masked = moderation.notice(text, sent.text)
    if masked:
        w.session.flash(masked, "info")
    if w.htmx:
        return await messages_partial(chat_id, w)
    return w.redirect(f"/chat/{chat_id}")


@router.post("/chat/{chat_id}/oferta")
async def send_offer(chat_id: uuid.UUID, w: W) -> Response:
    w.require("PROFESIONAL")
    fields = await w.fields()
    chat = (await w.my_chats()).find(chat_id)
    if chat is None:
        raise ApiError(404, "Conversación no encontrada")
    window, problems = visits.read(fields, required=False)
    if problems:
        return await conversation_page(w, chat_id, errors={"oferta": "1", **problems}, values=fields)
    body = {
        "cliente_id": str(chat.cliente_id),
        "chat_id": str(chat_id),
        "descripcion": fields.get("descripcion", ""),
        "precio_final": money_input(fields.get("precio_final")),
        **(window.body() if window else {}),
    }
    sent = await submit(
        w.api.post("/professional/ofertas", body),
        lambda errors: conversation_page(w, chat_id, errors=errors, values=fields),
        aliases=visits.API_ALIASES,
        general_to=visits.DAY,
        general_if=lambda exc: window is not None and exc.status == 422,
        extra={"oferta": "1"},  # the offer's form opens again
    )
    if isinstance(sent, Response):
        return sent
    return w.redirect(f"/chat/{chat_id}", "Oferta enviada")


@router.get("/ofertas/{oferta_id}/confirmar")
async def offer_summary(oferta_id: uuid.UUID, w: W) -> Response:
    """What accepting the offer means before it is accepted: what, who, the price and the total."""
    w.require("CLIENTE")
    oferta, chats = await asyncio.gather(
        w.api.get_model(f"/cliente/ofertas/{oferta_id}", Oferta), w.my_chats(soft=True)
    )
    if oferta.estado != "OFERTADO":
        return w.redirect(f"/chat/{oferta.chat_id}", "Esta oferta ya no espera respuesta", "info")
    chat = chats.find(oferta.chat_id)
    return await w.render(
        "checkout/summary.html",
        kind="oferta",
        que=oferta.descripcion,
        detalle=f"Oferta válida hasta el {formatting.datetime_short(oferta.fecha_expiracion)}",
        quien=chat.profesional_nombre if chat else "El profesional",
        pro=None,
        precio=oferta.precio_final,
        visita_desde=oferta.visita_desde,
        visita_hasta=oferta.visita_hasta,
        direccion=oferta.direccion,
        action=f"/ofertas/{oferta.id}/aceptar",
        confirm_label="Aceptar y pagar",
        back=f"/chat/{oferta.chat_id}",
    )


@router.post("/ofertas/{oferta_id}/aceptar")
async def accept_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    oferta = await w.api.get_model(f"/cliente/ofertas/{oferta_id}", Oferta)
    try:
        accepted = await w.api.post_model(f"/cliente/ofertas/{oferta_id}/accept", Hired)
    except ApiError as exc:
        return w.redirect(f"/chat/{oferta.chat_id}", exc.message, "error")
    if accepted.payment_url:
        return w.redirect(accepted.payment_url)
    return w.redirect(f"/trabajos/{accepted.trabajo_id}", "Oferta aceptada: pagala para confirmar el trabajo")


@router.post("/ofertas/{oferta_id}/rechazar")
async def reject_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    oferta = await w.api.get_model(f"/cliente/ofertas/{oferta_id}", Oferta)
    try:
        await w.api.post(f"/cliente/ofertas/{oferta_id}/reject")
    except ApiError as exc:
        return w.redirect(f"/chat/{oferta.chat_id}", exc.message, "error")
    return w.redirect(f"/chat/{oferta.chat_id}", "Rechazaste la oferta")


@router.post("/ofertas/{oferta_id}/retirar")
async def withdraw_offer(oferta_id: uuid.UUID, w: W) -> Response:
    w.require("PROFESIONAL")
    try:
        oferta = await w.api.post_model(f"/professional/ofertas/{oferta_id}/cancelar", Oferta)
    except ApiError as exc:
        return w.redirect("/profesional/ofertas", exc.message, "error")
    return w.redirect(f"/chat/{oferta.chat_id}", "Retiraste la oferta")
