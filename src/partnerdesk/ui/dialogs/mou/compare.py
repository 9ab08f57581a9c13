"""Two versions of one MOU side by side: the agreement's fields, its parties, and its
clauses (what was added, removed and changed, the changed wording word by word)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.style import AMBER
from partnerdesk.ui.tasks import error_message
from partnerdesk.ui.widgets.diff import diff_html
from partnerdesk.ui.widgets.sizing import open_at
from partnerdesk.ui.widgets.wording import counted

if TYPE_CHECKING:  # the comparison itself is imported when a dialog opens
    from partnerdesk.core.mou.compare import FieldChange


class CompareDialog(QDialog):
    """Two versions of one MOU side by side at clause level."""

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from partnerdesk.core.mou.compare import default_baseline, mou_versions

        self.context = context
        with context.database.session() as session:
            self.versions = mou_versions(session, mou_id)
            baseline = default_baseline(session, mou_id)
        self.setWindowTitle(f"Compare versions of {self.versions[0].reference_code}")
        open_at(self, 900, 640)
        self.old_combo = QComboBox(self)
        self.new_combo = QComboBox(self)
        for version in self.versions:
            self.old_combo.addItem(version.label, version.id)
            self.new_combo.addItem(version.label, version.id)
        self.old_combo.setCurrentIndex(max(self.old_combo.findData(baseline), 0))
        self.new_combo.setCurrentIndex(max(self.new_combo.findData(mou_id), 0))
        self.old_combo.currentIndexChanged.connect(self.refresh)
        self.new_combo.currentIndexChanged.connect(self.refresh)
        self.show_unchanged = QCheckBox("Show unchanged clauses", self)
        self.show_unchanged.toggled.connect(self.refresh)
        self.view = QTextBrowser(self)
        top = QFormLayout()
        top.addRow("&From (older)", self.old_combo)
        top.addRow("&To (newer)", self.new_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.show_unchanged)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        from partnerdesk.core.mou.compare import compare_mous

        old_id, new_id = self.old_combo.currentData(), self.new_combo.currentData()
        if old_id == new_id:
            self.view.setHtml("<p>Choose two different versions.</p>")
            return
        try:
            with self.context.database.session() as session:
                comparison = compare_mous(session, old_id, new_id)
        except PartnerDeskError as exc:
            self.view.setHtml(f"<p>{escape(error_message(exc))}</p>")
            return
        self.comparison = comparison
        parts = [
            f"<p><b>{escape(comparison.new.label)}</b> compared with "
            f"<b>{escape(comparison.old.label)}</b>: "
            f"{counted(len(comparison.terms), 'field')} of the agreement changed; parties: "
            + ", ".join(
                f"{sum(1 for p in comparison.parties if p.kind == kind)} {kind}"
                for kind in ("added", "removed", "changed")
            )
            + f"; clauses: {comparison.count('added')} added, "
            f"{comparison.count('removed')} removed, {comparison.count('changed')} changed, "
            f"{comparison.count('unchanged')} unchanged.</p>",
            "<h3>The agreement</h3>",
            _fields_table(comparison.terms) if comparison.terms else "<p>No field changed.</p>",
            "<h3>Parties</h3>",
        ]
        colours = {"added": "#0f5223", "removed": "#8c1d18", "changed": AMBER}
        for party in comparison.parties:
            parts.append(
                f"<h4><span style='color:{colours[party.kind]}'>{party.kind.capitalize()}</span>"
                f": {escape(party.organization)}</h4>{_fields_table(party.fields)}"
            )
        if not comparison.parties:
            parts.append("<p>The same parties, with the same roles, signatories and tiers.</p>")
        parts.append("<h3>Clauses</h3>")
        for change in comparison.changes:
            if change.kind == "unchanged" and not self.show_unchanged.isChecked():
                continue
            versions = ""
            if (
                change.old_version
                and change.new_version
                and change.old_version != change.new_version
            ):
                versions = f" (library version {change.old_version} → {change.new_version})"
            colour = colours.get(change.kind, "#555")
            parts.append(
                f"<h4><span style='color:{colour}'>{change.kind.capitalize()}</span>: "
                f"{escape(change.title)} <small>· {escape(change.category.label)}"
                f"{escape(versions)}</small></h4>"
            )
            if change.old_title:
                parts.append(f"<p><i>Title was: {escape(change.old_title)}</i></p>")
            if change.kind == "changed":
                parts.append(diff_html(change.segments))
            else:
                text = change.new_text if change.kind != "removed" else change.old_text
                parts.append("<p>" + escape(text).replace("\n", "<br>") + "</p>")
        if all(change.kind == "unchanged" for change in comparison.changes):
            parts.append("<p>The two versions have the same clauses and wording.</p>")
        self.view.setHtml("".join(parts))


def _fields_table(fields: tuple[FieldChange, ...]) -> str:
    """Field, then the old value struck through and the new one, one row per field
    (an added or removed party has only one side)."""
    rows = []
    for change in fields:
        old = f"<s style='color:#8c1d18'>{escape(change.old)}</s>" if change.old else ""
        new = f"<span style='color:#0f5223'>{escape(change.new)}</span>" if change.new else ""
        arrow = " → " if old and new else ""
        rows.append(
            f"<tr><td style='padding-right:12px'>{escape(change.label)}</td>"
            f"<td>{old}{arrow}{new}</td></tr>"
        )
    return f"<table cellspacing='2'>{''.join(rows)}</table>"
