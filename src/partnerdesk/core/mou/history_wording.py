"""The words of an MOU's History: one sentence per change, as a person would say it.

"Expiry date changed from 18 Nov 2027 to 18 Nov 2029 by dana", "Harbor County Behavioral
Health's information-sharing tier changed from Basic to Intermediate (with consent)",
"Version 2 created, amending version 1" — never a column name, an id or a stored enum
value. The audit log keeps the raw values; this module only reads them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from partnerdesk.core.models import (
    AuditAction,
    MouStatus,
    PartyRole,
    ResponseModel,
    ReviewOutcome,
    SharingTier,
)
from partnerdesk.core.platform.schema import LabelledEnum

# Field -> how a person names it. Fields not listed are bookkeeping and are not shown.
MOU_FIELDS: dict[str, str] = {
    "reference_code": "Reference code",
    "title": "Title",
    "response_model": "Response model",
    "status": "Status",
    "effective_date": "Effective date",
    "expiry_date": "Expiry date",
    "review_interval_months": "Review interval",
    "reminder_days": "Reminders",
    "owner_contact_id": "Owner",
    "notes": "Notes",
}
PARTY_FIELDS: dict[str, str] = {
    "organization_id": "organization",
    "role": "role",
    "signatory_contact_id": "signatory",
    "date_signed": "signing date",
    "sharing_tier": "information-sharing tier",
}
REVIEW_FIELDS: dict[str, str] = {
    "due_date": "Next review due",
    "snoozed_until": "Review snoozed until",
    "snooze_reason": "Reason for snoozing",
    "completed_date": "Review completed on",
    "outcome": "Review outcome",
    "reviewer": "Reviewer",
    "reviewer_contact_id": "Reviewer",
    "notes": "Review notes",
}
_ENUMS: dict[str, type[LabelledEnum]] = {
    "status": MouStatus,
    "response_model": ResponseModel,
    "role": PartyRole,
    "sharing_tier": SharingTier,
    "outcome": ReviewOutcome,
}


def day_text(day: date) -> str:
    """18 Nov 2027: unambiguous whatever the reader's habit (not 11/18 or 18/11)."""
    return f"{day.day} {day:%b %Y}"


def value_text(field: str, raw: str | None, known: str | None = None) -> str:
    """A stored value as a person reads it: a label, a name (``known``: the organization or
    contact an id stands for), a date, a number of months."""
    if raw is None or raw == "":
        return ""
    if known is not None:
        return known
    enum = _ENUMS.get(field)
    if enum is not None:
        try:
            return enum(raw).label
        except ValueError:
            return raw
    if field == "review_interval_months" and raw.isdigit():
        return f"{raw} month{'s' if raw != '1' else ''}"
    if field == "reminder_days":
        days = [d.strip() for d in raw.split(",") if d.strip()]
        if not days:
            return "none"
        listed = ", ".join(days[:-1]) + f" and {days[-1]}" if len(days) > 1 else days[0]
        return f"{listed} days before"
    if raw in ("True", "False"):
        return "yes" if raw == "True" else "no"
    try:
        return day_text(date.fromisoformat(raw))
    except ValueError:
        return raw


def change_sentence(label: str, old: str, new: str) -> str:
    """'X changed from A to B', 'X set to B', 'X cleared (was A)'."""
    if old and new:
        if "\n" in old or "\n" in new or len(old) + len(new) > 160:
            return f"{label} changed"  # a long text: the sentence would drown it
        return f"{label} changed from {old} to {new}"
    if new:
        return f"{label} set to {new}"
    return f"{label} cleared (was {old})"


def clause_list_sentence(old: str, new: str) -> str:
    """The clause list as a whole ('Title (v2); Other (v1, reworded)'): what was added,
    removed or moved to a newer version, by title."""

    def parse(text: str) -> dict[str, str]:
        found: dict[str, str] = {}
        if text and text != "(none)":
            for item in text.split("; "):
                title, _, version = item.rpartition(" (")
                found[title or item] = version.rstrip(")")
        return found

    before, after = parse(old), parse(new)
    parts: list[str] = []
    added = [f"“{t}”" for t in after if t not in before]
    removed = [f"“{t}”" for t in before if t not in after]
    moved = [
        f"“{t}” from {before[t]} to {after[t]}"
        for t in after
        if t in before and before[t] != after[t]
    ]
    if added:
        parts.append("added " + ", ".join(added))
    if removed:
        parts.append("removed " + ", ".join(removed))
    if moved:
        parts.append("moved " + ", ".join(moved))
    return "Clauses: " + "; ".join(parts) if parts else "Clauses reordered"


def party_sentence(
    action: AuditAction,
    organization: str,
    fields: Mapping[str, tuple[str, str]],
) -> str | None:
    """A party's change; ``fields`` maps a field to its (old, new) words."""
    if action is AuditAction.DELETE:
        return f"{organization} removed from the agreement"
    if action is AuditAction.CREATE:
        wording = {
            "signatory_contact_id": "signatory {}",
            "date_signed": "signed {}",
            "sharing_tier": "sharing tier {}",
        }
        details = [
            pattern.format(fields[f][1])
            for f, pattern in wording.items()
            if f in fields and fields[f][1]
        ]
        role = fields.get("role", ("", ""))[1].lower() or "party"
        return f"{organization} added as {role}" + (f" ({', '.join(details)})" if details else "")
    sentences = [
        change_sentence(f"{organization}'s {PARTY_FIELDS[f]}", old, new)
        for f, (old, new) in fields.items()
        if f in PARTY_FIELDS
    ]
    return "; ".join(sentences) if sentences else None


def review_sentence(action: AuditAction, fields: Mapping[str, tuple[str, str]]) -> str | None:
    if action is AuditAction.CREATE:
        due = fields.get("due_date", ("", ""))[1]
        return f"Review scheduled for {due}" if due else "Review scheduled"
    if action is AuditAction.DELETE:
        due = fields.get("due_date", ("", ""))[0]
        return f"Review due {due} withdrawn" if due else "Scheduled review withdrawn"
    if "completed_date" in fields and fields["completed_date"][1]:
        text = f"Review completed on {fields['completed_date'][1]}"
        outcome = fields.get("outcome", ("", ""))[1]
        reviewer = fields.get("reviewer", ("", ""))[1]
        if outcome:
            text += f": {outcome.lower()}"
        if reviewer:
            text += f" (reviewer {reviewer})"
        return text
    if "snoozed_until" in fields and fields["snoozed_until"][1]:
        reason = fields.get("snooze_reason", ("", ""))[1]
        return f"Review snoozed until {fields['snoozed_until'][1]}" + (
            f": {reason}" if reason else ""
        )
    sentences = [
        change_sentence(REVIEW_FIELDS[f], old, new)
        for f, (old, new) in fields.items()
        if f in REVIEW_FIELDS
    ]
    return "; ".join(sentences) if sentences else None


def mou_sentence(
    action: AuditAction,
    summary: str,
    fields: Mapping[str, tuple[str, str]],
    version_number: int,
    version_of: Callable[[str], str],
) -> str | None:
    """A change to the MOU itself; ``version_of`` turns another version's id into
    "version 2"."""
    if action is AuditAction.CREATE:
        if " amends version " in summary:
            earlier = summary.split(" amends version ", 1)[1].split(" ", 1)[0]
            return f"Version {version_number} created, amending version {earlier}"
        return f"Version {version_number} created"
    if action is AuditAction.ARCHIVE:
        return "Archived"
    if action is AuditAction.RESTORE:
        if "archive" in summary:
            return "Restored from the archive"
        return "Restored after being deleted"
    sentences: list[str] = []
    for field, (old, new) in fields.items():
        if field == "superseded_by":
            sentences.append(f"Superseded by {version_of(new) or 'a newer version'}")
        elif field == "clauses":
            sentences.append(clause_list_sentence(old, new))
        elif field.startswith("override (") and field.endswith(")"):
            sentences.append(f"Wording of “{field[len('override (') : -1]}” changed")
        elif field in MOU_FIELDS:
            sentences.append(change_sentence(MOU_FIELDS[field], old, new))
    return "; ".join(sentences) if sentences else None
