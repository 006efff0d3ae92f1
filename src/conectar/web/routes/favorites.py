"""Favourites and hiring again (SPEC §13): a client keeps professionals (``/favoritos``, the heart on a
public profile) and hires one again from a past trabajo in one click — the conversation with them opens
with the trabajo's context already written in the box, for the client to send or change."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import Response

from conectar.web.api import ApiError
from conectar.web.apimodels import Chat, SearchCard, Trabajo
from conectar.web.core import W, Web

router = APIRouter()

FAVORITES = "/favoritos"


async def favorite_ids(w: Web) -> set[str]:
    """The public ids of the signed-in client's favourites (empty for anyone else, or when the API fails:
    the heart is a side panel)."""
    if w.rol != "CLIENTE":
        return set()
    none: list[SearchCard] = []
    cards = await w.api.soft_model(FAVORITES, list[SearchCard], none)
    return {str(card.id) for card in cards}


@router.get("/favoritos")
async def favorites(w: W) -> Response:
    w.require("CLIENTE")
    cards = await w.api.get_model(FAVORITES, list[SearchCard])
    return await w.render("favorites.html", cards=cards)


@router.post("/profesionales/{profesional_id}/favorito")
async def toggle_favorite(profesional_id: uuid.UUID, w: W) -> Response:
    """Keep (``accion=guardar``) or drop (``quitar``) a professional; signed out, the login comes first."""
    back = f"/profesionales/{profesional_id}"
    if not w.session.signed_in:
        return w.redirect("/login?next=" + quote(back, safe="/"))
    if w.rol != "CLIENTE":
        return w.redirect(back, "Solo los clientes guardan favoritos", "warn")
    keep = (await w.fields()).get("accion") != "quitar"
    try:
        if keep:
            await w.api.put(f"{FAVORITES}/{profesional_id}")
        else:
            await w.api.delete(f"{FAVORITES}/{profesional_id}")
    except ApiError as exc:
        return w.redirect(back, exc.message, "error")
    if (await w.fields()).get("volver") == FAVORITES:
        back = FAVORITES
    return w.redirect(back, "Guardado en tus favoritos" if keep else "Lo quitamos de tus favoritos")


def rehire_text(trabajo: Trabajo) -> str:
    """What the box says when a client hires a professional again from a past trabajo."""
    return (
        f"Hola, quiero volver a contratarte. La vez anterior fue por: «{trabajo.descripcion[:300]}». "
        "¿Cuándo podrías?"
    )


@router.post("/trabajos/{trabajo_id}/recontratar")
async def hire_again(trabajo_id: uuid.UUID, w: W) -> Response:
    """The client's conversation with the trabajo's professional, opened with the trabajo's context."""
    w.require("CLIENTE")
    trabajo = await w.api.get_model(f"/cliente/trabajo/{trabajo_id}", Trabajo)
    chat = await w.api.post_model(
        "/chat/create",
        Chat,
        {"cliente_id": w.session.user_id, "profesional_id": str(trabajo.profesional_id)},
    )
    return w.redirect(f"/chat/{chat.id}?recontratar={trabajo.id}")
