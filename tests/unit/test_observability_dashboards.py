"""Grafana, provisioned from files (deploy/observability/grafana): the committed dashboards are exactly what
build.py writes, every query is PromQL that Prometheus accepts, every panel reads a provisioned data source,
and histogram panels show exemplars that link to Jaeger.

The helpers that list every query of the dashboards and the rules, and the metrics and labels each one
reads, are shared with tests/services/test_dashboard_metrics.py, which checks them against a running
platform's /metrics.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
OBSERVABILITY = ROOT / "deploy" / "observability"
GRAFANA = OBSERVABILITY / "grafana"
DASHBOARDS = GRAFANA / "dashboards"
PROVISIONING = GRAFANA / "provisioning"
RULES = OBSERVABILITY / "prometheus"

STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
# What a query reads: the platform's metrics (conectar_*, the client library's process_* and python_*),
# Prometheus' own `up`, and recorded series (level:metric:operations). Never a function (followed by "("),
# a label, a Grafana variable ($…) or part of a longer name.
NAME = re.compile(r"(?<![\w:$])((?:conectar|process|python)_[a-z0-9_]+|up|[a-z_]+:[a-z0-9_:]+)(?![\w:(])")
MATCHER = re.compile(r'(\w+)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"')
# Grafana's variables, as Prometheus would see them once Grafana has replaced them.
VARIABLES = {
    "$__rate_interval": "1m",
    "$__interval": "1m",
    "$__range": "1h",
    "$service": ".*",
    "$upstream": ".*",
}


def load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("grafana_build", GRAFANA / "build.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def dashboards() -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text()) for path in sorted(DASHBOARDS.glob("*.json"))}


def panels(dashboard: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])


def dashboard_queries() -> list[tuple[str, str]]:
    """(where, PromQL) for every panel target and every variable of every dashboard."""
    found: list[tuple[str, str]] = []
    for name, dashboard in dashboards().items():
        for panel in panels(dashboard):
            for target in panel.get("targets", []):
                found.append((f"{name} / {panel['title']} / {target['refId']}", target["expr"]))
        for variable in dashboard["templating"]["list"]:
            query = variable["query"]
            found.append(
                (f"{name} / ${variable['name']}", query["query"] if isinstance(query, dict) else query)
            )
    return found


def rule_queries() -> list[tuple[str, str]]:
    """(where, PromQL) for every alert and recording rule."""
    return [
        (f"{path.name} / {rule.get('alert') or rule['record']}", rule["expr"])
        for path in sorted(RULES.glob("*.rules.yml"))
        for group in yaml.safe_load(path.read_text())["groups"]
        for rule in group["rules"]
    ]


def recorded_series() -> set[str]:
    return {rule.split(" / ", 1)[1] for rule, _ in rule_queries() if ":" in rule.split(" / ", 1)[1]}


def metric_names(expr: str) -> set[str]:
    """The series names ``expr`` reads (label values and strings left out)."""
    return set(NAME.findall(STRING.sub('""', expr)))


def selectors(expr: str) -> list[tuple[str, set[str]]]:
    """(series name, label names it matches on) for every series ``expr`` reads."""
    # Quoted values blanked out at the same length, so that positions match and no brace or name inside a
    # value counts.
    masked = STRING.sub(lambda m: '"' + "x" * (len(m.group()) - 2) + '"', expr)
    found = []
    for match in NAME.finditer(masked):
        labels: set[str] = set()
        opening = re.compile(r"\s*\{").match(masked, match.end())
        if opening:
            labels = set(MATCHER.findall(expr[opening.end() : masked.index("}", opening.end())]))
        found.append((match.group(1), labels))
    return found


def as_prometheus_sees_it(expr: str) -> str:
    for variable, value in VARIABLES.items():
        expr = expr.replace(variable, value)
    return expr


# --------------------------------------------------------------------------------------------------- tests


def test_the_committed_dashboards_are_what_build_py_writes() -> None:
    rendered = load_build().render()
    assert set(rendered) == {p.name for p in DASHBOARDS.glob("*.json")}, (
        "run deploy/observability/grafana/build.py"
    )
    for name, text in rendered.items():
        assert (DASHBOARDS / name).read_text() == text, (
            f"{name} is stale: run deploy/observability/grafana/build.py"
        )
    checked = subprocess.run(
        [sys.executable, GRAFANA / "build.py", "--check"], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_there_is_a_dashboard_for_each_concern() -> None:
    found = {d["uid"]: d for d in dashboards().values()}
    assert set(found) == {
        "conectar-overview",
        "conectar-gateway",
        "conectar-money",
        "conectar-events",
        "conectar-chat",
    }
    for dashboard in found.values():
        ids = [panel["id"] for panel in panels(dashboard)]
        assert len(ids) == len(set(ids)), dashboard["uid"]
        assert dashboard["editable"] is False
        for panel in panels(dashboard):
            grid = panel["gridPos"]
            assert grid["x"] + grid["w"] <= 24, (dashboard["uid"], panel["title"])
            if panel["type"] != "row":
                assert panel["targets"], (dashboard["uid"], panel["title"])
    overview = [p["title"] for p in panels(found["conectar-overview"])]
    for title in ("Requests per second", "Errors (5xx) per request", "Latency p50 / p99", "CPU (cores)",
                  "Memory (resident)", "Database connections replaced"):  # fmt: skip
        assert title in overview


def test_every_query_is_promql_that_prometheus_accepts(tmp_path: Path) -> None:
    """Each dashboard query (Grafana's variables replaced as Grafana would) as a recording rule for
    promtool: a typo in a panel fails here, not as an empty panel."""
    queries = [(where, expr) for where, expr in dashboard_queries() if not expr.startswith("label_values(")]
    rules = {
        "groups": [
            {
                "name": "dashboards",
                "rules": [
                    {"record": f"dashboard_query_{n}", "expr": as_prometheus_sees_it(expr)}
                    for n, (_, expr) in enumerate(queries)
                ],
            }
        ]
    }
    (tmp_path / "dashboards.rules.yml").write_text(yaml.safe_dump(rules))
    binary = shutil.which("promtool")
    assert binary, "promtool is missing: apt-get install prometheus"
    checked = subprocess.run(
        [binary, "check", "rules", "dashboards.rules.yml"], capture_output=True, text=True, cwd=tmp_path
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for where, expr in dashboard_queries():
        assert "$" not in as_prometheus_sees_it(expr) or expr.startswith("label_values("), (where, expr)
        assert metric_names(expr), f"{where} reads no metric: {expr}"


def test_every_panel_reads_a_provisioned_data_source() -> None:
    provisioned = yaml.safe_load((PROVISIONING / "datasources" / "datasources.yaml").read_text())[
        "datasources"
    ]
    by_uid = {source["uid"]: source for source in provisioned}
    assert by_uid["prometheus"]["type"] == "prometheus"
    assert by_uid["prometheus"]["isDefault"] is True
    assert by_uid["prometheus"]["url"] == "http://prometheus:9090"
    assert by_uid["jaeger"]["type"] == "jaeger"
    assert by_uid["jaeger"]["url"] == "http://jaeger:16686"
    # An exemplar's trace id (the label the services attach) opens its trace in Jaeger.
    assert by_uid["prometheus"]["jsonData"]["exemplarTraceIdDestinations"] == [
        {"name": "trace_id", "datasourceUid": "jaeger"}
    ]
    for name, dashboard in dashboards().items():
        for panel in panels(dashboard):
            if panel["type"] == "row":
                continue
            for source in [panel["datasource"], *(t["datasource"] for t in panel["targets"])]:
                assert source["uid"] in by_uid, (name, panel["title"])
                assert source["type"] == by_uid[source["uid"]]["type"], (name, panel["title"])


def test_histogram_panels_show_exemplars() -> None:
    histograms = 0
    for name, dashboard in dashboards().items():
        for panel in panels(dashboard):
            for target in panel.get("targets", []):
                reads_buckets = any(m.endswith("_bucket") for m in metric_names(target["expr"]))
                if reads_buckets and panel["type"] == "timeseries":
                    histograms += 1
                    assert target["exemplar"] is True, (name, panel["title"])
    assert histograms >= 10


def test_grafana_loads_the_dashboards_from_where_compose_mounts_them() -> None:
    (provider,) = yaml.safe_load((PROVISIONING / "dashboards" / "dashboards.yaml").read_text())["providers"]
    assert provider["type"] == "file"
    assert provider["allowUiUpdates"] is False
    compose = yaml.safe_load((ROOT / "deploy" / "compose.observability.yaml").read_text())
    volumes = compose["services"]["grafana"]["volumes"]
    assert f"./observability/grafana/dashboards:{provider['options']['path']}:ro" in volumes
    assert "./observability/grafana/provisioning:/etc/grafana/provisioning:ro" in volumes
    home = compose["services"]["grafana"]["environment"]["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home == f"{provider['options']['path']}/overview.json"


def test_the_query_parser_reads_names_and_matchers() -> None:
    expr = (
        "histogram_quantile(0.99, sum by (service, le) (rate(conectar_http_request_duration_seconds_bucket"
        '{service=~"$service", route!~"/health.*|a,b{c}"}[$__rate_interval]))) / job:slo_x:ratio_rate5m'
        ' + on (job) up{job="gateway"} + label_values(conectar_queue_jobs, queue) + '
        'sum(rate(process_cpu_seconds_total[5m])) + max(conectar_queue_jobs{queue=~"chat.money|payments.*"})'
    )
    assert metric_names(expr) == {
        "conectar_http_request_duration_seconds_bucket",
        "job:slo_x:ratio_rate5m",
        "up",
        "conectar_queue_jobs",
        "process_cpu_seconds_total",
    }
    assert ("conectar_http_request_duration_seconds_bucket", {"service", "route"}) in selectors(expr)
    assert ("up", {"job"}) in selectors(expr)
    assert ("conectar_queue_jobs", {"queue"}) in selectors(expr)
    assert ("process_cpu_seconds_total", set()) in selectors(expr)
    assert recorded_series() >= {
        "job:slo_availability_errors:ratio_rate5m",
        "job:slo_latency_slow:ratio_rate3d",
    }
