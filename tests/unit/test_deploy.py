"""Deployment files are checked by parsing and schema validation (no container engine runs here)."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from conectar.platform.settings import DATABASE_SERVICES, DEFAULT_PORTS
from conectar.services import SERVICES

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
BIN = Path(sys.executable).parent
# An exact version (1.27.4-alpine, 3.11.11-slim-bookworm), MinIO's dated releases, or a digest.
PINNED_IMAGE = re.compile(
    r"^[\w./-]+(:[\w.-]*\d+\.\d+\.\d+[\w.-]*|:RELEASE\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ|(:[\w.-]+)?@sha256:[0-9a-f]{64})$"
)


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def test_compose_file_follows_the_compose_spec() -> None:
    for name in ("compose.yaml", "compose.tls.yaml"):
        result = subprocess.run(
            [BIN / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", DEPLOY / name],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_every_service_and_needs_real_secrets() -> None:
    services = compose()["services"]
    secrets = ("CONECTAR_SECRET_KEY", "CONECTAR_SERVICE_TOKEN_SECRET")
    webhook = "CONECTAR_MERCADOPAGO_WEBHOOK_SECRET"
    for service in ["gateway", *SERVICES]:
        assert services[service]["command"] == ["serve", service]
        for secret in secrets:
            assert ":?" in services[service]["environment"][secret], f"{service}: {secret} must be required"
        if service == "payments":
            assert ":?" in services[service]["environment"][webhook]
        else:  # only payments holds MercadoPago's secrets (`conectar serve` asks no one else for them)
            assert webhook not in services[service]["environment"], service
    environment = compose()["x-service"]["environment"]
    for secret in secrets:
        assert ":?" in environment[secret], f"{secret} must be required, not defaulted"


def test_compose_pins_every_image_it_does_not_build() -> None:
    for floating in ("redis:7-alpine", "postgis/postgis:15-3.4", "minio/minio:latest", "nginx:1.27", "nginx"):
        assert not PINNED_IMAGE.match(floating), floating
    for name, service in compose()["services"].items():
        if "build" in service:
            continue
        assert PINNED_IMAGE.match(service["image"]), f"{name}: {service['image']} is not an exact version"


def test_compose_restarts_rotates_logs_and_checks_health() -> None:
    for name, service in compose()["services"].items():
        logging = service["logging"]
        assert logging["driver"] == "json-file", name
        assert {"max-size", "max-file"} <= set(logging["options"]), name
        if name == "minio-init":  # one-shot
            assert service["restart"] == "no"
            continue
        assert service["restart"] == "unless-stopped", name
        if "build" in service:
            # The image's HEALTHCHECK, told which port this container serves.
            assert "healthcheck" not in service, name
            assert service["environment"]["HEALTHCHECK_PORT"] == str(DEFAULT_PORTS[name]), name
        else:
            assert service["healthcheck"]["test"][0] == "CMD", name


def test_compose_publishes_the_edge_and_not_the_gateway() -> None:
    services = compose()["services"]
    # MinIO's S3 port serves the public bucket (avatars, portfolio) to browsers.
    assert {name for name, service in services.items() if service.get("ports")} == {"edge", "minio"}
    edge = services["edge"]
    assert edge["ports"] == ["${CONECTAR_HTTP_PORT:-80}:80"]
    assert "./nginx/templates:/etc/nginx/templates:ro" in edge["volumes"]
    assert edge["depends_on"]["gateway"]["condition"] == "service_healthy"
    template = (DEPLOY / "nginx" / "templates" / "default.conf.template").read_text()
    assert set(re.findall(r"\$\{(\w+)\}", template)) <= set(edge["environment"])
    assert edge["environment"]["GATEWAY_UPSTREAMS"] == "server gateway:8000;"
    tls = yaml.safe_load((DEPLOY / "compose.tls.yaml").read_text())["services"]["edge"]
    assert "./nginx/tls.conf:/etc/nginx/conectar.d/tls.conf:ro" in tls["volumes"]


def test_compose_trusts_x_forwarded_for_only_from_the_edge_and_the_web_app() -> None:
    document = compose()
    services = document["services"]
    subnets = {name: network["ipam"]["config"][0]["subnet"] for name, network in document["networks"].items()}
    members = {
        network: {name for name, service in services.items() if network in service.get("networks", [])}
        for network in subnets
    }
    assert members["edge"] == {"edge", "gateway"}
    assert members["web"] == {"web", "gateway", "redis"}
    assert "CONECTAR_TRUSTED_PROXIES" not in document["x-service"]["environment"]

    def trusted(service: str) -> set[str]:
        return set(services[service]["environment"]["CONECTAR_TRUSTED_PROXIES"].split(","))

    assert trusted("gateway") == {subnets["edge"], subnets["web"]}
    # The gateway forwards the chain (visitor, edge or web app): who reads it trusts those hops as well.
    assert trusted("web") == {subnets["edge"], subnets["web"]}
    assert trusted("auth") == {subnets["edge"], subnets["web"], subnets["backend"]}


def test_compose_gives_each_service_its_own_database_role() -> None:
    services = compose()["services"]
    init = (DEPLOY / "postgres-init.sql").read_text()
    for service in DATABASE_SERVICES:
        variable = f"POSTGRES_{service.upper()}_PASSWORD"
        required = f"${{{variable}:?set {variable}}}"
        assert services["postgres"]["environment"][variable] == required
        assert f"\\getenv {service}_password {variable}" in init
        url = services[service]["environment"][f"CONECTAR_{service.upper()}_DATABASE_URL"]
        assert url == f"postgresql+asyncpg://conectar_{service}:{required}@postgres:5432/conectar_{service}"
    for name, service in services.items():
        urls = {key for key in service.get("environment", {}) if key.endswith("_DATABASE_URL")}
        own = {f"CONECTAR_{name.upper()}_DATABASE_URL"} if name in DATABASE_SERVICES else set()
        assert urls == own, f"{name} sees another service's database: {urls - own}"
        assert "POSTGRES_PASSWORD" not in json.dumps(service.get("environment", {})) or name == "postgres"


def postgres_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    assert found, "PostgreSQL's server binaries are required (/usr/lib/postgresql/*/bin)"
    return found[-1].parent


def test_postgres_init_gives_each_role_its_own_database_and_nothing_else() -> None:
    """postgres-init.sql on a throwaway cluster, as the postgres image runs it (psql, superuser)."""
    pg = postgres_bin()
    root = os.geteuid() == 0  # the server refuses to run as root: run it as postgres
    folder = Path(tempfile.mkdtemp(prefix="conectar-init-"))
    passwords = {service: f"clave-{service}-{os.urandom(4).hex()}" for service in DATABASE_SERVICES}
    env = {
        "PATH": os.environ["PATH"],
        "PGHOST": str(folder),
        "PGPORT": "5499",
        **{f"POSTGRES_{service.upper()}_PASSWORD": value for service, value in passwords.items()},
    }

    def server(*command: str) -> None:
        runner = ["runuser", "-u", "postgres", "--"] if root else []
        result = subprocess.run([*runner, *command], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr

    def psql(user: str, database: str, *args: str, password: str = "superclave", **extra: str) -> Any:
        return subprocess.run(
            [pg / "psql", "-X", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database, "-At", *args],
            capture_output=True,
            text=True,
            env={**env, "PGPASSWORD": password, **extra},
            timeout=60,
        )

    try:
        (folder / "pw").write_text("superclave\n")
        if root:
            shutil.chown(folder, "postgres")
            shutil.chown(folder / "pw", "postgres")
        data = str(folder / "data")
        server(str(pg / "initdb"), "-D", data, "-U", "postgres", "--pwfile", str(folder / "pw"),
               "--auth=scram-sha-256", "--no-sync", "-E", "UTF8")  # fmt: skip
        server(str(pg / "pg_ctl"), "-D", data, "-w", "-l", str(folder / "log"), "-o",
               f"-p 5499 -k {folder} -c listen_addresses=''", "start")  # fmt: skip
        script = str(DEPLOY / "postgres-init.sql")
        for attempt in (1, 2):  # safe to run again
            result = psql("postgres", "postgres", "-f", script)
            assert result.returncode == 0, (attempt, result.stderr)
        missing = psql("postgres", "postgres", "-f", script, POSTGRES_CHAT_PASSWORD="")
        assert missing.returncode != 0, "an empty password was accepted"
        for service, password in passwords.items():
            own = psql(
                f"conectar_{service}", f"conectar_{service}", "-c", "SELECT current_user", password=password
            )
            assert own.returncode == 0, own.stderr
            for other in DATABASE_SERVICES:
                if other != service:
                    refused = psql(
                        f"conectar_{service}", f"conectar_{other}", "-c", "SELECT 1", password=password
                    )
                    assert "permission denied for database" in refused.stderr, (service, other)
        roles = psql("postgres", "postgres", "-c",
                     "SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles "
                     "WHERE rolname LIKE 'conectar\\_%' ORDER BY rolname")  # fmt: skip
        assert roles.stdout.split() == [f"conectar_{s}|f|f|f" for s in sorted(DATABASE_SERVICES)]
        owners = psql("postgres", "postgres", "-c",
                      "SELECT datname, pg_get_userbyid(datdba) FROM pg_database "
                      "WHERE datname LIKE 'conectar\\_%' ORDER BY datname")  # fmt: skip
        assert owners.stdout.split() == [f"conectar_{s}|conectar_{s}" for s in sorted(DATABASE_SERVICES)]
        extensions = psql("postgres", "conectar_professionals", "-c", "SELECT extname FROM pg_extension")
        assert {"postgis", "btree_gist"} <= set(extensions.stdout.split())
    finally:
        if (folder / "data" / "postmaster.pid").exists():
            server(str(pg / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


def test_minio_gives_the_app_its_own_user_on_its_own_buckets(tmp_path: Path) -> None:
    services = compose()["services"]
    environment = compose()["x-service"]["environment"]
    assert environment["CONECTAR_S3_ACCESS_KEY_ID"] != services["minio"]["environment"]["MINIO_ROOT_USER"]
    assert environment["CONECTAR_S3_SECRET_ACCESS_KEY"] == "${MINIO_APP_PASSWORD:?set MINIO_APP_PASSWORD}"
    for service in DATABASE_SERVICES:
        assert services[service]["depends_on"]["minio-init"]["condition"] == "service_completed_successfully"
    init = services["minio-init"]
    assert init["image"].startswith("minio/mc:")
    assert init["depends_on"]["minio"]["condition"] == "service_healthy"

    # The script, run with a stand-in `mc` that records its arguments (Compose turns $$ into $).
    script = init["command"][0].replace("$$", "$")
    (tmp_path / "mc").write_text(
        '#!/bin/sh\necho "$*" >> "$MC_CALLS"\n'
        '[ "$1 $2 $3" = "admin user info" ] && echo "PolicyName: $ATTACHED"\nexit 0\n'
    )
    (tmp_path / "mc").chmod(0o755)

    def run(attached: str) -> list[str]:
        calls = tmp_path / f"calls-{attached or 'none'}"
        env = {
            "PATH": f"{tmp_path}:{os.environ['PATH']}",
            "MC_CALLS": str(calls),
            "ATTACHED": attached,
            "MINIO_ROOT_PASSWORD": "clave-raiz",
            "MINIO_APP_PASSWORD": "clave-de-la-app",
        }
        result = subprocess.run([*init["entrypoint"], script], env=env, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return calls.read_text().splitlines()

    first = run("")
    assert "mb --ignore-existing root/conectar-public root/conectar-private" in first
    assert "admin user add root conectar-app clave-de-la-app" in first
    assert "admin policy attach root conectar-app-rw --user conectar-app" in first
    assert not [call for call in run("conectar-app-rw") if call.startswith("admin policy attach")]
    policies = [json.loads(line.split("'")[3]) for line in script.splitlines() if line.startswith("printf")]
    resources = {r for policy in policies for s in policy["Statement"] for r in s["Resource"]}
    assert {r.split(":::")[1].split("/")[0] for r in resources} == {"conectar-public", "conectar-private"}
    anonymous = policies[0]["Statement"]
    assert [s["Action"] for s in anonymous] == [["s3:GetObject"]]  # read public objects, never list them


def test_kubernetes_manifests_validate_strictly(tmp_path: Path) -> None:
    """The shared Kustomize base renders on its own and validates; tests/unit/test_k8s.py checks the
    overlays (dev, production) and the production rules."""
    rendered = tmp_path / "base.yaml"
    rendered.write_text(
        subprocess.run(
            ["kubectl", "kustomize", DEPLOY / "k8s" / "base"], capture_output=True, text=True, check=True
        ).stdout
    )
    result = subprocess.run(
        [BIN / "kubernetes-validate", "-k", "1.30.0", "--strict", rendered],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_deploys_every_service_on_its_port() -> None:
    rendered = subprocess.run(
        ["kubectl", "kustomize", DEPLOY / "k8s" / "overlays" / "production"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    documents = [d for d in yaml.safe_load_all(rendered) if d]
    deployments = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Deployment"}
    services = {d["metadata"]["name"]: d for d in documents if d["kind"] == "Service"}
    for service in ["gateway", *SERVICES]:
        container = deployments[service]["spec"]["template"]["spec"]["containers"][0]
        assert container["args"][:2] == ["serve", service]
        assert container["ports"][0]["containerPort"] == DEFAULT_PORTS[service]
        assert services[service]["spec"]["ports"][0]["port"] == DEFAULT_PORTS[service]
        assert container["securityContext"]["allowPrivilegeEscalation"] is False


def test_image_runs_as_an_unprivileged_user() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    assert "USER 10001" in dockerfile
    assert 'ENTRYPOINT ["conectar"]' in dockerfile
    assert "SECRET" not in dockerfile


def dockerfile_lines() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined."""
    return (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ").splitlines()


def test_image_base_is_pinned_and_dependencies_come_from_the_lock_with_hashes() -> None:
    lines = dockerfile_lines()
    bases = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert bases
    for base in bases:
        assert PINNED_IMAGE.match(base), f"{base} floats"
    installs = [
        step.strip()
        for line in lines
        if line.startswith("RUN ")
        for step in line.removeprefix("RUN ").split("&&")
        if re.search(r"\bpip (install|wheel)\b", step) and " -r " in step
    ]
    assert installs
    for step in installs:
        assert "--require-hashes" in step, step
        assert re.search(r"-r \S*runtime\.lock\b", step), step
    lock = (DEPLOY.parent / "requirements" / "runtime.lock").read_text()
    entries = [entry for entry in re.split(r"\n(?=[A-Za-z0-9])", lock) if "==" in entry.split("\n", 1)[0]]
    assert entries
    assert [entry for entry in entries if "--hash=sha256:" not in entry] == []


class HealthStub(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/health/live" else 404)
        self.end_headers()

    def log_message(self, *_: Any) -> None:
        pass


def test_image_health_check_probes_the_port_of_the_service_it_runs() -> None:
    lines = dockerfile_lines()
    assert any(re.match(r"ENV .*\bHEALTHCHECK_PORT=8000\b", line) for line in lines)
    healthchecks = [line for line in lines if line.startswith("HEALTHCHECK ")]
    assert len(healthchecks) == 1
    options, _, command = healthchecks[0].partition(" CMD ")
    assert "--interval=" in options
    assert "--timeout=" in options
    argv = json.loads(command)
    assert argv[:2] == ["python", "-c"]
    assert "/health/live" in argv[2]
    assert "'HEALTHCHECK_PORT', '8000'" in argv[2]
    assert DEFAULT_PORTS["gateway"] == 8000

    server = ThreadingHTTPServer(("127.0.0.1", 0), HealthStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def probe(port: int) -> int:
        env = {**os.environ, "HEALTHCHECK_PORT": str(port)}
        return subprocess.run(
            [sys.executable, "-c", argv[2]], env=env, capture_output=True, timeout=30
        ).returncode

    try:
        port = server.server_address[1]
        assert probe(port) == 0
        HealthStub.status = 503
        assert probe(port) != 0
    finally:
        HealthStub.status = 200
        server.shutdown()
        server.server_close()
    assert probe(port) != 0  # nothing listening


def dockerignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for raw in patterns:
        negated = raw.startswith("!")
        pattern = raw.removeprefix("!").strip().rstrip("/")
        forms = [pattern, pattern.removeprefix("**/")] if pattern.startswith("**/") else [pattern]
        if any(fnmatch.fnmatchcase(candidate, form) for candidate in candidates for form in forms):
            verdict = not negated
    return verdict


def test_dockerignore_sends_only_what_the_image_needs() -> None:
    text = (DEPLOY.parent / ".dockerignore").read_text()
    patterns = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for path in (".venv/bin/python", ".git/HEAD", "tests/unit/test_deploy.py", "var/dev/secrets.json", ".env",
                 "src/conectar/__pycache__/app.cpython-311.pyc"):  # fmt: skip
        assert dockerignored(path, patterns), f"{path} would be sent to the build"
    sources = [
        source
        for line in dockerfile_lines()
        if line.startswith("COPY ") and "--from=" not in line
        for source in line.split()[1:-1]
    ]
    assert sources
    for path in [*sources, "src/conectar/__init__.py"]:
        assert not dockerignored(path.rstrip("/"), patterns), f"the build needs {path}"
