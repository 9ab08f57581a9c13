"""Starting the desktop app: pick the database, open it safely, show the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from partnerdesk import APP_NAME, version

STARTUP_PROBE_ENV = "PARTNERDESK_STARTUP_PROBE"  # benchmarks: print when shown, then quit


def display_problem() -> str | None:
    """Why Qt could not open a window here, in one line, or None if it can."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display found: run with QT_QPA_PLATFORM=offscreen to start without a window, "
        "or under a virtual display with `xvfb-run make run`"
    )


def seconds_since_process_start() -> float:
    """Wall time since this process started (Linux /proc), for the start-up benchmark."""
    try:
        with open("/proc/self/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        with open("/proc/uptime") as handle:
            uptime = float(handle.read().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def run_gui(db_path: str | None = None, url: str | None = None) -> int:
    problem = display_problem()
    if problem is not None:
        print(f"partnerdesk: {problem}", file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from partnerdesk.core.platform.db import (
        DB_ENV,
        URL_ENV,
        DatabaseLocation,
        resolve_location,
    )
    from partnerdesk.core.platform.logs import log, start_logging
    from partnerdesk.core.platform.release import version_line
    from partnerdesk.ui.app_icon import app_icon
    from partnerdesk.ui.context import AppContext
    from partnerdesk.ui.crash import handle_exception, install_crash_handlers
    from partnerdesk.ui.main_window import (
        SETTINGS_LAST_DB,
        MainWindow,
        remember_location,
    )
    from partnerdesk.ui.recovery import open_with_recovery
    from partnerdesk.ui.style import apply_style
    from partnerdesk.ui.tasks import wait_for_tasks

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # widgets need one, not a bare QCoreApplication
    # QSettings() everywhere reads and writes under these names (~/.config/PartnerDesk/
    # PartnerDesk.conf on Linux, the registry on Windows, a .plist on macOS).
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(version())
    app.setWindowIcon(app_icon())  # every window, the About box and the taskbar
    app.setDesktopFileName("partnerdesk")  # matches partnerdesk.desktop (Wayland taskbars)
    install_crash_handlers()
    apply_style(app)
    settings = QSettings()

    location = resolve_location(db_path, url)
    explicit = bool(db_path or url or os.environ.get(DB_ENV) or os.environ.get(URL_ENV))
    last = str(settings.value(SETTINGS_LAST_DB, "") or "")
    if not explicit and last:
        if "://" in last:
            location = DatabaseLocation.for_url(last)
        elif Path(last).exists():
            location = DatabaseLocation.for_path(last)

    try:
        database = open_with_recovery(location)
        if database is None:
            return 1
        remember_location(settings, database.location)
        context = AppContext(database)
        window = MainWindow(context, settings)
        window.show()
    except Exception as exc:  # a bug before the window is up: report it, do not vanish
        handle_exception(type(exc), exc, exc.__traceback__)
        return 3
    context.start_watching()

    def start_log() -> None:  # after the window shows: platformdirs and the file cost time
        start_logging()
        log.info("%s started on %s", version_line(), database.location.describe())

    QTimer.singleShot(0, start_log)
    QTimer.singleShot(0, window.warn_if_on_network_share)
    QTimer.singleShot(1500, window.start_daily_backup)  # after the window is usable
    if not os.environ.get(STARTUP_PROBE_ENV):  # what is overdue or due this week
        from partnerdesk.ui.notifications import notify_at_launch

        QTimer.singleShot(800, lambda: notify_at_launch(window, settings))
    if os.environ.get(STARTUP_PROBE_ENV):

        def report() -> None:
            print(f"main-window-shown {seconds_since_process_start():.3f}", flush=True)
            window.close()
            app.quit()

        QTimer.singleShot(0, report)
    code = app.exec()
    # Background work still running (a list loading, the daily backup) finishes before the
    # database closes and Qt's objects are torn down under it.
    wait_for_tasks()
    context.database.close()
    return int(code)
