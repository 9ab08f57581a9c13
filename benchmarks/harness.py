"""The pieces every case uses: the registry, the shared context, the figures a case returns.

A case is a function ``(BenchContext) -> list[Figure]`` registered with :func:`case`.
Cases run in registration order (module order in ``benchmarks/cases/__init__.py``, then
definition order), each given the same :class:`BenchContext`.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from benchmarks.generate import DEFAULT_SEED, Program, generate

OUT_DIR = Path(__file__).resolve().parent / "out"
LARGE_DB_NAME = "large.sqlite3"


class Figure(NamedTuple):
    """One measured figure. ``value`` is None when it could not be measured (``target``
    then says why); ``ok`` is None when there is no target to meet."""

    name: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None


def at_most(name: str, value: float, unit: str, limit: float, target: str = "") -> Figure:
    """A figure whose target is an upper bound."""
    return Figure(name, value, unit, target or f"< {limit:g} {unit}", value < limit)


def not_available(name: str, reason: str) -> Figure:
    return Figure(name, None, "", f"not available: {reason}", None)


class CaseUnavailable(Exception):
    """Raised by a case that cannot run here (no display, app not built yet...)."""


CaseFunction = Callable[["BenchContext"], list[Figure]]


@dataclass(frozen=True)
class Case:
    name: str
    description: str
    run: CaseFunction


CASES: list[Case] = []


def case(name: str, description: str) -> Callable[[CaseFunction], CaseFunction]:
    """Register a benchmark case under ``name`` (``area.what``, e.g. ``gui.startup``)."""

    def register(function: CaseFunction) -> CaseFunction:
        if any(existing.name == name for existing in CASES):
            raise ValueError(f"two benchmark cases are named {name!r}")
        CASES.append(Case(name, description, function))
        return function

    return register


@dataclass
class BenchContext:
    """What the cases share: the generated program, the loaded large database, notes.

    Both are built on first use, so any case can run alone (``--only``); the
    storage.bulk_insert case builds the database while timing it and hands it over.
    """

    scale: float = 1.0
    seed: int = DEFAULT_SEED
    out_dir: Path = OUT_DIR
    generation_seconds: float | None = None
    # Results one case leaves for a later one (e.g. the GUI's peak memory).
    shared: dict[str, Any] = field(default_factory=dict)
    _program: Program | None = None
    _large_db: Path | None = None

    def program(self) -> Program:
        if self._program is None:
            started = time.perf_counter()
            self._program = generate(self.seed, self.scale)
            self.generation_seconds = time.perf_counter() - started
        return self._program

    @property
    def large_db_path(self) -> Path:
        return self.out_dir / LARGE_DB_NAME

    def set_large_database(self, path: Path) -> None:
        self._large_db = path

    def large_database(self) -> Path:
        """The generated program loaded through the storage layer (built untimed if needed)."""
        if self._large_db is None:
            from benchmarks.cases.storage import load_through_storage_layer

            load_through_storage_layer(self.program(), self.large_db_path)
            self._large_db = self.large_db_path
        return self._large_db

    def scratch_dir(self, name: str) -> Path:
        """An empty folder under the output folder, for a case's files."""
        path = self.out_dir / name
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path
