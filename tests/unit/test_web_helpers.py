"""The web app's small rules: API errors by field, safe redirects, the pages' CSP, input parsing."""

from __future__ import annotations

import jinja2
import pytest

from conectar.platform.settings import Settings
from conectar.web.api import ApiError
from conectar.web.core import (
    build_templates,
    client_address,
    content_security_policy,
    money_input,
    query_string,
    safe_next,
)
from conectar.web.gateway import sse_events
from conectar.web.settings import WebSettings


def test_validation_errors_are_put_next_to_their_field() -> None:
    error = ApiError(
        422,
        [
            {"type": "string_too_short", "loc": ["body", "password"], "msg": "x", "ctx": {"min_length": 8}},
            {"type": "value_error", "loc": ["body", "email"], "msg": "value is not a valid email address: x"},
            {"type": "missing", "loc": ["body", "nombre"], "msg": "Field required"},
            {
                "type": "less_than_equal",
                "loc": ["body", "radio_cobertura_km"],
                "msg": "x",
                "ctx": {"le": 500},
            },
            {"type": "value_error", "loc": ["body", "payout_account"], "msg": "Value error, CBU inválido"},
            {"type": "decimal_parsing", "loc": ["body", "items", 0, "precio"], "msg": "x"},
        ],
    )
    fields = error.field_errors({"radio_cobertura_km": "radio"})
    assert fields == {
        "password": "Tiene que tener al menos 8 caracteres",
        "email": "Ingresá un e-mail válido",
        "nombre": "Completá este campo",
        "radio": "Tiene que ser 500 o menos",
        "payout_account": "CBU inválido",
        "precio": "Ingresá un número",
    }
    assert "al menos 8" in error.message


def test_other_refusals_are_one_message() -> None:
    assert ApiError(400, "El email ya está registrado").message == "El email ya está registrado"
    assert ApiError(400, "x").field_errors() == {}
    assert "momento" in ApiError(429, None).message
    assert "disponible" in ApiError(502, None).message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/trabajos/1", "/trabajos/1"),
        ("/buscar?oficio=x", "/buscar?oficio=x"),
        ("https://malo.example/", "/"),
        ("//malo.example/", "/"),
        ("/\\malo.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\t/malo.example", "/"),
        ("/\n/malo.example", "/"),
        ("/buscar\r\nSet-Cookie: x=1", "/"),
        (None, "/"),
    ],
)
def test_redirects_stay_on_this_site(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


def test_the_visitors_address_is_believed_only_from_a_trusted_proxy() -> None:
    def scope(peer: str, *forwarded: str) -> dict[str, object]:
        return {"client": (peer, 5000), "headers": [(b"x-forwarded-for", hop.encode()) for hop in forwarded]}

    gateway = ["10.0.0.0/8"]
    # The gateway in front names the visitor (and any proxy before it).
    assert client_address(scope("10.0.0.5", "198.51.99.7"), gateway) == "198.51.99.7"
    assert client_address(scope("10.0.0.5", "6.6.6.6, 198.51.99.7", "10.0.0.9"), gateway) == "198.51.99.7"
    # Someone reaching the web app directly cannot choose the address its rate limits count.
    assert client_address(scope("198.51.99.7", "10.9.9.9"), gateway) == "198.51.99.7"
    assert client_address(scope("198.51.99.7", "1.2.3.4"), []) == "198.51.99.7"
    assert client_address({"headers": []}, gateway) == "unknown"


def test_the_pages_csp_allows_only_this_site_tiles_and_the_checkout() -> None:
    settings = Settings(public_url="https://conectar.example")
    csp = content_security_policy(settings, WebSettings())
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "https://tile.openstreetmap.org" in directives["img-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"].startswith(
        "'self' https://conectar.example https://www.mercadopago.com.ar"
    )
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp


def test_query_strings_and_money_inputs() -> None:
    assert query_string({"oficio": "a b", "page": 2}, page=3) == "?oficio=a%20b&page=3"
    assert query_string({"estado": None}) == ""
    assert money_input("18.000") == "18000"
    assert money_input("$ 1.234,50") == "1234.50"
    assert money_input("1500.5") == "1500.5"
    assert money_input("45000.50") == "45000.50"
    assert money_input("1.234.567") == "1234567"
    assert money_input("") is None


def test_server_sent_events_are_parsed() -> None:
    assert sse_events(["event: contador", 'data: {"count": 3}']) == ("contador", {"count": 3})
    assert sse_events([": ping"]) is None
    assert sse_events(["retry: 5000"]) is None
    assert sse_events(["data: hola"]) == ("message", "hola")


def test_every_template_compiles() -> None:
    env = build_templates(
        {"static_url": lambda path: f"/static/{path}", "CITIES": (), "sandbox_payments": True}
    )
    names = env.list_templates()
    assert len(names) > 30
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:  # pragma: no cover - the failure message is the point
            pytest.fail(f"{name}:{exc.lineno}: {exc}")
