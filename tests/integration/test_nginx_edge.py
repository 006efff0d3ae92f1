"""The nginx edge (deploy/nginx/templates/default.conf.template) for real: Debian's nginx, in the foreground
with its own prefix, pid and logs, in front of two gateway replicas of the distributed platform (each its
own `conectar serve gateway` process, trusting only the edge's address for X-Forwarded-For).

Nothing is skipped: without /usr/sbin/nginx these tests fail (.ci/run installs it).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from conectar.contracts.events import KycApproved
from conectar.platform.settings import Settings
from conectar.web.app import asset_versions
from conectar.web.session import COOKIE_NAME
from tests.certificates import self_signed
from tests.factories import PASSWORD, eventually, register
from tests.integration.conftest import Platform, free_port, wait_ready
from tests.integration.helpers import publish

NGINX = Path("/usr/sbin/nginx")
NGINX_DIR = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
TEMPLATE = NGINX_DIR / "templates" / "default.conf.template"
TLS_SNIPPET = NGINX_DIR / "tls.conf"
STATIC = Path(__file__).resolve().parents[2] / "src" / "conectar" / "web" / "static"
TEMPLATE_VARIABLES = {"NGINX_PORT", "NGINX_SERVER_NAME", "GATEWAY_UPSTREAMS"}
MAX_UPLOAD_BYTES = int(Settings.model_fields["max_upload_bytes"].default)
MAX_BODY_BYTES = int(Settings.model_fields["max_body_bytes"].default)
AUTH_LIMIT = 5  # the replicas' CONECTAR_RATE_LIMIT_AUTH_PER_MINUTE, per client address
JWKS = "/api/v1/.well-known/jwks.json"
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


def nginx() -> Path:
    if not NGINX.exists():
        pytest.fail("Debian's nginx is required at /usr/sbin/nginx (.ci/run installs it)")
    return NGINX


def render(template: str, variables: dict[str, str]) -> str:
    """What the nginx image's entrypoint does: envsubst of the variables set in its environment, only."""
    for name, value in variables.items():
        template = template.replace("${" + name + "}", value)
    leftover = re.findall(r"\$\{\w+\}", template)
    assert not leftover, f"variables left unset: {leftover}"
    return template


@dataclass
class Edge:
    root: Path
    port: int
    tls_port: int | None = None
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self, name: str) -> str:
        path = self.root / "log" / name
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def configure_edge(root: Path, upstreams: list[int], *, tls_port: int | None = None) -> Edge:
    """The official image's layout under ``root``: etc/ stands for /etc/nginx/ (conf.d, conectar.d,
    certs), log/ for /var/log/nginx/; an nginx.conf like the image's includes conf.d/*.conf."""
    edge = Edge(root=root, port=free_port(), tls_port=tls_port)
    for folder in ("etc/conf.d", "etc/conectar.d", "etc/certs", "log", "temp"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    paths = {"/etc/nginx/": f"{root}/etc/", "/var/log/nginx/": f"{root}/log/"}

    def relocated(text: str) -> str:
        for original, local in paths.items():
            text = text.replace(original, local)
        return text

    servers = " ".join(f"server 127.0.0.1:{port};" for port in upstreams)
    site = render(
        TEMPLATE.read_text(),
        {"NGINX_PORT": f"127.0.0.1:{edge.port}", "NGINX_SERVER_NAME": "_", "GATEWAY_UPSTREAMS": servers},
    )
    (root / "etc" / "conf.d" / "default.conf").write_text(relocated(site))
    if tls_port is not None:
        snippet = relocated(TLS_SNIPPET.read_text())
        assert "listen 443 ssl;" in snippet
        snippet = snippet.replace("listen 443 ssl;", f"listen 127.0.0.1:{tls_port} ssl;")
        (root / "etc" / "conectar.d" / "tls.conf").write_text(snippet)
    temp = root / "temp"
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the temp folders below root
    (root / "nginx.conf").write_text(
        f"""{user}worker_processes 1;
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
    return edge


def nginx_command(edge: Edge, *extra: str) -> list[str]:
    error_log = str(edge.root / "log" / "error.log")
    return [str(nginx()), "-p", str(edge.root), "-e", error_log, "-c", str(edge.root / "nginx.conf"), *extra]


def check_config(edge: Edge) -> None:
    result = subprocess.run(nginx_command(edge, "-t"), capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def start_edge(edge: Edge) -> Edge:
    check_config(edge)
    edge.process = subprocess.Popen(nginx_command(edge, "-g", "daemon off;"), start_new_session=True)
    try:
        wait_ready(edge.base_url + "/healthz", timeout=15)
    except RuntimeError:
        edge.stop()
        raise AssertionError(f"nginx did not start: {edge.log('error.log')[-2000:]}") from None
    return edge


# -- The template on its own (no platform needed) ------------------------------------------------------


def test_the_template_renders_to_a_configuration_nginx_accepts(tmp_path: Path) -> None:
    text = TEMPLATE.read_text()
    assert set(re.findall(r"\$\{(\w+)\}", text)) == TEMPLATE_VARIABLES
    # The image's envsubst replaces $NAME too: every other variable must be one of nginx's (lower case).
    assert not [name for name in re.findall(r"\$([A-Za-z_]\w*)", text) if name != name.lower()]
    check_config(configure_edge(tmp_path / "plain", [18001, 18002]))
    tls = configure_edge(tmp_path / "tls", [18001], tls_port=free_port())
    self_signed(tls.root / "etc" / "certs")
    check_config(tls)


def test_the_edge_takes_bodies_up_to_the_gateway_upload_limit() -> None:
    sizes = re.findall(r"client_max_body_size\s+(\d+)m;", TEMPLATE.read_text())
    assert [int(size) * 1024 * 1024 for size in sizes] == [MAX_UPLOAD_BYTES]
    assert MAX_UPLOAD_BYTES > MAX_BODY_BYTES  # multipart uploads are the larger of the gateway's limits


def test_long_lived_routes_are_neither_buffered_nor_cut_short() -> None:
    text = TEMPLATE.read_text()

    def location(path: str) -> str:
        found = re.search(r"location = " + re.escape(path) + r" \{(.*?)\}", text, re.S)
        assert found, path
        return found.group(1)

    stream = location("/api/v1/notificaciones/stream")
    assert "proxy_buffering off;" in stream
    assert "gzip off;" in stream
    for path in ("/api/v1/notificaciones/stream", "/api/v1/chat/ws", "/live"):
        assert "proxy_read_timeout 1h;" in location(path)
    assert "proxy_set_header Connection $connection_upgrade;" in text
    assert "proxy_next_upstream error timeout;" in text
    assert "keepalive 32;" in text


# -- In front of two gateway replicas ------------------------------------------------------------------


@dataclass
class Replicas:
    platform: Platform
    ports: dict[str, int]
    env: dict[str, dict[str, str]] = field(default_factory=dict)

    def start(self, name: str) -> None:
        self.platform.stack.start("gateway", name=name, env=self.env[name])
        try:
            wait_ready(f"http://127.0.0.1:{self.ports[name]}/health/ready")
        except RuntimeError:
            print(self.platform.logs(name)[-4000:])
            raise

    def stop(self, name: str, *, sig: int = signal.SIGTERM) -> None:
        self.platform.stack.stop(name, sig=sig)

    def requests_served(self, name: str) -> float:
        """The replica's own count of the requests it answered (its /metrics, asked directly)."""
        text = httpx.get(f"http://127.0.0.1:{self.ports[name]}/metrics", timeout=5).text
        return sum(
            sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
            if sample.name == "conectar_http_requests_total" and sample.labels.get("service") == "gateway"
        )


@pytest.fixture(scope="module")
def replicas(platform: Platform) -> Iterator[Replicas]:
    names = ["gateway-edge-a", "gateway-edge-b"]
    group = Replicas(platform, {name: free_port() for name in names})
    for name in names:
        group.env[name] = {
            "CONECTAR_PORT": str(group.ports[name]),
            # Only the edge (nginx connects from 127.0.0.1) may say who the client is; the tests' clients
            # connect from other loopback addresses.
            "CONECTAR_TRUSTED_PROXIES": "127.0.0.1/32",
            "CONECTAR_RATE_LIMIT_AUTH_PER_MINUTE": str(AUTH_LIMIT),
        }
    try:
        for name in names:
            group.start(name)
        yield group
    finally:
        for name in names:
            group.stop(name)


@pytest.fixture(scope="module")
def edge(replicas: Replicas, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    running = start_edge(configure_edge(tmp_path_factory.mktemp("edge"), list(replicas.ports.values())))
    yield running
    running.stop()


def client_from(address: str, base_url: str) -> httpx.AsyncClient:
    """A client whose connections leave from ``address`` (any 127.x.y.z is this machine)."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    return httpx.AsyncClient(base_url=base_url, transport=transport, timeout=30)


async def test_requests_are_spread_over_both_gateways(edge: Edge, replicas: Replicas) -> None:
    before = {name: replicas.requests_served(name) for name in replicas.ports}
    async with client_from("127.0.0.2", edge.base_url) as client:
        for _ in range(40):
            response = await client.get(JWKS)
            assert response.status_code == 200, response.text
    served = {name: replicas.requests_served(name) - before[name] for name in replicas.ports}
    assert sum(served.values()) == 40, served
    assert all(count >= 10 for count in served.values()), served


async def test_the_chat_socket_and_the_live_channel_upgrade_through_the_edge(
    edge: Edge, api: httpx.AsyncClient
) -> None:
    cliente = await register(api, "CLIENTE")
    ws_base = edge.base_url.replace("http", "ws")
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(ws_base + "/api/v1/chat/ws", params={"token": cliente.access_token})
        assert json.loads((await ws.receive(timeout=10)).data)["type"] == "hello"
        await ws.close()

    # The web app's live channel: sign in through the edge like a browser, then open /live.
    async with httpx.AsyncClient(base_url=edge.base_url, timeout=30) as browser:
        page = await browser.get("/login")
        assert page.status_code == 200
        found = CSRF.search(page.text)
        assert found, "no CSRF token on the login page"
        signed_in = await browser.post(
            "/login",
            data={"csrf_token": found.group(1), "email": cliente.email, "password": PASSWORD},
            headers={"Origin": edge.base_url},
        )
        assert signed_in.status_code == 303, signed_in.text
        cookie = browser.cookies.get(COOKIE_NAME)
    assert cookie
    async with aiohttp.ClientSession() as session:
        live = await session.ws_connect(
            ws_base + "/live", headers={"Origin": edge.base_url, "Cookie": f"{COOKIE_NAME}={cookie}"}
        )
        message = await live.receive(timeout=10)
        assert message.type is aiohttp.WSMsgType.TEXT, (message.type, live.close_code)
        assert json.loads(message.data)["type"] == "hello"
        await live.close()

    async def logged() -> bool:
        return '"GET /api/v1/chat/ws HTTP/1.1" 101' in edge.log("access.log")

    await eventually(logged, timeout=5)
    assert cliente.access_token not in edge.log("access.log"), "a token from a query string was logged"


async def test_notification_events_arrive_through_the_edge_as_they_happen(
    edge: Edge, platform: Platform, api: httpx.AsyncClient
) -> None:
    pro = await register(api, "PROFESIONAL")
    async with (
        httpx.AsyncClient(base_url=edge.base_url, timeout=30) as client,
        client.stream("GET", "/api/v1/notificaciones/stream", headers=pro.headers) as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert "content-encoding" not in response.headers
        lines = response.aiter_lines()

        async def next_event(name: str) -> dict[str, object]:
            current = None
            async for line in lines:
                if line.startswith("event: "):
                    current = line.removeprefix("event: ")
                elif line.startswith("data: ") and current == name:
                    data: dict[str, object] = json.loads(line.removeprefix("data: "))
                    return data
            raise AssertionError("the stream ended")

        # A few dozen bytes each: held in a buffer, they would wait for more (or for the stream's end).
        started = time.monotonic()
        await asyncio.wait_for(next_event("contador"), 5)
        assert time.monotonic() - started < 3
        await publish(platform, KycApproved(profesional_id=uuid.uuid4(), user_id=pro.id))
        published = time.monotonic()
        live = await asyncio.wait_for(next_event("notificacion"), 15)
        assert live["tipo"] == "kyc_aprobado"
        assert time.monotonic() - published < 10


def exchange_headers(port: int, length: int) -> bytes:
    """Send only the head of an upload with ``Expect: 100-continue`` and return nginx's first answer."""
    head = (
        "POST /api/v1/professional/portfolio HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port}\r\n"
        "Content-Type: multipart/form-data; boundary=limite\r\n"
        f"Content-Length: {length}\r\n"
        "Expect: 100-continue\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head.encode())
        return sock.recv(4096)


async def test_an_upload_over_the_limit_is_refused_by_the_edge(edge: Edge) -> None:
    over = await asyncio.to_thread(exchange_headers, edge.port, MAX_UPLOAD_BYTES + 1)
    assert over.startswith(b"HTTP/1.1 413"), over[:200]
    assert b"<center>nginx</center>" in over  # the edge's own page: nothing reached a gateway
    at_limit = await asyncio.to_thread(exchange_headers, edge.port, MAX_UPLOAD_BYTES)
    assert at_limit.startswith(b"HTTP/1.1 100 Continue"), at_limit[:200]


async def test_the_gateway_counts_the_address_the_edge_saw_not_the_one_claimed(
    edge: Edge, replicas: Replicas
) -> None:
    login = {"username": "nadie@example.com", "password": "incorrecta"}
    async with client_from("127.0.0.3", edge.base_url) as client:
        # Each attempt claims another address; the gateways count them all against 127.0.0.3.
        for attempt in range(AUTH_LIMIT):
            spoofed = {"X-Forwarded-For": f"203.0.113.{attempt + 1}"}
            response = await client.post("/api/v1/auth/login", data=login, headers=spoofed)
            assert response.status_code != 429, (attempt, response.text)
        refused = await client.post(
            "/api/v1/auth/login", data=login, headers={"X-Forwarded-For": "203.0.113.99"}
        )
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["retry-after"]) >= 1  # told when to come back
        assert "access_token" not in refused.json()
    # Another client claiming an address already used above is counted as itself.
    async with client_from("127.0.0.4", edge.base_url) as other:
        response = await other.post(
            "/api/v1/auth/login", data=login, headers={"X-Forwarded-For": "203.0.113.1"}
        )
        assert response.status_code == 401, response.text
        assert response.json()["detail"] == "Email o contraseña incorrectos"  # the login itself was judged
    # A client that reaches a gateway directly cannot pass for the limited address either.
    direct_url = f"http://127.0.0.1:{replicas.ports['gateway-edge-a']}"
    async with client_from("127.0.0.5", direct_url) as direct:
        response = await direct.post(
            "/api/v1/auth/login", data=login, headers={"X-Forwarded-For": "127.0.0.4"}
        )
        assert response.status_code == 401, response.text
        assert response.json()["detail"] == "Email o contraseña incorrectos"


async def test_responses_are_compressed_and_fingerprinted_assets_cached_for_long(edge: Edge) -> None:
    gzip = {"Accept-Encoding": "gzip"}
    async with httpx.AsyncClient(base_url=edge.base_url, timeout=30) as client:
        home = await client.get("/", headers=gzip)
        assert home.status_code == 200
        assert home.headers.get("content-encoding") == "gzip"
        assert "Accept-Encoding" in home.headers.get("vary", "")
        openapi = await client.get("/openapi.json", headers=gzip)
        assert openapi.status_code == 200
        assert openapi.headers.get("content-encoding") == "gzip"

        # The fingerprinted URLs the pages use (/static/<file>?v=<content hash>).
        assets = set(re.findall(r'"/static/([^"?]+\.(?:css|js|svg))\?v=[0-9a-f]+"', home.text))
        assert {name.rsplit(".", 1)[1] for name in assets} >= {"css", "js"}, assets
        for name in assets:
            asset = await client.get(f"/static/{name}?v={asset_versions()[name]}", headers=gzip)
            assert asset.status_code == 200, name
            assert asset.headers["cache-control"] == "public, max-age=31536000, immutable", name
            if (STATIC / name).stat().st_size >= 1024:  # gzip_min_length
                assert asset.headers.get("content-encoding") == "gzip", name
        icons = await client.get("/static/img/icons.svg", headers=gzip)
        assert icons.status_code == 200
        assert icons.headers.get("content-encoding") == "gzip"
        # Without its fingerprint the same URL may change: a short lifetime.
        assert icons.headers["cache-control"] == "public, max-age=3600"
        assert (await client.get("/metrics")).status_code == 404


async def test_tls_terminates_at_the_edge(replicas: Replicas, tmp_path: Path) -> None:
    tls = configure_edge(tmp_path / "edge", list(replicas.ports.values()), tls_port=free_port())
    certificate = self_signed(tls.root / "etc" / "certs")
    start_edge(tls)
    try:
        async with httpx.AsyncClient(base_url=tls.base_url, timeout=30) as plain:
            assert (await plain.get("/healthz")).status_code == 200
            redirected = await plain.get(JWKS)
            assert redirected.status_code == 301
            assert redirected.headers["location"].startswith("https://")
        context = ssl.create_default_context(cafile=str(certificate))
        async with httpx.AsyncClient(
            base_url=f"https://127.0.0.1:{tls.tls_port}", verify=context, timeout=30
        ) as secure:
            response = await secure.get(JWKS)
            assert response.status_code == 200, response.text
            # The gateway believed the edge's X-Forwarded-Proto: HSTS, once (the gateway's own).
            [hsts] = response.headers.get_list("strict-transport-security")
            assert hsts.startswith("max-age=")
            # And told the web app, whose session cookie is Secure.
            page = await secure.get("/login")
            assert page.status_code == 200
            cookies = page.headers.get_list("set-cookie")
            assert cookies
            assert all("Secure" in cookie for cookie in cookies), cookies
    finally:
        tls.stop()


async def test_a_gateway_that_dies_loses_no_idempotent_request(edge: Edge, replicas: Replicas) -> None:
    """Killed mid-traffic (SIGKILL: connections reset, nothing answered), one replica takes every request
    on: nginx retries the idempotent ones on the other, so the clients see no failure at all."""
    statuses: list[int] = []
    failures: list[str] = []
    stop = asyncio.Event()

    async def traffic(address: str) -> None:
        async with client_from(address, edge.base_url) as client:
            while not stop.is_set():
                try:
                    statuses.append((await client.get(JWKS)).status_code)
                except httpx.HTTPError as exc:
                    failures.append(repr(exc))

    workers = [asyncio.create_task(traffic(f"127.0.0.{6 + n}")) for n in range(4)]
    await asyncio.sleep(1.0)
    sent_before = len(statuses)
    await asyncio.to_thread(replicas.stop, "gateway-edge-a", sig=signal.SIGKILL)
    await asyncio.sleep(2.0)
    stop.set()
    await asyncio.gather(*workers)
    try:
        assert not failures, failures[:5]
        assert set(statuses) == {200}, {s: statuses.count(s) for s in set(statuses)}
        assert sent_before > 0
        assert len(statuses) > sent_before
        # nginx met the dead replica and moved on.
        assert re.search(r"connect\(\) failed|prematurely closed|reset by peer", edge.log("error.log"))

        survivor = replicas.requests_served("gateway-edge-b")
        async with client_from("127.0.0.2", edge.base_url) as client:
            for _ in range(20):
                assert (await client.get(JWKS)).status_code == 200
        assert replicas.requests_served("gateway-edge-b") - survivor == 20
    finally:
        await asyncio.to_thread(replicas.start, "gateway-edge-a")
