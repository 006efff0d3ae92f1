"""The Prometheus rules and configurations (deploy/observability/prometheus): valid for the real `promtool`,
the rules' own unit tests pass (they fire when they should and stay quiet when they should not), every
metric they watch is one the code exports — a renamed metric would otherwise silence its alert without a
word — and every alert says how bad it is and links to its runbook in docs/observability.md.

Needs Debian's `prometheus` package (promtool, and the prometheus server for the Kubernetes relabelling);
without it these tests fail rather than skip. tests/services/test_dashboard_metrics.py checks the same
metric names against a running platform's /metrics.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml

from conectar.platform.settings import DEFAULT_PORTS
from conectar.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "observability" / "prometheus"
RULE_FILES = sorted(RULES.glob("*.rules.yml"))
CONFIGS = ("prometheus.yml", "kubernetes.yml")
DOCS = ROOT / "docs"
METRIC = re.compile(r"\b(conectar_[a-z0-9_]+)")
# Recorded series are named level:metric:operations (one colon at least), never conectar_…
RECORDED = re.compile(r"(?<![\w:])([a-z_]+:[a-z0-9_:]+)")
SEVERITIES = {"critical", "warning"}
# The jobs: every service's own process, named as in Compose and as the pods' app.kubernetes.io/name.
JOBS = {"gateway": DEFAULT_PORTS["gateway"], **{service: DEFAULT_PORTS[service] for service in SERVICES}}


def promtool(*args: str, cwd: Path = RULES) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    assert binary, "promtool is missing: apt-get install prometheus"
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=cwd, check=False)


def rules_of(path: Path) -> list[dict[str, Any]]:
    return [rule for group in yaml.safe_load(path.read_text())["groups"] for rule in group["rules"]]


def all_rules() -> list[dict[str, Any]]:
    return [rule for path in RULE_FILES for rule in rules_of(path)]


def unit_tests_of(rules: Path) -> Path:
    return rules.with_name(rules.name.replace(".rules.yml", ".rules.test.yml"))


def test_there_are_rules_with_tests() -> None:
    assert RULE_FILES
    for rules in RULE_FILES:
        assert unit_tests_of(rules).exists(), rules.name
    orphans = {p.name.replace(".rules.test.yml", ".rules.yml") for p in RULES.glob("*.rules.test.yml")}
    assert orphans <= {rules.name for rules in RULE_FILES}, "a rules test without its rules file"


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_rules_are_valid_and_their_unit_tests_pass(rules: Path) -> None:
    checked = promtool("check", "rules", rules.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = promtool("test", "rules", unit_tests_of(rules).name)
    assert tested.returncode == 0, tested.stdout + tested.stderr


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_every_watched_metric_is_exported_by_the_code(rules: Path) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "conectar").rglob("*.py"))
    exported = {name.removesuffix("_total") for name in METRIC.findall(source)}
    missing = [
        f"{rule.get('alert') or rule['record']}: {metric}"
        for rule in rules_of(rules)
        for metric in METRIC.findall(rule["expr"])
        # A histogram's series are its name plus _bucket, _sum or _count.
        if metric.removesuffix("_total") not in exported
        and re.sub(r"_(bucket|sum|count)$", "", metric) not in exported
    ]
    assert not missing, f"watched but not exported by src/conectar: {missing}"


def test_recording_and_alert_rules_are_in_separate_files() -> None:
    for path in RULE_FILES:
        kinds = {"alert" if "alert" in rule else "record" for rule in rules_of(path)}
        assert len(kinds) == 1, f"{path.name} mixes recording and alert rules"


def test_alerts_read_only_series_that_are_recorded_or_scraped() -> None:
    recorded = {rule["record"] for rule in all_rules() if "record" in rule}
    names = [rule.get("alert") or rule["record"] for rule in all_rules()]
    assert len(names) == len(set(names)), "an alert or recorded series is defined twice"
    for rule in all_rules():
        for name in RECORDED.findall(re.sub(r'"[^"]*"', '""', rule["expr"])):
            assert name in recorded, (
                f"{rule.get('alert') or rule['record']} reads {name}, which nothing records"
            )


def runbook_anchors() -> dict[str, set[str]]:
    """Every heading's anchor (GitHub's rule: lower case, punctuation dropped, spaces to dashes) per doc."""
    anchors: dict[str, set[str]] = {}
    for name in ("observability.md", "operations.md"):
        headings = re.findall(r"^#+ (.+)$", (DOCS / name).read_text(), flags=re.MULTILINE)
        anchors[f"docs/{name}"] = {
            re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in headings
        }
    return anchors


def test_every_alert_has_a_severity_a_summary_a_description_and_a_runbook() -> None:
    anchors = runbook_anchors()
    alerts = [rule for rule in all_rules() if "alert" in rule]
    assert alerts
    for rule in alerts:
        name = rule["alert"]
        assert rule.get("labels", {}).get("severity") in SEVERITIES, f"{name}: severity"
        annotations = rule.get("annotations", {})
        for key in ("summary", "description", "runbook_url"):
            assert annotations.get(key, "").strip(), f"{name}: no {key}"
        document, _, anchor = annotations["runbook_url"].partition("#")
        assert document in anchors, f"{name}: runbook {annotations['runbook_url']} is not in docs/"
        assert anchor in anchors[document], f"{name}: {document} has no section #{anchor}"


def test_every_rule_is_exercised_by_a_unit_test() -> None:
    """Every alert is expected to fire in some test (not only to stay quiet), and every recorded series is
    queried by one."""
    fired: set[str] = set()
    queried = ""
    for rules in RULE_FILES:
        for case in yaml.safe_load(unit_tests_of(rules).read_text())["tests"]:
            fired |= {t["alertname"] for t in case.get("alert_rule_test", []) if t.get("exp_alerts")}
            queried += "\n".join(t["expr"] for t in case.get("promql_expr_test", []))
    for rule in all_rules():
        if "alert" in rule:
            assert rule["alert"] in fired, f"no test expects {rule['alert']} to fire"
        else:
            assert re.search(rf"(?<![\w:]){re.escape(rule['record'])}(?![\w:])", queried), (
                f"no test queries {rule['record']}"
            )


def test_the_objectives_and_burn_rates_are_the_documented_ones() -> None:
    """99.5 % availability and 95 % within 500 ms, paged at 14.4x (1h/5m) and 6x (6h/30m), ticketed at 1x
    (3d/6h): what docs/observability.md promises."""
    alerts = {rule["alert"]: rule for rule in all_rules() if "alert" in rule}
    for prefix, recorded, budget in (
        ("ApiErrorBudget", "job:slo_availability_errors", "0.005"),
        ("ApiLatencyBudget", "job:slo_latency_slow", "0.05"),
    ):
        fast = " ".join(alerts[f"{prefix}FastBurn"]["expr"].split())
        assert f"{recorded}:ratio_rate1h > (14.4 * {budget})" in fast
        assert f"{recorded}:ratio_rate5m > (14.4 * {budget})" in fast
        assert f"{recorded}:ratio_rate6h > (6 * {budget})" in fast
        assert f"{recorded}:ratio_rate30m > (6 * {budget})" in fast
        assert alerts[f"{prefix}FastBurn"]["labels"]["severity"] == "critical"
        slow = " ".join(alerts[f"{prefix}SlowBurn"]["expr"].split())
        assert slow == f"{recorded}:ratio_rate3d > {budget} and {recorded}:ratio_rate6h > {budget}"
        assert alerts[f"{prefix}SlowBurn"]["labels"]["severity"] == "warning"
    recorded = {rule["record"]: " ".join(rule["expr"].split()) for rule in all_rules() if "record" in rule}
    assert 'le="0.5"' in recorded["job:slo_latency_slow:ratio_rate5m"]
    assert 'status=~"5.."' in recorded["job:slo_availability_errors:ratio_rate5m"]
    for expr in recorded.values():
        assert 'job="gateway", service="gateway"' in expr
    doc = (DOCS / "observability.md").read_text()
    assert "99.5 %" in doc
    assert "95 %" in doc
    assert "500 ms" in doc


# ------------------------------------------------------------------------------------------ configuration


def test_the_compose_configuration_is_valid() -> None:
    checked = promtool("check", "config", "prometheus.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: prometheus.yml is valid" in checked.stdout
    # It loads every rules file (the unit-test files are not rules).
    assert f"SUCCESS: {len(RULE_FILES)} rule files found" in checked.stdout


def kubernetes_with_file_discovery(folder: Path, targets: Path | None = None) -> Path:
    """kubernetes.yml with its Kubernetes discovery swapped for file discovery (everything else as it is):
    Debian's promtool and prometheus are built without Kubernetes discovery."""
    config = yaml.safe_load((RULES / "kubernetes.yml").read_text())
    for job in config["scrape_configs"]:
        if "kubernetes_sd_configs" in job:
            job.pop("kubernetes_sd_configs")
            job["file_sd_configs"] = [
                {"files": [str(targets or folder / "pods.json")], "refresh_interval": "5s"}
            ]
    for rules in RULE_FILES:
        shutil.copy(rules, folder / rules.name)
    path = folder / "kubernetes-file-sd.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path


def test_the_kubernetes_configuration_is_valid(tmp_path: Path) -> None:
    config = yaml.safe_load((RULES / "kubernetes.yml").read_text())
    pods = config["scrape_configs"][0]
    assert pods["kubernetes_sd_configs"] == [{"role": "pod", "namespaces": {"names": ["conectar"]}}]
    assert config["rule_files"] == ["*.rules.yml"]
    checked = promtool("check", "config", kubernetes_with_file_discovery(tmp_path).name, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"SUCCESS: {len(RULE_FILES)} rule files found" in checked.stdout


def test_compose_scrapes_every_service_by_name_on_its_port() -> None:
    config = yaml.safe_load((RULES / "prometheus.yml").read_text())
    assert config["rule_files"] == ["*.rules.yml"]
    jobs: dict[str, int] = {}
    for job in config["scrape_configs"]:
        if job["job_name"] == "prometheus":
            continue
        (discovery,) = job["dns_sd_configs"]
        assert discovery["type"] == "A"
        assert discovery["names"] == [job["job_name"]]  # the Compose service's name: every replica
        jobs[job["job_name"]] = discovery["port"]
        assert job.get("metrics_path", "/metrics") == "/metrics"
    assert jobs == JOBS
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())["services"]
    for name, port in jobs.items():
        assert compose[name]["environment"]["HEALTHCHECK_PORT"] == str(port), name


def kubernetes_pods() -> list[dict[str, Any]]:
    """The pod templates of the production overlay's Deployments, as rendered by Kustomize."""
    rendered = subprocess.run(
        ["kubectl", "kustomize", ROOT / "deploy" / "k8s" / "overlays" / "production"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [
        {"name": d["metadata"]["name"], **d["spec"]["template"]}
        for d in yaml.safe_load_all(rendered)
        if d and d["kind"] == "Deployment"
    ]


def meta(prefix: str, values: dict[str, str]) -> dict[str, str]:
    return {
        f"__meta_kubernetes_pod_{prefix}_{re.sub(r'[^a-zA-Z0-9_]', '_', k)}": v for k, v in values.items()
    }


def pod_role_targets(pods: list[dict[str, Any]], address: str) -> list[dict[str, Any]]:
    """What Kubernetes discovery's pod role yields for these pods (all at ``address``): one target per
    container port, one port-free target per container without ports, init containers marked."""
    groups = []
    for number, pod in enumerate(pods):
        labels = {
            "__meta_kubernetes_namespace": "conectar",
            "__meta_kubernetes_pod_name": f"{pod['name']}-7d9f-{number}",
            "__meta_kubernetes_pod_phase": "Running",
            "__meta_kubernetes_pod_ip": address,
            **meta("label", pod["metadata"].get("labels", {})),
            **meta("annotation", pod["metadata"].get("annotations", {})),
        }
        spec = pod["spec"]
        for init, containers in (("true", spec.get("initContainers", [])), ("false", spec["containers"])):
            for container in containers:
                common = {**labels, "__meta_kubernetes_pod_container_name": container["name"],
                          "__meta_kubernetes_pod_container_init": init}  # fmt: skip
                ports = container.get("ports", [])
                for port in ports:
                    groups.append(
                        {
                            "targets": [f"{address}:{port['containerPort']}"],
                            "labels": {**common, "__meta_kubernetes_pod_container_port_number": str(
                                port["containerPort"])},
                        }
                    )  # fmt: skip
                if not ports:
                    groups.append({"targets": [address], "labels": common})
    return groups


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_kubernetes_relabelling_scrapes_each_annotated_pod_on_its_port(tmp_path: Path) -> None:
    """The real Prometheus runs kubernetes.yml's relabelling over targets shaped as the pod role yields them
    for the rendered manifests: every service's app container is scraped on its annotated port and path,
    with job = its app.kubernetes.io/name; the edge (not annotated) and the migration initContainers are
    not scraped."""
    binary = shutil.which("prometheus")
    assert binary, "prometheus is missing: apt-get install prometheus"
    pods = kubernetes_pods()
    assert {pod["name"] for pod in pods} >= {*JOBS, "edge"}
    (tmp_path / "pods.json").write_text(json.dumps(pod_role_targets(pods, "127.0.0.1")))
    config = kubernetes_with_file_discovery(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        active: list[dict[str, Any]] = []
        dropped: list[dict[str, Any]] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/targets", timeout=5) as answer:
                    data = json.load(answer)["data"]
            except OSError:
                data = {}
            active = [t for t in data.get("activeTargets", []) if t["labels"]["job"] != "prometheus"]
            dropped = data.get("droppedTargets", [])
            if len(active) >= len(JOBS):
                break
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    scraped = {t["labels"]["job"]: t for t in active}
    assert len(active) == len(scraped), "a service is scraped twice"
    assert {job: t["scrapeUrl"] for job, t in scraped.items()} == {
        job: f"http://127.0.0.1:{port}/metrics" for job, port in JOBS.items()
    }
    for job, found in scraped.items():
        assert found["labels"]["namespace"] == "conectar"
        assert found["labels"]["pod"].startswith(f"{job}-")
        # The metrics' own "service" label must survive: no target label may clash with it.
        assert "service" not in found["labels"]
    dropped_names = {t["discoveredLabels"]["__meta_kubernetes_pod_container_name"] for t in dropped}
    assert "edge" in {
        t["discoveredLabels"].get("__meta_kubernetes_pod_label_app_kubernetes_io_name") for t in dropped
    }
    assert {c["name"] for pod in pods for c in pod["spec"].get("initContainers", [])} <= dropped_names
