"""The log file and crash reports, in the platform's folder for logs (platformdirs):
``~/.local/state/PartnerDesk/log`` on Linux, ``%LOCALAPPDATA%\\PartnerDesk\\Logs`` on
Windows, ``~/Library/Logs/PartnerDesk`` on macOS.

The log rotates (a few files of limited size), so it never fills a disk. A crash report is
one text file per crash, ``crash-YYYYMMDD-HHMMSS.txt``, with the version, the schema
revision, the platform and the traceback: what a person attaches when reporting a bug.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

from partnerdesk import APP_NAME
from partnerdesk.core.platform import clock
from partnerdesk.core.platform.release import build_details

LOG_FILE_NAME = "partnerdesk.log"
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5  # partnerdesk.log.1 ... .5: at most about 6 MB in all
LOGGER_NAME = "partnerdesk"

log = logging.getLogger(LOGGER_NAME)
# Until start_logging() gives it a file, PartnerDesk's log goes nowhere (rather than to
# stderr through logging's last resort: commands print their own one-line messages).
log.addHandler(logging.NullHandler())


def log_folder() -> Path:
    """Where the log and the crash reports go (created when first written to)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def start_logging(folder: Path | None = None) -> Path:
    """Send PartnerDesk's log (warnings and above, plus start-up notes) to the rotating log
    file; returns its path. Calling it again changes nothing."""
    folder = folder if folder is not None else log_folder()
    path = folder / LOG_FILE_NAME
    # A library's logging.config call switches off every logger that exists by then.
    log.disabled = False
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=LOG_MAX_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8", delay=True
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def write_crash_report(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    trace: TracebackType | None,
    *,
    what: str = "",
    folder: Path | None = None,
) -> Path:
    """Write a crash report (version, platform, ``what`` happened, the traceback) into the
    log folder, note it in the log, and return its path."""
    folder = folder if folder is not None else log_folder()
    folder.mkdir(parents=True, exist_ok=True)
    moment = clock.now_local()
    path = folder / f"crash-{moment:%Y%m%d-%H%M%S}.txt"
    suffix = 1
    while path.exists():  # two crashes in one second keep both reports
        suffix += 1
        path = folder / f"crash-{moment:%Y%m%d-%H%M%S}-{suffix}.txt"
    if exc is not None:
        details = "".join(traceback.format_exception(exc_type, exc, trace))
    else:
        details = "".join(traceback.format_stack())
    report = (
        f"{APP_NAME} crash report, {moment:%Y-%m-%d %H:%M:%S}\n"
        f"{build_details()}\n"
        f"Process {os.getpid()}\n\n"
        f"{what + chr(10) if what else ''}{details}"
    )
    path.write_text(report, encoding="utf-8")
    log.error("crash: %s (report %s)", what or (exc_type.__name__ if exc_type else "?"), path)
    return path
