"""The program's launch, the baseline each figure is compared with, and the outcomes
settings (small-number threshold, evaluation milestones).

- **Launch.** One date for the program (setting ``outcomes_launch_date``), and optionally
  one per MOU (table ``mou_launch``) for an agreement whose part of the program started
  later. The month that holds the launch day is month 1 after launch.
- **Baseline.** Per indicator: its own window when set, otherwise the 12 months before the
  launch month.
- **Small numbers.** Counts from 1 up to the threshold (default 11, so 1-10) are shown as
  "<11" in every exported report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from partnerdesk.core.models import AuditAction, Indicator, Mou, MouLaunch
from partnerdesk.core.outcomes.summaries import month_of
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.dates import add_months, check_supported_day
from partnerdesk.core.platform.errors import NotFoundError, ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.settings import get_setting, set_setting

LAUNCH_KEY = "outcomes_launch_date"
THRESHOLD_KEY = "outcomes_small_number_threshold"
MILESTONES_KEY = "outcomes_evaluation_milestones"
DEFAULT_THRESHOLD = 11
DEFAULT_MILESTONES = (6, 12, 24)
BASELINE_MONTHS = 12


@dataclass(frozen=True)
class OutcomeSettings:
    launch_date: date | None
    small_number_threshold: int
    milestones: tuple[int, ...]


def program_launch(session: Session) -> date | None:
    text = get_setting(session, LAUNCH_KEY)
    return date.fromisoformat(text) if text else None


def mou_launch(session: Session, mou_id: int) -> date | None:
    """The MOU's own launch date, when it has one (not the program's)."""
    row = session.get(MouLaunch, mou_id)
    return row.launch_date if row is not None else None


def launch_for(session: Session, mou_id: int | None) -> date | None:
    """The launch that counts for an MOU's figures (its own, else the program's), or the
    program's."""
    own = mou_launch(session, mou_id) if mou_id is not None else None
    return own or program_launch(session)


def outcome_settings(session: Session) -> OutcomeSettings:
    threshold = get_setting(session, THRESHOLD_KEY)
    milestones = get_setting(session, MILESTONES_KEY)
    return OutcomeSettings(
        program_launch(session),
        int(threshold) if threshold else DEFAULT_THRESHOLD,
        parse_milestones(milestones) if milestones else DEFAULT_MILESTONES,
    )


def parse_milestones(text: str) -> tuple[int, ...]:
    """``"6, 12, 24"`` -> (6, 12, 24): months after launch, each 1 to 120, no repeats."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if not parts or not all(part.isascii() and part.isdigit() for part in parts):
        raise ValidationError(
            f"{text!r}: give the evaluation milestones as months after launch, e.g. 6, 12, 24",
            field="milestones",
        )
    months = sorted({int(part) for part in parts})
    if months[0] < 1 or months[-1] > 120:
        raise ValidationError("evaluation milestones are 1 to 120 months", field="milestones")
    return tuple(months)


def save_outcome_settings(
    session: Session,
    *,
    launch_date: date | None,
    small_number_threshold: int,
    milestones: tuple[int, ...],
) -> None:
    """Save the program's launch date and the outcomes settings (audited as a setting)."""
    before = outcome_settings(session)
    if launch_date is not None:
        check_supported_day(launch_date, "launch date")
    if not 2 <= small_number_threshold <= 100:
        raise ValidationError(
            "the small-number threshold is 2 to 100 (11 hides counts of 1 to 10)",
            field="threshold",
        )
    parse_milestones(",".join(str(m) for m in milestones))
    set_setting(session, LAUNCH_KEY, launch_date.isoformat() if launch_date else "")
    set_setting(session, THRESHOLD_KEY, str(small_number_threshold))
    set_setting(session, MILESTONES_KEY, ",".join(str(m) for m in milestones))
    audit.record(
        session,
        ChangeKind.SETTING,
        None,
        AuditAction.UPDATE,
        summary="Outcomes: launch and settings",
        changes={
            "launch_date": (before.launch_date, launch_date),
            "small_number_threshold": (before.small_number_threshold, small_number_threshold),
            "evaluation_milestones": (
                ",".join(map(str, before.milestones)),
                ",".join(map(str, milestones)),
            ),
        },
    )


def set_mou_launch(session: Session, mou_id: int, launch_date: date | None) -> None:
    """Give an MOU its own launch date (None: it follows the program's)."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU {mou_id} does not exist")
    if launch_date is not None:
        check_supported_day(launch_date, "launch date")
    row = session.get(MouLaunch, mou_id)
    old = row.launch_date if row is not None else None
    if old == launch_date:
        return
    if launch_date is None:
        assert row is not None
        session.delete(row)
    elif row is None:
        session.add(MouLaunch(mou_id=mou_id, launch_date=launch_date))
    else:
        row.launch_date = launch_date
        session.add(row)
    audit.record(
        session,
        ChangeKind.MOU,
        mou_id,
        AuditAction.UPDATE,
        summary=f"{mou.reference_code}: launch date",
        changes={"launch_date": (old, launch_date)},
    )
    session.flush()


def baseline_window(indicator: Indicator, launch: date | None) -> tuple[date, date] | None:
    """First and last month of the indicator's baseline (its own, else the 12 months before
    the launch month); None without either."""
    if indicator.baseline_from is not None and indicator.baseline_to is not None:
        return indicator.baseline_from, indicator.baseline_to
    if launch is None:
        return None
    launch_month = month_of(launch)
    return add_months(launch_month, -BASELINE_MONTHS), add_months(launch_month, -1)
