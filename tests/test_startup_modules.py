"""What starting PartnerDesk loads, counted in a fresh interpreter: the guard of start-up time.

Each case runs in its own Python process (the test process has imported everything long
ago) and reports every module in ``sys.modules`` at the end. A heavy library that creeps
into the start-up path or into a command that does not use it fails here, named.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO_TODAY

# Libraries that cost 50 ms to over a second to import, wanted only by the feature that
# uses them (spreadsheets, documents, charts, calendar and vCard files, data frames).
HEAVY = (
    "pandas",
    "numpy",
    "openpyxl",
    "xlsxwriter",
    "docxtpl",
    "docx",
    "jinja2",
    "PySide6.QtCharts",
    "icalendar",
    "vobject",
    "python_calamine",
)
# What --version and --help need none of: the database layer and the schema.
DATABASE = ("sqlalchemy", "sqlmodel", "alembic", "partnerdesk.core.models")

_REPORT = """
import json, sys
{body}
print("MODULES " + json.dumps(sorted(sys.modules)))
"""

_RUN_CLI = """
from partnerdesk.cli import main
code = main({argv!r})
assert code == 0, code
"""


def _run_python(arguments: list[str], tmp_path: Path, **env: str) -> list[str]:
    """Run ``python <arguments>`` offscreen, with its own settings; its stdout lines."""
    environment = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    result = subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def _modules_after(body: str, tmp_path: Path) -> set[str]:
    lines = _run_python(["-c", _REPORT.format(body=body)], tmp_path)
    line = next(x for x in lines if x.startswith("MODULES "))
    return set(json.loads(line.removeprefix("MODULES ")))


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    """The names (packages: the package itself) that were imported."""
    return [name for name in names if name in modules]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "demo.sqlite3"
    from partnerdesk.cli import main

    assert main(["--db", str(path), "--today", DEMO_TODAY.isoformat(), "demo"]) == 0
    return path


def test_importing_the_gui_entry_point_loads_no_heavy_library(tmp_path: Path) -> None:
    modules = _modules_after("import partnerdesk.ui.app", tmp_path)
    assert "partnerdesk.ui.app" in modules
    assert _loaded(modules, HEAVY + DATABASE) == []


@pytest.mark.parametrize("argv", [["--version"], ["--help"]])
def test_version_and_help_load_nothing_of_the_core(argv: list[str], tmp_path: Path) -> None:
    modules = _modules_after(_RUN_CLI.format(argv=argv), tmp_path)
    assert "partnerdesk.cli.reviews" in modules or argv == ["--version"]  # help lists commands
    assert _loaded(modules, HEAVY + DATABASE) == []
    assert sorted(m for m in modules if m.startswith("partnerdesk.core")) == []


def test_a_commands_help_loads_no_database_layer(tmp_path: Path) -> None:
    modules = _modules_after(_RUN_CLI.format(argv=["reviews", "--help"]), tmp_path)
    assert "partnerdesk.cli.reviews" in modules
    assert _loaded(modules, HEAVY + DATABASE) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["reviews", "--json"],
        ["mou", "list", "--json"],
        ["contacts", "list", "--json"],
        ["clauses", "list", "--json"],
        ["info", "--json"],
        ["funding", "summary", "--json"],
        ["funding", "projection", "--json"],
        ["outcomes", "summary", "--json"],
    ],
    ids=" ".join,
)
def test_each_command_imports_only_what_it_uses(
    argv: list[str], demo_file: Path, tmp_path: Path
) -> None:
    full = ["--db", str(demo_file), "--today", DEMO_TODAY.isoformat(), *argv]
    modules = _modules_after(_RUN_CLI.format(argv=full), tmp_path)
    assert "sqlalchemy" in modules  # it really read the database
    assert _loaded(modules, (*HEAVY, "PySide6")) == []


def test_the_version_printed_is_the_installed_packages() -> None:
    from importlib.metadata import version

    from partnerdesk import __version__

    assert __version__ == version("partnerdesk")


def test_the_window_with_its_dashboard_filled_loads_no_heavy_library(
    demo_file: Path, tmp_path: Path
) -> None:
    """The whole start: window shown, dashboard figures in (the start-up probe's moment)."""
    lines = _run_python(
        ["-m", "partnerdesk", "--db", str(demo_file)],
        tmp_path,
        PARTNERDESK_STARTUP_PROBE="modules",
        PARTNERDESK_TODAY=DEMO_TODAY.isoformat(),
    )
    assert lines[0].startswith("main-window-shown ")
    modules = set(next(x for x in lines if x.startswith("modules ")).split()[1:])
    assert "partnerdesk.ui.views.dashboard" in modules
    assert _loaded(modules, HEAVY) == []
