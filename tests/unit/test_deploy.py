"""Deployment files are checked by parsing and schema validation (no container engine runs here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conectar.platform.settings import DEFAULT_PORTS
from conectar.services import SERVICES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
BIN = Path(sys.executable).parent


def test_compose_file_follows_the_compose_spec() -> None:
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", DEPLOY / "compose.yaml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_service_and_needs_real_secrets() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for service in ["gateway", *SERVICES]:
        assert compose["services"][service]["command"] == ["serve", service]
    environment = compose["x-service"]["environment"]
    for secret in (
        "CONECTAR_SECRET_KEY",
        "CONECTAR_SERVICE_TOKEN_SECRET",
        "CONECTAR_MERCADOPAGO_WEBHOOK_SECRET",
    ):
        assert ":?" in environment[secret], f"{secret} must be required, not defaulted"


def test_kubernetes_manifests_validate_strictly() -> None:
    result = subprocess.run(
        [BIN / "kubernetes-validate", "-k", "1.30.0", "--strict", DEPLOY / "k8s" / "conectar.yaml"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_deploys_every_service_on_its_port() -> None:
    documents = [d for d in yaml.safe_load_all((DEPLOY / "k8s" / "conectar.yaml").read_text()) if d]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    for service in ["gateway", *SERVICES]:
        container = deployments[service]["spec"]["template"]["spec"]["containers"][0]
        assert container["args"][:2] == ["serve", service]
        assert container["ports"][0]["containerPort"] == DEFAULT_PORTS[service]
        assert container["securityContext"]["allowPrivilegeEscalation"] is False


def test_image_runs_as_an_unprivileged_user() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "USER 10001" in dockerfile
    assert 'ENTRYPOINT ["conectar"]' in dockerfile
    assert "SECRET" not in dockerfile
