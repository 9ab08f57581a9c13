"""The log rotates in the platform's log folder, and a crash report says what a bug report
needs: which version, on what, and the traceback."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from partnerdesk.core.platform import clock, logs
from partnerdesk.core.platform.release import version_line


@pytest.fixture
def log_handlers() -> Iterator[None]:
    """Whatever handler a test adds to PartnerDesk's logger is removed afterwards."""
    before = list(logs.log.handlers)
    yield
    for handler in logs.log.handlers[:]:
        if handler not in before:
            handler.close()
            logs.log.removeHandler(handler)


def test_the_log_folder_is_the_platforms_user_log_folder() -> None:
    # Linux: $XDG_STATE_HOME/PartnerDesk/log (the tests point XDG_STATE_HOME at a temp folder).
    assert logs.log_folder() == Path(os.environ["XDG_STATE_HOME"]) / "PartnerDesk" / "log"


def test_the_log_rotates_and_keeps_a_few_files(
    tmp_path: Path, log_handlers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logs, "LOG_MAX_BYTES", 2_000)
    path = logs.start_logging(tmp_path)
    assert logs.start_logging(tmp_path) == path  # a second call adds no second handler
    for number in range(400):
        logs.log.warning("line %d of a long day", number)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "partnerdesk.log",
        *(f"partnerdesk.log.{n}" for n in range(1, logs.LOG_BACKUPS + 1)),
    ]
    assert all(p.stat().st_size <= 2_100 for p in tmp_path.iterdir())
    assert "line 399 of a long day" in path.read_text(encoding="utf-8")


def test_a_crash_report_names_version_platform_and_traceback(
    tmp_path: Path, log_handlers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now_local", lambda: datetime(2026, 11, 27, 9, 15, 0))
    logs.start_logging(tmp_path)
    try:
        {}["missing"]
    except KeyError as exc:
        first = logs.write_crash_report(type(exc), exc, exc.__traceback__, folder=tmp_path)
        second = logs.write_crash_report(type(exc), exc, exc.__traceback__, folder=tmp_path)
    assert (first.name, second.name) == ("crash-20261127-091500.txt", "crash-20261127-091500-2.txt")
    report = first.read_text(encoding="utf-8")
    assert version_line() in report and "Python 3." in report
    assert "Traceback (most recent call last)" in report and "KeyError: 'missing'" in report
    assert f"report {first}" in (tmp_path / logs.LOG_FILE_NAME).read_text(encoding="utf-8")


def test_a_report_without_an_exception_says_what_happened(tmp_path: Path) -> None:
    report = logs.write_crash_report(
        None, None, None, what="Qt fatal error: no GL", folder=tmp_path
    )
    text = report.read_text(encoding="utf-8")
    assert "Qt fatal error: no GL" in text and version_line() in text


def test_logging_starts_even_after_a_library_configured_logging(
    tmp_path: Path, log_handlers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # logging.config.dictConfig (import-linter's command line calls it) switches off every
    # logger that exists, PartnerDesk's included, unless told otherwise.
    import logging.config

    monkeypatch.setattr(logs.log, "disabled", logs.log.disabled)  # put back afterwards
    logging.config.dictConfig({"version": 1})
    path = logs.start_logging(tmp_path)
    logs.log.warning("still written")
    assert "still written" in path.read_text(encoding="utf-8")
