"""Recording a review ("Complete review") and postponing one ("Snooze review")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget
from sqlmodel import Session

from partnerdesk.core.models import Review, ReviewOutcome
from partnerdesk.core.mou.register import MouDetail, get_mou
from partnerdesk.ui.context import AppContext
from partnerdesk.ui.widgets.dates import DateEdit
from partnerdesk.ui.widgets.field_errors import ErrorLabel
from partnerdesk.ui.widgets.form import FormDialog
from partnerdesk.ui.widgets.wording import sentence


class _ReviewDialogBase(FormDialog):
    """A form about one MOU's open review, with the agreement named above the fields."""

    record_type = Review

    save_is_default = False

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, parent=parent)
        self.mou_id = mou_id
        with context.database.session() as session:
            self.detail: MouDetail = get_mou(session, mou_id, today=context.today())
        # Recording or snoozing the review changes the MOU: refused (with what a colleague
        # changed) when the MOU moved on since this dialog opened.
        self.record_id, self.seen_version = mou_id, self.detail.row_version
        due = self.detail.next_review_due
        self.intro = QLabel(
            f"<b>{self.detail.reference_code}</b> {self.detail.title}<br>"
            + (f"Review due {due:%d %B %Y}" if due else "No review scheduled")
        )
        self.intro.setWordWrap(True)
        self.main_layout.insertWidget(0, self.intro)
        self.setMinimumWidth(520)


class CompleteReviewDialog(_ReviewDialogBase):
    """Date, outcome, reviewer and notes of a completed review."""

    save_text = "Record review"

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, mou_id, parent)
        self.outcome: ReviewOutcome | None = None  # the outcome recorded (after a save)
        self.setWindowTitle(f"Complete the review of {self.detail.reference_code}")
        self.date_edit = DateEdit(context.today(), self)
        self.add_row("Reviewed &on", "completed_date", self.date_edit)
        self.outcome_combo = QComboBox(self)
        for outcome in ReviewOutcome:
            self.outcome_combo.addItem(outcome.label, outcome)
        self.add_row("&Outcome", "outcome", self.outcome_combo)
        self.reviewer_edit = QLineEdit(self)
        self.reviewer_edit.setText(self.detail.owner)
        self.add_row("&Reviewer", "reviewer", self.reviewer_edit)
        self.notes_edit = QPlainTextEdit(self)
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setPlaceholderText("What was looked at and decided")
        self.add_row("&Notes", "notes", self.notes_edit)
        self.outcome_hint = QLabel(self)
        self.outcome_hint.setWordWrap(True)
        self.form.addRow("", self.outcome_hint)
        self.expiry_warning = ErrorLabel(self)
        self.form.addRow("", self.expiry_warning)
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self._explain_outcome())
        self.date_edit.sig_day_changed.connect(lambda _d: self._explain_outcome())
        self._explain_outcome()

    def _explain_outcome(self) -> None:
        from partnerdesk.core.mou.reviews import next_review_due_date, review_after_expiry

        outcome = ReviewOutcome(self.outcome_combo.currentData())
        interval = self.detail.review_interval_months
        following = next_review_due_date(None, interval, self.date_edit.day())
        text = {
            ReviewOutcome.RENEWED_UNCHANGED: f"The next review will be due on "
            f"{following:%d %B %Y}, {interval} months after this one.",
            ReviewOutcome.AMENDED: f"The next review will be due on {following:%d %B %Y}. "
            "After recording, you are offered to amend the MOU: the changes become a new "
            "version.",
            ReviewOutcome.TERMINATED: "The agreement ends: its status becomes terminated and no "
            "further review is scheduled.",
        }[outcome]
        self.outcome_hint.setText(text)
        warning = (
            ""
            if outcome == ReviewOutcome.TERMINATED
            else review_after_expiry(following, self.detail.expiry_date)
        )
        self.expiry_warning.show_error(sentence(warning))

    def work(self) -> Callable[[Session], None]:
        from partnerdesk.core.mou.reviews import complete_review

        mou_id, today, seen = self.mou_id, self.context.today(), self.seen_version
        completed = self.date_edit.day()
        # Qt hands str-based enums back as plain str.
        outcome = ReviewOutcome(self.outcome_combo.currentData())
        reviewer, notes = self.reviewer_edit.text(), self.notes_edit.toPlainText()
        self.outcome = outcome

        def job(session: Session) -> None:
            complete_review(
                session,
                mou_id,
                completed_date=completed,
                outcome=outcome,
                today=today,
                reviewer=reviewer,
                notes=notes,
                seen_version=seen,
            )

        return job


class SnoozeDialog(_ReviewDialogBase):
    """Postpone the open review to a later date, with the reason."""

    save_text = "Snooze"

    def __init__(self, context: AppContext, mou_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, mou_id, parent)
        self.setWindowTitle(f"Snooze the review of {self.detail.reference_code}")
        start = max(context.today(), self.detail.next_review_due or context.today())
        self.until_edit = DateEdit(start + timedelta(days=30), self)
        self.add_row("Postpone &to", "snoozed_until", self.until_edit)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setPlaceholderText("e.g. waiting for the hospital board in January")
        self.add_row("&Reason", "snooze_reason", self.reason_edit)
        self.expiry_warning = ErrorLabel(self)
        self.form.addRow("", self.expiry_warning)
        self.until_edit.sig_day_changed.connect(lambda _d: self._warn_after_expiry())
        self._warn_after_expiry()

    def _warn_after_expiry(self) -> None:
        from partnerdesk.core.mou.reviews import review_after_expiry

        warning = review_after_expiry(self.until_edit.day(), self.detail.expiry_date)
        self.expiry_warning.show_error(sentence(warning))

    def work(self) -> Callable[[Session], object]:
        from partnerdesk.core.mou.reviews import snooze_review

        mou_id, today, seen = self.mou_id, self.context.today(), self.seen_version
        until: date = self.until_edit.day()
        reason = self.reason_edit.text()
        return lambda session: snooze_review(
            session, mou_id, until=until, reason=reason, today=today, seen_version=seen
        )
