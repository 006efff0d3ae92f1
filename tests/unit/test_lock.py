"""The lock files (requirements/*.lock) are what every install uses: `make`, CI and the image. They must
be in step with pyproject.toml, pin every package with hashes, and agree with each other."""

from __future__ import annotations

import re
import runpy
import tomllib
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "requirements" / "runtime.lock"
DEV = ROOT / "requirements" / "dev.lock"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)\s*(?:;\s*(.*?))?\s*\\?$")
ENVIRONMENT = {**default_environment(), "python_version": "3.11", "python_full_version": "3.11.7"}
inputs = runpy.run_path(str(ROOT / "requirements" / "inputs.py"))


def pins(lock: Path) -> dict[str, list[tuple[Version, str]]]:
    """name → [(version, marker)] (a universal lock may pin one name twice, under exclusive markers)."""
    found: dict[str, list[tuple[Version, str]]] = {}
    lines = lock.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        assert lines[index + 1].strip().startswith("--hash=sha256:"), f"{name} has no hash in {lock.name}"
        found.setdefault(str(canonicalize_name(name)), []).append((Version(version), marker or ""))
    return found


def applicable(pinned: list[tuple[Version, str]]) -> Version | None:
    from packaging.markers import Marker

    for version, marker in pinned:
        if not marker or Marker(marker).evaluate(ENVIRONMENT):
            return version
    return None


def project() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lock", [RUNTIME, DEV], ids=["runtime", "dev"])
def test_the_lock_was_resolved_from_todays_requirements(lock: Path) -> None:
    stamp = [
        line for line in lock.read_text(encoding="utf-8").splitlines() if line.startswith(inputs["PREFIX"])
    ]
    assert stamp == [inputs["PREFIX"] + inputs["fingerprint"]()], (
        f"{lock.name} is out of step with pyproject.toml: run `make lock` and commit the result"
    )


@pytest.mark.parametrize(
    ("lock", "groups"),
    [(RUNTIME, ("dependencies", "build-system")), (DEV, ("dependencies", "build-system", "extra:dev"))],
    ids=["runtime", "dev"],
)
def test_every_requirement_is_pinned_within_its_range(lock: Path, groups: tuple[str, ...]) -> None:
    locked = pins(lock)
    requirements = [Requirement(text) for group in groups for text in inputs["requirement_inputs"]()[group]]
    assert requirements
    for requirement in requirements:
        name = str(canonicalize_name(requirement.name))
        assert name in locked, f"{requirement} is missing from {lock.name}"
        version = applicable(locked[name])
        assert version is not None, f"{requirement}: no pin applies to Python 3.11 in {lock.name}"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock.name} pins {name}=={version}, outside {requirement}"
        )


def test_the_runtime_lock_is_the_dev_lock_less_the_tools() -> None:
    runtime, dev = pins(RUNTIME), pins(DEV)
    assert set(runtime) <= set(dev)
    for name, versions in runtime.items():
        assert versions == dev[name], f"{name}: runtime {versions} but dev {dev[name]}"
    tools = {"pytest", "mypy", "ruff", "uv", "moto", "playwright"}
    assert not tools & set(runtime), "test tools leaked into the runtime lock"


def test_a_changed_requirement_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above would catch an edit: the fingerprint covers every requirement list."""
    before = inputs["fingerprint"]()
    data = (
        (ROOT / "pyproject.toml")
        .read_text(encoding="utf-8")
        .replace('"fastapi>=0.115,<1"', '"fastapi>=0.116,<1"')
    )
    assert data != (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "requirements").mkdir()
    (tmp_path / "pyproject.toml").write_text(data, encoding="utf-8")
    (tmp_path / "requirements" / "build.in").write_bytes((ROOT / "requirements" / "build.in").read_bytes())
    fingerprint = inputs["fingerprint"]
    monkeypatch.setitem(fingerprint.__globals__, "ROOT", tmp_path)
    assert fingerprint() != before


def test_every_install_path_uses_the_locks() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "--require-hashes -r $(LOCK)" in makefile
    assert "--require-hashes -r $(DEV_LOCK)" in makefile
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    assert "--require-hashes" in dockerfile
    assert "requirements/runtime.lock" in dockerfile
    assert project()["build-system"]
