"""The version people report is set in one place, ``partnerdesk.__version__``: pyproject.toml
reads it from there, so the installed metadata says the same; the version line names the
schema revision this build writes."""

from __future__ import annotations

import tomllib
from importlib.metadata import version as installed_version
from pathlib import Path

import partnerdesk
from partnerdesk.core.platform.db import SCHEMA_HEAD
from partnerdesk.core.platform.release import build_details, version_line

REPO = Path(__file__).resolve().parents[3]


def test_the_version_is_set_once_and_the_installed_package_says_it() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    declared = project["tool"]["setuptools"]["dynamic"]["version"]
    assert declared == {"attr": "partnerdesk.__version__"}
    assert installed_version("partnerdesk") == partnerdesk.__version__ == partnerdesk.version()


def test_the_version_line_names_the_schema_revision_this_build_writes() -> None:
    line = version_line()
    assert line == f"PartnerDesk {partnerdesk.__version__} (database schema {SCHEMA_HEAD})"
    assert build_details().startswith(line + "\nPython 3.")
