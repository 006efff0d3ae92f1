"""OpenTelemetry tracing, set up once per process and configured only by the standard ``OTEL_*`` variables.

Off unless ``OTEL_TRACES_EXPORTER`` names an exporter (``otlp``, ``console``; the default here is ``none``,
and ``OTEL_SDK_DISABLED=true`` turns it off whatever else is set). Off means off: the SDK is not even
imported, no library is instrumented, no provider exists, and every hook of the kernel below returns at its
first line.

On, a process has:

- **one TracerProvider per service name**, each with its own resource (``service.name`` = the service, so
  standalone mode, which hosts every service in one process, still reports gateway, auth, users… apart),
  all sharing one span processor per exporter (one export queue and connection per process: the OTLP
  encoder groups spans by resource);
- a **router provider** for the instrumented libraries (httpx, aiohttp client, Redis, botocore, every
  SQLAlchemy engine): a span they start goes to the provider of the service running the code, named by
  the :data:`SERVICE` context variable that the request middleware, the event consumers, the jobs and the
  work queues set (and that a service's background tasks inherit from its startup);
- the sampler of ``OTEL_TRACES_SAMPLER`` / ``OTEL_TRACES_SAMPLER_ARG`` (default ``parentbased_always_on``),
  with one rule of ours on top: a *client* span without a parent (a poll loop's query, a Redis probe) is
  dropped, so traces start only where work starts — a request, an event consumed, a job, a relay publish.

Exporter endpoints and protocol are the exporters' own variables (``OTEL_EXPORTER_OTLP_ENDPOINT``,
``OTEL_EXPORTER_OTLP_PROTOCOL`` = ``http/protobuf`` or ``grpc``, ``OTEL_BSP_*``…); the resource takes
``OTEL_RESOURCE_ATTRIBUTES``; ``OTEL_SERVICE_NAME`` is honoured only by a process that hosts one service.

Context crosses every boundary as W3C ``traceparent``/``tracestate``: HTTP headers (instrumented clients
inject, the request middleware extracts), AMQP message headers and the local bus's delivery rows, the
outbox row (the context of the unit of work that wrote the event, ``outbox_events.trace_context``) and the
work-queue row (the context that enqueued the job, ``work_jobs.trace_context``).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit, urlunsplit

import structlog
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.trace import INVALID_SPAN, Link, Span, SpanKind, Status, StatusCode
from opentelemetry.util.types import Attributes

from conectar.platform.context import request_id_var

if TYPE_CHECKING:
    from opentelemetry.context import Context
    from opentelemetry.sdk.trace import SpanProcessor, SynchronousMultiSpanProcessor
    from opentelemetry.sdk.trace.export import SpanExporter
    from opentelemetry.sdk.trace.sampling import Sampler
    from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = [
    "SERVICE",
    "Carrier",
    "Tracing",
    "activate",
    "active_tracing",
    "configure_tracing",
    "current_carrier",
    "service_span",
    "work_job_span",
]

logger = logging.getLogger(__name__)

SERVICE: ContextVar[str | None] = ContextVar("conectar_service", default=None)
"""The service whose code is running: picks the provider (and so the ``service.name``) of every span."""

Carrier = dict[str, str]
TRACE_HEADERS: frozenset[str] = frozenset({"traceparent", "tracestate", "baggage"})
EXPORTERS = ("otlp", "console")
PROTOCOLS = ("http/protobuf", "grpc")


class Tracing:
    """A process's tracing: disabled (the default), or providers per service sharing span processors."""

    def __init__(
        self,
        processors: Sequence[SpanProcessor] = (),
        *,
        sampler: Sampler | None = None,
        single_service: bool = False,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.enabled = bool(processors)
        self.single_service = single_service
        self.default_service: str | None = None
        self._environ = dict(os.environ if environ is None else environ)
        self._providers: dict[str, trace.TracerProvider] = {}
        self._tracers: dict[tuple[str, str], trace.Tracer] = {}
        self._lock = threading.Lock()
        self._processor: SynchronousMultiSpanProcessor | None = None
        self._sampler: Sampler | None = None
        if self.enabled:
            from opentelemetry.sdk.trace import SynchronousMultiSpanProcessor

            self._processor = SynchronousMultiSpanProcessor()  # type: ignore[no-untyped-call]
            for processor in processors:
                self._processor.add_span_processor(processor)
            self._sampler = orphan_client_spans_dropped(sampler or sampler_from_env(self._environ))

    # -- providers ---------------------------------------------------------------------------------------

    def service_name(self, service: str) -> str:
        """``service.name`` of ``service``'s spans: its own name; ``OTEL_SERVICE_NAME`` only when this
        process hosts one service (standalone must keep its services apart)."""
        override = self._environ.get("OTEL_SERVICE_NAME", "").strip()
        return override if override and self.single_service else service

    def _resource_attributes(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for item in self._environ.get("OTEL_RESOURCE_ATTRIBUTES", "").split(","):
            key, sep, value = item.partition("=")
            if sep and key.strip():
                found[key.strip()] = unquote(value.strip())
        return found

    def provider(self, service: str) -> trace.TracerProvider:
        existing = self._providers.get(service)
        if existing is not None:
            return existing
        if not self.enabled:
            return trace.NoOpTracerProvider()
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider

        with self._lock:
            existing = self._providers.get(service)
            if existing is None:
                # OTEL_RESOURCE_ATTRIBUTES, with the service's own name over any service.name in it.
                attributes = {**self._resource_attributes(), "service.name": self.service_name(service)}
                existing = TracerProvider(
                    sampler=self._sampler,
                    resource=Resource.create(attributes),
                    shutdown_on_exit=False,  # one shutdown for the shared processors: see activate()
                    active_span_processor=self._processor,
                )
                self._providers[service] = existing
        return existing

    def tracer(self, service: str, scope: str = "conectar") -> trace.Tracer:
        key = (service, scope)
        found = self._tracers.get(key)
        if found is None:
            found = self.provider(service).get_tracer(scope)
            self._tracers[key] = found
        return found

    def current_service(self) -> str:
        return SERVICE.get() or self.default_service or "conectar"

    def claim_default_service(self, service: str, *, force: bool = False) -> None:
        """The service a span belongs to when no code of a service is running (process-level work):
        the process's only service, or the gateway in front of the others (which claims it)."""
        if force or self.default_service is None:
            self.default_service = service

    # -- instrumented libraries --------------------------------------------------------------------------

    def instrument_engine(self, engine: AsyncEngine) -> None:
        """Spans for every statement of ``engine`` (the SQLAlchemy instrumentation, per engine)."""
        if not self.enabled:
            return
        from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
        from opentelemetry.metrics import NoOpMeter

        counter = NoOpMeter("conectar").create_up_down_counter("db.client.connections.usage")
        tracer = _RouterProvider().get_tracer("opentelemetry.instrumentation.sqlalchemy")
        EngineTracer(tracer, engine.sync_engine, counter)  # type: ignore[no-untyped-call]

    def wrap_transport(self, transport: Any) -> Any:
        """An httpx transport that traces: for transports the process-wide instrumentation does not
        reach (the in-process ASGI calls of standalone mode)."""
        if not self.enabled:
            return transport
        from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport
        from opentelemetry.metrics import NoOpMeterProvider

        return AsyncOpenTelemetryTransport(
            transport,
            tracer_provider=_RouterProvider(),
            meter_provider=NoOpMeterProvider(),
            request_hook=_httpx_async_request_hook,
        )

    # -- lifecycle ---------------------------------------------------------------------------------------

    def flush(self, timeout_millis: int = 5000) -> None:
        if self._processor is not None:
            self._processor.force_flush(timeout_millis)

    def shutdown(self) -> None:
        if self._processor is not None:
            self._processor.shutdown()


_DISABLED = Tracing()
_active: Tracing = _DISABLED
_configured: Tracing | None = None
_instrumented = False
_setup_lock = threading.Lock()


def active_tracing() -> Tracing:
    return _active


def activate(tracing: Tracing) -> Tracing:
    """Make ``tracing`` the process's tracing (the first enabled one also instruments the libraries and
    becomes the global provider); returns the previous one (tests put it back)."""
    global _active
    previous = _active
    _active = tracing
    if tracing.enabled:
        _instrument_libraries(tracing)
    return previous


def configure_tracing(*, single_service: bool, environ: Mapping[str, str] | None = None) -> Tracing:
    """The process's tracing: the one activated already (a test's), or the one the ``OTEL_*`` variables
    describe, built once per process (later calls return it)."""
    global _configured
    with _setup_lock:
        if _active is not _DISABLED:
            return _active
        if _configured is None:
            env = os.environ if environ is None else environ
            processors = processors_from_env(env)
            _configured = (
                Tracing(processors, single_service=single_service, environ=env) if processors else _DISABLED
            )
            if _configured.enabled:
                atexit.register(_configured.shutdown)
        tracing = _configured
    if tracing.enabled:
        activate(tracing)
    return tracing


def processors_from_env(env: Mapping[str, str]) -> list[SpanProcessor]:
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return []
    names = [n.strip().lower() for n in env.get("OTEL_TRACES_EXPORTER", "none").split(",") if n.strip()]
    wanted = [n for n in names if n in EXPORTERS]
    for unknown in sorted(set(names) - set(EXPORTERS) - {"none"}):
        logger.warning("OTEL_TRACES_EXPORTER=%s is not supported here (otlp, console or none)", unknown)
    if not wanted:
        return []
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    return [BatchSpanProcessor(_exporter(name, env)) for name in dict.fromkeys(wanted)]


def _exporter(name: str, env: Mapping[str, str]) -> SpanExporter:
    if name == "console":
        from opentelemetry.sdk.trace.export import ConsoleSpanExporter

        return ConsoleSpanExporter()
    protocol = (
        env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or env.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or PROTOCOLS[0]
    ).strip()
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GrpcExporter

        return GrpcExporter()
    if protocol != "http/protobuf":
        logger.warning("OTEL_EXPORTER_OTLP_PROTOCOL=%s is not supported here; using http/protobuf", protocol)
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter as HttpExporter

    return HttpExporter()


def sampler_from_env(env: Mapping[str, str]) -> Sampler:
    """``OTEL_TRACES_SAMPLER`` / ``OTEL_TRACES_SAMPLER_ARG`` as the SDK reads them."""
    from opentelemetry.sdk.trace import sampling

    name = env.get("OTEL_TRACES_SAMPLER", "parentbased_always_on").strip().lower()
    fixed: dict[str, Sampler] = {
        "always_on": sampling.ALWAYS_ON,
        "always_off": sampling.ALWAYS_OFF,
        "parentbased_always_on": sampling.DEFAULT_ON,
        "parentbased_always_off": sampling.DEFAULT_OFF,
    }
    if name in fixed:
        return fixed[name]
    if name in ("traceidratio", "parentbased_traceidratio"):
        try:
            rate = min(1.0, max(0.0, float(env.get("OTEL_TRACES_SAMPLER_ARG", "1.0"))))
        except ValueError:
            logger.warning("OTEL_TRACES_SAMPLER_ARG is not a number; sampling everything")
            rate = 1.0
        if name == "traceidratio":
            return sampling.TraceIdRatioBased(rate)
        return sampling.ParentBasedTraceIdRatio(rate)
    logger.warning("OTEL_TRACES_SAMPLER=%s is not supported; using parentbased_always_on", name)
    return sampling.DEFAULT_ON


_orphan_sampler_class: type | None = None


def orphan_client_spans_dropped(base: Sampler) -> Sampler:
    """The configured sampler, except that a client span with no parent is never recorded: a query of a
    poll loop or a Redis probe outside any request, event or job would otherwise start a trace of its own
    every few hundred milliseconds. (The class is made on first use: the SDK is imported only when
    tracing is on.)"""
    global _orphan_sampler_class
    if _orphan_sampler_class is None:
        from opentelemetry.sdk.trace.sampling import Decision, Sampler, SamplingResult

        class _OrphanClientSpansDropped(Sampler):
            def __init__(self, base: Sampler) -> None:
                self.base = base
                self._drop = SamplingResult(Decision.DROP)

            def should_sample(
                self,
                parent_context: Context | None,
                trace_id: int,
                name: str,
                kind: SpanKind | None = None,
                attributes: Attributes = None,
                links: Sequence[Link] | None = None,
                trace_state: Any = None,
            ) -> SamplingResult:
                parent = trace.get_current_span(parent_context).get_span_context()
                if kind is SpanKind.CLIENT and not parent.is_valid:
                    return self._drop
                return self.base.should_sample(
                    parent_context, trace_id, name, kind, attributes, links, trace_state
                )

            def get_description(self) -> str:
                return f"OrphanClientSpansDropped{{{self.base.get_description()}}}"

        _orphan_sampler_class = _OrphanClientSpansDropped
    sampler: Sampler = _orphan_sampler_class(base)
    return sampler


class _RouterProvider(trace.TracerProvider):
    """Hands instrumented libraries tracers that start each span with the running service's provider."""

    def get_tracer(
        self,
        instrumenting_module_name: str,
        instrumenting_library_version: str | None = None,
        schema_url: str | None = None,
        attributes: Attributes = None,
    ) -> trace.Tracer:
        return _RoutedTracer(instrumenting_module_name)


class _RoutedTracer(trace.Tracer):
    def __init__(self, scope: str) -> None:
        self._scope = scope

    def _target(self) -> trace.Tracer:
        tracing = _active  # the process's tracing (tests may swap it)
        return tracing.tracer(tracing.current_service(), self._scope)

    def start_span(
        self,
        name: str,
        context: Context | None = None,
        kind: SpanKind = SpanKind.INTERNAL,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        start_time: int | None = None,
        record_exception: bool = True,
        set_status_on_exception: bool = True,
    ) -> Span:
        return self._target().start_span(
            name, context, kind, attributes, links, start_time, record_exception, set_status_on_exception
        )

    @contextmanager
    def start_as_current_span(  # type: ignore[override]
        self,
        name: str,
        context: Context | None = None,
        kind: SpanKind = SpanKind.INTERNAL,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        start_time: int | None = None,
        record_exception: bool = True,
        set_status_on_exception: bool = True,
        end_on_exit: bool = True,
    ) -> Iterator[Span]:
        with self._target().start_as_current_span(
            name,
            context,
            kind,
            attributes,
            links,
            start_time,
            record_exception,
            set_status_on_exception,
            end_on_exit,
        ) as span:
            yield span


def _without_query(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def _strip_url_attributes(span: Span) -> None:
    """Client spans keep scheme, host and path of a URL, never its query string (signed links, search
    terms): the same rule as the logs."""
    attributes = getattr(span, "attributes", None)
    if not span.is_recording() or not attributes:
        return
    for key in ("url.full", "http.url"):
        value = attributes.get(key)
        if isinstance(value, str) and "?" in value:
            span.set_attribute(key, _without_query(value))


def _httpx_request_hook(span: Span, _request: Any) -> None:
    _strip_url_attributes(span)


async def _httpx_async_request_hook(span: Span, _request: Any) -> None:
    _strip_url_attributes(span)


def _instrument_libraries(tracing: Tracing) -> None:
    """Instrument httpx, the aiohttp client, Redis and botocore process-wide (once), through a router
    provider that follows the active tracing."""
    global _instrumented
    with _setup_lock:
        if _instrumented:
            return
        _instrumented = True
    from opentelemetry.instrumentation.aiohttp_client import AioHttpClientInstrumentor
    from opentelemetry.instrumentation.botocore import BotocoreInstrumentor
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
    from opentelemetry.instrumentation.redis import RedisInstrumentor
    from opentelemetry.metrics import NoOpMeterProvider

    router = _RouterProvider()
    meters = NoOpMeterProvider()
    HTTPXClientInstrumentor().instrument(
        tracer_provider=router,
        meter_provider=meters,
        request_hook=_httpx_request_hook,
        async_request_hook=_httpx_async_request_hook,
    )
    AioHttpClientInstrumentor().instrument(
        tracer_provider=router, meter_provider=meters, url_filter=lambda url: str(url.with_query(None))
    )
    RedisInstrumentor().instrument(tracer_provider=router)
    BotocoreInstrumentor().instrument(  # type: ignore[no-untyped-call]
        tracer_provider=router, meter_provider=meters
    )
    # No global tracer provider is set, and every app turns FastAPI's own telemetry off (FASTAPI_TELEMETRY):
    # the request middleware makes the one server span (conectar.platform.observability).


# -- the kernel's hooks (each returns at once when tracing is off) --------------------------------------


def current_carrier() -> Carrier | None:
    """The current span's context as W3C headers (to store in an outbox or work-queue row), or None."""
    if not _active.enabled:
        return None
    if not trace.get_current_span().get_span_context().is_valid:
        return None
    carrier: Carrier = {}
    propagate.inject(carrier)
    return carrier or None


def carrier_of(headers: Mapping[str, Any] | None) -> Carrier | None:
    """The trace headers among ``headers`` (AMQP headers, a stored row), as strings."""
    if not headers:
        return None
    found = {
        key: value.decode("latin-1") if isinstance(value, bytes) else value
        for key, value in headers.items()
        if key in TRACE_HEADERS and isinstance(value, str | bytes)
    }
    return found or None


@contextmanager
def service_span(
    service: str,
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    parent: Mapping[str, str] | None = None,
    attributes: Attributes = None,
    links: Sequence[Link] | None = None,
) -> Iterator[Span]:
    """A span of ``service`` made current for the block (and ``service`` the running service): parented
    to the W3C context in ``parent`` when given, else to the current context. A failure of the block is
    recorded on it and raised. With tracing off this only yields an invalid span."""
    tracing = _active
    if not tracing.enabled:
        yield INVALID_SPAN
        return
    context = propagate.extract(parent) if parent else None
    span = tracing.tracer(service).start_span(name, context, kind, attributes, links)
    token = otel_context.attach(trace.set_span_in_context(span, context))
    service_token = SERVICE.set(service)
    try:
        yield span
    except Exception as exc:
        span.record_exception(exc)
        span.set_status(Status(StatusCode.ERROR, type(exc).__name__))
        raise
    finally:
        span.end()
        SERVICE.reset(service_token)
        otel_context.detach(token)


def consume_span(
    service: str,
    envelope: Any,
    *,
    system: str,
    destination: str,
    attempt: int,
    parent: Mapping[str, str] | None,
    extra: Attributes = None,
) -> AbstractContextManager[Span]:
    """The ``process <Event>`` span of a consumer handling ``envelope`` (an EventEnvelope), child of the
    publish span whose context the message carried — the same on every bus."""
    return service_span(
        service,
        f"process {envelope.type}",
        kind=SpanKind.CONSUMER,
        parent=parent,
        attributes={
            "messaging.system": system,
            "messaging.operation.type": "process",
            "messaging.operation.name": "process",
            "messaging.destination.name": destination,
            "messaging.consumer.group.name": service,
            "messaging.message.id": str(envelope.id),
            "messaging.message.conversation_id": envelope.correlation_id or "",
            "conectar.event.type": envelope.type,
            "conectar.delivery.attempt": attempt,
            **dict(extra or {}),
        },
    )


def start_span(
    service: str,
    name: str,
    *,
    kind: SpanKind = SpanKind.INTERNAL,
    parent: Mapping[str, str] | None = None,
    attributes: Attributes = None,
) -> Span:
    """A span of ``service`` that the caller ends (not made current): a relay's publish of one event."""
    tracing = _active
    if not tracing.enabled:
        return INVALID_SPAN
    context = propagate.extract(parent) if parent else None
    return tracing.tracer(service).start_span(name, context, kind, attributes)


def carrier_for(span: Span) -> Carrier | None:
    """W3C headers that make ``span`` the parent on the other side."""
    if not span.get_span_context().is_valid:
        return None
    carrier: Carrier = {}
    propagate.inject(carrier, context=trace.set_span_in_context(span))
    return carrier or None


def untrusted_link(headers: Mapping[str, str]) -> list[Link]:
    """A link to a caller's context that is not taken as the parent (a public client's)."""
    context = trace.get_current_span(propagate.extract(headers)).get_span_context()
    return [Link(context)] if context.is_valid else []


def extract(headers: Mapping[str, str]) -> Context:
    return propagate.extract(headers)


def record_failure(span: Span, exc: BaseException) -> None:
    if span.is_recording():
        span.record_exception(exc)
        span.set_status(Status(StatusCode.ERROR, type(exc).__name__))


@contextmanager
def work_job_span(
    service: str,
    queue: str,
    *,
    job_id: str,
    attempt: int,
    correlation_id: str | None,
    parent: Mapping[str, str] | None,
) -> Iterator[Span]:
    """Around one run of a work-queue job's handler: a consumer span ``process <queue>``, child of the
    context that enqueued the job (stored in its row), and a log context with the job id and the request
    id of the unit of work that enqueued it (also the correlation id of the events the handler writes)."""
    token = request_id_var.set(correlation_id or request_id_var.get())
    bound = structlog.contextvars.bind_contextvars(
        request_id=request_id_var.get(), service=service, queue=queue, job_id=job_id
    )
    try:
        with service_span(
            service,
            f"process {queue}",
            kind=SpanKind.CONSUMER,
            parent=parent,
            attributes={
                "messaging.system": "conectar_workqueue",
                "messaging.operation.type": "process",
                "messaging.destination.name": queue,
                "messaging.message.id": job_id,
                "conectar.job.attempt": attempt,
            },
        ) as span:
            yield span
    finally:
        structlog.contextvars.reset_contextvars(**bound)
        request_id_var.reset(token)


def mark_outcome(span: Span, outcome: str, reason: str | None = None) -> None:
    """Say on a job's span how its run ended (done, retryafter, later, dead)."""
    if not span.is_recording():
        return
    span.set_attribute("conectar.job.outcome", outcome)
    if outcome in ("retryafter", "dead"):
        span.set_status(Status(StatusCode.ERROR, (reason or outcome)[:200]))
