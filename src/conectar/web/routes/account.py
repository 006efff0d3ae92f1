"""Everyone's own pages: the notifications inbox and the account (name, phone, photo, password,
notification preferences)."""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import Response

from conectar.web.api import ApiError
from conectar.web.core import W, Web, error_fields, page_param, safe_next

router = APIRouter()

PAGE_SIZE = 20
AVATAR_MAX_BYTES = 5 * 1024 * 1024


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
    data = await w.api.get(
        "/notificaciones",
        params={"page": page, "limit": PAGE_SIZE, "solo_no_leidas": "true" if solo else None},
    )
    pages = max(1, math.ceil(int(data.get("total", 0)) / PAGE_SIZE))
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
    data = await w.api.get("/notificaciones", params={"page": 1, "limit": 6})
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
    me, prefs = await asyncio.gather(w.api.get("/users/me"), w.api.soft("/notificaciones/preferencias", {}))
    return await w.render_form(
        "account/account.html",
        me=me,
        prefs=prefs,
        errors=errors,
        values=values,
        section=section,
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
    try:
        me = await w.api.put("/users/me", body)
    except ApiError as exc:
        return await account_page(w, errors=error_fields(exc), values=fields, section="datos")
    w.session.nombre = str(me.get("nombre") or w.session.nombre)
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
    try:
        await w.api.post(
            "/users/me/avatar",
            files=[
                ("file", (upload.filename or "foto", data, upload.content_type or "application/octet-stream"))
            ],
        )
    except ApiError as exc:
        return await account_page(w, errors={"file": exc.message}, section="foto")
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
    try:
        await w.api.post("/users/me/change-password", {"current_password": current, "new_password": new})
    except ApiError as exc:
        errors = error_fields(exc)
        if "__all__" in errors and "actual" in errors["__all__"]:
            errors["current_password"] = errors.pop("__all__")
        return await account_page(w, errors=errors, section="clave")
    return w.redirect("/cuenta", "Contraseña cambiada; cerramos tus otras sesiones")


@router.post("/cuenta/preferencias")
async def save_preferences(w: W) -> Response:
    w.require()
    form = await w.form()
    current = await w.api.get("/notificaciones/preferencias")
    changes: dict[str, dict[str, bool]] = {}
    for tipo in current.get("preferencias", {}):
        if tipo not in {t["tipo"] for t in current.get("tipos", [])}:
            continue
        changes[tipo] = {canal: form.get(f"{tipo}:{canal}") == "1" for canal in ("email", "push", "in_app")}
    try:
        await w.api.put("/notificaciones/preferencias", {"preferencias": changes})
    except ApiError as exc:
        return w.redirect("/cuenta#avisos", exc.message, "error")
    return w.redirect("/cuenta#avisos", "Preferencias guardadas")
