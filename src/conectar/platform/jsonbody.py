"""Strict JSON request bodies, checked once in the kernel for every service.

Python's ``json`` accepts more than JSON (RFC 8259) does, and FastAPI parses request bodies with it:

- ``NaN``, ``Infinity`` and ``-Infinity`` become floats, and so does a number too large for one (``1e309``
  is ``inf``);
- a ``\\ud800`` escape, valid JSON syntax, decodes to a lone surrogate: a ``str`` that cannot be encoded
  as UTF-8 again (and bytes are decoded with ``surrogatepass``, so ``ED A0 80`` gives one too);
- a deeply nested body ends in a ``RecursionError``.

Every one of these got past the parser and broke later, at the latest in FastAPI's own 422 handler, which
echoes the input and cannot encode it: a 500. :class:`StrictJSONMiddleware` reads every JSON request body
before the app does, and when the body is not strict JSON the request is answered 422 in FastAPI's own
shape (``json_invalid`` at the position of the offending text) — after the route's authentication and role
checks, like any other invalid body: UTF-8 only, finite numbers only, no unpaired surrogate
escape, at most :data:`MAX_DEPTH` levels of arrays and objects. Plain syntax errors are left to the app
(FastAPI answers them with the same shape), so a route that reads its body itself keeps its behaviour.

The check parses the body once more. Measured with ``bench/strict_json.py`` (figures in bench/README.md):
about 4 µs for a typical small body (``json.loads`` alone takes about 2.4 µs), and about 10 µs added to a
request through a bare FastAPI app, whose own handling of that request takes about 50 µs; a real request
of this platform takes milliseconds.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_DEPTH = 64
"""Levels of nested arrays and objects a request body may have (the API's own bodies use fewer than 5)."""

NON_FINITE = "Número no válido en JSON: NaN, Infinity o un valor fuera del rango de un número"
UNPAIRED_SURROGATE = "Escape Unicode inválido: un sustituto (surrogate) sin su par"
NOT_UTF8 = "El cuerpo JSON no es UTF-8 válido"
TOO_DEEP = f"El cuerpo JSON tiene más de {MAX_DEPTH} niveles de anidamiento"

# A JSON string (skipped as a whole) or one of the other tokens looked for. Escapes are only valid inside
# strings, so a backslash never starts a token outside one.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+"'
_NUMBER_OR_CONSTANT = re.compile(
    _STRING + r"|(NaN|-?Infinity|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)", re.DOTALL
)
_OPEN_OR_CLOSE = re.compile(_STRING + r"|([\[{])|[\]}]", re.DOTALL)
_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)", re.DOTALL)
_CONTAINERS = frozenset({dict, list})  # what json.loads builds for objects and arrays
_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
# Cheap prefilter: only text with an escape of a surrogate can decode to a lone surrogate.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class StrictJSONError(json.JSONDecodeError):
    """A body that Python's ``json`` would accept but JSON does not (position in characters, or in bytes
    for a body that is not UTF-8)."""

    def __init__(self, reason: str, doc: str, pos: int) -> None:
        super().__init__(reason, doc, pos)
        self.reason = reason


class _NonFinite(ValueError):
    pass


def _reject_constant(_: str) -> Any:
    raise _NonFinite


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NonFinite
    return value


def loads_strict(body: bytes | str) -> Any:
    """Parse ``body`` as strict JSON; raise :class:`StrictJSONError` for what JSON forbids and
    ``json.JSONDecodeError`` (or ``ValueError`` for an integer too long to convert) for a syntax error."""
    if isinstance(body, bytes):
        try:
            # A UTF-8 byte order mark is tolerated, as FastAPI's parser does.
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise StrictJSONError(NOT_UTF8, body.decode("utf-8", "replace"), exc.start) from None
    else:
        text = body
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a str that already holds a lone surrogate
            raise StrictJSONError(UNPAIRED_SURROGATE, text, exc.start) from None
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except _NonFinite:
        raise StrictJSONError(NON_FINITE, text, _non_finite_position(text)) from None
    except RecursionError:  # json's own limit, about a thousand levels
        raise StrictJSONError(TOO_DEEP, text, _nesting_position(text, MAX_DEPTH)) from None
    # Nesting is looked at only when there are enough brackets for it to be too deep.
    if text.count("[") + text.count("{") > MAX_DEPTH and _deeper_than(value, MAX_DEPTH):
        raise StrictJSONError(TOO_DEEP, text, _nesting_position(text, MAX_DEPTH))
    if _SURROGATE_ESCAPE.search(text) is not None:
        lone = _unpaired_surrogate_position(text)
        if lone is not None:
            raise StrictJSONError(UNPAIRED_SURROGATE, text, lone)
    return value


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether parsed JSON nests arrays and objects more than ``limit`` levels deep (one level at a time,
    without recursion)."""
    level = [value] if type(value) in _CONTAINERS else []
    for _ in range(limit):
        below: list[Any] = []
        for container in level:
            children = container.values() if type(container) is dict else container
            below += [child for child in children if type(child) in _CONTAINERS]
        if not below:
            return False
        level = below
    return True


def _nesting_position(text: str, limit: int) -> int:
    depth = 0
    for match in _OPEN_OR_CLOSE.finditer(text):
        if match.group(1) is not None:
            depth += 1
            if depth > limit:
                return match.start()
        elif match.group()[0] != '"':
            depth -= 1
    return 0


def _non_finite_position(text: str) -> int:
    for match in _NUMBER_OR_CONSTANT.finditer(text):
        literal = match.group(1)
        if literal is None or not (literal in _CONSTANTS or any(c in literal for c in ".eE")):
            continue  # a string, or an integer (which json parses exactly, however long)
        if not math.isfinite(float(literal)):
            return match.start()
    return 0


def _unpaired_surrogate_position(text: str) -> int | None:
    """Where the first escape of a lone surrogate is, pairing escapes exactly as ``json`` does (a high
    surrogate escape immediately followed by a low one is one character)."""
    pending_high: int | None = None
    previous_end = -1
    for match in _ESCAPE.finditer(text):
        digits = match.group(1)
        code = int(digits, 16) if digits is not None else -1
        if pending_high is not None:
            if match.start() == previous_end and 0xDC00 <= code <= 0xDFFF:
                pending_high = None
                previous_end = match.end()
                continue
            return pending_high
        if 0xD800 <= code <= 0xDBFF:
            pending_high = match.start()
        elif 0xDC00 <= code <= 0xDFFF:
            return match.start()
        previous_end = match.end()
    return pending_high


def is_json_media_type(content_type: str) -> bool:
    """``application/json`` or ``application/*+json``, the types FastAPI parses as JSON."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def json_invalid(reason: str, pos: int) -> JSONResponse:
    """The 422 FastAPI answers for a body it cannot parse, with the same shape."""
    error = {"type": "json_invalid", "loc": ["body", pos], "msg": "JSON decode error", "input": {}}
    return JSONResponse({"detail": [{**error, "ctx": {"error": reason}}]}, status_code=422)


STRICT_REFUSAL = "conectar.strict_json_refusal"
"""Scope key: (reason, position) of a body that is not strict JSON, for the 422 handler."""
UNPARSEABLE = b"\x00"
"""What the app reads instead of a body that is not strict JSON: every JSON parser refuses it."""


class StrictJSONMiddleware:
    """Reads each JSON request body; hands the app the same body when it is strict JSON (see the module's
    docstring), and otherwise one that cannot be parsed, with the reason in the scope: the route's
    authentication and role checks run first, then the 422 says what was wrong with the original."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_json_body(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away: nobody to answer
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:
            try:
                loads_strict(body)
            except StrictJSONError as exc:
                # Not answered here: the route's role check comes first (SPEC), so the app gets a body
                # its parser refuses, and the kernel's 422 handler reports this reason and position.
                scope[STRICT_REFUSAL] = (exc.reason, exc.pos)
                body = UNPARSEABLE
            except ValueError:
                pass  # a syntax error: the app answers it as it always has
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def _has_json_body(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return is_json_media_type(value.decode("latin-1"))
    return False
