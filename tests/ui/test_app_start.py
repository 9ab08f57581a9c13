"""Starting the app: no display gives one line instead of a Qt abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
