"""PartnerDesk: MOUs, clauses, funding and stakeholders for crisis-response partnerships."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

APP_NAME = "PartnerDesk"
UNKNOWN_VERSION = "0+unknown"


@functools.cache
def version() -> str:
    """The version being run, from one place: pyproject.toml's ``version``, as recorded in the
    installed package's metadata (a wheel, pipx, the editable install, the desktop bundle).
    A source tree run without installing falls back on reading pyproject.toml itself."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed_version

    try:
        return installed_version("partnerdesk")
    except PackageNotFoundError:
        return _version_in_pyproject(Path(__file__).resolve().parents[2] / "pyproject.toml")


def _version_in_pyproject(pyproject: Path) -> str:
    import tomllib

    try:
        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return UNKNOWN_VERSION
    return str(project.get("version") or UNKNOWN_VERSION)


def __getattr__(name: str) -> Any:
    # `partnerdesk.__version__`, looked up only when asked for (not at every import).
    if name == "__version__":
        return version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
