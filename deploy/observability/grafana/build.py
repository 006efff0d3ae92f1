"""Writes the Grafana dashboards (dashboards/*.json) from the definitions below: plain dicts in Grafana's
dashboard JSON model (schemaVersion 39, Grafana 11). Run it after changing a panel and commit its output:

    .venv/bin/python deploy/observability/grafana/build.py          # rewrite the JSON files
    .venv/bin/python deploy/observability/grafana/build.py --check  # exit 1 if a committed file differs

tests/unit/test_observability_dashboards.py fails while the committed files differ from what this writes, and
tests/services/test_dashboard_metrics.py checks that every metric a panel queries is one the platform
exports. Every panel reads the provisioned Prometheus data source (uid "prometheus"); panels over a
histogram show its exemplars, whose trace_id opens the trace in Jaeger (uid "jaeger").
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "dashboards"
PROMETHEUS = {"type": "prometheus", "uid": "prometheus"}
# The services' own processes (the gateway and web included), as Prometheus jobs.
JOBS = "gateway|auth|users|professionals|chat|payments|notifications|web"

Panel = dict[str, Any]


class Layout:
    """Places panels left to right on Grafana's 24-column grid, wrapping to a new line."""

    def __init__(self) -> None:
        self.panels: list[Panel] = []
        self.x = 0
        self.y = 0
        self.row_height = 0

    def row(self, title: str) -> None:
        self._newline()
        self.panels.append(
            {
                "type": "row",
                "title": title,
                "collapsed": False,
                "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y},
                "panels": [],
            }
        )
        self.y += 1

    def add(self, panel: Panel, width: int = 8, height: int = 8) -> None:
        if self.x + width > 24:
            self._newline()
        panel["gridPos"] = {"h": height, "w": width, "x": self.x, "y": self.y}
        self.panels.append(panel)
        self.x += width
        self.row_height = max(self.row_height, height)

    def _newline(self) -> None:
        if self.x:
            self.y += self.row_height
        self.x = 0
        self.row_height = 0


def target(expr: str, legend: str = "", *, exemplar: bool = False, ref: str = "A") -> dict[str, Any]:
    return {
        "datasource": PROMETHEUS,
        "refId": ref,
        "expr": expr,
        "legendFormat": legend or "__auto",
        "range": True,
        "instant": False,
        "exemplar": exemplar,
    }


def timeseries(
    title: str,
    *queries: tuple[str, str],
    unit: str = "short",
    description: str = "",
    stack: bool = False,
    min_zero: bool = True,
) -> Panel:
    """A time series panel; any query over a histogram's buckets shows its exemplars."""
    targets = [
        target(expr, legend, exemplar="_bucket" in expr, ref=chr(ord("A") + i))
        for i, (expr, legend) in enumerate(queries)
    ]
    custom: dict[str, Any] = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 10, "showPoints": "never"}
    if stack:
        custom["stacking"] = {"mode": "normal", "group": "A"}
    defaults: dict[str, Any] = {"unit": unit, "custom": custom}
    if min_zero:
        defaults["min"] = 0
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": PROMETHEUS,
        "targets": targets,
        "fieldConfig": {"defaults": defaults, "overrides": []},
        "options": {
            "legend": {"displayMode": "list", "placement": "bottom", "showLegend": True},
            "tooltip": {"mode": "multi", "sort": "desc"},
        },
    }


def stat(
    title: str,
    expr: str,
    *,
    unit: str = "short",
    description: str = "",
    thresholds: list[tuple[float | None, str]] | None = None,
    legend: str = "",
) -> Panel:
    steps = [{"value": value, "color": color} for value, color in (thresholds or [(None, "green")])]
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": PROMETHEUS,
        "targets": [{**target(expr, legend), "range": False, "instant": True}],
        "fieldConfig": {
            "defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}},
            "overrides": [],
        },
        "options": {
            "colorMode": "background",
            "graphMode": "none",
            "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
        },
    }


def quantiles(
    metric: str, by: str, selector: str = "", qs: tuple[float, ...] = (0.5, 0.99)
) -> list[tuple[str, str]]:
    """histogram_quantile queries over ``metric``'s buckets, one per quantile, grouped by ``by``."""
    group = f"{by}, le" if by else "le"
    legend_by = "{{" + by.split(",")[0].strip() + "}} " if by else ""
    return [
        (
            f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{selector}[$__rate_interval])))",
            f"{legend_by}p{int(q * 100)}",
        )
        for q in qs
    ]


def variable(name: str, query: str, label: str, *, include_all: bool = True) -> dict[str, Any]:
    return {
        "type": "query",
        "name": name,
        "label": label,
        "datasource": PROMETHEUS,
        "query": {"query": query, "refId": f"{name}-variable"},
        "definition": query,
        "refresh": 2,
        "sort": 1,
        "multi": True,
        "includeAll": include_all,
        "allValue": ".*",
        "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
        "options": [],
        "hide": 0,
    }


def dashboard(
    uid: str, title: str, description: str, layout: Layout, variables: list[dict[str, Any]]
) -> dict[str, Any]:
    for number, panel in enumerate(layout.panels, start=1):
        panel["id"] = number
    return {
        "uid": uid,
        "title": title,
        "description": description,
        "tags": ["conectar"],
        "timezone": "browser",
        "editable": False,
        "graphTooltip": 1,
        "refresh": "30s",
        "schemaVersion": 39,
        "version": 1,
        "time": {"from": "now-6h", "to": "now"},
        "timepicker": {},
        "links": [
            {
                "type": "dashboards",
                "tags": ["conectar"],
                "asDropdown": True,
                "title": "Conectar",
                "includeVars": False,
            }
        ],
        "annotations": {
            "list": [
                {
                    "builtIn": 1,
                    "datasource": {"type": "grafana", "uid": "-- Grafana --"},
                    "enable": True,
                    "hide": True,
                    "iconColor": "rgba(0, 211, 255, 1)",
                    "name": "Annotations & Alerts",
                    "type": "dashboard",
                }
            ]
        },
        "templating": {"list": variables},
        "panels": layout.panels,
    }


# ---------------------------------------------------------------------------------------------- dashboards

GATEWAY_SLO = 'job="gateway", service="gateway", route!~"/health.*"'


def slo_panels(layout: Layout) -> None:
    """The two objectives (docs/observability.md, "Objectives") and how fast their budget burns."""
    layout.row("Objectives (gateway, 30 days)")
    layout.add(
        stat(
            "Availability, 30 days (objective 99.5 %)",
            f'1 - (sum(increase(conectar_http_requests_total{{{GATEWAY_SLO}, status=~"5.."}}[30d]))'
            f" / sum(increase(conectar_http_requests_total{{{GATEWAY_SLO}}}[30d])))",
            unit="percentunit",
            thresholds=[(None, "red"), (0.995, "green")],
            description="Share of the requests the gateway answered without a 5xx over the last 30 days.",
        ),
        width=6,
        height=5,
    )
    layout.add(
        stat(
            "Within 500 ms, 30 days (objective 95 %)",
            "sum(increase(conectar_http_request_duration_seconds_bucket"
            '{job="gateway", service="gateway", route!~"/health.*|/api/v1/notificaciones/.*", le="0.5"}[30d]))'
            " / sum(increase(conectar_http_request_duration_seconds_count"
            '{job="gateway", service="gateway", route!~"/health.*|/api/v1/notificaciones/.*"}[30d]))',
            unit="percentunit",
            thresholds=[(None, "red"), (0.95, "green")],
            description="Share of the requests the gateway answered within 500 ms (the notifications stream "
            "left out) over the last 30 days.",
        ),
        width=6,
        height=5,
    )
    layout.add(
        timeseries(
            "Availability budget burn rate (page at 14.4x / 6x, ticket at 1x)",
            *(
                (f"job:slo_availability_errors:ratio_rate{w} / 0.005", f"{w}")
                for w in ("5m", "1h", "6h", "3d")
            ),
            description="1 spends the 30-day error budget (0.5 % of requests) in exactly 30 days.",
        ),
        width=6,
        height=5,
    )
    layout.add(
        timeseries(
            "Latency budget burn rate (page at 14.4x / 6x, ticket at 1x)",
            *((f"job:slo_latency_slow:ratio_rate{w} / 0.05", f"{w}") for w in ("5m", "1h", "6h", "3d")),
            description="1 spends the 30-day latency budget (5 % of requests over 500 ms) in exactly 30 days.",
        ),
        width=6,
        height=5,
    )


def overview() -> dict[str, Any]:
    layout = Layout()
    slo_panels(layout)
    selected = 'service=~"$service", route!~"/health.*"'
    layout.row("Traffic, errors and latency per service")
    layout.add(
        timeseries(
            "Requests per second",
            (
                f"sum by (service) (rate(conectar_http_requests_total{{{selected}}}[$__rate_interval]))",
                "{{service}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Errors (5xx) per request",
            (
                f'sum by (service) (rate(conectar_http_requests_total{{{selected}, status=~"5.."}}[$__rate_interval]))'
                f" / sum by (service) (rate(conectar_http_requests_total{{{selected}}}[$__rate_interval]))",
                "{{service}}",
            ),
            unit="percentunit",
        )
    )
    layout.add(
        timeseries(
            "Latency p50 / p99",
            *quantiles("conectar_http_request_duration_seconds", "service", f"{{{selected}}}"),
            unit="s",
            description="Dots are exemplars: a request's trace id; click one to open its trace in Jaeger.",
        )
    )
    layout.add(
        timeseries(
            "Client errors (4xx) per second",
            (
                f'sum by (service, status) (rate(conectar_http_requests_total{{{selected}, status=~"4.."}}[$__rate_interval]))',
                "{{service}} {{status}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Slowest routes (p99)",
            (
                "topk(5, histogram_quantile(0.99, sum by (service, route, le) (rate("
                f"conectar_http_request_duration_seconds_bucket{{{selected}}}[$__rate_interval]))))",
                "{{service}} {{route}}",
            ),
            unit="s",
        )
    )
    layout.add(
        timeseries(
            "Rate-limited requests",
            (
                "sum by (service, limit) (rate(conectar_rate_limited_total[$__rate_interval]))",
                "{{service}} {{limit}}",
            ),
            unit="reqps",
        )
    )
    jobs = f'job=~"{JOBS}"'
    layout.row("Saturation")
    layout.add(
        timeseries(
            "CPU (cores)",
            (f"sum by (job) (rate(process_cpu_seconds_total{{{jobs}}}[$__rate_interval]))", "{{job}}"),
            unit="short",
        )
    )
    layout.add(
        timeseries(
            "Memory (resident)",
            (f"sum by (job) (process_resident_memory_bytes{{{jobs}}})", "{{job}}"),
            unit="bytes",
        )
    )
    layout.add(
        timeseries(
            "Open file descriptors (share of the limit)",
            (f"max by (job) (process_open_fds{{{jobs}}} / process_max_fds{{{jobs}}})", "{{job}}"),
            unit="percentunit",
            description="Sockets count here: database and broker connections, WebSockets, streams.",
        )
    )
    layout.add(
        timeseries(
            "Database connections replaced",
            (
                "sum by (database, where) (rate(conectar_db_connections_replaced_total[$__rate_interval]))",
                "{{database}} at {{where}}",
            ),
            unit="ops",
            description="Pooled connections the server had dropped, replaced before use (docs/operations.md, "
            '"Dropped database connections"). A burst after a database restart is expected; a steady rate '
            "points at something closing idle connections.",
        )
    )
    layout.add(
        timeseries(
            "Dependencies up (readiness checks)",
            ("min by (service, dependency) (conectar_dependency_up)", "{{service}} → {{dependency}}"),
            unit="bool",
        )
    )
    layout.add(
        timeseries(
            "Targets up, Redis fallback",
            (f"sum by (job) (up{{{jobs}}})", "{{job}} up"),
            ("sum by (service) (conectar_kv_degraded)", "{{service}} counting in memory"),
        )
    )
    return dashboard(
        "conectar-overview",
        "Conectar / Overview",
        "Objectives, then traffic, errors and latency per service, then saturation.",
        layout,
        [variable("service", "label_values(conectar_http_requests_total, service)", "Service")],
    )


def gateway() -> dict[str, Any]:
    layout = Layout()
    slo_panels(layout)
    own = 'job="gateway", service="gateway", route!~"/health.*"'
    layout.row("Requests by route")
    layout.add(
        timeseries(
            "Requests per second by route",
            (f"sum by (route) (rate(conectar_http_requests_total{{{own}}}[$__rate_interval]))", "{{route}}"),
            unit="reqps",
            stack=True,
        ),
        width=12,
    )
    layout.add(
        timeseries(
            "5xx per second by route and status",
            (
                f'sum by (route, status) (rate(conectar_http_requests_total{{{own}, status=~"5.."}}[$__rate_interval]))',
                "{{route}} {{status}}",
            ),
            unit="reqps",
        ),
        width=12,
    )
    layout.add(
        timeseries(
            "Latency p50 / p99 (all routes)",
            *quantiles("conectar_http_request_duration_seconds", "", f"{{{own}}}"),
            unit="s",
            description="Dots are exemplars: a request's trace id; click one to open its trace in Jaeger.",
        ),
        width=12,
    )
    layout.add(
        timeseries(
            "Latency p99 by route",
            (
                "histogram_quantile(0.99, sum by (route, le) (rate("
                f"conectar_http_request_duration_seconds_bucket{{{own}}}[$__rate_interval])))",
                "{{route}}",
            ),
            unit="s",
        ),
        width=12,
    )
    layout.row("Upstreams")
    layout.add(
        timeseries(
            "Upstream requests by outcome",
            (
                'sum by (upstream, outcome) (rate(conectar_gateway_upstream_requests_total{upstream=~"$upstream"}'
                "[$__rate_interval]))",
                "{{upstream}} {{outcome}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Failed upstream requests (not ok)",
            (
                'sum by (upstream, outcome) (rate(conectar_gateway_upstream_requests_total{upstream=~"$upstream", '
                'outcome!="ok"}[$__rate_interval]))',
                "{{upstream}} {{outcome}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Circuit open",
            ('max by (upstream) (conectar_gateway_circuit_open{upstream=~"$upstream"})', "{{upstream}}"),
            unit="bool",
            description="1 while the gateway answers 503 for that upstream without trying it.",
        )
    )
    layout.add(
        timeseries(
            "Rate-limited requests",
            (
                'sum by (limit) (rate(conectar_rate_limited_total{service="gateway"}[$__rate_interval]))',
                "{{limit}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Redis fallback",
            ('max by (instance) (conectar_kv_degraded{service="gateway"})', "{{instance}}"),
            unit="bool",
        )
    )
    return dashboard(
        "conectar-gateway",
        "Conectar / Gateway",
        "What visitors get: the objectives, every route's traffic, errors and latency, and the upstreams.",
        layout,
        [
            variable(
                "upstream", "label_values(conectar_gateway_upstream_requests_total, upstream)", "Upstream"
            )
        ],
    )


def money() -> dict[str, Any]:
    layout = Layout()
    layout.row("Escrow and payouts")
    layout.add(
        stat(
            "Held in escrow",
            "max(conectar_payments_escrow_held_centavos) / 100",
            unit="prefix:$",
            description="Money paid by clients and not yet released or refunded (database-wide).",
        ),
        width=6,
        height=5,
    )
    layout.add(
        stat(
            "Escrow past its release date",
            "max(conectar_chat_escrow_overdue_trabajos)",
            thresholds=[(None, "green"), (1, "red")],
        ),
        width=6,
        height=5,
    )
    layout.add(
        stat(
            "Refused movements awaiting staff",
            "max(conectar_chat_money_awaiting_staff)",
            thresholds=[(None, "green"), (1, "red")],
        ),
        width=6,
        height=5,
    )
    layout.add(
        stat(
            "Failed payouts",
            'max(conectar_payments_payouts{state="failed"})',
            thresholds=[(None, "green"), (1, "red")],
        ),
        width=6,
        height=5,
    )
    layout.add(
        timeseries(
            "Held in escrow", ("max(conectar_payments_escrow_held_centavos) / 100", "escrow"), unit="prefix:$"
        )
    )
    layout.add(timeseries("Payouts by state", ("max by (state) (conectar_payments_payouts)", "{{state}}")))
    layout.add(
        timeseries(
            "Refunds by outcome",
            ("sum by (outcome) (increase(conectar_payments_refunds_total[$__rate_interval]))", "{{outcome}}"),
        )
    )
    layout.add(
        timeseries(
            "Releases and refunds payments refused",
            ("sum by (kind) (increase(conectar_chat_money_refusals_total[$__rate_interval]))", "{{kind}}"),
        )
    )
    layout.add(
        timeseries(
            "Reconciliation mismatches",
            (
                "sum(increase(conectar_payments_reconciliation_mismatches_total[$__rate_interval]))",
                "mismatches",
            ),
            description="Payments whose provider record disagrees with the ledger.",
        )
    )
    layout.add(
        timeseries(
            "Money jobs by state",
            (
                'max by (queue, state) (conectar_queue_jobs{queue=~"chat.money|payments.*"})',
                "{{queue}} {{state}}",
            ),
        )
    )
    layout.row("MercadoPago webhooks")
    layout.add(
        timeseries(
            "Webhooks by outcome",
            ("sum by (outcome) (rate(conectar_payments_webhooks_total[$__rate_interval]))", "{{outcome}}"),
            unit="reqps",
            description="bad_signature: the secret does not match (or a forgery).",
        )
    )
    layout.add(
        timeseries(
            "Webhook processing p50 / p99",
            *quantiles("conectar_payments_webhook_processing_seconds", ""),
            unit="s",
            description="Exemplars (dots) show when the histogram carries them: a trace id, opened in Jaeger.",
        )
    )
    layout.add(
        timeseries(
            "Provider notifications handled",
            (
                "sum by (outcome) (rate(conectar_payments_notifications_total[$__rate_interval]))",
                "{{outcome}}",
            ),
            unit="ops",
        )
    )
    return dashboard(
        "conectar-money",
        "Conectar / Money",
        "Escrow, payouts, refunds and the provider's notifications: money where the trabajos say it is.",
        layout,
        [],
    )


def events() -> dict[str, Any]:
    layout = Layout()
    service = 'service=~"$service"'
    layout.row("Outbox (publishing)")
    layout.add(
        timeseries(
            "Waiting to be published",
            (f"max by (service) (conectar_outbox_backlog{{{service}}})", "{{service}}"),
        )
    )
    layout.add(
        timeseries(
            "Dead (gave up publishing)",
            (f"max by (service) (conectar_outbox_dead_rows{{{service}}})", "{{service}}"),
            description="`conectar queues retry --service S` once the broker takes them.",
        )
    )
    layout.add(
        timeseries(
            "Publish delay p50 / p99",
            *quantiles("conectar_outbox_publish_delay_seconds", "service", f"{{{service}}}"),
            unit="s",
            description="From the event's occurred_at to the broker's confirm of its publish.",
        )
    )
    layout.add(
        timeseries(
            "Published per second",
            (
                f"sum by (service) (rate(conectar_outbox_published_total{{{service}}}[$__rate_interval]))",
                "{{service}}",
            ),
            unit="ops",
        )
    )
    layout.row("Consumers")
    layout.add(
        timeseries(
            "Handled per second by outcome",
            (
                f"sum by (service, outcome) (rate(conectar_events_handled_total{{{service}}}[$__rate_interval]))",
                "{{service}} {{outcome}}",
            ),
            unit="ops",
        )
    )
    layout.add(
        timeseries(
            "Consume lag p99",
            *quantiles("conectar_event_consume_lag_seconds", "service", f"{{{service}}}", qs=(0.99,)),
            unit="s",
            description="From the event's occurred_at to its handler's committed effect.",
        )
    )
    layout.add(
        timeseries(
            "Handler failures (each retried)",
            (
                f"sum by (service, type) (rate(conectar_consumer_failures_total{{{service}}}[$__rate_interval]))",
                "{{service}} {{type}}",
            ),
            unit="ops",
        )
    )
    layout.add(
        timeseries(
            "Dead-lettered",
            (
                f"sum by (service, type) (increase(conectar_dead_letters_total{{{service}}}[$__rate_interval]))",
                "{{service}} {{type}}",
            ),
        )
    )
    layout.add(
        timeseries(
            "Dead-letter queue depth",
            (f"max by (service) (conectar_dead_letter_queue_depth{{{service}}})", "{{service}}"),
            description="`conectar events dlq list --service S`; replay once the cause is fixed.",
        )
    )
    layout.row("Work queues")
    layout.add(
        timeseries(
            "Jobs by state",
            (f"max by (service, queue, state) (conectar_queue_jobs{{{service}}})", "{{queue}} {{state}}"),
        )
    )
    layout.add(
        timeseries(
            "Oldest due job's wait",
            (f"max by (service, queue) (conectar_queue_oldest_job_age_seconds{{{service}}})", "{{queue}}"),
            unit="s",
        )
    )
    layout.add(
        timeseries(
            "Job runs by outcome",
            (
                f"sum by (queue, outcome) (rate(conectar_queue_job_outcomes_total{{{service}}}[$__rate_interval]))",
                "{{queue}} {{outcome}}",
            ),
            unit="ops",
        )
    )
    layout.add(
        timeseries(
            "Job duration p50 / p99",
            *quantiles("conectar_queue_job_duration_seconds", "queue", f"{{{service}}}"),
            unit="s",
        )
    )
    layout.row("Notifications")
    layout.add(
        timeseries(
            "Deliveries by channel and outcome",
            (
                "sum by (channel, outcome) (rate(conectar_notifications_deliveries_total[$__rate_interval]))",
                "{{channel}} {{outcome}}",
            ),
            unit="ops",
        )
    )
    layout.add(
        timeseries(
            "Delivery time p50 / p99",
            *quantiles("conectar_notifications_delivery_seconds", "channel"),
            unit="s",
        )
    )
    return dashboard(
        "conectar-events",
        "Conectar / Events and background work",
        "The outboxes, the consumers and their dead letters, the work queues and notification deliveries.",
        layout,
        [variable("service", "label_values(conectar_outbox_backlog, service)", "Service")],
    )


def chat() -> dict[str, Any]:
    layout = Layout()
    chat_http = 'service="chat", route!~"/health.*"'
    layout.row("Real time")
    layout.add(
        timeseries("Open WebSockets", ("sum by (instance) (conectar_chat_sockets_open)", "{{instance}}"))
    )
    layout.add(
        timeseries(
            "Messages per second",
            ("sum(rate(conectar_chat_messages_total[$__rate_interval]))", "messages"),
            ("sum(rate(conectar_chat_messages_masked_total[$__rate_interval]))", "masked (contact data)"),
            unit="ops",
        )
    )
    layout.add(
        timeseries(
            "Fan-out p50 / p99",
            *quantiles("conectar_chat_fanout_seconds", ""),
            unit="s",
            description="From a message's commit to its frame leaving for a recipient's socket (one per socket).",
        )
    )
    layout.add(
        timeseries("Bans", ("sum(increase(conectar_chat_bans_total[$__rate_interval]))", "bans")),
    )
    layout.row("Chat's API")
    layout.add(
        timeseries(
            "Requests per second by status",
            (
                f"sum by (status) (rate(conectar_http_requests_total{{{chat_http}}}[$__rate_interval]))",
                "{{status}}",
            ),
            unit="reqps",
        )
    )
    layout.add(
        timeseries(
            "Latency p50 / p99",
            *quantiles("conectar_http_request_duration_seconds", "", f"{{{chat_http}}}"),
            unit="s",
        )
    )
    layout.add(
        timeseries(
            "Redis fallback, dependencies",
            ('max(conectar_kv_degraded{service="chat"})', "counting in memory"),
            ('min by (dependency) (conectar_dependency_up{service="chat"})', "{{dependency}} up"),
            unit="bool",
        )
    )
    return dashboard(
        "conectar-chat",
        "Conectar / Real-time chat",
        "WebSockets, messages and their fan-out, moderation, and chat's own API.",
        layout,
        [],
    )


DASHBOARDS = {
    "overview.json": overview,
    "gateway.json": gateway,
    "money.json": money,
    "events.json": events,
    "chat.json": chat,
}


def render() -> dict[str, str]:
    """Every dashboard file's name and content, exactly as committed."""
    return {
        name: json.dumps(build(), indent=2, ensure_ascii=False) + "\n" for name, build in DASHBOARDS.items()
    }


def main(argv: list[str]) -> int:
    rendered = render()
    if "--check" in argv:
        stale = [
            name
            for name, text in rendered.items()
            if not (OUT / name).exists() or (OUT / name).read_text() != text
        ]
        extra = sorted({p.name for p in OUT.glob("*.json")} - set(rendered))
        for name in [*stale, *extra]:
            print(f"{OUT / name} differs from build.py's output: run {Path(__file__).name}", file=sys.stderr)
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for name, text in rendered.items():
        (OUT / name).write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
