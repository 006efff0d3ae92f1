"""The platform's log handler writes to the standard output of the moment: a test runner's capture (or a
server) may swap ``sys.stdout`` after logging is configured and close the stream it swapped out."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from conectar.platform.observability import StdoutHandler


def test_records_follow_stdout_when_it_is_replaced_and_the_old_one_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    handler = StdoutHandler()
    errors = io.StringIO()
    monkeypatch.setattr(sys, "stderr", errors)
    first = io.StringIO()
    monkeypatch.setattr(sys, "stdout", first)
    record = logging.LogRecord("conectar.test", logging.WARNING, __file__, 1, "primero", None, None)
    handler.emit(record)
    assert "primero" in first.getvalue()

    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stdout", second)
    handler.emit(logging.LogRecord("conectar.test", logging.WARNING, __file__, 2, "segundo", None, None))
    assert "segundo" in second.getvalue()
    assert errors.getvalue() == ""  # no "--- Logging error ---" for the closed stream
