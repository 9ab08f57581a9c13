"""A group of the user's own, and adding people to it."""

from __future__ import annotations

from typing import Any

from partnerdesk.ui.main_window import MainWindow
from tests.ui.helpers import contacts_view


def test_a_new_group_gets_members_and_loses_one(
    window: MainWindow, qtbot: Any, message_boxes: list[tuple[str, str]]
) -> None:
    from partnerdesk.ui.dialogs.directory.groups import AddMembersDialog, GroupDialog

    view = contacts_view(window)
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
    assert names == ["Nora Delgado", "Helen Zhou"]  # by surname
    assert "2 members" in view.group_panel.heading.text()

    assert view.members.select_where(lambda r: r.full_name == "Nora Delgado")
    view.remove_members_action.trigger()
    assert message_boxes[-1][0] == "question" and "Remove Nora Delgado" in message_boxes[-1][1]
    assert [r.full_name for r in view.members.model.all_rows()] == ["Helen Zhou"]
    groups = {g.name: g.members for g in view.groups.model.all_rows()}
    assert groups["Data subcommittee"] == 1
