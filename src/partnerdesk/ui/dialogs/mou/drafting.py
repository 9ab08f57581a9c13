"""The drafting commands of the MOUs area: compose clauses, check completeness, generate
drafts (one, or many in the background), compare versions.

``install_mou_document_actions(mous_view, context)`` adds the actions to the area (its
menu and toolbar) and returns the controller, also kept as ``mous_view.document_actions``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from partnerdesk import APP_NAME as APP
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.dialogs.mou.compare import CompareDialog
from partnerdesk.ui.dialogs.mou.generate import (
    GenerateDialog,
    GenerateRequest,
    generate_draft,
    generate_drafts,
)
from partnerdesk.ui.tasks import error_message


class MouDocumentActions(QObject):
    """The drafting commands on the MOUs area."""

    def __init__(self, mous_view: Any, context: AppContext) -> None:
        """``mous_view`` is the MOUs area (its ``list``, ``selected``, ``add_action``)."""
        super().__init__(mous_view)
        self.view = mous_view
        self.context = context
        self.dialog: QDialog | None = None  # the last dialog opened (tests look at it)
        self.last_result: Any = None
        # Short toolbar labels (the MOUs toolbar is shared); menus keep the full text.
        add = mous_view.add_action
        self.compose_action = add(
            "Co&mpose clauses…", self.compose, "Ctrl+Shift+M", short="Compose"
        )
        self.check_action = add("Check co&mpleteness", self.check, "Ctrl+Shift+K", short="Check")
        self.generate_action = add("&Generate draft…", self.generate, "Ctrl+G", short="Draft")
        self.bulk_action = add(
            "Generate drafts for &selected…", self.generate_selected, "Ctrl+Shift+G",
            short="Drafts…",
        )  # fmt: skip
        self.compare_action = add("Compare &versions…", self.compare, short="Compare")
        for action in (
            self.compose_action, self.check_action, self.generate_action, self.bulk_action,
            self.compare_action,
        ):  # fmt: skip
            keys = action.shortcut().toString()
            if keys:
                action.setToolTip(f"{action.toolTip()} ({keys})")
        mous_view.list.sig_selection_changed.connect(self._update)
        mous_view.list.sig_loaded.connect(self._update)
        self._update()

    def _update(self) -> None:
        selected = self.view.list.selected_rows()
        for action in (self.compose_action, self.check_action, self.generate_action):
            action.setEnabled(len(selected) >= 1)
        self.compare_action.setEnabled(len(selected) >= 1)
        self.bulk_action.setEnabled(len(selected) >= 1)

    def _current(self) -> Any:
        return self.view.selected(self.view.list, "an MOU")

    # -- compose and check
    def compose(self) -> None:
        from partnerdesk.ui.dialogs.mou.composer import MouComposer

        row = self._current()
        if row is None:
            return
        try:
            dialog = MouComposer(self.context, row.id, parent=self.view)
        except PartnerDeskError as exc:
            QMessageBox.warning(self.view, APP, error_message(exc))
            return
        self.dialog = dialog
        dialog.exec()

    def check(self) -> None:
        from partnerdesk.core.mou.completeness import gaps_of, where_to_fix
        from partnerdesk.core.mou.composition import get_composition

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            composition = get_composition(session, row.id, self.context.today())
        gaps = gaps_of(composition)
        label = f"{composition.reference_code} version {composition.version_number}"
        outdated = [c for c in composition.clauses if c.outdated]
        notes = "".join(
            f"\n• “{c.title}” is version {c.version}; the library has version {c.current_version}"
            for c in outdated
        )
        if gaps:
            listing = "\n".join(f"• {gap.message}" for gap in gaps)
            places = where_to_fix(gaps)
            fix = (
                f"Fix it in {places[0]}."
                if len(places) == 1
                else "Fix them in:\n" + "\n".join(f"• {place}" for place in places)
            )
            QMessageBox.warning(
                self.view,
                APP,
                f"{label} is not complete yet:\n\n{listing}"
                + (f"\n\nAlso:{notes}" if notes else "")
                + f"\n\n{fix}",
            )
        else:
            QMessageBox.information(
                self.view,
                APP,
                f"{label} is complete: it covers every required subject, every party has a "
                "tier and a signatory, and its funding is backed by the ledger."
                + (f"\n\nNote:{notes}" if notes else ""),
            )

    # -- generating
    def _default_folder(self) -> Path:
        path = self.context.database.location.path
        return path.parent if path is not None else Path.home()

    def generate(self) -> None:
        from partnerdesk.core.mou.completeness import check_completeness
        from partnerdesk.core.mou.documents import document_file_name
        from partnerdesk.core.mou.pdf import libreoffice_executable

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            gaps = [gap.message for gap in check_completeness(session, row.id)]
        suggested = self._default_folder() / document_file_name(
            row.reference_code, row.version_number
        )
        dialog = GenerateDialog(
            suggested, gaps, libreoffice_executable() is not None, parent=self.view
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.start_generation(row.id, dialog.request()))
        dialog.exec()

    def start_generation(self, mou_id: int, request: GenerateRequest) -> None:
        generate_draft(self.view, self.context, mou_id, request, self._remember)

    def generate_selected(self) -> None:
        rows = self.view.list.selected_rows()
        if not rows:
            QMessageBox.information(self.view, APP, "Select one or more MOUs in the list first.")
            return
        folder = QFileDialog.getExistingDirectory(
            self.view, "Folder for the drafts", str(self._default_folder())
        )
        if folder:
            self.start_bulk([row.id for row in rows], Path(folder))

    def start_bulk(
        self, mou_ids: Sequence[int], folder: Path, template: Path | None = None
    ) -> None:
        generate_drafts(self.view, self.context, mou_ids, folder, template, self._remember)

    def _remember(self, result: Any) -> None:
        self.last_result = result

    # -- comparing
    def compare(self) -> None:
        from partnerdesk.core.mou.compare import mou_versions

        row = self._current()
        if row is None:
            return
        with self.context.database.session() as session:
            versions = mou_versions(session, row.id)
        if len(versions) < 2:
            QMessageBox.information(
                self.view,
                APP,
                f"{row.reference_code} has only one version. After an amendment (Amend…), "
                "this shows what changed clause by clause.",
            )
            return
        dialog = CompareDialog(self.context, row.id, parent=self.view)
        self.dialog = dialog
        dialog.exec()


def install_mou_document_actions(mous_view: Any, context: AppContext) -> MouDocumentActions:
    controller = MouDocumentActions(mous_view, context)
    mous_view.document_actions = controller
    return controller
