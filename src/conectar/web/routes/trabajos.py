"""Trabajos for clients and professionals: list, detail and every action on them; disputes; the pages the
checkout returns to."""

from __future__ import annotations

import asyncio
import math
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from conectar.web import formatting, visits
from conectar.web.api import ApiError
from conectar.web.apimodels import (
    Attachment,
    Disputa,
    DisputaMessage,
    Message,
    MyChats,
    PaymentLink,
    Trabajo,
)
from conectar.web.core import W, Web, page_param
from conectar.web.forms import submit

router = APIRouter()

PAGE_SIZE = 15
MAX_EVIDENCE = 10


async def conversation_files(w: Web, chat_id: uuid.UUID) -> list[Attachment]:
    """The photos and PDFs sent in a trabajo's conversation, newest first (none when the API refuses)."""
    none: list[Message] = []
    messages = await w.api.soft_model(f"/chat/messages/{chat_id}", list[Message], none, params={"limit": 100})
    files = [m.adjunto for m in messages if m.adjunto is not None]
    return list(reversed(files))


RETURN_PAGES = {"exito": "success", "pendiente": "pending", "error": "failure"}
RESULT_TO_PAGE = {"aprobado": "exito", "pendiente": "pendiente", "rechazado": "error"}
RATINGS = ("1", "2", "3", "4", "5")
RATING_MISSING = "Elegí de 1 a 5 estrellas"


def trabajo_path(rol: str | None, trabajo_id: uuid.UUID | str) -> str:
    if rol == "PROFESIONAL":
        return f"/professional/trabajos/{trabajo_id}"
    if rol == "ADMIN":
        return f"/admin/trabajo/{trabajo_id}"
    return f"/cliente/trabajo/{trabajo_id}"


@router.get("/trabajos")
async def trabajos(request: Request, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL", "ADMIN")
    if w.rol == "ADMIN":
        return w.redirect("/admin/trabajos")
    estado = request.query_params.get("estado") or None
    page = page_param(request)
    path = "/cliente/trabajos" if w.rol == "CLIENTE" else "/professional/trabajos"
    (items, total), chats = await asyncio.gather(
        w.api.get_model_with_total(
            path, list[Trabajo], params={"estado": estado, "page": page, "limit": PAGE_SIZE}
        ),
        w.my_chats(soft=True),
    )
    pages = max(1, math.ceil((total or len(items)) / PAGE_SIZE))
    return await w.render(
        "trabajos/list.html",
        trabajos=items,
        chats=chats.by_id(),
        estado=estado,
        page=page,
        pages=pages,
        total=total,
    )


async def detail_page(
    w: Web,
    trabajo_id: uuid.UUID,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    open_form: str | None = None,
    pago_rechazado: bool = False,
    cited: list[str] | None = None,
) -> Response:
    w.require("CLIENTE", "PROFESIONAL", "ADMIN")
    mensajes: list[DisputaMessage] = []
    no_disputas: list[Disputa] = []
    trabajo, chats, disputas = await asyncio.gather(
        w.api.get_model(trabajo_path(w.rol, trabajo_id), Trabajo),
        w.my_chats(soft=True),
        w.api.soft_model("/disputas/mis-disputas", list[Disputa], no_disputas, params={"limit": 100}),
    )
    chat = chats.find(trabajo.chat_id)
    disputa = next((d for d in disputas if str(d.trabajo_id) == str(trabajo_id)), None)
    if disputa is not None:
        mensajes = await w.api.soft_model(f"/disputas/{disputa.id}/mensajes", list[DisputaMessage], mensajes)
    files: list[Attachment] = []
    if (
        disputa is None
        and trabajo.estado_escrow == "PAGADO_EN_ESCROW"
        and w.rol in ("CLIENTE", "PROFESIONAL")
    ):
        files = await conversation_files(w, trabajo.chat_id)  # citable as evidence
    return await w.render_form(
        "trabajos/detail.html",
        trabajo=trabajo,
        chat=chat,
        disputa=disputa,
        mensajes=mensajes,
        errors=errors,
        values=values,
        open_form=open_form,
        pago_rechazado=pago_rechazado and trabajo.estado_escrow == "PENDIENTE_PAGO",
        files=files,
        cited=cited or [],
    )


@router.get("/trabajos/{trabajo_id}")
async def trabajo(trabajo_id: uuid.UUID, request: Request, w: W) -> Response:
    return await detail_page(w, trabajo_id, pago_rechazado=request.query_params.get("pago") == "rechazado")


async def _act(w: Web, trabajo_id: uuid.UUID, path: str, done: str, body: Any = None) -> Response:
    try:
        await w.api.post(path, body)
    except ApiError as exc:
        return w.redirect(f"/trabajos/{trabajo_id}", exc.message, "error")
    return w.redirect(f"/trabajos/{trabajo_id}", done)


@router.post("/trabajos/{trabajo_id}/reprogramar")
async def propose_visit(trabajo_id: uuid.UUID, w: W) -> Response:
    """Either party proposes a new window for the visit; the other accepts or refuses it."""
    w.require("CLIENTE", "PROFESIONAL")
    fields = await w.fields()
    window, problems = visits.read(fields, required=True)
    if problems or window is None:
        return await detail_page(w, trabajo_id, errors=problems, values=fields, open_form="visita")
    path = (
        f"/cliente/trabajo/{trabajo_id}/reprogramar"
        if w.rol == "CLIENTE"
        else f"/professional/trabajos/{trabajo_id}/reprogramar"
    )
    sent = await submit(
        w.api.post(path, {**window.body(), "motivo": fields.get("motivo", "")}),
        lambda errors: detail_page(w, trabajo_id, errors=errors, values=fields, open_form="visita"),
        aliases=visits.API_ALIASES,
        general_to=visits.DAY,
        general_if=lambda exc: exc.status == 422,
    )
    if isinstance(sent, Response):
        return sent
    return w.redirect(f"/trabajos/{trabajo_id}", "Propusimos el nuevo horario: te avisamos cuando respondan")


@router.post("/trabajos/{trabajo_id}/reprogramacion/{respuesta}")
async def answer_visit(trabajo_id: uuid.UUID, respuesta: str, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    if respuesta not in ("aceptar", "rechazar"):
        raise StarletteHTTPException(404)
    done = "Nuevo horario confirmado" if respuesta == "aceptar" else "Seguimos con el horario anterior"
    return await _act(w, trabajo_id, f"/trabajos/{trabajo_id}/reprogramacion/{respuesta}", done)


@router.get("/trabajos/{trabajo_id}/visita.ics")
async def visit_calendar(trabajo_id: uuid.UUID, w: W) -> Response:
    """The visit for the person's calendar (the API gives it only to the trabajo's two parties)."""
    w.require("CLIENTE", "PROFESIONAL")
    response = await w.api.send("GET", f"/trabajos/{trabajo_id}/visita.ics")
    if response.status_code != 200 or not response.headers.get("content-type", "").startswith(
        "text/calendar"
    ):
        raise StarletteHTTPException(404)
    return Response(
        response.content,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="visita-{trabajo_id}.ics"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.post("/trabajos/{trabajo_id}/pagar")
async def pay(trabajo_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    try:
        link = await w.api.post_model(f"/cliente/trabajo/{trabajo_id}/pagar", PaymentLink)
    except ApiError as exc:
        return w.redirect(f"/trabajos/{trabajo_id}", exc.message, "error")
    if not link.payment_url:
        return w.redirect(
            f"/trabajos/{trabajo_id}", "El pago todavía no está listo; probá en un momento", "warn"
        )
    return w.redirect(link.payment_url)


@router.post("/trabajos/{trabajo_id}/cancelar")
async def cancel(trabajo_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    motivo = (await w.fields()).get("motivo") or None
    return await _act(
        w, trabajo_id, f"/cliente/trabajo/{trabajo_id}/cancelar", "Cancelaste el trabajo", {"motivo": motivo}
    )


@router.post("/trabajos/{trabajo_id}/cancelar-profesional")
async def cancel_by_professional(trabajo_id: uuid.UUID, w: W) -> Response:
    """The professional cancels with a reason (SPEC §13): the client is refunded in full if it was paid."""
    w.require("PROFESIONAL")
    fields = await w.fields()
    cancelled = await submit(
        w.api.post(f"/professional/trabajos/{trabajo_id}/cancelar", {"motivo": fields.get("motivo", "")}),
        lambda errors: detail_page(w, trabajo_id, errors=errors, values=fields, open_form="cancelar"),
        field="motivo",
    )
    if isinstance(cancelled, Response):
        return cancelled
    return w.redirect(f"/trabajos/{trabajo_id}", "Cancelaste el trabajo: le avisamos al cliente")


@router.post("/trabajos/{trabajo_id}/finalizar")
async def finalize(trabajo_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    return await _act(
        w,
        trabajo_id,
        f"/cliente/trabajo/{trabajo_id}/finalizar",
        "¡Listo! Confirmaste el trabajo y liberamos el pago al profesional.",
    )


@router.post("/trabajos/{trabajo_id}/completar")
async def mark_done(trabajo_id: uuid.UUID, w: W) -> Response:
    w.require("PROFESIONAL")
    return await _act(
        w,
        trabajo_id,
        f"/professional/trabajos/{trabajo_id}/completar",
        "Marcaste el trabajo como terminado. Avisamos al cliente para que lo confirme.",
    )


@router.post("/trabajos/{trabajo_id}/resena")
async def review(trabajo_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE")
    fields = await w.fields()
    rating = fields.get("rating", "")
    if rating not in RATINGS:  # checked here too: the person is told in their words, not the API's
        return await detail_page(
            w, trabajo_id, errors={"rating": RATING_MISSING}, values=fields, open_form="resena"
        )
    body = {"rating": int(rating), "texto_resena": fields.get("texto_resena", "")}

    async def already_reviewed(exc: ApiError) -> Response | None:
        if exc.status == 400 and "ya tiene una reseña" in exc.message:
            return w.redirect(f"/trabajos/{trabajo_id}", exc.message, "info")
        return None

    reviewed = await submit(
        w.api.post(f"/cliente/trabajo/{trabajo_id}/resena", body),
        lambda errors: detail_page(w, trabajo_id, errors=errors, values=fields, open_form="resena"),
        special=already_reviewed,
    )
    if isinstance(reviewed, Response):
        return reviewed
    return w.redirect(f"/trabajos/{trabajo_id}", "¡Gracias por tu reseña!")


DISPUTE_MIN_TEXT = 20
DISPUTE_TYPE_MISSING = "Elegí qué pasó"
DISPUTE_TEXT_SHORT = f"Contanos qué pasó con al menos {DISPUTE_MIN_TEXT} caracteres"


@router.post("/trabajos/{trabajo_id}/disputa")
async def open_dispute(trabajo_id: uuid.UUID, w: W) -> Response:
    """Three steps, none of them chosen for the person: the form (no reason preselected), a confirmation
    that says what happens next, then the dispute. Nothing reaches the API before the "yes"."""
    w.require("CLIENTE", "PROFESIONAL")
    fields = await w.fields()
    tipo, descripcion = fields.get("tipo", ""), fields.get("descripcion", "")
    values = {"tipo": tipo, "descripcion": descripcion}
    errors: dict[str, str] = {}
    if tipo not in formatting.TIPOS_DISPUTA:
        errors["tipo"] = DISPUTE_TYPE_MISSING
    if len(descripcion) < DISPUTE_MIN_TEXT:
        errors["descripcion"] = DISPUTE_TEXT_SHORT
    cited = [str(v) for v in (await w.form()).getlist("adjuntos") if isinstance(v, str)][:MAX_EVIDENCE]
    step = fields.get("paso", "")
    if errors or step == "editar":
        return await detail_page(
            w, trabajo_id, errors=errors, values=values, open_form="disputa", cited=cited
        )
    if step != "confirmar":
        trabajo = await w.api.get_model(trabajo_path(w.rol, trabajo_id), Trabajo)
        files = [a for a in await conversation_files(w, trabajo.chat_id) if str(a.id) in cited]
        return await w.render(
            "trabajos/dispute_confirm.html", trabajo=trabajo, tipo=tipo, descripcion=descripcion, files=files
        )
    body = {"trabajo_id": str(trabajo_id), "tipo": tipo, "descripcion": descripcion, "adjuntos": cited}
    opened = await submit(
        w.api.post("/disputas", body),
        lambda errors: detail_page(w, trabajo_id, errors=errors, values=values, open_form="disputa"),
    )
    if isinstance(opened, Response):
        return opened
    return w.redirect(
        f"/trabajos/{trabajo_id}#disputa-abierta",
        "Abriste una disputa. El pago queda retenido hasta que el equipo la resuelva: abajo te contamos qué sigue.",
        "warn",
    )


@router.post("/disputas/{disputa_id}/mensajes")
async def dispute_message(disputa_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL", "ADMIN")
    fields = await w.fields()
    disputa = await w.api.get_model(f"/disputas/{disputa_id}", Disputa)
    target = f"/admin/disputas#d-{disputa_id}" if w.rol == "ADMIN" else f"/trabajos/{disputa.trabajo_id}"
    try:
        await w.api.post(f"/disputas/{disputa_id}/mensajes", {"texto": fields.get("texto", "")})
    except ApiError as exc:
        return w.redirect(target, exc.message, "error")
    return w.redirect(target, "Mensaje enviado")


@router.post("/disputas/{disputa_id}/retirar")
async def withdraw_dispute(disputa_id: uuid.UUID, w: W) -> Response:
    w.require("CLIENTE", "PROFESIONAL")
    disputa = await w.api.get_model(f"/disputas/{disputa_id}", Disputa)
    return await _act(
        w,
        disputa.trabajo_id,
        f"/disputas/{disputa_id}/cancelar",
        "Retiraste la disputa; el trabajo sigue en curso",
    )


# --- back from the checkout --------------------------------------------------------------------------


@router.get("/pagos/resultado")
async def payment_result(request: Request, w: W) -> Response:
    """The payments service's default return page (``?estado=&trabajo_id=``)."""
    q = request.query_params
    try:
        trabajo_id = uuid.UUID(q.get("trabajo_id") or "")
    except ValueError:
        return w.redirect("/trabajos")
    return w.redirect(f"/pagos/{trabajo_id}/{RESULT_TO_PAGE.get(q.get('estado') or '', 'pendiente')}")


async def _return_context(w: Web, trabajo_id: uuid.UUID, *, who: bool = True) -> dict[str, Any]:
    """The trabajo, and who does it (``who``: for the summary of a payment to try again; the polled
    partial skips it while it only waits)."""
    none = MyChats(chats=[], total_unread=0)
    trabajo, chats = await asyncio.gather(
        w.api.get_model(f"/cliente/trabajo/{trabajo_id}", Trabajo),
        w.my_chats(soft=True) if who else _value(none),
    )
    chat = chats.find(trabajo.chat_id)
    return {"trabajo": trabajo, "quien": chat.profesional_nombre if chat else None}


@router.get("/pagos/{trabajo_id}/{resultado}")
async def payment_return(trabajo_id: uuid.UUID, resultado: str, w: W) -> Response:
    """Where the checkout sends the payer back: the trabajo's real state, refreshed until the payment is
    confirmed (the provider's notification may arrive a moment after the person)."""
    if resultado not in RETURN_PAGES:
        raise ApiError(404, "Página no encontrada")
    w.require("CLIENTE")
    context = await _return_context(w, trabajo_id)
    return await w.render("trabajos/payment_return.html", resultado=resultado, **context)


@router.get("/pagos/{trabajo_id}/{resultado}/estado")
async def payment_state(trabajo_id: uuid.UUID, resultado: str, w: W) -> Response:
    w.require("CLIENTE")
    context = await _return_context(w, trabajo_id, who=resultado == "error")
    return await w.render("trabajos/payment_state.html", partial=True, resultado=resultado, **context)


async def _value(value: MyChats) -> MyChats:
    return value
