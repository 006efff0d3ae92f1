"""FastAPI's native telemetry stays off in every app of the platform: the kernel's request middleware makes
the one server span. With a global OpenTelemetry provider configured (as ``FASTAPI_OTEL_AUTO_CONFIGURE`` or an
``opentelemetry-instrument`` wrapper would), a request through the gateway to a service and to the web app
records nothing through that provider, where a FastAPI app left as it comes records its own span."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from tests.services.conftest import Standalone


@pytest.fixture
def global_spans(monkeypatch: pytest.MonkeyPatch) -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    monkeypatch.setattr(trace, "get_tracer_provider", lambda: provider)
    return exporter


async def test_a_plain_fastapi_app_would_record_its_own_span(global_spans: InMemorySpanExporter) -> None:
    app = FastAPI()

    @app.get("/ping")
    async def ping() -> dict[str, bool]:
        return {"ok": True}

    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        assert (await client.get("/ping")).status_code == 200
    assert global_spans.get_finished_spans(), "the control: FastAPI's telemetry is on by default"


async def test_the_platforms_apps_record_nothing_of_their_own(
    standalone: Standalone, global_spans: InMemorySpanExporter
) -> None:
    for path in ("/api/v1/public/oficios", "/", "/health/ready"):  # a service, the web app, the gateway
        response = await standalone.client.get(path)
        assert response.status_code == 200, (path, response.text[:200])
    assert [span.name for span in global_spans.get_finished_spans()] == []
