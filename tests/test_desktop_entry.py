"""The Linux bundle's menu entry (packaging/partnerdesk.desktop) is valid and names what the
bundle ships: the `partnerdesk` executable and the `partnerdesk` icon, and the window's
desktop file name, so that taskbars group the window under the entry's icon."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ENTRY = REPO / "packaging" / "partnerdesk.desktop"


def test_the_entry_names_the_executable_the_icon_and_the_window() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ENTRY, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert (entry["Type"], entry["Exec"], entry["Icon"]) == (
        "Application",
        "partnerdesk",
        "partnerdesk",
    )
    assert entry["StartupWMClass"] == "partnerdesk"
    # ui/app.py: app.setDesktopFileName("partnerdesk") ties the window to this entry.
    app_source = (REPO / "src" / "partnerdesk" / "ui" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("partnerdesk")' in app_source


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None,
    reason="desktop-file-validate (Debian's desktop-file-utils) is not installed",
)
def test_the_entry_is_valid_for_desktop_environments() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout
