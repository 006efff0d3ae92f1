"""Hostile requests against every operation of every service, read from the services' own OpenAPI documents
and sent through the standalone gateway over HTTP with an admin's, a client's and a professional's token:

- every operation with a JSON body gets what Python's json accepts but JSON does not (NaN, ±Infinity,
  1e309, a lone surrogate escape), nesting far too deep, a top level that is not an object, and bytes that
  are not UTF-8;
- every date or date-time parameter gets years no database of the platform holds (and, for a date-time,
  no offset).

None of it may be a server error, and every answer must be strict JSON in UTF-8.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from conectar.platform.dates import MAX_YEAR, MIN_YEAR
from conectar.platform.jsonbody import loads_strict
from tests.factories import Account, create_admin, login, register
from tests.services.conftest import LiveStandalone

# JSON text for one value that Python's json accepts and JSON does not.
HOSTILE_VALUES = {
    "NaN": b"NaN",
    "Infinity": b"Infinity",
    "-Infinity": b"-Infinity",
    "1e309": b"1e309",
    "lone surrogate": b'"a\\ud800b"',
}
OTHER_BODIES = {
    "deeply nested array": b"[" * 50_000 + b"]" * 50_000,
    "array at the top": b'[{"a": 1}, 2]',
    "string at the top": b'"texto"',
    "number at the top": b"42",
    "null": b"null",
    "not UTF-8": b'{"a": "\xff\xfe\xfd"}',
    "surrogate as UTF-8 bytes": b'{"a": "\xed\xa0\x80"}',
}
NOT_JSON_TYPES = ("text/plain", None)  # FastAPI validates the raw bytes, and echoes them

# Values the databases cannot hold or compare, each of which must be a 422 (never a 5xx, never let through).
REFUSED = {
    "date": ["0001-01-01", "9999-12-31", f"{MIN_YEAR - 1}-12-31", f"{MAX_YEAR + 1}-01-01"],
    "date-time": [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59.999999-14:00",
        f"{MAX_YEAR + 1}-01-01T00:00:00Z",
        "2025-03-15T12:30:00",  # no offset: a UTC column refuses a naive datetime
    ],
}
IN_RANGE = {"date": "2025-03-15", "date-time": "2025-03-15T12:30:00-03:00"}


@dataclass(frozen=True)
class Operation:
    service: str
    method: str
    path: str
    spec: dict[str, Any]
    document: dict[str, Any]

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.service})"

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        return schema

    @property
    def json_body(self) -> dict[str, Any] | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        media = content.get("application/json")
        return None if media is None else self.resolve(media.get("schema", {}))

    def parameters(self, where: str) -> list[dict[str, Any]]:
        return [p for p in self.spec.get("parameters", []) if p["in"] == where]

    def url(self, query: dict[str, str] | None = None) -> str:
        path = self.path
        for param in self.parameters("path"):
            path = path.replace("{" + param["name"] + "}", sample(self.resolve(param.get("schema", {}))))
        values = {
            p["name"]: sample(self.resolve(p.get("schema", {})))
            for p in self.parameters("query")
            if p["required"]
        }
        values.update(query or {})
        return path + ("?" + str(httpx.QueryParams(values)) if values else "")


def sample(schema: dict[str, Any]) -> str:
    """A plausible value for a path or query parameter."""
    for option in schema.get("anyOf", []):
        if option.get("type") != "null":
            return sample(option)
    if "enum" in schema:
        return str(schema["enum"][0])
    if schema.get("type") == "integer":
        return str(max(1, schema.get("minimum", 1)))
    if schema.get("type") == "number":
        return "1.5"
    return {"date": IN_RANGE["date"], "date-time": IN_RANGE["date-time"]}.get(
        schema.get("format", ""), str(uuid.uuid4())
    )


def date_format(schema: dict[str, Any]) -> str | None:
    for option in [schema, *schema.get("anyOf", [])]:
        if option.get("format") in ("date", "date-time"):
            return str(option["format"])
    return None


def operations(live: LiveStandalone) -> Iterator[Operation]:
    for name, app in live.host.services.items():
        if app.openapi_url is None:
            continue
        document = app.openapi()
        for path, methods in document["paths"].items():
            for method, spec in methods.items():
                yield Operation(name, method.upper(), path, spec, document)


def hostile_bodies(operation: Operation) -> Iterator[tuple[str, bytes, str | None]]:
    """(name, body, content type): each hostile value in every top-level field the body has, then the rest."""
    schema = operation.json_body or {}
    fields = list(schema.get("properties", {})) or ["a"]
    for name, value in HOSTILE_VALUES.items():
        members = b", ".join(b'"' + field.encode() + b'": ' + value for field in fields)
        yield name, b"{" + members + b"}", "application/json"
        yield f"{name} alone", value, "application/json"
    for name, body in OTHER_BODIES.items():
        yield name, body, "application/json"
    for content_type in NOT_JSON_TYPES:
        yield f"not UTF-8 as {content_type}", OTHER_BODIES["not UTF-8"], content_type


@dataclass
class Roles:
    admin: Account
    client: Account
    professional: Account

    def all(self) -> list[Account]:
        return [self.admin, self.client, self.professional]


@pytest.fixture(scope="module")
async def roles(live: LiveStandalone) -> Roles:
    return Roles(
        admin=await create_admin(live.settings, live.client),
        client=await register(live.client, "CLIENTE"),
        professional=await register(live.client, "PROFESIONAL"),
    )


def problem(response: httpx.Response) -> str | None:
    """What is wrong with an answer: a server error, or a body that is not strict JSON in UTF-8."""
    if response.status_code >= 500:
        return f"{response.status_code}: {response.content[:200]!r}"
    try:
        loads_strict(response.content)
    except ValueError as exc:
        return f"{response.status_code}, not strict JSON ({exc}): {response.content[:200]!r}"
    return None


async def keep_sessions_open(api: httpx.AsyncClient, roles: Roles) -> None:
    """Log in again whoever an operation logged out (a logout with no body ends the caller's session)."""
    for account in roles.all():
        if (await api.get("/api/v1/users/me", headers=account.headers)).status_code == 401:
            account.access_token = (await login(api, account.email, account.password))["access_token"]


async def test_hostile_json_bodies_never_get_a_server_error(live: LiveStandalone, roles: Roles) -> None:
    api = live.client
    with_body = [op for op in operations(live) if op.json_body is not None]
    assert len(with_body) >= 40  # every service's JSON operations, not a handful
    assert {op.service for op in with_body} >= {
        "auth",
        "users",
        "professionals",
        "chat",
        "payments",
        "notifications",
    }
    failures: list[str] = []
    for operation in with_body:
        callers = roles.all()
        for name, body, content_type in hostile_bodies(operation):
            refused_as_invalid = False
            for account in list(callers):
                headers = dict(account.headers)
                if content_type is not None:
                    headers["content-type"] = content_type
                response = await api.request(operation.method, operation.url(), content=body, headers=headers)
                wrong = problem(response)
                if wrong is None and name in HOSTILE_VALUES:
                    # Refused as invalid JSON, unless the gateway refused the caller before the body was read.
                    detail = loads_strict(response.content).get("detail")
                    refused_as_invalid |= response.status_code == 422 and detail[0]["type"] == "json_invalid"
                    if not refused_as_invalid and response.status_code not in (401, 403):
                        wrong = f"{response.status_code} instead of a json_invalid 422: {response.text[:200]}"
                if wrong is not None:
                    failures.append(f"{operation} with {name} as {account.rol}: {wrong}")
                elif response.status_code in (401, 403) and len(callers) > 1:
                    # Refused for the role before the body was read: the other bodies would be too.
                    callers.remove(account)
            if name in HOSTILE_VALUES and not refused_as_invalid:
                failures.append(f"{operation} with {name}: nobody got a json_invalid 422")
        await keep_sessions_open(api, roles)
    assert not failures, f"{len(failures)} bad answers:\n" + "\n".join(failures[:60])


async def test_every_date_parameter_refuses_years_the_databases_do_not_hold(
    live: LiveStandalone, roles: Roles
) -> None:
    api = live.client
    await keep_sessions_open(api, roles)
    checked: list[str] = []
    failures: list[str] = []
    for operation in operations(live):
        for param in operation.parameters("query"):
            fmt = date_format(operation.resolve(param.get("schema", {})))
            if fmt is None:
                continue
            checked.append(f"{operation} ?{param['name']}")
            for value in [*REFUSED[fmt], IN_RANGE[fmt]]:
                refused_by_someone = False
                for account in roles.all():
                    response = await api.request(
                        operation.method, operation.url({param["name"]: value}), headers=account.headers
                    )
                    wrong = problem(response)
                    if wrong is not None:
                        failures.append(f"{operation} ?{param['name']}={value} as {account.rol}: {wrong}")
                        continue
                    errors = (
                        loads_strict(response.content).get("detail") if response.status_code == 422 else []
                    )
                    refused = any(e.get("loc") == ["query", param["name"]] for e in errors)
                    if refused and value == IN_RANGE[fmt]:
                        failures.append(f"{operation} ?{param['name']}={value} refused as {account.rol}")
                    refused_by_someone |= refused
                if value != IN_RANGE[fmt] and not refused_by_someone:
                    failures.append(f"{operation} ?{param['name']}={value} was not refused with a 422")
    # The filters known today; a new one is checked as soon as it appears in a document.
    assert {
        "GET /api/v1/pagos/historial (payments) ?desde",
        "GET /api/v1/pagos/historial (payments) ?hasta",
        "GET /api/v1/chat/messages/{chat_id} (chat) ?before",
    } <= set(checked)
    assert not failures, f"{len(failures)} bad answers:\n" + "\n".join(failures[:60])
