"""Signing in and out, registration, password recovery, and renewing the session for the live channel."""

from __future__ import annotations

import contextlib

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from conectar.web import journeys
from conectar.web.api import ApiError, LoginRequired
from conectar.web.apimodels import TokenPair, User
from conectar.web.core import W, Web, safe_next
from conectar.web.forms import GENERAL, submit
from conectar.web.journeys import PendingAction

router = APIRouter()

ONBOARDING = "/profesional/empezar"  # the first steps, one at a time (routes/onboarding.py)
HOME_BY_ROL = {"CLIENTE": "/", "PROFESIONAL": "/profesional", "ADMIN": "/admin"}
RESET_LINK_INVALID = (
    "El enlace para cambiar la contraseña no sirve: ya se usó, venció o está incompleto. Pedí uno nuevo."
)


async def sign_in(w: Web, email: str, password: str) -> User:
    """Log in through the API and start the session; returns the person (UserRead)."""
    tokens = await w.api.post_model(
        "/auth/login", TokenPair, auth=False, data={"username": email, "password": password}
    )
    user = await w.api.get_model_as(tokens.access_token, "/users/me", User)
    w.session.sign_in(tokens, user)
    return user


def bad_credentials(exc: ApiError) -> str | None:
    """A refused login says no more than that (a suspended account is told so)."""
    if exc.status != 401:
        return None
    return exc.message if "suspendida" in exc.message else "E-mail o contraseña incorrectos"


def _next_of(request: Request) -> str:
    return safe_next(request.query_params.get("next"), "")


@router.get("/login")
async def login_page(request: Request, w: W) -> Response:
    if w.session.signed_in:
        return w.redirect(safe_next(request.query_params.get("next"), HOME_BY_ROL.get(w.rol or "", "/")))
    return await w.render(
        "auth/login.html", next=_next_of(request), values={}, pending=PendingAction.of(w.session)
    )


async def destination(w: Web, next_url: str, default: str) -> str:
    """Where a person who just signed in (or up) goes: the action they were doing when the site asked them
    to sign in, finished; else the page they were going to; else ``default``."""
    finished = await journeys.finish(w)
    return finished or next_url or default


@router.post("/login")
async def login(w: W) -> Response:
    fields = await w.fields()
    email, password = fields.get("email", ""), (await w.form()).get("password", "")
    next_url = safe_next(fields.get("next"), "")

    async def again(errors: dict[str, str]) -> Response:
        return await w.render_form(
            "auth/login.html",
            errors=errors,
            values={"email": email},
            next=next_url,
            pending=PendingAction.of(w.session),
        )

    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "Ingresá tu e-mail"
    if not password:
        errors["password"] = "Ingresá tu contraseña"
    if errors:
        return await again(errors)
    user = await submit(
        sign_in(w, email, str(password)), again, aliases={"username": "email"}, general=bad_credentials
    )
    if isinstance(user, Response):
        return user
    w.session.flash(f"¡Hola, {user.nombre}!")
    return w.redirect(await destination(w, next_url, HOME_BY_ROL.get(user.rol, "/")))


@router.get("/registro")
async def register_page(request: Request, w: W) -> Response:
    pending = PendingAction.of(w.session)
    rol = "PROFESIONAL" if request.query_params.get("rol") == "profesional" and not pending else "CLIENTE"
    return await w.render(
        "auth/register.html", values={"rol": rol}, errors={}, next=_next_of(request), pending=pending
    )


@router.post("/registro")
async def register(w: W) -> Response:
    fields = await w.fields()
    form = await w.form()
    password = str(form.get("password") or "")
    values = {k: fields.get(k, "") for k in ("nombre", "apellido", "email", "rol")}
    if values["rol"] not in ("CLIENTE", "PROFESIONAL"):
        values["rol"] = "CLIENTE"
    next_url = safe_next(fields.get("next"), "")

    async def again(errors: dict[str, str]) -> Response:
        return await w.render_form(
            "auth/register.html",
            values=values,
            errors=errors,
            next=next_url,
            pending=PendingAction.of(w.session),
        )

    if password != str(form.get("password2") or ""):
        return await again({"password2": "Las contraseñas no coinciden"})
    registered = await submit(
        w.api.post("/auth/register", {**values, "password": password}, auth=False),
        again,
        # "El email ya está registrado" goes under the e-mail.
        general_to="email",
        general_if=lambda exc: "email" in exc.message.lower(),
    )
    if isinstance(registered, Response):
        return registered
    await sign_in(w, values["email"], password)
    if values["rol"] == "PROFESIONAL":
        journeys.forget(w.session)  # a client's errand; a new professional starts with their profile
        w.session.flash(
            "¡Cuenta creada! Completá tu perfil y enviá tu documentación para aparecer en las búsquedas."
        )
        return w.redirect(ONBOARDING)
    w.session.flash(f"¡Bienvenido/a, {values['nombre']}! Ya podés buscar profesionales.")
    return w.redirect(await destination(w, next_url, "/"))


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
    sent = await submit(
        w.api.post("/auth/forgot-password", {"email": email}, auth=False),
        lambda errors: w.render_form("auth/forgot.html", values={"email": email}, errors=errors, sent=False),
    )
    if isinstance(sent, Response):
        return sent
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

    async def again(errors: dict[str, str]) -> Response:
        return await w.render("auth/reset.html", status_code=400, token=token, errors=errors)

    if password != str(form.get("password2") or ""):
        return await again({"password2": "Las contraseñas no coinciden"})

    async def bad_link(exc: ApiError) -> Response | None:
        """The API's "token" is the e-mailed link for the person: say so in plain words."""
        if "token" in exc.field_errors() or (exc.status == 400 and "token" in exc.message.lower()):
            return await again({GENERAL: RESET_LINK_INVALID, "enlace": "vencido"})
        return None

    changed = await submit(
        w.api.post("/auth/reset-password", {"token": token, "new_password": password}, auth=False),
        again,
        special=bad_link,
        aliases={"new_password": "password"},
    )
    if isinstance(changed, Response):
        return changed
    w.session.sign_out()
    return w.redirect("/login", "Listo: tu contraseña cambió. Ingresá con la nueva.")


@router.post("/sesion/renovar")
async def renew(w: W) -> Response:
    """Renew the access token (the live channel asks before reconnecting); the cookie is rewritten."""
    try:
        await w.api.ensure_fresh()
    except LoginRequired:
        return JSONResponse({"detail": "Sesión terminada"}, status_code=401)
    return JSONResponse({"ok": True, "expires_in": int(w.api.expires_in)})
