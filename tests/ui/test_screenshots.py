"""The screenshots README shows are rendered from the demo program, every area populated."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from partnerdesk.ui.screenshots import render_screenshots


def test_screenshots_render_every_area(tmp_path: Path, qapp: object) -> None:
    written = render_screenshots(tmp_path)
    assert [p.name for p in written] == [
        "1-dashboard.png",
        "2-mous.png",
        "3-clauses.png",
        "4-funding.png",
        "5-contacts.png",
        "6-outcomes.png",
        "7-training.png",
    ]
    for path in written:
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 600
        # A populated list is not a blank picture: many distinct colours in the content area.
        colours = {
            image.pixel(x, y) for x in range(200, image.width(), 7) for y in range(60, 400, 5)
        }
        assert len(colours) > 20, path.name
