"""Errors that carry their HTTP status, mapped to responses once for every service."""

from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from conectar.platform.jsonbody import STRICT_REFUSAL, json_invalid

log = structlog.get_logger(__name__)

# PostgreSQL gave up one of two transactions that changed the same rows at the same moment: a deadlock, or a
# serialization failure (REPEATABLE READ and above).
CONCURRENT_CHANGE_SQLSTATES = frozenset({"40P01", "40001"})


class AppError(Exception):
    status_code: int = 400
    default_detail: str = "Solicitud inválida"

    def __init__(self, detail: Any = None, *, headers: dict[str, str] | None = None) -> None:
        self.detail = self.default_detail if detail is None else detail
        self.headers = headers
        super().__init__(str(self.detail))


class BusinessRuleError(AppError):
    """A rule of the business refused the request (400)."""

    status_code = 400


class NotAuthenticated(AppError):
    status_code = 401
    default_detail = "No autenticado"

    def __init__(self, detail: Any = None) -> None:
        super().__init__(detail, headers={"WWW-Authenticate": "Bearer"})


class Forbidden(AppError):
    status_code = 403
    default_detail = "No tenés permiso para esta acción"


class NotFound(AppError):
    status_code = 404
    default_detail = "No encontrado"


class Conflict(AppError):
    status_code = 409
    default_detail = "Conflicto con un cambio concurrente; intentá de nuevo"


class ConcurrentChange(Conflict):
    """The database gave this change up for another made to the same rows at the same moment (a deadlock, a
    serialization failure): nothing of that unit of work was kept, and the same request may be sent again.
    A 409 with ``Retry-After`` — which is how another service's caller tells it from a 409 that refuses the
    change for good (``error_for_status``)."""

    def __init__(self, detail: Any = None) -> None:
        super().__init__(detail, headers={"Retry-After": "1"})


class Gone(AppError):
    status_code = 410
    default_detail = "Ya no está disponible"


class MethodNotAllowed(AppError):
    status_code = 405
    default_detail = "Método no permitido"


class PayloadTooLarge(AppError):
    status_code = 413
    default_detail = "El contenido es demasiado grande"


class RateLimited(AppError):
    status_code = 429
    default_detail = "Demasiadas solicitudes; esperá un momento"

    def __init__(self, retry_after: float, detail: Any = None) -> None:
        seconds = max(1, int(retry_after + 0.999))
        super().__init__(detail, headers={"Retry-After": str(seconds)})
        self.retry_after = seconds


class ServiceUnavailable(AppError):
    status_code = 503
    default_detail = "Servicio no disponible momentáneamente"


class UpstreamError(AppError):
    status_code = 502
    default_detail = "Error al comunicarse con otro servicio"


class GatewayTimeout(AppError):
    status_code = 504
    default_detail = "El servicio tardó demasiado en responder"


_BY_STATUS: dict[int, type[AppError]] = {
    400: BusinessRuleError,
    401: NotAuthenticated,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: PayloadTooLarge,
}


def error_for_status(status: int, detail: Any, headers: Mapping[str, str] | None = None) -> AppError:
    """The error to raise when another service refused a call with ``status`` (and these ``headers``)."""
    if status == 409 and headers is not None and headers.get("retry-after") is not None:
        return ConcurrentChange(detail)
    kind = _BY_STATUS.get(status)
    if kind is None:
        return UpstreamError(detail if status < 500 else None)
    if kind is NotAuthenticated:
        return NotAuthenticated(detail)
    return kind(detail)


MAX_ECHO_DEPTH = 16
TRUNCATED = "…"
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_safe(value: Any, depth: int = 0) -> Any:
    """``value`` made encodable as strict JSON in UTF-8: lone surrogates become U+FFFD, bytes are decoded
    (invalid UTF-8 replaced), non-finite floats become ``null``, and containers deeper than
    ``MAX_ECHO_DEPTH`` are cut short. Other objects are left as they are (for ``jsonable_encoder``)."""
    if isinstance(value, str):
        return value if value.isascii() else _SURROGATE.sub("\ufffd", value)
    if isinstance(value, bytes | bytearray | memoryview):
        return json_safe(bytes(value).decode("utf-8", "replace"))
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict | list | tuple | set | frozenset):
        if depth >= MAX_ECHO_DEPTH:
            return TRUNCATED
        if isinstance(value, dict):
            return {json_safe(k, depth + 1): json_safe(v, depth + 1) for k, v in value.items()}
        return [json_safe(item, depth + 1) for item in value]
    return value


def validation_errors(exc: RequestValidationError) -> list[Any]:
    """FastAPI's 422 detail (each error with the input it refused), always encodable: the input echoed
    is whatever the client sent, which may be bytes that are not UTF-8, a lone surrogate or a
    non-finite number (that made FastAPI's own handler fail with a 500)."""
    detail: list[Any] = json_safe(jsonable_encoder(json_safe(exc.errors())))
    return detail


BodyGuard = Callable[[Request], Awaitable["AppError | None"]]
"""What refuses the caller before their body is judged (the route's authentication and role checks)."""


def _unparsed(exc: RequestValidationError) -> bool:
    return any(isinstance(e, dict) and e.get("type") == "json_invalid" for e in exc.errors())


def install_validation_handler(app: FastAPI, guard: BodyGuard | None = None) -> None:
    """FastAPI's 422 for a request that fails validation, in its usual shape, that never fails itself.

    FastAPI parses a JSON body before it runs the route's dependencies, so a body it cannot parse would be
    a 422 even for a caller the route refuses; ``guard`` runs those checks first and its refusal wins."""

    async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        if _unparsed(exc):
            refusal = await guard(request) if guard is not None else None
            if refusal is not None:
                return JSONResponse(
                    {"detail": refusal.detail}, status_code=refusal.status_code, headers=refusal.headers
                )
            strict = request.scope.get(STRICT_REFUSAL)
            if strict is not None:
                return json_invalid(*strict)
        return JSONResponse({"detail": validation_errors(exc)}, status_code=422)

    app.add_exception_handler(RequestValidationError, invalid_request)


def sqlstate_of(exc: BaseException) -> str | None:
    """The SQLSTATE of a database error as SQLAlchemy wraps it (asyncpg's, on PostgreSQL), or None."""
    driver_error = getattr(exc, "orig", None)
    for candidate in (driver_error, getattr(driver_error, "__cause__", None)):
        state = getattr(candidate, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def install_error_handlers(app: FastAPI, guard: BodyGuard | None = None) -> None:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AppError)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    async def database_error(_: Request, exc: Exception) -> JSONResponse:
        """A unit of work the database gave up because another changed the same rows at the same moment is
        the SPEC's 409 ("a conflicting concurrent change": the caller may try again), not a 500. Lock order
        is what prevents it; this answer is the net under a path that gets it wrong. Any other database
        error stays a 500."""
        state = sqlstate_of(exc)
        if state not in CONCURRENT_CHANGE_SQLSTATES:
            raise exc
        log.warning("database_concurrent_change", sqlstate=state)
        conflict = ConcurrentChange()
        return JSONResponse(
            {"detail": conflict.detail}, status_code=conflict.status_code, headers=conflict.headers
        )

    app.add_exception_handler(AppError, handle)
    app.add_exception_handler(DBAPIError, database_error)
    install_validation_handler(app, guard)
