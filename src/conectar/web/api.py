"""The public API as the visitor: one :class:`Api` per page request, carrying the session's tokens.

Access tokens are refreshed before they expire (and once more on a 401). Refresh tokens rotate and a
reused one ends the whole session, so two requests of one browser that refresh at the same moment must
not both spend the old token: a per-token lock in this process and a short-lived cache of the new pair in
the shared key-value store (every replica sees it) make the second one take the first one's result.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import structlog
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter, ValidationError
from starlette.background import BackgroundTask

from conectar.platform.kv import KeyValueStore
from conectar.web.apimodels import TokenPair
from conectar.web.formatting import number, to_decimal
from conectar.web.gateway import CLIENT_EXTENSION, Gateway
from conectar.web.session import SessionCodec, SessionData, token_fingerprint

log = structlog.get_logger(__name__)

API = "/api/v1"
REFRESH_CACHE_SECONDS = 60.0

T = TypeVar("T")
D = TypeVar("D")


class LoginRequired(Exception):
    """The page needs a signed-in person (or the session ended)."""


class ApiError(Exception):
    """The API refused the call: its status and ``detail``."""

    def __init__(self, status: int, detail: Any) -> None:
        super().__init__(f"{status}: {detail}")
        self.status = status
        self.detail = detail

    @property
    def message(self) -> str:
        detail = self.detail
        if isinstance(detail, str):
            return detail
        if isinstance(detail, list):
            texts = [error_text(item) for item in detail if isinstance(item, dict)]
            return "; ".join(dict.fromkeys(t for t in texts if t)) or "Revisá los datos ingresados"
        if isinstance(detail, dict):
            return str(detail.get("message") or detail.get("detail") or "Error")
        if self.status == 429:
            return "Demasiados intentos; esperá un momento y volvé a probar"
        if self.status >= 500:
            return "El servicio no está disponible en este momento; probá de nuevo en un rato"
        return "No se pudo completar la operación"

    def field_errors(self, aliases: Mapping[str, str] | None = None) -> dict[str, str]:
        """422 details by field (``loc``'s last name; ``aliases`` maps API names to form names)."""
        if self.status != 422 or not isinstance(self.detail, list):
            return {}
        errors: dict[str, str] = {}
        for item in self.detail:
            if not isinstance(item, dict):
                continue
            names = [str(part) for part in item.get("loc", []) if not isinstance(part, int)]
            names = [n for n in names if n not in ("body", "query", "path", "form")]
            name = names[-1] if names else "__all__"
            if aliases:
                name = aliases.get(name, name)
            errors.setdefault(name, error_text(item))
        return errors


class ApiContractError(ApiError):
    """The API accepted the call but its answer does not have the shape the page reads (a 502 to the
    visitor: the page cannot be shown, and nothing of the answer is guessed at)."""

    def __init__(self, path: str, shape: str, problems: int) -> None:
        super().__init__(502, None)
        self.path = path
        self.shape = shape
        self.problems = problems


_ADAPTERS: dict[object, TypeAdapter[Any]] = {}


def parse_as(shape: type[T], data: Any, *, path: str = "") -> T:
    """``data`` (an API answer) read as ``shape``: a model from :mod:`conectar.web.apimodels`, or a
    container of them such as ``list[Oferta]``. An answer that does not fit raises
    :class:`ApiContractError` (logged without the data: it may hold personal data)."""
    adapter = _ADAPTERS.get(shape)
    if adapter is None:
        adapter = _ADAPTERS.setdefault(shape, TypeAdapter(shape))
    try:
        value: T = adapter.validate_python(data)
    except ValidationError as exc:
        name = getattr(shape, "__name__", str(shape))
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        log.warning("api_answer_unexpected", path=path, shape=name, errors=errors[:5])
        raise ApiContractError(path, name, exc.error_count()) from exc
    return value


# Pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/), grouped by what the
# person has to do. Every type a request can produce has Spanish words here; a type not listed gets a
# generic Spanish sentence, never Pydantic's English message.
_TYPE_TEXT: dict[str, str] = {
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_from_float", "int_parsing_size"), "Ingresá un número entero"
    ),
    **dict.fromkeys(
        ("float_type", "float_parsing", "decimal_type", "decimal_parsing", "finite_number", "complex_type"),
        "Ingresá un número",
    ),
    "complex_str_parsing": "Ingresá un número",
    "decimal_whole_digits": "El número es demasiado grande",
    **dict.fromkeys(("bool_type", "bool_parsing"), "Elegí sí o no"),
    **dict.fromkeys(
        ("enum", "literal_error", "uuid_type", "uuid_parsing", "uuid_version", "union_tag_invalid"),
        "Elegí una opción válida",
    ),
    "union_tag_not_found": "Elegí una opción",
    **dict.fromkeys(
        (
            "date_type",
            "date_parsing",
            "date_from_datetime_parsing",
            "date_from_datetime_inexact",
            "datetime_type",
            "datetime_parsing",
            "datetime_from_date_parsing",
            "datetime_object_invalid",
        ),
        "Ingresá una fecha válida",
    ),
    **dict.fromkeys(("date_past", "datetime_past"), "La fecha tiene que ser anterior a hoy"),
    **dict.fromkeys(("date_future", "datetime_future"), "La fecha tiene que ser posterior a hoy"),
    **dict.fromkeys(("timezone_aware", "timezone_naive"), "Ingresá una fecha y hora válidas"),
    **dict.fromkeys(
        ("time_type", "time_parsing", "time_delta_type", "time_delta_parsing"), "Ingresá una hora válida"
    ),
    **dict.fromkeys(
        ("url_type", "url_parsing", "url_scheme", "url_syntax_violation"), "Ingresá una dirección web válida"
    ),
    "url_too_long": "La dirección web es demasiado larga",
    **dict.fromkeys(("string_type", "string_unicode", "string_sub_type", "bytes_type"), "Ingresá un texto"),
    "string_pattern_mismatch": "El formato no es válido",
    **dict.fromkeys(("json_invalid", "json_type"), "No pudimos leer los datos enviados"),
    **dict.fromkeys(
        (
            "list_type",
            "tuple_type",
            "set_type",
            "frozen_set_type",
            "dict_type",
            "model_type",
            "model_attributes_type",
            "dataclass_type",
            "iterable_type",
            "mapping_type",
        ),
        "El dato no tiene el formato esperado",
    ),
    "extra_forbidden": "Este dato no corresponde",
    "none_required": "Este dato no corresponde",
    "multiple_of": "El número no es válido",
    **dict.fromkeys(("decimal_max_places",), "Usá como mucho 2 decimales"),
}
_EMPTY_MEANS_MISSING = ("_type", "_parsing", "enum", "literal_error", "union_tag")
_ENGLISH = ("should", "must", "value is", "input", "valid ", "field ", "expected", "invalid")


def _number_text(value: Any) -> str:
    amount = to_decimal(value)
    if amount is None:
        return str(value)
    decimals = 0 if amount == amount.to_integral_value() else 2
    return number(amount, decimals)


def error_text(item: Mapping[str, Any]) -> str:
    """A validation error for one field (an item of a 422's ``detail``), in Spanish: by Pydantic's error
    ``type``, with its ``ctx`` limits written the Argentine way. A value left empty (a missing radio
    button, an empty select) asks for it instead of complaining about its type."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    msg = str(item.get("msg", ""))
    empty = "input" in item and item.get("input") in (None, "")
    if kind in (
        "missing",
        "missing_argument",
        "missing_keyword_only_argument",
        "missing_positional_only_argument",
    ):
        return "Completá este campo"
    if empty and kind.endswith(_EMPTY_MEANS_MISSING):
        return "Completá este campo"
    if kind in ("string_too_short", "too_short"):
        minimum = str(ctx.get("min_length", 1))
        if kind == "too_short":
            return "Elegí al menos una opción" if minimum == "1" else f"Elegí al menos {minimum} opciones"
        return "Completá este campo" if minimum == "1" else f"Tiene que tener al menos {minimum} caracteres"
    if kind in ("string_too_long", "too_long", "bytes_too_long"):
        maximum = ctx.get("max_length")
        if kind == "too_long":
            return f"Elegí como mucho {maximum}"
        return f"Puede tener hasta {_number_text(maximum)} caracteres"
    if kind == "bytes_too_short":
        return "Completá este campo"
    if kind == "greater_than_equal":
        return f"Tiene que ser {_number_text(ctx.get('ge'))} o más"
    if kind == "greater_than":
        return f"Tiene que ser mayor que {_number_text(ctx.get('gt'))}"
    if kind == "less_than_equal":
        return f"Tiene que ser {_number_text(ctx.get('le'))} o menos"
    if kind == "less_than":
        return f"Tiene que ser menor que {_number_text(ctx.get('lt'))}"
    if kind == "decimal_max_digits":
        return "El número tiene demasiadas cifras"
    if kind in _TYPE_TEXT:
        return _TYPE_TEXT[kind]
    if kind in ("value_error", "assertion_error"):
        text = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ").strip()
        if "email" in text.lower():
            return "Ingresá un e-mail válido"
        if not text or any(word in text.lower() for word in _ENGLISH):
            return "Revisá este dato"
        return text[:1].upper() + text[1:]
    # A service's own error type (a PydanticCustomError) carries its message in Spanish.
    if msg and not any(word in msg.lower() for word in _ENGLISH):
        return msg[:1].upper() + msg[1:]
    return "Revisá este dato"


@dataclass
class RefreshCoordinator:
    """Makes concurrent refreshes of one refresh token share a single call to the API."""

    kv: KeyValueStore
    codec: SessionCodec
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)

    async def cached(self, key: str) -> dict[str, Any] | None:
        try:
            value = await self.kv.get(f"web:refresh:{key}")
        except Exception:
            return None
        payload = self.codec.open_json(value)
        return payload if isinstance(payload, dict) else None

    async def remember(self, key: str, pair: dict[str, Any]) -> None:
        try:
            await self.kv.set(f"web:refresh:{key}", self.codec.seal_json(pair), REFRESH_CACHE_SECONDS)
        except Exception:
            return


class Api:
    """Calls to ``/api/v1`` for one page request, as the session's person (or anonymously)."""

    def __init__(
        self,
        gateway: Gateway,
        refresher: RefreshCoordinator,
        session: SessionData,
        *,
        client_address: str,
        request_id: str | None = None,
    ) -> None:
        self.gateway = gateway
        self.refresher = refresher
        self.session = session
        self.client_address = client_address
        self.request_id = request_id

    def _headers(self, auth: bool) -> dict[str, str]:
        headers = {"X-Forwarded-For": self.client_address, "Accept": "application/json"}
        if self.request_id:
            headers["X-Request-ID"] = self.request_id
        if auth and self.session.access:
            headers["Authorization"] = f"Bearer {self.session.access}"
        return headers

    def _extensions(self) -> dict[str, Any]:
        return {CLIENT_EXTENSION: (self.client_address, 0)}

    async def ensure_fresh(self) -> None:
        if self.session.signed_in and self.session.access_expiring():
            await self.refresh()

    async def refresh(self) -> None:
        old = self.session.refresh
        if not old:
            raise LoginRequired()
        key = token_fingerprint(old)
        lock = self.refresher.locks.setdefault(key, asyncio.Lock())
        try:
            async with lock:
                if self.session.refresh != old:  # another call of this request already did it
                    return
                pair = await self.refresher.cached(key)
                if pair is not None:
                    tokens = parse_as(TokenPair, pair, path="/auth/refresh")
                else:
                    response = await self.gateway.client.post(
                        f"{API}/auth/refresh",
                        json={"refresh_token": old},
                        headers=self._headers(auth=False),
                        extensions=self._extensions(),
                    )
                    if response.status_code in (400, 401, 403, 422):
                        self.session.sign_out()
                        raise LoginRequired()
                    if response.status_code != 200:
                        raise ApiError(response.status_code, _detail(response))
                    tokens = parse_as(TokenPair, response.json(), path="/auth/refresh")
                    await self.refresher.remember(key, tokens.model_dump())
                self.session.set_tokens(tokens)
        finally:
            if not lock.locked():
                self.refresher.locks.pop(key, None)

    async def send(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        json_body: Any = None,
        data: Mapping[str, Any] | None = None,
        files: Any = None,
        params: Mapping[str, Any] | None = None,
        stream: bool = False,
    ) -> httpx.Response:
        """The raw response (any status) of one call; refreshes the session's token when needed.

        With ``stream`` the body is not read yet: the caller relays it (``aiter_bytes``) and must
        ``aclose`` the response."""
        if auth:
            if not self.session.signed_in:
                raise LoginRequired()
            await self.ensure_fresh()
        clean_params = {k: v for k, v in (params or {}).items() if v is not None and v != ""}
        client = self.gateway.client
        for attempt in (1, 2):
            request = client.build_request(
                method,
                API + path,
                json=json_body,
                data=data,
                files=files,
                params=clean_params,
                headers=self._headers(auth),
                extensions=self._extensions(),
            )
            response = await client.send(request, stream=stream)
            if response.status_code == 401 and auth:
                await response.aclose()
                if attempt == 1:
                    await self.refresh()
                    continue
                self.session.sign_out()
                raise LoginRequired()
            return response
        raise AssertionError("unreachable")

    async def call(self, method: str, path: str, **send_args: Any) -> Any:
        """The JSON answer (None for 204) of :meth:`send`; raises :class:`ApiError` for any refusal."""
        response = _accepted(await self.send(method, path, **send_args))
        return None if response.status_code == 204 else response.json()

    async def get(self, path: str, *, auth: bool = True, params: Mapping[str, Any] | None = None) -> Any:
        return await self.call("GET", path, auth=auth, params=params)

    async def post(self, path: str, json_body: Any = None, *, auth: bool = True, **kwargs: Any) -> Any:
        return await self.call("POST", path, auth=auth, json_body=json_body, **kwargs)

    async def put(self, path: str, json_body: Any = None, **kwargs: Any) -> Any:
        return await self.call("PUT", path, json_body=json_body, **kwargs)

    async def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> Any:
        return await self.call("PATCH", path, json_body=json_body, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> Any:
        return await self.call("DELETE", path, **kwargs)

    # --- typed answers: the page reads models (conectar.web.apimodels), never the raw JSON -------------

    async def call_model(self, method: str, path: str, shape: type[T], **send_args: Any) -> T:
        """:meth:`call`, its answer read as ``shape`` (:func:`parse_as`)."""
        return parse_as(shape, await self.call(method, path, **send_args), path=path)

    async def get_model(
        self, path: str, shape: type[T], *, auth: bool = True, params: Mapping[str, Any] | None = None
    ) -> T:
        """``GET`` read as ``shape``, e.g. ``await api.get_model("/users/me", User)`` or
        ``await api.get_model("/cliente/ofertas", list[Oferta])``."""
        return await self.call_model("GET", path, shape, auth=auth, params=params)

    async def post_model(
        self, path: str, shape: type[T], json_body: Any = None, *, auth: bool = True, **kwargs: Any
    ) -> T:
        return await self.call_model("POST", path, shape, auth=auth, json_body=json_body, **kwargs)

    async def put_model(self, path: str, shape: type[T], json_body: Any = None, **kwargs: Any) -> T:
        return await self.call_model("PUT", path, shape, json_body=json_body, **kwargs)

    async def delete_model(self, path: str, shape: type[T], **kwargs: Any) -> T:
        return await self.call_model("DELETE", path, shape, **kwargs)

    async def soft_model(
        self,
        path: str,
        shape: type[T],
        default: D,
        *,
        auth: bool = True,
        params: Mapping[str, Any] | None = None,
    ) -> T | D:
        """``GET`` read as ``shape``, or ``default`` when the API refuses it (or answers something else):
        for the side panels of a page, which must not take the page down with them."""
        try:
            return await self.get_model(path, shape, auth=auth, params=params)
        except ApiError:
            return default

    async def get_model_with_total(
        self, path: str, shape: type[T], params: Mapping[str, Any] | None = None
    ) -> tuple[T, int | None]:
        """A list read as ``shape`` and its ``X-Total-Count`` header (when the API sends one)."""
        response = _accepted(await self.send("GET", path, params=params))
        total = response.headers.get("x-total-count")
        return parse_as(shape, response.json(), path=path), int(total) if total and total.isdigit() else None

    async def get_model_as(self, access_token: str, path: str, shape: type[T]) -> T:
        """GET with a token that is not (yet) the session's, e.g. right after login."""
        headers = {**self._headers(auth=False), "Authorization": f"Bearer {access_token}"}
        response = await self.gateway.client.get(API + path, headers=headers, extensions=self._extensions())
        return parse_as(shape, _accepted(response).json(), path=path)

    @property
    def expires_in(self) -> float:
        return self.session.exp - time.time()


def _accepted(response: httpx.Response) -> httpx.Response:
    """The response when the API accepted the call; :class:`ApiError` with its status and detail otherwise."""
    if not response.is_success:
        raise ApiError(response.status_code, _detail(response))
    return response


def _detail(response: httpx.Response) -> Any:
    try:
        body = response.json()
    except (ValueError, json.JSONDecodeError):
        return response.text[:300] or None
    return body.get("detail") if isinstance(body, dict) else body


def relayed(response: httpx.Response, media_type: str, headers: Mapping[str, str]) -> StreamingResponse:
    """A streamed API answer (``send(..., stream=True)``) passed on to the browser as it arrives, with its
    length when the API said it, the API's response closed once it is sent."""
    out = dict(headers)
    length = response.headers.get("content-length")
    if length and length.isdigit() and not response.headers.get("content-encoding"):
        out["Content-Length"] = length
    return StreamingResponse(
        response.aiter_bytes(), media_type=media_type, headers=out, background=BackgroundTask(response.aclose)
    )
