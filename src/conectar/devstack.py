"""`conectar up`: every service as its own process on this machine's PostgreSQL, RabbitMQ and Redis.

For development and the integration tests. Settings already in the environment win; what is missing is
filled with the local defaults (PostgreSQL as user ``postgres`` on localhost:5432 with a database
``conectar_<service>`` each, created when missing, PostGIS for professionals; RabbitMQ and Redis on
localhost) and development secrets kept in the data folder.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import asyncpg
from rich.console import Console
from sqlalchemy.engine import make_url

from conectar.platform.settings import DATABASE_SERVICES, SECRET_NAMES, development_secrets

LOCAL_POSTGRES = "postgresql+asyncpg://postgres@localhost:5432"
POSTGIS_SERVICES = frozenset({"professionals"})
START_ORDER = ("auth", "users", "professionals", "chat", "payments", "notifications", "web", "gateway")
COLORS = ("cyan", "green", "magenta", "yellow", "blue", "red", "bright_cyan", "bright_green")
_SAFE_NAME = re.compile(r"^[A-Za-z0-9_]+$")


def stack_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every process of the stack: the caller's, completed with local defaults."""
    env = dict(os.environ if base is None else base)
    env["CONECTAR_MODE"] = "distributed"
    data_dir = Path(env.setdefault("CONECTAR_DATA_DIR", "./var"))
    secrets = development_secrets(data_dir / "dev")
    for name in SECRET_NAMES:
        env.setdefault(f"CONECTAR_{name.upper()}", secrets[name])
    for service in DATABASE_SERVICES:
        env.setdefault(f"CONECTAR_{service.upper()}_DATABASE_URL", f"{LOCAL_POSTGRES}/conectar_{service}")
    env.setdefault("CONECTAR_STORAGE_BACKEND", "local")
    env.setdefault("CONECTAR_TRUSTED_PROXIES", "127.0.0.1/32,::1/128")
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


async def _ensure_database(url: str, *, postgis: bool) -> None:
    parsed = make_url(url)
    name = parsed.database
    if not name or not _SAFE_NAME.match(name):
        raise ValueError(f"unsupported database name in {parsed.render_as_string(hide_password=True)}")
    admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin_dsn)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    if postgis:
        db_dsn = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
        conn = await asyncpg.connect(db_dsn)
        try:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        finally:
            await conn.close()


async def _drop_database(url: str) -> None:
    parsed = make_url(url)
    name = parsed.database
    if not name or not _SAFE_NAME.match(name):
        raise ValueError("unsupported database name")
    admin_dsn = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def ensure_databases(env: Mapping[str, str], services: Sequence[str] = DATABASE_SERVICES) -> None:
    async def main() -> None:
        for service in services:
            url = env[f"CONECTAR_{service.upper()}_DATABASE_URL"]
            if url.startswith("postgresql"):
                await _ensure_database(url, postgis=service in POSTGIS_SERVICES)

    asyncio.run(main())


def drop_databases(env: Mapping[str, str], services: Sequence[str] = DATABASE_SERVICES) -> None:
    async def main() -> None:
        for service in services:
            url = env[f"CONECTAR_{service.upper()}_DATABASE_URL"]
            if url.startswith("postgresql"):
                await _drop_database(url)

    asyncio.run(main())


def scratch_database(service: str) -> str:
    url = f"{LOCAL_POSTGRES}/conectar_scratch_{service}"
    asyncio.run(_drop_database(url))
    asyncio.run(_ensure_database(url, postgis=service in POSTGIS_SERVICES))
    return url


def drop_scratch_database(service: str) -> None:
    asyncio.run(_drop_database(f"{LOCAL_POSTGRES}/conectar_scratch_{service}"))


class Stack:
    """A set of service processes sharing one environment."""

    def __init__(
        self, services: Sequence[str], env: Mapping[str, str], *, console: Console | None = None
    ) -> None:
        self.services = sorted(services, key=lambda s: START_ORDER.index(s) if s in START_ORDER else 99)
        self.env = dict(env)
        self.console = console
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._threads: list[threading.Thread] = []
        self.log_lines: dict[str, list[str]] = {}

    def start(
        self, service: str, *, name: str | None = None, env: Mapping[str, str] | None = None
    ) -> subprocess.Popen[bytes]:
        """Start ``service``; ``name`` and ``env`` (overrides) let one service run as several replicas."""
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "conectar", "serve", service],
            env={**self.env, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        service = name or service
        self.processes[service] = process
        color = COLORS[len(self.processes) % len(COLORS)]
        assert process.stdout is not None
        thread = threading.Thread(target=self._pump, args=(service, process.stdout, color), daemon=True)
        thread.start()
        self._threads.append(thread)
        return process

    def _pump(self, service: str, stream: IO[bytes], color: str) -> None:
        lines = self.log_lines.setdefault(service, [])
        for raw in iter(stream.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip()
            lines.append(line)
            if len(lines) > 5000:
                del lines[:1000]
            if self.console is not None:
                self.console.print(f"[{color}]{service:>13}[/{color}] | {line}", markup=True, highlight=False)

    def start_all(self) -> None:
        for service in self.services:
            self.start(service)

    def stop(self, service: str, *, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int | None:
        process = self.processes.get(service)
        if process is None or process.poll() is not None:
            return process.returncode if process else None
        os.killpg(process.pid, sig)
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            return process.wait()

    def stop_all(self) -> None:
        for service in reversed(list(self.processes)):
            self.stop(service)

    def exited(self) -> dict[str, int]:
        return {name: p.returncode for name, p in self.processes.items() if p.poll() is not None}


def run_stack(services: Sequence[str], console: Console) -> int:
    env = stack_environment()
    ensure_databases(env)
    stack = Stack(services, env, console=console)
    stopping = threading.Event()

    def on_signal(_signum: int, _frame: object) -> None:
        stopping.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    stack.start_all()
    port = env.get("CONECTAR_PORT", "8000")
    console.print(f"[bold]Plataforma distribuida en http://localhost:{port}[/bold] (Ctrl-C para detener)")
    code = 0
    try:
        while not stopping.is_set():
            dead = stack.exited()
            if dead:
                console.print(f"[red]Terminó inesperadamente: {dead}; deteniendo el resto[/red]")
                code = 1
                break
            time.sleep(0.5)
    finally:
        stack.stop_all()
    return code
