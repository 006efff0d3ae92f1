"""The pieces every legacy call is made of: its declaration, the request an adapter sees, its answer."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from conectar.platform.errors import AppError, NotFound
from conectar.platform.settings import Settings

from ..headers import Header
from .upstream import V1, Reply, read_body

_PARAM = re.compile(r"^\{([a-z_]+)\}$")


class Unprocessable(AppError):
    """A legacy body the adapter cannot read (422, FastAPI's status for validation)."""

    status_code = 422
    default_detail = "Solicitud inválida"


@dataclass
class Answer:
    """An adapter's answer: a JSON body in the legacy client's shape."""

    body: Any
    status: int = 200
    headers: list[Header] = field(default_factory=list)


@dataclass
class LegacyRequest:
    """What an adapter sees of the legacy request."""

    method: str
    path: str  # under /api/v1, as the legacy client sent it
    params: dict[str, str]
    query: list[tuple[str, str]]
    v1: V1
    settings: Settings
    _body: bytes | None = None

    def uuid(self, name: str) -> uuid.UUID:
        """A path parameter that must be an id (404 otherwise, as no such resource exists)."""
        try:
            return uuid.UUID(self.params[name])
        except (KeyError, ValueError) as exc:
            raise NotFound("No encontrado") from exc

    def arg(self, name: str) -> str | None:
        """The last value of a query parameter (axios sends each once)."""
        found = None
        for key, value in self.query:
            if key == name:
                found = value
        return found

    async def json_body(self) -> Any:
        """The legacy JSON body (``{}`` when there is none)."""
        if self._body is None:
            self._body = await read_body(self.v1.receive, self.settings.max_body_bytes)
        if not self._body.strip():
            return {}
        try:
            return json.loads(self._body)
        except ValueError as exc:
            raise Unprocessable([{"type": "json_invalid", "loc": ["body"], "msg": "JSON inválido"}]) from exc


Handler = Callable[[LegacyRequest], Awaitable[Answer | Reply]]


@dataclass(frozen=True)
class LegacyCall:
    """One call of a legacy client, served under /legacy/api/v1.

    ``path`` is the template the legacy client calls (under /api/v1), ``serves`` the frontend functions
    that send it, ``row`` the row of issue 20's table it answers (0: a call the frontend already makes in
    v1's words), ``v1`` the v1 calls it stands for (the first one decides the gateway's access checks),
    ``handler`` the adapter, or :func:`forwarded_as_is` for the same request on the same path under /api/v1.
    """

    method: str
    path: str
    serves: str
    row: int
    v1: tuple[str, ...]
    handler: Handler

    @property
    def route(self) -> str:
        """The low-cardinality name of the call in metrics and logs."""
        return f"{self.method} {self.path}"

    @property
    def forwards(self) -> bool:
        """The call is v1's own: the request goes to the same path under /api/v1, streamed as it came."""
        return self.handler is forwarded_as_is

    @property
    def admission(self) -> tuple[str, str]:
        """The v1 method and a concrete path of the route it stands for (for the access policy)."""
        method, _, path = self.v1[0].partition(" ")
        return method, re.sub(r"\{[a-z_]+\}", "x", path)


async def forwarded_as_is(request: LegacyRequest) -> Answer | Reply:
    """The handler of a call that is v1's own (:func:`forward`): the dispatcher forwards it instead."""
    raise NotImplementedError("forwarded by the dispatcher")


def forward(method: str, path: str, serves: str, row: int = 0) -> LegacyCall:
    """A call the legacy frontend makes in v1's own words: declared, so that it is served and counted
    under its own name, and forwarded unchanged (token check, rate limits, streaming) to /api/v1."""
    return LegacyCall(method, path, serves, row, (f"{method} {path}",), forwarded_as_is)


class CallTable:
    """The declared calls, matched on whole segments (a literal segment beats a parameter)."""

    def __init__(self, calls: Sequence[LegacyCall]) -> None:
        self.calls = tuple(calls)
        seen: set[str] = set()
        for call in self.calls:
            if call.route in seen:
                raise ValueError(f"legacy call declared twice: {call.route}")
            seen.add(call.route)
        self._segments = [tuple(call.path.strip("/").split("/")) for call in self.calls]

    def match(self, method: str, path: str) -> tuple[LegacyCall, dict[str, str]] | None:
        parts = tuple(path.strip("/").split("/"))
        best: tuple[int, LegacyCall, dict[str, str]] | None = None
        for call, template in zip(self.calls, self._segments, strict=True):
            if call.method != method or len(template) != len(parts):
                continue
            params: dict[str, str] = {}
            literals = 0
            for expected, actual in zip(template, parts, strict=True):
                name = _PARAM.match(expected)
                if name:
                    if not actual:
                        break
                    params[name.group(1)] = actual
                elif expected == actual:
                    literals += 1
                else:
                    break
            else:
                if best is None or literals > best[0]:
                    best = (literals, call, params)
        return (best[1], best[2]) if best else None


def alias(
    method: str,
    v1_path: str,
    *,
    body: Callable[[Any], Any] | None = None,
    answer: Callable[[Any, LegacyRequest], Any] | None = None,
    stream: bool = False,
) -> Handler:
    """A declared alias: the same request on another v1 path (and method); ``body`` rewrites the legacy
    JSON body, ``answer`` the v1 success answer (without it, the v1 answer goes back as it is)."""
    names = re.findall(r"\{([a-z_]+)\}", v1_path)

    async def handle(request: LegacyRequest) -> Answer | Reply:
        path = v1_path.format(**{name: str(request.uuid(name)) for name in names})
        json_body = body(await request.json_body()) if body is not None else None
        reply = await request.v1.call(
            method, path, query=request.query, json_body=json_body, stream_body=stream and body is None
        )
        if answer is None or not reply.ok:
            return reply
        return Answer(answer(reply.json(), request), status=reply.status, headers=reply.kept_headers())

    return handle
