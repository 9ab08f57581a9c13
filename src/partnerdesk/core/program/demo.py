"""The sample partnership that `partnerdesk demo` loads: a fictional mid-sized city.

Dates are placed relative to ``today`` so the demo always looks alive: one review is
overdue, one falls due within three months, and the federal grant ends within three years.
All names are invented; all text is PartnerDesk's own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.funding.grants_demo import load_grants_demo
from partnerdesk.core.models import (
    ALL_TABLES,
    AuditAction,
    Clause,
    ClauseVersion,
    Contact,
    ContactMouRole,
    CostCategory,
    FundingSource,
    FundingSourceKind,
    FundingSourceMou,
    GroupKind,
    GroupMembership,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    MouClause,
    MouContact,
    MouParty,
    MouStatus,
    Organization,
    OrganizationKind,
    PartyRole,
    ProgramCost,
    ResponseModel,
    Review,
    ReviewOutcome,
    SharingTier,
    StakeholderGroup,
)
from partnerdesk.core.mou.clauses import get_clause, update_clause
from partnerdesk.core.mou.seed_clauses import load_seed_library
from partnerdesk.core.outcomes.demo import load_outcomes_demo
from partnerdesk.core.platform import audit, settings
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.errors import ConflictError
from partnerdesk.core.platform.money import to_cents
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.training.demo import load_training_demo

PROGRAM_NAME = "Riverton Crisis Response Partnership"
FISCAL_YEAR_START_MONTH = 7

# Tables whose rows make a database "not empty" for the demo's refusal.
_CONTENT_TABLES = (Organization, Contact, Mou, Clause, FundingSource, LedgerEntry)


@dataclass(frozen=True)
class DemoSummary:
    organizations: int
    contacts: int
    mous: int
    clauses: int
    funding_sources: int
    ledger_entries: int


def is_empty(session: Session) -> bool:
    for model in _CONTENT_TABLES:
        if session.exec(sa.select(sa.func.count()).select_from(model)).one()[0]:  # type: ignore[call-overload]
            return False
    return True


def clear_all(session: Session) -> None:
    """Delete every row (children first). Used by ``demo --force`` only."""
    for model in reversed(ALL_TABLES):
        session.exec(sa.delete(model))  # type: ignore[call-overload]


def load_demo(session: Session, today: date, *, force: bool = False) -> DemoSummary:
    if not is_empty(session):
        if not force:
            raise ConflictError(
                "the database already holds records; the demo only fills an empty database "
                "(use --force to replace everything with the demo)"
            )
        clear_all(session)
    settings.set_setting(session, settings.PROGRAM_NAME, PROGRAM_NAME)
    settings.set_setting(session, settings.FISCAL_YEAR_START_MONTH, str(FISCAL_YEAR_START_MONTH))
    settings.set_setting(session, settings.CURRENCY, "USD")

    orgs = _organizations(session)
    people = _contacts(session, orgs)
    _groups(session, people)
    mous = _mous(session, orgs, people, today)
    clause_versions = _clauses(session)
    _compose(session, mous, clause_versions)
    sources = _funding(session, orgs, mous, today)
    entries = _ledger(session, sources, today)
    _costs(session, today)
    load_outcomes_demo(session, today, orgs, mous)
    load_training_demo(session, orgs, people, today)
    load_grants_demo(session, today)  # obligations, the match, the pipeline
    audit.record(
        session, ChangeKind.PROGRAM, None, AuditAction.IMPORT, summary="Demo partnership loaded"
    )
    session.flush()
    return DemoSummary(
        organizations=len(orgs),
        contacts=int(session.execute(sa.select(sa.func.count(col(Contact.id)))).scalar_one()),
        mous=len(mous),
        clauses=len(clause_versions),
        funding_sources=len(sources),
        ledger_entries=entries,
    )


# --------------------------------------------------------------------------- organizations


_ORGANIZATIONS: list[tuple[str, str, OrganizationKind, str, str]] = [
    # key, name, kind, phone, website
    ("police", "Riverton Police Department", OrganizationKind.LAW_ENFORCEMENT,
     "(555) 010-2000", "https://police.riverton.example"),
    ("health", "Harbor County Behavioral Health", OrganizationKind.MENTAL_HEALTH_AGENCY,
     "(555) 010-3100", "https://bh.harborcounty.example"),
    ("hospital", "St. Brigid Regional Hospital", OrganizationKind.HOSPITAL,
     "(555) 010-4400", "https://stbrigid.example"),
    ("foundation", "Riverton Community Foundation", OrganizationKind.FOUNDATION,
     "(555) 010-5500", "https://rivertonfoundation.example"),
    ("city", "City of Riverton", OrganizationKind.LOCAL_GOVERNMENT,
     "(555) 010-1000", "https://riverton.example"),
    ("plan", "Valley Health Plan", OrganizationKind.HEALTHCARE_PARTNER,
     "(555) 010-6600", "https://valleyhealthplan.example"),
    ("federal", "Federal Crisis Response Grants Office", OrganizationKind.FEDERAL_AGENCY,
     "(555) 010-7700", "https://grants.example.gov"),
    ("peers", "Riverton Peer Support Network", OrganizationKind.PEER_SUPPORT_ORGANIZATION,
     "(555) 010-8800", "https://peers.riverton.example"),
]  # fmt: skip


def _organizations(session: Session) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for key, name, kind, phone, website in _ORGANIZATIONS:
        org = Organization(
            name=name,
            name_key=organization_key(name),
            kind=kind,
            phone=phone,
            website=website,
            address=f"{100 + len(orgs) * 17} Main Street, Riverton",
        )
        session.add(org)
        orgs[key] = org
    session.flush()
    for org in orgs.values():
        audit.record(session, ChangeKind.ORGANIZATION, org.id, AuditAction.CREATE, summary=org.name)
    return orgs


# --------------------------------------------------------------------------- contacts


_CONTACTS: list[tuple[str, str, str, str, tuple[GroupKind, ...]]] = [
    # key, org key, name, title, groups
    ("chief", "police", "Dana Whitfield", "Chief of Police", ()),
    ("lt", "police", "Marcus Oyelaran", "Lieutenant, Crisis Intervention Unit",
     (GroupKind.WORKING_GROUP,)),
    ("director", "health", "Priya Raman", "Director of Crisis Services",
     (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE)),
    ("clinician", "health", "Tomás Ibarra", "Lead Crisis Clinician, LCSW",
     (GroupKind.WORKING_GROUP,)),
    ("privacy", "health", "Helen Zhou", "Privacy Officer", ()),
    ("ed", "hospital", "Dr. Samuel Achebe", "Emergency Department Medical Director",
     (GroupKind.WORKING_GROUP,)),
    ("ceo", "hospital", "Laura Brennan", "Chief Executive Officer", ()),
    ("grants", "foundation", "Ines Kowalczyk", "Program Officer",
     (GroupKind.SUSTAINABILITY_COMMITTEE,)),
    ("manager", "city", "Robert Nakamura", "City Manager", (GroupKind.SUSTAINABILITY_COMMITTEE,)),
    ("budget", "city", "Alicia Ferreira", "Budget Director", (GroupKind.SUSTAINABILITY_COMMITTEE,)),
    ("coordinator", "city", "Jordan Ellis", "Crisis Response Program Manager",
     (GroupKind.WORKING_GROUP, GroupKind.SUSTAINABILITY_COMMITTEE)),
    ("payer", "plan", "Grace Mensah", "Director of Community Partnerships",
     (GroupKind.SUSTAINABILITY_COMMITTEE,)),
    ("peer", "peers", "Avery Collins", "Certified Peer Specialist Supervisor",
     (GroupKind.WORKING_GROUP,)),
    ("counsel", "city", "Nora Delgado", "Assistant City Attorney", ()),
]  # fmt: skip


def _email(name: str, org: Organization) -> str:
    local = ".".join(part for part in name.lower().replace("dr. ", "").split())
    local = local.replace("á", "a").replace("é", "e")
    domain = (org.website or "https://example.org").removeprefix("https://")
    return f"{local}@{domain}"


def _contacts(session: Session, orgs: dict[str, Organization]) -> dict[str, Contact]:
    people: dict[str, Contact] = {}
    for index, (key, org_key, name, title, _groups) in enumerate(_CONTACTS):
        org = orgs[org_key]
        person = Contact(
            full_name=name,
            organization_id=org.id,
            title=title,
            email=_email(name, org),
            phone=f"(555) 01{index % 10}-{2000 + index * 37}",
        )
        session.add(person)
        people[key] = person
    session.flush()
    for person in people.values():
        audit.record(
            session, ChangeKind.CONTACT, person.id, AuditAction.CREATE, summary=person.full_name
        )
    return people


def _groups(session: Session, people: dict[str, Contact]) -> None:
    groups = {
        GroupKind.WORKING_GROUP: StakeholderGroup(
            name="Working group",
            kind=GroupKind.WORKING_GROUP,
            description="Front-line leads who meet monthly on protocols and cases.",
        ),
        GroupKind.SUSTAINABILITY_COMMITTEE: StakeholderGroup(
            name="Sustainability committee",
            kind=GroupKind.SUSTAINABILITY_COMMITTEE,
            description="Oversees the funding mix and the multi-year financial plan.",
        ),
    }
    session.add_all(groups.values())
    session.flush()
    for key, _org, _name, _title, kinds in _CONTACTS:
        for kind in kinds:
            group_id = groups[kind].id
            assert group_id is not None
            contact_id = people[key].id
            assert contact_id is not None
            role = "chair" if key == "coordinator" else None
            session.add(
                GroupMembership(group_id=group_id, contact_id=contact_id, role_in_group=role)
            )


# --------------------------------------------------------------------------- MOUs and reviews


def _mous(
    session: Session, orgs: dict[str, Organization], people: dict[str, Contact], today: date
) -> dict[str, Mou]:
    # Effective dates chosen so that, whatever today is, the co-responder review falls due
    # within 90 days and the hospital pathway's review is overdue. The co-responder MOU is
    # two years old 60 days from now, when its second annual review falls due (a day later
    # at most, when a leap day moves a month-end).
    co_effective = add_months(today + timedelta(days=60), -24)
    mc_effective = add_months(today, -8).replace(day=1)
    hospital_effective = add_months(today, -24) - timedelta(days=12)
    specs = {
        "co": Mou(
            reference_code="RIV-CR-01",
            title="Co-responder team: joint response to behavioral-health calls",
            response_model=ResponseModel.CO_RESPONDER_TEAM,
            status=MouStatus.ACTIVE,
            effective_date=co_effective,
            expiry_date=add_months(co_effective, 48),
            owner_contact_id=people["coordinator"].id,
            notes="Two co-responder units, weekdays 14:00-22:00, when most crisis calls arrive.",
        ),
        "mobile": Mou(
            reference_code="RIV-MC-01",
            title="Mobile crisis team with peer specialists",
            response_model=ResponseModel.MOBILE_CRISIS_TEAM,
            status=MouStatus.ACTIVE,
            effective_date=mc_effective,
            owner_contact_id=people["director"].id,
            notes="Clinician and peer specialist respond first; police only on request.",
        ),
        "hospital": Mou(
            reference_code="RIV-HD-01",
            title="Hospital diversion pathway: clinician lead, police backup",
            response_model=ResponseModel.MENTAL_HEALTH_LEAD_POLICE_BACKUP,
            status=MouStatus.UNDER_REVIEW,
            effective_date=hospital_effective,
            expiry_date=add_months(hospital_effective, 36),
            owner_contact_id=people["ed"].id,
        ),
        "plan": Mou(
            reference_code="RIV-DS-01",
            title="Claims data-sharing addendum with Valley Health Plan",
            response_model=ResponseModel.OTHER,
            status=MouStatus.IN_NEGOTIATION,
            owner_contact_id=people["counsel"].id,
            notes="Draft terms for sharing de-identified claims data for the evaluation.",
        ),
    }
    session.add_all(specs.values())
    session.flush()

    PartySpec = list[tuple[str, PartyRole, str, SharingTier | None]]
    parties: dict[str, PartySpec] = {
        "co": [("police", PartyRole.LEAD_AGENCY, "chief", SharingTier.INTERMEDIATE),
               ("health", PartyRole.PARTNER, "director", SharingTier.INTERMEDIATE),
               ("hospital", PartyRole.PARTNER, "ceo", SharingTier.BASIC),
               ("city", PartyRole.FUNDER, "manager", SharingTier.BASIC)],
        "mobile": [("health", PartyRole.LEAD_AGENCY, "director", SharingTier.FULL),
                   ("police", PartyRole.PARTNER, "chief", SharingTier.BASIC),
                   ("peers", PartyRole.PARTNER, "peer", SharingTier.INTERMEDIATE),
                   ("foundation", PartyRole.FUNDER, "grants", SharingTier.BASIC)],
        "hospital": [("hospital", PartyRole.LEAD_AGENCY, "ceo", SharingTier.FULL),
                     ("health", PartyRole.PARTNER, "director", SharingTier.FULL),
                     ("police", PartyRole.PARTNER, "lt", SharingTier.BASIC)],
        "plan": [("plan", PartyRole.LEAD_AGENCY, "payer", None),
                 ("city", PartyRole.PARTNER, "manager", None)],
    }  # fmt: skip
    for mou_key, rows in parties.items():
        mou = specs[mou_key]
        assert mou.id is not None
        for position, (org_key, role, signer, tier) in enumerate(rows):
            org_id = orgs[org_key].id
            assert org_id is not None
            signed = mou.effective_date - timedelta(days=10) if mou.effective_date else None
            session.add(
                MouParty(
                    mou_id=mou.id,
                    organization_id=org_id,
                    role=role,
                    signatory_contact_id=people[signer].id,
                    date_signed=signed,
                    sharing_tier=tier,
                    position=position,
                )
            )
        audit.record(session, ChangeKind.MOU, mou.id, AuditAction.CREATE, summary=mou.title)
    for mou_key, person, contact_role in (
        ("co", "lt", ContactMouRole.LIAISON),
        ("co", "counsel", ContactMouRole.LEGAL),
        ("mobile", "clinician", ContactMouRole.LIAISON),
        ("mobile", "privacy", ContactMouRole.PRIVACY_OFFICER),
        ("hospital", "privacy", ContactMouRole.PRIVACY_OFFICER),
    ):
        mou_id, contact_id = specs[mou_key].id, people[person].id
        assert mou_id is not None and contact_id is not None
        session.add(MouContact(mou_id=mou_id, contact_id=contact_id, role=contact_role))

    _reviews(session, specs, today)
    return specs


def _reviews(session: Session, mous: dict[str, Mou], today: date) -> None:
    """Completed reviews in the past, and the next one scheduled for each active MOU.

    Each review is completed on its due date, so that the next one falls due a review
    interval after it, as the review rule (``reviews.next_review_due_date``) schedules it:
    a demo schedule of its own would move at the MOU's first edit."""
    for key in ("co", "mobile", "hospital"):
        mou = mous[key]
        assert mou.id is not None and mou.effective_date is not None
        due = add_months(mou.effective_date, mou.review_interval_months)
        while due <= today - timedelta(days=20) and key != "hospital":
            session.add(
                Review(
                    mou_id=mou.id,
                    due_date=due,
                    completed_date=due,
                    outcome=ReviewOutcome.RENEWED_UNCHANGED,
                    reviewer="Jordan Ellis",
                    notes="Call data and training records reviewed; no changes needed.",
                )
            )
            due = add_months(due, mou.review_interval_months)
        if key == "hospital":
            first = add_months(mou.effective_date, 12)
            session.add(
                Review(
                    mou_id=mou.id,
                    due_date=first,
                    completed_date=first,
                    outcome=ReviewOutcome.AMENDED,
                    reviewer="Dr. Samuel Achebe",
                    notes="Hand-over at the emergency department clarified.",
                )
            )
            due = add_months(first, 12)
        session.add(Review(mou_id=mou.id, due_date=due))


# --------------------------------------------------------------------------- clauses


# The demo composes its MOUs from the default library (seed_clauses). One clause gets a
# second version after the mobile-crisis MOU included it, so the demo shows an MOU that
# uses an outdated clause version.
_CLAUSES_REVISED = "Mobile crisis team: clinicians respond first"
_CLAUSE_REVISION = (
    "\nThe peer specialist of the team follows up with the person within two days of the call."
)


def _clauses(session: Session) -> list[ClauseVersion]:
    load_seed_library(session, created_by="PartnerDesk demo")
    return list(session.exec(select(ClauseVersion).order_by(col(ClauseVersion.id))))


def _compose(session: Session, mous: dict[str, Mou], versions: list[ClauseVersion]) -> None:
    """Put clauses into the MOUs: the co-responder one complete, the others with gaps."""
    by_title = {version.title: version for version in versions}
    plans = {
        "co": ["Co-responder team: dispatch and roles", "Hand-over of the lead at the scene",
               "Basic tier: identity and immediate risk",
               "Intermediate tier: diagnosis and treatment, with consent",
               "Consent forms and withdrawal of consent",
               "Each party is responsible for its own staff", "Insurance kept in force",
               "Diversified funding plan", "Contributions, invoicing and restricted funds",
               "Evaluation at 6, 12 and 24 months", "Process and outcome measures",
               "Joint training: 40 hours, then quarterly refreshers",
               "HIPAA and 42 CFR Part 2 safeguards", "How long shared records are kept",
               "Withdrawal on notice", "Working group first, then leadership",
               "Term and annual review"],
        "mobile": [_CLAUSES_REVISED, "Basic tier: identity and immediate risk",
                   "Intermediate tier: diagnosis and treatment, with consent",
                   "Each party is responsible for its own staff",
                   "Evaluation at 6, 12 and 24 months",
                   "Joint training: 40 hours, then quarterly refreshers"],
        "hospital": ["Clinician lead with police backup", "Basic tier: identity and immediate risk",
                     "HIPAA and 42 CFR Part 2 safeguards"],
    }  # fmt: skip
    for key, titles in plans.items():
        mou_id = mous[key].id
        assert mou_id is not None
        for position, title in enumerate(titles):
            version_id = by_title[title].id
            assert version_id is not None
            session.add(MouClause(mou_id=mou_id, clause_version_id=version_id, position=position))
    session.flush()
    revised = by_title[_CLAUSES_REVISED]
    detail = get_clause(session, revised.clause_id)
    update_clause(
        session,
        revised.clause_id,
        replace(detail.as_input(), body=detail.body + _CLAUSE_REVISION),
        detail.row_version,
        created_by="PartnerDesk demo",
    )


# --------------------------------------------------------------------------- funding


def _funding(
    session: Session, orgs: dict[str, Organization], mous: dict[str, Mou], today: date
) -> list[tuple[FundingSource, Decimal]]:
    fy_now = fiscal_year_of(today, FISCAL_YEAR_START_MONTH)
    grant_start, _ = fiscal_year_bounds(fy_now - 1, FISCAL_YEAR_START_MONTH)
    _, grant_end = fiscal_year_bounds(fy_now + 1, FISCAL_YEAR_START_MONTH)
    # (source, annual amount): 480k / 420k / 300k is the 40 / 35 / 25 mix.
    specs: list[tuple[FundingSource, Decimal, list[str]]] = [
        (FundingSource(name="City general fund allocation", funder_organization_id=orgs["city"].id,
                       kind=FundingSourceKind.MUNICIPAL_BUDGET, annual_growth_bp=200,
                       notes="Line item in the public-safety budget."),
         Decimal("480000.00"), ["co", "hospital"]),
        (FundingSource(name="Valley Health Plan partnership",
                       funder_organization_id=orgs["plan"].id,
                       kind=FundingSourceKind.HEALTHCARE_PARTNERSHIP, annual_growth_bp=300,
                       notes="Per-member contribution toward diverted emergency visits."),
         Decimal("420000.00"), ["co", "mobile"]),
        (FundingSource(name="Community Foundation program grant",
                       funder_organization_id=orgs["foundation"].id,
                       kind=FundingSourceKind.COMMUNITY_FOUNDATION, restricted=True,
                       renewal_probability_pct=80, notes="Restricted to peer-specialist salaries."),
         Decimal("300000.00"), ["mobile"]),
        (FundingSource(name="Federal crisis response grant",
                       funder_organization_id=orgs["federal"].id,
                       kind=FundingSourceKind.FEDERAL_GRANT, restricted=True,
                       grant_start=grant_start, grant_end=grant_end, renewal_probability_pct=35,
                       notes="Start-up grant; the program must replace it when it ends."),
         Decimal("250000.00"), ["co"]),
    ]  # fmt: skip
    sources: list[tuple[FundingSource, Decimal]] = []
    for source, annual, mou_keys in specs:
        session.add(source)
        session.flush()
        assert source.id is not None
        for key in mou_keys:
            mou_id = mous[key].id
            assert mou_id is not None
            session.add(FundingSourceMou(funding_source_id=source.id, mou_id=mou_id))
        audit.record(
            session, ChangeKind.FUNDING_SOURCE, source.id, AuditAction.CREATE, summary=source.name
        )
        sources.append((source, annual))
    return sources


def _ledger(session: Session, sources: list[tuple[FundingSource, Decimal]], today: date) -> int:
    """The last complete fiscal year and the current one to date: a budget line per source
    and year, then a receipt each month (the 15th) up to today."""
    fy_now = fiscal_year_of(today, FISCAL_YEAR_START_MONTH)
    count = 0
    for fiscal_year in (fy_now - 1, fy_now):
        first_day, _ = fiscal_year_bounds(fiscal_year, FISCAL_YEAR_START_MONTH)
        for source, annual in sources:
            assert source.id is not None
            session.add(
                LedgerEntry(
                    entry_date=first_day,
                    funding_source_id=source.id,
                    entry_type=LedgerEntryType.BUDGETED,
                    amount_cents=to_cents(annual),
                    memo=f"FY{fiscal_year} commitment",
                )
            )
            count += 1
            monthly = to_cents((annual / 12).quantize(Decimal("0.01")))
            for month in range(12):
                day = add_months(first_day, month) + timedelta(days=14)
                if day > today:
                    break
                session.add(
                    LedgerEntry(
                        entry_date=day,
                        funding_source_id=source.id,
                        entry_type=LedgerEntryType.RECEIVED,
                        amount_cents=monthly,
                        memo=f"Disbursement {day:%B %Y}",
                    )
                )
                count += 1
    return count


def _costs(session: Session, today: date) -> None:
    fy_now = fiscal_year_of(today, FISCAL_YEAR_START_MONTH)
    budget = {
        CostCategory.PERSONNEL: Decimal("1010000"),
        CostCategory.TRAINING: Decimal("62000"),
        CostCategory.VEHICLES: Decimal("88000"),
        CostCategory.TECHNOLOGY: Decimal("46000"),
        CostCategory.EVALUATION: Decimal("72000"),
        CostCategory.OVERHEAD: Decimal("150000"),
    }
    for fiscal_year in (fy_now - 1, fy_now):
        for category, amount in budget.items():
            session.add(
                ProgramCost(
                    fiscal_year=fiscal_year,
                    category=category,
                    amount_cents=to_cents(amount),
                    description=f"{category.label} budget",
                )
            )
