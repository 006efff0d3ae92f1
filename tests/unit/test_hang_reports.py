"""tests/hangs.py: a test that hangs under pytest-xdist fails alone, and the run's summary shows the stack of
the task it waited on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HANGING = """
import asyncio

import pytest


async def wait_for_nothing(event: asyncio.Event) -> None:
    await event.wait()


@pytest.mark.timeout(8)
async def test_hangs() -> None:
    await asyncio.create_task(wait_for_nothing(asyncio.Event()), name="the-waiter")


def test_passes() -> None:
    pass
"""


def test_a_hung_test_fails_alone_and_the_summary_shows_what_it_waited_for(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.hangs import (  # noqa: F401\n"
        "    pytest_sessionstart, pytest_terminal_summary, pytest_timeout_cancel_timer, pytest_timeout_set_timer\n"
        ")\n"
    )
    (tmp_path / "test_hanging.py").write_text(HANGING)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "CONECTAR_TEST_HANGS_DIR": str(tmp_path / "hangs")}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-n",
            "1",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=auto",
            "-o",
            "timeout_method=thread",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert "1 failed, 1 passed" in out, out
    assert "crashed while running 'test_hanging.py::test_hangs'" in out, out
    assert "hang: " in out, out  # the summary's section
    assert "await event.wait()" in out, out  # the stack of the task the test waited on
