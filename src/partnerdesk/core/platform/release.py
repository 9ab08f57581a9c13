"""Which build this is, in the words people put in a report: the version (from pyproject,
through the package's metadata) and the database schema revision this build writes."""

from __future__ import annotations

import platform
import sys

from partnerdesk import APP_NAME, version
from partnerdesk.core.platform.db import SCHEMA_HEAD


def version_line() -> str:
    """``PartnerDesk 0.1.0 (database schema 0002_calendar_events)``."""
    return f"{APP_NAME} {version()} (database schema {SCHEMA_HEAD})"


def build_details() -> str:
    """The version line plus what it runs on, for crash reports."""
    return (
        f"{version_line()}\n"
        f"Python {platform.python_version()} on {platform.platform()}"
        f"{' (desktop bundle)' if getattr(sys, 'frozen', False) else ''}"
    )
