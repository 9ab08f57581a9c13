"""Comparing two versions of an MOU: every field of the agreement (dates, status, review
interval, owner, ...), each party (role, signatory, signing date, sharing tier) and the
clauses: what was added, removed or reworded since (typically) the version that was signed.

Clauses are matched by library clause, so a clause moved to a newer library version, or
reworded for this MOU, shows as *changed* with the changed words marked; its position does
not matter. The text compared is what each MOU says (its override when it has one), before
variables are filled in.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sqlmodel import Session

from partnerdesk.core.models import ClauseCategory, Mou, MouStatus
from partnerdesk.core.mou.composition import ComposedClause, get_composition
from partnerdesk.core.mou.register import (
    all_signed,
    contact_name,
    mou_input_of,
    organization_name,
    parties_of,
)
from partnerdesk.core.mou.validation import MouInput, PartyInput
from partnerdesk.core.mou.versions import superseded_by, version_chain
from partnerdesk.core.platform.errors import NotFoundError, ValidationError

# What happened to one clause between the two versions (not the audit's ChangeKind).
ClauseChangeKind = Literal["added", "removed", "changed", "unchanged"]
SegmentKind = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class ClauseChange:
    kind: ClauseChangeKind
    clause_id: int
    category: ClauseCategory
    title: str
    old_version: int | None
    new_version: int | None
    old_text: str
    new_text: str
    segments: tuple[tuple[SegmentKind, str], ...]  # word diff old -> new
    old_title: str | None = None  # when the title itself changed


@dataclass(frozen=True, slots=True)
class MouVersion:
    id: int
    reference_code: str
    version_number: int
    status: MouStatus
    effective_date: date | None
    signed: bool  # every party has signed
    superseded_by_version: int | None = None

    @property
    def label(self) -> str:
        name = f"{self.reference_code} version {self.version_number}"
        if self.superseded_by_version is not None:
            signed = "signed; " if self.signed else ""
            return f"{name} ({signed}superseded by version {self.superseded_by_version})"
        return f"{name} ({self.status.label}, {'signed' if self.signed else 'not signed'})"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs between the versions, both values as a user reads them."""

    field: str  # the MouInput / PartyInput attribute
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class PartyChange:
    """A party added, removed or changed (its fields: every one for added and removed)."""

    kind: Literal["added", "removed", "changed"]
    organization: str
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class MouComparison:
    old: MouVersion
    new: MouVersion
    changes: tuple[ClauseChange, ...]
    terms: tuple[FieldChange, ...] = ()  # the agreement's own fields that changed
    parties: tuple[PartyChange, ...] = ()

    def count(self, kind: ClauseChangeKind) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def identical(self) -> bool:
        return (
            not self.terms
            and not self.parties
            and all(change.kind == "unchanged" for change in self.changes)
        )


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def word_diff(old: str, new: str) -> tuple[tuple[SegmentKind, str], ...]:
    """Segments that rebuild ``old`` (equal + delete) and ``new`` (equal + insert).

    Words changed together read as one change ("ninety days" -> "six months"), not as a
    patchwork: a mere space between two changes is folded into them."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    segments: list[tuple[SegmentKind, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            segments.append(("delete", "".join(deleted)))
        if inserted:
            segments.append(("insert", "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = "".join(a[i1:i2])
            between_changes = 0 < index < len(opcodes) - 1
            if between_changes and not text.strip():
                deleted.append(text)
                inserted.append(text)
                continue
            flush()
            if segments and segments[-1][0] == "equal":
                segments[-1] = ("equal", segments[-1][1] + text)
            else:
                segments.append(("equal", text))
        else:
            deleted.append("".join(a[i1:i2]))
            inserted.append("".join(b[j1:j2]))
    flush()
    return tuple((kind, text) for kind, text in segments if text)


def _version(session: Session, mou: Mou) -> MouVersion:
    later = superseded_by(session, mou.id or 0)
    return MouVersion(
        id=mou.id or 0,
        reference_code=mou.reference_code,
        version_number=mou.version_number,
        status=mou.status,
        effective_date=mou.effective_date,
        signed=all_signed(parties_of(session, mou.id or 0)),
        superseded_by_version=None if later is None else later.version_number,
    )


def mou_versions(session: Session, mou_id: int) -> list[MouVersion]:
    """Every version of the agreement ``mou_id`` belongs to, oldest first."""
    return [_version(session, row) for row in version_chain(session, mou_id)]


def default_baseline(session: Session, mou_id: int) -> int | None:
    """The version to compare ``mou_id`` with: the latest earlier version that was signed,
    else the version just before it; ``None`` for a first version."""
    versions = mou_versions(session, mou_id)
    current = next(v for v in versions if v.id == mou_id)
    earlier = [v for v in versions if v.version_number < current.version_number]
    if not earlier:
        return None
    signed = [v for v in earlier if v.signed]
    return (signed or earlier)[-1].id


# --------------------------------------------------------------------------- terms and parties


def _days_text(days: tuple[int, ...]) -> str:
    return f"{', '.join(str(d) for d in days)} days before" if days else "none"


def _term_values(session: Session, data: MouInput) -> list[tuple[str, str, str]]:
    """(field, label, value as read) for every field of the agreement itself."""
    return [
        ("reference_code", "Reference code", data.reference_code),
        ("title", "Title", data.title),
        ("response_model", "Response model", data.response_model.label),
        ("status", "Status", data.status.label),
        ("effective_date", "Effective date", _date_text(data.effective_date, "not set")),
        ("expiry_date", "Expiry date", _date_text(data.expiry_date, "no expiry date")),
        ("review_interval_months", "Review every", f"{data.review_interval_months} months"),
        ("reminder_days", "Reminders", _days_text(data.reminder_days)),
        ("owner_contact_id", "Owner", contact_name(session, data.owner_contact_id) or "nobody"),
        ("notes", "Notes", data.notes.strip() or "none"),
    ]


def _party_values(session: Session, party: PartyInput) -> list[tuple[str, str, str]]:
    return [
        ("role", "Role", party.role.label),
        (
            "signatory_contact_id",
            "Signatory",
            contact_name(session, party.signatory_contact_id) or "nobody named",
        ),
        ("date_signed", "Signed", _date_text(party.date_signed, "not yet")),
        (
            "sharing_tier",
            "Sharing tier",
            party.sharing_tier.label if party.sharing_tier else "not set",
        ),
    ]


def _date_text(day: date | None, missing: str) -> str:
    return day.isoformat() if day is not None else missing


def _changed(
    old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(field, label, before, after)
        for (field, label, before), (_f, _l, after) in zip(old, new, strict=True)
        if before != after
    )


def _every(values: list[tuple[str, str, str]], *, added: bool) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(field, label, "" if added else value, value if added else "")
        for field, label, value in values
    )


def compare_terms(
    session: Session, old: MouInput, new: MouInput
) -> tuple[tuple[FieldChange, ...], tuple[PartyChange, ...]]:
    """What changed in the agreement's own fields, and party by party (matched by
    organization): role, signatory, signing date and information-sharing tier."""
    terms = _changed(_term_values(session, old), _term_values(session, new))
    old_parties = {p.organization_id: p for p in old.parties}
    parties: list[PartyChange] = []
    for party in new.parties:
        name = organization_name(session, party.organization_id)
        before = old_parties.pop(party.organization_id, None)
        if before is None:
            parties.append(
                PartyChange("added", name, _every(_party_values(session, party), added=True))
            )
            continue
        fields = _changed(_party_values(session, before), _party_values(session, party))
        if fields:
            parties.append(PartyChange("changed", name, fields))
    for party in old_parties.values():
        name = organization_name(session, party.organization_id)
        parties.append(
            PartyChange("removed", name, _every(_party_values(session, party), added=False))
        )
    return terms, tuple(parties)


def compare_mous(session: Session, old_id: int, new_id: int) -> MouComparison:
    if old_id == new_id:
        raise ValidationError("choose two different versions to compare")
    for mou_id in (old_id, new_id):
        if session.get(Mou, mou_id) is None:
            raise NotFoundError(f"MOU {mou_id} does not exist")
    old_mou, new_mou = session.get(Mou, old_id), session.get(Mou, new_id)
    assert old_mou is not None and new_mou is not None
    old_clauses = {c.clause_id: c for c in get_composition(session, old_id).clauses}
    new_composition = get_composition(session, new_id)
    changes: list[ClauseChange] = []

    def change(
        kind: ClauseChangeKind, old: ComposedClause | None, new: ComposedClause | None
    ) -> None:
        shown = new or old
        assert shown is not None
        old_text = old.text if old is not None else ""
        new_text = new.text if new is not None else ""
        title_changed = old is not None and new is not None and old.title != new.title
        changes.append(
            ClauseChange(
                kind=kind,
                clause_id=shown.clause_id,
                category=shown.category,
                title=shown.title,
                old_version=old.version if old is not None else None,
                new_version=new.version if new is not None else None,
                old_text=old_text,
                new_text=new_text,
                segments=word_diff(old_text, new_text),
                old_title=old.title if title_changed and old is not None else None,
            )
        )

    for new in new_composition.clauses:
        old = old_clauses.pop(new.clause_id, None)
        if old is None:
            change("added", None, new)
        elif old.text != new.text or old.title != new.title:
            change("changed", old, new)
        else:
            change("unchanged", old, new)
    for old in old_clauses.values():
        change("removed", old, None)
    terms, parties = compare_terms(
        session, mou_input_of(session, old_id), mou_input_of(session, new_id)
    )
    return MouComparison(
        _version(session, old_mou), _version(session, new_mou), tuple(changes), terms, parties
    )
