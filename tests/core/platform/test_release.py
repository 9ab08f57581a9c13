"""The version people report comes from one place, pyproject.toml, through the package's
metadata; a source tree run without installing still knows it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import partnerdesk
from partnerdesk.core.platform.db import SCHEMA_HEAD
from partnerdesk.core.platform.release import build_details, version_line

REPO = Path(__file__).resolve().parents[3]


def test_the_version_is_pyprojects() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert partnerdesk.version() == declared["project"]["version"]
    assert partnerdesk.__version__ == partnerdesk.version()


def test_without_metadata_the_source_tree_reads_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "partnerdesk"\nversion = "4.5.6"\n', "utf-8")
    assert partnerdesk._version_in_pyproject(pyproject) == "4.5.6"
    # Neither installed nor in a source tree: say so rather than guess a number.
    assert partnerdesk._version_in_pyproject(tmp_path / "missing.toml") == "0+unknown"
    pyproject.write_text("[project\n", "utf-8")
    assert partnerdesk._version_in_pyproject(pyproject) == "0+unknown"


def test_the_version_line_names_the_schema_revision_this_build_writes() -> None:
    line = version_line()
    assert line == f"PartnerDesk {partnerdesk.version()} (database schema {SCHEMA_HEAD})"
    assert build_details().startswith(line + "\nPython 3.")
