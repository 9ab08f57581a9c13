"""What a draft MOU's template receives: the agreement, its parties, its sections with the
clause text filled in, the funding table for the current fiscal year and the review and
evaluation schedule (the variables are documented in templates/VARIABLES.md).

Clause text is filled in here, in its own sandbox (see :mod:`clause_variables`), and handed
to the template as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    FundingSource,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
    PartyRole,
    SharingTier,
)
from partnerdesk.core.mou.clause_variables import (
    number_in_words,
    render_clause_text,
    words_list,
)
from partnerdesk.core.mou.composition import Composition, get_composition
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.errors import NotFoundError
from partnerdesk.core.platform.money import format_money, from_cents
from partnerdesk.core.platform.settings import load_settings

TIER_DESCRIPTIONS = {
    SharingTier.BASIC: "Identity, location and the current risk assessment for the call",
    SharingTier.INTERMEDIATE: "Also diagnoses and treatment history, with written consent",
    SharingTier.FULL: "Complete records for open cases, to the assigned staff, with consent",
}


def long_date(day: date | None, missing: str = "[date to be agreed]") -> str:
    return missing if day is None else f"{day:%B} {day.day}, {day.year}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def clause_values(
    session: Session, mou: Mou, composition: Composition, today: date
) -> dict[str, Any]:
    """The values of the clause variables for one MOU (see CLAUSE_VARIABLES)."""
    settings = load_settings(session)
    parties = composition.parties
    lead = [p.organization_name for p in parties if p.role == PartyRole.LEAD_AGENCY]
    partners = [p.organization_name for p in parties if p.role == PartyRole.PARTNER]
    funders = [p.organization_name for p in parties if p.role == PartyRole.FUNDER]
    first_review = (
        add_months(mou.effective_date, mou.review_interval_months)
        if mou.effective_date is not None
        else None
    )
    return {
        "program_name": settings.program_name or "the partnership program",
        "mou_title": mou.title,
        "mou_reference": mou.reference_code,
        "mou_version": str(mou.version_number),
        "response_model": mou.response_model.label.lower(),
        "lead_agency": words_list(lead) or "[lead agency to be named]",
        "partner_agencies": words_list(partners) or "[partner agencies to be named]",
        "funders": words_list(funders) or "[funders to be named]",
        "all_parties": words_list([p.organization_name for p in parties]) or "the parties",
        "party_count": number_in_words(len(parties)),
        "effective_date": long_date(mou.effective_date, "[effective date to be agreed]"),
        "expiry_date": long_date(mou.expiry_date, "[end date to be agreed]"),
        "review_interval_months": mou.review_interval_months,
        "first_review_date": long_date(first_review, "[first review date to be set]"),
        "privacy_officers": words_list(list(composition.privacy_officers))
        or "[privacy officers to be named]",
        "liaisons": words_list(list(composition.liaisons)) or "[liaisons to be named]",
        "funding_sources": words_list(list(composition.funding_source_names))
        or "[funding sources to be linked]",
        # One line per indicator: the document prints each line as a paragraph.
        "evaluation_indicators": "\n".join(i.line() for i in composition.indicators)
        or "[evaluation indicators to be chosen]",
    }


def _funding_table(
    session: Session, composition: Composition, today: date, currency: str, start_month: int
) -> dict[str, Any]:
    fiscal_year = fiscal_year_of(today, start_month)
    first, last = fiscal_year_bounds(fiscal_year, start_month)
    rows: list[dict[str, Any]] = []
    total_committed = total_received = Decimal(0)
    if composition.funding_source_ids:
        sums: dict[tuple[int, LedgerEntryType], int] = {}
        for source_id, entry_type, cents in session.exec(
            select(
                LedgerEntry.funding_source_id,
                LedgerEntry.entry_type,
                sa.func.sum(col(LedgerEntry.amount_cents)),
            )
            .where(
                col(LedgerEntry.funding_source_id).in_(composition.funding_source_ids),
                col(LedgerEntry.entry_date) >= first,
                col(LedgerEntry.entry_date) <= last,
            )
            .group_by(col(LedgerEntry.funding_source_id), col(LedgerEntry.entry_type))
        ):
            sums[(source_id, LedgerEntryType(entry_type))] = int(cents or 0)
        sources = session.exec(
            select(FundingSource, Organization)
            .join(
                FundingSourceMou, col(FundingSourceMou.funding_source_id) == col(FundingSource.id)
            )
            .outerjoin(
                Organization, col(Organization.id) == col(FundingSource.funder_organization_id)
            )
            .where(FundingSourceMou.mou_id == composition.mou_id)
            .order_by(col(FundingSource.name))
        ).all()
        for source, funder in sources:
            sid = source.id or 0
            committed = from_cents(
                sums.get((sid, LedgerEntryType.BUDGETED), 0)
                + sums.get((sid, LedgerEntryType.ADJUSTMENT), 0)
            )
            received = from_cents(sums.get((sid, LedgerEntryType.RECEIVED), 0))
            total_committed += committed
            total_received += received
            rows.append(
                {
                    "source": source.name,
                    "funder": funder.name if funder is not None else "",
                    "kind": source.kind.label,
                    "restricted": " (restricted)" if source.restricted else "",
                    "committed": format_money(committed, currency),
                    "received": format_money(received, currency),
                    "grant_end": long_date(source.grant_end, ""),
                }
            )
    return {
        "fiscal_year": f"FY{fiscal_year} ({long_date(first)} to {long_date(last)})",
        "rows": rows,
        "has_rows": bool(rows),
        "total_committed": format_money(total_committed, currency),
        "total_received": format_money(total_received, currency),
    }


def _review_schedule(mou: Mou) -> list[dict[str, str]]:
    interval = max(mou.review_interval_months, 1)
    if mou.effective_date is None:
        return [
            {
                "date": "Every " + f"{interval} months",
                "what": "Review of this agreement, counted from the effective date",
            }
        ]
    items: list[tuple[date, str]] = [(mou.effective_date, "Agreement takes effect")]
    for months, label in ((6, "Evaluation at 6 months"), (24, "Evaluation at 24 months")):
        items.append((add_months(mou.effective_date, months), label))
    end = mou.expiry_date or add_months(mou.effective_date, 36)
    step = 1
    while step <= 10:
        due = add_months(mou.effective_date, interval * step)
        if due > end:
            break
        label = "Review of this agreement"
        if interval * step == 12:
            label += " and evaluation at 12 months"
        items.append((due, label))
        step += 1
    if mou.expiry_date is not None:
        items.append((mou.expiry_date, "Agreement ends unless renewed"))
    merged: dict[date, list[str]] = {}
    for day, what in sorted(items, key=lambda item: item[0]):
        merged.setdefault(day, []).append(what)
    return [
        {"date": long_date(day), "what": "; ".join([whats[0], *(w.lower() for w in whats[1:])])}
        for day, whats in merged.items()
    ]


@dataclass(frozen=True, slots=True)
class DocumentData:
    context: dict[str, Any]
    mou: Mou
    clause_versions: tuple[tuple[int, int], ...]
    clause_titles: tuple[str, ...]


def build_document_data(session: Session, mou_id: int, today: date) -> DocumentData:
    """Everything the template receives (documented in templates/VARIABLES.md)."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU {mou_id} does not exist")
    composition = get_composition(session, mou_id)
    settings = load_settings(session)
    values = clause_values(session, mou, composition, today)

    sections: list[dict[str, Any]] = []
    for composed in composition.clauses:
        if not sections or sections[-1]["category"] != composed.category.value:
            sections.append(
                {
                    "number": len(sections) + 1,
                    "category": composed.category.value,
                    "title": composed.category.label,
                    "clauses": [],
                }
            )
        section = sections[-1]
        where = (
            f"the clause “{composed.title}” (version {composed.version}) of {mou.reference_code}"
        )
        if composed.override_body is not None:
            where = f"the reworded text of “{composed.title}” in {mou.reference_code}"
        text = render_clause_text(composed.text, values, where)
        section["clauses"].append(
            {
                "number": f"{section['number']}.{len(section['clauses']) + 1}",
                "title": composed.title,
                "text": text,
                "paragraphs": _paragraphs(text),
                "version": composed.version,
                "reworded": composed.override_body is not None,
            }
        )

    parties: list[dict[str, Any]] = []
    for number, party in enumerate(composition.parties, start=1):
        parties.append(
            {
                "number": number,
                "name": party.organization_name,
                "role": party.role.label,
                "address": party.address or "",
                "tier": party.sharing_tier.label if party.sharing_tier else "Not set",
                "tier_description": TIER_DESCRIPTIONS.get(party.sharing_tier, "")
                if party.sharing_tier
                else "No information is shared until a tier is agreed",
                "signatory_name": party.signatory_name or "",
                "signatory_title": party.signatory_title or "",
                "date_signed": long_date(party.date_signed, ""),
            }
        )
    lead = values["lead_agency"]
    recitals = [
        f"The parties to this agreement are {values['all_parties']}, and {lead} leads it.",
        f"They set up {values['program_name']} so that people in a behavioral-health crisis "
        f"are met by the right responder; the program follows the "
        f"{values['response_model']} model.",
        "Each party keeps its own authority and duties, and agrees to the terms that follow, "
        "which the parties review together at least every "
        f"{mou.review_interval_months} months.",
    ]
    context: dict[str, Any] = {
        "program_name": values["program_name"],
        "generated_on": long_date(today),
        "draft_notice": f"DRAFT generated {long_date(today)} by PartnerDesk, not for signature",
        "mou": {
            "id": mou_id,
            "title": mou.title,
            "reference_code": mou.reference_code,
            "version_number": mou.version_number,
            "response_model": mou.response_model.label,
            "status": mou.status.label,
            "effective_date": values["effective_date"],
            "expiry_date": values["expiry_date"],
            "review_interval_months": mou.review_interval_months,
        },
        "lead_agency": lead,
        "parties": parties,
        "parties_in_words": values["all_parties"],
        "recitals": recitals,
        "sections": sections,
        "sharing_table": [
            {"party": p["name"], "tier": p["tier"], "what": p["tier_description"]} for p in parties
        ],
        "funding": _funding_table(
            session, composition, today, settings.currency, settings.fiscal_year_start_month
        ),
        "review_schedule": _review_schedule(mou),
        "evaluation_indicators": [
            {
                "name": i.name,
                "definition": i.definition,
                "unit": i.unit,
                "better": i.better,
                "source": i.data_source,
                "target": i.target,
            }
            for i in composition.indicators
        ],
        "signatures": parties,
        "values": values,
    }
    return DocumentData(
        context=context,
        mou=mou,
        clause_versions=tuple((c.clause_id, c.version) for c in composition.clauses),
        clause_titles=tuple(c.title for c in composition.clauses),
    )
