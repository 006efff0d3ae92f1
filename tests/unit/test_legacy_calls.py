"""The recorded calls of the original frontend (tests/legacy_frontend/calls.py) against the layer's table:
every call a page makes is declared, adapted or forwarded as recorded; nothing is declared that the
frontend does not send (but rows 14 and 15's few); what is not served is chat's or no page's."""

from __future__ import annotations

import re

from conectar.gateway.legacy.calls import CallTable
from conectar.gateway.legacy.table import LEGACY_CALLS
from tests.legacy_frontend.calls import ADAPTED, CHAT, FRONTEND_CALLS, UNUSED, V1

TABLE = CallTable(LEGACY_CALLS)


def concrete(path: str) -> str:
    """The path with every parameter filled in, as the frontend sends it."""
    return re.sub(r"\{[^}]+\}", "3fa85f64-5717-4562-b3fc-2c963f66afa6", path)


def shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def test_every_call_a_page_makes_is_declared_as_recorded() -> None:
    for method, path, serves, served in FRONTEND_CALLS:
        found = TABLE.match(method, concrete(path))
        if served in (ADAPTED, V1):
            assert found is not None, (method, path, serves)
            call, _ = found
            assert shape(call.path) == shape(path), (method, path, call.route)
            assert call.forwards == (served == V1), (method, path, call.route)
            for function in serves.split(", "):
                assert function in call.serves, (function, call.route)
        else:
            assert found is None, (method, path, "declared but recorded as not served")


def test_the_table_declares_nothing_the_frontend_does_not_send() -> None:
    sent = {(method, shape(path)) for method, path, _, served in FRONTEND_CALLS if served in (ADAPTED, V1)}
    for call in LEGACY_CALLS:
        if call.row in (14, 15) and call.serves.startswith("none"):
            continue  # a per-client setting's call (docs/legacy.md, "Per-client settings")
        assert (call.method, shape(call.path)) in sent, call.route


def test_what_is_not_served_is_chats_or_no_pages() -> None:
    reasons = {served for *_, served in FRONTEND_CALLS if served not in (ADAPTED, V1)}
    assert reasons <= {CHAT, UNUSED, "the admin metrics page's fallback when /admin/metrics/financials fails"}
    # The issue's own rows are all served.
    for method, path in (
        ("GET", "/chat_ofertas/ofertas"),
        ("GET", "/chat_ofertas/trabajos/{trabajoId}/timeline"),
        ("POST", "/search"),
        ("GET", "/admin/pagos/dashboard"),
        ("GET", "/pagos/historial"),
        ("GET", "/servicios"),
        ("GET", "/admin/kyc/pending"),
        ("POST", "/profesional/servicios"),
        ("GET", "/cliente/ofertas"),
        ("POST", "/admin/users/{userId}/ban"),
    ):
        assert TABLE.match(method, concrete(path)) is not None, path


def test_the_recorded_calls_are_each_recorded_once() -> None:
    keys = [(method, shape(path)) for method, path, *_ in FRONTEND_CALLS]
    assert len(keys) == len(set(keys))
