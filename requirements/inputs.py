"""The fingerprint of what the lock files were resolved from: the requirement lists of pyproject.toml
(runtime, every extra, the build backend) and requirements/build.in. `make lock` writes it into the lock
files' second line; a unit test recomputes it, so a requirement edited without re-locking fails the suite.
Other edits of pyproject.toml (tool settings, version) do not change it."""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "# inputs-sha256: "


def requirement_inputs() -> dict[str, list[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    build_in = (ROOT / "requirements" / "build.in").read_text(encoding="utf-8").splitlines()
    inputs = {
        "dependencies": list(project["project"]["dependencies"]),
        "build-system": list(project["build-system"]["requires"]),
        "build.in": [line.strip() for line in build_in if line.strip() and not line.startswith("#")],
    }
    for extra, requirements in sorted(project["project"].get("optional-dependencies", {}).items()):
        inputs[f"extra:{extra}"] = list(requirements)
    return inputs


def fingerprint() -> str:
    canonical = json.dumps(requirement_inputs(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def stamp(lock: Path) -> None:
    """Put the fingerprint on the line after uv's header comment (replacing an older one)."""
    lines = [line for line in lock.read_text(encoding="utf-8").splitlines() if not line.startswith(PREFIX)]
    lines.insert(2, PREFIX + fingerprint())
    lock.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        stamp(Path(name))
