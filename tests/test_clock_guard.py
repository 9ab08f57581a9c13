"""Nothing reads the system clock behind the clock module's back.

"Today" decides which reviews are due and which fiscal year is current; code that asks the
machine for it directly passes only on the day it was written. Only ``core/clock.py`` may
call ``date.today()``, ``datetime.now()`` and their kin; tests pin the clock instead.
"""

from __future__ import annotations

import ast
from pathlib import Path

import partnerdesk

SRC = Path(partnerdesk.__file__).resolve().parent
TESTS = Path(__file__).resolve().parent
CLOCK = SRC / "core" / "platform" / "clock.py"

# (object, method) pairs that read the system clock.
CLOCK_READS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("QDate", "currentDate"),
    ("QDateTime", "currentDateTime"),
}


def clock_reads(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", None)
        if (name, node.func.attr) in CLOCK_READS:
            found.append(f"{path}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_the_guard_sees_a_clock_read() -> None:
    assert clock_reads(CLOCK)  # the clock itself does read the machine's clock


def test_only_the_clock_module_reads_the_system_clock() -> None:
    sources = [p for p in SRC.rglob("*.py") if p != CLOCK]
    assert len(sources) > 50
    offenders = [hit for path in sources for hit in clock_reads(path)]
    assert offenders == []


def test_no_test_reads_the_system_clock() -> None:
    sources = sorted(TESTS.rglob("*.py"))
    assert len(sources) > 20
    offenders = [hit for path in sources for hit in clock_reads(path)]
    assert offenders == []
