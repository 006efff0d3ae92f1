"""Tracing across processes (issue 12): every service as its own process on PostgreSQL, RabbitMQ and
Redis, exporting OTLP/HTTP (``OTEL_TRACES_EXPORTER=otlp``) to a receiver this test runs, which decodes the
protobuf with opentelemetry-proto. One marketplace story through the gateway — sign-up, message, offer,
accept, sandbox payment (its signed webhook comes back through the gateway), release — and then the
spans: one trace per user action with the gateway's server span as its root; the payment's trace holds
the gateway, payments, its jobs, the PaymentConfirmed publish and chat's (and notifications') consumer
spans reached through outbox → RabbitMQ → consumer; database, Redis and proxy-hop client spans inside."""

from __future__ import annotations

import asyncio
import gzip
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)
from opentelemetry.proto.common.v1.common_pb2 import AnyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span as ProtoSpan

from conectar.standins.smtp import MailCatcher
from tests.factories import (
    Account,
    approved_professional,
    create_admin,
    offer,
    open_chat,
    pay_on_sandbox,
    register,
    wait_state,
)
from tests.integration.conftest import Platform, running_platform

pytestmark = pytest.mark.integration

SERVER, CLIENT, PRODUCER, CONSUMER = (
    ProtoSpan.SPAN_KIND_SERVER,
    ProtoSpan.SPAN_KIND_CLIENT,
    ProtoSpan.SPAN_KIND_PRODUCER,
    ProtoSpan.SPAN_KIND_CONSUMER,
)


def _value(value: AnyValue) -> Any:
    kind = value.WhichOneof("value")
    return getattr(value, kind) if kind else None


@dataclass(frozen=True)
class Received:
    service: str
    name: str
    kind: int
    trace_id: str
    span_id: str
    parent_id: str
    attributes: dict[str, Any]
    links: tuple[str, ...]


@dataclass
class OtlpReceiver:
    """A minimal OTLP/HTTP trace receiver: POST /v1/traces with an ExportTraceServiceRequest."""

    spans: list[Received] = field(default_factory=list)
    requests: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> OtlpReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.headers.get("content-encoding") == "gzip":
                    body = gzip.decompress(body)
                if urlsplit(self.path).path != "/v1/traces":
                    self.send_response(404)
                    self.end_headers()
                    return
                receiver.add(ExportTraceServiceRequest.FromString(body))
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("content-type", "application/x-protobuf")
                self.send_header("content-length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def add(self, request: ExportTraceServiceRequest) -> None:
        found: list[Received] = []
        for resource_spans in request.resource_spans:
            resource = {a.key: _value(a.value) for a in resource_spans.resource.attributes}
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    found.append(
                        Received(
                            service=str(resource.get("service.name")),
                            name=span.name,
                            kind=span.kind,
                            trace_id=span.trace_id.hex(),
                            span_id=span.span_id.hex(),
                            parent_id=span.parent_span_id.hex(),
                            attributes={a.key: _value(a.value) for a in span.attributes},
                            links=tuple(link.trace_id.hex() for link in span.links),
                        )
                    )
        with self._lock:
            self.spans.extend(found)
            self.requests += 1

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.spans)


@pytest.fixture(scope="module")
def receiver() -> Iterator[OtlpReceiver]:
    started = OtlpReceiver().start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def traced_platform(
    tmp_path_factory: pytest.TempPathFactory, mail_catcher: MailCatcher, receiver: OtlpReceiver
) -> Iterator[Platform]:
    settings = {
        "OTEL_TRACES_EXPORTER": "otlp",
        "OTEL_EXPORTER_OTLP_PROTOCOL": "http/protobuf",
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.endpoint,
        "OTEL_BSP_SCHEDULE_DELAY": "200",
        "OTEL_RESOURCE_ATTRIBUTES": "deployment.environment.name=integration",
    }
    with running_platform(
        tmp_path_factory.mktemp("tracing"), mail_catcher, prefix="tr", settings=settings
    ) as p:
        yield p


async def until(receiver: OtlpReceiver, check: Callable[[list[Received]], bool], timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check(receiver.snapshot()):
        if time.monotonic() > deadline:
            raise AssertionError("the expected spans did not arrive")
        await asyncio.sleep(0.2)


def action_trace(spans: list[Received], response: httpx.Response) -> tuple[Received, list[Received]]:
    """The root span and the whole trace of one user action, found by the action's request id."""
    request_id = response.headers["x-request-id"]
    roots = [
        s
        for s in spans
        if s.kind == SERVER
        and s.service == "gateway"
        and s.attributes.get("conectar.request_id") == request_id
    ]
    assert len(roots) == 1, [
        (s.service, s.name, s.kind, s.parent_id)
        for s in spans
        if s.attributes.get("conectar.request_id") == request_id
    ]
    root = roots[0]
    assert root.parent_id == "", "the gateway's server span is the root of a user action's trace"
    tagged = {s.trace_id for s in spans if s.attributes.get("conectar.request_id") == request_id}
    assert tagged == {root.trace_id}, "every server span of the action is in one trace"
    return root, [s for s in spans if s.trace_id == root.trace_id]


def by_id(spans: list[Received]) -> dict[str, Received]:
    return {s.span_id: s for s in spans}


def the(spans: list[Received], predicate: Callable[[Received], bool]) -> Received:
    found = [s for s in spans if predicate(s)]
    assert found, "no such span"
    return found[0]


async def test_one_marketplace_story_traced_across_processes(
    traced_platform: Platform, receiver: OtlpReceiver
) -> None:
    started = time.monotonic()
    platform = traced_platform
    async with platform.client() as api:
        admin = await create_admin(platform, api)
        pro = (await approved_professional(api, admin)).account
        cliente, signup = await sign_up(api)
        chat_id = await open_chat(api, cliente, pro)
        message = await api.post(
            "/api/v1/chat/send-message", headers=cliente.headers, json={"chat_id": chat_id, "text": "hola"}
        )
        assert message.status_code == 200, message.text
        oferta = await offer(api, pro, cliente, chat_id)
        accept = await api.post(f"/api/v1/cliente/ofertas/{oferta['id']}/accept", headers=cliente.headers)
        assert accept.status_code == 200, accept.text
        trabajo_id = str(accept.json()["trabajo_id"])
        payment = await pay_on_sandbox(api, accept.json()["payment_url"])
        assert payment.status_code in (302, 303), payment.text
        await wait_state(api, cliente, trabajo_id, "PAGADO_EN_ESCROW")
        done = await api.post(f"/api/v1/professional/trabajos/{trabajo_id}/completar", headers=pro.headers)
        assert done.status_code == 200, done.text
        release = await api.post(f"/api/v1/cliente/trabajo/{trabajo_id}/finalizar", headers=cliente.headers)
        assert release.status_code == 200, release.text
        assert release.json()["estado_escrow"] == "LIBERADO"

    def consumed(spans: list[Received], request: httpx.Response, event: str, services: set[str]) -> bool:
        request_id = request.headers["x-request-id"]
        roots = {s.trace_id for s in spans if s.attributes.get("conectar.request_id") == request_id}
        return services <= {s.service for s in spans if s.trace_id in roots and s.name == f"process {event}"}

    def rooted(spans: list[Received], *requests: httpx.Response) -> bool:
        ids = {r.headers["x-request-id"] for r in requests}
        return ids <= {
            s.attributes.get("conectar.request_id")
            for s in spans
            if s.kind == SERVER and s.service == "gateway"
        }

    await until(
        receiver,
        lambda spans: (
            rooted(spans, signup, message, accept, payment, release)
            and consumed(spans, signup, "UserRegistered", {"users", "professionals", "chat"})
            and consumed(spans, payment, "PaymentConfirmed", {"chat", "notifications"})
            and consumed(spans, message, "MessageSent", {"notifications"})
        ),
    )
    spans = receiver.snapshot()

    # Every service reported under its own name, with the resource attributes of the environment.
    assert {"gateway", "auth", "users", "professionals", "chat", "payments", "notifications"} <= {
        s.service for s in spans
    }

    # Sign-up: gateway → auth → outbox → RabbitMQ → each consumer, one trace.
    root, signup_trace = action_trace(spans, signup)
    assert root.name == "POST /api/v1/auth/*"
    index = by_id(signup_trace)
    publish = the(signup_trace, lambda s: s.kind == PRODUCER and s.name == "publish UserRegistered")
    assert publish.service == "auth"
    assert publish.attributes["messaging.system"] == "rabbitmq"
    for span in signup_trace:
        if span.name == "process UserRegistered":
            assert span.kind == CONSUMER
            assert span.parent_id == publish.span_id
    auth_server = the(signup_trace, lambda s: s.kind == SERVER and s.service == "auth")
    assert auth_server.name == "POST /api/v1/auth/register"
    hop = index[auth_server.parent_id]  # the gateway's proxy hop (aiohttp client span)
    assert (hop.kind, hop.service) == (CLIENT, "gateway")
    assert hop.parent_id == root.span_id
    assert any(
        s.service == "auth" and s.kind == CLIENT and "postgresql" in str(s.attributes) for s in signup_trace
    )

    # Message, accept and release: their own traces, each rooted at the gateway.
    for action in (message, accept, release):
        action_trace(spans, action)

    # Accept: gateway → chat → payments (opening the checkout, over the internal API).
    _, accept_trace = action_trace(spans, accept)
    assert {"gateway", "chat", "payments"} <= {s.service for s in accept_trace}
    payments_server = the(accept_trace, lambda s: s.kind == SERVER and s.service == "payments")
    assert by_id(accept_trace)[payments_server.parent_id].service == "chat"  # chat's httpx client span
    assert any(s.service == "gateway" and s.attributes.get("db.system") == "redis" for s in accept_trace)

    # The payment: the checkout's decision, the sandbox's webhook job, its signed webhook back through the
    # gateway, the notification job, PaymentConfirmed through outbox → RabbitMQ → chat and notifications.
    _, payment_trace = action_trace(spans, payment)
    services = {s.service for s in payment_trace}
    assert {"gateway", "payments", "chat", "notifications"} <= services
    names = {(s.service, s.name) for s in payment_trace}
    assert ("payments", "process payments.sandbox-webhooks") in names
    assert ("payments", "process payments.notifications") in names
    webhooks = [s for s in payment_trace if s.service == "gateway" and s.kind == SERVER and s.parent_id]
    assert webhooks  # the sandbox's webhook, sent by the payments job with the trace's context
    sender = by_id(payment_trace)[webhooks[0].parent_id]
    assert (sender.service, sender.kind) == ("payments", CLIENT)
    confirmed = the(payment_trace, lambda s: s.name == "publish PaymentConfirmed")
    assert confirmed.service == "payments"
    chat_consumer = the(payment_trace, lambda s: s.service == "chat" and s.name == "process PaymentConfirmed")
    assert chat_consumer.parent_id == confirmed.span_id
    assert chat_consumer.attributes["messaging.destination.name"].endswith(".chat")

    # Release: gateway → chat → payments.
    _, release_trace = action_trace(spans, release)
    assert {"gateway", "chat", "payments"} <= {s.service for s in release_trace}

    # No client span (a poll loop's query, a Redis probe) started a trace of its own.
    assert not [s for s in spans if s.kind == CLIENT and s.parent_id == ""]
    assert time.monotonic() - started < 60


async def sign_up(api: httpx.AsyncClient) -> tuple[Account, httpx.Response]:
    """Register a client through the gateway, keeping the registration's response."""
    responses: list[httpx.Response] = []

    async def keep(response: httpx.Response) -> None:
        if response.request.url.path == "/api/v1/auth/register":
            responses.append(response)

    api.event_hooks["response"].append(keep)
    try:
        account = await register(api, "CLIENTE")
    finally:
        api.event_hooks["response"].remove(keep)
    return account, responses[0]


def test_receiver_decodes_what_the_sdk_exports(tmp_path: Path) -> None:
    """The receiver understands the OTLP/HTTP exporter (so an empty result above means no spans)."""
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor

    receiver = OtlpReceiver().start()
    try:
        provider = TracerProvider(resource=Resource.create({"service.name": "probe"}), shutdown_on_exit=False)
        provider.add_span_processor(
            SimpleSpanProcessor(OTLPSpanExporter(endpoint=receiver.endpoint + "/v1/traces"))
        )
        with (
            provider.get_tracer("t").start_as_current_span("outer"),
            provider.get_tracer("t").start_as_current_span("inner"),
        ):
            pass
        provider.shutdown()
        spans = receiver.snapshot()
        assert [(s.service, s.name) for s in spans] == [("probe", "inner"), ("probe", "outer")]
        assert spans[0].parent_id == spans[1].span_id
    finally:
        receiver.stop()
