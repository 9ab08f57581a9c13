"""A large, deterministic program as plain row dicts, one list per table, in memory.

The same seed and scale always give the same rows (``random.Random(seed)``; "today" is a
fixed anchor date, not the clock), so figures from two runs measure the same work.

Rows are ready for a Core ``INSERT``: every column of the table is present (explicit ids,
so children can point at parents without a round trip; explicit ``created_at`` so the
storage layer and the raw ``sqlite3`` baseline store exactly the same values), enums are
their ``.value`` strings, money is integer cents, dates are :class:`datetime.date`.
Foreign keys are consistent and tables come in :data:`ALL_TABLES` order (parents first).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from partnerdesk.core.directory.organizations import organization_key
from partnerdesk.core.models import (
    ALL_TABLES,
    REQUIRED_CLAUSE_CATEGORIES,
    Clause,
    ClauseCategory,
    ClauseStatus,
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
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.schema import Setting

Row = dict[str, Any]

DEFAULT_SEED = 20261127
# The generated program's "today": fixed, so that the rows do not depend on the clock.
ANCHOR = date(2026, 11, 1)
FISCAL_YEAR_START_MONTH = 7
PROGRAM_NAME = "Benchmark Regional Crisis Response Program"


@dataclass(frozen=True)
class Sizes:
    """How big the program is; :meth:`scaled` shrinks it for quick checks."""

    organizations: int = 1_500
    contacts: int = 20_000
    groups: int = 20
    mous: int = 2_000
    clauses: int = 500
    funding_sources: int = 60
    ledger_entries: int = 200_000
    fiscal_years: int = 4

    def scaled(self, factor: float) -> Sizes:
        def size(full: int, least: int) -> int:
            return max(least, round(full * factor))

        return Sizes(
            organizations=size(self.organizations, 12),
            contacts=size(self.contacts, 40),
            groups=size(self.groups, 3),
            mous=size(self.mous, 6),
            clauses=size(self.clauses, len(ClauseCategory)),
            funding_sources=size(self.funding_sources, 6),
            ledger_entries=size(self.ledger_entries, 500),
            fiscal_years=self.fiscal_years,
        )


@dataclass
class Program:
    """The generated rows, per model, in foreign-key order."""

    rows: dict[type[SQLModel], list[Row]]
    anchor: date
    seed: int
    sizes: Sizes

    def tables(self) -> Iterator[tuple[type[SQLModel], list[Row]]]:
        for model in ALL_TABLES:
            yield model, self.rows.get(model, [])

    @property
    def total_rows(self) -> int:
        return sum(len(rows) for rows in self.rows.values())

    def counts(self) -> dict[str, int]:
        return {table_of(model).name: len(rows) for model, rows in self.tables()}


def table_of(model: type[SQLModel]) -> sa.Table:
    """The Core table of a model (SQLModel's class type does not declare ``__table__``)."""
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    return table


# --------------------------------------------------------------------------- vocabulary

_PLACE_STEMS = (
    "River", "Oak", "Cedar", "Pine", "Maple", "Lake", "Hill", "Stone", "Fair", "Green",
    "Ash", "Elm", "Clear", "North", "South", "East", "West", "Spring", "Mill", "Bridge",
    "Red", "White", "Silver", "Glen", "Brook", "Wood", "Marsh", "Harbor",
)  # fmt: skip
_PLACE_ENDINGS = (
    "ton", "field", "dale", "wood", "view", "port", "ford", "brook", "ville", "haven",
    "mont", "crest",
)  # fmt: skip

_ORG_NOUNS: dict[OrganizationKind, tuple[str, ...]] = {
    OrganizationKind.LAW_ENFORCEMENT: ("Police Department", "Sheriff's Office", "Public Safety"),
    OrganizationKind.MENTAL_HEALTH_AGENCY: (
        "Behavioral Health Center",
        "Counseling Services",
        "Community Mental Health",
    ),
    OrganizationKind.HOSPITAL: ("General Hospital", "Medical Center", "Regional Hospital"),
    OrganizationKind.COMMUNITY_ORGANIZATION: ("Neighborhood Alliance", "Family Services"),
    OrganizationKind.LOCAL_GOVERNMENT: ("City Council", "County Administration"),
    OrganizationKind.HEALTHCARE_PARTNER: ("Health Plan", "Care Network"),
    OrganizationKind.FOUNDATION: ("Community Foundation", "Health Trust"),
    OrganizationKind.STATE_AGENCY: ("State Office of Behavioral Health", "State Health Agency"),
    OrganizationKind.FEDERAL_AGENCY: ("Federal Regional Office",),
    OrganizationKind.PEER_SUPPORT_ORGANIZATION: ("Peer Recovery Network", "Peer Support Hub"),
    OrganizationKind.OTHER: ("Consulting Group", "Research Institute"),
}
_ORG_KIND_WEIGHTS: dict[OrganizationKind, int] = {
    OrganizationKind.LAW_ENFORCEMENT: 18,
    OrganizationKind.MENTAL_HEALTH_AGENCY: 18,
    OrganizationKind.HOSPITAL: 10,
    OrganizationKind.COMMUNITY_ORGANIZATION: 14,
    OrganizationKind.LOCAL_GOVERNMENT: 10,
    OrganizationKind.HEALTHCARE_PARTNER: 7,
    OrganizationKind.FOUNDATION: 7,
    OrganizationKind.STATE_AGENCY: 4,
    OrganizationKind.FEDERAL_AGENCY: 2,
    OrganizationKind.PEER_SUPPORT_ORGANIZATION: 6,
    OrganizationKind.OTHER: 4,
}

_FIRST_NAMES = (
    "Avery", "Blake", "Camila", "Dana", "Elena", "Farid", "Grace", "Hiro", "Imani", "Jonah",
    "Keiko", "Luis", "Maya", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Samir", "Tara",
    "Uma", "Victor", "Wen", "Ximena", "Yusuf", "Zoe", "Amara", "Ben", "Chloe", "Diego",
    "Esther", "Felix", "Gina", "Hassan", "Iris", "Jamal", "Kara", "Leon", "Mina", "Noah",
)  # fmt: skip
_LAST_NAMES = (
    "Abbott", "Baptiste", "Castillo", "Delgado", "Eriksen", "Fontaine", "Gallagher", "Haddad",
    "Ibarra", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quintero", "Rahman", "Sato", "Thibodeaux", "Underwood", "Varga", "Whitaker", "Xu",
    "Yamada", "Zielinski", "Achebe", "Brennan", "Chowdhury", "Duarte", "Ellis", "Ferraro",
    "Grant", "Holloway", "Iwu", "Jovanovic", "Kaur", "Lopez", "Mwangi", "Novak",
)  # fmt: skip
_TITLES = (
    "Director", "Program Manager", "Lieutenant", "Sergeant", "Clinical Supervisor",
    "Chief Financial Officer", "General Counsel", "Privacy Officer", "Peer Specialist",
    "Grants Manager", "Data Analyst", "Crisis Clinician", "Dispatch Supervisor",
    "Community Liaison", None,
)  # fmt: skip
_GROUP_NAMES = (
    "Data and evaluation subcommittee", "Training subcommittee", "Dispatch protocol team",
    "Privacy working party", "Peer advisory council", "Hospital liaison group",
    "Budget task force", "Community advisory board", "Rural outreach team",
    "Youth crisis panel", "Legal review panel", "Grant writing team",
)  # fmt: skip

_SENTENCES = (
    "{{ lead_agency }} coordinates the response and keeps the roster of trained staff.",
    "Each party names a liaison who answers operational questions within two working days.",
    "Calls that involve no weapon and no immediate threat go to the clinical team first.",
    "Officers secure the scene and hand the conversation to the clinician once it is safe.",
    "Referrals are recorded with the receiving service and the date of first contact.",
    "The parties share only the information the current tier of this agreement allows.",
    "Consent to share treatment history is written, dated and may be withdrawn at any time.",
    "Each party keeps its own insurance in force for the whole term of this agreement.",
    "No party assumes the liabilities of another party by signing this agreement.",
    "The sustainability committee reports on the funding mix to all parties every year.",
    "Any party may ask for an early review when call volumes change by a quarter or more.",
    "Evaluation covers arrests, use of force, emergency visits, response times and cost.",
    "Joint training takes place before deployment and is refreshed every quarter.",
    "Records covered by health-privacy law go only through the named privacy officers.",
    "Data is kept for the period the parties' retention schedules require, then destroyed.",
    "A party may withdraw with ninety days' written notice to every other party.",
    "Disputes go first to the working group, then to the signatories, before any other step.",
    "Amounts in this agreement are in the currency of the program's ledger.",
)  # fmt: skip

_CATEGORY_WEIGHTS: dict[ClauseCategory, int] = {
    ClauseCategory.RESPONSE_PROTOCOL: 14,
    ClauseCategory.INFORMATION_SHARING: 14,
    ClauseCategory.LIABILITY: 10,
    ClauseCategory.FUNDING_ARRANGEMENT: 10,
    ClauseCategory.EVALUATION_METRICS: 10,
    ClauseCategory.TRAINING: 8,
    ClauseCategory.CONFIDENTIALITY_PRIVACY: 8,
    ClauseCategory.DATA_RETENTION: 7,
    ClauseCategory.TERMINATION: 7,
    ClauseCategory.DISPUTE_RESOLUTION: 6,
    ClauseCategory.GENERAL: 6,
}

# 40 / 35 / 25: public budgets, healthcare partners, philanthropy and grants.
_SOURCE_KIND_WEIGHTS: dict[FundingSourceKind, int] = {
    FundingSourceKind.MUNICIPAL_BUDGET: 20,
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: 15,
    FundingSourceKind.INSURANCE_MEDICAID: 10,
    FundingSourceKind.COMMUNITY_FOUNDATION: 15,
    FundingSourceKind.STATE_GRANT: 15,
    FundingSourceKind.FEDERAL_GRANT: 10,
    FundingSourceKind.DONATION: 10,
    FundingSourceKind.OTHER: 5,
}
_COST_SHARES: dict[CostCategory, float] = {
    CostCategory.PERSONNEL: 0.66,
    CostCategory.TRAINING: 0.05,
    CostCategory.VEHICLES: 0.07,
    CostCategory.TECHNOLOGY: 0.05,
    CostCategory.EVALUATION: 0.05,
    CostCategory.OVERHEAD: 0.10,
    CostCategory.OTHER: 0.02,
}
_FUNDER_KINDS: dict[FundingSourceKind, tuple[OrganizationKind, ...]] = {
    FundingSourceKind.MUNICIPAL_BUDGET: (OrganizationKind.LOCAL_GOVERNMENT,),
    FundingSourceKind.HEALTHCARE_PARTNERSHIP: (
        OrganizationKind.HEALTHCARE_PARTNER,
        OrganizationKind.HOSPITAL,
    ),
    FundingSourceKind.INSURANCE_MEDICAID: (OrganizationKind.HEALTHCARE_PARTNER,),
    FundingSourceKind.COMMUNITY_FOUNDATION: (OrganizationKind.FOUNDATION,),
    FundingSourceKind.STATE_GRANT: (OrganizationKind.STATE_AGENCY,),
    FundingSourceKind.FEDERAL_GRANT: (OrganizationKind.FEDERAL_AGENCY,),
    FundingSourceKind.DONATION: (OrganizationKind.COMMUNITY_ORGANIZATION,),
    FundingSourceKind.OTHER: (OrganizationKind.OTHER,),
}


def _weighted(weights: dict[Any, int]) -> tuple[list[Any], list[int]]:
    return list(weights), list(weights.values())


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(9, 30), tzinfo=UTC)


# --------------------------------------------------------------------------- generator


def generate(seed: int = DEFAULT_SEED, scale: float = 1.0, anchor: date = ANCHOR) -> Program:
    """Build the whole program in memory; a full-scale one takes a couple of seconds."""
    return _Generator(random.Random(seed), Sizes().scaled(scale), anchor).build(seed)


class _Generator:
    def __init__(self, rng: random.Random, sizes: Sizes, anchor: date) -> None:
        self.rng = rng
        self.sizes = sizes
        self.anchor = anchor
        self.rows: dict[type[SQLModel], list[Row]] = {model: [] for model in ALL_TABLES}
        # Timestamps and dates repeat a lot: share one object per day (memory, speed).
        self._stamps: dict[date, datetime] = {}
        first_fy = fiscal_year_of(anchor, FISCAL_YEAR_START_MONTH) - sizes.fiscal_years + 1
        self.fiscal_years = list(range(first_fy, first_fy + sizes.fiscal_years))
        self.history_start, _ = fiscal_year_bounds(first_fy, FISCAL_YEAR_START_MONTH)

    def stamp(self, day: date) -> datetime:
        found = self._stamps.get(day)
        if found is None:
            found = self._stamps[day] = _stamp(day)
        return found

    def build(self, seed: int) -> Program:
        self.settings()
        org_kinds = self.organizations()
        contacts_by_org = self.contacts()
        self.groups()
        self.mous(org_kinds, contacts_by_org)
        self.clauses()
        self.mou_clauses()
        self.funding(org_kinds)
        return Program(rows=self.rows, anchor=self.anchor, seed=seed, sizes=self.sizes)

    # ----------------------------------------------------------------- settings

    def settings(self) -> None:
        self.rows[Setting] = [
            {"key": "program_name", "value": PROGRAM_NAME},
            {"key": "fiscal_year_start_month", "value": str(FISCAL_YEAR_START_MONTH)},
            {"key": "currency", "value": "USD"},
        ]

    # ----------------------------------------------------------------- stakeholders

    def organizations(self) -> list[OrganizationKind]:
        rng = self.rng
        kinds, weights = _weighted(_ORG_KIND_WEIGHTS)
        chosen: list[OrganizationKind] = rng.choices(kinds, weights, k=self.sizes.organizations)
        # Every funder kind exists at least once, so each funding source finds a funder.
        for index, kind in enumerate(OrganizationKind):
            chosen[index] = kind
        rows = self.rows[Organization]
        used: dict[str, int] = {}
        for org_id, kind in enumerate(chosen, start=1):
            place = rng.choice(_PLACE_STEMS) + rng.choice(_PLACE_ENDINGS)
            base = f"{place} {rng.choice(_ORG_NOUNS[kind])}"
            seen = used.get(base, 0)
            used[base] = seen + 1
            name = base if seen == 0 else f"{base} ({seen + 1})"
            created = self.stamp(self.history_start + timedelta(days=rng.randrange(900)))
            domain = place.lower() + (".gov" if kind.value.endswith(("agency", "ment")) else ".org")
            rows.append(
                {
                    "id": org_id,
                    "name": name,
                    "name_key": organization_key(name),
                    "kind": kind.value,
                    "address": f"{rng.randint(1, 9999)} {rng.choice(_PLACE_STEMS)} Street, {place}",
                    "phone": f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    "website": f"https://www.{domain}",
                    "notes": None,
                    "active": rng.random() < 0.95,
                    "row_version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        return chosen

    def contacts(self) -> dict[int, list[int]]:
        rng = self.rng
        orgs = self.rows[Organization]
        rows = self.rows[Contact]
        by_org: dict[int, list[int]] = {}
        for contact_id in range(1, self.sizes.contacts + 1):
            first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
            # A few people belong to no organization (independent consultants, residents).
            org = None if rng.random() < 0.02 else orgs[rng.randrange(len(orgs))]
            if org is not None:
                by_org.setdefault(org["id"], []).append(contact_id)
                domain = org["website"].removeprefix("https://www.")
                email = f"{first}.{last}@{domain}".lower()
            else:
                email = f"{first}.{last}{contact_id}@example.net".lower()
            created = self.stamp(self.history_start + timedelta(days=rng.randrange(1200)))
            rows.append(
                {
                    "id": contact_id,
                    "full_name": f"{first} {last}",
                    "organization_id": None if org is None else org["id"],
                    "title": rng.choice(_TITLES),
                    "email": email,
                    "phone": f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                    "active": rng.random() < 0.92,
                    "notes": None,
                    "row_version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
        return by_org

    def groups(self) -> None:
        rng = self.rng
        groups = self.rows[StakeholderGroup]
        groups.append(
            {"id": 1, "name": "Working group", "kind": GroupKind.WORKING_GROUP.value,
             "description": "Meets monthly on operations."}
        )  # fmt: skip
        groups.append(
            {"id": 2, "name": "Sustainability committee",
             "kind": GroupKind.SUSTAINABILITY_COMMITTEE.value,
             "description": "Watches the funding mix and the projection."}
        )  # fmt: skip
        for group_id in range(3, self.sizes.groups + 1):
            stem = _GROUP_NAMES[(group_id - 3) % len(_GROUP_NAMES)]
            round_ = (group_id - 3) // len(_GROUP_NAMES)
            name = stem if round_ == 0 else f"{stem} {round_ + 1}"
            groups.append(
                {"id": group_id, "name": name, "kind": GroupKind.CUSTOM.value, "description": None}
            )
        group_ids = [group["id"] for group in groups]
        members = self.rows[GroupMembership]
        chairs: set[int] = set()
        for contact_id in range(1, self.sizes.contacts + 1):
            if rng.random() >= 0.35:
                continue
            for group_id in sorted(rng.sample(group_ids, rng.choice((1, 1, 1, 2, 2, 3)))):
                role = None
                if group_id not in chairs:
                    chairs.add(group_id)
                    role = "chair"
                members.append(
                    {"group_id": group_id, "contact_id": contact_id, "role_in_group": role}
                )

    # ----------------------------------------------------------------- MOUs

    def mous(
        self, org_kinds: list[OrganizationKind], contacts_by_org: dict[int, list[int]]
    ) -> None:
        rng = self.rng
        mous, parties = self.rows[Mou], self.rows[MouParty]
        mou_contacts, reviews = self.rows[MouContact], self.rows[Review]
        statuses = [s.value for s in MouStatus]
        status_weights = [8, 8, 50, 10, 16, 8]  # draft, negotiation, active, review, exp, term
        models = [m.value for m in ResponseModel]
        leads = [
            i + 1
            for i, kind in enumerate(org_kinds)
            if kind
            in (
                OrganizationKind.LAW_ENFORCEMENT,
                OrganizationKind.MENTAL_HEALTH_AGENCY,
                OrganizationKind.LOCAL_GOVERNMENT,
            )
        ]
        org_count = len(org_kinds)
        contact_count = self.sizes.contacts
        latest_by_code: dict[str, Row] = {}
        party_id = mou_contact_id = review_id = 0
        for mou_id in range(1, self.sizes.mous + 1):
            status = rng.choices(statuses, status_weights)[0]
            effective: date | None = None
            expiry: date | None = None
            if status not in (MouStatus.DRAFT.value, MouStatus.IN_NEGOTIATION.value):
                effective = self.anchor - timedelta(days=rng.randrange(60, 365 * 7))
                expiry = (
                    add_months(effective, rng.choice((36, 48, 60))) if rng.random() < 0.6 else None
                )
            supersedes: Row | None = None
            if latest_by_code and rng.random() < 0.1:
                supersedes = latest_by_code[rng.choice(list(latest_by_code))]
            if supersedes is not None:
                code = supersedes["reference_code"]
                version = supersedes["version_number"] + 1
                if supersedes["status"] in (MouStatus.ACTIVE.value, MouStatus.UNDER_REVIEW.value):
                    supersedes["status"] = MouStatus.EXPIRED.value
            else:
                year = (effective or self.anchor).year
                code, version = f"MOU-{year}-{mou_id:04d}", 1
            interval = rng.choice((12, 12, 12, 6, 24))
            created = self.stamp(effective or self.anchor - timedelta(days=rng.randrange(120)))
            lead = rng.choice(leads)
            model = rng.choice(models)
            row: Row = {
                "id": mou_id,
                "reference_code": code,
                "version_number": version,
                "supersedes_id": None if supersedes is None else supersedes["id"],
                "title": f"{ResponseModel(model).label} partnership, "
                f"{self.rows[Organization][lead - 1]['name']}",
                "response_model": model,
                "status": status,
                "effective_date": effective,
                "expiry_date": expiry,
                "review_interval_months": interval,
                "reminder_days": "90,30,7",
                "owner_contact_id": rng.randint(1, contact_count),
                "notes": None if rng.random() < 0.8 else "Amended after the last annual review.",
                "archived": status in (MouStatus.EXPIRED.value, MouStatus.TERMINATED.value)
                and rng.random() < 0.5,
                "row_version": 1,
                "created_at": created,
                "updated_at": created,
            }
            mous.append(row)
            latest_by_code[code] = row

            # Parties: a lead agency, partners, sometimes a funder; distinct organizations.
            party_count = rng.randint(2, 4)
            others: set[int] = {lead}
            while len(others) < party_count:
                others.add(rng.randint(1, org_count))
            others.discard(lead)
            members = [lead, *sorted(others)]
            for position, org_id in enumerate(members):
                role = PartyRole.LEAD_AGENCY if position == 0 else PartyRole.PARTNER
                if position == len(members) - 1 and position > 1 and rng.random() < 0.5:
                    role = PartyRole.FUNDER
                people = contacts_by_org.get(org_id)
                party_id += 1
                parties.append(
                    {
                        "id": party_id,
                        "mou_id": mou_id,
                        "organization_id": org_id,
                        "role": role.value,
                        "signatory_contact_id": rng.choice(people) if people else None,
                        "date_signed": None
                        if effective is None
                        else effective - timedelta(days=rng.randrange(1, 30)),
                        "sharing_tier": rng.choice(list(SharingTier)).value,
                        "position": position,
                    }
                )
            for role_ in rng.sample(list(ContactMouRole), rng.randint(0, 3)):
                mou_contact_id += 1
                mou_contacts.append(
                    {
                        "id": mou_contact_id,
                        "mou_id": mou_id,
                        "contact_id": rng.randint(1, contact_count),
                        "role": role_.value,
                    }
                )

            # Reviews: the completed ones, then the next one due for a live agreement.
            if effective is None:
                continue
            due = add_months(effective, interval)
            while due <= self.anchor - timedelta(days=20):
                review_id += 1
                done = due + timedelta(days=rng.randrange(-10, 25))
                reviews.append(
                    {
                        "id": review_id,
                        "mou_id": mou_id,
                        "due_date": due,
                        "snoozed_until": None,
                        "snooze_reason": None,
                        "completed_date": done,
                        "outcome": rng.choices(
                            (ReviewOutcome.RENEWED_UNCHANGED.value, ReviewOutcome.AMENDED.value),
                            (4, 1),
                        )[0],
                        "reviewer": f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}",
                        "reviewer_contact_id": None,
                        "notes": None,
                        "row_version": 1,
                        "created_at": self.stamp(done),
                    }
                )
                due = add_months(due, interval)
            if status in (MouStatus.ACTIVE.value, MouStatus.UNDER_REVIEW.value):
                review_id += 1
                snoozed = rng.random() < 0.05
                reviews.append(
                    {
                        "id": review_id,
                        "mou_id": mou_id,
                        "due_date": due,
                        "snoozed_until": due + timedelta(days=30) if snoozed else None,
                        "snooze_reason": "Waiting for the evaluation report" if snoozed else None,
                        "completed_date": None,
                        "outcome": None,
                        "reviewer": None,
                        "reviewer_contact_id": rng.randint(1, contact_count),
                        "notes": None,
                        "row_version": 1,
                        "created_at": created,
                    }
                )

    # ----------------------------------------------------------------- clauses

    def clauses(self) -> None:
        rng = self.rng
        clauses, versions = self.rows[Clause], self.rows[ClauseVersion]
        categories, weights = _weighted(_CATEGORY_WEIGHTS)
        chosen: list[ClauseCategory] = rng.choices(categories, weights, k=self.sizes.clauses)
        for index, category in enumerate(ClauseCategory):
            chosen[index] = category  # every category has at least one clause
        version_id = 0
        for clause_id, category in enumerate(chosen, start=1):
            tier = (
                rng.choice(list(SharingTier)).value
                if category is ClauseCategory.INFORMATION_SHARING
                else None
            )
            version_count = rng.choice((1, 1, 2, 2, 3))
            title = f"{category.label}: model clause {clause_id}"
            created = self.stamp(self.history_start + timedelta(days=rng.randrange(700)))
            status = rng.choices([s.value for s in ClauseStatus], (2, 7, 1))[0]
            clauses.append(
                {
                    "id": clause_id,
                    "category": category.value,
                    "title": title,
                    "status": status,
                    "sharing_tier": tier,
                    "current_version": version_count,
                    "row_version": version_count,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for version in range(1, version_count + 1):
                version_id += 1
                body = " ".join(rng.sample(_SENTENCES, rng.randint(3, 6)))
                versions.append(
                    {
                        "id": version_id,
                        "clause_id": clause_id,
                        "version": version,
                        "title": title if version == version_count else f"{title} (v{version})",
                        "body": body,
                        "created_at": self.stamp(
                            self.history_start + timedelta(days=rng.randrange(1000))
                        ),
                        "created_by": "benchmark generator",
                    }
                )

    def mou_clauses(self) -> None:
        """5 to 12 clauses per MOU, most covering the five required subjects."""
        rng = self.rng
        by_category: dict[str, list[int]] = {}
        for version in self.rows[ClauseVersion]:
            clause = self.rows[Clause][version["clause_id"] - 1]
            by_category.setdefault(clause["category"], []).append(version["id"])
        every_version = [version["id"] for version in self.rows[ClauseVersion]]
        links = self.rows[MouClause]
        link_id = 0
        for mou in self.rows[Mou]:
            chosen: list[int] = []
            if rng.random() < 0.8:
                chosen = [rng.choice(by_category[c.value]) for c in REQUIRED_CLAUSE_CATEGORIES]
            wanted = rng.randint(5, 12)
            while len(chosen) < wanted:
                candidate = rng.choice(every_version)
                if candidate not in chosen:
                    chosen.append(candidate)
            for position, version_id in enumerate(chosen):
                link_id += 1
                links.append(
                    {
                        "id": link_id,
                        "mou_id": mou["id"],
                        "clause_version_id": version_id,
                        "position": position,
                        "override_body": None
                        if rng.random() < 0.95
                        else "Reworded for this agreement only.",
                    }
                )

    # ----------------------------------------------------------------- funding

    def funding(self, org_kinds: list[OrganizationKind]) -> None:
        rng = self.rng
        orgs_by_kind: dict[OrganizationKind, list[int]] = {}
        for index, org_kind in enumerate(org_kinds):
            orgs_by_kind.setdefault(org_kind, []).append(index + 1)
        kinds, weights = _weighted(_SOURCE_KIND_WEIGHTS)
        sources = self.rows[FundingSource]
        mou_ids = [mou["id"] for mou in self.rows[Mou]]
        first_fy, last_fy = self.fiscal_years[0], self.fiscal_years[-1]
        names: set[str] = set()
        annual_cents: list[int] = []
        source_mous: list[list[int]] = []
        for source_id in range(1, self.sizes.funding_sources + 1):
            kind: FundingSourceKind = rng.choices(kinds, weights)[0]
            funder = rng.choice(orgs_by_kind[rng.choice(_FUNDER_KINDS[kind])])
            name = f"{self.rows[Organization][funder - 1]['name']}: {kind.label}"
            if name in names:
                name = f"{name} {source_id}"
            names.add(name)
            grant_start = grant_end = None
            renewal = 100
            if kind in (FundingSourceKind.STATE_GRANT, FundingSourceKind.FEDERAL_GRANT) or (
                kind is FundingSourceKind.COMMUNITY_FOUNDATION and rng.random() < 0.5
            ):
                start_fy = rng.randint(first_fy, last_fy)
                grant_start, _ = fiscal_year_bounds(start_fy, FISCAL_YEAR_START_MONTH)
                _, grant_end = fiscal_year_bounds(
                    start_fy + rng.randint(1, 3), FISCAL_YEAR_START_MONTH
                )
                renewal = rng.choice((20, 35, 50, 80))
            created = self.stamp(grant_start or self.history_start)
            sources.append(
                {
                    "id": source_id,
                    "name": name,
                    "funder_organization_id": funder,
                    "kind": kind.value,
                    "restricted": grant_start is not None and rng.random() < 0.6,
                    "grant_start": grant_start,
                    "grant_end": grant_end,
                    "renewal_probability_pct": renewal,
                    "annual_growth_bp": rng.choice((-100, 0, 150, 200, 250, 300)),
                    "notes": None,
                    "active": True,
                    "row_version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            annual_cents.append(rng.randint(5_000, 200_000) * 1_000)  # $50k .. $2m a year
            funded = sorted(rng.sample(mou_ids, min(len(mou_ids), rng.randint(5, 40))))
            source_mous.append(funded)
            self.rows[FundingSourceMou].extend(
                {"funding_source_id": source_id, "mou_id": mou_id} for mou_id in funded
            )
        self.ledger(annual_cents, source_mous)
        self.costs(sum(annual_cents))

    def ledger(self, annual_cents: list[int], source_mous: list[list[int]]) -> None:
        """A budget line per source and fiscal year; then receipts (9 in 10) and
        adjustments spread over the days from the first fiscal year to the anchor."""
        rng = self.rng
        entries = self.rows[LedgerEntry]
        source_count = len(annual_cents)
        entry_id = 0
        for fiscal_year in self.fiscal_years:
            first_day, _ = fiscal_year_bounds(fiscal_year, FISCAL_YEAR_START_MONTH)
            for index, annual in enumerate(annual_cents):
                entry_id += 1
                entries.append(
                    {
                        "id": entry_id,
                        "entry_date": first_day,
                        "funding_source_id": index + 1,
                        "entry_type": LedgerEntryType.BUDGETED.value,
                        "amount_cents": annual,
                        "memo": f"FY{fiscal_year} commitment",
                        "mou_id": None,
                        "match_for_source_id": None,
                        "row_version": 1,
                        "created_at": self.stamp(first_day),
                    }
                )
        span = (self.anchor - self.history_start).days + 1
        days = [self.history_start + timedelta(days=offset) for offset in range(span)]
        remaining = max(0, self.sizes.ledger_entries - entry_id)
        # Picks are weighted by budget, so one typical receipt is the same for every
        # source: all budgets over the span, spread over the entries.
        typical = sum(annual_cents) * (span / 365.25) / max(1, remaining)
        received, adjustment = LedgerEntryType.RECEIVED.value, LedgerEntryType.ADJUSTMENT.value
        picks = rng.choices(range(source_count), annual_cents, k=remaining)
        for source_index in picks:
            entry_id += 1
            day = days[rng.randrange(span)]
            if rng.random() < 0.9:
                entry_type = received
                cents = max(100, int(typical * (0.5 + rng.random())))
                memo = f"Receipt {day:%Y%m%d}-{entry_id}"
            else:
                entry_type = adjustment
                cents = int(typical * (rng.random() - 0.6) * 0.3)
                memo = "Correction of an earlier receipt"
            funded = source_mous[source_index]
            entries.append(
                {
                    "id": entry_id,
                    "entry_date": day,
                    "funding_source_id": source_index + 1,
                    "entry_type": entry_type,
                    "amount_cents": cents,
                    "memo": memo,
                    "mou_id": rng.choice(funded) if rng.random() < 0.25 else None,
                    "match_for_source_id": None,
                    "row_version": 1,
                    "created_at": self.stamp(day),
                }
            )

    def costs(self, annual_budget_cents: int) -> None:
        """Cost lines per fiscal year near the sources' combined budget (90 to 108 %,
        growing 3 % a year), split by category the way a crisis program spends."""
        rng = self.rng
        rows = self.rows[ProgramCost]
        cost_id = 0
        for year_index, fiscal_year in enumerate(self.fiscal_years):
            first_day, _ = fiscal_year_bounds(fiscal_year, FISCAL_YEAR_START_MONTH)
            year_total = annual_budget_cents * rng.uniform(0.90, 1.08) * 1.03**year_index
            for category, share in _COST_SHARES.items():
                lines = rng.randint(2, 6)
                for line in range(1, lines + 1):
                    cost_id += 1
                    amount = year_total * share / lines * rng.uniform(0.7, 1.3)
                    rows.append(
                        {
                            "id": cost_id,
                            "fiscal_year": fiscal_year,
                            "category": category.value,
                            "amount_cents": round(amount / 100) * 100,  # whole dollars
                            "description": f"{category.label} line {line}",
                            "row_version": 1,
                            "created_at": self.stamp(first_day),
                        }
                    )
