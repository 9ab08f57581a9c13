"""Starting the app: no display gives one line instead of a Qt abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from partnerdesk.core.platform.release import version_line


def test_without_a_display_make_run_explains_in_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(tmp_path / "x.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0] and "xvfb-run" in lines[0]
    assert not (tmp_path / "x.sqlite3").exists()


def _probe_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
        "PARTNERDESK_STARTUP_PROBE": "1",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }


def test_startup_probe_shows_the_window_on_a_database(tmp_path: Path) -> None:
    env = _probe_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(tmp_path / "x.sqlite3")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("main-window-shown ")
    assert (tmp_path / "x.sqlite3").exists()
    # Settings and logs in the platform's places, under the application's name.
    settings = (tmp_path / "config" / "PartnerDesk" / "PartnerDesk.conf").read_text()
    assert str(tmp_path / "x.sqlite3") in settings
    log = (tmp_path / "state" / "PartnerDesk" / "log" / "partnerdesk.log").read_text()
    assert f"{version_line()} started" in log


def test_quitting_while_the_dashboard_still_loads_ends_cleanly(tmp_path: Path) -> None:
    # Quitting at once leaves the background work that fills the dashboard running: the
    # app waits for it before closing the database, rather than tearing it down mid-way
    # (which printed "RuntimeError: Signal source has been deleted").
    from partnerdesk.cli import main

    database = tmp_path / "demo.sqlite3"
    assert main(["--db", str(database), "demo"]) == 0
    result = subprocess.run(
        [sys.executable, "-m", "partnerdesk", "--db", str(database)],
        env=_probe_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("main-window-shown ")
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr


def test_heavy_libraries_wait_until_they_are_needed() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import partnerdesk.ui.main_window; "
        "print(sorted(m for m in ('PySide6.QtCharts', 'pandas', 'openpyxl') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_x11_libraries_give_the_apt_get_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Linux desktop without libxcb-cursor0 & co. gets one line naming the fix, not a
    Qt abort."""
    from partnerdesk.ui import app

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(app.sys, "platform", "linux")
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    monkeypatch.setattr(app, "_loadable", lambda soname: soname not in absent)

    assert app.run_gui(db_path="/nonexistent/never-created.sqlite3") == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1"), (
        lines[0]
    )
    assert "libxcb-cursor.so.0" in lines[0]


def test_x11_libraries_are_checked_only_for_the_xcb_platform(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partnerdesk.ui import app

    monkeypatch.setattr(app.sys, "platform", "linux")
    nothing = lambda _soname: False  # noqa: E731
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.missing_x11_libraries(nothing) is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "wayland")
    assert app.missing_x11_libraries(nothing) is None
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert "apt-get install libxcb-cursor0" in (app.missing_x11_libraries(nothing) or "")
    # Every library Qt's xcb plugin links against is in the list (so the line is complete).
    assert app.missing_x11_libraries(lambda _soname: True) is None


def test_the_real_loader_finds_a_library_that_is_there() -> None:
    from partnerdesk.ui.app import _loadable

    assert _loadable("libc.so.6")
    assert not _loadable("libpartnerdesk-no-such-library.so.9")


def test_the_x11_list_covers_what_qts_xcb_plugin_links() -> None:
    """The list is not a guess: it names every X11/xcb/GL library libqxcb needs."""
    import shutil

    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    objdump = shutil.which("objdump")
    if not plugin.exists() or objdump is None:
        pytest.skip("no Qt xcb plugin or objdump here")
    from partnerdesk.ui.app import X11_LIBRARIES

    out = subprocess.run([objdump, "-p", str(plugin)], capture_output=True, text=True).stdout
    needed = {line.split()[-1] for line in out.splitlines() if "NEEDED" in line}
    x11 = {n for n in needed if n.startswith(("libxcb", "libX11", "libxkbcommon", "libGL"))}
    assert x11 <= set(X11_LIBRARIES), x11 - set(X11_LIBRARIES)
