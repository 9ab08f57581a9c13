"""Counting things in sentences: "1 review overdue", "2 reviews overdue"."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``one`` for exactly one, else ``many`` (by default ``one`` + "s")."""
    return one if count == 1 else (many if many is not None else f"{one}s")


def counted(count: int, one: str, many: str | None = None) -> str:
    """The count and the right form of the noun: ``counted(1, "party", "parties")``."""
    return f"{count:,} {plural(count, one, many)}"


def sentence(text: str) -> str:
    """A core message ("the review due …") as a sentence of its own ("The review due …")."""
    return text[:1].upper() + text[1:]
