"""The Prometheus alert rules (deploy/observability/prometheus): valid for the real `promtool`, their own
unit tests pass (they fire when they should and stay quiet when they should not), and every metric they
watch is one the code exports — a renamed metric would otherwise silence its alert without a word.

Needs Debian's `prometheus` package (promtool); without it these tests fail rather than skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "observability" / "prometheus"
RULE_FILES = sorted(RULES.glob("*.rules.yml"))
METRIC = re.compile(r"\b(conectar_[a-z_]+)")


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("promtool")
    assert binary, "promtool is missing: apt-get install prometheus"
    return subprocess.run([binary, *args], capture_output=True, text=True, cwd=RULES, check=False)


def test_there_are_rules_with_tests() -> None:
    assert RULE_FILES
    for rules in RULE_FILES:
        assert rules.with_name(rules.name.replace(".rules.yml", ".rules.test.yml")).exists(), rules.name


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_rules_are_valid_and_their_unit_tests_pass(rules: Path) -> None:
    checked = promtool("check", "rules", rules.name)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    tested = promtool("test", "rules", rules.name.replace(".rules.yml", ".rules.test.yml"))
    assert tested.returncode == 0, tested.stdout + tested.stderr


@pytest.mark.parametrize("rules", RULE_FILES, ids=lambda p: p.name)
def test_every_watched_metric_is_exported_by_the_code(rules: Path) -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "conectar").rglob("*.py"))
    exported = {name.removesuffix("_total") for name in METRIC.findall(source)}
    for group in yaml.safe_load(rules.read_text())["groups"]:
        for rule in group["rules"]:
            for metric in METRIC.findall(rule["expr"]):
                assert metric.removesuffix("_total") in exported, f"{rule['alert']}: {metric}"
