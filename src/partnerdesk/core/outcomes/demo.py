"""The demo program's outcomes: the default catalogue, a launch at the start of the
co-responder agreement, twelve months of baseline and every month since launch, unit costs
with their sources, the evaluations (6 and 12 months done, 24 coming) and the indicators the
MOUs commit to.

The figures are invented but plausible, and the same whatever day the demo is loaded: each
month's value depends only on its place relative to launch. After launch, arrests on
behavioral-health calls fall by about 40 %, use of force by about a third, emergency-
department visits by about a quarter, and the crisis teams take a growing share of the calls.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from partnerdesk.core.models import (
    AuditAction,
    EvaluationStatus,
    IndicatorValue,
    Mou,
    MouIndicator,
    Organization,
)
from partnerdesk.core.models.outcomes import VALUE_SCALE
from partnerdesk.core.outcomes.baselines import BASELINE_MONTHS, set_mou_launch
from partnerdesk.core.outcomes.catalogue import load_default_catalogue
from partnerdesk.core.outcomes.evaluations import (
    get_evaluation,
    list_evaluations,
    save_launch,
    update_evaluation,
)
from partnerdesk.core.outcomes.summaries import month_index, month_of, months_between
from partnerdesk.core.outcomes.unit_costs import UnitCostInput, create_unit_cost
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.bulk import insert_rows
from partnerdesk.core.platform.dates import add_months
from partnerdesk.core.platform.schema import ChangeKind

RAMP_MONTHS = 4  # the teams reach their full effect four months after launch


def _ramp(index: int) -> float:
    """0 before launch, rising to 1 over the first months after it."""
    return 0.0 if index < 1 else min(1.0, index / RAMP_MONTHS)


def _noise(code: str, index: int, spread: float) -> float:
    return random.Random(f"{code}:{index}").uniform(-spread, spread)


def _season(index: int) -> float:
    """Summer months are busier for crisis lines."""
    return [0.96, 0.95, 0.98, 1.0, 1.03, 1.07, 1.09, 1.08, 1.03, 1.0, 0.97, 0.96][index % 12]


# code -> (figure before launch, figure at full effect, relative noise, months it starts).
# A start of None: from the first baseline month.
_LEVELS: dict[str, tuple[float, float, float, int | None]] = {
    "crisis_calls": (520, 545, 0.05, None),
    "arrests": (46, 27.5, 0.09, None),
    "use_of_force": (18, 12, 0.12, None),
    "ed_visits": (120, 90, 0.07, None),
    "involuntary_holds": (34, 24, 0.1, None),
    "repeat_contacts": (62, 46, 0.08, None),
    "police_requested": (0, 14, 0.15, 1),
    "follow_up_72h": (55, 79, 0.03, 1),
    "training_completion": (38, 97, 0.01, -3),
    "protocol_adherence": (81, 93, 0.02, 1),
    "partnership_satisfaction": (66, 82, 0.03, 3),
}


def _figure(code: str, index: int) -> float | None:
    before, after, spread, start = _LEVELS[code]
    if start is not None and index < start:
        return None
    if code == "partnership_satisfaction" and index % 3 != 0:
        return None  # a quarterly survey
    if code == "training_completion":
        level = before + (after - before) * min(1.0, max(0.0, (index + 3) / 9))
        return min(100.0, level * (1 + _noise(code, index, spread)))
    level = before + (after - before) * _ramp(index)
    season = _season(index) if code in ("crisis_calls", "arrests", "ed_visits") else 1.0
    return level * season * (1 + _noise(code, index, spread))


def _whole(value: float) -> int:
    return max(0, round(value))


def _values(
    ids: Mapping[str, int], agencies: Mapping[str, int], launch: date, mobile: date, last: date
) -> list[tuple[Any, ...]]:
    """Rows (indicator_id, month, agency_id, value_milli) from the baseline to ``last``."""
    rows: list[tuple[Any, ...]] = []
    launch_month = month_of(launch)
    mobile_index = month_index(launch_month, month_of(mobile))

    def add(code: str, month: date, value: float, agency: str | None = None) -> None:
        milli = round(value * VALUE_SCALE)
        rows.append((ids[code], month, agencies[agency] if agency else None, milli))

    for month in months_between(add_months(launch_month, -BASELINE_MONTHS), last):
        index = month_index(launch_month, month)
        calls = _whole(_figure("crisis_calls", index) or 0)
        eligible = _whole(calls * (0.61 + _noise("eligible", index, 0.02)))
        add("crisis_calls", month, calls)
        add("eligible_calls", month, eligible)
        # A small pilot unit before launch; both teams later (the mobile team since its MOU).
        share = 0.09 + 0.5 * _ramp(index)
        police = _whole(eligible * share * (1 + _noise("handled", index, 0.05)))
        add("handled_calls", month, police, "police")
        handled = police
        minutes_police = 19.5 - 5.0 * _ramp(index) + _noise("rt-police", index, 0.8)
        add("response_time", month, round(minutes_police, 1), "police")
        if index >= mobile_index:
            teams = _ramp(index - mobile_index + 1)
            health = _whole(eligible * 0.16 * teams * (1 + _noise("mobile", index, 0.06)))
            add("handled_calls", month, health, "health")
            handled += health
            minutes = 18.5 - 2.0 * teams + _noise("rt-health", index, 0.7)
            add("response_time", month, round(minutes, 1), "health")
        resolved = _whole(handled * (0.5 + 0.08 * _ramp(index) + _noise("resolved", index, 0.03)))
        made = _whole(handled * (0.38 + _noise("made", index, 0.03)))
        add("resolved_on_scene", month, resolved)
        add("referrals_made", month, made)
        add("referrals_completed", month, _whole(made * (0.46 + 0.1 * _ramp(index))))
        for code in _LEVELS:
            if code == "crisis_calls":
                continue
            value = _figure(code, index)
            if value is None:
                continue
            percent = code in ("follow_up_72h", "training_completion", "protocol_adherence",
                               "partnership_satisfaction")  # fmt: skip
            add(code, month, round(min(value, 100.0), 1) if percent else _whole(value))
    return rows


_UNIT_COSTS: list[tuple[str, str, str, str, str]] = [
    # name, amount, indicator code, units per event, source
    ("Booking (arrest processing)", "1150.00", "arrests", "1",
     "Riverton Police Department cost study, FY2024 (demo figure)"),
    ("Jail day", "145.00", "arrests", "2.5",
     "Harbor County jail per-diem rate; 2.5 days is the county's average pre-trial stay"),
    ("Officer hour", "78.00", "arrests", "3",
     "Loaded hourly cost of a patrol officer; an arrest takes about 3 officer hours"),
    ("Emergency-department visit", "2200.00", "ed_visits", "1",
     "St. Brigid Regional Hospital finance office, average cost of a behavioral-health visit"),
    ("Hospital admission", "11500.00", "ed_visits", "0.15",
     "Average inpatient psychiatric admission; 15 % of crisis ED visits lead to one"),
    ("Psychiatric emergency evaluation", "1900.00", "involuntary_holds", "1",
     "County behavioral-health authority, cost of an emergency evaluation and transport"),
]  # fmt: skip

_COMMITMENTS = {
    "co": ["arrests", "use_of_force", "ed_visits", "response_time", "share_handled",
           "referral_completion", "training_completion"],
    "mobile": ["response_time", "resolved_share", "referral_completion", "follow_up_72h",
               "police_requested"],
}  # fmt: skip

_FINDINGS = {
    6: (
        "Both co-responder units are staffed and the training roster is nearly complete. "
        "Arrests on behavioral-health calls are already below the baseline; response times "
        "are still above target while dispatch learns the new screening questions.",
        "Twelve interviews with officers and clinicians: the hand-over at the scene works, "
        "but night shifts lack cover. Survey of partner staff: 71 % say the partnership works "
        "well.",
    ),
    12: (
        "Over the first year, arrests on behavioral-health calls were about a third below the "
        "baseline (40 % in the last months) and use of force 30 % lower; emergency-department "
        "visits fell by a fifth. The teams now handle over half of eligible calls.",
        "Interviews with 20 people the teams met: most felt listened to and said they were "
        "connected to help they used. Staff asked for a shared follow-up calendar, now in use.",
    ),
}


def _complete_done_evaluations(session: Session, today: date) -> None:
    for row in list_evaluations(session):
        if row.milestone_months not in _FINDINGS or row.due_date > today:
            continue
        findings, notes = _FINDINGS[row.milestone_months]
        current = get_evaluation(session, row.id)
        done = replace(
            current.as_input(),
            status=EvaluationStatus.COMPLETED,
            completed_date=min(today, row.due_date + timedelta(days=18)),
            evaluator="Harbor County evaluation unit",
            findings=findings,
            qualitative_notes=notes,
        )
        update_evaluation(session, row.id, done, current.row_version)


def load_outcomes_demo(
    session: Session,
    today: date,
    orgs: Mapping[str, Organization],
    mous: Mapping[str, Mou],
) -> int:
    """Fill the outcomes of the demo program; returns how many monthly values it holds."""
    co, mobile = mous["co"], mous["mobile"]
    assert co.effective_date is not None and mobile.effective_date is not None
    assert co.id is not None and mobile.id is not None
    launch = month_of(co.effective_date)
    ids = load_default_catalogue(session)
    save_launch(session, launch)
    set_mou_launch(session, mobile.id, month_of(mobile.effective_date))
    agencies = {key: org.id for key, org in orgs.items() if org.id is not None}
    last = add_months(month_of(today), -1)
    rows = _values(ids, agencies, launch, mobile.effective_date, last)
    insert_rows(
        session,
        IndicatorValue,
        rows,
        columns=("indicator_id", "month", "agency_id", "value_milli"),
    )
    audit.record(
        session,
        ChangeKind.INDICATOR_VALUE,
        None,
        AuditAction.IMPORT,
        summary=f"Demo outcomes: {len(rows)} monthly values",
    )
    for name, amount, code, per_event, source in _UNIT_COSTS:
        create_unit_cost(
            session, UnitCostInput(name, Decimal(amount), source, ids[code], Decimal(per_event))
        )
    for key, codes in _COMMITMENTS.items():
        mou_id = mous[key].id
        assert mou_id is not None
        # As the demo composes its MOUs: child rows of a new record, not an edit of it.
        session.add_all(
            MouIndicator(mou_id=mou_id, indicator_id=ids[code], position=position)
            for position, code in enumerate(codes)
        )
    _complete_done_evaluations(session, today)
    return len(rows)
