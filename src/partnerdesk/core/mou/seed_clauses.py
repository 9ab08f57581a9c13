"""The default clause library: PartnerDesk's own wording for a police / mental-health
crisis-response partnership, approved and ready to compose into MOUs.

Loaded by ``partnerdesk demo``, by ``partnerdesk clauses seed`` and by the Clauses area's
"Load default clause library" (offered while the library is empty). A new database is
*not* seeded when it is created: an empty database must stay empty so that ``copy``,
``restore`` and ``demo`` can fill it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from partnerdesk.core.models import ClauseCategory, ClauseStatus, SharingTier
from partnerdesk.core.mou.clauses import ClauseInput, clause_count, create_clause
from partnerdesk.core.platform.errors import ConflictError

SEED_AUTHOR = "PartnerDesk default library"

C = ClauseCategory


@dataclass(frozen=True, slots=True)
class SeedClause:
    category: ClauseCategory
    title: str
    body: str
    sharing_tier: SharingTier | None = None


SEED_CLAUSES: tuple[SeedClause, ...] = (
    # ---------------------------------------------------------------- response protocol
    SeedClause(C.RESPONSE_PROTOCOL, "Co-responder team: dispatch and roles",
        "Dispatch sends a co-responder unit, made up of one sworn officer and one licensed "
        "clinician, to calls it screens as mainly about a behavioral-health crisis. The officer "
        "makes the scene safe first. Once it is safe, the clinician leads the contact, the "
        "assessment and any referral, and the officer stays in support.\n"
        "Either member of the unit may call for more help at any time. {{ lead_agency }} "
        "schedules the units so that they cover the hours when crisis calls are most frequent."),
    SeedClause(C.RESPONSE_PROTOCOL, "Mobile crisis team: clinicians respond first",
        "A mobile crisis team of a licensed clinician and a certified peer specialist is the "
        "first and usual response to crisis calls in which no weapon is reported and nobody is "
        "in immediate danger. Police attend only when the team asks for them, and then keep "
        "the perimeter while the team continues its work.\n"
        "Calls that report a weapon or an immediate threat are dispatched to police, who may "
        "ask the team to join once the scene is safe."),
    SeedClause(C.RESPONSE_PROTOCOL, "Clinician lead with police backup",
        "Mental-health professionals of {{ lead_agency }} lead the response to crisis calls. "
        "Police provide backup on request: they secure the perimeter, and step in only when "
        "the clinician in charge hands over the scene or when life is at risk.\n"
        "Before each shift the clinician in charge and the police supervisor confirm who "
        "decides at the scene, so that authority is never in doubt during a fast-moving call."),
    SeedClause(C.RESPONSE_PROTOCOL, "Hand-over of the lead at the scene",
        "The responder who holds the lead says so aloud at arrival and again whenever the lead "
        "passes to another responder. A hand-over is recorded in the call notes with its time "
        "and reason. Disagreements at the scene are settled in favor of safety and discussed "
        "at the next case review, never in front of the person in crisis."),
    # ---------------------------------------------------------------- information sharing
    SeedClause(C.INFORMATION_SHARING, "Basic tier: identity and immediate risk",
        "Without the person's consent, the parties may share only what responders need for "
        "the call in hand: name, age, address or location, and the current assessment of risk "
        "to the person and to others. Nothing else is shared at this tier.",
        SharingTier.BASIC),
    SeedClause(C.INFORMATION_SHARING, "Intermediate tier: diagnosis and treatment, with consent",
        "When the person has given written consent, the mental-health party may also share "
        "diagnoses, current treatment and treatment history that bear on the response. The "
        "consent names what may be shared, with whom and until when; it is kept with the case "
        "record, and the person may withdraw it at any time, after which sharing at this tier "
        "stops at once.",
        SharingTier.INTERMEDIATE),
    SeedClause(C.INFORMATION_SHARING, "Full tier: complete records for ongoing cases",
        "For a person who is an open case of the program and who has consented to it, the "
        "parties named for this tier may see the complete record needed to coordinate care. "
        "Access is limited to the staff assigned to the case, is logged, and ends when the case "
        "is closed or the consent is withdrawn.",
        SharingTier.FULL),
    SeedClause(C.INFORMATION_SHARING, "Consent forms and withdrawal of consent",
        "The parties use one shared consent form, agreed by the privacy officers of "
        "{{ all_parties }}. A consent is valid only when it states its scope, its recipients "
        "and its end date. Each party checks that a consent is on file before sharing beyond "
        "the basic tier, and tells the other parties within one business day when a person "
        "withdraws consent."),
    # ---------------------------------------------------------------- liability
    SeedClause(C.LIABILITY, "Each party is responsible for its own staff",
        "Each party answers for the acts and omissions of its own employees, volunteers and "
        "contractors while they work under this agreement. No party takes on the liabilities "
        "of another party by signing it, and nothing in it makes the staff of one party the "
        "employees or agents of another."),
    SeedClause(C.LIABILITY, "Insurance kept in force",
        "For the whole term of this agreement each party keeps general liability and "
        "professional liability cover (or an equivalent self-insurance plan) suited to "
        "its role in the program, and gives the other parties proof of that cover on request."),
    SeedClause(C.LIABILITY, "Notice of claims",
        "A party that receives a claim, complaint or lawsuit arising from a joint response "
        "tells the other parties in writing within ten business days, and the parties "
        "cooperate in answering it while each keeps control of its own defence."),
    # ---------------------------------------------------------------- funding arrangement
    SeedClause(C.FUNDING_ARRANGEMENT, "Diversified funding plan",
        "The program is paid for from several sources, recorded in the partnership's funding "
        "ledger: {{ funding_sources }}. No single source should carry most of the cost. The "
        "sustainability committee reviews the mix every year and tells the parties at least "
        "twelve months ahead when a source is expected to end, together with its plan to "
        "replace it."),
    SeedClause(C.FUNDING_ARRANGEMENT, "Contributions, invoicing and restricted funds",
        "Each funding party pays its agreed contribution in the instalments set out in the "
        "funding table. Money given for a restricted purpose is spent only on that purpose "
        "and reported separately. {{ lead_agency }} keeps the accounts of the program and "
        "shares a statement of money received and spent with every party each quarter."),
    SeedClause(C.FUNDING_ARRANGEMENT, "Costs borne by each party",
        "Unless the funding table says otherwise, each party pays the salaries, equipment and "
        "overheads of its own staff assigned to the program."),
    # ---------------------------------------------------------------- evaluation metrics
    SeedClause(C.EVALUATION_METRICS, "Evaluation at 6, 12 and 24 months",
        "The parties evaluate the program formally 6, 12 and 24 months after "
        "{{ effective_date }}, with lighter monthly checks of the data in between. Each "
        "evaluation reports at least: arrests and uses of force during crisis calls, visits to "
        "emergency departments, response times, and the cost of the program per call. The "
        "results are shared with every party and used at the annual review."),
    SeedClause(C.EVALUATION_METRICS, "Process and outcome measures",
        "Besides the headline measures, the evaluation follows how the program is run "
        "(training completed, protocols followed, satisfaction of the partner agencies) and "
        "what happens to people after the response (connection to services, repeat crises). "
        "Measures are compared with the year before the program started wherever the data "
        "allow."),
    SeedClause(C.EVALUATION_METRICS, "Data for the evaluation",
        "Each party supplies the de-identified call, outcome and cost data the evaluation needs "
        "within thirty days of the end of each month. Data that could identify a person are "
        "never used for the evaluation."),
    # ---------------------------------------------------------------- training
    SeedClause(C.TRAINING, "Joint training: 40 hours, then quarterly refreshers",
        "Officers, clinicians and peer specialists assigned to the program complete at least "
        "40 hours of initial training together before they respond, followed by a joint "
        "refresher every quarter. Training uses local, de-identified cases and practises "
        "de-escalation, and each party records who completed it."),
    SeedClause(C.TRAINING, "Understanding each other's professions",
        "Training gives time to the differences between the professions: police learn how "
        "clinicians build rapport before acting, and clinicians learn how officers judge and "
        "control risk. New staff shadow an experienced responder of the other profession "
        "before their first shift."),
    # ---------------------------------------------------------------- confidentiality and privacy
    SeedClause(C.CONFIDENTIALITY_PRIVACY, "HIPAA and 42 CFR Part 2 safeguards",
        "Health information protected by HIPAA, and substance-use treatment records protected "
        "by 42 CFR Part 2, are disclosed only as those rules allow, and only through the "
        "privacy officers named for this agreement ({{ privacy_officers }}). A party that "
        "receives such information does not pass it on to anyone else."),
    SeedClause(C.CONFIDENTIALITY_PRIVACY, "Breaches of confidentiality",
        "A party that learns that information shared under this agreement was disclosed "
        "without authority tells the party it came from within two business days, limits the "
        "harm, and cooperates in any notice the law requires."),
    # ---------------------------------------------------------------- data retention
    SeedClause(C.DATA_RETENTION, "How long shared records are kept",
        "Records received from another party are kept only as long as the case needs them and "
        "the law requires, and are then destroyed securely. Each party keeps a log of what it "
        "destroyed and when."),
    SeedClause(C.DATA_RETENTION, "Records when the agreement ends",
        "When this agreement ends, each party returns or destroys the records it received "
        "under it, except those it must keep by law, which stay protected as this agreement "
        "requires for as long as they are kept."),
    # ---------------------------------------------------------------- termination
    SeedClause(C.TERMINATION, "Withdrawal on notice",
        "A party may withdraw from this agreement by giving the other parties ninety days' "
        "written notice. The remaining parties then decide within thirty days whether the "
        "program continues without it, and on what terms."),
    SeedClause(C.TERMINATION, "Ending the agreement for a serious breach",
        "If a party seriously breaches this agreement and does not put it right within thirty "
        "days of written notice, the other parties may end its participation at once."),
    # ---------------------------------------------------------------- dispute resolution
    SeedClause(C.DISPUTE_RESOLUTION, "Working group first, then leadership",
        "Disagreements about this agreement are raised first at the partnership's working "
        "group. If it cannot settle them within thirty days, they go to the chief executives "
        "of the parties concerned, who meet within a further thirty days."),
    SeedClause(C.DISPUTE_RESOLUTION, "Mediation",
        "A dispute the chief executives cannot settle goes to a mediator the parties concerned "
        "choose together and whose cost they share equally, before any party goes to court."),
    # ---------------------------------------------------------------- general
    SeedClause(C.GENERAL, "Term and annual review",
        "This agreement takes effect on {{ effective_date }} and runs until {{ expiry_date }}. "
        "The parties review it every {{ review_interval_months }} months, the first time on "
        "{{ first_review_date }}, and record at each review whether it continues unchanged, is "
        "amended, or ends."),
    SeedClause(C.GENERAL, "Amendments in writing",
        "This agreement, with its tables, is the whole of what the parties agreed about "
        "{{ program_name }}. It can be changed only by a written amendment signed by every "
        "party."),
)  # fmt: skip


def load_seed_library(session: Session, *, created_by: str = SEED_AUTHOR) -> int:
    """Add the default clauses (approved, version 1) to an empty library; returns how many.

    Refuses a library that already holds clauses, so that loading twice never duplicates.
    """
    existing = clause_count(session)
    if existing:
        raise ConflictError(
            f"the clause library already holds {existing} clause(s); the default library is "
            "only loaded into an empty one"
        )
    for seed in SEED_CLAUSES:
        create_clause(
            session,
            ClauseInput(
                title=seed.title,
                category=seed.category,
                body=seed.body,
                status=ClauseStatus.APPROVED,
                sharing_tier=seed.sharing_tier,
            ),
            created_by=created_by,
        )
    return len(SEED_CLAUSES)


def ensure_seed_library(session: Session) -> int:
    """Load the default library if (and only if) the library is empty; returns how many."""
    if clause_count(session):
        return 0
    return load_seed_library(session)
