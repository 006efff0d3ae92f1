"""JSON logs (structlog), request ids, per-request metrics and the server span of every request.

Logs never carry personal data: no e-mails, names, tokens, passwords or query strings; routes are logged
by their template (``/api/v1/users/{user_id}``), not their concrete path. Every line written while a span
is current carries its ``trace_id`` and ``span_id`` (:func:`add_trace_ids`); spans follow the same rule as
the logs (route templates, no query strings). See ``conectar.platform.tracing``.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, MutableMapping
from contextvars import Token
from typing import Any

import structlog
from fastapi.telemetry import TelemetryConfig
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.trace import Link, Span, SpanKind, Status, StatusCode
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from prometheus_client.openmetrics.exposition import CONTENT_TYPE_LATEST as OPENMETRICS_CONTENT_TYPE
from prometheus_client.openmetrics.exposition import generate_latest as generate_openmetrics
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conectar.platform.context import REQUEST_ID_HEADER, clean_request_id, request_id_var
from conectar.platform.metrics import REQUEST_LATENCY, REQUESTS
from conectar.platform.tracing import SERVICE, TRACE_HEADERS, active_tracing, extract, untrusted_link

# FastAPI's native telemetry, off in every app: the kernel's middleware makes the one server span and the
# request metrics. Left on, FastAPI would add a second span and its own metrics as soon as any global
# OpenTelemetry provider existed (FASTAPI_OTEL_AUTO_CONFIGURE, an ``opentelemetry-instrument`` wrapper), and
# it looks for one on every request.
FASTAPI_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "auto_configure": False,
}

_configured = False


def add_trace_ids(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: the current span's ``trace_id`` and ``span_id`` (hex), when there is one."""
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event.setdefault("trace_id", format(context.trace_id, "032x"))
        event.setdefault("span_id", format(context.span_id, "016x"))
    return event


def metrics_response(accept: str | None) -> Response:
    """The Prometheus metrics; in OpenMetrics (with the latency histograms' trace-id exemplars) when the
    scraper asks for it, as Prometheus does with exemplar storage on."""
    if accept and "application/openmetrics-text" in accept:
        body = generate_openmetrics(REGISTRY)  # type: ignore[no-untyped-call]
        return Response(body, media_type=OPENMETRICS_CONTENT_TYPE)
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes each record to ``sys.stdout`` as it is then: a test runner's capture (or a server) may replace
    the stream after logging is configured, and the one it replaced may be closed."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> Any:
        return sys.stdout


def configure_logging(level: str = "INFO", *, json: bool = True) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    shared: list[Any] = [
        structlog.contextvars.merge_contextvars,
        add_trace_ids,
        structlog.stdlib.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
    ]
    renderer: Any = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = StdoutHandler()
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=shared,
            processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, renderer],
        )
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in (
        "uvicorn.access",
        "aiormq",
        "aio_pika",
        "botocore",
        "boto3",
        "urllib3",
        "httpx",
        "httpcore",
    ):
        logging.getLogger(noisy).setLevel(logging.WARNING)


log = structlog.get_logger("conectar.http")


def route_template(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "<unmatched>"


# Probes and scrapes: no span (they would be most of the traces and say nothing).
UNTRACED_PATHS = frozenset({"/metrics", "/health", "/health/live", "/health/ready"})


def _trace_headers(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in scope.get("headers", ()):
        key = name.decode("latin-1")
        if key in TRACE_HEADERS:
            found[key] = value.decode("latin-1")
    return found


class RequestContextMiddleware:
    """Request id in and out, one access log line, the request metrics, and the request's server span.

    The span continues the caller's trace context (``traceparent``) when ``trust_trace_context`` says the
    caller may set it (default: always — services are reached only through the gateway and each other);
    otherwise the incoming context becomes a link and the span is a child of the context already current
    (a caller in this process) or the root of a new trace. It is named by method and route template when
    the request ends (``GET /api/v1/users/{user_id}``), and WebSocket sessions get one for their life."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        service: str,
        trust_trace_context: Callable[[Scope], bool] | None = None,
    ) -> None:
        self.app = app
        self.service = service
        self.trust_trace_context = trust_trace_context
        tracing = active_tracing()
        self.tracer = tracing.tracer(service, "conectar.http") if tracing.enabled else None

    def _start_span(self, scope: Scope, request_id: str) -> Span:
        assert self.tracer is not None
        websocket = scope["type"] == "websocket"
        method = "WEBSOCKET" if websocket else str(scope.get("method", "HTTP"))
        incoming = _trace_headers(scope)
        parent = None
        links: list[Link] = []
        if incoming:
            if self.trust_trace_context is None or self.trust_trace_context(scope):
                parent = extract(incoming)
            else:
                links = untrusted_link(incoming)
        attributes: dict[str, str] = {
            "http.request.method": method if not websocket else "GET",
            "url.scheme": str(scope.get("scheme", "http")),
            "network.protocol.version": str(scope.get("http_version", "1.1")),
            "conectar.request_id": request_id,
        }
        return self.tracer.start_span(method, parent, SpanKind.SERVER, attributes, links)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                incoming = value.decode("latin-1")
                break
        request_id = clean_request_id(incoming)
        token = request_id_var.set(request_id)
        service_token = SERVICE.set(self.service)
        # Reset (not unbind) at the end: a hosted service's request runs inside the gateway's, in one task.
        bound = structlog.contextvars.bind_contextvars(request_id=request_id, service=self.service)
        span: Span | None = None
        span_token: Token[Context] | None = None
        if self.tracer is not None and str(scope.get("path", "")) not in UNTRACED_PATHS:
            span = self._start_span(scope, request_id)
            span_token = otel_context.attach(trace.set_span_in_context(span))
        status = 500
        started = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"x-request-id" for k, _ in headers):
                    headers.append((REQUEST_ID_HEADER.lower().encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            if span is not None:
                span.record_exception(exc)
            raise
        finally:
            elapsed = time.perf_counter() - started
            route = route_template(scope)
            if scope["type"] == "http":
                method = scope.get("method", "")
                if not route.endswith(("/metrics", "/health/live")):
                    REQUESTS.labels(self.service, method, route, str(status)).inc()
                    if span is None:
                        REQUEST_LATENCY.labels(self.service, method, route).observe(elapsed)
                    else:
                        observe(REQUEST_LATENCY.labels(self.service, method, route), elapsed, span)
                    log.info(
                        "http_request",
                        method=method,
                        route=route,
                        status=status,
                        duration_ms=round(elapsed * 1000, 2),
                    )
            if span is not None and span_token is not None:
                _finish_server_span(span, scope, route, status)
                otel_context.detach(span_token)
            structlog.contextvars.reset_contextvars(**bound)
            SERVICE.reset(service_token)
            request_id_var.reset(token)


def observe(histogram: Any, value: float, span: Span | None = None) -> None:
    """Observe ``value`` on a histogram (child), with the trace id of ``span`` (default: the current one)
    as its exemplar when that span is sampled, so that a slow bucket opens its trace."""
    exemplar = _exemplar(span if span is not None else trace.get_current_span())
    if exemplar is None:
        histogram.observe(value)
    else:
        histogram.observe(value, exemplar)


def _exemplar(span: Span | None) -> dict[str, str] | None:
    if span is None:
        return None
    context = span.get_span_context()
    if not context.trace_flags.sampled:
        return None
    return {"trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x")}


def _finish_server_span(span: Span, scope: Scope, route: str, status: int) -> None:
    websocket = scope["type"] == "websocket"
    method = "WEBSOCKET" if websocket else str(scope.get("method", "HTTP"))
    if route != "<unmatched>":
        span.update_name(f"{method} {route}")
        span.set_attribute("http.route", route)
    if not websocket:
        span.set_attribute("http.response.status_code", status)
        if status >= 500:
            span.set_status(Status(StatusCode.ERROR))
    span.end()
