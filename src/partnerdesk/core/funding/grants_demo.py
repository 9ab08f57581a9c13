"""The grants of the demo partnership: what the federal grant obliges the program to, and
two prospects in the pipeline.

The federal grant (from the start of the last fiscal year to the end of the next one)
gets quarterly progress and financial reports, 30 days after each grant quarter, every
one submitted on time so far except the latest progress report, which is overdue; a
final report 90 days after the end; a continuation (renewal) application nine months
before the end; and a 25 % local match, met by the city's contribution. Dates follow
``today``, so the demo looks the same whenever it is loaded.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

from partnerdesk.core.funding.grant_terms import TermsInput, save_terms
from partnerdesk.core.funding.obligations import ItemInput, RuleInput, create_rule, save_item
from partnerdesk.core.funding.pipeline import ProspectInput, create_prospect
from partnerdesk.core.funding.totals import fiscal_start_month
from partnerdesk.core.models import (
    Contact,
    FundingSource,
    FundingSourceKind,
    Obligation,
    ObligationKind,
    ObligationRule,
    ObligationSchedule,
    ObligationStatus,
    Organization,
    ProspectStage,
)
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of

FEDERAL_REMINDER_DAYS = (30, 14, 3)


def _id_of(session: Session, model: type[Contact] | type[Organization], name: str) -> int:
    column = Contact.full_name if model is Contact else Organization.name
    found = session.exec(select(model.id).where(column == name)).one()  # type: ignore[attr-defined]
    assert found is not None
    return int(found)


def load_grants_demo(session: Session, today: date) -> None:
    federal = session.exec(
        select(FundingSource).where(FundingSource.kind == FundingSourceKind.FEDERAL_GRANT)
    ).one()
    city = session.exec(
        select(FundingSource).where(FundingSource.kind == FundingSourceKind.MUNICIPAL_BUDGET)
    ).one()
    assert federal.id is not None and city.id is not None
    people = {name: _id_of(session, Contact, name) for name in _OWNERS}
    save_terms(
        session,
        federal.id,
        TermsInput(
            match_share_pct=Decimal(25),
            match_source_ids=[city.id],
            reminder_days=FEDERAL_REMINDER_DAYS,
        ),
    )
    progress = create_rule(
        session,
        RuleInput(
            federal.id,
            ObligationKind.PROGRESS_REPORT,
            "Quarterly progress report",
            ObligationSchedule.EACH_PERIOD,
            period_months=3,
            offset_days=30,
            owner_contact_id=people["Jordan Ellis"],
            notes="Calls answered, diversions from arrest and emergency rooms, follow-ups.",
        ),
    )
    create_rule(
        session,
        RuleInput(
            federal.id,
            ObligationKind.FINANCIAL_REPORT,
            "Quarterly federal financial report",
            ObligationSchedule.EACH_PERIOD,
            period_months=3,
            offset_days=30,
            owner_contact_id=people["Jordan Ellis"],
            notes="Drawdowns and the local match of the quarter.",
        ),
    )
    create_rule(
        session,
        RuleInput(
            federal.id,
            ObligationKind.FINAL_REPORT,
            "Final performance and financial report",
            ObligationSchedule.GRANT_END,
            offset_days=90,
            owner_contact_id=people["Jordan Ellis"],
        ),
    )
    create_rule(
        session,
        RuleInput(
            federal.id,
            ObligationKind.RENEWAL_APPLICATION,
            "Continuation application",
            ObligationSchedule.GRANT_END,
            offset_months=-9,
            offset_days=0,
            owner_contact_id=people["Priya Raman"],
            notes="Needs the 12-month evaluation and letters of support from every partner.",
        ),
    )
    _history(session, progress, today)
    _prospects(session, today, people)


_OWNERS = ("Jordan Ellis", "Priya Raman", "Avery Collins")


def _history(session: Session, overdue_rule_id: int, today: date) -> None:
    """Every item due before today was submitted a few days early and, three weeks later,
    accepted, except the latest progress report: that one is overdue."""
    past = list(
        session.exec(
            select(Obligation)
            .join(ObligationRule, col(ObligationRule.id) == col(Obligation.rule_id))
            .where(col(Obligation.due_date) < today)
            .order_by(col(Obligation.due_date))
        )
    )
    overdue = max(
        (item for item in past if item.rule_id == overdue_rule_id), key=lambda i: i.due_date
    )
    for item in past:
        if item is overdue:
            continue
        assert item.id is not None
        submitted = item.due_date - timedelta(days=4)
        accepted = submitted + timedelta(days=21)
        done = accepted <= today
        save_item(
            session,
            item.id,
            ItemInput(
                ObligationStatus.ACCEPTED if done else ObligationStatus.SUBMITTED,
                submitted,
                accepted if done else None,
                "Submitted through the federal grants portal.",
            ),
            today=today,
        )


def _prospects(session: Session, today: date, people: dict[str, int]) -> None:
    start_month = fiscal_start_month(session)
    next_year_start, _ = fiscal_year_bounds(fiscal_year_of(today, start_month) + 1, start_month)
    create_prospect(
        session,
        ProspectInput(
            name="Medicaid crisis services billing pilot",
            kind=FundingSourceKind.INSURANCE_MEDICAID,
            amount_requested=Decimal("360000.00"),
            start_date=next_year_start,
            end_date=add_months(next_year_start, 24) - timedelta(days=1),
            stage=ProspectStage.SUBMITTED,
            probability_pct=60,
            decision_date=today + timedelta(days=45),
            funder_organization_id=_id_of(session, Organization, "Valley Health Plan"),
            owner_contact_id=people["Priya Raman"],
            notes="Bills mobile crisis visits of plan members; two-year pilot.",
        ),
    )
    create_prospect(
        session,
        ProspectInput(
            name="Peer respite expansion",
            kind=FundingSourceKind.COMMUNITY_FOUNDATION,
            amount_requested=Decimal("150000.00"),
            start_date=next_year_start,
            end_date=add_months(next_year_start, 24) - timedelta(days=1),
            stage=ProspectStage.DRAFTING,
            probability_pct=30,
            decision_date=today + timedelta(days=120),
            funder_organization_id=_id_of(session, Organization, "Riverton Community Foundation"),
            owner_contact_id=people["Avery Collins"],
            notes="A second peer specialist and a respite room for people after a crisis.",
        ),
    )
