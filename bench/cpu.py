"""CPU accounting for the benchmarks: what each platform process, the run's PostgreSQL backends and the
shared servers (Redis, RabbitMQ) spent between two snapshots, read from /proc (Linux)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
Snapshot = dict[str, dict[int, float]]


def process_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process (all its threads), or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def pids_named(*names: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                comm = (entry / "comm").read_text().strip()
            except OSError:
                continue
            if comm in names:
                found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU seconds of named processes, of the PostgreSQL backends serving ``database_urls`` (found in
    pg_stat_activity at each snapshot: PostgreSQL starts one per connection), of Redis and RabbitMQ
    (``redis``, ``rabbitmq``: shared servers, other work counts there too) and of this process (``client``)."""

    def __init__(self, processes: Mapping[str, int], database_urls: Iterable[str]) -> None:
        self.processes = dict(processes)
        urls = list(database_urls)
        self.databases = sorted({make_url(url).database or "" for url in urls})
        self.admin_dsn = (
            make_url(urls[0])
            .set(drivername="postgresql", database="postgres")
            .render_as_string(hide_password=False)
            if urls
            else ""
        )
        self.shared = {"redis": pids_named("redis-server"), "rabbitmq": pids_named("beam.smp")}
        self._admin: asyncpg.Connection | None = None

    async def _backends(self) -> list[int]:
        if not self.admin_dsn:
            return []
        # One connection for the whole run: the server may have no slot left later (other work on it).
        if self._admin is None or self._admin.is_closed():
            self._admin = await asyncpg.connect(self.admin_dsn)
        rows = await self._admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY($1::text[])", self.databases
        )
        return [int(row["pid"]) for row in rows]

    async def snapshot(self) -> Snapshot:
        taken: Snapshot = {}
        for name, pid in self.processes.items():
            taken[name] = {pid: process_cpu_seconds(pid) or 0.0}
        taken["postgres"] = {pid: process_cpu_seconds(pid) or 0.0 for pid in await self._backends()}
        for name, pids in self.shared.items():
            taken[name] = {pid: process_cpu_seconds(pid) or 0.0 for pid in pids}
        taken["client"] = {os.getpid(): process_cpu_seconds(os.getpid()) or 0.0}
        return taken

    async def close(self) -> None:
        if self._admin is not None:
            await self._admin.close()

    @staticmethod
    def spent(before: Snapshot, after: Snapshot) -> dict[str, float]:
        """CPU seconds per group between two snapshots (a backend that appeared meanwhile counts whole)."""
        return {
            name: sum(cpu - before.get(name, {}).get(pid, 0.0) for pid, cpu in pids.items())
            for name, pids in after.items()
        }


def stack_database_urls(env: Mapping[str, str]) -> list[str]:
    """The databases of a bench stack (bench/stack.py), from its environment."""
    return [v for k, v in env.items() if k.endswith("_DATABASE_URL") and "conectar_bench_" in v]


def record_stacks(pid: int, out: Path, seconds: float, *, rate: int = 200) -> subprocess.Popen[bytes]:
    """Start py-spy (from this virtualenv, else the PATH) sampling ``pid`` for ``seconds`` into ``out``
    (raw collapsed stacks); wait on the returned process before reading ``out``."""
    beside = Path(sys.executable).parent / "py-spy"
    spy = str(beside) if beside.exists() else "py-spy"
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate),
         "--nonblocking", "--format", "raw", "--output", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
