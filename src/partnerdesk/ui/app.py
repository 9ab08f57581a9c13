"""Starting the desktop app: pick the database, open it safely, show the main window."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
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


# What Qt's xcb platform plugin (libqxcb.so and libQt6XcbQpa) loads, by soname, with the
# Debian/Ubuntu package that provides it. pip installs Qt but not these, and a desktop
# without them makes Qt abort ("could not load the Qt platform plugin xcb").
X11_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
}


def _loadable(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` (as Qt will: same search path)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb() -> bool:
    """Whether Qt will use its X11 (xcb) platform plugin here."""
    if not sys.platform.startswith("linux"):
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform:
        return platform.startswith("xcb")
    return bool(os.environ.get("DISPLAY")) and not os.environ.get("WAYLAND_DISPLAY")


def missing_x11_libraries(loadable: Callable[[str], bool] | None = None) -> str | None:
    """When Qt's X11 plugin would abort for want of system libraries: one line naming
    them and the ``apt-get install`` that fixes it; None when nothing is missing (or Qt
    does not use X11 here)."""
    if not uses_xcb():
        return None
    found = loadable or _loadable
    missing = [soname for soname in X11_LIBRARIES if not found(soname)]
    if not missing:
        return None
    packages = " ".join(X11_LIBRARIES[soname] for soname in missing)
    return (
        f"Qt needs X11 libraries that are not installed ({', '.join(missing)}); "
        f"install them with: sudo apt-get install {packages}"
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
    problem = display_problem() or missing_x11_libraries()
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
        # Shown means useful: the dashboard's figures are in (then one paint, then quit).
        # With PARTNERDESK_STARTUP_PROBE=modules it also lists every module loaded by then.
        def report() -> None:
            print(f"main-window-shown {seconds_since_process_start():.3f}", flush=True)
            if os.environ[STARTUP_PROBE_ENV] == "modules":
                print("modules " + " ".join(sorted(sys.modules)), flush=True)
            window.close()
            app.quit()

        window.dashboard.sig_filled.connect(lambda: QTimer.singleShot(0, report))
    code = app.exec()
    # Background work still running (a list loading, the daily backup) finishes before the
    # database closes and Qt's objects are torn down under it.
    wait_for_tasks()
    context.database.close()
    return int(code)
