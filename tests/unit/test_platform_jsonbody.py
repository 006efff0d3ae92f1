"""The kernel's strict JSON: the parser, the middleware that applies it to request bodies, and the 422
handler that must always produce valid JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Form
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from conectar.platform.errors import MAX_ECHO_DEPTH, TRUNCATED, install_error_handlers, json_safe
from conectar.platform.jsonbody import (
    MAX_DEPTH,
    NON_FINITE,
    NOT_UTF8,
    TOO_DEEP,
    UNPAIRED_SURROGATE,
    StrictJSONError,
    StrictJSONMiddleware,
    is_json_media_type,
    loads_strict,
)

# --- the parser ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "reason", "pos"),
    [
        (b'{"a": NaN}', NON_FINITE, 6),
        (b'{"a": Infinity}', NON_FINITE, 6),
        (b'{"a": -Infinity}', NON_FINITE, 6),
        (b'{"a": 1e309}', NON_FINITE, 6),
        (b'{"a": -1.5E+400}', NON_FINITE, 6),
        (b'{"a": ' + b"9" * 400 + b".5}", NON_FINITE, 6),
        (b'{"a": [1, 2.5, {"b": NaN}]}', NON_FINITE, 21),
        # "1e309" inside a string is text; the number after it is what overflows
        (b'{"t": "1e309 NaN", "a": 1e999}', NON_FINITE, 24),
        (b'{"a": "\\ud800"}', UNPAIRED_SURROGATE, 7),
        (b'{"a": "x\\uDBFF"}', UNPAIRED_SURROGATE, 8),
        (b'{"a": "\\udc00x"}', UNPAIRED_SURROGATE, 7),
        (b'{"a": "\\ud800\\ud800"}', UNPAIRED_SURROGATE, 7),
        (b'{"a": "\\ude00\\ud83d"}', UNPAIRED_SURROGATE, 7),  # a pair in the wrong order
        (b'{"\\ud800": 1}', UNPAIRED_SURROGATE, 2),  # in a key
        (b'["\\\\", "\\ud800"]', UNPAIRED_SURROGATE, 8),
        (b'{"a": "\xff"}', NOT_UTF8, 7),
        (b'{"a": "\xed\xa0\x80"}', NOT_UTF8, 7),  # a surrogate encoded in UTF-8 bytes
        (b'{"a": "\xc0\xaf"}', NOT_UTF8, 7),  # overlong
        (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), TOO_DEEP, MAX_DEPTH),
        (b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1), TOO_DEEP, 5 * MAX_DEPTH),
        (b"[" * 100_000 + b"]" * 100_000, TOO_DEEP, MAX_DEPTH),  # past json's own recursion limit
    ],
)
def test_what_json_forbids_is_refused_with_its_position(body: bytes, reason: str, pos: int) -> None:
    with pytest.raises(StrictJSONError) as caught:
        loads_strict(body)
    assert caught.value.reason == reason
    assert caught.value.pos == pos
    assert isinstance(caught.value, json.JSONDecodeError)  # what FastAPI itself catches


@pytest.mark.parametrize(
    "body",
    [
        b'{"a": "\\ud83d\\ude00"}',  # an escaped surrogate pair is one character
        '{"a": "😀 ñandú"}'.encode(),
        b'{"a": "\\\\ud800"}',  # an escaped backslash, then text
        b'{"a": "[[[[[[[[", "b": 1e308, "c": -1.7976931348623157e308, "d": 1e-400}',
        b'{"n": ' + b"1" * 400 + b"}",  # integers are exact, however long
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
        b'[{"a": "' + b"]" * 200 + b'"}]',  # brackets inside strings are not nesting
        b"\xef\xbb\xbf" + b'{"a": 1}',  # a UTF-8 byte order mark
        b'"NaN"',
        b"null",
    ],
)
def test_strict_json_parses_like_json(body: bytes) -> None:
    assert loads_strict(body) == json.loads(body)


@pytest.mark.parametrize("body", [b"{bad", b'{"a": nan}', b"[1,]", b""])
def test_syntax_errors_are_plain_json_errors(body: bytes) -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        loads_strict(body)
    assert not isinstance(caught.value, StrictJSONError)


def test_a_str_holding_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(StrictJSONError) as caught:
        loads_strict('{"a": "x\ud800"}')
    assert (caught.value.reason, caught.value.pos) == (UNPAIRED_SURROGATE, 8)


def _leaves(value: Any) -> Any:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def _acceptable(text: str) -> bool:
    """The reference: what the standard parser makes of the text is finite, encodable and shallow."""
    value = json.loads(text)
    for leaf in _leaves(value):
        if isinstance(leaf, float) and not math.isfinite(leaf):
            return False
        if isinstance(leaf, str):
            try:
                leaf.encode("utf-8")
            except UnicodeEncodeError:
                return False
    return _depth(value) <= MAX_DEPTH


any_text = st.text(st.characters(codec=None) | st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF))
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300)
@given(value=json_values, nest=st.integers(0, MAX_DEPTH + 2), ensure_ascii=st.booleans())
def test_accepts_exactly_what_the_reference_accepts(value: Any, nest: int, ensure_ascii: bool) -> None:
    text = "[" * nest + json.dumps(value, ensure_ascii=ensure_ascii) + "]" * nest
    try:
        body: bytes | str = text.encode("utf-8")
    except UnicodeEncodeError:
        body = text  # raw surrogates cannot even be encoded: checked as a str
    if _acceptable(text):
        assert loads_strict(body) == json.loads(text)
    else:
        with pytest.raises(StrictJSONError):
            loads_strict(body)


@pytest.mark.parametrize(
    ("content_type", "json_body"),
    [
        ("application/json", True),
        ("application/json; charset=utf-8", True),
        ("Application/JSON", True),
        ("application/problem+json", True),
        ("application/x-www-form-urlencoded", False),
        ("multipart/form-data; boundary=x", False),
        ("text/plain", False),
        ("text/json", False),
    ],
)
def test_json_media_types_are_the_ones_fastapi_parses(content_type: str, json_body: bool) -> None:
    assert is_json_media_type(content_type) is json_body


# --- the middleware and the 422 handler, on a small app -------------------------------------------------


class Punto(BaseModel):
    lat: float
    nombre: str


def small_app() -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)

    @app.post("/punto")
    async def punto(body: Punto) -> dict[str, Any]:
        return body.model_dump()

    @app.post("/form")
    async def form(nombre: str = Form(max_length=3)) -> dict[str, str]:
        return {"nombre": nombre}

    app.add_middleware(StrictJSONMiddleware)
    return app


async def post(
    content: Any, content_type: str | None = "application/json", path: str = "/punto"
) -> httpx.Response:
    transport = httpx.ASGITransport(app=small_app())
    headers = {"content-type": content_type} if content_type else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post(path, content=content, headers=headers)


def strict_json(response: httpx.Response) -> Any:
    return loads_strict(response.content)


@pytest.mark.parametrize(
    ("body", "pos"),
    [(b'{"lat": NaN, "nombre": "x"}', 8), (b'{"lat": 1, "nombre": "\\udfff"}', 22), (b'{"lat": 1e400}', 8)],
)
async def test_a_body_that_is_not_strict_json_is_a_422_in_fastapis_shape(body: bytes, pos: int) -> None:
    response = await post(body)
    assert response.status_code == 422
    [error] = strict_json(response)["detail"]
    assert error["type"] == "json_invalid"
    assert error["loc"] == ["body", pos]
    assert error["msg"] == "JSON decode error"
    assert error["ctx"]["error"] in (NON_FINITE, UNPAIRED_SURROGATE)


async def test_a_strict_body_reaches_the_route_whole_even_in_chunks() -> None:
    async def chunks() -> Any:
        for part in (b'{"lat": -34.6', b'03, "nombre": "', "Ñandú 😀".encode(), b'"}'):
            yield part

    response = await post(chunks())
    assert response.status_code == 200
    assert response.json() == {"lat": -34.603, "nombre": "Ñandú 😀"}


async def test_syntax_errors_are_still_fastapis_own_422() -> None:
    response = await post(b'{"lat": 1,')
    assert response.status_code == 422
    [error] = strict_json(response)["detail"]
    assert error["type"] == "json_invalid"
    assert error["ctx"]["error"].startswith("Expecting")


async def test_other_media_types_are_not_parsed_and_their_echo_is_valid_json() -> None:
    # Not JSON, so FastAPI validates the raw bytes and echoes them: bytes that are not UTF-8 used to be a 500.
    response = await post(b'{"lat": NaN, "x": "\xff\xfe"}', content_type="text/plain")
    assert response.status_code == 422
    [error] = strict_json(response)["detail"]
    assert error["input"] == '{"lat": NaN, "x": "\ufffd\ufffd"}'


async def test_a_lone_surrogate_from_a_form_is_echoed_replaced() -> None:
    # A UTF-7 multipart part decodes "+2AA-" to "\ud800": pydantic refuses it, and the echo must encode.
    body = b'--b\r\nContent-Disposition: form-data; name="nombre"\r\n\r\n+2AA-abcd\r\n--b--\r\n'
    response = await post(body, content_type="multipart/form-data; charset=utf-7; boundary=b", path="/form")
    assert response.status_code == 422
    [error] = strict_json(response)["detail"]
    assert error["loc"] == ["body", "nombre"]
    assert "\ud800" not in error["input"]
    assert error["input"].startswith("\ufffd")


def test_json_safe_makes_anything_encodable() -> None:
    deep: list[Any] = []
    cursor = deep
    for _ in range(MAX_ECHO_DEPTH + 5):
        cursor.append([])
        cursor = cursor[0]
    value = {
        "s\ud800": ["ok", "a\udfffb", b"\xff", math.nan, -math.inf, 1.5, 2, None, True],
        "t": ("x", frozenset({"y"})),
        "deep": deep,
    }
    safe = json_safe(value)
    text = json.dumps(safe, allow_nan=False, ensure_ascii=False)
    text.encode("utf-8")
    assert safe["s\ufffd"] == ["ok", "a\ufffdb", "\ufffd", None, None, 1.5, 2, None, True]
    assert safe["t"] == ["x", ["y"]]
    assert TRUNCATED in text
