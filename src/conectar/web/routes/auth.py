"""Signing in and out, registration, password recovery, and renewing the session for the live channel."""

from __future__ import annotations

import contextlib
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from conectar.web.api import ApiError, LoginRequired
from conectar.web.core import W, Web, error_fields, safe_next

router = APIRouter()

HOME_BY_ROL = {"CLIENTE": "/", "PROFESIONAL": "/profesional", "ADMIN": "/admin"}


async def sign_in(w: Web, email: str, password: str) -> dict[str, Any]:
    """Log in through the API and start the session; returns the person (UserRead)."""
    tokens = await w.api.post("/auth/login", auth=False, data={"username": email, "password": password})
    user = await w.api.get_as(str(tokens["access_token"]), "/users/me")
    w.session.sign_in(tokens, user)
    return dict(user)


@router.get("/login")
async def login_page(request: Request, w: W) -> Response:
    if w.session.signed_in:
        return w.redirect(safe_next(request.query_params.get("next"), HOME_BY_ROL.get(w.rol or "", "/")))
    return await w.render("auth/login.html", next=safe_next(request.query_params.get("next"), ""), values={})


@router.post("/login")
async def login(w: W) -> Response:
    fields = await w.fields()
    email, password = fields.get("email", ""), (await w.form()).get("password", "")
    next_url = safe_next(fields.get("next"), "")
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "Ingresá tu e-mail"
    if not password:
        errors["password"] = "Ingresá tu contraseña"
    if not errors:
        try:
            user = await sign_in(w, email, str(password))
        except ApiError as exc:
            if exc.status == 401:
                errors["__all__"] = (
                    exc.message if "suspendida" in exc.message else "E-mail o contraseña incorrectos"
                )
            else:
                errors = error_fields(exc, {"username": "email"})
        else:
            w.session.flash(f"¡Hola, {user.get('nombre') or ''}!")
            return w.redirect(next_url or HOME_BY_ROL.get(str(user["rol"]), "/"))
    return await w.render(
        "auth/login.html", status_code=400, errors=errors, values={"email": email}, next=next_url
    )


@router.get("/registro")
async def register_page(request: Request, w: W) -> Response:
    rol = "PROFESIONAL" if request.query_params.get("rol") == "profesional" else "CLIENTE"
    return await w.render("auth/register.html", values={"rol": rol}, errors={})


@router.post("/registro")
async def register(w: W) -> Response:
    fields = await w.fields()
    form = await w.form()
    password = str(form.get("password") or "")
    values = {k: fields.get(k, "") for k in ("nombre", "apellido", "email", "rol")}
    if values["rol"] not in ("CLIENTE", "PROFESIONAL"):
        values["rol"] = "CLIENTE"
    errors: dict[str, str] = {}
    if password != str(form.get("password2") or ""):
        errors["password2"] = "Las contraseñas no coinciden"
    if not errors:
        try:
            await w.api.post("/auth/register", {**values, "password": password}, auth=False)
        except ApiError as exc:
            errors = error_fields(exc)
            if "__all__" in errors and "email" in errors["__all__"].lower():
                errors["email"] = errors.pop("__all__")
        else:
            await sign_in(w, values["email"], password)
            if values["rol"] == "PROFESIONAL":
                w.session.flash(
                    "¡Cuenta creada! Completá tu perfil y enviá tu documentación para aparecer en las búsquedas."
                )
                return w.redirect("/profesional/perfil")
            w.session.flash(f"¡Bienvenida/o, {values['nombre']}! Ya podés buscar profesionales.")
            return w.redirect("/")
    return await w.render("auth/register.html", status_code=400, values=values, errors=errors)


@router.post("/logout")
async def logout(w: W) -> Response:
    if w.session.signed_in:
        with contextlib.suppress(ApiError, LoginRequired):  # already over: forget it here too
            await w.api.post("/auth/logout", {"refresh_token": w.session.refresh})
    w.session.sign_out()
    return w.redirect("/", "Cerraste sesión")


@router.get("/recuperar")
async def forgot_page(w: W) -> Response:
    return await w.render("auth/forgot.html", values={}, errors={}, sent=False)


@router.post("/recuperar")
async def forgot(w: W) -> Response:
    fields = await w.fields()
    email = fields.get("email", "")
    try:
        await w.api.post("/auth/forgot-password", {"email": email}, auth=False)
    except ApiError as exc:
        return await w.render(
            "auth/forgot.html", status_code=400, values={"email": email}, errors=error_fields(exc), sent=False
        )
    return await w.render("auth/forgot.html", values={"email": email}, errors={}, sent=True)


@router.get("/reset-password")
async def reset_page(request: Request, w: W) -> Response:
    token = request.query_params.get("token", "")
    return await w.render("auth/reset.html", token=token, errors={})


@router.post("/reset-password")
async def reset(w: W) -> Response:
    form = await w.form()
    token = str(form.get("token") or "")
    password = str(form.get("password") or "")
    errors: dict[str, str] = {}
    if password != str(form.get("password2") or ""):
        errors["password2"] = "Las contraseñas no coinciden"
    if not errors:
        try:
            await w.api.post("/auth/reset-password", {"token": token, "new_password": password}, auth=False)
        except ApiError as exc:
            errors = error_fields(exc, {"new_password": "password"})
        else:
            w.session.sign_out()
            return w.redirect("/login", "Listo: tu contraseña cambió. Ingresá con la nueva.")
    return await w.render("auth/reset.html", status_code=400, token=token, errors=errors)


@router.post("/sesion/renovar")
async def renew(w: W) -> Response:
    """Renew the access token (the live channel asks before reconnecting); the cookie is rewritten."""
    try:
        await w.api.ensure_fresh()
    except LoginRequired:
        return JSONResponse({"detail": "Sesión terminada"}, status_code=401)
    return JSONResponse({"ok": True, "expires_in": int(w.api.expires_in)})
