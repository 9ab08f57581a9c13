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


# --------------------------------------------------------------------------- the layout

SRC = CORE_DIR.parent
MAX_MODULE_LINES = 600


def test_the_import_contracts_hold() -> None:
    """cli -> ui -> core; inside the core program -> funding -> mou -> directory -> models
    -> platform; no Qt in the core (pyproject's [tool.importlinter], import-linter)."""
    from importlinter.cli import lint_imports

    pyproject = SRC.parent.parent / "pyproject.toml"
    assert lint_imports(config_filename=str(pyproject)) == 0


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("partnerdesk", cache_dir=None)
    return {
        module: graph.find_modules_directly_imported_by(module)
        for module in graph.modules
        if not module.startswith("partnerdesk.migrations.versions")
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. import circles,
    function-local imports included."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_sees_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles_anywhere_in_src() -> None:
    graph = _import_graph()
    assert "partnerdesk.core.mou.reviews" in graph  # the walk saw the package
    # A package's __init__ that re-exports its modules is not a circle of the code.
    modules_only = {
        module: {t for t in targets if not _is_package_face(t)}
        for module, targets in graph.items()
        if not _is_package_face(module)
    }
    assert _cycles(modules_only) == []


def _is_package_face(module: str) -> bool:
    return (SRC / module.replace(".", "/") / "__init__.py").exists()


def test_no_module_is_longer_than_600_lines() -> None:
    long = {
        str(path.relative_to(SRC)): lines
        for path in SRC.rglob("*.py")
        if "versions" not in path.parts
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}
