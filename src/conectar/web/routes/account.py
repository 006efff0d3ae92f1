"""Everyone's own pages: the notifications inbox and the account (name, phone, photo, password,
notification preferences, and their personal data: the export to download and the account deletion)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from conectar.web.api import ApiError, relayed
from conectar.web.apimodels import Export, NotificationPage, Preferences, User
from conectar.web.core import W, Web, file_part, page_param, safe_next
from conectar.web.forms import submit

router = APIRouter()

PAGE_SIZE = 20
AVATAR_MAX_BYTES = 5 * 1024 * 1024
EXPORTS_API = "/users/me/exportar"
PERSONAL_DATA = "/cuenta#datos-personales"
EXPORTS_SHOWN = 5
LEAD_IN = re.compile(r"^todav[ií]a no (se puede|podemos) eliminar[^:]*:", re.IGNORECASE)
ZIP_NAME = re.compile(r'filename="?([A-Za-z0-9._-]{1,120}\.zip)"?')


def local_path(url: str | None) -> str:
    """A notification's link as a path on this site (links are absolute, to the public address)."""
    if not url:
        return "/notificaciones"
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return safe_next(path, "/notificaciones")


@router.get("/notificaciones")
async def inbox(request: Request, w: W) -> Response:
    w.require()
    page = page_param(request)
    solo = request.query_params.get("solo") == "no-leidas"
    data = await w.api.get_model(
        "/notificaciones",
        NotificationPage,
        params={"page": page, "limit": PAGE_SIZE, "solo_no_leidas": "true" if solo else None},
    )
    pages = max(1, math.ceil(data.total / PAGE_SIZE))
    return await w.render(
        "account/notifications.html",
        data=data,
        page=page,
        pages=pages,
        solo=solo,
        local_path=local_path,
    )


@router.get("/notificaciones/panel")
async def inbox_panel(w: W) -> Response:
    """The bell's drop-down: the latest few."""
    w.require()
    data = await w.api.get_model("/notificaciones", NotificationPage, params={"page": 1, "limit": 6})
    return await w.render("partials/notifications_panel.html", partial=True, data=data, local_path=local_path)


@router.post("/notificaciones/{notification_id}/abrir")
async def open_notification(notification_id: uuid.UUID, w: W) -> Response:
    w.require()
    fields = await w.fields()
    with contextlib.suppress(ApiError):  # opening it matters more than marking it
        await w.api.put(f"/notificaciones/{notification_id}/leer")
    return w.redirect(local_path(fields.get("url")))


@router.post("/notificaciones/leer-todas")
async def read_all(w: W) -> Response:
    w.require()
    await w.api.put("/notificaciones/leer-todas")
    return w.redirect("/notificaciones", "Marcaste todo como leído")


async def account_page(
    w: Web, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None, section: str = ""
) -> Response:
    no_exports: list[Export] = []
    me, prefs, exports = await asyncio.gather(
        w.api.get_model("/users/me", User),
        w.api.soft_model("/notificaciones/preferencias", Preferences, None),
        w.api.soft_model(EXPORTS_API, list[Export], no_exports),
    )
    return await w.render_form(
        "account/account.html",
        me=me,
        prefs=prefs,
        errors=errors,
        values=values,
        section=section,
        **exports_context(exports),
    )


@router.get("/cuenta")
async def account(w: W) -> Response:
    w.require()
    return await account_page(w)


@router.post("/cuenta")
async def save_account(w: W) -> Response:
    w.require()
    fields = await w.fields()
    body = {k: fields.get(k, "") for k in ("nombre", "apellido", "telefono")}
    me = await submit(
        w.api.put_model("/users/me", User, body),
        lambda errors: account_page(w, errors=errors, values=fields, section="datos"),
    )
    if isinstance(me, Response):
        return me
    w.session.nombre = me.nombre or w.session.nombre
    w.session.dirty = True
    return w.redirect("/cuenta", "Datos guardados")


@router.post("/cuenta/foto")
async def save_avatar(w: W) -> Response:
    w.require()
    uploads = await w.files("file")
    if not uploads:
        return await account_page(w, errors={"file": "Elegí una imagen"}, section="foto")
    upload = uploads[0]
    data = await upload.read(AVATAR_MAX_BYTES + 1)
    saved = await submit(
        w.api.post(
            "/users/me/avatar",
            files=[file_part("file", upload, data, "foto")],
        ),
        lambda errors: account_page(w, errors=errors, section="foto"),
        field="file",
    )
    if isinstance(saved, Response):
        return saved
    return w.redirect("/cuenta", "Foto actualizada")


@router.post("/cuenta/contrasena")
async def change_password(w: W) -> Response:
    w.require()
    form = await w.form()
    current, new = str(form.get("current_password") or ""), str(form.get("new_password") or "")
    if new != str(form.get("new_password2") or ""):
        return await account_page(
            w, errors={"new_password2": "Las contraseñas no coinciden"}, section="clave"
        )
    changed = await submit(
        w.api.post("/users/me/change-password", {"current_password": current, "new_password": new}),
        lambda errors: account_page(w, errors=errors, section="clave"),
        # "La contraseña actual no es correcta" goes under that field.
        general_to="current_password",
        general_if=lambda exc: "actual" in exc.message,
    )
    if isinstance(changed, Response):
        return changed
    return w.redirect("/cuenta", "Contraseña cambiada; cerramos tus otras sesiones")


@router.post("/cuenta/preferencias")
async def save_preferences(w: W) -> Response:
    w.require()
    form = await w.form()
    current = await w.api.get_model("/notificaciones/preferencias", Preferences)
    configurable = {kind.tipo for kind in current.tipos}
    changes: dict[str, dict[str, bool]] = {}
    for tipo in current.preferencias:
        if tipo not in configurable:
            continue
        changes[tipo] = {canal: form.get(f"{tipo}:{canal}") == "1" for canal in ("email", "push", "in_app")}
    try:
        await w.api.put("/notificaciones/preferencias", {"preferencias": changes})
    except ApiError as exc:
        return w.redirect("/cuenta#avisos", exc.message, "error")
    return w.redirect("/cuenta#avisos", "Preferencias guardadas")


# --- personal data: the export and the account deletion (SPEC §14) --------------------------------------


def exports_context(exports: list[Export]) -> dict[str, Any]:
    """The person's latest exports for the account page; ``preparing`` keeps the list polling."""
    return {
        "exports": exports[:EXPORTS_SHOWN],
        "preparing": any(e.estado == "PENDIENTE" for e in exports),
    }


@router.post("/cuenta/datos/exportar")
async def request_export(w: W) -> Response:
    w.require()
    try:
        await w.api.post(EXPORTS_API)
    except ApiError as exc:
        return w.redirect(PERSONAL_DATA, exc.message, "warn" if exc.status == 429 else "error")
    return w.redirect(
        PERSONAL_DATA, "Estamos preparando tu archivo: en unos minutos lo vas a poder descargar desde acá"
    )


@router.get("/cuenta/datos/exportaciones")
async def exports_list(w: W) -> Response:
    """The exports list alone (the account page polls it while one is being prepared)."""
    w.require()
    exports = await w.api.get_model(EXPORTS_API, list[Export])
    return await w.render("account/_exports.html", partial=True, **exports_context(exports))


@router.get("/cuenta/datos/exportaciones/{export_id}/descargar")
async def download_export(export_id: uuid.UUID, w: W) -> Response:
    """The zip, streamed from the API as it arrives: the API hands it only to its owner (the session's
    person), so the web app never serves one person's file to another."""
    w.require()
    response = await w.api.send("GET", f"{EXPORTS_API}/{export_id}", stream=True)
    content_type = response.headers.get("content-type", "").split(";")[0].strip()
    if response.status_code == 200 and content_type == "application/zip":
        found = ZIP_NAME.search(response.headers.get("content-disposition", ""))
        name = found.group(1) if found else "mis-datos-conectarprofesionales.zip"
        headers = {
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return relayed(response, "application/zip", headers)
    try:
        await response.aread()
    finally:
        await response.aclose()
    if response.status_code in (200, 202):
        return w.redirect(
            PERSONAL_DATA, "Tu archivo todavía se está preparando; probá en unos minutos", "warn"
        )
    if response.status_code == 410:
        return w.redirect(
            PERSONAL_DATA, "Ese archivo venció (se guarda 7 días): pedí uno nuevo si lo necesitás", "warn"
        )
    if response.status_code == 409:  # it could not be built
        message = _detail_of(response) or "No pudimos preparar ese archivo: pedí uno nuevo"
        return w.redirect(PERSONAL_DATA, str(message), "error")
    raise ApiError(response.status_code, _detail_of(response))


def _detail_of(response: Any) -> Any:
    try:
        body = response.json()
    except ValueError:
        return None
    return body.get("detail") if isinstance(body, dict) else None


def blocking_reasons(error: ApiError) -> list[str]:
    """A 409's reasons, one per item: the API sends them in a list, or one per line after a lead-in
    ("Todavía no se puede eliminar la cuenta: ..."), which the page's own heading already says."""
    detail = error.detail
    if isinstance(detail, dict):
        detail = detail.get("bloqueos") or detail.get("detail") or detail.get("message")
    lines = [str(item) for item in detail] if isinstance(detail, list) else str(detail or "").splitlines()
    reasons: list[str] = []
    for line in lines:
        text = line.strip().lstrip("-•* ").strip()
        if LEAD_IN.match(text):
            text = LEAD_IN.sub("", text, count=1).strip()
        if text:
            reasons.append(text[:1].upper() + text[1:])
    return reasons or [error.message]


@router.get("/cuenta/eliminar")
async def delete_page(w: W) -> Response:
    w.require()
    return await w.render_form("account/delete.html", bloqueos=[])


@router.post("/cuenta/eliminar")
async def delete_account(w: W) -> Response:
    """Deletes the account with the password typed again; every session of the person ends at once, this
    one too."""
    w.require()
    form = await w.form()
    password = str(form.get("password") or "")
    if not password:
        return await w.render_form(
            "account/delete.html", errors={"password": "Ingresá tu contraseña"}, bloqueos=[]
        )

    async def blocked(exc: ApiError) -> Response | None:
        if exc.status != 409:
            return None
        return await w.render(
            "account/delete.html", status_code=409, errors={}, values={}, bloqueos=blocking_reasons(exc)
        )

    deleted = await submit(
        w.api.post("/users/me/eliminar", {"password": password}),
        lambda errors: w.render_form("account/delete.html", errors=errors, bloqueos=[]),
        special=blocked,
        general_to="password",  # a 400 is "La contraseña no es correcta"
        general_if=lambda exc: exc.status == 400,
    )
    if isinstance(deleted, Response):
        return deleted
    w.session.sign_out()  # the API already revoked every token of the person
    return w.redirect("/cuenta/eliminada")


@router.get("/cuenta/eliminada")
async def deleted(w: W) -> Response:
    if w.session.signed_in:
        return w.redirect("/cuenta")
    return await w.render("account/deleted.html")
