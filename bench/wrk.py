"""Closed-loop HTTP load from wrk (Debian's ``wrk``): a load generator written in C, so that on a 2-core machine
the client does not take the CPU the measured service needs (aiohttp costs ~0.3–0.5 ms of CPU per request,
wrk about a tenth of that)."""

from __future__ import annotations

import re
import resource
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from urllib.parse import urlsplit

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def available() -> bool:
    return shutil.which("wrk") is not None


@dataclass
class WrkRun:
    label: str
    seconds: float
    requests: int
    percentiles_ms: dict[float, float]
    errors: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    client_cpu_s: float = 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def answered(self) -> int:
        return self.requests

    def percentile_ms(self, fraction: float) -> float:
        return self.percentiles_ms.get(fraction, float("nan"))

    def summary(self) -> str:
        line = (
            f"{self.label:8s} requests={self.requests} rps={self.rps:.1f} "
            f"p50_ms={self.percentile_ms(0.50):.2f} p99_ms={self.percentile_ms(0.99):.2f}"
        )
        if self.errors:
            line += " errors=" + ",".join(f"{k}:{v}" for k, v in sorted(self.errors.items()))
        return line + f" client=wrk client_cpu_ms_per_request={self.client_cpu_ms:.3f}"

    @property
    def client_cpu_ms(self) -> float:
        return self.client_cpu_s * 1000 / max(1, self.requests)


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"wrk latency {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse(label: str, output: str) -> WrkRun:
    """The figures of one ``wrk --latency`` run."""
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    if done is None:
        raise ValueError(f"wrk printed no totals:\n{output}")
    percentiles = {
        float(share) / 100: _ms(value)
        for share, value in re.findall(r"^\s+(50|75|90|99)(?:\.\d+)?%\s+(\S+)", output, re.MULTILINE)
    }
    errors: dict[str, int] = {}
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        errors["non2xx"] = int(bad.group(1))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        for name, count in zip(("connect", "read", "write", "timeout"), socket_errors.groups(), strict=True):
            if int(count):
                errors[name] = int(count)
    # wrk counts a non-2xx answer among its requests; the run's throughput is of the good ones.
    good = int(done.group(1)) - errors.get("non2xx", 0)
    return WrkRun(label, _ms(done.group(2) + done.group(3)) / 1000, good, percentiles, errors)


# wrk's documented way to spread its threads over several servers: each thread gets its own address.
_SPREAD = """
local targets = {%s}
local started = 0
function setup(thread)
  local target = targets[(started %% #targets) + 1]
  started = started + 1
  thread.addr = wrk.lookup(target[1], target[2])[1]
end
"""


def run(label: str, urls: list[str], token: str, *, seconds: float, concurrency: int) -> WrkRun:
    """``concurrency`` connections for ``seconds``; over several replicas (same path, other ports) one wrk
    thread each, so the latency figures are of the whole run."""
    command = [
        "wrk", f"-t{len(urls)}", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency",
        "-H", f"Authorization: Bearer {token}",
    ]  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if len(urls) > 1:
            targets = ", ".join(
                f'{{"{parts.hostname}", "{parts.port}"}}' for parts in (urlsplit(url) for url in urls)
            )
            script.write(_SPREAD % targets)
            script.flush()
            command += ["-s", script.name]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        completed = subprocess.run([*command, urls[0]], capture_output=True, text=True, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = parse(label, completed.stdout)
    result.client_cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result
