"""The Contacts area as a user works with it: people, organizations, groups, files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import vobject
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from sqlmodel import select

from partnerdesk.core.models import GroupKind
from partnerdesk.core.platform.schema import AuditEvent
from partnerdesk.ui.dialogs.directory.contact import ContactEditor
from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
from partnerdesk.ui.main_window import MainWindow
from tests.conftest import DEMO_CONTACTS
from tests.ui.helpers import contacts_view, group_id, recording_yes


def test_add_organization_and_contact_on_the_committee_and_see_them_in_its_view(
    window: MainWindow, qtbot: Any
) -> None:
    view = contacts_view(window)
    org_editor = view.new_organization()
    assert isinstance(org_editor, OrganizationEditor)
    qtbot.keyClicks(org_editor.name_edit, "Eastside Peer Collective")
    org_editor.kind_combo.setCurrentIndex(
        org_editor.kind_combo.findText("Peer-support organization")
    )
    qtbot.keyClicks(org_editor.website_edit, "https://eastside-peers.example")
    qtbot.mouseClick(org_editor.save_button, Qt.MouseButton.LeftButton)
    assert view.dialog is None, "the editor closes after saving"
    assert view.tabs.currentIndex() == 1
    selected = view.organizations.current_row()
    assert selected is not None and selected.name == "Eastside Peer Collective"

    editor = view.new_contact()
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.name_edit, "Rosa Delacroix")
    assert editor.organization_combo.currentText() == "Eastside Peer Collective"  # preselected
    qtbot.keyClicks(editor.title_edit, "Peer Support Lead")
    qtbot.keyClicks(editor.email_edit, "rosa@eastside-peers.example")
    committee = editor.groups_list.findItems("Sustainability committee", Qt.MatchFlag.MatchExactly)
    committee[0].setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert view.dialog is None
    person = view.contacts.current_row()
    assert person is not None and person.full_name == "Rosa Delacroix"
    assert person.groups == "Sustainability committee"

    assert view.show_group(group_id(window, GroupKind.SUSTAINABILITY_COMMITTEE))
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Groups"
    members = view.members.proxy
    listed = {
        (members.index(r, 0).data(), members.index(r, 1).data()) for r in range(members.rowCount())
    }
    assert ("Rosa Delacroix", "Eastside Peer Collective") in listed
    assert "Sustainability committee" in view.group_panel.heading.text()
    assert f"{members.rowCount()} members" in view.group_panel.heading.text()
    ModelTester(None).check(view.members.model)


def test_deleting_a_referenced_contact_is_refused_with_the_reason(
    window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    view = contacts_view(window)
    assert view.contacts.select_where(lambda r: r.full_name == "Marcus Oyelaran")
    view.delete_action.trigger()
    assert [kind for kind, _ in message_boxes] == ["warning"], "refused without asking first"
    text = message_boxes[0][1]
    assert "Marcus Oyelaran cannot be deleted" in text
    assert "signatory for Riverton Police Department on MOU RIV-HD-01" in text
    assert "deactivate" in text
    assert any(r.full_name == "Marcus Oyelaran" for r in view.contacts.model.all_rows())

    view.toggle_active_action.trigger()  # the way out the message points to
    assert all(r.full_name != "Marcus Oyelaran" for r in view.contacts.model.all_rows())
    view.show_inactive.setChecked(True)
    row = next(r for r in view.contacts.model.all_rows() if r.full_name == "Marcus Oyelaran")
    assert row.active is False
    assert view.contacts.select_where(lambda r: r.full_name == "Marcus Oyelaran")
    assert view.toggle_active_action.text() == "Re&activate"
    view.toggle_active_action.trigger()
    row = next(r for r in view.contacts.model.all_rows() if r.full_name == "Marcus Oyelaran")
    assert row.active is True


def test_deleting_an_unreferenced_contact_asks_first_and_is_audited(
    window: MainWindow, message_boxes: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    view = contacts_view(window)
    assert view.contacts.select_where(lambda r: r.full_name == "Alicia Ferreira")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.delete_action.trigger()
    assert any(r.full_name == "Alicia Ferreira" for r in view.contacts.model.all_rows())
    monkeypatch.setattr(QMessageBox, "question", recording_yes(message_boxes))
    view.delete_action.trigger()
    assert message_boxes[-1][0] == "question"
    assert message_boxes[-1][1].startswith("Delete Alicia Ferreira?")
    assert all(r.full_name != "Alicia Ferreira" for r in view.contacts.model.all_rows())
    with window.context.database.session() as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.summary == "deleted Alicia Ferreira")
        ).all()
        assert events


def test_search_finds_people_and_organizations_as_you_type(window: MainWindow, qtbot: Any) -> None:
    view = contacts_view(window)
    view.organizations.ensure_loaded()
    qtbot.keyClicks(view.search_edit, "harb")
    # The agency's three stakeholders and its seven responders (the training demo's).
    assert view.tabs.tabText(0) == "People (10)"
    assert view.tabs.tabText(1) == "Organizations (1)"
    qtbot.keyClicks(view.search_edit, "or county")
    rows = range(view.contacts.proxy.rowCount())
    names = {view.contacts.proxy.index(r, 0).data() for r in rows}
    assert {"Helen Zhou", "Priya Raman", "Tomás Ibarra", "Maya Singh"} <= names
    assert {view.contacts.proxy.index(r, 1).data() for r in rows} == {
        "Harbor County Behavioral Health"
    }
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Backspace)
    assert view.contacts.proxy.rowCount() == 10
    view.search_edit.setText("PRIYA")  # any capitals; an email matches too
    assert view.contacts.proxy.rowCount() == 1
    view.search_edit.clear()
    assert view.tabs.tabText(0) == "People" and view.contacts.proxy.rowCount() == DEMO_CONTACTS
    ModelTester(None).check(view.contacts.model)
    ModelTester(None).check(view.organizations.model)


def test_group_emails_copy_and_mailto(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    view = contacts_view(window)
    view.show_group(group_id(window, GroupKind.WORKING_GROUP))
    view.copy_emails()
    copied = QApplication.clipboard().text()
    assert copied.count("@") == view.members.model.total_rows == 6
    assert "Marcus Oyelaran <marcus.oyelaran@" in copied
    assert "Copied 6 address(es)" in view.group_panel.status.text()
    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True
    )
    view.email_group_action.trigger()
    assert opened and opened[0].startswith("mailto:") and opened[0].count("@") == 6


def test_export_warns_about_personal_data_before_saving(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    message_boxes: list[tuple[str, str]],
) -> None:
    view = contacts_view(window)
    target = tmp_path / "people.vcf"
    chooser: list[str] = []

    def choose(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        chooser.append("asked")
        return str(tmp_path / "people"), "vCard for address books (*.vcf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.export_action.trigger()
    assert chooser == [] and not target.exists()
    monkeypatch.setattr(QMessageBox, "question", recording_yes(message_boxes))
    view.export_action.trigger()
    assert message_boxes[0][0] == "question" and "personal data" in message_boxes[0][1]
    assert chooser == ["asked"]
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert len(cards) == DEMO_CONTACTS
    assert message_boxes[-1][0] == "information"
    assert f"{DEMO_CONTACTS} contact(s)" in message_boxes[-1][1]


def test_roster_export_writes_the_group(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    view = contacts_view(window)
    view.show_group(group_id(window, GroupKind.SUSTAINABILITY_COMMITTEE))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "c.xlsx"), "")
    )
    view.export_roster_action.trigger()
    rows = list(openpyxl.load_workbook(tmp_path / "c.xlsx")["Roster"].iter_rows(values_only=True))
    assert rows[0][0] == "Sustainability committee"
    assert rows[3][:2] == ("Name", "Organization")
    assert ("Jordan Ellis", "City of Riverton") in {r[:2] for r in rows[4:]}


def test_ctrl_n_makes_what_the_tab_shows(window: MainWindow, qtbot: Any) -> None:
    view = contacts_view(window)
    window.activateWindow()
    for tab, expected in ((0, ContactEditor), (1, OrganizationEditor)):
        view.tabs.setCurrentIndex(tab)
        table = (view.contacts if tab == 0 else view.organizations).table
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert isinstance(view.dialog, expected)
        view.dialog.reject()


def test_the_organizations_tab_counts_its_matches_before_it_is_opened(
    window: MainWindow, qtbot: Any
) -> None:
    """Issue #15, defect 10: it said "Organizations (0)" until opened once."""
    view = contacts_view(window)
    qtbot.keyClicks(view.search_edit, "harb")
    assert view.tabs.tabText(1) == "Organizations (1)"


def test_people_are_listed_and_sorted_by_surname(window: MainWindow) -> None:
    """Issue #15, defect 10: "Dr. Samuel Achebe" was listed under D."""
    view = contacts_view(window)
    people = view.contacts

    def names() -> list[str]:
        return [people.proxy.index(r, 0).data() for r in range(people.proxy.rowCount())]

    assert names()[:2] == ["Dr. Samuel Achebe", "Grace Adeyemi"]
    people.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert names()[:2] == ["Helen Zhou", "Ben Yazzie"]
    people.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert names()[0] == "Dr. Samuel Achebe" and names()[-1] == "Helen Zhou"
