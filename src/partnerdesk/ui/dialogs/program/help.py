"""Help: the user guide that ships with the program (HTML pages in ``resources/guide/``,
one per area, read through :func:`partnerdesk.resources.resource` so they work offline and
from an installed package) and the list of keyboard shortcuts, taken from the actions
themselves so that it can never disagree with them."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QByteArray, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.resources import resource
from partnerdesk.ui.widgets.sizing import open_at

# Page file -> its title in the contents (the order of the contents).
GUIDE_PAGES: dict[str, str] = {
    "index.html": "Contents",
    "dashboard.html": "Dashboard",
    "mous.html": "MOUs",
    "clauses.html": "Clauses",
    "funding.html": "Funding",
    "contacts.html": "Contacts",
    "outcomes.html": "Outcomes",
    "training.html": "Training",
}


def page_for_area(title: str) -> str:
    """The guide page of an area (by its title), or the contents."""
    wanted = title.lower()
    return next(
        (page for page, name in GUIDE_PAGES.items() if name.lower() == wanted), "index.html"
    )


class GuideBrowser(QTextBrowser):
    """Shows guide pages and their pictures from the packaged files; a web link opens in
    the system browser."""

    sig_open_page = Signal(str)  # a link to another page of the guide

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._follow)
        self.page = ""

    def show_page(self, page: str) -> None:
        self.page = page
        self.setHtml(resource("guide", page).read_text(encoding="utf-8"))

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.path() in GUIDE_PAGES:
            self.sig_open_page.emit(url.path())

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # type: ignore[override]
        url = QUrl(name) if isinstance(name, str) else name
        if kind == QTextDocument.ResourceType.ImageResource.value:
            parts = [p for p in url.path().split("/") if p and p != ".."]
            found = resource("guide", *parts)
            if found.is_file():
                return QByteArray(found.read_bytes())
        return super().loadResource(kind, name)


class GuideWindow(QDialog):
    """The user guide: contents on the left, the page on the right (not modal: it stays
    open beside the work)."""

    def __init__(self, page: str = "index.html", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("PartnerDesk user guide")
        open_at(self, 980, 720)
        self.contents = QListWidget(self)
        self.contents.addItems(list(GUIDE_PAGES.values()))
        self.contents.setFixedWidth(160)
        self.browser = GuideBrowser(self)
        self.browser.sig_open_page.connect(self.open_page)
        self.contents.currentRowChanged.connect(
            lambda row: self.browser.show_page(list(GUIDE_PAGES)[row])
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.contents)
        row.addWidget(self.browser, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.open_page(page)

    def open_page(self, page: str) -> None:
        self.contents.setCurrentRow(
            list(GUIDE_PAGES).index(page if page in GUIDE_PAGES else "index.html")
        )


def shortcut_rows(groups: Iterable[tuple[str, Iterable[QAction]]]) -> list[tuple[str, str, str]]:
    """(keys, command, where) for every action with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    for where, actions in groups:
        for action in actions:
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            keys = [k for k in keys if k]
            if keys:
                command = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
                rows.append((" or ".join(keys), command.rstrip("…"), where))
    return rows


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut, read from the actions: the window's, then each area's (an
    area's keys work while it is on screen)."""

    def __init__(
        self, groups: Iterable[tuple[str, Iterable[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        open_at(self, 640, 680)
        self.rows = shortcut_rows(groups)
        parts = ["<table cellspacing='0' cellpadding='3' width='100%'>"]
        where = None
        for keys, command, place in self.rows:
            if place != where:
                where = place
                parts.append(f"<tr><td colspan='2'><h3>{escape(place)}</h3></td></tr>")
            parts.append(
                f"<tr><td width='38%'><b>{escape(keys)}</b></td><td>{escape(command)}</td></tr>"
            )
        parts.append("</table>")
        self.text = QTextBrowser(self)
        self.text.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
