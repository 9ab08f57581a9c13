"""The core never imports Qt: headless commands, servers and cron jobs run without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import partnerdesk.core

CORE_DIR = Path(partnerdesk.core.__file__).resolve().parent
QT_NAMES = ("PySide6", "shiboken", "PyQt")

_IMPORT_EVERYTHING = """
import json, pkgutil, importlib, sys
import partnerdesk.core
names = ["partnerdesk.core"]
for info in pkgutil.walk_packages(partnerdesk.core.__path__, "partnerdesk.core."):
    importlib.import_module(info.name)
    names.append(info.name)
after_core = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
import partnerdesk.cli, partnerdesk.migrations
for info in pkgutil.walk_packages(partnerdesk.cli.__path__, "partnerdesk.cli."):
    importlib.import_module(info.name)
    names.append(info.name)
after_cli = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"modules": names, "qt_after_core": after_core, "qt_after_cli": after_cli}))
"""


def _import_in_fresh_interpreter() -> dict[str, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, list[str]] = json.loads(result.stdout.splitlines()[-1])
    return report


def test_importing_every_core_and_command_line_module_loads_no_qt() -> None:
    report = _import_in_fresh_interpreter()
    # The walk really saw the package: the database layer and the services.
    assert "partnerdesk.core.platform.db" in report["modules"]
    assert "partnerdesk.core.program.demo" in report["modules"]
    assert "partnerdesk.cli.info" in report["modules"]
    assert report["qt_after_core"] == []
    assert report["qt_after_cli"] == []


def test_no_core_source_mentions_qt() -> None:
    sources = sorted(CORE_DIR.rglob("*.py"))
    assert len(sources) > 5
    offenders = [
        f"{path.relative_to(CORE_DIR)}: {name}"
        for path in sources
        for name in QT_NAMES
        if name.lower() in path.read_text(encoding="utf-8").lower()
    ]
    assert offenders == []
