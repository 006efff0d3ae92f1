"""The tracing setup (issue 12): the standard OTEL_* variables, one resource per service over one shared
processor, the sampler's rule for client spans without a parent, the server span's trust policy, the log
processor, URLs without query strings — and, with the exporter off, no SDK at all."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import (
    ALWAYS_OFF,
    DEFAULT_ON,
    ParentBasedTraceIdRatio,
    TraceIdRatioBased,
)
from opentelemetry.trace import SpanKind
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from conectar.platform.observability import RequestContextMiddleware, add_trace_ids
from conectar.platform.tracing import (
    Tracing,
    _strip_url_attributes,
    activate,
    current_carrier,
    processors_from_env,
    sampler_from_env,
    service_span,
)

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


@pytest.fixture
def exporter() -> Iterator[InMemorySpanExporter]:
    memory = InMemorySpanExporter()
    previous = activate(Tracing([SimpleSpanProcessor(memory)]))
    yield memory
    activate(previous)


def test_the_sampler_comes_from_the_standard_variables() -> None:
    assert sampler_from_env({}) is DEFAULT_ON
    assert sampler_from_env({"OTEL_TRACES_SAMPLER": "always_off"}) is ALWAYS_OFF
    ratio = sampler_from_env(
        {"OTEL_TRACES_SAMPLER": "parentbased_traceidratio", "OTEL_TRACES_SAMPLER_ARG": "0.1"}
    )
    assert isinstance(ratio, ParentBasedTraceIdRatio)
    assert "0.1" in ratio.get_description()
    plain = sampler_from_env({"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "x"})
    assert isinstance(plain, TraceIdRatioBased)
    assert sampler_from_env({"OTEL_TRACES_SAMPLER": "nonsense"}) is DEFAULT_ON


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"OTEL_TRACES_EXPORTER": "none"},
        {"OTEL_TRACES_EXPORTER": "zipkin"},
        {"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"},
    ],
)
def test_no_exporter_means_no_processor(env: dict[str, str]) -> None:
    assert processors_from_env(env) == []


def test_exporters_and_protocols() -> None:
    http = processors_from_env({"OTEL_TRACES_EXPORTER": "otlp"})
    grpc = processors_from_env({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"})
    both = processors_from_env({"OTEL_TRACES_EXPORTER": "otlp,console"})
    try:
        assert [type(p) for p in http] == [BatchSpanProcessor]
        kinds = [type(p._batch_processor._exporter).__module__ for p in [*http, *grpc, *both]]  # type: ignore[attr-defined]
        assert kinds == [
            "opentelemetry.exporter.otlp.proto.http.trace_exporter",
            "opentelemetry.exporter.otlp.proto.grpc.trace_exporter",
            "opentelemetry.exporter.otlp.proto.http.trace_exporter",
            "opentelemetry.sdk.trace.export",
        ]
    finally:
        for processor in [*http, *grpc, *both]:
            processor.shutdown()


def test_each_service_has_its_own_resource_over_one_processor() -> None:
    memory = InMemorySpanExporter()
    tracing = Tracing(
        [SimpleSpanProcessor(memory)],
        environ={"OTEL_RESOURCE_ATTRIBUTES": "deployment.environment.name=test,service.name=ignored"},
    )
    with (
        tracing.tracer("users").start_as_current_span("a"),
        tracing.tracer("auth").start_as_current_span("b"),
    ):
        pass
    names = {span.name: span.resource.attributes for span in memory.get_finished_spans()}
    assert names["a"]["service.name"] == "users"
    assert names["b"]["service.name"] == "auth"
    assert names["a"]["deployment.environment.name"] == "test"
    # OTEL_SERVICE_NAME names a process that hosts one service, never the services of standalone mode.
    assert (
        Tracing([SimpleSpanProcessor(memory)], environ={"OTEL_SERVICE_NAME": "x"}).service_name("users")
        == "users"
    )
    single = Tracing(
        [SimpleSpanProcessor(memory)], single_service=True, environ={"OTEL_SERVICE_NAME": "pay-2"}
    )
    assert single.service_name("payments") == "pay-2"


def test_client_spans_without_a_parent_are_not_recorded(exporter: InMemorySpanExporter) -> None:
    tracing = Tracing([SimpleSpanProcessor(exporter)])
    tracer = tracing.tracer("svc")
    with tracer.start_as_current_span("SELECT orphan", kind=SpanKind.CLIENT) as orphan:
        assert not orphan.is_recording()
    with (
        tracer.start_as_current_span("job x"),
        tracer.start_as_current_span("SELECT kept", kind=SpanKind.CLIENT),
    ):
        pass
    assert sorted(s.name for s in exporter.get_finished_spans()) == ["SELECT kept", "job x"]


def test_log_lines_carry_trace_and_span_ids(exporter: InMemorySpanExporter) -> None:
    assert add_trace_ids(None, "info", {"event": "x"}) == {"event": "x"}
    with service_span("svc", "work") as span:
        line = add_trace_ids(None, "info", {"event": "x"})
        carrier = current_carrier()
    context = span.get_span_context()
    assert line["trace_id"] == format(context.trace_id, "032x")
    assert line["span_id"] == format(context.span_id, "016x")
    assert carrier is not None
    assert carrier["traceparent"].startswith(f"00-{line['trace_id']}-{line['span_id']}-")
    assert current_carrier() is None  # no span, nothing to store


def test_urls_lose_their_query_strings(exporter: InMemorySpanExporter) -> None:
    tracer = Tracing([SimpleSpanProcessor(exporter)]).tracer("svc")
    with tracer.start_as_current_span(
        "GET", attributes={"url.full": "http://h/pagos/x?sig=secret&a=1"}
    ) as span:
        _strip_url_attributes(span)
    (finished,) = exporter.get_finished_spans()
    assert finished.attributes is not None
    assert finished.attributes["url.full"] == "http://h/pagos/x"


def _app(trusted: bool) -> RequestContextMiddleware:
    async def hello(request: Request) -> JSONResponse:
        context = trace.get_current_span().get_span_context()
        return JSONResponse({"trace_id": format(context.trace_id, "032x")})

    inner = Starlette(routes=[Route("/things/{thing_id}", hello)])
    return RequestContextMiddleware(inner, service="edge", trust_trace_context=lambda scope: trusted)


async def _call(app: RequestContextMiddleware, headers: dict[str, str]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        return await client.get("/things/zq9x7?email=a@b.c", headers=headers)


def _server_span(exporter: InMemorySpanExporter) -> ReadableSpan:
    (span,) = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.SERVER]
    return span


async def test_a_trusted_caller_continues_its_trace(exporter: InMemorySpanExporter) -> None:
    response = await _call(_app(trusted=True), {"traceparent": TRACEPARENT})
    span = _server_span(exporter)
    assert response.json()["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
    assert span.parent is not None
    assert format(span.parent.span_id, "016x") == "b7ad6b7169203331"
    assert span.name == "GET /things/{thing_id}"
    assert span.resource.attributes["service.name"] == "edge"
    assert span.attributes is not None
    assert span.attributes["http.route"] == "/things/{thing_id}"
    assert span.attributes["http.response.status_code"] == 200
    assert "zq9x7" not in json.dumps(dict(span.attributes))
    assert "email" not in json.dumps(dict(span.attributes))


async def test_a_public_caller_starts_a_new_trace_linked_to_its_own(exporter: InMemorySpanExporter) -> None:
    response = await _call(_app(trusted=False), {"traceparent": TRACEPARENT})
    span = _server_span(exporter)
    assert span.parent is None
    assert response.json()["trace_id"] != "0af7651916cd43dd8448eb211c80319c"
    assert [format(link.context.trace_id, "032x") for link in span.links] == [
        "0af7651916cd43dd8448eb211c80319c"
    ]


def test_with_the_exporter_off_no_sdk_is_loaded() -> None:
    """Exporter off: the platform is built and serves without loading the tracing SDK, an exporter or any
    instrumentation (redis-py loads the SDK's metrics and resources on its own when they are installed)."""
    script = """
import asyncio, os, sys, tempfile, httpx
from conectar.platform.settings import load_settings
from conectar.standalone import create_standalone_app, migrate_all
settings = load_settings(data_dir=tempfile.mkdtemp())
migrate_all(settings)
host = create_standalone_app(settings)
async def main():
    async with host.running():
        transport = httpx.ASGITransport(app=host)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            assert (await client.get("/api/v1/public/oficios")).status_code == 200
asyncio.run(main())
tracing_modules = ("opentelemetry.sdk.trace", "opentelemetry.exporter", "opentelemetry.instrumentation")
loaded = sorted(m for m in sys.modules if m.startswith(tracing_modules))
print("LOADED", loaded, host.infra.tracing.enabled, host.infra.tracing._providers)
"""
    env = {"PATH": "/usr/bin:/bin", "CONECTAR_DEMO": "false", "OTEL_TRACES_EXPORTER": "none"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "LOADED [] False {}" in result.stdout, result.stdout[-2000:]


async def test_a_websocket_session_is_one_server_span(exporter: InMemorySpanExporter) -> None:
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocket

    async def echo(websocket: WebSocket) -> None:
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())
        await websocket.close()

    inner = Starlette(routes=[WebSocketRoute("/rooms/{room}/ws", echo)])
    app = RequestContextMiddleware(inner, service="chat")
    incoming = [{"type": "websocket.connect"}, {"type": "websocket.receive", "text": "hola"}]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return incoming.pop(0) if incoming else {"type": "websocket.disconnect", "code": 1000}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "websocket", "path": "/rooms/r1/ws", "headers": [], "scheme": "ws", "query_string": b""}
    await app(scope, receive, send)  # type: ignore[arg-type]
    assert [m["type"] for m in sent] == ["websocket.accept", "websocket.send", "websocket.close"]
    span = _server_span(exporter)
    assert span.name == "WEBSOCKET /rooms/{room}/ws"
    assert span.resource.attributes["service.name"] == "chat"


def test_histograms_observed_in_a_sampled_span_carry_its_trace_id_as_exemplar() -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.sampling import ALWAYS_OFF
    from prometheus_client import CollectorRegistry, Histogram
    from prometheus_client.openmetrics.exposition import generate_latest as openmetrics

    from conectar.platform.observability import observe

    registry = CollectorRegistry()
    histogram = Histogram("unit_exemplar_seconds", "test", registry=registry)
    observe(histogram, 0.3)  # no span: no exemplar
    assert "trace_id" not in openmetrics(registry).decode()
    with TracerProvider(sampler=ALWAYS_OFF).get_tracer("t").start_as_current_span("unsampled"):
        observe(histogram, 0.3)
    assert "trace_id" not in openmetrics(registry).decode()
    with TracerProvider().get_tracer("t").start_as_current_span("sampled") as span:
        observe(histogram, 0.3)
        trace_id = format(span.get_span_context().trace_id, "032x")
    assert f'trace_id="{trace_id}"' in openmetrics(registry).decode()
