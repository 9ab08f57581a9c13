"""Importing organizations and contacts: check first, then import."""

from __future__ import annotations

from pathlib import Path

from partnerdesk.ui.dialogs.directory.contacts_import import ContactsImportDialog
from partnerdesk.ui.main_window import MainWindow
from tests.conftest import DEMO_CONTACTS
from tests.ui.helpers import contacts_view


def test_import_dialog_names_the_bad_row_and_changes_nothing(
    window: MainWindow, tmp_path: Path
) -> None:
    view = contacts_view(window)
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\nKim Lee,kim@harbor.org\nBo Chan,bo.chan@@harbor.org\n", "utf-8")
    dialog = view.import_file(str(bad))
    assert isinstance(dialog, ContactsImportDialog)
    dialog.check()
    assert 'bad.csv, row 3, column "Email"' in dialog.result_view.toPlainText()
    assert not dialog.import_button.isEnabled()
    assert view.contacts.model.total_rows == DEMO_CONTACTS

    good = tmp_path / "good.csv"
    good.write_text(
        "Name,Email\nKim Lee,kim@harbor.org\nPriya Raman,priya.raman@bh.harborcounty.example\n",
        "utf-8",
    )
    dialog.path_edit.setText(str(good))
    dialog.check()
    text = dialog.result_view.toPlainText()
    assert "would add 1 contact(s)" in text and "same email as Priya Raman" in text
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    assert view.contacts.model.total_rows == DEMO_CONTACTS + 1
