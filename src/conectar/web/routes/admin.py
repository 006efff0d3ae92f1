"""The staff's screens: metrics, KYC queue and documents, users (and deleting an account), catalog,
trabajos, disputes, payouts, manual bank-transfer batches, the development mailbox, the staff audit trail
and the account deletions in progress."""

from __future__ import annotations

import asyncio
import math
import re
import uuid
from collections.abc import Awaitable
from datetime import date, datetime, time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from conectar.contracts.personal_data import AUDIT_ACTIONS
from conectar.web.api import ApiError
from conectar.web.apimodels import (
    AuditPage,
    DeletionPage,
    Disputa,
    DisputaMessage,
    Financials,
    InstantService,
    KycReview,
    MailboxCleared,
    MailEntry,
    MailMessage,
    Oficio,
    PaymentsDashboard,
    PayoutBatch,
    PayoutBatchPage,
    PayoutPage,
    Trabajo,
    User,
    UserMetrics,
    UserPage,
    WatchedPage,
)
from conectar.web.core import W, Web, page_param, role_required
from conectar.web.formatting import LOCAL_TZ, plural
from conectar.web.forms import form_errors, submit

router = APIRouter(prefix="/admin", dependencies=[role_required("ADMIN")])

PAGE_SIZE = 20
BATCH_CHOICES = 100
ESTADOS = (
    "PENDIENTE_PAGO",
    "PAGADO_EN_ESCROW",
    "EN_DISPUTA",
    "LIBERADO",
    "CANCELADO",
    "CANCELADO_REEMBOLSADO",
    "LIBERANDO",
    "REEMBOLSANDO",
    "LIBERACION_RECHAZADA",
    "REEMBOLSO_RECHAZADO",
    "CERRADO_POR_ADMIN",
)
MONEY_WATCH_API = "/admin/trabajos/dinero-observado"
MONEY_WATCH = "/admin/trabajos/dinero-observado"
MONEY_ACTIONS = {"LIBERAR", "REEMBOLSAR", "CERRAR"}
MONEY_DONE = {
    "LIBERAR": "Pedimos la liberación al profesional",
    "REEMBOLSAR": "Pedimos el reintegro al cliente",
    "CERRAR": "Trabajo cerrado: quedó constancia de cómo se resolvió",
}
INLINE_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})
MAILBOX_API = "/dev/mailbox/mensajes"
AUDIT_API = "/admin/auditoria"
AUDIT_PAGE_SIZE = 25
DELETIONS_API = "/admin/eliminaciones"
MOTIVO_MIN, MOTIVO_MAX = 10, 500
MESSAGE_ID = re.compile(r"[0-9A-Za-z_-]{1,80}")
# An e-mail's own HTML, shown inside the staff's page: no script, no form, no plugin, nothing of this site
# (the sandbox gives it an origin of its own), images only inline or over HTTPS.
MAIL_HTML_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'; sandbox"
)


async def _post_and_return(w: Web, path: str, done: str, page: str, body: Any = None) -> Response:
    """One action from a list: post it, then back to the list (its ``volver`` field, or ``page``) with the
    outcome as a flash message."""
    try:
        await w.api.post(path, body)
    except ApiError as exc:
        return await w.back(page, exc.message, "error")
    return await w.back(page, done)


@router.get("")
async def metrics(w: W) -> Response:
    nobody: list[KycReview] = []
    users, financials, dashboard, pendientes, (_, disputas_abiertas), counts = await asyncio.gather(
        w.api.soft_model("/admin/metrics/users", UserMetrics, None),
        w.api.soft_model("/admin/metrics/financials", Financials, None),
        w.api.soft_model("/admin/pagos/dashboard", PaymentsDashboard, None),
        w.api.soft_model("/admin/kyc/pendientes", list[KycReview], nobody),
        w.api.get_model_with_total(
            "/admin/disputas", list[Disputa], params={"estado": "ABIERTA", "limit": 1}
        ),
        asyncio.gather(
            *(
                w.api.get_model_with_total("/admin/trabajos", list[Trabajo], params={"estado": e, "limit": 1})
                for e in ESTADOS
            )
        ),
    )
    trabajos = [(estado, total or 0) for estado, (_, total) in zip(ESTADOS, counts, strict=True)]
    return await w.render(
        "admin/metrics.html",
        users=users,
        financials=financials,
        dashboard=dashboard,
        pendientes=pendientes,
        disputas_abiertas=disputas_abiertas or 0,
        trabajos=trabajos,
        trabajos_max=max([t for _, t in trabajos] + [1]),
    )


# --- KYC -----------------------------------------------------------------------------------------------


@router.get("/kyc")
async def kyc_queue(w: W) -> Response:
    pendientes = await w.api.get_model("/admin/kyc/pendientes", list[KycReview])
    return await w.render("admin/kyc_queue.html", pendientes=pendientes)


async def kyc_detail_page(
    w: Web, profesional_id: uuid.UUID, selected: str | None = None, **form: Any
) -> Response:
    """A professional's documents, the ``selected`` one (or the latest) in the viewer, and the last time
    someone on staff looked at or decided on them (the professionals service records every kyc.* action,
    document views included, under the profile's id)."""
    detail, last = await asyncio.gather(
        w.api.get_model(f"/admin/kyc/{profesional_id}", KycReview),
        w.api.soft_model(AUDIT_API, AuditPage, None, params={"recurso_id": str(profesional_id), "limit": 1}),
    )
    docs = detail.documentos
    selected = selected or (str(docs[-1].id) if docs else None)
    doc = next((d for d in docs if str(d.id) == selected), None)
    ultimo = last.entradas[0] if last is not None and last.entradas else None
    return await w.render_form(
        "admin/kyc_detail.html",
        p=detail,
        docs=docs,
        doc=doc,
        ultimo_acceso=ultimo,
        auditoria_disponible=last is not None,
        **form,
    )


@router.get("/kyc/{profesional_id}")
async def kyc_detail(profesional_id: uuid.UUID, request: Request, w: W) -> Response:
    return await kyc_detail_page(w, profesional_id, request.query_params.get("doc"))


@router.get("/kyc/{profesional_id}/documentos/{doc_id}")
async def kyc_document(profesional_id: uuid.UUID, doc_id: uuid.UUID, w: W) -> Response:
    """The document, streamed from the API to the admin's viewer (shown inline, never cached)."""
    response = await w.api.send("GET", f"/admin/kyc/{profesional_id}/documentos/{doc_id}")
    if not response.is_success:
        raise ApiError(response.status_code, "Documento no disponible")
    content_type = response.headers.get("content-type", "application/octet-stream").split(";")[0]
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    # Sandboxed, PDFs too: a hostile document gets an origin of its own and runs nothing here (Chromium's
    # viewer still shows a PDF under `sandbox`: checked with Debian's Chromium 156).
    return StreamingResponse(
        response.aiter_bytes(),
        media_type=content_type,
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
            "frame-ancestors 'self'; sandbox",
            "X-Frame-Options": "SAMEORIGIN",
        },
    )


@router.post("/kyc/{profesional_id}/aprobar")
async def kyc_approve(profesional_id: uuid.UUID, w: W) -> Response:
    try:
        await w.api.post(f"/admin/kyc/approve/{profesional_id}")
    except ApiError as exc:
        return w.redirect(f"/admin/kyc/{profesional_id}", exc.message, "error")
    return w.redirect("/admin/kyc", "Profesional verificado: ya aparece en las búsquedas")


@router.post("/kyc/{profesional_id}/rechazar")
async def kyc_reject(profesional_id: uuid.UUID, w: W) -> Response:
    motivo = (await w.fields()).get("motivo", "")
    rejected = await submit(
        w.api.post(f"/admin/kyc/reject/{profesional_id}", {"motivo": motivo}),
        lambda errors: kyc_detail_page(w, profesional_id, errors=errors, motivo=motivo),
    )
    if isinstance(rejected, Response):
        return rejected
    return w.redirect("/admin/kyc", "Documentación rechazada; le avisamos al profesional el motivo")


# --- users ---------------------------------------------------------------------------------------------


@router.get("/usuarios")
async def users(request: Request, w: W) -> Response:
    q = (request.query_params.get("q") or "").strip()
    page = page_param(request)
    error = None
    total_pages = 1
    found: list[User] = []
    if len(q) >= 2:
        try:
            found = await w.api.get_model("/admin/users/search", list[User], params={"email": q})
        except ApiError as exc:
            error = exc.message
    else:
        data = await w.api.get_model("/admin/users", UserPage, params={"page": page, "limit": PAGE_SIZE})
        found, total_pages = data.users, data.totalPages or 1
        if q:
            error = "Escribí al menos 2 letras del e-mail"
    return await w.render("admin/users.html", users=found, q=q, page=page, pages=total_pages, error=error)


@router.post("/usuarios/{user_id}/suspender")
async def ban(user_id: uuid.UUID, w: W) -> Response:
    return await _post_and_return(
        w, f"/admin/users/{user_id}/ban", "Cuenta suspendida: se cerraron sus sesiones", "/admin/usuarios"
    )


@router.post("/usuarios/{user_id}/reactivar")
async def unban(user_id: uuid.UUID, w: W) -> Response:
    return await _post_and_return(w, f"/admin/users/{user_id}/unban", "Cuenta reactivada", "/admin/usuarios")


@router.post("/usuarios/{user_id}/desbloquear-chat")
async def lift_chat_ban(user_id: uuid.UUID, w: W) -> Response:
    return await _post_and_return(
        w, f"/admin/chat/users/{user_id}/unban", "Chat desbloqueado e infracciones en cero", "/admin/usuarios"
    )


async def _user_by_email(w: Web, user_id: uuid.UUID, email: str) -> User:
    """The account ``user_id``, found through the e-mail search (the staff's API has no lookup by id):
    the page names the account it deletes only when the e-mail and the id are really the same person."""
    if len(email) >= 2:
        found = await w.api.get_model("/admin/users/search", list[User], params={"email": email})
        for user in found:
            if user.id == user_id:
                return user
    raise ApiError(404, "No encontramos esa cuenta: buscala de nuevo en Usuarios")


async def delete_user_page(
    w: Web, user_id: uuid.UUID, email: str, *, errors: dict[str, str] | None = None, motivo: str = ""
) -> Response:
    user = await _user_by_email(w, user_id, email)
    return await w.render_form("admin/user_delete.html", u=user, errors=errors, values={"motivo": motivo})


@router.get("/usuarios/{user_id}/eliminar")
async def delete_user_form(user_id: uuid.UUID, request: Request, w: W) -> Response:
    return await delete_user_page(w, user_id, (request.query_params.get("email") or "").strip())


@router.post("/usuarios/{user_id}/eliminar")
async def delete_user(user_id: uuid.UUID, w: W) -> Response:
    """The same deletion a person can ask for, run by the staff with a reason (recorded in the trail)."""
    fields = await w.fields()
    motivo, email = fields.get("motivo", ""), fields.get("email", "")
    if not MOTIVO_MIN <= len(motivo) <= MOTIVO_MAX:
        message = f"Escribí el motivo: entre {MOTIVO_MIN} y {MOTIVO_MAX} caracteres"
        return await delete_user_page(w, user_id, email, errors={"motivo": message}, motivo=motivo)

    async def unknown(exc: ApiError) -> Response | None:
        if exc.status == 404:
            raise exc  # the not-found page
        return None

    deleted = await submit(
        w.api.post(f"/admin/users/{user_id}/eliminar", {"motivo": motivo}),
        lambda errors: delete_user_page(w, user_id, email, errors=errors, motivo=motivo),
        special=unknown,
        general=lambda exc: f"No se puede eliminar todavía: {exc.message}" if exc.status == 409 else None,
    )
    if isinstance(deleted, Response):
        return deleted
    return w.redirect(
        "/admin/eliminaciones",
        "Eliminación en curso: la cuenta ya no puede ingresar y cada servicio borra su parte",
    )


# --- the staff audit trail and the deletions ----------------------------------------------------------


def _day(value: str, *, end: bool) -> str | None:
    """A ``YYYY-MM-DD`` day as the first (or last) instant of that day in Buenos Aires, ISO 8601."""
    day = date.fromisoformat(value)
    moment = datetime.combine(day, time.max if end else time.min, tzinfo=LOCAL_TZ)
    return moment.isoformat()


def audit_filters(request: Request) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    """The page's filters as typed (to show them again), the API's parameters, and errors by field."""
    query = request.query_params
    typed = {
        name: (query.get(name) or "").strip()
        for name in ("accion", "actor_id", "recurso_id", "desde", "hasta")
    }
    params: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if typed["accion"]:
        if typed["accion"] in AUDIT_ACTIONS:
            params["accion"] = typed["accion"]
        else:
            errors["accion"] = "Elegí una acción de la lista"
    if typed["actor_id"]:
        try:
            params["actor_id"] = str(uuid.UUID(typed["actor_id"]))
        except ValueError:
            errors["actor_id"] = "Pegá el id completo de la persona del equipo (un UUID)"
    if typed["recurso_id"]:
        if len(typed["recurso_id"]) > 64:
            errors["recurso_id"] = "Puede tener hasta 64 caracteres"
        else:
            params["recurso_id"] = typed["recurso_id"]
    for name, end in (("desde", False), ("hasta", True)):
        if typed[name]:
            try:
                params[name] = _day(typed[name], end=end)
            except ValueError:
                errors[name] = "Elegí una fecha válida"
    if "desde" in params and "hasta" in params and typed["desde"] > typed["hasta"]:
        errors["hasta"] = "Tiene que ser igual o posterior a «desde»"
    return typed, params, errors


@router.get("/auditoria")
async def audit(request: Request, w: W) -> Response:
    """Every staff action of every service, newest first, with filters and pages."""
    page = page_param(request)
    typed, params, errors = audit_filters(request)
    data = AuditPage(entradas=[], total=0, totalPages=1)
    if not errors:
        data = await w.api.get_model(
            AUDIT_API, AuditPage, params={**params, "page": page, "limit": AUDIT_PAGE_SIZE}
        )
    return await w.render(
        "admin/audit.html",
        status_code=400 if errors else 200,
        entradas=data.entradas,
        total=data.total,
        page=page,
        pages=max(1, data.totalPages),
        filtros=typed,
        errors=errors,
        acciones=sorted(AUDIT_ACTIONS.items(), key=lambda item: item[1]),
    )


@router.get("/eliminaciones")
async def deletions(request: Request, w: W) -> Response:
    """Account deletions, newest first: who asked, why, and which services still have to erase their part."""
    page = page_param(request)
    data = await w.api.get_model(DELETIONS_API, DeletionPage, params={"page": page, "limit": PAGE_SIZE})
    return await w.render(
        "admin/deletions.html",
        eliminaciones=data.eliminaciones,
        total=data.total,
        page=page,
        pages=max(1, data.totalPages),
    )


# --- catalog -------------------------------------------------------------------------------------------


async def catalog_page(
    w: Web, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None
) -> Response:
    oficios = await w.api.get_model("/admin/oficios", list[Oficio])
    none: list[InstantService] = []
    servicios = await asyncio.gather(
        *(
            w.api.soft_model(f"/admin/oficios/{o.id}/servicios-instant", list[InstantService], none)
            for o in oficios
        )
    )
    return await w.render_form(
        "admin/catalog.html",
        oficios=list(zip(oficios, servicios, strict=True)),
        errors=errors,
        values=values,
    )


@router.get("/catalogo")
async def catalog(w: W) -> Response:
    return await catalog_page(w)


async def _catalog_call(
    w: Web, call: Awaitable[Any], done: str, form: str, fields: dict[str, str]
) -> Response:
    """One of the catalog's forms (``form`` names which, to open it again with its refusals)."""
    saved = await submit(
        call, lambda errors: catalog_page(w, errors=errors, values=fields), extra={"form": form}
    )
    if isinstance(saved, Response):
        return saved
    return w.redirect("/admin/catalogo", done)


@router.post("/oficios")
async def create_oficio(w: W) -> Response:
    fields = await w.fields()
    body = {"nombre": fields.get("nombre", ""), "descripcion": fields.get("descripcion") or None}
    return await _catalog_call(w, w.api.post("/admin/oficios", body), "Oficio creado", "oficio", fields)


@router.post("/oficios/{oficio_id}")
async def update_oficio(oficio_id: uuid.UUID, w: W) -> Response:
    fields = await w.fields()
    body = {"nombre": fields.get("nombre") or None, "descripcion": fields.get("descripcion", "")}
    return await _catalog_call(
        w, w.api.put(f"/admin/oficios/{oficio_id}", body), "Oficio actualizado", f"oficio-{oficio_id}", fields
    )


@router.post("/oficios/{oficio_id}/alternar")
async def toggle_oficio(oficio_id: uuid.UUID, w: W) -> Response:
    return await _catalog_call(
        w, w.api.patch(f"/admin/oficios/{oficio_id}/toggle"), "Oficio actualizado", "", {}
    )


@router.post("/servicios")
async def create_servicio(w: W) -> Response:
    fields = await w.fields()
    body = {
        "nombre": fields.get("nombre", ""),
        "descripcion": fields.get("descripcion") or None,
        "oficio_id": fields.get("oficio_id") or None,
    }
    return await _catalog_call(
        w,
        w.api.post("/admin/servicios-instant", body),
        "Servicio instantáneo creado",
        f"servicio-{body['oficio_id']}",
        fields,
    )


@router.post("/servicios/{servicio_id}/alternar")
async def toggle_servicio(servicio_id: uuid.UUID, w: W) -> Response:
    return await _catalog_call(
        w, w.api.patch(f"/admin/servicios-instant/{servicio_id}/toggle"), "Servicio actualizado", "", {}
    )


# --- trabajos, disputes, payouts ------------------------------------------------------------------------


@router.get("/trabajos")
async def trabajos(request: Request, w: W) -> Response:
    estado = request.query_params.get("estado") or None
    page = page_param(request)
    (items, total), observado = await asyncio.gather(
        w.api.get_model_with_total(
            "/admin/trabajos", list[Trabajo], params={"estado": estado, "page": page, "limit": PAGE_SIZE}
        ),
        w.api.soft_model(MONEY_WATCH_API, WatchedPage, None, params={"limit": 1, "demorados": "false"}),
    )
    pages = max(1, math.ceil((total or len(items)) / PAGE_SIZE))
    return await w.render(
        "admin/trabajos.html",
        trabajos=items,
        estado=estado,
        page=page,
        pages=pages,
        total=total,
        observados=observado.total if observado else 0,
    )


@router.get("/trabajos/dinero-observado")
async def money_watch(request: Request, w: W) -> Response:
    """Trabajos whose release or refund the payments service refused (or that are late): retry or resolve."""
    page = page_param(request)
    data = await w.api.get_model(MONEY_WATCH_API, WatchedPage, params={"page": page, "limit": PAGE_SIZE})
    return await w.render(
        "admin/money.html",
        trabajos=data.trabajos,
        total=data.total,
        page=page,
        pages=data.totalPages or 1,
    )


@router.post("/trabajos/{trabajo_id}/dinero/reintentar")
async def money_retry(trabajo_id: uuid.UUID, w: W) -> Response:
    try:
        trabajo = await w.api.post_model(f"/admin/trabajo/{trabajo_id}/dinero/reintentar", Trabajo)
    except ApiError as exc:
        return await w.back(MONEY_WATCH, exc.message, "error")
    return await w.back(MONEY_WATCH, *_money_outcome(trabajo, "Reintento pedido"))


@router.post("/trabajos/{trabajo_id}/dinero/resolver")
async def money_resolve(trabajo_id: uuid.UUID, w: W) -> Response:
    fields = await w.fields()
    accion = fields.get("accion") or ""
    body = {"accion": accion if accion in MONEY_ACTIONS else None, "motivo": fields.get("motivo", "")}
    try:
        trabajo = await w.api.post_model(f"/admin/trabajo/{trabajo_id}/dinero/resolver", Trabajo, body)
    except ApiError as exc:
        found = form_errors(exc)
        message = found.get("motivo") or found.get("accion") or exc.message
        return await w.back(MONEY_WATCH, f"No se pudo resolver: {message}", "error")
    return await w.back(MONEY_WATCH, *_money_outcome(trabajo, MONEY_DONE.get(accion, "Listo")))


def _money_outcome(trabajo: Trabajo, asked: str) -> tuple[str, str]:
    """The flash message after a decision: what really happened to the money."""
    estado = trabajo.estado_escrow
    if estado == "LIBERADO":
        return "Listo: el servicio de pagos liberó el dinero al profesional", "ok"
    if estado == "CANCELADO_REEMBOLSADO":
        return "Listo: el servicio de pagos reintegró el dinero al cliente", "ok"
    if estado == "CERRADO_POR_ADMIN":
        return MONEY_DONE["CERRAR"], "ok"
    if estado in ("LIBERACION_RECHAZADA", "REEMBOLSO_RECHAZADO"):
        return "El servicio de pagos lo volvió a rechazar: revisá el motivo", "error"
    return f"{asked}: sigue en curso y se reintenta solo", "warn"


@router.post("/trabajos/{trabajo_id}/cancelar")
async def cancel_trabajo(trabajo_id: uuid.UUID, w: W) -> Response:
    motivo = (await w.fields()).get("motivo") or None
    return await _post_and_return(
        w,
        f"/admin/trabajo/{trabajo_id}/cancelar",
        "Trabajo cancelado (si estaba pago, se reintegra al cliente)",
        "/admin/trabajos",
        {"motivo": motivo},
    )


@router.post("/trabajos/{trabajo_id}/simular-pago")
async def simulate_payment(trabajo_id: uuid.UUID, w: W) -> Response:
    return await _post_and_return(
        w, f"/admin/trabajo/{trabajo_id}/simular-pago", "Pago simulado", "/admin/trabajos"
    )


@router.get("/disputas")
async def disputes(request: Request, w: W) -> Response:
    estado = request.query_params.get("estado") or None
    page = page_param(request)
    items, total = await w.api.get_model_with_total(
        "/admin/disputas", list[Disputa], params={"estado": estado, "page": page, "limit": PAGE_SIZE}
    )
    none: list[DisputaMessage] = []
    mensajes = await asyncio.gather(
        *(w.api.soft_model(f"/disputas/{d.id}/mensajes", list[DisputaMessage], none) for d in items)
    )
    pages = max(1, math.ceil((total or len(items)) / PAGE_SIZE))
    return await w.render(
        "admin/disputes.html",
        disputas=list(zip(items, mensajes, strict=True)),
        estado=estado,
        page=page,
        pages=pages,
        errors={},
        values={},
    )


@router.post("/disputas/{disputa_id}/resolver")
async def resolve_dispute(disputa_id: uuid.UUID, w: W) -> Response:
    fields = await w.fields()
    body = {"resolucion": fields.get("resolucion", ""), "favorece_a": fields.get("favorece_a") or None}
    try:
        await w.api.post(f"/admin/disputas/{disputa_id}/resolver", body)
    except ApiError as exc:
        w.session.flash(f"No se pudo resolver: {exc.message}", "error")
        return w.redirect(f"/admin/disputas#d-{disputa_id}")
    return w.redirect("/admin/disputas", "Disputa resuelta")


async def payouts_page(
    w: Web, request: Request, *, errors: dict[str, str] | None = None, selected: list[str] | None = None
) -> Response:
    estado = request.query_params.get("estado") or None
    page = page_param(request)
    data, dashboard, solicitados, lotes = await asyncio.gather(
        w.api.get_model(
            "/admin/pagos/retiros", PayoutPage, params={"estado": estado, "page": page, "limit": PAGE_SIZE}
        ),
        w.api.soft_model("/admin/pagos/dashboard", PaymentsDashboard, None),
        w.api.soft_model(
            "/admin/pagos/retiros", PayoutPage, None, params={"estado": "SOLICITADO", "limit": BATCH_CHOICES}
        ),
        w.api.soft_model("/admin/pagos/retiros/lotes", PayoutBatchPage, None, params={"limit": 10}),
    )
    return await w.render_form(
        "admin/payouts.html",
        retiros=data.retiros,
        estado=estado,
        page=page,
        pages=data.totalPages or 1,
        dashboard=dashboard,
        solicitados=solicitados.retiros if solicitados else [],
        lotes=lotes.lotes if lotes else [],
        errors=errors,
        selected=set(selected or []),
    )


@router.get("/pagos")
async def payouts(request: Request, w: W) -> Response:
    return await payouts_page(w, request)


@router.post("/pagos/retiros/{retiro_id}/aprobar")
async def approve_payout(retiro_id: uuid.UUID, w: W) -> Response:
    return await _post_and_return(
        w, f"/admin/pagos/retiros/{retiro_id}/aprobar", "Retiro aprobado y enviado", "/admin/pagos"
    )


@router.post("/pagos/retiros/{retiro_id}/rechazar")
async def reject_payout(retiro_id: uuid.UUID, w: W) -> Response:
    motivo = (await w.fields()).get("motivo") or "Rechazado por un administrador"
    return await _post_and_return(
        w,
        f"/admin/pagos/retiros/{retiro_id}/rechazar",
        "Retiro rechazado: el monto vuelve al saldo del profesional",
        "/admin/pagos",
        {"motivo": motivo},
    )


# --- manual bank-transfer batches ----------------------------------------------------------------------


@router.post("/pagos/lotes")
async def create_batch(request: Request, w: W) -> Response:
    form = await w.form()
    todos = form.get("todos") == "1"
    ids = [str(v) for v in form.getlist("retiro_ids") if isinstance(v, str) and v]
    if not todos and not ids:
        return await payouts_page(w, request, errors={"retiro_ids": "Elegí al menos un retiro"})
    lote = await submit(
        w.api.post_model("/admin/pagos/retiros/lotes", PayoutBatch, {} if todos else {"retiro_ids": ids}),
        lambda errors: payouts_page(w, request, errors=errors, selected=ids),
        field="retiro_ids",
    )
    if isinstance(lote, Response):
        return lote
    return w.redirect(
        f"/admin/pagos/lotes/{lote.id}",
        "Lote creado: hacé las transferencias y marcalo pagado con la referencia bancaria",
    )


async def batch_page(
    w: Web,
    lote_id: uuid.UUID,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Response:
    lote = await w.api.get_model(f"/admin/pagos/retiros/lotes/{lote_id}", PayoutBatch)
    return await w.render_form(
        "admin/payout_batch.html",
        lote=lote,
        errors=errors,
        values=values,
    )


@router.get("/pagos/lotes/{lote_id}")
async def batch(lote_id: uuid.UUID, w: W) -> Response:
    return await batch_page(w, lote_id)


@router.post("/pagos/lotes/{lote_id}/pagar")
async def pay_batch(lote_id: uuid.UUID, w: W) -> Response:
    fields = await w.fields()
    body = {"referencia_bancaria": fields.get("referencia_bancaria", "")}

    async def unknown(exc: ApiError) -> Response | None:
        return w.redirect("/admin/pagos", exc.message, "error") if exc.status == 404 else None

    paid = await submit(
        w.api.post(f"/admin/pagos/retiros/lotes/{lote_id}/pagar", body),
        lambda errors: batch_page(w, lote_id, errors=errors, values=fields),
        special=unknown,
        # Empty, too long, already used in another batch, or the batch was paid with another reference.
        field="referencia_bancaria",
    )
    if isinstance(paid, Response):
        return paid
    return w.redirect(
        f"/admin/pagos/lotes/{lote_id}", "Lote pagado: los retiros figuran acreditados a cada profesional"
    )


# --- the development mailbox ----------------------------------------------------------------------------
# E-mails written to a folder when no SMTP or SendGrid is configured (standalone): read through the API
# with the staff's own token. Where e-mail really goes out, the API answers 404 and the page says so.


@router.get("/correo")
async def mailbox(w: W) -> Response:
    try:
        mensajes = await w.api.get_model(MAILBOX_API, list[MailEntry])
    except ApiError as exc:
        if exc.status != 404:
            raise
        return await w.render("admin/mailbox.html", mensajes=[], disponible=False)
    return await w.render("admin/mailbox.html", mensajes=mensajes, disponible=True)


@router.post("/correo/vaciar")
async def clear_mailbox(w: W) -> Response:
    try:
        cleared = await w.api.delete_model(MAILBOX_API, MailboxCleared)
    except ApiError as exc:
        return w.redirect("/admin/correo", exc.message, "error")
    return w.redirect("/admin/correo", f"Buzón vaciado: {plural(cleared.eliminados, 'correo eliminado')}")


def _message_path(message_id: str, part: str = "") -> str:
    if not MESSAGE_ID.fullmatch(message_id):
        raise ApiError(404, "Mensaje no encontrado")
    return f"{MAILBOX_API}/{message_id}{part}"


@router.get("/correo/{message_id}")
async def mailbox_message(message_id: str, w: W) -> Response:
    mensaje = await w.api.get_model(_message_path(message_id), MailMessage)
    return await w.render("admin/mailbox_message.html", m=mensaje)


@router.get("/correo/{message_id}/html")
async def mailbox_message_html(message_id: str, w: W) -> Response:
    """The e-mail's HTML for the sandboxed frame of the message page (never cached, never scripted)."""
    response = await w.api.send("GET", _message_path(message_id, "/html"))
    if not response.is_success:
        raise ApiError(response.status_code, "El correo no tiene versión HTML")
    return Response(
        response.content,
        media_type="text/html; charset=utf-8",
        headers={
            "Cache-Control": "private, no-store",
            "Content-Security-Policy": MAIL_HTML_CSP,
            "X-Frame-Options": "SAMEORIGIN",
            "Referrer-Policy": "no-referrer",
        },
    )
