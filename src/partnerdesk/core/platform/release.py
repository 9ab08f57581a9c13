"""Which build this is, in the words people put in a report: the version line (the version
and the database schema revision this build writes) and what it runs on."""

from __future__ import annotations

import platform
import sys

from partnerdesk import version_line

__all__ = ["build_details", "version_line"]


def build_details() -> str:
    """The version line plus what it runs on, for crash reports."""
    return (
        f"{version_line()}\n"
        f"Python {platform.python_version()} on {platform.platform()}"
        f"{' (desktop bundle)' if getattr(sys, 'frozen', False) else ''}"
    )
