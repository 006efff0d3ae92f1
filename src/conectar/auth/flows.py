"""flows: take the context, open and commit their own units of work, may call other services between them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import structlog
from sqlalchemy.exc import IntegrityError

from conectar.auth import repository as repo
from conectar.auth.models import Account, PasswordResetToken
from conectar.auth.passwords import hash_password, needs_rehash, verify_password
from conectar.auth.schemas import RegisterRequest, TokenPair
from conectar.auth.service import close_in, end_all_sessions, revoke_family, start_session
from conectar.auth.tokens import new_opaque_token, token_hash
from conectar.contracts.events import (
    PasswordChanged,
    PasswordResetRequested,
    UserBanned,
    UserRegistered,
    UserUnbanned,
)
from conectar.contracts.identity import Rol
from conectar.platform.app import ServiceContext
from conectar.platform.audit import Actor
from conectar.platform.db import utcnow
from conectar.platform.errors import BusinessRuleError, NotAuthenticated, NotFound

log = structlog.get_logger(__name__)

INVALID_CREDENTIALS = "Email o contraseña incorrectos"
INVALID_RESET = "Token inválido o expirado"
WRONG_PASSWORD = "La contraseña no es correcta"
RESET_REQUESTS_PER_HOUR = 5


def _hashed_key(value: str) -> str:
    """Rate-limit keys never hold an e-mail in clear."""
    return hashlib.sha256(value.encode()).hexdigest()[:32]


async def create_account(
    ctx: ServiceContext,
    *,
    email: str,
    password: str,
    nombre: str,
    apellido: str,
    rol: Rol,
    password_hash: str | None = None,
) -> Account:
    """``password_hash``: an argon2 hash of ``password`` computed once for many accounts (demo data)."""
    password_hash = password_hash or await hash_password(password)
    try:
        async with ctx.db.session() as session:
            if await repo.account_by_email(session, email) is not None:
                raise BusinessRuleError("El email ya está registrado")
            account = Account(
                email=email.lower(),
                password_hash=password_hash,
                nombre=nombre,
                apellido=apellido,
                rol=rol.value,
                is_active=True,
            )
            session.add(account)
            await session.flush()
            await ctx.outbox.add(
                session,
                UserRegistered(
                    user_id=account.id,
                    email=account.email,
                    nombre=account.nombre,
                    apellido=account.apellido,
                    rol=account.rol,
                    fecha_creacion=account.fecha_creacion,
                ),
            )
    except IntegrityError as exc:
        raise BusinessRuleError("El email ya está registrado") from exc
    return account


async def register(ctx: ServiceContext, request: RegisterRequest) -> Account:
    return await create_account(
        ctx,
        email=str(request.email),
        password=request.password,
        nombre=request.nombre,
        apellido=request.apellido,
        rol=Rol(request.rol),
    )


async def create_admin(
    ctx: ServiceContext, *, email: str, password: str, nombre: str, apellido: str
) -> Account:
    if len(password) < 8:
        raise BusinessRuleError("La contraseña debe tener al menos 8 caracteres")
    return await create_account(
        ctx, email=email.strip(), password=password, nombre=nombre, apellido=apellido, rol=Rol.ADMIN
    )


async def login(
    ctx: ServiceContext, *, email: str, password: str, address: str, client: str | None = None
) -> TokenPair:
    """A new session; ``client`` is the gateway's hint of the calling client (its token lifetime)."""
    settings = ctx.settings
    email = email.strip().lower()
    account_key = _hashed_key(email)
    window = settings.login_failure_window_seconds
    detail = "Demasiados intentos fallidos; esperá unos minutos"
    await ctx.limiter.ensure_below(
        "login-account", account_key, settings.login_failures_per_account, window, detail
    )
    await ctx.limiter.ensure_below(
        "login-address", address, settings.login_failures_per_address, window, detail
    )
    async with ctx.db.session(write=False) as session:
        account = await repo.account_by_email(session, email)
    if not await verify_password(account.password_hash if account else None, password) or account is None:
        await ctx.limiter.check("login-account", account_key, settings.login_failures_per_account, window)
        await ctx.limiter.check("login-address", address, settings.login_failures_per_address, window)
        raise NotAuthenticated(INVALID_CREDENTIALS)
    if account.deleted_at is not None:
        raise NotAuthenticated(INVALID_CREDENTIALS)
    if not account.is_active:
        raise NotAuthenticated("La cuenta está suspendida")
    # Hashes made with weaker parameters (or a shared demo hash) are upgraded while we hold the password.
    upgraded = await hash_password(password) if needs_rehash(account.password_hash) else None
    async with ctx.db.session() as session:
        # The password was checked outside any transaction: a ban, a reset or a deletion may have committed
        # since. Lock the account (as they do) and look again before opening a session.
        if upgraded is None:
            current = await repo.lock_account_shared(session, account.id)
        else:
            current = await repo.account_by_id(session, account.id, lock=True)
        if (
            current is None
            or current.deleted_at is not None
            or current.password_changed_at != account.password_changed_at
        ):
            raise NotAuthenticated(INVALID_CREDENTIALS)
        if not current.is_active:
            raise NotAuthenticated("La cuenta está suspendida")
        if upgraded is not None and current.password_hash == account.password_hash:
            await repo.set_password_hash(session, current.id, upgraded)
        return await start_session(ctx, session, current, client=client)


async def reseed_revocations(ctx: ServiceContext) -> int:
    """Fill the shared revocation cache again from our records when it has lost them (Redis restarted or
    was flushed); how many revoked tokens were written (0 when the cache was intact)."""
    if not await ctx.revocations.needs_seed():
        return 0
    async with ctx.db.session(write=False) as session:
        revoked = await repo.revoked_access_tokens(session)
    await ctx.revocations.reseed([(jti, int(exp.timestamp())) for jti, exp in revoked])
    log.info("revocations_reseeded", tokens=len(revoked))
    return len(revoked)


async def refresh(ctx: ServiceContext, token: str, *, client: str | None = None) -> TokenPair:
    """The next link of a session; ``client`` as for :func:`login`, for the new access token."""
    digest = token_hash(token)
    async with ctx.db.session() as session:
        # The account before its links, as every unit of work that ends sessions locks them: a ban or a
        # reset waits for this link to be written (and then revokes it), or this refresh waits for them.
        account_id = await repo.refresh_account_id(session, digest)
        account = await repo.lock_account_shared(session, account_id) if account_id is not None else None
        link = await repo.refresh_by_hash(session, digest) if account is not None else None
        if link is None or account is None:
            raise NotAuthenticated("Refresh token inválido")
        if link.revoked_at is not None or link.used_at is not None:
            # A link used twice means the token leaked: end the whole session (committed, then 401).
            log.warning("refresh_token_reuse", family=str(link.family_id))
            await revoke_family(ctx, session, link)
        else:
            if link.expires_at <= utcnow():
                raise NotAuthenticated("Refresh token expirado")
            if not account.is_active:
                raise NotAuthenticated("La cuenta está suspendida")
            link.used_at = utcnow()
            return await start_session(ctx, session, account, family_id=link.family_id, client=client)
    raise NotAuthenticated("Refresh token ya utilizado; la sesión fue cerrada")


async def logout(
    ctx: ServiceContext, *, user_id: uuid.UUID, jti: str, exp: int, refresh_token: str | None
) -> None:
    await ctx.revocations.revoke(jti, exp)
    async with ctx.db.session() as session:
        # A refresh of this session running now holds the account (shared): wait for the link it writes,
        # so that it is revoked with the others.
        await repo.account_by_id(session, user_id, lock=True)
        links = []
        current = await repo.refresh_by_access_jti(session, jti)
        if current is not None:
            links.append(current)
        if refresh_token:
            given = await repo.refresh_by_hash(session, token_hash(refresh_token))
            if given is not None and given.account_id == user_id:
                links.append(given)
        for link in links:
            await revoke_family(ctx, session, link)


@dataclass(frozen=True)
class PendingReset:
    """A reset link asked for: the address as typed (normalised) and a fresh token with its hash."""

    email: str
    token: str = field(repr=False)
    digest: str = field(repr=False)


async def request_password_reset(ctx: ServiceContext, email: str) -> PendingReset | None:
    """The part of forgot-password that runs before the answer, and runs the same for every address: the
    per-address limit, a new token and its hash. Whether the account exists is not looked at here, so the
    answer's time cannot tell (None: over the limit, silently, for an account or not)."""
    email = email.strip().lower()
    decision = await ctx.limiter.check("forgot-password", _hashed_key(email), RESET_REQUESTS_PER_HOUR, 3600)
    if not decision.allowed:
        return None
    token = new_opaque_token()
    return PendingReset(email=email, token=token, digest=token_hash(token))


async def send_reset_link(ctx: ServiceContext, pending: PendingReset) -> None:
    """After the answer: for an active account, store the token's hash and hand the e-mail (the
    PasswordResetRequested event) to the outbox in one unit of work; for no account, nothing."""
    try:
        async with ctx.db.session() as session:
            account = await repo.account_by_email(session, pending.email)
            if account is None or not account.is_active:
                return
            now = utcnow()
            expires = now + timedelta(seconds=ctx.settings.password_reset_ttl_seconds)
            session.add(
                PasswordResetToken(
                    account_id=account.id, token_hash=pending.digest, created_at=now, expires_at=expires
                )
            )
            await ctx.outbox.add(
                session,
                PasswordResetRequested(
                    user_id=account.id,
                    email=account.email,
                    nombre=account.nombre,
                    reset_url=f"{ctx.settings.base_url}/reset-password?token={pending.token}",
                    expires_at=expires,
                ),
            )
    except Exception:  # the person was already answered: log it, they can ask again
        log.exception("password_reset_not_stored")


async def reset_password(ctx: ServiceContext, *, token: str, new_password: str) -> None:
    new_hash = await hash_password(new_password)
    digest = token_hash(token)
    async with ctx.db.session() as session:
        # The account first, then its links (as every unit of work here): two links of one account used
        # at once wait for each other on the account instead of deadlocking on each other's link.
        account_id = await repo.reset_account_id(session, digest)
        account = await repo.account_by_id(session, account_id, lock=True) if account_id else None
        reset = await repo.reset_by_hash(session, digest) if account is not None else None
        if reset is None or reset.used_at is not None or reset.expires_at <= utcnow():
            raise BusinessRuleError(INVALID_RESET)
        if account is None or not account.is_active:
            raise BusinessRuleError(INVALID_RESET)
        reset.used_at = utcnow()
        await repo.expire_reset_tokens(session, account.id)
        account.password_hash = new_hash
        account.password_changed_at = utcnow()
        await end_all_sessions(ctx, session, account.id)
        await ctx.outbox.add(
            session, PasswordChanged(user_id=account.id, changed_at=utcnow(), via_reset=True)
        )


async def change_password(
    ctx: ServiceContext, account_id: uuid.UUID, *, current: str, new: str, keep_session_jti: str | None
) -> None:
    if len(new) < 8:
        raise BusinessRuleError("La nueva contraseña debe tener al menos 8 caracteres")
    async with ctx.db.session(write=False) as session:
        account = await repo.account_by_id(session, account_id)
    if account is None:
        raise NotFound("Usuario no encontrado")
    if not await verify_password(account.password_hash, current):
        raise BusinessRuleError("La contraseña actual es incorrecta")
    if current == new:
        raise BusinessRuleError("La nueva contraseña debe ser distinta de la actual")
    new_hash = await hash_password(new)
    checked_at = account.password_changed_at
    async with ctx.db.session() as session:
        account = await repo.account_by_id(session, account.id, lock=True)
        if account is None or account.deleted_at is not None:
            raise NotFound("Usuario no encontrado")
        if account.password_changed_at != checked_at:
            # A reset (or another change) committed while the current password was being checked.
            raise BusinessRuleError("La contraseña actual es incorrecta")
        account.password_hash = new_hash
        account.password_changed_at = utcnow()
        keep = None
        if keep_session_jti:
            current_link = await repo.refresh_by_access_jti(session, keep_session_jti)
            keep = current_link.family_id if current_link else None
        await end_all_sessions(ctx, session, account.id, keep_family=keep)
        await ctx.outbox.add(session, PasswordChanged(user_id=account.id, changed_at=utcnow()))


async def ban(ctx: ServiceContext, account_id: uuid.UUID, actor: Actor) -> Account:
    async with ctx.db.session() as session:
        account = await repo.account_by_id(session, account_id, lock=True)
        if account is None or account.deleted_at is not None:
            raise NotFound("Usuario no encontrado")
        if account.rol == Rol.ADMIN.value:
            raise BusinessRuleError("No se puede suspender a un administrador")
        if not account.is_active:
            raise BusinessRuleError("El usuario ya está suspendido")
        account.is_active = False
        account.banned_at = utcnow()
        await end_all_sessions(ctx, session, account.id)
        await ctx.outbox.add(session, UserBanned(user_id=account.id, banned_at=account.banned_at))
        await ctx.audit.record(
            session, actor, accion="usuario.suspender", recurso="usuario", recurso_id=account.id
        )
    return account


async def unban(ctx: ServiceContext, account_id: uuid.UUID, actor: Actor) -> Account:
    async with ctx.db.session() as session:
        account = await repo.account_by_id(session, account_id, lock=True)
        if account is None or account.deleted_at is not None:
            raise NotFound("Usuario no encontrado")
        if account.is_active:
            raise BusinessRuleError("El usuario no está suspendido")
        account.is_active = True
        account.banned_at = None
        await ctx.outbox.add(session, UserUnbanned(user_id=account.id, unbanned_at=utcnow()))
        await ctx.audit.record(
            session, actor, accion="usuario.reactivar", recurso="usuario", recurso_id=account.id
        )
    return account


async def check_password(ctx: ServiceContext, account_id: uuid.UUID, *, password: str, address: str) -> None:
    """The person confirms a grave step (deleting their account) with their password; failures count
    against the same allowance as failed logins."""
    settings = ctx.settings
    window = settings.login_failure_window_seconds
    detail = "Demasiados intentos fallidos; esperá unos minutos"
    account_key = _hashed_key(str(account_id))
    await ctx.limiter.ensure_below(
        "login-account", account_key, settings.login_failures_per_account, window, detail
    )
    async with ctx.db.session(write=False) as session:
        account = await repo.account_by_id(session, account_id)
    if account is None or account.deleted_at is not None:
        raise NotFound("Usuario no encontrado")
    if not await verify_password(account.password_hash, password):
        await ctx.limiter.check("login-account", account_key, settings.login_failures_per_account, window)
        await ctx.limiter.check("login-address", address, settings.login_failures_per_address, window)
        raise BusinessRuleError(WRONG_PASSWORD)


async def close_account(ctx: ServiceContext, account_id: uuid.UUID) -> None:
    """The first step of a deletion, at once: no more sign-ins, every session and stream ended. Idempotent
    (the erasure, when AccountDeletionRequested arrives, closes it too if this call never came)."""
    async with ctx.db.session() as session:
        account = await repo.account_by_id(session, account_id, lock=True)
        if account is None:
            raise NotFound("Usuario no encontrado")
        await close_in(ctx, session, account)


async def cleanup_expired(ctx: ServiceContext) -> None:
    async with ctx.db.session() as session:
        await repo.delete_expired(session, utcnow() - timedelta(days=1))
