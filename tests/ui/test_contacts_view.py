"""The Contacts area as a user works with it: people, organizations, groups, files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import vobject
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from sqlmodel import select

from partnerdesk.core.models import AuditEvent, Contact, GroupKind, StakeholderGroup
from partnerdesk.ui.dialogs.directory.contact import ContactEditor
from partnerdesk.ui.dialogs.directory.contacts_import import ContactsImportDialog
from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.views.contacts import ContactsView
from partnerdesk.ui.widgets.table_model import Column, FilterProxyModel, RecordTableModel


def _view(window: MainWindow) -> ContactsView:
    window.show_area(window.areas.index(window.contacts))
    return window.contacts


def _group_id(window: MainWindow, kind: GroupKind) -> int:
    with window.context.database.session() as session:
        group = session.exec(select(StakeholderGroup).where(StakeholderGroup.kind == kind)).one()
        assert group.id is not None
        return group.id


def _recording_yes(shown: list[tuple[str, str]]) -> Any:
    # Never monkeypatch.undo() here: it would also undo the fixture's non-blocking boxes.
    def question(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        shown.append(("question", text))
        return QMessageBox.StandardButton.Yes

    return question


def test_add_organization_and_contact_on_the_committee_and_see_them_in_its_view(
    window: MainWindow, qtbot: Any
) -> None:
    view = _view(window)
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

    assert view.show_group(_group_id(window, GroupKind.SUSTAINABILITY_COMMITTEE))
    assert view.tabs.tabText(view.tabs.currentIndex()) == "Groups"
    members = view.members.proxy
    listed = {
        (members.index(r, 0).data(), members.index(r, 1).data()) for r in range(members.rowCount())
    }
    assert ("Rosa Delacroix", "Eastside Peer Collective") in listed
    assert "Sustainability committee" in view.group_panel.heading.text()
    assert f"{members.rowCount()} members" in view.group_panel.heading.text()
    ModelTester(None).check(view.members.model)


def test_a_malformed_email_is_shown_next_to_the_field_and_nothing_is_saved(
    window: MainWindow, qtbot: Any
) -> None:
    view = _view(window)
    editor = view.new_contact()
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.name_edit, "Sam Typo")
    qtbot.keyClicks(editor.email_edit, "sam.typo@city")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.errors["email"].isVisible()
    assert "email address" in editor.errors["email"].text()
    with window.context.database.session() as session:
        assert session.exec(select(Contact).where(Contact.full_name == "Sam Typo")).first() is None
    editor.reject()


def test_a_duplicate_organization_name_is_refused_next_to_the_name(
    window: MainWindow, qtbot: Any
) -> None:
    editor = _view(window).new_organization()
    assert isinstance(editor, OrganizationEditor)
    qtbot.keyClicks(editor.name_edit, "riverton police  department")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "already exists" in editor.errors["name"].text()
    editor.reject()


def test_deleting_a_referenced_contact_is_refused_with_the_reason(
    window: MainWindow, message_boxes: list[tuple[str, str]]
) -> None:
    view = _view(window)
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
    view = _view(window)
    assert view.contacts.select_where(lambda r: r.full_name == "Alicia Ferreira")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.delete_action.trigger()
    assert any(r.full_name == "Alicia Ferreira" for r in view.contacts.model.all_rows())
    monkeypatch.setattr(QMessageBox, "question", _recording_yes(message_boxes))
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
    view = _view(window)
    view.organizations.ensure_loaded()
    qtbot.keyClicks(view.search_edit, "harb")
    assert view.tabs.tabText(0) == "People (3)"
    assert view.tabs.tabText(1) == "Organizations (1)"
    qtbot.keyClicks(view.search_edit, "or county")
    names = {view.contacts.proxy.index(r, 0).data() for r in range(view.contacts.proxy.rowCount())}
    assert names == {"Helen Zhou", "Priya Raman", "Tomás Ibarra"}
    qtbot.keyClick(view.search_edit, Qt.Key.Key_Backspace)
    assert view.contacts.proxy.rowCount() == 3
    view.search_edit.setText("PRIYA")  # any capitals; an email matches too
    assert view.contacts.proxy.rowCount() == 1
    view.search_edit.clear()
    assert view.tabs.tabText(0) == "People" and view.contacts.proxy.rowCount() == 14
    ModelTester(None).check(view.contacts.model)
    ModelTester(None).check(view.organizations.model)


def test_organization_detail_lists_contacts_mous_and_sources(window: MainWindow) -> None:
    view = _view(window)
    view.tabs.setCurrentIndex(1)
    assert view.organizations.select_where(lambda r: r.name == "City of Riverton")
    text = view.org_detail.toPlainText()
    assert "Contacts (4)" in text and "Jordan Ellis" in text
    assert "MOUs it is party to (2)" in text and "RIV-CR-01" in text
    assert "Funding sources it provides" in text and "Provides no funding source" not in text
    opened: list[int] = []
    view.sig_open_mou.connect(opened.append)
    html = view.org_detail.toHtml()
    mou_id = int(html.split("mou:")[1].split('"')[0].split("'")[0])
    from PySide6.QtCore import QUrl

    view.org_detail.anchorClicked.emit(QUrl(f"mou:{mou_id}"))
    assert opened == [mou_id]
    assert window.current_area() is window.mous  # the link leads to the MOU itself
    shown = window.mous.list.current_row()
    assert shown is not None and shown.id == mou_id


def test_group_emails_copy_and_mailto(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    view = _view(window)
    view.show_group(_group_id(window, GroupKind.WORKING_GROUP))
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
    view = _view(window)
    target = tmp_path / "people.vcf"
    chooser: list[str] = []

    def choose(*_args: Any, **_kwargs: Any) -> tuple[str, str]:
        chooser.append("asked")
        return str(tmp_path / "people"), "vCard for address books (*.vcf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    view.export_action.trigger()
    assert chooser == [] and not target.exists()
    monkeypatch.setattr(QMessageBox, "question", _recording_yes(message_boxes))
    view.export_action.trigger()
    assert message_boxes[0][0] == "question" and "personal data" in message_boxes[0][1]
    assert chooser == ["asked"]
    cards = list(vobject.readComponents(target.read_text(encoding="utf-8")))
    assert len(cards) == 14
    assert message_boxes[-1][0] == "information" and "14 contact(s)" in message_boxes[-1][1]


def test_roster_export_writes_the_group(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    view = _view(window)
    view.show_group(_group_id(window, GroupKind.SUSTAINABILITY_COMMITTEE))
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "c.xlsx"), "")
    )
    view.export_roster_action.trigger()
    rows = list(openpyxl.load_workbook(tmp_path / "c.xlsx")["Roster"].iter_rows(values_only=True))
    assert rows[0][0] == "Sustainability committee"
    assert rows[3][:2] == ("Name", "Organization")
    assert ("Jordan Ellis", "City of Riverton") in {r[:2] for r in rows[4:]}


def test_import_dialog_names_the_bad_row_and_changes_nothing(
    window: MainWindow, tmp_path: Path
) -> None:
    view = _view(window)
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Email\nKim Lee,kim@harbor.org\nBo Chan,bo.chan@@harbor.org\n", "utf-8")
    dialog = view.import_file(str(bad))
    assert isinstance(dialog, ContactsImportDialog)
    dialog.check()
    assert 'bad.csv, row 3, column "Email"' in dialog.result_view.toPlainText()
    assert not dialog.import_button.isEnabled()
    assert view.contacts.model.total_rows == 14

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
    assert view.contacts.model.total_rows == 15


@dataclass(frozen=True)
class _Row:
    id: int
    name: str
    city: str


@pytest.mark.parametrize(
    ("small", "bulk"),
    [(10**9, 10**9), (-1, 10**9), (-1, 0)],
    ids=["changed-rows-only", "qt-refilter", "rebuild"],
)
def test_filter_proxy_narrows_widens_and_follows_replaced_rows(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, small: int, bulk: int
) -> None:
    from partnerdesk.ui.widgets import table_model

    monkeypatch.setattr(table_model, "SMALL_FILTER_CHANGE", small)
    monkeypatch.setattr(table_model, "BULK_FILTER_CHANGE", bulk)
    model: RecordTableModel[_Row] = RecordTableModel(
        [Column("Name", lambda r: r.name), Column("City", lambda r: r.city)]
    )
    proxy = FilterProxyModel()
    proxy.setSourceModel(model)
    model.set_rows([_Row(3, "Cy", "Rivet"), _Row(1, "Ann", "Riverton"), _Row(2, "Bob", "Harbor")])
    proxy.sort(0)  # rows coming back must land in sorted order

    def shown() -> list[str]:
        return [proxy.index(r, 0).data() for r in range(proxy.rowCount())]

    for text, expected in [("r", ["Ann", "Bob", "Cy"]), ("riv", ["Ann", "Cy"]),
                           ("rive", ["Ann", "Cy"]), ("rivet", ["Cy"]), ("riv", ["Ann", "Cy"]),
                           ("n r", []), ("", ["Ann", "Bob", "Cy"])]:  # fmt: skip
        proxy.set_filter_text(text)
        assert shown() == expected, text
    proxy.set_filter_text("harbor")
    model.set_rows([_Row(4, "Di", "HARBOR"), _Row(5, "Ed", "Lake")])  # a reload while filtering
    assert shown() == ["Di"]
    ModelTester(None).check(proxy)


def test_ctrl_n_makes_what_the_tab_shows(window: MainWindow, qtbot: Any) -> None:
    view = _view(window)
    window.activateWindow()
    for tab, expected in ((0, ContactEditor), (1, OrganizationEditor)):
        view.tabs.setCurrentIndex(tab)
        table = (view.contacts if tab == 0 else view.organizations).table
        table.setFocus()
        qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        assert isinstance(view.dialog, expected)
        view.dialog.reject()


def test_a_new_group_gets_members_and_loses_one(
    window: MainWindow, qtbot: Any, message_boxes: list[tuple[str, str]]
) -> None:
    from partnerdesk.ui.dialogs.directory.groups import AddMembersDialog, GroupDialog

    view = _view(window)
    view.tabs.setCurrentIndex(2)
    dialog = view.new_group()
    assert isinstance(dialog, GroupDialog)
    qtbot.keyClicks(dialog.name_edit, "working GROUP")
    dialog.save()
    assert "already a group" in dialog.error_text("name")  # names are unique, any capitals
    dialog.name_edit.setText("Data subcommittee")
    dialog.save()
    selected = view.groups.current_row()
    assert selected is not None and selected.name == "Data subcommittee"
    assert view.members.model.total_rows == 0

    adding = view.add_members()
    assert isinstance(adding, AddMembersDialog)
    people = adding.people
    for name in ("Helen Zhou", "Nora Delgado"):
        row = next(i for i, r in enumerate(people.model.all_rows()) if r.full_name == name)
        index = people.proxy.mapFromSource(people.model.index(row, 0))
        people.table.selectionModel().select(
            index,
            people.table.selectionModel().SelectionFlag.Select
            | people.table.selectionModel().SelectionFlag.Rows,
        )
    adding.add_button.click()
    names = [r.full_name for r in view.members.model.all_rows()]
    assert names == ["Helen Zhou", "Nora Delgado"]
    assert "2 members" in view.group_panel.heading.text()

    assert view.members.select_where(lambda r: r.full_name == "Nora Delgado")
    view.remove_members_action.trigger()
    assert message_boxes[-1][0] == "question" and "Remove Nora Delgado" in message_boxes[-1][1]
    assert [r.full_name for r in view.members.model.all_rows()] == ["Helen Zhou"]
    groups = {g.name: g.members for g in view.groups.model.all_rows()}
    assert groups["Data subcommittee"] == 1


def test_the_organization_is_found_by_typing_and_an_unknown_one_is_refused(
    window: MainWindow, qtbot: Any
) -> None:
    editor = _view(window).new_contact()
    assert isinstance(editor, ContactEditor)
    qtbot.keyClicks(editor.name_edit, "Lee Park")
    editor.organization_combo.setEditText("Nowhere Agency")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert 'no organization "Nowhere Agency"' in editor.errors["organization_id"].text()
    editor.organization_combo.setEditText("valley health plan")  # any capitals
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    row = _view(window).contacts.current_row()
    assert row is not None and (row.full_name, row.organization) == (
        "Lee Park",
        "Valley Health Plan",
    )
