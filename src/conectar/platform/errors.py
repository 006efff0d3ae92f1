"""Errors that carry their HTTP status, mapped to responses once for every service."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


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


def error_for_status(status: int, detail: Any) -> AppError:
    """The error to raise when another service refused a call with ``status``."""
    kind = _BY_STATUS.get(status)
    if kind is None:
        return UpstreamError(detail if status < 500 else None)
    if kind is NotAuthenticated:
        return NotAuthenticated(detail)
    return kind(detail)


def install_error_handlers(app: FastAPI) -> None:
    async def handle(_: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AppError)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)

    app.add_exception_handler(AppError, handle)
