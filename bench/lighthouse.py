"""Lighthouse scores of the public pages on the demo data (issue 16: Accessibility 100, SEO 100, Best
Practices ≥ 95, Performance ≥ 90, mobile preset).

    python bench/lighthouse.py [--runs 5] [--edge] [--only home,login] [--reports DIR] [--data-dir DIR]
    python bench/lighthouse.py --serve     # the same site and data, served until Ctrl-C (for audits by hand)

Starts the standalone platform in this process on a fresh data folder with the demo data (``conectar seed
--demo``), serves it on a free local port (uvicorn, as ``conectar run`` does) with that address as its
public URL (canonical links, robots.txt and the sitemap name the address Lighthouse opens), waits until the
in-process bus has delivered every event, then runs the ``lighthouse`` npm package (a pinned version,
installed once with npm into ``~/.cache/conectar-bench/``) on Debian's Chromium, mobile preset (the
default: a simulated mid-range phone on slow 4G), on the home page, a search results page, a public
profile and the login page. The map tiles come from a local stand-in on another port (a plain 256 px PNG,
``CONECTAR_WEB_TILE_URL``): this machine has no route to tile.openstreetmap.org, and failed tile requests
would count as console errors against Best Practices. ``--edge`` puts the production edge (deploy/nginx,
run by Debian's nginx: gzip, a year's cache for fingerprinted assets) in front, as in production.

Each page is audited ``--runs`` times; each category's score is the median. Performance is the only
category that moves between runs: Lighthouse simulates a phone by multiplying the main-thread time it
observes by 4, which assumes a host CPU of its ``benchmarkIndex`` ≥ 1000; a machine shared with other work
measures less (and Lighthouse warns "slower CPU than Lighthouse expects"), so each page's line also shows
the median ``benchmarkIndex`` of its runs and the load average. Prints the four scores per page, the audits
that cost points (performance: the metrics), and a last line with the lowest score of each category.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from PIL import Image
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import standalone_settings  # noqa: E402

from conectar.platform.http_server import server_options  # noqa: E402
from conectar.platform.observability import configure_logging  # noqa: E402
from conectar.seed import seed_demo  # noqa: E402
from conectar.standalone import create_standalone_app, migrate_all  # noqa: E402
from stack import free_port  # noqa: E402
from web import drained  # noqa: E402  (bench/web.py: the in-process bus has delivered every event)

LIGHTHOUSE_VERSION = "13.5.0"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "conectar-bench"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best Practices",
    "seo": "SEO",
}
TARGETS = {"performance": 90, "accessibility": 100, "best-practices": 95, "seo": 100}
METRICS = [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
]


def lighthouse_bin() -> Path:
    """The pinned lighthouse, installed with npm into the cache folder the first time."""
    prefix = CACHE / f"lighthouse-{LIGHTHOUSE_VERSION}"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to install lighthouse (Debian: apt-get install npm)")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(prefix),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def tile_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 238, 243)).save(out, format="PNG")
    return out.getvalue()


def tile_server(port: int) -> Any:
    """Every tile is the same plain image, cached for a day (as the tile servers do)."""
    import uvicorn

    body = tile_png()

    async def tiles(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [(b"content-type", b"image/png"), (b"cache-control", b"public, max-age=86400")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    config = uvicorn.Config(
        tiles, host="127.0.0.1", port=port, lifespan="off", log_config=None, access_log=False
    )
    return uvicorn.Server(config)


async def pages(base_url: str) -> dict[str, str]:
    """The audited addresses: the search for plumbers in Buenos Aires and the best-rated professional's
    public profile (the one with the most reviews and portfolio of the leaderboard's first)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as api:
        oficios = (await api.get("/api/v1/public/oficios")).json()
        plomeria = next(o for o in oficios if o["nombre"] == "Plomería")
        top = (await api.get("/api/v1/gamification/leaderboard", params={"limit": 1})).json()
    return {
        "home": "/",
        "search": f"/buscar?oficio={plomeria['id']}&ciudad=caba",
        "profile": f"/profesionales/{top[0]['id']}",
        "login": "/login",
    }


async def lighthouse(binary: Path, url: str, out: Path, attempts: int = 3) -> dict[str, Any]:
    """One audit; Lighthouse's own trace errors (NO_NAVSTART, NO_FCP on a busy machine) are retried."""
    env = {**os.environ, "CHROME_PATH": CHROME}
    error = ""
    for _ in range(attempts):
        process = await asyncio.create_subprocess_exec(
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={CHROME_FLAGS}",
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, stderr = await process.communicate()
        if process.returncode == 0:
            report: dict[str, Any] = json.loads(out.read_text())
            if not report.get("runtimeError"):
                return report
            error = str(report["runtimeError"])
        else:
            error = stderr.decode()[-2000:]
    raise RuntimeError(f"lighthouse failed on {url} {attempts} times: {error}")


def scores(report: dict[str, Any]) -> dict[str, int]:
    return {key: round((report["categories"][key]["score"] or 0) * 100) for key in CATEGORIES}


def lost_points(report: dict[str, Any]) -> list[str]:
    """The audits of the four categories that did not pass, and the performance metrics."""
    audits = report["audits"]
    found = []
    for key in CATEGORIES:
        if key == "performance":
            continue
        for ref in report["categories"][key]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                found.append(f"{key}: {ref['id']} ({audit['title']})")
    metrics = ", ".join(
        f"{audits[m]['title'].split(' (')[0]} {audits[m]['displayValue']} ({audits[m]['score']:.2f})"
        for m in METRICS
    )
    found.append(f"performance: {metrics}")
    return found


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="audits per page; the median is reported")
    parser.add_argument("--only", default="", help="comma-separated: home,search,profile,login")
    parser.add_argument("--reports", type=Path, default=None, help="keep the JSON reports in this folder")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument(
        "--edge",
        action="store_true",
        help="audit through the production edge (deploy/nginx: compression, long cache for fingerprinted "
        "assets) run by Debian's nginx in front of the platform",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="load the data and keep serving (print the addresses) instead of auditing: for running "
        "lighthouse or a browser by hand against the same pages",
    )
    args = parser.parse_args()
    console = Console()
    configure_logging("ERROR", json=False)  # no line per request (nor the seed's retried events)
    binary = lighthouse_bin()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    reports = args.reports or Path(tempfile.mkdtemp(prefix="lighthouse-reports-"))
    reports.mkdir(parents=True, exist_ok=True)
    port, tiles_port = free_port(), free_port()
    base_url = f"http://127.0.0.1:{port}"
    edge = None
    if args.edge:
        from tests.integration.test_nginx_edge import configure_edge

        edge = configure_edge(Path(tempfile.mkdtemp(prefix="lighthouse-edge-")), [port])
        base_url = edge.base_url
    os.environ["CONECTAR_WEB_TILE_URL"] = f"http://127.0.0.1:{tiles_port}/{{z}}/{{x}}/{{y}}.png"
    os.environ["CONECTAR_WEB_TILE_ORIGINS"] = f"http://127.0.0.1:{tiles_port}"
    settings = standalone_settings(data_dir, port=port, public_url=base_url, log_level="WARNING")
    await asyncio.to_thread(migrate_all, settings)
    started = time.perf_counter()
    await seed_demo(settings, Console(quiet=True))
    console.print(f"demo data loaded in {time.perf_counter() - started:.1f} s ({data_dir})")

    import uvicorn

    host = create_standalone_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(host, host="127.0.0.1", port=port, lifespan="on", **server_options())
    )
    tiles = tile_server(tiles_port)
    serving = asyncio.create_task(server.serve())
    tiling = asyncio.create_task(tiles.serve())
    while not (server.started and tiles.started) and not serving.done() and not tiling.done():
        await asyncio.sleep(0.05)
    try:
        if edge is not None:
            from tests.integration.test_nginx_edge import start_edge

            start_edge(edge)
        left = await drained(host, timeout=240)
        console.print(f"events pending before auditing: {left}; load average {os.getloadavg()[0]:.2f}")
        wanted = {name for name in args.only.split(",") if name}
        urls = {k: v for k, v in (await pages(base_url)).items() if not wanted or k in wanted}
        if args.serve:
            for name, path in urls.items():
                print(f"{name:<10}{base_url}{path}", flush=True)
            print("serving until interrupted (Ctrl-C)", flush=True)
            await serving
            return
        results: dict[str, dict[str, int]] = {}
        header = "".join(f"{CATEGORIES[k]:>16}" for k in CATEGORIES)
        print(f"{'page':<10}{header}   address")
        for name, path in urls.items():
            runs = []
            for n in range(args.runs):
                report = await lighthouse(binary, base_url + path, reports / f"{name}-{n + 1}.json")
                runs.append(report)
            medians = {k: int(statistics.median(scores(r)[k] for r in runs)) for k in CATEGORIES}
            results[name] = medians
            each = " ".join("/".join(str(scores(r)[k]) for r in runs) for k in CATEGORIES)
            row = "".join(f"{medians[k]:>16}" for k in CATEGORIES)
            cpu = statistics.median(r["environment"]["benchmarkIndex"] for r in runs)
            print(f"{name:<10}{row}   {path}  (runs: {each})", flush=True)
            print(f"{'':<10}- host: benchmarkIndex {cpu:.0f}, load average {os.getloadavg()[0]:.1f}")
            typical = min(runs, key=lambda r: abs(scores(r)["performance"] - medians["performance"]))
            for line in lost_points(typical):
                print(f"{'':<10}- {line}")
    finally:
        if edge is not None:
            edge.stop()
        server.should_exit = tiles.should_exit = True
        await asyncio.gather(serving, tiling)
    lowest = {k: min(r[k] for r in results.values()) for k in CATEGORIES}
    met = all(lowest[k] >= TARGETS[k] for k in CATEGORIES)
    print(
        f"lighthouse pages={len(results)} runs={args.runs} edge={'nginx' if edge else 'none'} "
        + " ".join(f"min_{k.replace('-', '_')}={lowest[k]}" for k in CATEGORIES)
        + f" targets_met={'yes' if met else 'no'} reports={reports}"
    )


if __name__ == "__main__":
    asyncio.run(main())
