"""The screenshots README shows are rendered from the demo program, every area populated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from partnerdesk.ui.screenshots import render_screenshots


def test_screenshots_render_every_area(tmp_path: Path, qapp: object) -> None:
    written = render_screenshots(tmp_path)
    names = [
        "1-dashboard.png",
        "2-mous.png",
        "3-clauses.png",
        "4-funding.png",
        "4-funding-sustainability.png",
        "5-contacts.png",
        "6-outcomes.png",
        "7-training.png",
    ]
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        f"{size}/{name}" for size in ("1024x700", "1366x768", "1920x1080") for name in names
    ]
    for path in written:
        image = QImage(str(path))
        # The window at the size the folder names, not bigger: it can shrink that far.
        assert f"{image.width()}x{image.height()}" == path.parent.name
        # A populated list is not a blank picture: many distinct colours in the content area.
        colours = {
            image.pixel(x, y) for x in range(200, image.width(), 7) for y in range(60, 400, 5)
        }
        assert len(colours) > 20, path.name
