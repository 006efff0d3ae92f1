"""Schema-driven fuzzing: schemathesis generates requests from every service's OpenAPI document, valid and
invalid ones, a bounded number per operation, and sends them through the standalone gateway over HTTP with
an admin's, a client's or a professional's token. Not one may be answered with a server error (the
``not_a_server_error`` check).

Two things widen what schemathesis draws by default: dates and date-times cover every year RFC 3339 and
Python allow (0001–9999, with offsets up to ±14 h), and some JSON bodies get one leaf replaced by what
Python's json accepts but JSON does not (NaN, ±Infinity, 1e309, a lone surrogate escape).

Generation is derandomized, so a run is reproducible and a failure is reported with the request that
caused it; examples are not shrunk (each failure is collected, then all are reported together).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.formats import unregister_string_format

from tests.factories import Account, create_admin, login, register
from tests.services.conftest import LiveStandalone

# The fuzzer runs on a worker thread, where CPython 3.11 can fail to compile a module that hypothesis
# imports lazily ("AST constructor recursion depth mismatch"): build that strategy here, on the main thread.
st.randoms().validate()

EXAMPLES_PER_MODE = 10
"""Generated requests per operation and per generation mode (valid data, then data that breaks the schema)."""

SKIPPED = {
    # Server-sent events: the response never ends while the token is valid.
    ("GET", "/api/v1/notificaciones/stream"),
}

TIMEOUT_SECONDS = 30

OFFSETS = [UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-14))]
EDGE_MOMENTS = [datetime.min.replace(tzinfo=OFFSETS[1]), datetime.max.replace(tzinfo=OFFSETS[2])]
# Half of the draws are the very edges of the range, where arithmetic on a date overflows.
FULL_RANGE_FORMATS = {
    "date": (st.sampled_from([date.min, date.max]) | st.dates()).map(date.isoformat),
    "date-time": (st.sampled_from(EDGE_MOMENTS) | st.datetimes(timezones=st.sampled_from(OFFSETS))).map(
        datetime.isoformat
    ),
}
HOSTILE_LEAVES = ["NaN", "Infinity", "-Infinity", "1e309", '"a\\ud800b"']
_PLACEHOLDER = "\x00hostile\x00"


def leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where the scalars and the empty containers are in a JSON value."""
    if not value and isinstance(value, dict | list):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaf_paths(item, (*path, index))
    else:
        yield path


def replaced(value: Any, path: tuple[Any, ...], leaf: Any) -> Any:
    if not path:
        return leaf
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], leaf)
    return copy


def with_hostile_leaf(case: Case[Any], path: tuple[Any, ...], literal: str) -> Case[Any]:
    """The same request with the JSON text of one leaf of its body replaced by ``literal``."""
    text = json.dumps(replaced(case.body, path, _PLACEHOLDER))
    hostile = case.derive()
    hostile.body = text.replace(json.dumps(_PLACEHOLDER), literal, 1).encode()
    return hostile


def maybe_hostile(case: Case[Any]) -> st.SearchStrategy[Case[Any]]:
    if case.media_type != "application/json" or not isinstance(case.body, dict | list):
        return st.just(case)
    paths = list(leaf_paths(case.body))
    hostile = st.builds(
        with_hostile_leaf, st.just(case), st.sampled_from(paths), st.sampled_from(HOSTILE_LEAVES)
    )
    return st.one_of(st.just(case), hostile)


@dataclass
class Role:
    name: str
    account: Account

    def __repr__(self) -> str:
        return self.name

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.account.access_token}"}


@dataclass(frozen=True)
class ServerFailure:
    operation: str
    status: int
    detail: str
    curl: str

    def __str__(self) -> str:
        return f"{self.operation} → {self.status}: {self.detail}\n    {self.curl}"


class Fuzzer:
    """Sends the generated requests; runs in a worker thread (schemathesis calls are blocking) while the
    event loop serves the platform."""

    def __init__(self, base_url: str, roles: list[Role]) -> None:
        self.base_url = base_url
        self.roles = roles
        self.session = requests.Session()
        self.failures: list[ServerFailure] = []
        self.sent = 0

    def run(self, documents: dict[str, dict[str, Any]], refresh: Callable[[], None]) -> None:
        for document in documents.values():
            for result in schemathesis.openapi.from_dict(document).get_all_operations():
                if isinstance(result, Err):
                    raise result.err()  # a document schemathesis cannot read is a failure too
                operation = result.ok()
                if (operation.method.upper(), operation.path) in SKIPPED:
                    continue
                for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                    try:
                        self.fuzz(operation, mode)
                    except Unsatisfiable:
                        assert mode is GenerationMode.NEGATIVE  # nothing in it can be made invalid
                refresh()  # an operation may have revoked a token (logout) or changed a password

    def fuzz(self, operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode) -> None:
        generated = operation.as_strategy(generation_mode=mode).flatmap(maybe_hostile)

        @settings(
            max_examples=EXAMPLES_PER_MODE,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=generated, role=st.sampled_from(self.roles))
        def send(case: Case[Any], role: Role) -> None:
            response = case.call(
                base_url=self.base_url, session=self.session, headers=role.headers, timeout=TIMEOUT_SECONDS
            )
            self.sent += 1
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except (AssertionError, FailureGroup):
                self.failures.append(
                    ServerFailure(
                        operation=f"{operation.method.upper()} {operation.path} as {role.name}",
                        status=response.status_code,
                        detail=response.text[:300],
                        curl=case.as_curl_command(headers=role.headers, base_url=self.base_url),
                    )
                )

        send()


FUZZED = ("auth", "users", "professionals", "chat", "payments", "notifications")


def test_every_documented_service_is_fuzzed(live: LiveStandalone) -> None:
    documented = {name for name, app in live.host.services.items() if app.openapi_url is not None}
    assert documented == set(FUZZED)


# schemathesis's own strategies use `random`; not ours to fix.
@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")
@pytest.mark.parametrize("service", FUZZED)  # one test per document: xdist spreads them over workers
async def test_generated_requests_never_get_a_server_error(live: LiveStandalone, service: str) -> None:
    api = live.client
    roles = [
        Role("ADMIN", await create_admin(live.settings, api)),
        Role("CLIENTE", await register(api, "CLIENTE")),
        Role("PROFESIONAL", await register(api, "PROFESIONAL")),
    ]
    loop = asyncio.get_running_loop()

    async def refresh_tokens() -> None:
        for role in roles:
            me = await api.get("/api/v1/users/me", headers=role.headers)
            if me.status_code == 401:
                tokens = await login(api, role.account.email, role.account.password)
                role.account.access_token = tokens["access_token"]

    def refresh() -> None:
        asyncio.run_coroutine_threadsafe(refresh_tokens(), loop).result(timeout=TIMEOUT_SECONDS)

    documents = {service: live.host.services[service].openapi()}
    for name, strategy in FULL_RANGE_FORMATS.items():
        schemathesis.openapi.format(name, strategy)
    started = time.perf_counter()
    fuzzer = Fuzzer(live.base_url, roles)
    try:
        await asyncio.to_thread(fuzzer.run, documents, refresh)
    finally:
        for name in FULL_RANGE_FORMATS:
            unregister_string_format(name)
    elapsed = time.perf_counter() - started
    print(f"schema fuzz: {fuzzer.sent} requests in {elapsed:.1f} s")
    assert fuzzer.sent > 0
    if fuzzer.failures:
        report = "\n".join(str(failure) for failure in fuzzer.failures[:40])
        pytest.fail(f"{len(fuzzer.failures)} server errors:\n{report}")
