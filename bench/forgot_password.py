"""Benchmark: does ``POST /api/v1/auth/forgot-password`` answer as fast for an unknown e-mail as for a
registered one? (A difference tells anyone which addresses have an account.)

    python bench/forgot_password.py [--rounds 300] [--pause 0.02] [--port 8765]

Starts the standalone platform (``conectar run``) as its own process on a fresh data folder, with rate
limits and the demo data off, registers a few accounts, then sends ``--rounds`` requests for registered
addresses and as many for unknown ones over HTTP, in a random interleaving, waiting ``--pause`` seconds after
each answer so that one request's aftermath (the e-mail being written) does not land in the next one's
time. The time is what a client sees: from sending the request to having the whole answer. Prints the
median, p90 and mean of each; the last line is exactly::

    forgot-password known_p50_ms=<k> unknown_p50_ms=<u> ratio=<k/u>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

PATH = "/api/v1/auth/forgot-password"
ACCOUNTS = 20


def summary(label: str, timings: list[float]) -> str:
    ordered = sorted(timings)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return (
        f"{label:8s} n={len(ordered)} p50_ms={statistics.median(ordered):.2f} p90_ms={p90:.2f} "
        f"mean_ms={statistics.fmean(ordered):.2f}"
    )


def start_platform(port: int, data_dir: Path) -> subprocess.Popen[bytes]:
    conectar = Path(sys.executable).with_name("conectar")
    env = {
        **os.environ,
        "CONECTAR_MODE": "standalone",
        "CONECTAR_DATA_DIR": str(data_dir),
        "CONECTAR_DEMO": "0",
        "CONECTAR_RATE_LIMIT_ENABLED": "false",
        "CONECTAR_LOG_LEVEL": "WARNING",
        "CONECTAR_EMAIL_PROVIDER": "mailbox",
    }
    return subprocess.Popen(
        [str(conectar), "run", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_ready(api: httpx.AsyncClient, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the platform exited with {process.returncode}")
        try:
            if (await api.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.25)
    raise SystemExit("the platform did not start in time")


async def measure(api: httpx.AsyncClient, rounds: int, pause: float) -> dict[str, list[float]]:
    known = []
    for n in range(ACCOUNTS):
        email = f"bench-{n}-{uuid.uuid4().hex[:8]}@example.com"
        registered = await api.post(
            "/api/v1/auth/register",
            json={
                "email": email,
                "password": "bench-clave-1234",
                "nombre": "Bench",
                "apellido": "Mark",
                "rol": "CLIENTE",
            },
        )
        assert registered.status_code == 201, registered.text
        known.append(email)

    def unknown() -> str:
        return f"nadie-{uuid.uuid4().hex[:12]}@example.com"

    await asyncio.sleep(1.0)  # let the welcome e-mails go out
    for _ in range(20):  # warm-up
        await api.post(PATH, json={"email": random.choice(known)})
        await api.post(PATH, json={"email": unknown()})
    await asyncio.sleep(0.5)
    plan = ["known"] * rounds + ["unknown"] * rounds
    random.shuffle(plan)
    timings: dict[str, list[float]] = {"known": [], "unknown": []}
    for kind in plan:
        email = random.choice(known) if kind == "known" else unknown()
        started = time.perf_counter()
        response = await api.post(PATH, json={"email": email})
        timings[kind].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
        await asyncio.sleep(pause)
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--pause", type=float, default=0.02)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-forgot-") as folder:
        process = start_platform(args.port, Path(folder))
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{args.port}", timeout=30) as api:
                await wait_ready(api, process)
                timings = await measure(api, args.rounds, args.pause)
        finally:
            process.terminate()
            process.wait(timeout=30)
    for kind, values in timings.items():
        print(summary(kind, values))
    known_p50 = statistics.median(timings["known"])
    unknown_p50 = statistics.median(timings["unknown"])
    print(
        f"forgot-password known_p50_ms={known_p50:.2f} unknown_p50_ms={unknown_p50:.2f} "
        f"ratio={known_p50 / unknown_p50:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
