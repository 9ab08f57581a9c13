"""The "Sources" sheet of an imported workbook: the funding sources the database does not
have yet, checked like the ledger rows (all or nothing), with their funders (an unknown
funder becomes a new organization) and the MOUs they pay for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.funding.sources import SourceInput
from partnerdesk.core.models import (
    AuditAction,
    FundingSourceKind,
    Mou,
    Organization,
    OrganizationKind,
)
from partnerdesk.core.platform import audit
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.spreadsheet import (
    RowProblems,
    cell_date,
    cell_decimal,
    cell_text,
    read_table,
    sheet_names,
    unneutralise_formula,
)

# The kind of organization a new funder becomes, by the kind of source it funds.
_ORG_KIND_FOR_SOURCE = {
    FundingSourceKind.MUNICIPAL_BUDGET: OrganizationKind.LOCAL_GOVERNMENT,
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: OrganizationKind.HEALTHCARE_PARTNER,
    FundingSourceKind.COMMUNITY_FOUNDATION: OrganizationKind.FOUNDATION,
    FundingSourceKind.STATE_GRANT: OrganizationKind.STATE_AGENCY,
    FundingSourceKind.FEDERAL_GRANT: OrganizationKind.FEDERAL_AGENCY,
    FundingSourceKind.INSURANCE_MEDICAID: OrganizationKind.HEALTHCARE_PARTNER,
}


@dataclass
class SourcePlan:
    """What the Sources sheet adds: sources to create, funders created (or, in a dry run,
    to create), how many sources the database already had, and notes for the report."""

    sources: list[SourceInput] = field(default_factory=list)
    existing: int = 0
    organizations_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan_sources(
    session: Session,
    file: Path,
    existing: Mapping[str, int],
    *,
    dry_run: bool,
    date_format: str | None = None,
) -> SourcePlan:
    """Sources from a "Sources" sheet that the database does not have yet (validated);
    ``existing`` holds the case-folded names of the sources it has. Funders are created
    now unless ``dry_run``: the sources to create point at them. Grant dates written as
    text are read as ISO 8601 or in the declared ``date_format``."""
    plan = SourcePlan()
    if "sources" not in [n.lower() for n in sheet_names(file)]:
        return plan
    table = read_table(file, sheet="Sources", required_columns=("Name", "Kind"))
    problems = RowProblems(table)
    organizations = {
        key: int(i)
        for i, key in session.execute(sa.select(col(Organization.id), col(Organization.name_key)))
    }
    mou_ids = {
        str(code).casefold(): int(i)
        for i, code in session.execute(sa.select(col(Mou.id), col(Mou.reference_code)))
    }
    seen: set[str] = set()
    for row in table.rows:
        values = row.values
        name = " ".join(unneutralise_formula(cell_text(values.get("name"))).split())
        if not name:
            problems.add(row.number, "Name", "the name is empty")
            continue
        if name.casefold() in existing:
            plan.existing += 1
            continue
        if name.casefold() in seen:
            problems.add(row.number, "Name", f'"{name}" appears twice')
            continue
        seen.add(name.casefold())
        try:
            kind = FundingSourceKind(FundingSourceKind.from_text(cell_text(values.get("kind"))))
        except ValueError:
            problems.add(row.number, "Kind", f"{cell_text(values.get('kind'))!r} is not a kind")
            continue
        dates: list[date | None] = []
        for column in ("Grant start", "Grant end"):
            try:
                dates.append(_optional_date(values.get(column.lower()), date_format))
            except ValidationError as exc:
                problems.add(row.number, column, exc.message)
        if len(dates) < 2:
            continue
        start, end = dates
        try:
            renewal_text = cell_text(values.get("renewal %"))
            renewal = int(Decimal(renewal_text)) if renewal_text else 100
            growth_text = cell_text(values.get("growth %"))
            growth = cell_decimal(values.get("growth %")) if growth_text else Decimal("0")
        except (ArithmeticError, ValueError, ValidationError):
            problems.add(row.number, "Renewal % / Growth %", "not a number")
            continue
        funder_name = unneutralise_formula(cell_text(values.get("funder")))
        funder_id: int | None = None
        if funder_name:
            key = organization_key(funder_name)
            funder_id = organizations.get(key)
            if funder_id is None:
                plan.organizations_added.append(funder_name)
                if not dry_run:
                    org = Organization(
                        name=funder_name,
                        name_key=key,
                        kind=_ORG_KIND_FOR_SOURCE.get(kind, OrganizationKind.OTHER),
                    )
                    session.add(org)
                    session.flush()
                    assert org.id is not None
                    audit.record(
                        session,
                        ChangeKind.ORGANIZATION,
                        org.id,
                        AuditAction.IMPORT,
                        summary=f"{funder_name} (funder in {file.name})",
                    )
                    funder_id = org.id
                organizations[key] = funder_id or -1
            elif funder_id == -1:
                funder_id = None
        codes = [c.strip() for c in cell_text(values.get("mous")).split(",") if c.strip()]
        linked = [mou_ids[c.casefold()] for c in codes if c.casefold() in mou_ids]
        if len(linked) < len(codes):
            plan.notes.append(f'"{name}": MOU references not in this database were not linked')
        source = SourceInput(
            name=name,
            kind=kind,
            funder_organization_id=funder_id,
            restricted=_yes(values.get("restricted")),
            grant_start=start,
            grant_end=end,
            renewal_probability_pct=renewal,
            annual_growth_pct=growth,
            mou_ids=linked,
            notes=unneutralise_formula(cell_text(values.get("notes"))),
            active=_yes(values.get("active"), default=True),
        )
        if not 0 <= renewal <= 100:
            problems.add(row.number, "Renewal %", f"{renewal} is not 0 to 100")
            continue
        if start and end and end < start:
            problems.add(row.number, "Grant end", "the grant ends before it starts")
            continue
        plan.sources.append(source)
    problems.raise_if_any()
    return plan


def _optional_date(value: Any, date_format: str | None) -> date | None:
    if value is None or cell_text(value) == "":
        return None
    return cell_date(value, date_format)


def _yes(value: Any, default: bool = False) -> bool:
    text = cell_text(value).lower()
    if not text:
        return default
    return text in ("yes", "y", "true", "1", "x")
