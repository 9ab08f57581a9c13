"""Organizations: agencies and funders at the table."""

from __future__ import annotations


def organization_key(name: str) -> str:
    """Case- and spacing-insensitive key that makes organization names unique."""
    return " ".join(name.split()).casefold()
