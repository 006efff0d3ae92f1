"""Issue 16's fixes as pure rules: validation errors in Spanish for every type Pydantic refuses, plurals
and sentences that agree, oficios named the way people write them, one address for the site, and the
checkout's own CSP at the gateway."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, Field, ValidationError

from conectar.gateway.middleware import API_CSP, CHECKOUT_CSP, content_security_policy
from conectar.web import formatting as f
from conectar.web import oficios
from conectar.web.api import ApiError, error_text
from conectar.web.core import site_alias_redirect
from conectar.web.forms import form_errors

ENGLISH = ("should", "must", "valid ", "input", "field", "required", "expected")


class Nivel(Enum):
    BRONCE = "BRONCE"
    ORO = "ORO"


class Everything(BaseModel):
    """A field of each kind the API's request models use."""

    entero: int
    rango: Annotated[int, Field(ge=1, le=5)]
    real: float
    monto: Annotated[Decimal, Field(max_digits=12, decimal_places=2)]
    nivel: Nivel
    tipo: Literal["CALIDAD", "OTRO"]
    activo: bool
    id: uuid.UUID
    dia: dt.date
    momento: dt.datetime
    texto: Annotated[str, Field(min_length=3, max_length=5)]
    lista: Annotated[list[int], Field(min_length=1)]


def refusals(**values: Any) -> list[dict[str, Any]]:
    """The 422 ``detail`` items FastAPI would send for ``values`` (as JSON: ctx values become text)."""
    valid: dict[str, Any] = {
        "entero": 1,
        "rango": 3,
        "real": 1.5,
        "monto": "10.00",
        "nivel": "ORO",
        "tipo": "OTRO",
        "activo": True,
        "id": str(uuid.uuid4()),
        "dia": "2025-01-01",
        "momento": "2025-01-01T10:00:00Z",
        "texto": "hola",
        "lista": [1],
    }
    try:
        Everything.model_validate({**valid, **values})
    except ValidationError as exc:
        return [
            {**e, "loc": ["body", *e["loc"]], "ctx": {k: str(v) for k, v in (e.get("ctx") or {}).items()}}
            for e in exc.errors(include_url=False)
        ]
    raise AssertionError("accepted")


@pytest.mark.parametrize(
    ("values", "spanish"),
    [
        ({"entero": "diez"}, "Ingresá un número entero"),  # int_parsing
        ({"entero": 1.5}, "Ingresá un número entero"),  # int_from_float
        ({"entero": [1]}, "Ingresá un número entero"),  # int_type
        ({"entero": None}, "Completá este campo"),  # int_type, nothing chosen (the empty star rating)
        ({"rango": 0}, "Tiene que ser 1 o más"),
        ({"rango": 6}, "Tiene que ser 5 o menos"),
        ({"real": "mucho"}, "Ingresá un número"),  # float_parsing
        ({"real": [1]}, "Ingresá un número"),  # float_type
        ({"monto": "12,5,0"}, "Ingresá un número"),  # decimal_parsing
        ({"monto": [1]}, "Ingresá un número"),  # decimal_type
        ({"monto": "1.234"}, "Usá como mucho 2 decimales"),
        ({"monto": "12345678901.5"}, "El número es demasiado grande"),  # decimal_whole_digits
        ({"nivel": "PLATINO"}, "Elegí una opción válida"),  # enum
        ({"nivel": ""}, "Completá este campo"),
        ({"tipo": "CUALQUIERA"}, "Elegí una opción válida"),  # literal_error
        ({"activo": "quizás"}, "Elegí sí o no"),  # bool_parsing
        ({"activo": [True]}, "Elegí sí o no"),  # bool_type
        ({"id": "no-es-un-id"}, "Elegí una opción válida"),  # uuid_parsing
        ({"dia": "ayer"}, "Ingresá una fecha válida"),  # date_from_datetime_parsing
        ({"momento": "pronto"}, "Ingresá una fecha válida"),  # datetime_parsing
        ({"texto": "ab"}, "Tiene que tener al menos 3 caracteres"),
        ({"texto": "abcdefgh"}, "Puede tener hasta 5 caracteres"),
        ({"texto": 5}, "Ingresá un texto"),  # string_type
        ({"lista": []}, "Elegí al menos una opción"),
        ({"lista": "1"}, "El dato no tiene el formato esperado"),  # list_type
    ],
)
def test_every_validation_error_reaches_the_person_in_spanish(values: dict[str, Any], spanish: str) -> None:
    (item,) = refusals(**values)
    assert error_text(item) == spanish, item["type"]
    assert not any(word in spanish.lower() for word in ENGLISH)


def test_an_unknown_error_type_or_an_english_message_is_never_shown() -> None:
    assert error_text({"type": "brand_new_type", "msg": "Input should be shiny"}) == "Revisá este dato"
    assert error_text({"type": "value_error", "msg": "Value error, value is too shiny"}) == "Revisá este dato"
    assert (
        error_text({"type": "value_error", "msg": "Value error, el CBU no es válido"})
        == "El CBU no es válido"
    )
    assert (
        error_text({"type": "greater_than_equal", "ctx": {"ge": "100000"}}) == "Tiene que ser 100.000 o más"
    )
    # A service's own error type (PydanticCustomError) says it in Spanish: shown as it is.
    overlap = "Las franjas del martes se superponen (09:00–13:00 y 12:00–18:00)"
    assert error_text({"type": "semana_invalida", "msg": overlap}) == overlap


def test_the_empty_star_rating_lands_under_its_field_in_spanish() -> None:
    error = ApiError(
        422,
        [
            {
                "type": "int_type",
                "loc": ["body", "rating"],
                "msg": "Input should be a valid integer",
                "input": None,
            }
        ],
    )
    assert form_errors(error) == {"rating": "Completá este campo"}
    assert "Input" not in error.message


@pytest.mark.parametrize(
    ("count", "singular", "text"),
    [
        (1, "profesional verificado", "1 profesional verificado"),
        (2, "profesional verificado", "2 profesionales verificados"),
        (0, "trabajo completado", "0 trabajos completados"),
        (1, "trabajo", "1 trabajo"),
        (1500, "trabajo", "1.500 trabajos"),
        (2, "infracción", "2 infracciones"),
        (3, "reseña", "3 reseñas"),
        (2, "correo eliminado", "2 correos eliminados"),
        (None, "retiro", "0 retiros"),
    ],
)
def test_plurals_agree(count: Any, singular: str, text: str) -> None:
    assert f.plural(count, singular) == text


def test_sentences_end_once_and_money_fields_read_back() -> None:
    assert f.sentence("La foto del dorso no se lee") == "La foto del dorso no se lee."
    assert f.sentence("La foto del dorso no se lee.") == "La foto del dorso no se lee."
    assert f.sentence("¡Borrosa!") == "¡Borrosa!"
    assert f.amount(Decimal("15000")) == "15.000"
    assert f.amount("1234.5") == "1.234,50"
    assert f.amount(None) == ""


def test_relative_days_never_say_one_days() -> None:
    now = dt.datetime(2025, 3, 14, 3, 30, tzinfo=dt.UTC)  # 00:30 of the 14th in Buenos Aires
    # 25 h before: the 12th (two calendar days back), not "hace 1 días"
    assert f.relative("2025-03-13T02:30:00Z", now) == "hace 2 días"


@dataclass(frozen=True)
class Of:
    id: uuid.UUID
    nombre: str


CATALOGUE = [
    Of(uuid.uuid4(), name)
    for name in (
        "Albañilería",
        "Electricidad",
        "Gas",
        "Plomería",
        "Cerrajería",
        "Climatización",
        "Reparación de electrodomésticos",
    )
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plomero", "Plomería"),
        ("PLOMERÍA", "Plomería"),
        ("plomeria", "Plomería"),
        ("plomeros", "Plomería"),
        ("gasista", "Gas"),
        ("pérdida de gas", "Gas"),
        ("electricista", "Electricidad"),
        ("electricista matriculado", "Electricidad"),
        ("albañil", "Albañilería"),
        ("aire acondicionado", "Climatización"),
        ("lavarropas", "Reparación de electrodomésticos"),
        ("plomeor", "Plomería"),  # a typo
        ("reparacion-de-electrodomesticos", "Reparación de electrodomésticos"),
        ("astronauta", None),
        ("", None),
    ],
)
def test_oficios_are_found_the_way_people_write_them(text: str, expected: str | None) -> None:
    found = oficios.match(CATALOGUE, text)
    assert (found.nombre if found else None) == expected


def test_a_pasted_essay_is_not_scored() -> None:
    assert oficios.match(CATALOGUE, "plomero") is not None
    assert oficios.match(CATALOGUE, "plomero " + "x" * oficios.MAX_QUERY) is None


def test_an_oficio_id_is_matched_exactly_and_landing_slugs_are_readable() -> None:
    gas = CATALOGUE[2]
    assert oficios.match(CATALOGUE, str(gas.id)) == gas
    assert oficios.match(CATALOGUE, str(uuid.uuid4())) is None
    assert [oficios.landing_slug(o) for o in CATALOGUE[:4]] == [
        "albaniles",
        "electricistas",
        "gasistas",
        "plomeros",
    ]
    assert oficios.landing_slug(CATALOGUE[5]) == "climatizacion"
    assert oficios.by_landing_slug(CATALOGUE, "plomeros") == (CATALOGUE[3], True)
    assert oficios.by_landing_slug(CATALOGUE, "plomeria") == (CATALOGUE[3], False)  # redirected
    assert oficios.by_landing_slug(CATALOGUE, "chat")[0] is None
    cyrillic = dataclasses.replace(CATALOGUE[5], id=uuid.UUID(int=7), nombre="Сантехника")
    assert oficios.landing_slug(cyrillic) == "oficio-00000000"
    assert oficios.by_landing_slug([cyrillic], "oficio-00000000") == (cyrillic, True)
    assert oficios.professionals_title(Of(uuid.uuid4(), "Herrería")) == "Profesionales de Herrería"


def scope(
    host: str, path: str = "/buscar", method: str = "GET", query: bytes = b"q=plomero"
) -> dict[str, Any]:
    return {
        "type": "http",
        "method": method,
        "path": path,
        "query_string": query,
        "headers": [(b"host", host.encode())],
        "scheme": "http",
    }


def test_a_page_reached_under_another_name_of_the_machine_moves_to_the_public_address() -> None:
    site = "http://localhost:8000"
    assert site_alias_redirect(scope("127.0.0.1:8000"), site) == "http://localhost:8000/buscar?q=plomero"
    assert site_alias_redirect(scope("[::1]:8000"), site) == "http://localhost:8000/buscar?q=plomero"
    assert site_alias_redirect(scope("localhost:8000"), site) is None
    assert site_alias_redirect(scope("127.0.0.1:9000"), site) is None  # another server
    assert site_alias_redirect(scope("192.168.1.5:8000"), site) is None  # a real other name: the proxy's job
    assert site_alias_redirect(scope("127.0.0.1:8000", method="POST"), site) is None
    assert site_alias_redirect(scope("127.0.0.1:8000", path="/static/css/app.css"), site) is None
    assert site_alias_redirect(scope("localhost:8000"), "https://conectar.example") is None
    assert site_alias_redirect(scope("127.0.0.1:8000", query=b""), site) == "http://localhost:8000/buscar"


def test_the_checkout_page_alone_gets_a_csp_that_allows_its_styles() -> None:
    assert content_security_policy("/api/v1/pagos/sandbox/checkout/pref-1") == CHECKOUT_CSP
    assert b"style-src 'unsafe-inline'" in CHECKOUT_CSP
    assert b"script-src" not in CHECKOUT_CSP  # default-src 'none': no script at all
    for path in (
        "/api/v1/pagos/sandbox/api/v1/payments/1",
        "/api/v1/pagos/sandbox/checkoutx",
        "/api/v1/pagos/balance",
        "/api/v1/users/me",
    ):
        assert content_security_policy(path) == API_CSP, path
