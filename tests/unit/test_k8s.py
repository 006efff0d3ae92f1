"""Kubernetes (deploy/k8s, Kustomize): both overlays render and pass strict schema validation, and the
production render follows every deployment rule of docs/operations.md ("Kubernetes"), the nginx edge
included: it runs deploy/nginx's own files, and Debian's nginx accepts what its entrypoint would render.

Rendering needs `kubectl` (Kustomize is built in) and the edge's check `/usr/sbin/nginx`; without them these
tests fail rather than skip.
"""

from __future__ import annotations

import base64
import functools
import ipaddress
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from conectar.cli import GRACEFUL_SHUTDOWN_SECONDS
from conectar.notifications.settings import NotificationSettings
from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS, SERVICES, Settings
from tests.certificates import self_signed

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
NGINX_DIR = ROOT / "deploy" / "nginx"
NGINX = Path("/usr/sbin/nginx")
SRC = ROOT / "src" / "conectar"
BIN = Path(sys.executable).parent
OVERLAYS = ("dev", "production")
EDGE = "edge"  # nginx from deploy/nginx/templates, in front of the gateway (base/edge.yaml)
WORKLOADS = (*SERVICES, EDGE)
# The edge's files and their copies inside the kustomizations (Kustomize reads nothing outside its root).
EDGE_COPIES = {
    NGINX_DIR / "templates" / "default.conf.template": K8S / "base" / "edge" / "default.conf.template",
    NGINX_DIR / "tls.conf": K8S / "overlays" / "production" / "edge" / "tls.conf",
}
EDGE_DRAIN_SECONDS = 30  # after `nginx -s quit`, for requests in flight (uploads, slow answers) to finish

# What the services need, read from the code (settings.py of the platform and of each service).
STORAGE_SERVICES = ("users", "professionals", "chat")  # ctx.storage: avatars, KYC and portfolio, evidence
SHARED_SECRETS = {"CONECTAR_SECRET_KEY", "CONECTAR_SERVICE_TOKEN_SECRET", "CONECTAR_REDIS_URL"}
MERCADOPAGO_SECRETS = {"CONECTAR_MERCADOPAGO_WEBHOOK_SECRET", "CONECTAR_MERCADOPAGO_ACCESS_TOKEN"}
OPTIONAL_SECRETS = {
    "CONECTAR_MERCADOPAGO_ACCESS_TOKEN",  # required only with the mercadopago provider
    "CONECTAR_SMTP_USERNAME",
    "CONECTAR_SMTP_PASSWORD",
    "CONECTAR_SENDGRID_API_KEY",
}
# `conectar serve` demands a MercadoPago webhook secret of every service; the others get this instead.
# Connections PostgreSQL keeps for superusers, and what operators may hold at once (psql, pg_dump, CLI).
MAX_CONNECTIONS = 100
SUPERUSER_RESERVED = 3
OPERATOR_CONNECTIONS = 10
PRESTOP_MARGIN_SECONDS = 10  # the service's own shutdown after uvicorn's (workers, relays, broker)
DATA_DIR = "/var/lib/conectar"  # the image's CONECTAR_DATA_DIR


def secret_keys(service: str) -> set[str]:
    """Every secret a service reads (and nothing else)."""
    keys = set(SHARED_SECRETS)
    if service in DATABASE_SERVICES:
        keys |= {f"CONECTAR_{service.upper()}_DATABASE_URL", "CONECTAR_BROKER_URL"}
    if service in STORAGE_SERVICES:
        keys |= {"CONECTAR_S3_ACCESS_KEY_ID", "CONECTAR_S3_SECRET_ACCESS_KEY"}
    if service == "payments":
        keys |= MERCADOPAGO_SECRETS
    if service == "notifications":
        keys |= {"CONECTAR_SMTP_USERNAME", "CONECTAR_SMTP_PASSWORD", "CONECTAR_SENDGRID_API_KEY"}
    return keys


ALL_SECRET_NAMES = set().union(*(secret_keys(service) for service in SERVICES))


# --- Rendering ------------------------------------------------------------------------------------------


@functools.cache
def render(overlay: str) -> str:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl is required to render deploy/k8s (Debian: apt-get install kubectl)"
    result = subprocess.run(
        [kubectl, "kustomize", str(K8S / "overlays" / overlay)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@functools.cache
def documents(overlay: str) -> list[dict[str, Any]]:
    """The parsed render (shared between tests: read it, never change it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [d for d in yaml.load_all(render(overlay), Loader=loader) if d]


@functools.cache
def of_kind(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in documents(overlay) if d["kind"] == kind}


def deployments(overlay: str = "production") -> dict[str, dict[str, Any]]:
    """The services' Deployments and the edge's."""
    found = of_kind(overlay, "Deployment")
    return {name: found[name] for name in WORKLOADS}


def pod(service: str, overlay: str = "production") -> dict[str, Any]:
    spec: dict[str, Any] = deployments(overlay)[service]["spec"]["template"]["spec"]
    return spec


def app_container(service: str, overlay: str = "production") -> dict[str, Any]:
    (container,) = [c for c in pod(service, overlay)["containers"] if c["name"] == service]
    return container


def all_containers(service: str, overlay: str = "production") -> list[dict[str, Any]]:
    spec = pod(service, overlay)
    return [*spec.get("initContainers", []), *spec["containers"]]


def config_env(container: dict[str, Any], overlay: str = "production") -> dict[str, str]:
    """The variables a container gets from its ConfigMaps (envFrom), later ones winning."""
    config_maps = of_kind(overlay, "ConfigMap")
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]].get("data", {}))
    return env


def secret_refs(container: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(variable, secret, key) for every variable read from a Secret."""
    refs = []
    for item in container.get("env", []):
        ref = item.get("valueFrom", {}).get("secretKeyRef")
        if ref:
            refs.append((item["name"], ref["name"], ref["key"]))
    return refs


def kustomization(overlay: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((K8S / "overlays" / overlay / "kustomization.yaml").read_text())
    return loaded


def pinned(image: str) -> bool:
    if "@sha256:" in image:
        return True
    name, _, tag = image.rpartition(":")
    return bool(name) and "/" not in tag and tag not in ("", "latest")


# --- Both overlays ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_overlay_renders_and_validates_strictly(overlay: str, tmp_path: Path) -> None:
    rendered = tmp_path / f"{overlay}.yaml"
    rendered.write_text(render(overlay))
    result = subprocess.run(
        [BIN / "kubernetes-validate", "-k", "1.30.0", "--strict", rendered],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    kinds = {d["kind"] for d in documents(overlay)}
    assert {"Deployment", "Service", "HorizontalPodAutoscaler", "NetworkPolicy"} <= kinds


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_image_is_pinned(overlay: str) -> None:
    for document in documents(overlay):
        template = document.get("spec", {}).get("template", {}).get("spec", {})
        for container in [*template.get("initContainers", []), *template.get("containers", [])]:
            assert pinned(container["image"]), f"{document['metadata']['name']}: {container['image']}"
    (image,) = [i for i in kustomization(overlay)["images"] if i["name"] == "conectar"]
    expected = f"{image['newName']}:{image['newTag']}"
    assert pinned(expected)
    for service in SERVICES:
        for container in all_containers(service, overlay):
            assert container["image"] == expected, f"{service} runs {container['image']}, not the release"
    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    assert app_container(EDGE, overlay)["image"] == compose["services"]["edge"]["image"], "Compose's edge"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_connection_pools_fit_postgresql(overlay: str) -> None:
    """Σ (most pods during a rollout x pool) + migrations + operators stays under max_connections."""
    autoscalers = of_kind(overlay, "HorizontalPodAutoscaler")
    total = 0
    for service in DATABASE_SERVICES:
        spec = deployments(overlay)[service]["spec"]
        most = autoscalers[service]["spec"]["maxReplicas"] if service in autoscalers else spec["replicas"]
        surge = spec["strategy"]["rollingUpdate"]["maxSurge"]
        assert isinstance(surge, int), "keep maxSurge a number of pods: the budget counts it"
        env = config_env(app_container(service, overlay), overlay)
        per_pod = int(env["CONECTAR_DATABASE_POOL_SIZE"]) + int(env["CONECTAR_DATABASE_MAX_OVERFLOW"])
        total += (most + surge) * per_pod
    migrations = len(DATABASE_SERVICES)  # one migrate initContainer per service at a time, NullPool
    assert total + migrations + OPERATOR_CONNECTIONS <= MAX_CONNECTIONS - SUPERUSER_RESERVED, total
    for service in ("gateway", "web"):
        assert "CONECTAR_DATABASE_POOL_SIZE" not in config_env(app_container(service, overlay), overlay)


# --- Production: secrets ------------------------------------------------------------------------------------


def test_production_render_holds_no_secret() -> None:
    assert not of_kind("production", "Secret"), "production Secrets are created outside the manifests"
    for name, config_map in of_kind("production", "ConfigMap").items():
        leaked = set(config_map.get("data", {})) & ALL_SECRET_NAMES
        assert not leaked, f"ConfigMap {name} holds secrets: {leaked}"


def test_expected_secrets_are_real_settings() -> None:
    settings = {f"CONECTAR_{name.upper()}" for name in Settings.model_fields}
    settings |= {f"CONECTAR_{name.upper()}" for name in NotificationSettings.model_fields}
    assert not ALL_SECRET_NAMES - settings, "not settings of the code"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_reads_only_its_own_secrets(service: str) -> None:
    own = f"{service}-secrets"
    for container in all_containers(service):
        refs = secret_refs(container)
        assert all(secret == own for _, secret, _ in refs), refs
        assert all(variable == key for variable, _, key in refs), refs
        assert not [s for s in container.get("envFrom", []) if "secretRef" in s], "name each secret key"
        for item in container.get("env", []):
            if "value" not in item:
                continue
            # A secret is never a literal value in a manifest.
            assert item["name"] not in ALL_SECRET_NAMES, item["name"]
            assert not re.search(r"SECRET|TOKEN|PASSWORD|API_KEY", item["name"]), item["name"]
    for volume in pod(service).get("volumes", []):
        if "secret" in volume:
            assert volume["secret"]["secretName"].startswith(f"{service}-"), volume

    app = app_container(service)
    read = {variable for variable, _, _ in secret_refs(app)}
    assert read == secret_keys(service)
    for variable, _, _ in secret_refs(app):
        ref = next(i for i in app["env"] if i["name"] == variable)["valueFrom"]["secretKeyRef"]
        assert ref.get("optional", False) == (variable in OPTIONAL_SECRETS), variable
    if service != "payments":  # `conectar serve` asks only payments for MercadoPago's secrets
        assert not {i["name"] for i in app["env"]} & MERCADOPAGO_SECRETS


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_migrations_read_only_their_database_url(service: str) -> None:
    (migrate,) = pod(service)["initContainers"]
    assert {variable for variable, _, _ in secret_refs(migrate)} == {
        f"CONECTAR_{service.upper()}_DATABASE_URL"
    }


# --- Production: pods -------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICES)
def test_probes_point_at_health(service: str) -> None:
    container = app_container(service)
    (port,) = container["ports"]
    assert port == {"name": "http", "containerPort": DEFAULT_PORTS[service]}
    assert container["readinessProbe"]["httpGet"] == {"path": "/health/ready", "port": "http"}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health/live", "port": "http"}
    assert container["readinessProbe"]["timeoutSeconds"] >= 3, "readiness waits 2 s for the database"


@pytest.mark.parametrize("service", WORKLOADS)
def test_requests_and_limits(service: str) -> None:
    for container in all_containers(service):
        resources = container["resources"]
        for part in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources[part]), (container["name"], part)


def test_data_dir_is_the_images() -> None:
    assert f"CONECTAR_DATA_DIR={DATA_DIR}" in (ROOT / "deploy" / "Dockerfile").read_text()


@pytest.mark.parametrize("service", WORKLOADS)
def test_pods_are_locked_down(service: str) -> None:
    spec = pod(service)
    assert spec["automountServiceAccountToken"] is False
    account = of_kind("production", "ServiceAccount")[spec["serviceAccountName"]]
    assert account["automountServiceAccountToken"] is False
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    empty_dirs = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
    for container in all_containers(service):
        context = container["securityContext"]
        assert context["runAsNonRoot"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert context["readOnlyRootFilesystem"] is True
        assert context["capabilities"] == {"drop": ["ALL"]}
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert mounts.get("/tmp") in empty_dirs, f"{container['name']}: /tmp must be an emptyDir"
    # The app writes its data folder only for the development mailbox (notifications).
    assert {m["mountPath"]: m["name"] for m in app_container("notifications")["volumeMounts"]}.get(
        DATA_DIR
    ) in {v["name"] for v in pod("notifications")["volumes"] if "emptyDir" in v}


@pytest.mark.parametrize("service", SERVICES)
def test_graceful_shutdown(service: str) -> None:
    command = app_container(service)["lifecycle"]["preStop"]["exec"]["command"]
    assert command[0] == "sleep"
    sleep = int(command[1])
    assert sleep >= 3, "long enough for the pod to leave the Service's endpoints"
    grace = pod(service)["terminationGracePeriodSeconds"]
    assert grace >= sleep + GRACEFUL_SHUTDOWN_SECONDS + PRESTOP_MARGIN_SECONDS


@pytest.mark.parametrize("service", SERVICES)
def test_prometheus_scrapes_metrics(service: str) -> None:
    annotations = deployments()[service]["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/scrape"] == "true"
    assert annotations["prometheus.io/path"] == "/metrics"
    assert annotations["prometheus.io/port"] == str(DEFAULT_PORTS[service])


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_run_before_the_app(service: str) -> None:
    app = app_container(service)
    if service not in DATABASE_SERVICES:
        assert "initContainers" not in pod(service)
        assert app["args"] == ["serve", service]
        return
    (migrate,) = pod(service)["initContainers"]
    assert migrate["args"] == ["migrate", "--service", service]
    assert migrate["image"] == app["image"], "the new version's migrations, before its app starts"
    assert app["args"] == ["serve", service, "--no-migrate"]
    assert config_env(migrate)["CONECTAR_MODE"] == "distributed"


def test_concurrent_migrations_are_serialised() -> None:
    """Several new pods run their migrate initContainer at once: the upgrade must take a lock."""
    assert "pg_advisory_xact_lock" in (SRC / "platform" / "migrations.py").read_text()
    assert not of_kind("production", "Job"), "no release Job: migrations are initContainers"


# --- Production: scaling and availability -------------------------------------------------------------------


def test_autoscaled_deployments_have_no_fixed_replicas() -> None:
    autoscalers = of_kind("production", "HorizontalPodAutoscaler")
    assert set(autoscalers) == {"gateway", "chat"}
    for name, autoscaler in autoscalers.items():
        assert autoscaler["apiVersion"] == "autoscaling/v2"
        target = autoscaler["spec"]["scaleTargetRef"]
        assert target == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert "replicas" not in deployments()[name]["spec"], f"{name}: the HPA owns replicas"
        assert autoscaler["spec"]["minReplicas"] >= 2
    # The edge too: a fixed count (base/edge.yaml says why).
    for service in set(WORKLOADS) - set(autoscalers):
        assert deployments()[service]["spec"]["replicas"] >= 2, service


def matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    assert set(selector) <= {"matchLabels"}, "this test understands matchLabels only"
    return all(labels.get(k) == v for k, v in selector.get("matchLabels", {}).items())


@pytest.mark.parametrize("service", WORKLOADS)
def test_disruption_budget_and_spread(service: str) -> None:
    deployment = deployments()[service]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    budgets = [
        p
        for p in of_kind("production", "PodDisruptionBudget").values()
        if matches(p["spec"]["selector"], labels)
    ]
    assert len(budgets) == 1, f"{service}: one PodDisruptionBudget"
    assert budgets[0]["spec"].get("maxUnavailable") == 1 or budgets[0]["spec"].get("minAvailable") == 1
    strategy = deployment["spec"]["strategy"]
    assert strategy["rollingUpdate"]["maxUnavailable"] == 0, "a rollout never removes a ready pod first"
    spread = {
        c["topologyKey"]: c for c in deployment["spec"]["template"]["spec"]["topologySpreadConstraints"]
    }
    assert "kubernetes.io/hostname" in spread
    assert matches(spread["kubernetes.io/hostname"]["labelSelector"], labels)


# --- The edge (nginx) -------------------------------------------------------------------------------------


def nginx() -> Path:
    if not NGINX.exists():
        pytest.fail("Debian's nginx is required at /usr/sbin/nginx (apt-get install nginx)")
    return NGINX


def mounted(overlay: str, mount_path: str) -> dict[str, Any]:
    """The volume the edge's container mounts at `mount_path`."""
    (mount,) = [m for m in app_container(EDGE, overlay)["volumeMounts"] if m["mountPath"] == mount_path]
    (volume,) = [v for v in pod(EDGE, overlay)["volumes"] if v["name"] == mount["name"]]
    return volume


def edge_config_map(overlay: str, mount_path: str) -> dict[str, str]:
    """The files of the ConfigMap the edge mounts at `mount_path`."""
    data: dict[str, str] = of_kind(overlay, "ConfigMap")[mounted(overlay, mount_path)["configMap"]["name"]][
        "data"
    ]
    return data


def edge_env(overlay: str) -> dict[str, str]:
    items = app_container(EDGE, overlay)["env"]
    assert all("value" in item for item in items), "the template's variables are plain values"
    return {item["name"]: item["value"] for item in items}


def envsubst(text: str, variables: dict[str, str]) -> str:
    """What the image's entrypoint runs: `envsubst` given the names of the variables set in the container,
    so `${NAME}` and `$NAME` of those are replaced, in one pass, and every other `$name` (nginx's) is left."""
    pattern = re.compile(r"\$(\{)?([A-Za-z_][A-Za-z0-9_]*)(?(1)\})")
    return pattern.sub(lambda match: variables.get(match.group(2), match.group(0)), text)


def test_edge_files_are_copies_of_deploy_nginx() -> None:
    """Compose and Kubernetes run the same files. Kustomize reads nothing outside its root, so the
    kustomizations hold copies: after changing deploy/nginx, `cp` the file over its copy (message below)."""
    for original, copy in EDGE_COPIES.items():
        assert copy.read_bytes() == original.read_bytes(), (
            f"cp {original.relative_to(ROOT)} {copy.relative_to(ROOT)}"
        )
    template = (NGINX_DIR / "templates" / "default.conf.template").read_text()
    for overlay in OVERLAYS:
        assert edge_config_map(overlay, "/etc/nginx/templates") == {"default.conf.template": template}
    tls = {"tls.conf": (NGINX_DIR / "tls.conf").read_text()}
    assert edge_config_map("production", "/etc/nginx/conectar.d") == tls


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_edge_renders_the_template_in_front_of_the_gateway(overlay: str) -> None:
    assert not of_kind(overlay, "Ingress"), "the edge is the entry: no Ingress, no ingress controller"
    container = app_container(EDGE, overlay)
    env = edge_env(overlay)
    template = edge_config_map(overlay, "/etc/nginx/templates")["default.conf.template"]
    assert set(re.findall(r"\$\{(\w+)\}", template)) <= set(env), "every variable of the template is set"
    assert mounted(overlay, "/etc/nginx/templates")["configMap"]
    assert {m["mountPath"]: m.get("readOnly") for m in container["volumeMounts"]}["/etc/nginx/templates"]
    # The entrypoint's envsubst replaces every variable in the environment: only those set here.
    assert pod(EDGE, overlay)["enableServiceLinks"] is False
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert env["NGINX_PORT"] == str(ports["http"])
    services = of_kind(overlay, "Service")
    (gateway_port,) = [p["port"] for p in services["gateway"]["spec"]["ports"] if p["name"] == "http"]
    assert env["GATEWAY_UPSTREAMS"] == f"server gateway:{gateway_port};", "the gateway's Service"
    edge = services[EDGE]["spec"]
    assert edge["selector"] == {"app.kubernetes.io/name": EDGE}
    assert {"name": "http", "port": 80, "targetPort": "http"} in edge["ports"]


def test_production_publishes_only_the_edge() -> None:
    services = of_kind("production", "Service")
    public = {
        name for name, service in services.items() if service["spec"].get("type", "ClusterIP") != "ClusterIP"
    }
    assert public == {EDGE}
    spec = services[EDGE]["spec"]
    assert spec["type"] == "LoadBalancer"
    # Nodes forward nothing to each other: the edge sees the visitor's address, not a node's.
    assert spec["externalTrafficPolicy"] == "Local"
    ports = {p["name"]: (p["port"], p["targetPort"]) for p in spec["ports"]}
    assert ports == {"http": (80, "http"), "https": (443, "https")}


def test_production_edge_terminates_tls() -> None:
    """deploy/nginx/tls.conf and the Secret conectar-tls (created outside the manifests) at the paths the
    template includes; nginx, not root, may bind the port tls.conf listens on."""
    spec = pod(EDGE)
    assert mounted("production", "/etc/nginx/certs")["secret"]["secretName"] == "conectar-tls"
    assert (
        "include /etc/nginx/conectar.d/*.conf;"
        in (NGINX_DIR / "templates" / "default.conf.template").read_text()
    )
    tls = edge_config_map("production", "/etc/nginx/conectar.d")["tls.conf"]
    (listen,) = [int(port) for port in re.findall(r"^listen (\d+) ssl;", tls, re.MULTILINE)]
    ports = {p["name"]: p["containerPort"] for p in app_container(EDGE)["ports"]}
    assert ports["https"] == listen
    sysctls = {s["name"]: s["value"] for s in spec["securityContext"].get("sysctls", [])}
    assert int(sysctls["net.ipv4.ip_unprivileged_port_start"]) <= listen
    public_url = urlsplit(config_env(app_container("gateway"))["CONECTAR_PUBLIC_URL"])
    assert public_url.scheme == "https"
    assert edge_env("production")["NGINX_SERVER_NAME"] == public_url.hostname


def test_dev_edge_is_plain_http_behind_a_port_forward() -> None:
    assert of_kind("dev", "Service")[EDGE]["spec"].get("type", "ClusterIP") == "ClusterIP"
    mounts = {m["mountPath"] for m in app_container(EDGE, "dev")["volumeMounts"]}
    assert not mounts & {"/etc/nginx/conectar.d", "/etc/nginx/certs"}
    public_url = urlsplit(config_env(app_container("gateway", "dev"), "dev")["CONECTAR_PUBLIC_URL"])
    command = f"kubectl -n conectar port-forward svc/edge {public_url.port}:80"
    assert command in (K8S / "overlays" / "dev" / "kustomization.yaml").read_text()
    assert command in (ROOT / "docs" / "operations.md").read_text()


def test_edge_probes_shutdown_and_writable_paths() -> None:
    container = app_container(EDGE)
    template = (NGINX_DIR / "templates" / "default.conf.template").read_text()
    assert "location = /healthz {" in template
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/healthz", "port": "http"}, probe
    # Out of the endpoints (and the load balancer's rotation) first, then nginx's graceful quit.
    command = container["lifecycle"]["preStop"]["exec"]["command"]
    assert command[:2] == ["/bin/sh", "-c"]
    found = re.fullmatch(r"sleep (\d+) && nginx -s quit", command[2])
    assert found, command
    sleep = int(found.group(1))
    assert sleep >= 5
    assert pod(EDGE)["terminationGracePeriodSeconds"] >= sleep + EDGE_DRAIN_SECONDS
    # What nginx writes on a read-only root: the rendered conf.d, its pid file and its temporary files.
    empty_dirs = {v["name"] for v in pod(EDGE)["volumes"] if "emptyDir" in v}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    for path in ("/etc/nginx/conf.d", "/var/run", "/var/cache/nginx", "/tmp"):
        assert mounts.get(path) in empty_dirs, path
    # nginx serves no metrics: nothing to scrape (the gateways count every request).
    annotations = deployments()[EDGE]["spec"]["template"]["metadata"].get("annotations", {})
    assert not [name for name in annotations if name.startswith("prometheus.io/")]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_nginx_accepts_the_edge_as_its_entrypoint_renders_it(overlay: str, tmp_path: Path) -> None:
    """The overlay's template rendered with the edge container's variables (envsubst, as the image does) and
    its TLS files where it mounts them, in the image's layout under tmp_path (etc/ for /etc/nginx/, log/
    for /var/log/nginx/), checked by Debian's nginx. Only the upstream's host changes, to 127.0.0.1: cluster
    DNS does not resolve `gateway` here."""
    env = edge_env(overlay)
    upstream = re.fullmatch(r"server gateway:(\d+);", env["GATEWAY_UPSTREAMS"])
    assert upstream, env["GATEWAY_UPSTREAMS"]
    env["GATEWAY_UPSTREAMS"] = f"server 127.0.0.1:{upstream.group(1)};"
    root = tmp_path
    for folder in ("etc/conf.d", "etc/conectar.d", "etc/certs", "log", "temp"):
        (root / folder).mkdir(parents=True)

    def relocated(text: str) -> str:
        return text.replace("/etc/nginx/", f"{root}/etc/").replace("/var/log/nginx/", f"{root}/log/")

    site = envsubst(edge_config_map(overlay, "/etc/nginx/templates")["default.conf.template"], env)
    assert not re.findall(r"\$\{\w+\}", site), "variables left unset"
    (root / "etc" / "conf.d" / "default.conf").write_text(relocated(site))
    tls = "/etc/nginx/conectar.d" in {m["mountPath"] for m in app_container(EDGE, overlay)["volumeMounts"]}
    if tls:
        for name, text in edge_config_map(overlay, "/etc/nginx/conectar.d").items():
            if os.geteuid() != 0:  # only root binds 443 here (the pod's sysctl lets nginx; checked above)
                text = text.replace("listen 443 ssl;", "listen 127.0.0.1:18443 ssl;")
            (root / "etc" / "conectar.d" / name).write_text(relocated(text))
        self_signed(root / "etc" / "certs")
    temp = root / "temp"
    (root / "nginx.conf").write_text(
        f"""worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/log/error.log notice;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    keepalive_timeout 65;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {root}/etc/conf.d/*.conf;
}}
"""
    )
    error_log = root / "log" / "error.log"
    result = subprocess.run(
        [nginx(), "-p", root, "-e", error_log, "-c", root / "nginx.conf", "-T"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    # The dump (-T) shows what nginx read: the TLS snippet exactly where the overlay mounts one.
    assert ("ssl_certificate " in result.stdout) is tls
    assert "[warn]" not in result.stderr, result.stderr


def test_services_trust_forwarded_addresses_only_from_the_pod_network() -> None:
    """CONECTAR_TRUSTED_PROXIES stands for the edge's (and web's) pods: pods have no fixed addresses, so it
    is the cluster's pod CIDR, private, never everything (the gateway's NetworkPolicy admits only those
    two pods)."""
    for overlay in OVERLAYS:
        trusted = config_env(app_container("gateway", overlay), overlay)["CONECTAR_TRUSTED_PROXIES"]
        networks = [ipaddress.ip_network(item.strip()) for item in trusted.split(",")]
        assert networks, overlay
        for network in networks:
            assert network.is_private, trusted
            assert network.prefixlen >= 8, trusted


# --- Production: network policies ---------------------------------------------------------------------------

NAMESPACE = "conectar"
PUBLIC_ADDRESS = "203.0.113.10"  # somewhere on the internet (MercadoPago, S3, SendGrid, FCM)
PRIVATE_ADDRESS = "10.20.30.40"  # a managed data store inside the VPC


def service_labels(service: str) -> dict[str, str]:
    labels: dict[str, str] = deployments()[service]["spec"]["template"]["metadata"]["labels"]
    return labels


def peer_matches(peer: dict[str, Any], target: dict[str, Any]) -> bool:
    """target: {"namespace": name, "labels": {...}} for a pod, or {"ip": address}."""
    if "ipBlock" in peer:
        if "ip" not in target:
            return False
        address = ipaddress.ip_address(target["ip"])
        block = peer["ipBlock"]
        inside = address in ipaddress.ip_network(block["cidr"])
        return inside and not any(address in ipaddress.ip_network(e) for e in block.get("except", []))
    if "ip" in target:
        return False
    if "namespaceSelector" in peer:
        namespace_labels = {"kubernetes.io/metadata.name": target["namespace"]}
        if not matches(peer["namespaceSelector"], namespace_labels):
            return False
    elif target["namespace"] != NAMESPACE:
        return False
    return "podSelector" not in peer or matches(peer["podSelector"], target["labels"])


def allowed(
    direction: str, labels: dict[str, str], other: dict[str, Any], port: int, protocol: str = "TCP"
) -> bool:
    """Whether a pod of this namespace with `labels` may send to (Egress) or receive from (Ingress)
    `other` on `port`, under the production NetworkPolicies."""
    policies = [
        p["spec"]
        for p in of_kind("production", "NetworkPolicy").values()
        if direction in p["spec"]["policyTypes"] and matches(p["spec"]["podSelector"], labels)
    ]
    if not policies:
        return True  # not isolated (never the case here: default-deny selects every pod)
    side = "to" if direction == "Egress" else "from"
    for policy in policies:
        for rule in policy.get(direction.lower(), []):
            peers = rule.get(side)
            ports = rule.get("ports")
            peer_ok = not peers or any(peer_matches(peer, other) for peer in peers)
            port_ok = not ports or any(
                p.get("port") == port and p.get("protocol", "TCP") == protocol for p in ports
            )
            if peer_ok and port_ok:
                return True
    return False


def internal_calls() -> dict[str, set[str]]:
    """Who calls whom, from the code: `clients.call("x", ...)` and friends in each service's package, every
    service with a database fetches auth's JWKS, the gateway proxies to all, web calls the gateway."""
    pattern = re.compile(r"clients\.(?:call|request|client)\(\s*\"(\w+)\"")
    calls: dict[str, set[str]] = {service: set() for service in SERVICES}
    for service in SERVICES:
        for path in (SRC / service).rglob("*.py"):
            calls[service] |= set(pattern.findall(path.read_text()))
    for service in DATABASE_SERVICES:
        calls[service].add("auth")  # platform.app.jwks_fetcher
    calls["gateway"] |= set(SERVICES) - {"gateway"}
    calls["web"].add("gateway")
    assert calls["chat"] >= {"professionals", "payments"}, "the grep found chat's calls"
    return calls


def test_default_deny_and_dns() -> None:
    policies = [p["spec"] for p in of_kind("production", "NetworkPolicy").values()]
    assert {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]} in policies
    dns = {"namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}}
    for service in SERVICES:
        for protocol in ("UDP", "TCP"):
            assert allowed("Egress", service_labels(service), dns, 53, protocol), (service, protocol)
        assert not allowed("Egress", service_labels(service), dns, 443)


def test_services_reach_exactly_what_they_call() -> None:
    calls = internal_calls()
    for source in SERVICES:
        for target in SERVICES:
            port = DEFAULT_PORTS[target]
            source_pod = {"namespace": NAMESPACE, "labels": service_labels(source)}
            target_pod = {"namespace": NAMESPACE, "labels": service_labels(target)}
            expected = target in calls[source]
            assert allowed("Egress", service_labels(source), target_pod, port) is expected, (source, target)
            assert allowed("Ingress", service_labels(target), source_pod, port) is expected, (source, target)


def test_edge_and_monitoring_reach_only_what_they_should() -> None:
    """Only the edge and web reach the gateway (the addresses whose X-Forwarded-For it believes); nothing
    else of the edge's gets anywhere, and no ingress controller is admitted any more."""
    edge = {"namespace": NAMESPACE, "labels": service_labels(EDGE)}
    old_ingress = {"namespace": "ingress-nginx", "labels": {"app.kubernetes.io/name": "ingress-nginx"}}
    prometheus = {"namespace": "monitoring", "labels": {"app.kubernetes.io/name": "prometheus"}}
    stranger = {"namespace": "default", "labels": {}}
    for service in SERVICES:
        port = DEFAULT_PORTS[service]
        labels = service_labels(service)
        assert allowed("Ingress", labels, edge, port) is (service == "gateway"), service
        assert allowed("Egress", service_labels(EDGE), {"namespace": NAMESPACE, "labels": labels}, port) is (
            service == "gateway"
        ), service
        assert not allowed("Ingress", labels, old_ingress, port), service
        assert allowed("Ingress", labels, prometheus, port), service
        assert not allowed("Ingress", labels, stranger, port), service
        assert not allowed("Ingress", labels, {"ip": PUBLIC_ADDRESS}, port), service
    gateway = service_labels("gateway")
    pods = {name: {"namespace": NAMESPACE, "labels": service_labels(name)} for name in WORKLOADS}
    callers = {name for name, other in pods.items() if allowed("Ingress", gateway, other, 8000)}
    assert callers == {EDGE, "web"}


def test_the_edge_accepts_anyone_and_reaches_only_the_gateway() -> None:
    labels = service_labels(EDGE)
    ports = {p["name"]: p["containerPort"] for p in app_container(EDGE)["ports"]}
    assert set(ports) == {"http", "https"}
    anyone = [
        {"ip": PUBLIC_ADDRESS},  # a visitor, its address kept by the load balancer
        {"ip": PRIVATE_ADDRESS},  # a node, the load balancer's health check
        {"namespace": "default", "labels": {}},
        {"namespace": NAMESPACE, "labels": service_labels("users")},
    ]
    for other in anyone:
        for port in ports.values():
            assert allowed("Ingress", labels, other, port), (other, port)
        assert not allowed("Ingress", labels, other, 8000), other  # nothing but the edge's own ports
        assert not allowed("Ingress", labels, other, 9113), other  # no metrics exporter
    assert allowed("Egress", labels, {"namespace": NAMESPACE, "labels": service_labels("gateway")}, 8000)
    assert not allowed("Egress", labels, {"namespace": NAMESPACE, "labels": service_labels("gateway")}, 9000)
    dns = {"namespace": "kube-system", "labels": {"k8s-app": "kube-dns"}}
    assert allowed("Egress", labels, dns, 53, "UDP")
    assert allowed("Egress", labels, dns, 53, "TCP")
    for address in (PUBLIC_ADDRESS, PRIVATE_ADDRESS):
        for port in (80, 443, 5432, 6379, 8000):
            assert not allowed("Egress", labels, {"ip": address}, port), (address, port)


def test_egress_to_data_stores_and_providers() -> None:
    for service in SERVICES:
        labels = service_labels(service)
        internet = {"ip": PUBLIC_ADDRESS}
        vpc = {"ip": PRIVATE_ADDRESS}
        has_database = service in DATABASE_SERVICES
        assert allowed("Egress", labels, vpc, 5432) is has_database, service
        assert allowed("Egress", labels, vpc, 5672) is has_database, service
        assert allowed("Egress", labels, vpc, 6379), f"{service}: Redis"
        https = service in (*STORAGE_SERVICES, "payments", "notifications")  # S3, MercadoPago, SendGrid/FCM
        assert allowed("Egress", labels, internet, 443) is https, service
        assert allowed("Egress", labels, internet, 587) is (service == "notifications"), service
        assert not allowed("Egress", labels, internet, 5432), service
    assert not allowed("Egress", service_labels("payments"), {"ip": PRIVATE_ADDRESS}, 443)


# --- Secrets created by hand or synchronised ----------------------------------------------------------------


def documented_secret_keys(service: str) -> set[str]:
    """The keys of docs/operations.md's `kubectl create secret generic <service>-secrets` command (one
    command continued over lines ending in a backslash)."""
    lines = (ROOT / "docs" / "operations.md").read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if f"create secret generic {service}-secrets " in line]
    assert len(starts) == 1, f"docs/operations.md: one `kubectl create secret generic {service}-secrets`"
    command = [lines[starts[0]]]
    while command[-1].rstrip().endswith("\\"):
        command.append(lines[starts[0] + len(command)])
    return set(re.findall(r"--from-(?:literal|file)=(\w+)=", "\n".join(command)))


@pytest.mark.parametrize("service", SERVICES)
def test_documented_secret_commands_match_the_manifests(service: str) -> None:
    """docs/operations.md creates each service's Secret with every key it needs and none it does not read."""
    keys = documented_secret_keys(service)
    assert secret_keys(service) - OPTIONAL_SECRETS <= keys <= secret_keys(service), keys


def test_external_secrets_example_matches_the_manifests() -> None:
    example = K8S / "overlays" / "production" / "external-secrets.example.yaml"
    assert example.name not in kustomization("production")["resources"]
    found = {d["spec"]["target"]["name"]: d for d in yaml.safe_load_all(example.read_text()) if d}
    assert set(found) == {f"{service}-secrets" for service in SERVICES}
    for service in SERVICES:
        keys = {item["secretKey"] for item in found[f"{service}-secrets"]["spec"]["data"]}
        assert secret_keys(service) - OPTIONAL_SECRETS <= keys <= secret_keys(service), service


# --- Development ------------------------------------------------------------------------------------------


def dev_secret(name: str) -> dict[str, str]:
    (secret,) = [
        s for s in documents("dev") if s["kind"] == "Secret" and s["metadata"]["name"].startswith(f"{name}-")
    ]
    return {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}


def test_dev_runs_its_own_data_stores() -> None:
    images = {
        c["image"]
        for d in documents("dev")
        for c in d.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])
    }
    assert "postgis/postgis:15-3.4" in images
    for store in ("rabbitmq:", "redis:", "minio/minio:"):
        assert any(image.startswith(store) for image in images), store
    assert {"postgres", "rabbitmq", "minio"} <= set(of_kind("dev", "StatefulSet"))


@pytest.mark.parametrize("service", DATABASE_SERVICES)
def test_dev_services_connect_as_their_own_role(service: str) -> None:
    """Each service logs in as conectar_<service> with the password the init script gave that role."""
    url = urlsplit(dev_secret(f"{service}-secrets")[f"CONECTAR_{service.upper()}_DATABASE_URL"])
    assert (url.hostname, url.port, url.path) == ("postgres", 5432, f"/conectar_{service}")
    assert url.username == f"conectar_{service}"
    roles = dev_secret("postgres")
    assert url.password == roles[f"POSTGRES_{service.upper()}_PASSWORD"]
    assert url.password != roles["POSTGRES_PASSWORD"]


def test_dev_postgres_init_gives_each_role_only_its_own_database() -> None:
    """postgres-init.sh on a throwaway cluster, as the postgres image runs it (superuser, first start)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert found, "PostgreSQL's server binaries are required (/usr/lib/postgresql/*/bin)"
    pg = found[-1].parent
    root = os.geteuid() == 0  # the server refuses to run as root: run it as postgres
    folder = Path(tempfile.mkdtemp(prefix="conectar-k8s-init-"))
    roles = dev_secret("postgres")
    env = {"PATH": f"{pg}:{os.environ['PATH']}", "PGHOST": str(folder), "PGPORT": "5497", **roles}

    def run(*command: str, user: str = "postgres", password: str = "", as_server: bool = False) -> Any:
        runner = ["runuser", "-u", "postgres", "--"] if root and as_server else []
        return subprocess.run(
            [*runner, *command],
            capture_output=True,
            text=True,
            env={**env, "POSTGRES_USER": user, "PGUSER": user, "PGPASSWORD": password},
            timeout=120,
            check=False,
        )

    data = folder / "data"
    try:
        (folder / "pw").write_text(roles["POSTGRES_PASSWORD"] + "\n")
        if root:
            shutil.chown(folder, "postgres")
            shutil.chown(folder / "pw", "postgres")
        for command in (
            ["initdb", "-D", str(data), "-U", "postgres", "--pwfile", str(folder / "pw"),
             "--auth=scram-sha-256", "--no-sync", "-E", "UTF8"],
            ["pg_ctl", "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
             f"-p 5497 -k {folder} -c listen_addresses=''", "start"],
        ):  # fmt: skip
            result = run(*command, as_server=True)
            assert result.returncode == 0, result.stdout + result.stderr
        script = K8S / "overlays" / "dev" / "postgres-init.sh"
        result = run("bash", str(script), password=roles["POSTGRES_PASSWORD"])
        assert result.returncode == 0, result.stderr
        superuser = roles["POSTGRES_PASSWORD"]
        for service in DATABASE_SERVICES:
            user, password = f"conectar_{service}", roles[f"POSTGRES_{service.upper()}_PASSWORD"]
            own = run(
                "psql", "-X", "-d", f"conectar_{service}", "-c", "SELECT 1", user=user, password=password
            )
            assert own.returncode == 0, own.stderr
            other = next(o for o in DATABASE_SERVICES if o != service)
            refused = run(
                "psql", "-X", "-d", f"conectar_{other}", "-c", "SELECT 1", user=user, password=password
            )
            assert "permission denied for database" in refused.stderr, (service, other)
        query = (
            "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole, rolreplication FROM pg_roles "
            "WHERE rolname LIKE 'conectar\\_%' ORDER BY rolname"
        )
        listed = run("psql", "-X", "-At", "-d", "postgres", "-c", query, password=superuser)
        assert listed.stdout.split() == [f"conectar_{s}|f|f|f|f" for s in sorted(DATABASE_SERVICES)]
        query = "SELECT datname, pg_get_userbyid(datdba) FROM pg_database WHERE datname LIKE 'conectar\\_%'"
        owners = run("psql", "-X", "-At", "-d", "postgres", "-c", query, password=superuser)
        assert sorted(owners.stdout.split()) == [
            f"conectar_{s}|conectar_{s}" for s in sorted(DATABASE_SERVICES)
        ]
        query = "SELECT extname FROM pg_extension"
        extensions = run("psql", "-X", "-At", "-d", "conectar_professionals", "-c", query, password=superuser)
        assert {"postgis", "btree_gist"} <= set(extensions.stdout.split())
    finally:
        if (data / "postmaster.pid").exists():
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop", as_server=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_dev_minio_gives_the_app_its_own_key() -> None:
    minio = dev_secret("minio")
    assert minio["APP_ACCESS_KEY"] != minio["MINIO_ROOT_USER"]
    for service in STORAGE_SERVICES:
        secrets = dev_secret(f"{service}-secrets")
        assert secrets["CONECTAR_S3_ACCESS_KEY_ID"] == minio["APP_ACCESS_KEY"]
        assert secrets["CONECTAR_S3_SECRET_ACCESS_KEY"] == minio["APP_SECRET_KEY"]
    for service in SERVICES:
        assert secret_keys(service) - OPTIONAL_SECRETS <= set(dev_secret(f"{service}-secrets")), service
        assert set(dev_secret(f"{service}-secrets")) <= secret_keys(service), service
