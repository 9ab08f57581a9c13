"""PartnerDesk's default catalogue of indicators: the five core outcome measures of a
crisis-response partnership (cost savings are worked out from the others with the unit
costs), the call-volume and pathway measures field toolkits recommend, and the process
measures (training, protocol, partnership). Loaded into an empty catalogue on request.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from partnerdesk.core.models import Aggregation, DataSource, Direction, IndicatorUnit, TargetKind
from partnerdesk.core.outcomes.indicators import IndicatorInput, create_indicator, indicator_count
from partnerdesk.core.platform.errors import ConflictError

S, MEAN, MEDIAN, RATE = Aggregation.SUM, Aggregation.MEAN, Aggregation.MEDIAN, Aggregation.RATE
COUNT, MINUTES, PERCENT = IndicatorUnit.COUNT, IndicatorUnit.MINUTES, IndicatorUnit.PERCENT
LOWER, HIGHER = Direction.LOWER, Direction.HIGHER
CAD, POLICE, HOSPITAL = DataSource.DISPATCH, DataSource.POLICE_RECORDS, DataSource.HOSPITAL
PROGRAM, SURVEY = DataSource.PROGRAM_RECORDS, DataSource.SURVEY
CHANGE, ABSOLUTE = TargetKind.CHANGE, TargetKind.ABSOLUTE


@dataclass(frozen=True)
class Seed:
    code: str
    name: str
    unit: IndicatorUnit
    better: Direction
    aggregation: Aggregation
    source: DataSource
    definition: str
    core: bool = False
    by_agency: bool = False
    rate_of: tuple[str, str] | None = None  # (numerator code, denominator code)
    target: tuple[TargetKind, str, int] | None = None  # kind, value, month after launch


DEFAULT_CATALOGUE: tuple[Seed, ...] = (
    Seed("arrests", "Arrests on behavioral-health calls", COUNT, LOWER, S, POLICE,
         "Calls coded as a behavioral-health crisis that ended with someone taken into "
         "custody, counted in the month of the call.", core=True, target=(CHANGE, "-30", 12)),
    Seed("use_of_force", "Use-of-force incidents on behavioral-health calls", COUNT, LOWER, S,
         POLICE, "Reportable use-of-force incidents on calls coded as a behavioral-health "
         "crisis, as the department's use-of-force reports record them.", core=True,
         target=(CHANGE, "-25", 12)),
    Seed("ed_visits", "Emergency-department visits after a crisis call", COUNT, LOWER, S,
         HOSPITAL, "Visits to the emergency department by people brought in from a "
         "behavioral-health call (aggregate count from the hospital).", core=True,
         target=(CHANGE, "-20", 12)),
    Seed("response_time", "Response time to behavioral-health calls", MINUTES, LOWER, MEDIAN,
         CAD, "Median minutes from the call being received to the first responder on "
         "scene, from the dispatch log.", core=True, by_agency=True,
         target=(ABSOLUTE, "15", 6)),
    Seed("crisis_calls", "Behavioral-health calls received", COUNT, HIGHER, S, CAD,
         "Calls for service that dispatch coded as a behavioral-health crisis."),
    Seed("eligible_calls", "Calls eligible for the crisis team", COUNT, HIGHER, S, CAD,
         "Behavioral-health calls that met the program's criteria for a crisis-team "
         "response (no weapon reported, within hours and area)."),
    Seed("handled_calls", "Eligible calls handled by the crisis team", COUNT, HIGHER, S, CAD,
         "Eligible calls a co-responder or mobile crisis team attended, by the agency "
         "that sent the team.", by_agency=True),
    Seed("share_handled", "Share of eligible calls handled", PERCENT, HIGHER, RATE, CAD,
         "Eligible calls handled by the crisis team, as a percentage of eligible calls.",
         rate_of=("handled_calls", "eligible_calls"), target=(ABSOLUTE, "60", 12)),
    Seed("resolved_on_scene", "Calls resolved on scene", COUNT, HIGHER, S, PROGRAM,
         "Calls the team closed on scene without a transport, an arrest or a hold."),
    Seed("resolved_share", "Share of handled calls resolved on scene", PERCENT, HIGHER, RATE,
         PROGRAM, "Calls resolved on scene as a percentage of the calls the team handled.",
         rate_of=("resolved_on_scene", "handled_calls")),
    Seed("referrals_made", "Referrals made", COUNT, HIGHER, S, PROGRAM,
         "Referrals to treatment or support services that the team made on or after a "
         "call."),
    Seed("referrals_completed", "Referrals completed", COUNT, HIGHER, S, PROGRAM,
         "Referrals where the person attended at least one appointment with the service."),
    Seed("referral_completion", "Referral completion rate", PERCENT, HIGHER, RATE, PROGRAM,
         "Referrals completed as a percentage of referrals made.",
         rate_of=("referrals_completed", "referrals_made"), target=(ABSOLUTE, "50", 12)),
    Seed("police_requested", "Police requested on scene", COUNT, LOWER, S, PROGRAM,
         "Calls where the crisis team asked for police to attend after arriving."),
    Seed("involuntary_holds", "Involuntary holds", COUNT, LOWER, S, HOSPITAL,
         "Emergency detentions for psychiatric evaluation started on a behavioral-health "
         "call."),
    Seed("repeat_contacts", "Repeat contacts within 30 days", COUNT, LOWER, S, PROGRAM,
         "Calls about a person the team had already seen in the previous 30 days."),
    Seed("follow_up_72h", "Follow-up within 72 hours", PERCENT, HIGHER, MEAN, PROGRAM,
         "Share of people seen by the team who had a follow-up contact within three days.",
         target=(ABSOLUTE, "80", 12)),
    Seed("training_completion", "Joint training completed", PERCENT, HIGHER, MEAN, PROGRAM,
         "Share of the officers and clinicians on the roster who completed the joint "
         "crisis-response training.", target=(ABSOLUTE, "95", 6)),
    Seed("protocol_adherence", "Protocol adherence", PERCENT, HIGHER, MEAN, PROGRAM,
         "Share of the calls reviewed each month that followed the agreed response "
         "protocol."),
    Seed("partnership_satisfaction", "Partnership satisfaction", PERCENT, HIGHER, MEAN, SURVEY,
         "Share of staff of the partner agencies who rate the partnership as working well "
         "(quarterly survey, reported in its month)."),
)  # fmt: skip


def seed_input(seed: Seed, ids: dict[str, int]) -> IndicatorInput:
    kind, value, month = seed.target if seed.target else (None, None, None)
    return IndicatorInput(
        name=seed.name,
        code=seed.code,
        unit=seed.unit,
        better=seed.better,
        aggregation=seed.aggregation,
        data_source=seed.source,
        definition=seed.definition,
        numerator_id=ids[seed.rate_of[0]] if seed.rate_of else None,
        denominator_id=ids[seed.rate_of[1]] if seed.rate_of else None,
        by_agency=seed.by_agency,
        core=seed.core,
        target_kind=kind,
        target_value=Decimal(value) if value is not None else None,
        target_month=month,
    )


def load_default_catalogue(session: Session) -> dict[str, int]:
    """Add the default indicators to an empty catalogue; their ids by code."""
    if indicator_count(session):
        raise ConflictError(
            "the indicator catalogue already holds indicators; the default catalogue is "
            "only loaded into an empty one"
        )
    ids: dict[str, int] = {}
    for seed in DEFAULT_CATALOGUE:
        ids[seed.code] = create_indicator(session, seed_input(seed, ids))
    return ids
