"""Screens people actually have (issue #15): every area and dialog usable at 1024x700,
nothing cut off and no sideways scrolling in the main lists at 1366x768.

The window used to refuse to shrink below 904x750 (the Funding page), and the composer
needed 1114 pixels."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

from partnerdesk.core import models as m
from partnerdesk.core.directory.groups import list_groups
from partnerdesk.core.mou.clauses import list_clauses
from partnerdesk.core.mou.register import find_mou
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.main_window import MainWindow
from partnerdesk.ui.widgets.list_area import RecordList

SMALL = QSize(1024, 700)
LAPTOP = QSize(1366, 768)


def fits(size: QSize, limit: QSize) -> bool:
    return size.width() <= limit.width() and size.height() <= limit.height()


def every_page(window: MainWindow) -> list[tuple[str, QWidget]]:
    """Each area, and each tab of it, shown in turn (name, the page on screen)."""
    pages: list[tuple[str, QWidget]] = []
    for row, area in enumerate(window.areas):
        window.show_area(row)
        QApplication.processEvents()  # the layouts settle: the minimum sizes are current
        pages.append((area.title, area))
        for tabs in area.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                pages.append((f"{area.title} > {tabs.tabText(index)}", tabs.widget(index)))
    return pages


def every_list(window: MainWindow, size: QSize, qtbot: Any) -> Iterator[tuple[str, RecordList]]:
    """The window at ``size``; each list on screen in each area and tab, loaded (name, list)."""
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    for name, page in every_page(window):
        lists = [page] if isinstance(page, RecordList) else page.findChildren(RecordList)
        for records in lists:
            if records.isVisible():
                records.ensure_loaded()
                qtbot.wait(1)  # let the columns settle to the width they were given
                yield name, records


def test_the_window_shrinks_to_1024x700_in_every_area(window: MainWindow, qtbot: Any) -> None:
    too_big = []
    for row, area in enumerate(window.areas):
        window.show_area(row)
        tabs = area.findChildren(QTabWidget)
        for index in range(max([t.count() for t in tabs] or [1])):
            for each in tabs:
                each.setCurrentIndex(min(index, each.count() - 1))
            QApplication.processEvents()  # the layouts settle: the minimum sizes are current
            for what, size in (("hint", window.minimumSizeHint()), ("set", window.minimumSize())):
                if not fits(size, SMALL):
                    where = f"{area.title} tab {index}"
                    too_big.append(f"{where}: minimum {what} {size.width()}x{size.height()}")
    assert too_big == []
    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL)


def test_no_main_list_scrolls_sideways_at_1366x768(window: MainWindow, qtbot: Any) -> None:
    scrolled = []
    for name, records in every_list(window, LAPTOP, qtbot):
        bar = records.table.horizontalScrollBar()
        if bar.maximum() > 0:
            scrolled.append(f"{name}: {records._noun} scroll by {bar.maximum()} px")
    assert scrolled == []


# --------------------------------------------------------------------------- every dialog


def _mou_id(context: AppContext, code: str = "RIV-CR-01") -> int:
    with context.database.session() as session:
        return find_mou(session, code)


def _amended(context: AppContext) -> int:
    from partnerdesk.core.mou.commands import amend_mou

    with context.database.transaction() as session:
        amended = amend_mou(session, _mou_id(context), None, None, today=context.today())
        assert amended.id is not None
        return amended.id


def _dialogs() -> list[tuple[str, Callable[[AppContext, Path], QDialog]]]:
    from partnerdesk.ui.dialogs.clauses.editor import ClauseEditor
    from partnerdesk.ui.dialogs.clauses.history import ClauseHistoryDialog
    from partnerdesk.ui.dialogs.directory.contact import ContactEditor
    from partnerdesk.ui.dialogs.directory.contacts_import import ContactsImportDialog
    from partnerdesk.ui.dialogs.directory.groups import AddMembersDialog, GroupDialog
    from partnerdesk.ui.dialogs.directory.organization import OrganizationEditor
    from partnerdesk.ui.dialogs.funding.assumptions import AssumptionsEditor
    from partnerdesk.ui.dialogs.funding.cost import CostEditor
    from partnerdesk.ui.dialogs.funding.entry import EntryEditor
    from partnerdesk.ui.dialogs.funding.grant_terms import TermsEditor
    from partnerdesk.ui.dialogs.funding.ledger_import import ImportDialog
    from partnerdesk.ui.dialogs.funding.obligation import ObligationDialog
    from partnerdesk.ui.dialogs.funding.obligation_rule import RuleEditor
    from partnerdesk.ui.dialogs.funding.prospect import AwardDialog, ProspectEditor
    from partnerdesk.ui.dialogs.funding.source import SourceEditor
    from partnerdesk.ui.dialogs.mou.compare import CompareDialog
    from partnerdesk.ui.dialogs.mou.composer import MouComposer
    from partnerdesk.ui.dialogs.mou.editor import EditorMode, MouEditor
    from partnerdesk.ui.dialogs.mou.generate import GenerateDialog
    from partnerdesk.ui.dialogs.mou.review import CompleteReviewDialog, SnoozeDialog
    from partnerdesk.ui.dialogs.outcomes.evaluation import EvaluationEditor
    from partnerdesk.ui.dialogs.outcomes.indicator import IndicatorEditor
    from partnerdesk.ui.dialogs.outcomes.launch import LaunchDialog
    from partnerdesk.ui.dialogs.outcomes.mou_indicators import MouIndicatorsDialog
    from partnerdesk.ui.dialogs.outcomes.report import ReportDialog
    from partnerdesk.ui.dialogs.outcomes.unit_cost import UnitCostEditor
    from partnerdesk.ui.dialogs.outcomes.values_import import ValuesImportDialog
    from partnerdesk.ui.dialogs.program.deleted import DeletedRecordsDialog
    from partnerdesk.ui.dialogs.program.help import GuideWindow, ShortcutsDialog
    from partnerdesk.ui.dialogs.program.settings import ProgramSettingsDialog
    from partnerdesk.ui.dialogs.training.attendance import AttendanceDialog
    from partnerdesk.ui.dialogs.training.attendance_import import ImportAttendanceDialog
    from partnerdesk.ui.dialogs.training.catalogue import (
        CourseEditor,
        RequirementEditor,
        RoleEditor,
    )
    from partnerdesk.ui.dialogs.training.responder import AddRespondersDialog, ResponderEditor
    from partnerdesk.ui.dialogs.training.session import SessionEditor
    from partnerdesk.ui.views.contacts import CONTACT_COLUMNS

    def first_clause(context: AppContext) -> int:
        with context.database.session() as session:
            return list_clauses(session)[0].id

    def first(context: AppContext, column: Any) -> int:
        """The first value of ``column`` (an id) in the demo."""
        from sqlmodel import select

        with context.database.session() as session:
            found = session.exec(select(column).order_by(column)).first()
        assert found is not None, column
        return int(found)

    def csv(folder: Path, text: str) -> Path:
        path = folder / "values.csv"
        path.write_text(text, encoding="utf-8")
        return path

    def first_group(context: AppContext) -> Any:
        with context.database.session() as session:
            return list_groups(session)[0]

    return [
        ("MOU editor", lambda c, _t: MouEditor(c, mode=EditorMode.EDIT, mou_id=_mou_id(c))),
        ("new MOU", lambda c, _t: MouEditor(c, mode=EditorMode.NEW)),
        ("composer", lambda c, _t: MouComposer(c, _mou_id(c))),
        ("compare versions", lambda c, _t: CompareDialog(c, _amended(c))),
        ("generate draft", lambda c, t: GenerateDialog(t / "draft.docx", ["a gap"] * 6, True)),
        ("complete review", lambda c, _t: CompleteReviewDialog(c, _mou_id(c, "RIV-HD-01"))),
        ("snooze review", lambda c, _t: SnoozeDialog(c, _mou_id(c, "RIV-HD-01"))),
        ("clause editor", lambda c, _t: ClauseEditor(c, first_clause(c))),
        ("new clause", lambda c, _t: ClauseEditor(c)),
        ("clause versions", lambda c, _t: ClauseHistoryDialog(c, first_clause(c))),
        ("ledger entry", lambda c, _t: EntryEditor(c)),
        ("funding source", lambda c, _t: SourceEditor(c, 1)),
        ("cost line", lambda c, _t: CostEditor(c)),
        ("assumptions", lambda c, _t: AssumptionsEditor(c)),
        ("ledger import", lambda c, t: ImportDialog(c, t / "ledger.xlsx", ["Date", "Amount"])),
        ("contact", lambda c, _t: ContactEditor(c, 1)),
        ("organization", lambda c, _t: OrganizationEditor(c, 1)),
        ("group", lambda c, _t: GroupDialog(c, first_group(c))),
        ("add members", lambda c, _t: AddMembersDialog(c, first_group(c), CONTACT_COLUMNS[:3])),
        ("contacts import", lambda c, _t: ContactsImportDialog(c)),
        ("grant terms", lambda c, _t: TermsEditor(c, first(c, m.GrantTerms.funding_source_id))),
        ("obligation", lambda c, _t: ObligationDialog(c, first(c, m.Obligation.id))),
        ("obligation rule", lambda c, _t: RuleEditor(c, first(c, m.ObligationRule.id))),
        ("prospect", lambda c, _t: ProspectEditor(c, first(c, m.FundingProspect.id))),
        ("award prospect", lambda c, _t: AwardDialog(c, first(c, m.FundingProspect.id))),
        ("evaluation", lambda c, _t: EvaluationEditor(c, first(c, m.Evaluation.id))),
        ("indicator", lambda c, _t: IndicatorEditor(c, first(c, m.Indicator.id))),
        ("launch", lambda c, _t: LaunchDialog(c)),
        ("MOU indicators", lambda c, _t: MouIndicatorsDialog(c, _mou_id(c))),
        ("evaluation report", lambda c, _t: ReportDialog(c, first(c, m.Evaluation.id))),
        ("unit cost", lambda c, _t: UnitCostEditor(c, first(c, m.UnitCost.id))),
        ("values import", lambda c, t: ValuesImportDialog(c, csv(t, "Month,Arrests\n2026-07,3\n"))),
        ("deleted records", lambda c, _t: DeletedRecordsDialog(c)),
        ("user guide", lambda c, _t: GuideWindow()),
        ("keyboard shortcuts", lambda c, _t: ShortcutsDialog([])),
        ("program settings", lambda c, _t: ProgramSettingsDialog(c)),
        ("attendance", lambda c, _t: AttendanceDialog(c, first(c, m.TrainingSession.id))),
        ("attendance import", lambda c, t: ImportAttendanceDialog(c, csv(t, "Name\nX\n"))),
        ("training role", lambda c, _t: RoleEditor(c, first(c, m.TrainingRole.id))),
        ("requirement", lambda c, _t: RequirementEditor(c, first(c, m.TrainingRequirement.id))),
        ("course", lambda c, _t: CourseEditor(c, first(c, m.TrainingCourse.id))),
        ("responder", lambda c, _t: ResponderEditor(c, first(c, m.Responder.id))),
        ("add responders", lambda c, _t: AddRespondersDialog(c)),
        ("training session", lambda c, _t: SessionEditor(c, first(c, m.TrainingSession.id))),
    ]


@pytest.mark.parametrize(("name", "make"), _dialogs(), ids=[name for name, _ in _dialogs()])
def test_every_dialog_fits_1024x700(
    qtbot: Any,
    demo_context: AppContext,
    tmp_path: Path,
    name: str,
    make: Callable[[AppContext, Path], QDialog],
) -> None:
    dialog = make(demo_context, tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for what, size in (("hint", dialog.minimumSizeHint()), ("set", dialog.minimumSize())):
        assert fits(size, SMALL), f"{name}: minimum {what} {size.width()}x{size.height()}"
    # Opened on a small screen (the test screen is 800x800), it opens within it, unless
    # its layout needs more (checked above to be no more than 1024x700).
    screen = dialog.screen().availableGeometry().size()
    assert fits(dialog.size(), screen.expandedTo(dialog.minimumSizeHint())), name


def test_every_dialog_class_is_checked() -> None:
    """A dialog added later is added to the list above (or this fails)."""
    import importlib
    import pkgutil

    import partnerdesk.ui.dialogs as dialogs_package

    for module in pkgutil.walk_packages(dialogs_package.__path__, "partnerdesk.ui.dialogs."):
        importlib.import_module(module.name)

    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found | {sub for child in found for sub in subclasses(child)}

    names = {
        cls.__name__
        for cls in subclasses(QDialog)
        if cls.__module__.startswith("partnerdesk.ui.dialogs")
        and not cls.__name__.startswith("_")
        and "<locals>" not in cls.__qualname__  # made inside a function (the print preview)
    }
    checked = {
        "MouEditor", "MouComposer", "CompareDialog", "GenerateDialog", "CompleteReviewDialog",
        "SnoozeDialog", "ClauseEditor", "ClauseHistoryDialog", "EntryEditor", "SourceEditor",
        "CostEditor", "AssumptionsEditor", "ImportDialog", "ContactEditor",
        "OrganizationEditor", "GroupDialog", "AddMembersDialog", "ContactsImportDialog",
        "TermsEditor", "ObligationDialog", "RuleEditor", "ProspectEditor", "AwardDialog",
        "EvaluationEditor", "IndicatorEditor", "LaunchDialog", "MouIndicatorsDialog",
        "ReportDialog", "UnitCostEditor", "ValuesImportDialog", "DeletedRecordsDialog",
        "GuideWindow", "ShortcutsDialog", "ProgramSettingsDialog", "AttendanceDialog",
        "ImportAttendanceDialog", "RoleEditor", "RequirementEditor", "CourseEditor",
        "ResponderEditor", "AddRespondersDialog", "SessionEditor",
    }  # fmt: skip
    assert names - checked == set()


def test_short_values_are_never_cut_at_1024x700(window: MainWindow, qtbot: Any) -> None:
    """Dates, amounts with their cents and statuses show whole; long names give way."""
    cut = []
    for name, records in every_list(window, SMALL, qtbot):
        table, model = records.table, records.table.model()
        metrics = table.fontMetrics()
        for column in range(model.columnCount()):
            for row in range(model.rowCount()):
                text = str(model.index(row, column).data() or "")
                short = text[:1] in ("$", "-") or text[:4].isdigit()  # amount, date
                if short and metrics.horizontalAdvance(text) + 6 > table.columnWidth(column):
                    cut.append(f"{name}: {text!r} in {table.columnWidth(column)} px")
    assert cut == []


def test_chart_legends_and_year_labels_are_whole_at_1024x700(
    window: MainWindow, qtbot: Any
) -> None:
    from partnerdesk.ui.views.funding import FundingView

    window.resize(SMALL)
    qtbot.waitUntil(lambda: window.size() == SMALL)
    row = next(i for i, area in enumerate(window.areas) if isinstance(area, FundingView))
    window.show_area(row)
    funding = window.areas[row]
    tabs = funding.findChild(QTabWidget)
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if "Sustain" in tabs.tabText(i)))
    panel = tabs.currentWidget()
    qtbot.waitUntil(lambda: panel.analysis is not None and panel.bars is not None)
    QApplication.processEvents()
    for chart in (panel.donut, panel.bars):
        legend = chart.legend
        assert legend.isVisible() and chart.legend_names()
        # The whole legend shows: as wide and as tall as its wrapped text needs.
        assert legend.width() >= legend.minimumSizeHint().width()
        assert legend.height() >= legend.heightForWidth(legend.width())
        assert legend.geometry().right() <= chart.width()
    assert "Healthcare partnership" in panel.bars.legend_names()
    # Room for every year under the bars: "FY2027", not "FY…".
    plot = panel.bars.chart.plotArea()
    metrics = panel.bars.fontMetrics()
    per_year = plot.width() / len(panel.bars.categories)
    assert all(metrics.horizontalAdvance(y) + 8 < per_year for y in panel.bars.categories)
