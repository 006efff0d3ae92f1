"""A test that hangs fails alone, and says what it was waiting for.

pytest-timeout (``timeout`` in pyproject.toml, thread method) ends a test that runs too long by ending its
process, and pytest-xdist replaces the worker, so the rest of the suite still runs. What a worker prints
then is lost, and most tests here are coroutines whose thread only shows the event loop in ``select``; so
a few seconds before, this plugin writes the stack of every thread and of every task of every running
loop to ``tests/artifacts/hangs/``, and the run's summary prints those files.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import io
import os
import re
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

import pytest

AHEAD_SECONDS = 5.0
HANGS = Path(
    os.environ.get("CONECTAR_TEST_HANGS_DIR") or Path(__file__).resolve().parent / "artifacts" / "hangs"
)
_timers: dict[str, threading.Timer] = {}


def report_path(nodeid: str) -> Path:
    return HANGS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:] + ".txt")


def write(nodeid: str, text: str) -> None:
    HANGS.mkdir(parents=True, exist_ok=True)
    with report_path(nodeid).open("a", encoding="utf-8") as out:
        out.write(text)


def thread_stacks() -> str:
    out = io.StringIO()
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        if ident != threading.get_ident():
            print(f"---- thread {names.get(ident, ident)}", file=out)
            out.write("".join(traceback.format_stack(frame, limit=15)))
    return out.getvalue()


def task_stacks(loop: asyncio.AbstractEventLoop) -> str:
    """Every task of ``loop`` with its stack (to be run on the loop's own thread)."""
    out = io.StringIO()
    tasks = asyncio.all_tasks(loop)
    print(f"---- {len(tasks)} tasks on {loop!r}", file=out)
    for task in sorted(tasks, key=lambda t: t.get_name()):
        task.print_stack(limit=15, file=out)
    return out.getvalue()


def dump(nodeid: str) -> None:
    write(nodeid, f"{nodeid} still running {AHEAD_SECONDS:.0f} s before its timeout\n{thread_stacks()}")
    loops = [o for o in gc.get_objects() if isinstance(o, asyncio.AbstractEventLoop) and o.is_running()]
    for loop in loops:
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            loop.call_soon_threadsafe(lambda loop=loop: write(nodeid, task_stacks(loop)))


def pytest_timeout_set_timer(item: pytest.Item, settings: Any) -> None:
    if not settings.timeout or settings.timeout <= AHEAD_SECONDS:
        return
    timer = threading.Timer(settings.timeout - AHEAD_SECONDS, dump, (item.nodeid,))
    timer.daemon = True
    _timers[item.nodeid] = timer
    timer.start()


def pytest_timeout_cancel_timer(item: pytest.Item) -> None:
    timer = _timers.pop(item.nodeid, None)
    if timer is not None:
        timer.cancel()


def pytest_sessionstart(session: pytest.Session) -> None:
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without workers)
        for old in HANGS.glob("*.txt"):
            old.unlink()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for report in sorted(HANGS.glob("*.txt")):
        terminalreporter.section(f"hang: {report.name}", sep="+")
        terminalreporter.write(report.read_text(encoding="utf-8"))
