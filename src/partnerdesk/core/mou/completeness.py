"""What an MOU still lacks before it can be signed: the five required subjects, a funding
arrangement backed by the ledger, and for every party a signatory and an information-sharing
tier that a clause of the MOU grants.

An MOU with an evaluation-metrics clause must also name the indicators it commits to, and
each of them must have values for the last three months (:mod:`.indicator_links`).

The rules live in :func:`find_gaps`, a pure function, so that the composer dialog can show
the gaps live while the drafter works, and ``mou check`` and the document generator give
exactly the same answer from the database (:func:`check_completeness`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from partnerdesk.core.models import REQUIRED_CLAUSE_CATEGORIES, ClauseCategory, SharingTier
from partnerdesk.core.mou.composition import Composition, PartyInfo, get_composition
from partnerdesk.core.mou.indicator_links import CommittedIndicator

# Information-sharing tiers from least to most disclosure: a clause granting a tier also
# covers the tiers below it.
TIER_RANK = {SharingTier.BASIC: 1, SharingTier.INTERMEDIATE: 2, SharingTier.FULL: 3}


# Where a gap is fixed, in the words of the app's commands.
FIXED_IN: dict[str, str] = {
    "composer": "Compose clauses… (the clauses, and each party's tier)",
    "parties": "the Parties tab of the MOU (Open…)",
    "funding": "the Funding area (edit a source and tick this MOU under Linked MOUs)",
}


@dataclass(frozen=True, slots=True)
class Gap:
    code: str  # stable key, e.g. "missing:liability", "party_without_tier:12"
    message: str
    fixed_in: str = "composer"  # a key of FIXED_IN

    @property
    def where(self) -> str:
        return FIXED_IN[self.fixed_in]


def where_to_fix(gaps: Iterable[Gap]) -> list[str]:
    """The places that fix ``gaps``, each once, in the order a drafter would go."""
    wanted = {gap.fixed_in for gap in gaps}
    return [FIXED_IN[key] for key in FIXED_IN if key in wanted]


def find_gaps(
    categories: Iterable[ClauseCategory],
    granted_tiers: Iterable[SharingTier | None],
    parties: Sequence[PartyInfo],
    funding_sources_linked: int,
    indicators: Sequence[CommittedIndicator] = (),
) -> list[Gap]:
    """What an MOU still lacks, in the order a drafter would fix it. ``indicators`` are the
    ones it commits to (with ``recent`` None when their values were not checked)."""
    present = set(categories)
    gaps: list[Gap] = []
    for category in REQUIRED_CLAUSE_CATEGORIES:
        if category in present:
            continue
        if category == ClauseCategory.EVALUATION_METRICS:
            gaps.append(
                Gap(
                    "missing:evaluation_metrics",
                    "No evaluation metrics: add an evaluation clause saying what is measured "
                    "and when",
                )
            )
        else:
            gaps.append(Gap(f"missing:{category.value}", f"No {category.label.lower()} clause"))
    if ClauseCategory.FUNDING_ARRANGEMENT in present and funding_sources_linked == 0:
        gaps.append(
            Gap(
                "funding_not_backed",
                "The funding arrangement is not backed by the ledger: link at least one "
                "funding source to this MOU",
                "funding",
            )
        )
    if ClauseCategory.EVALUATION_METRICS in present and not indicators:
        gaps.append(
            Gap(
                "evaluation_without_indicators",
                "The evaluation clause names no indicators: choose the indicators this MOU "
                "commits to (MOUs › Evaluation indicators…)",
            )
        )
    for indicator in indicators:
        if indicator.recent is False:
            gaps.append(
                Gap(
                    f"indicator_without_values:{indicator.indicator_id}",
                    f"{indicator.name} has no values for the last three months (enter them "
                    "in Outcomes › Monthly values, or import them)",
                )
            )
    if not parties:
        gaps.append(Gap("no_parties", "The MOU has no parties", "parties"))
    best_granted = max((TIER_RANK[t] for t in granted_tiers if t is not None), default=0)
    for party in parties:
        name = party.organization_name
        if party.sharing_tier is None:
            gaps.append(
                Gap(
                    f"party_without_tier:{party.party_id}",
                    f"{name} has no information-sharing tier",
                )
            )
        elif TIER_RANK[party.sharing_tier] > best_granted:
            gaps.append(
                Gap(
                    f"tier_not_granted:{party.party_id}",
                    f"{name} shares at the {party.sharing_tier.label.lower()} tier, but no "
                    "information-sharing clause in this MOU grants that tier",
                )
            )
        if not party.signatory_name:
            gaps.append(
                Gap(
                    f"party_without_signatory:{party.party_id}",
                    f"{name} has no signatory",
                    "parties",
                )
            )
    return gaps


def gaps_of(composition: Composition) -> list[Gap]:
    return find_gaps(
        (c.category for c in composition.clauses),
        (c.sharing_tier for c in composition.clauses),
        composition.parties,
        len(composition.funding_source_ids),
        composition.indicators,
    )


def check_completeness(session: Session, mou_id: int, today: date | None = None) -> list[Gap]:
    """The gaps of an MOU as saved; an empty list means it is complete. Its indicators'
    recent values are checked when ``today`` is given."""
    return gaps_of(get_composition(session, mou_id, today))
