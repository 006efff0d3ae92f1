"""Public routes of the auth service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response, status

from conectar.auth import flows, keys, service
from conectar.auth.schemas import (
    ForgotPasswordRequest,
    LogoutRequest,
    MessageResponse,
    RefreshRequest,
    RegisterRequest,
    ResetPasswordRequest,
    TokenPair,
)
from conectar.contracts.identity import UserRead
from conectar.platform.app import Ctx
from conectar.platform.client_hint import ClientHint
from conectar.platform.net import address_of
from conectar.platform.security import CurrentUser

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
jwks_router = APIRouter(tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserRead)
async def register(body: RegisterRequest, ctx: Ctx) -> UserRead:
    """Crea una cuenta de CLIENTE o PROFESIONAL."""
    return service.user_read(await flows.register(ctx, body))


@router.post("/login", response_model=TokenPair)
async def login(
    request: Request,
    ctx: Ctx,
    username: Annotated[str, Form(max_length=254, description="El email de la cuenta")],
    password: Annotated[str, Form(max_length=128)],
    client: ClientHint,
) -> TokenPair:
    """Inicia sesión (formulario OAuth2 password: `username` es el email). El access token dura
    `expires_in` segundos: 15 minutos, o lo que el operador configuró para el cliente que la pasarela
    reconoce (el frontend original, bajo `/legacy`)."""
    return await flows.login(
        ctx,
        email=username,
        password=password,
        address=address_of(request, ctx.settings.trusted_proxies),
        client=client,
    )


@router.post("/refresh", response_model=TokenPair)
async def refresh(body: RefreshRequest, ctx: Ctx, client: ClientHint) -> TokenPair:
    """Cambia un refresh token por un par nuevo; reutilizar uno viejo cierra toda la sesión."""
    return await flows.refresh(ctx, body.refresh_token, client=client)


@router.post("/logout", response_model=MessageResponse)
async def logout(principal: CurrentUser, ctx: Ctx, body: LogoutRequest | None = None) -> MessageResponse:
    """Revoca el access token actual y la sesión (refresh token) a la que pertenece."""
    await flows.logout(
        ctx,
        user_id=principal.user_id,
        jti=principal.jti,
        exp=principal.exp,
        refresh_token=body.refresh_token if body else None,
    )
    return MessageResponse(message="Sesión cerrada")


@router.post("/forgot-password", response_model=MessageResponse)
async def forgot_password(
    body: ForgotPasswordRequest, ctx: Ctx, background: BackgroundTasks
) -> MessageResponse:
    """Envía un enlace para restablecer la contraseña, si la cuenta existe."""
    # The answer neither waits for nor depends on the account: it is looked up once the answer is sent.
    pending = await flows.request_password_reset(ctx, str(body.email))
    if pending is not None:
        background.add_task(flows.send_reset_link, ctx, pending)
    return MessageResponse(
        message="Si el email está registrado, te enviamos un enlace para restablecer la contraseña"
    )


@router.post("/reset-password", response_model=MessageResponse)
async def reset_password(body: ResetPasswordRequest, ctx: Ctx) -> MessageResponse:
    """Restablece la contraseña con el token recibido por email y cierra todas las sesiones."""
    await flows.reset_password(ctx, token=body.token, new_password=body.new_password)
    return MessageResponse(message="Contraseña actualizada")


async def _jwks(ctx: Ctx, response: Response) -> dict[str, Any]:
    async with ctx.db.session(write=False) as session:
        published = await keys.published_keys(session)
    response.headers["Cache-Control"] = "public, max-age=60"
    return {"keys": [key.public_jwk for key in published]}


@jwks_router.get("/.well-known/jwks.json", include_in_schema=False)
async def jwks_root(ctx: Ctx, response: Response) -> dict[str, Any]:
    return await _jwks(ctx, response)


@jwks_router.get("/api/v1/.well-known/jwks.json", summary="Claves públicas para verificar los tokens")
async def jwks(ctx: Ctx, response: Response) -> dict[str, Any]:
    return await _jwks(ctx, response)
