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
from typing import Any

import httpx

from conectar.platform.kv import KeyValueStore
from conectar.web.gateway import CLIENT_EXTENSION, Gateway
from conectar.web.session import SessionCodec, SessionData, token_fingerprint

API = "/api/v1"
REFRESH_CACHE_SECONDS = 60.0


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


def error_text(item: Mapping[str, Any]) -> str:
    """Pydantic's message for one field, in Spanish."""
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    msg = str(item.get("msg", ""))
    if kind == "missing":
        return "Completá este campo"
    if kind in ("string_too_short", "too_short"):
        minimum = ctx.get("min_length", 1)
        return "Completá este campo" if minimum == 1 else f"Tiene que tener al menos {minimum} caracteres"
    if kind in ("string_too_long", "too_long"):
        return f"Puede tener hasta {ctx.get('max_length')} caracteres"
    if kind == "greater_than_equal":
        return f"Tiene que ser {ctx.get('ge')} o más"
    if kind == "greater_than":
        return f"Tiene que ser mayor que {ctx.get('gt')}"
    if kind == "less_than_equal":
        return f"Tiene que ser {ctx.get('le')} o menos"
    if kind == "less_than":
        return f"Tiene que ser menor que {ctx.get('lt')}"
    if kind in ("decimal_parsing", "float_parsing", "int_parsing", "decimal_type", "float_type"):
        return "Ingresá un número"
    if kind in ("decimal_max_places", "decimal_max_digits"):
        return "Usá como mucho 2 decimales"
    if kind == "uuid_parsing":
        return "Elegí una opción válida"
    if kind in ("literal_error", "enum"):
        return "Elegí una opción válida"
    if kind == "value_error":
        text = msg.removeprefix("Value error, ")
        if "email" in text.lower():
            return "Ingresá un e-mail válido"
        return text[:1].upper() + text[1:]
    return msg or "Valor inválido"


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
                if pair is None:
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
                    pair = response.json()
                    await self.refresher.remember(key, pair)
                self.session.set_tokens(pair)
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

    async def get_with_total(
        self, path: str, params: Mapping[str, Any] | None = None
    ) -> tuple[Any, int | None]:
        """A list and its ``X-Total-Count`` header (when the API sends one)."""
        response = _accepted(await self.send("GET", path, params=params))
        total = response.headers.get("x-total-count")
        return response.json(), int(total) if total and total.isdigit() else None

    async def get_as(self, access_token: str, path: str) -> Any:
        """GET with a token that is not (yet) the session's, e.g. right after login."""
        headers = {**self._headers(auth=False), "Authorization": f"Bearer {access_token}"}
        response = await self.gateway.client.get(API + path, headers=headers, extensions=self._extensions())
        return _accepted(response).json()

    async def soft(self, path: str, default: Any = None, **kwargs: Any) -> Any:
        """GET that answers ``default`` instead of raising (for side panels of a page)."""
        try:
            return await self.get(path, **kwargs)
        except ApiError:
            return default

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
