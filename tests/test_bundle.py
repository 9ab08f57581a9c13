"""The desktop bundle (`make dist`) runs on its own: no Python and no venv on PATH, a fresh
home, a new database. Marked `dist`: `make dist-check` builds the bundle and runs these."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from docx import Document

from partnerdesk.core.platform.release import version_line
from tests.conftest import DEMO_TODAY

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "PartnerDesk"
EXECUTABLE = BUNDLE / ("partnerdesk.exe" if os.name == "nt" else "partnerdesk")

pytestmark = pytest.mark.dist


@pytest.fixture(scope="module")
def somewhere_else(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A bare environment: PATH is an empty folder (no python, no venv), nothing inherited."""
    if not EXECUTABLE.is_file():
        pytest.fail(f"{EXECUTABLE} is missing: run `make dist` (or `make dist-check`)")
    home = tmp_path_factory.mktemp("home")
    (home / "bin").mkdir()
    (home / "work").mkdir()
    return {
        "PATH": str(home / "bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "PARTNERDESK_TODAY": DEMO_TODAY.isoformat(),
    }


def _bundle(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(EXECUTABLE), *args],
        env=env,
        cwd=Path(env["HOME"]) / "work",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def test_the_bundle_reports_its_version(somewhere_else: dict[str, str]) -> None:
    assert _bundle(somewhere_else, "--version").strip() == version_line()


def test_the_window_opens_on_a_new_database(somewhere_else: dict[str, str]) -> None:
    probe = {**somewhere_else, "PARTNERDESK_STARTUP_PROBE": "1"}
    assert _bundle(probe, "--db", "new.sqlite3").startswith("main-window-shown ")
    assert (Path(somewhere_else["HOME"]) / "work" / "new.sqlite3").is_file()
    log = Path(somewhere_else["XDG_STATE_HOME"]) / "PartnerDesk" / "log" / "partnerdesk.log"
    assert f"{version_line()} started" in log.read_text(encoding="utf-8")


def test_a_draft_from_the_bundled_template(somewhere_else: dict[str, str]) -> None:
    assert "Demo partnership loaded" in _bundle(somewhere_else, "demo")
    assert "Wrote draft.docx" in _bundle(
        somewhere_else, "mou", "generate", "1", "--out", "draft.docx"
    )
    draft = Path(somewhere_else["HOME"]) / "work" / "draft.docx"
    paragraphs = [p.text for p in Document(str(draft)).paragraphs]
    assert "Co-responder team: joint response to behavioral-health calls" in paragraphs
    assert "Wrote ledger.xlsx" in _bundle(somewhere_else, "funding", "export", "ledger.xlsx")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the tarball is Linux's")
def test_the_tarball_holds_the_app_its_desktop_entry_and_icon(
    somewhere_else: dict[str, str], tmp_path: Path
) -> None:
    (archive,) = (REPO / "dist").glob("PartnerDesk-*-linux-*.tar.gz")
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
        tar.extractall(tmp_path, filter="data")
    for name in (
        "partnerdesk",
        "partnerdesk.desktop",
        "partnerdesk.png",
        "install-desktop-entry.sh",
    ):
        assert f"PartnerDesk/{name}" in names
    folder = tmp_path / "PartnerDesk"
    env = {**somewhere_else, "PATH": "/usr/bin:/bin"}
    subprocess.run([str(folder / "install-desktop-entry.sh")], env=env, check=True, timeout=60)
    data = Path(somewhere_else["XDG_DATA_HOME"])
    entry = (data / "applications" / "partnerdesk.desktop").read_text(encoding="utf-8")
    assert f'Exec="{folder / "partnerdesk"}"' in entry and "Icon=partnerdesk" in entry
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "partnerdesk.png").is_file()
