"""Every metric a Grafana dashboard or a Prometheus rule reads is one the platform exports, as the kind of
series the query reads (a histogram's _bucket, a counter's _total), with the labels the query matches on.

A renamed metric or label would otherwise leave a panel empty and an alert silent without a word. The
platform runs standalone, where the gateway's /metrics carries every service's metrics (one registry), takes
a little traffic, and is scraped from a private address as Prometheus would. A labelled metric with no
sample yet still prints its # HELP and # TYPE lines, so the names are all there from the start.
"""

from __future__ import annotations

import re
from collections import defaultdict

import httpx
from prometheus_client import REGISTRY

from tests.services.conftest import Standalone
from tests.unit.test_observability_dashboards import (
    dashboard_queries,
    recorded_series,
    rule_queries,
    selectors,
)

# Labels Prometheus adds to every scraped series (Compose: job, instance; Kubernetes: also namespace, pod).
TARGET_LABELS = {"job", "instance", "namespace", "pod"}
TYPE_LINE = re.compile(r"^# TYPE (\S+) (\S+)$", re.MULTILINE)
SAMPLE = re.compile(r"^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? ", re.MULTILINE)
LABEL = re.compile(r'(\w+)="(?:[^"\\]|\\.)*"')
LABEL_VALUE = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')
# The series a family of each type is read as (prometheus_client names a counter's family with _total).
SUFFIXES = {"histogram": ("_bucket", "_sum", "_count"), "summary": ("", "_sum", "_count")}


async def scrape(platform: Standalone) -> str:
    # The gateway's /metrics answers private addresses only (Prometheus scrapes from inside the network).
    transport = httpx.ASGITransport(app=platform.host, client=("10.0.3.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as internal:
        response = await internal.get("/metrics")
    assert response.status_code == 200
    return response.text


def exported_series(text: str) -> dict[str, str]:
    """Every series name the scrape can contain, with the kind of its family."""
    series: dict[str, str] = {}
    for family, kind in TYPE_LINE.findall(text):
        for suffix in SUFFIXES.get(kind, ("",)):
            series[family + suffix] = kind
    return series


def exported_labels(text: str) -> dict[str, set[str]]:
    """Label names per series: from the metrics' definitions (also those with no sample yet) and from
    every sample scraped."""
    labels: dict[str, set[str]] = defaultdict(set)
    for collector, names in list(REGISTRY._collector_to_names.items()):
        for name in names:
            labels[name] |= set(getattr(collector, "_labelnames", ()))
    for name, body in SAMPLE.findall(text):
        labels[name] |= set(LABEL.findall(body or ""))
    return labels


def samples(text: str, series: str) -> list[dict[str, str]]:
    """The label sets of ``series``' samples in the scrape."""
    return [dict(LABEL_VALUE.findall(body)) for name, body in SAMPLE.findall(text) if name == series]


async def traffic(api: httpx.AsyncClient) -> None:
    """A little of everything the gateway counts: pages, public API, refused and unknown requests, health,
    a webhook with a bad signature."""
    await api.get("/health")
    await api.get("/health/ready")
    await api.get("/")
    await api.get("/api/v1/public/oficios")
    await api.get("/api/v1/users/me")
    await api.get("/api/v1/no-existe")
    await api.post(
        "/api/v1/webhook/mercadopago?data.id=1&type=payment", json={"type": "payment", "data": {"id": "1"}}
    )


async def test_every_metric_a_dashboard_or_a_rule_reads_is_exported(standalone: Standalone) -> None:
    await traffic(standalone.client)
    text = await scrape(standalone)
    series = exported_series(text)
    labels = exported_labels(text)
    recorded = recorded_series()

    missing: dict[str, set[str]] = defaultdict(set)
    wrong_labels: dict[str, set[str]] = defaultdict(set)
    queries = dashboard_queries() + rule_queries()
    assert len(queries) > 50
    for where, expr in queries:
        for name, matched in selectors(expr):
            if name == "up":  # Prometheus' own, per target
                continue
            if ":" in name:
                if name not in recorded:
                    missing[name].add(where)
                continue
            if name not in series:
                missing[name].add(where)
                continue
            allowed = labels[name] | TARGET_LABELS | ({"le"} if name.endswith("_bucket") else set())
            if matched - allowed:
                wrong_labels[f"{name}{{{','.join(sorted(matched - allowed))}}}"].add(where)
    report = [f"{name} (read by {', '.join(sorted(w))})" for name, w in sorted(missing.items())]
    report += [
        f"{name}: no such label (matched by {', '.join(sorted(w))})"
        for name, w in sorted(wrong_labels.items())
    ]
    assert not report, "read but not exported:\n  " + "\n  ".join(report)


async def test_the_objectives_read_series_the_gateway_really_writes(standalone: Standalone) -> None:
    """The availability and latency SLIs select service="gateway" and the le="0.5" bucket: after traffic
    both exist (500 ms is one of the histogram's bucket boundaries, not a value between two)."""
    await traffic(standalone.client)
    text = await scrape(standalone)
    requests = samples(text, "conectar_http_requests_total")
    assert any(r.get("service") == "gateway" and r.get("route", "").startswith("/api/") for r in requests)
    assert any(r.get("service") == "gateway" and r.get("status", "").startswith("4") for r in requests)
    buckets = samples(text, "conectar_http_request_duration_seconds_bucket")
    assert any(b.get("service") == "gateway" and b.get("le") == "0.5" for b in buckets)
    # The process metrics the saturation panels read are there (Linux: /proc).
    for name in ("process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds"):
        assert re.search(rf"^{name} ", text, re.MULTILINE), name


async def test_metrics_are_offered_as_openmetrics_for_exemplars(standalone: Standalone) -> None:
    """Exemplars (a latency sample's trace id) exist only in OpenMetrics: the gateway answers it when asked,
    as Prometheus asks first; and never to a public address."""
    transport = httpx.ASGITransport(app=standalone.host, client=("10.0.3.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as internal:
        response = await internal.get(
            "/metrics", headers={"Accept": "application/openmetrics-text;version=1.0.0,text/plain;q=0.5"}
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")
    outside = httpx.ASGITransport(app=standalone.host, client=("198.51.99.7", 40000))
    async with httpx.AsyncClient(transport=outside, base_url="http://testserver") as public:
        assert (await public.get("/metrics")).status_code == 403
