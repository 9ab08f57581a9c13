"""Word-level changes as HTML, for comparing MOU versions and clause versions."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape


def diff_html(segments: Sequence[tuple[str, str]]) -> str:
    """Word-level changes as HTML: removed words struck through in red, new ones in green."""
    parts: list[str] = []
    for kind, text in segments:
        body = escape(text).replace("\n", "<br>")
        if kind == "delete":
            parts.append(
                f"<span style='background:#fde2e1;color:#8c1d18;text-decoration:line-through'>"
                f"{body}</span>"
            )
        elif kind == "insert":
            parts.append(f"<span style='background:#dcf3e1;color:#0f5223'>{body}</span>")
        else:
            parts.append(body)
    return "<p>" + "".join(parts) + "</p>"
