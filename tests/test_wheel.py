"""The wheel carries everything the program reads: built with `python -m build` (an sdist, then
the wheel from that sdist) and installed into a fresh venv in a temporary folder, far from the
source tree, PartnerDesk works there — the commands people run first and the desktop app.

A file the program reads at run time that the package does not ship fails here. The venv's
dependencies come from wheels packed from the project's own venv (tests/wheelhouse.py), so
pip installs them without an index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import vobject
from docx import Document
from openpyxl import load_workbook

from partnerdesk.core.platform.release import version_line
from tests.conftest import DEMO_CONTACTS, DEMO_TODAY, SYSTEM_CLOCK_ENV
from tests.wheelhouse import build_wheelhouse

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "partnerdesk"

pytestmark = pytest.mark.skipif(
    bool(os.environ.get(SYSTEM_CLOCK_ENV)),
    reason="an installed copy runs in its own processes, which a moved clock does not reach",
)


def _run(
    command: list[str], env: dict[str, str] | None = None, cwd: str | Path | None = None
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)])
    assert len(list(out.glob("partnerdesk-*.tar.gz"))) == 1
    (built,) = out.glob("partnerdesk-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its folder of executables."""
    root = tmp_path_factory.mktemp("fresh")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    in_a_venv = sys.prefix != sys.base_prefix
    wheelhouse = Path(sys.prefix if in_a_venv else root) / "wheelhouse"
    build_wheelhouse("partnerdesk", wheelhouse)
    # Only what is said here: no pip configuration of this machine (extra indexes, links).
    # Nor a PYTHONPATH that would make pip see the source tree's copy as installed.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") and k != "PYTHONPATH"}
    env["PIP_CONFIG_FILE"] = os.devnull
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    _run([*pip, "--no-compile", "--no-index", "--find-links", str(wheelhouse), str(wheel)], env=env)
    return python.parent


@pytest.fixture(scope="module")
def elsewhere(installed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of someone who installed it: the fresh venv on PATH, not the project's,
    their own home and per-user folders, and a working folder outside the source tree."""
    home = tmp_path_factory.mktemp("home")
    return {
        "PATH": os.pathsep.join([str(installed), "/usr/bin", "/bin"]),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        "PARTNERDESK_TODAY": DEMO_TODAY.isoformat(),
        "WORK": str(home / "work"),
    }


def _partnerdesk(env: dict[str, str], *args: str) -> str:
    work = Path(env["WORK"])
    work.mkdir(exist_ok=True)
    return _run(["partnerdesk", *args], env=env, cwd=work).stdout


@pytest.fixture(scope="module")
def demo(elsewhere: dict[str, str]) -> dict[str, str]:
    assert "Demo partnership loaded into" in _partnerdesk(elsewhere, "demo")
    return elsewhere


def test_the_wheel_ships_every_file_the_package_reads(wheel: Path) -> None:
    expected = {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    assert "partnerdesk/resources/templates/mou_default.docx" in expected
    assert expected - shipped == set()


def test_it_runs_from_the_fresh_venv_with_its_version(elsewhere: dict[str, str]) -> None:
    where = _run(
        ["python", "-c", "import partnerdesk; print(partnerdesk.__file__)"],
        env=elsewhere,
        cwd=elsewhere["HOME"],
    ).stdout
    assert Path(where.strip()).is_relative_to(Path(elsewhere["PATH"].split(os.pathsep)[0]).parent)
    assert _partnerdesk(elsewhere, "--version").strip() == version_line()


def test_a_draft_mou_from_the_shipped_template(demo: dict[str, str]) -> None:
    assert "Wrote x.docx" in _partnerdesk(demo, "mou", "generate", "1", "--out", "x.docx")
    paragraphs = [p.text for p in Document(str(Path(demo["WORK"]) / "x.docx")).paragraphs]
    assert "MEMORANDUM OF UNDERSTANDING" in paragraphs
    assert "Co-responder team: joint response to behavioral-health calls" in paragraphs


def test_the_funding_workbook_and_the_address_book(demo: dict[str, str]) -> None:
    assert "Wrote x.xlsx" in _partnerdesk(demo, "funding", "export", "x.xlsx")
    workbook = load_workbook(Path(demo["WORK"]) / "x.xlsx", read_only=True)
    assert {"Ledger", "Projection"} <= set(workbook.sheetnames)
    assert f"Wrote x.vcf ({DEMO_CONTACTS} contact(s))" in _partnerdesk(
        demo, "contacts", "export", "x.vcf"
    )
    text = (Path(demo["WORK"]) / "x.vcf").read_text(encoding="utf-8")
    assert len(list(vobject.readComponents(text))) == DEMO_CONTACTS


def test_the_desktop_app_opens_its_window(demo: dict[str, str]) -> None:
    probe = {**demo, "PARTNERDESK_STARTUP_PROBE": "1"}
    assert _partnerdesk(probe).startswith("main-window-shown ")
