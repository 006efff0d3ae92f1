"""The Compose overlay for observability (deploy/compose.observability.yaml): `docker-compose config` accepts
it on top of compose.yaml (offline: no container engine runs here), its images are pinned, every service
sends its traces to the collector with the standard OTEL_* variables, the collector's pipeline hands them
to Jaeger, nothing joins the networks whose addresses the gateway trusts, and the one command in
docs/observability.md generates every secret the two files require.

Needs Debian's docker-compose (v1.29: `config` works offline, but refuses the v2-only top-level `name:`,
which is left out of the copy it reads); without it these tests fail rather than skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from conectar.services import SERVICES
from tests.unit.test_deploy import PINNED_IMAGE

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
OVERLAY = DEPLOY / "compose.observability.yaml"
COLLECTOR = DEPLOY / "observability" / "otel-collector.yaml"
APPS = ["gateway", *SERVICES]
NEW = {"otel-collector", "jaeger", "prometheus", "grafana"}
REQUIRED = re.compile(r"\$\{([A-Z0-9_]+):\?")


def overlay() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OVERLAY.read_text())
    return loaded


def docker_compose(
    folder: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    assert binary, "docker-compose is missing: apt-get install docker-compose"
    return subprocess.run(
        [binary, "--project-directory", str(folder), "-f", str(folder / "compose.yaml"),
         "-f", str(folder / "compose.observability.yaml"), *args],
        capture_output=True,
        text=True,
        env={"PATH": os.environ["PATH"], **(env or {})},
        timeout=120,
    )  # fmt: skip


def deploy_copy(folder: Path) -> Path:
    """deploy/ as docker-compose v1 reads it: compose.yaml without the top-level `name:`, the overlay as it
    is, and the files they mount (so that relative paths resolve as from deploy/)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "compose.yaml").write_text(
        "".join(
            line
            for line in (DEPLOY / "compose.yaml").read_text().splitlines(True)
            if not line.startswith("name:")
        )
    )
    shutil.copy(OVERLAY, folder / "compose.observability.yaml")
    return folder


def required_secrets() -> set[str]:
    return set(REQUIRED.findall((DEPLOY / "compose.yaml").read_text() + OVERLAY.read_text()))


def merged(tmp_path: Path) -> dict[str, Any]:
    folder = deploy_copy(tmp_path / "deploy")
    result = docker_compose(
        folder, "config", env={name: f"secret-{name.lower()}" for name in required_secrets()}
    )
    assert result.returncode == 0, result.stdout + result.stderr
    loaded: dict[str, Any] = yaml.safe_load(result.stdout)
    return loaded


def test_docker_compose_accepts_compose_yaml_with_the_overlay(tmp_path: Path) -> None:
    config = merged(tmp_path)
    services = config["services"]
    assert set(services) >= NEW
    assert set(APPS) <= set(services)
    for name in APPS:
        environment = services[name]["environment"]
        # The overlay adds to what compose.yaml sets, it replaces nothing.
        assert environment["CONECTAR_MODE"] == "distributed", name
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318", name
        assert "observability" in services[name]["networks"], name
    # compose.yaml's networks survive the merge.
    assert set(services["gateway"]["networks"]) == {"edge", "web", "backend", "observability"}
    assert set(services["web"]["networks"]) == {"web", "observability"}
    assert set(services["auth"]["networks"]) == {"backend", "observability"}


def test_docker_compose_refuses_an_overlay_that_is_wrong(tmp_path: Path) -> None:
    """The check above can fail: a missing secret and an unknown key are refused."""
    folder = deploy_copy(tmp_path / "deploy")
    secrets = dict.fromkeys(required_secrets(), "x")
    missing = docker_compose(
        folder, "config", env={k: v for k, v in secrets.items() if k != "GRAFANA_ADMIN_PASSWORD"}
    )
    assert missing.returncode != 0
    assert "GRAFANA_ADMIN_PASSWORD" in missing.stderr
    broken = overlay()
    broken["services"]["jaeger"]["restart_policy"] = "always"
    (folder / "compose.observability.yaml").write_text(yaml.safe_dump(broken))
    assert docker_compose(folder, "config", env=secrets).returncode != 0


def test_the_overlay_follows_the_compose_spec() -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "check-jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            OVERLAY,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_overlay_pins_restarts_and_rotates_logs_of_what_it_adds() -> None:
    services = overlay()["services"]
    assert set(services) == NEW | set(APPS)
    images = {name: services[name]["image"] for name in NEW}
    for name, image in images.items():
        assert PINNED_IMAGE.match(image), f"{name}: {image} is not an exact version"
    assert images["otel-collector"].startswith("otel/opentelemetry-collector-contrib:")
    assert images["jaeger"].startswith("jaegertracing/all-in-one:")
    assert images["prometheus"].startswith("prom/prometheus:")
    assert images["grafana"].startswith("grafana/grafana:")
    for name in NEW:
        service = services[name]
        assert service["restart"] == "unless-stopped", name
        assert service["logging"]["driver"] == "json-file", name
        assert {"max-size", "max-file"} <= set(service["logging"]["options"]), name
        assert service["networks"] == ["observability"], name
        if "healthcheck" in service:
            assert service["healthcheck"]["test"][0] == "CMD", name
        # Published for the operator on this machine only.
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), (name, port)


def test_every_service_sends_its_traces_to_the_collector() -> None:
    services = overlay()["services"]
    for name in APPS:
        service = services[name]
        assert set(service) == {"networks", "environment"}, f"{name}: the overlay only adds telemetry"
        assert service["networks"] == ["observability"], name
        environment = service["environment"]
        assert environment["OTEL_SERVICE_NAME"] == name
        assert environment["OTEL_TRACES_EXPORTER"] == "otlp"
        assert environment["OTEL_EXPORTER_OTLP_ENDPOINT"] == "http://otel-collector:4318"
        assert environment["OTEL_EXPORTER_OTLP_PROTOCOL"] == "http/protobuf"
        # Metrics are scraped and logs go to stdout: the SDK must not push them anywhere.
        assert environment["OTEL_METRICS_EXPORTER"] == "none"
        assert environment["OTEL_LOGS_EXPORTER"] == "none"
        assert all(key.startswith("OTEL_") for key in environment), name


def test_nothing_joins_the_networks_the_gateway_trusts() -> None:
    """The gateway believes X-Forwarded-For from the edge and web networks: the overlay adds its own network
    (private, fixed) instead of putting Prometheus or the collector on those."""
    document = overlay()
    for name, service in document["services"].items():
        assert service["networks"] == ["observability"], name
    assert set(document["networks"]) == {"observability"}
    subnet = document["networks"]["observability"]["ipam"]["config"][0]["subnet"]
    base = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["networks"]
    assert subnet not in {network["ipam"]["config"][0]["subnet"] for network in base.values()}
    assert subnet.startswith("172.30.")  # private: the gateway's /metrics answers it


def test_the_collector_takes_otlp_and_hands_traces_to_jaeger() -> None:
    config = yaml.safe_load(COLLECTOR.read_text())
    pipelines = config["service"]["pipelines"]
    assert set(pipelines) == {"traces"}
    traces = pipelines["traces"]
    for kind in ("receivers", "processors", "exporters"):
        for component in traces[kind]:
            assert component in config[kind], f"{kind}: {component} is used but not defined"
    for extension in config["service"].get("extensions", []):
        assert extension in config["extensions"]
    assert traces["receivers"] == ["otlp"]
    # Where the services send (OTEL_EXPORTER_OTLP_ENDPOINT, OTLP/HTTP) is where the collector listens.
    assert config["receivers"]["otlp"]["protocols"]["http"]["endpoint"] == "0.0.0.0:4318"
    assert config["receivers"]["otlp"]["protocols"]["grpc"]["endpoint"] == "0.0.0.0:4317"
    assert traces["processors"][0] == "memory_limiter"
    (exporter,) = traces["exporters"]
    assert exporter.startswith("otlp")
    assert config["exporters"][exporter]["endpoint"] == "jaeger:4317"
    services = overlay()["services"]
    assert services["jaeger"]["environment"]["COLLECTOR_OTLP_ENABLED"] == "true"
    collector = services["otel-collector"]
    mount = "./observability/otel-collector.yaml:/etc/otelcol-contrib/config.yaml:ro"
    assert mount in collector["volumes"]
    assert collector["command"] == ["--config=/etc/otelcol-contrib/config.yaml"]


def test_prometheus_reads_the_configuration_and_rules_and_keeps_exemplars() -> None:
    prometheus = overlay()["services"]["prometheus"]
    assert "./observability/prometheus:/etc/prometheus:ro" in prometheus["volumes"]
    flags = prometheus["command"]
    assert "--config.file=/etc/prometheus/prometheus.yml" in flags
    assert "--enable-feature=exemplar-storage" in flags
    retention = next(flag for flag in flags if flag.startswith("--storage.tsdb.retention.time="))
    assert int(retention.split("=")[1].removesuffix("d")) >= 33  # the 30-day objective and its 3-day window
    assert (DEPLOY / "observability" / "prometheus" / "prometheus.yml").exists()


def the_one_command() -> str:
    doc = (ROOT / "docs" / "observability.md").read_text()
    (command,) = [line for line in doc.splitlines() if "compose.observability.yaml up" in line]
    return command


def test_the_documented_command_generates_every_secret_and_brings_up_both_files(tmp_path: Path) -> None:
    command = the_one_command()
    prepare, _, up = command.partition(" && docker compose ")
    assert up == "-f compose.yaml -f compose.observability.yaml up -d --build --wait"
    assert prepare.startswith("cd deploy && ")
    folder = deploy_copy(tmp_path / "deploy")
    (folder / ".env").write_text("POSTGRES_PASSWORD=kept-as-it-was\n")
    for _ in range(2):  # a second run adds nothing
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", prepare], cwd=tmp_path, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
    lines = (folder / ".env").read_text().splitlines()
    values = dict(line.split("=", 1) for line in lines)
    assert len(lines) == len(values), "a secret was written twice"
    assert set(values) == required_secrets()
    assert values["POSTGRES_PASSWORD"] == "kept-as-it-was"
    assert all(re.fullmatch(r"[0-9a-f]{48}", v) for k, v in values.items() if k != "POSTGRES_PASSWORD")
    # With nothing in the environment, Compose finds every secret in .env.
    result = docker_compose(folder, "config", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
