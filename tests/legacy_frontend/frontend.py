"""The original Next.js frontend, at a pinned commit, ready to run against the legacy layer.

Issue 20 asks that the original frontend (``Comision-3-Plus/ConectarProfesionales``, folder
``frontend/``) works unchanged against the gateway. This module gets exactly that frontend and runs it
the way its README does (``next dev``, ``NEXT_PUBLIC_API_URL`` pointed at ``/legacy`` on our gateway):

- The source is the pinned commit's ``frontend/`` files listed in ``manifest.txt`` (git blob ids, so any
  copy is checked byte for byte), kept in ``tests/legacy_frontend/frontend/``: the original frontend is
  this product's own first client. ``CONECTAR_LEGACY_FRONTEND_SOURCE`` may name another copy (a git
  directory, clone or mirror, that holds the commit, or a directory with the files).
- Its packages are installed with its own lock file (``npm ci``) into a cache directory
  (``CONECTAR_LEGACY_FRONTEND_CACHE``, default ``~/.cache/conectar/legacy-frontend``) keyed by the
  commit, and reused while the lock file is the same; npm's own cache sits beside it. Cypress's binary
  (a dev dependency of the original, never used here) is not downloaded.
- Google Fonts, which ``next/font`` fetches when a page is compiled, are answered from ``fonts.js``:
  nothing but the npm registry is reached.

``python -m tests.legacy_frontend.frontend`` prepares the cache (what ``make legacy-frontend`` runs first)
and prints how long each step took.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPOSITORY = "https://github.com/Comision-3-Plus/ConectarProfesionales"
COMMIT = "9d4087b844911062ab793f6f608271837c140e26"
FOLDER = "frontend"
HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.txt"
VENDORED = HERE / FOLDER
FONTS = HERE / "fonts.js"
SOURCE_ENV = "CONECTAR_LEGACY_FRONTEND_SOURCE"
CACHE_ENV = "CONECTAR_LEGACY_FRONTEND_CACHE"


class FrontendUnavailable(RuntimeError):
    """The pinned frontend cannot be prepared (no source, a wrong file, npm failed)."""


def manifest() -> dict[str, str]:
    """Path (inside ``frontend/``) → git blob id of every file the frontend needs."""
    entries: dict[str, str] = {}
    for line in MANIFEST.read_text().splitlines():
        blob, _, path = line.partition(" ")
        entries[path] = blob
    return entries


def blob_id(data: bytes) -> str:
    """Git's id of a file's contents."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def cache_root() -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "conectar" / "legacy-frontend")


def _from_git(git_dir: Path, wanted: dict[str, str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path, blob in wanted.items():
        shown = subprocess.run(
            ["git", f"--git-dir={git_dir}", "cat-file", "blob", blob],
            capture_output=True,
            check=False,
        )
        if shown.returncode != 0:
            raise FrontendUnavailable(f"{git_dir} has no {FOLDER}/{path} of commit {COMMIT}")
        files[path] = shown.stdout
    return files


def _from_folder(folder: Path, wanted: dict[str, str]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for path in wanted:
        file = folder / path
        if not file.is_file():
            raise FrontendUnavailable(f"{file} is missing")
        files[path] = file.read_bytes()
    return files


def _git_dir(path: Path) -> Path | None:
    for candidate in (path / ".git", path):
        if (candidate / "objects").is_dir() and (candidate / "HEAD").is_file():
            return candidate
    return None


def read_source() -> dict[str, bytes]:
    """Every file of the pinned frontend, checked against the manifest."""
    wanted = manifest()
    configured = os.environ.get(SOURCE_ENV)
    if configured:
        origin = Path(configured)
        git_dir = _git_dir(origin)
        if git_dir is not None:
            files = _from_git(git_dir, wanted)
        else:
            folder = origin / FOLDER if (origin / FOLDER / "package.json").is_file() else origin
            files = _from_folder(folder, wanted)
    elif (VENDORED / "package.json").is_file():
        files = _from_folder(VENDORED, wanted)
    else:
        raise FrontendUnavailable(
            f"the original frontend's source is not here: set {SOURCE_ENV} to a clone or mirror of "
            f"{REPOSITORY} (commit {COMMIT}) or to a copy of its {FOLDER}/ folder"
        )
    wrong = [path for path, blob in wanted.items() if blob_id(files[path]) != blob]
    if wrong:
        raise FrontendUnavailable(f"not the pinned commit's files: {wrong[:5]}")
    return files


def prepare(log: list[str] | None = None) -> Path:
    """The pinned frontend with its packages installed, in the cache; returns its folder."""
    log = log if log is not None else []
    started = time.monotonic()
    files = read_source()
    lock_id = blob_id(files["package-lock.json"])[:12]
    root = cache_root()
    folder = root / f"{COMMIT[:12]}-{lock_id}"
    stamp = folder / ".installed"
    if not stamp.is_file():
        if folder.exists():
            shutil.rmtree(folder)
        for path, data in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log.append(f"source written in {time.monotonic() - started:.1f} s")
        installing = time.monotonic()
        env = {
            **os.environ,
            "CYPRESS_INSTALL_BINARY": "0",
            "NEXT_TELEMETRY_DISABLED": "1",
            "npm_config_cache": str(root / "npm-cache"),
            "npm_config_audit": "false",
            "npm_config_fund": "false",
            "npm_config_update_notifier": "false",
        }
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise FrontendUnavailable(f"npm ci failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        stamp.write_text(f"{COMMIT}\n")
        log.append(f"npm ci in {time.monotonic() - installing:.1f} s")
    else:
        log.append("packages already installed (cache)")
    return folder


@contextmanager
def next_dev(folder: Path, *, port: int, api_url: str, log_file: Path) -> Iterator[str]:
    """``next dev`` of the prepared frontend on 127.0.0.1:``port``, its ``NEXT_PUBLIC_API_URL`` set to
    ``api_url``; yields its base URL and stops it (its whole process group) afterwards."""
    env = {
        **os.environ,
        "NEXT_PUBLIC_API_URL": api_url,
        "NEXT_TELEMETRY_DISABLED": "1",
        "NEXT_FONT_GOOGLE_MOCKED_RESPONSES": str(FONTS),
        "NODE_ENV": "development",
        "BROWSER": "none",
    }
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("wb") as out:
        process = subprocess.Popen(
            [str(folder / "node_modules" / ".bin" / "next"), "dev", "-H", "127.0.0.1", "-p", str(port)],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_listening(base_url, process, log_file)
            yield base_url
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def _wait_until_listening(base_url: str, process: subprocess.Popen[bytes], log_file: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise FrontendUnavailable(f"next dev exited:\n{log_file.read_text(errors='replace')[-4000:]}")
        try:
            # A static file of public/: answered as soon as the server listens, without compiling a page.
            urllib.request.urlopen(f"{base_url}/next.svg", timeout=5).close()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise FrontendUnavailable("next dev did not start listening in 120 s")


if __name__ == "__main__":
    steps: list[str] = []
    try:
        where = prepare(steps)
    except FrontendUnavailable as exc:
        print(f"legacy frontend: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    print(f"legacy frontend at {where}: " + "; ".join(steps))
