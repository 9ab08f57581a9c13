"""The rules of an agreement that need no database: its status lifecycle, the status a user
sees, reference codes, reminder lead times, and how an MOU is named in messages and in the
audit trail.

Kept pure and in one place so that the editor, the register, the reviews and the command
line all apply the same rule (the editor offers exactly the transitions the service accepts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from partnerdesk.core.models import Mou, MouStatus

# Statuses an agreement may move to from each status. Expired and terminated agreements
# are not reopened: an expired one is renewed by an amendment (a new version).
ALLOWED_TRANSITIONS: dict[MouStatus, tuple[MouStatus, ...]] = {
    MouStatus.DRAFT: (MouStatus.IN_NEGOTIATION, MouStatus.TERMINATED),
    MouStatus.IN_NEGOTIATION: (MouStatus.DRAFT, MouStatus.ACTIVE, MouStatus.TERMINATED),
    MouStatus.ACTIVE: (MouStatus.UNDER_REVIEW, MouStatus.EXPIRED, MouStatus.TERMINATED),
    MouStatus.UNDER_REVIEW: (MouStatus.ACTIVE, MouStatus.EXPIRED, MouStatus.TERMINATED),
    MouStatus.EXPIRED: (),
    MouStatus.TERMINATED: (),
}
# A new MOU may be recorded as already signed and in force (entering existing agreements).
INITIAL_STATUSES = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, MouStatus.ACTIVE)
# Agreements in force: they have a scheduled review and an expiry to watch.
IN_FORCE = (MouStatus.ACTIVE, MouStatus.UNDER_REVIEW)
AMENDABLE = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, *IN_FORCE, MouStatus.EXPIRED)
# What an amendment may start as: an expired agreement is renewed by an active amendment.
AMENDMENT_STATUSES = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION, MouStatus.ACTIVE)
# How an amendment starts: nobody has signed it yet, so it is being negotiated.
AMENDMENT_START = MouStatus.IN_NEGOTIATION
# Not yet in force: while an amendment is here, the version it amends stays in force.
NOT_YET_IN_FORCE = (MouStatus.DRAFT, MouStatus.IN_NEGOTIATION)

DEFAULT_REMINDER_DAYS: tuple[int, ...] = (90, 30, 7)
MAX_REVIEW_INTERVAL = 60


def shown_status(status: MouStatus, expiry_date: date | None, today: date) -> MouStatus:
    """The status a user sees: an agreement in force past its expiry date is expired.

    Derived rather than written back so that it is right on the day it happens, in every
    listing and command, whether or not anyone opened PartnerDesk that day; recording
    "expired" for good stays a deliberate step (a status change, audited).
    """
    if status in IN_FORCE and expiry_date is not None and expiry_date < today:
        return MouStatus.EXPIRED
    return status


def version_status_text(status: MouStatus, superseded_by_version: int | None) -> str:
    """A version's status as a user reads it: a superseded version says so (its recorded
    status is what it was when the amendment replaced it, not what it is now)."""
    if superseded_by_version is not None:
        return f"Superseded by version {superseded_by_version}"
    return status.label


def transition_refusal(old: MouStatus, new: MouStatus) -> str:
    """Why ``old`` cannot become ``new``, saying what it can become instead."""
    allowed = ALLOWED_TRANSITIONS[old]
    if not allowed:
        return f"a {old.label.lower()} MOU does not change status" + (
            "; amend it to renew the agreement" if old == MouStatus.EXPIRED else ""
        )
    names = ", ".join(s.label.lower() for s in allowed)
    return f"a {old.label.lower()} MOU can become {names}; not {new.label.lower()}"


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """``"90,30,7"`` -> (90, 30, 7); bad parts are skipped (the editor validates input)."""
    parts = re.split(r"[,\s;]+", text or "")
    days = {int(part) for part in parts if part.isascii() and part.isdigit() and len(part) < 6}
    return tuple(sorted(days, reverse=True))


MAX_REMINDER_DAYS = 366


def reminder_days_problem(days: Iterable[int]) -> str | None:
    """Why these lead times cannot be used (None when they can): reminders fire 0 to 366
    days before a date (MOUs, grant obligations)."""
    bad = [d for d in days if not 0 <= d <= MAX_REMINDER_DAYS]
    if bad:
        return f"reminders are given 0 to {MAX_REMINDER_DAYS} days ahead, not {bad[0]} days"
    return None


def format_reminder_days(days: Iterable[int]) -> str:
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


def normalise_code(code: str) -> str:
    """Reference codes are compared and stored without spaces, in capitals."""
    return "".join(code.split()).upper()


def mou_label(mou: Mou) -> str:
    """How messages and audit summaries name one version: ``RIV-CR-01 v2``."""
    return version_label(mou.reference_code, mou.version_number)


def version_label(reference_code: str, version_number: int) -> str:
    return f"{reference_code} v{version_number}"


def mou_marker(mou_id: int) -> str:
    """The summary prefix tying a party or review event to its MOU, so that the MOU's
    History finds those events even after the party or review row is gone."""
    return f"MOU #{mou_id}:"
