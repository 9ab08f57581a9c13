"""Every date field takes a typed full date, a partial date and a pasted one (issue #15,
defect 2: typing 2027-03-15 gave 2026-03-15; only the arrows and the calendar worked)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDateEdit, QDialog

from partnerdesk.core.mou.register import find_mou
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.dates import DateEdit, OptionalDateEdit


@pytest.fixture(autouse=True)
def us_locale() -> Iterator[None]:
    """3/4/2027 is March 4 in the US, 3 April in Britain: tests choose, not the machine."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    yield
    QLocale.setDefault(before)


def _mou(context: AppContext, code: str) -> int:
    with context.database.session() as session:
        return find_mou(session, code)


def _review(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog

    return CompleteReviewDialog(context, _mou(context, "RIV-HD-01"))


def _snooze(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.mou.review import SnoozeDialog

    return SnoozeDialog(context, _mou(context, "RIV-HD-01"))


def _mou_editor(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.mou.editor import EditorMode, MouEditor

    return MouEditor(context, mode=EditorMode.EDIT, mou_id=_mou(context, "RIV-CR-01"))


def _entry(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.funding.entry import EntryEditor

    return EntryEditor(context)


def _source(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.funding.source import SourceEditor

    return SourceEditor(context)


def _assumptions(context: AppContext) -> QDialog:
    from partnerdesk.ui.dialogs.funding.assumptions import AssumptionsEditor

    return AssumptionsEditor(context)


# Every dialog with a date field: (name, how it is made, how many date fields it has).
DATE_DIALOGS: list[tuple[str, Callable[[AppContext], QDialog], int]] = [
    ("complete review", _review, 1),
    ("snooze review", _snooze, 1),
    ("MOU editor: effective, expiry, each party's signature", _mou_editor, 6),
    ("ledger entry", _entry, 1),
    ("funding source: grant start and end", _source, 2),
    ("assumptions: a scenario's grant end", _assumptions, 1),
]


def _usable(edit: DateEdit) -> None:
    holder = edit.parentWidget()
    if isinstance(holder, OptionalDateEdit):
        holder.check.setChecked(True)
    assert edit.isEnabled()


def _retype(qtbot: Any, edit: DateEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


@pytest.mark.parametrize(("name", "make", "fields"), DATE_DIALOGS, ids=[d[0] for d in DATE_DIALOGS])
def test_every_date_field_takes_typed_partial_and_pasted_dates(
    qtbot: Any, demo_context: AppContext, name: str, make: Callable[..., QDialog], fields: int
) -> None:
    dialog = make(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.findChildren(QDateEdit) == []
    edits = dialog.findChildren(DateEdit)
    assert len(edits) == fields
    for edit in edits:
        _usable(edit)
        # A full date, year included.
        _retype(qtbot, edit, "2027-03-15")
        assert edit.day() == date(2027, 3, 15), name
        # Part of one: the rest stays.
        _retype(qtbot, edit, "2028")
        assert edit.day() == date(2028, 3, 15), name
        _retype(qtbot, edit, "6/1")
        assert edit.day() == date(2028, 6, 1), name
        edit.editingFinished.emit()
        assert edit.text() == "2028-06-01"
        # Pasted, with the cursor anywhere in the field.
        QGuiApplication.clipboard().setText("  15 Sep 2029\n")
        edit.setFocus()
        edit.setCursorPosition(5)
        qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert edit.day() == date(2029, 9, 15) and edit.text() == "2029-09-15", name


def test_text_that_is_not_a_date_is_marked_and_the_last_date_kept(qtbot: Any) -> None:
    edit = DateEdit(date(2026, 11, 27))
    qtbot.addWidget(edit)
    edit.show()
    _retype(qtbot, edit, "2027-02-30")
    assert edit.day() == date(2026, 11, 27)  # not 2027-02-03, typed on the way
    assert "is not a date" in edit.problem() and "border" in edit.styleSheet()
    edit.editingFinished.emit()
    assert edit.text() == "2026-11-27" and edit.problem() == "" and edit.styleSheet() == ""


def test_the_locale_says_whether_the_day_comes_first(qtbot: Any) -> None:
    edit = DateEdit(date(2026, 11, 27))
    qtbot.addWidget(edit)
    _retype(qtbot, edit, "3/4/2027")
    assert edit.day() == date(2027, 3, 4)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    _retype(qtbot, edit, "3/4/2027")
    assert edit.day() == date(2027, 4, 3)


def test_arrows_step_and_the_calendar_picks(qtbot: Any) -> None:
    edit = DateEdit(date(2026, 11, 27))
    qtbot.addWidget(edit)
    edit.show()
    changes: list[date] = []
    edit.sig_day_changed.connect(changes.append)
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    qtbot.keyClick(edit, Qt.Key.Key_PageUp)
    assert edit.day() == date(2026, 12, 28) and edit.text() == "2026-12-28"
    calendar = edit.show_calendar()
    calendar.clicked.emit(QDate(2027, 1, 4))
    assert edit.day() == date(2027, 1, 4)
    assert changes == [date(2026, 11, 28), date(2026, 12, 28), date(2027, 1, 4)]


def test_no_date_field_of_the_app_is_a_qdateedit() -> None:
    """The walk above covers the dialogs that exist; a new date field must use DateEdit."""
    from pathlib import Path

    import partnerdesk.ui

    root = Path(partnerdesk.ui.__file__).parent
    users = [
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "QDateEdit" in path.read_text(encoding="utf-8")
    ]
    assert users == ["widgets/dates.py"]  # named there only to say why it is not used


def test_a_form_is_not_saved_while_a_date_field_holds_no_date(
    qtbot: Any, demo_context: AppContext, message_boxes: list[tuple[str, str]]
) -> None:
    from partnerdesk.core.funding.ledger import list_ledger

    dialog = _entry(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    edit = dialog.findChildren(DateEdit)[0]
    _retype(qtbot, edit, "31/31")
    with demo_context.database.session() as session:
        before = len(list_ledger(session))
    dialog.save()  # type: ignore[attr-defined]
    assert message_boxes and "“31/31” is not a date" in message_boxes[-1][1]
    with demo_context.database.session() as session:
        assert len(list_ledger(session)) == before
