"""The clause library: listing and searching, editing with versions, status, usage by MOUs.

Versioning rule: the text of a clause lives in :class:`ClauseVersion` rows and an MOU pins
the version it included. Changing the title or text of an approved (or retired) clause,
or of a version some MOU already includes, adds a new version; older versions stay
readable and the MOUs that use them keep them until someone updates the MOU. A draft
that no MOU uses yet is simply corrected in place.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from partnerdesk.core.models import (
    AuditAction,
    Clause,
    ClauseCategory,
    ClauseStatus,
    ClauseVersion,
    Mou,
    MouClause,
    SharingTier,
)
from partnerdesk.core.mou.clause_variables import validate_clause_text
from partnerdesk.core.platform import audit, trash
from partnerdesk.core.platform.db import current_os_user
from partnerdesk.core.platform.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
)
from partnerdesk.core.platform.schema import ChangeKind
from partnerdesk.core.platform.text_limits import text_problem


@dataclass(frozen=True, slots=True)
class ClauseRow:
    id: int
    title: str
    category: ClauseCategory
    status: ClauseStatus
    version: int
    sharing_tier: SharingTier | None
    used_by_mous: int
    # MOUs that include an older version of this clause than the current one.
    outdated_in_mous: int = 0
    version_id: int = 0  # id of the current ClauseVersion
    body: str = ""  # current text
    row_version: int = 0  # for optimistic locking of status changes from the list


@dataclass(frozen=True, slots=True)
class ClauseInput:
    title: str
    category: ClauseCategory
    body: str
    status: ClauseStatus = ClauseStatus.DRAFT
    sharing_tier: SharingTier | None = None


@dataclass(frozen=True, slots=True)
class VersionInfo:
    id: int
    version: int
    title: str
    body: str
    created_at: datetime
    created_by: str | None


@dataclass(frozen=True, slots=True)
class OutdatedUse:
    mou_id: int
    reference_code: str
    mou_version: int
    mou_title: str
    clause_id: int
    clause_title: str
    included_version: int
    current_version: int


@dataclass(frozen=True, slots=True)
class ClauseDetail:
    id: int
    category: ClauseCategory
    status: ClauseStatus
    sharing_tier: SharingTier | None
    current_version: int
    row_version: int
    title: str
    body: str
    versions: tuple[VersionInfo, ...]  # oldest first
    used_by: tuple[tuple[int, str, int], ...]  # (mou id, reference code, included version)

    def as_input(self) -> ClauseInput:
        return ClauseInput(self.title, self.category, self.body, self.status, self.sharing_tier)


@dataclass(frozen=True, slots=True)
class SaveResult:
    clause_id: int
    version: int
    new_version: bool


# --------------------------------------------------------------------------- reading


def _usage(session: Session) -> tuple[dict[int, int], dict[int, int]]:
    """Per clause: MOUs using it at all, and MOUs using a version older than the current."""
    statement = (
        select(
            ClauseVersion.clause_id, ClauseVersion.version, MouClause.mou_id, Clause.current_version
        )
        .join(MouClause, col(MouClause.clause_version_id) == col(ClauseVersion.id))
        .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
    )
    users: dict[int, set[int]] = defaultdict(set)
    outdated: dict[int, set[int]] = defaultdict(set)
    for clause_id, version, mou_id, current in session.exec(statement):
        users[clause_id].add(mou_id)
        if version < current:
            outdated[clause_id].add(mou_id)
    return (
        {key: len(value) for key, value in users.items()},
        {key: len(value) for key, value in outdated.items()},
    )


def matches_search(search: str, *texts: str) -> bool:
    """Every word of ``search`` appears (case- and accent-insensitively) in the texts."""
    haystack = fold(" ".join(texts))
    return all(word in haystack for word in fold(search).split())


def fold(text: str) -> str:
    """Lower-case without accents, so that "nandu" finds "Ñandú"."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def list_clauses(
    session: Session,
    category: ClauseCategory | None = None,
    *,
    search: str | None = None,
    status: ClauseStatus | None = None,
) -> list[ClauseRow]:
    """The library, by category (in section order) then title; ``search`` looks through
    titles and the current text of every clause (all words must appear)."""
    statement = (
        select(Clause, ClauseVersion)
        .join(
            ClauseVersion,
            sa.and_(
                col(ClauseVersion.clause_id) == col(Clause.id),
                col(ClauseVersion.version) == col(Clause.current_version),
            ),
        )
        .order_by(col(Clause.category), col(Clause.title), col(Clause.id))
    )
    if category is not None:
        statement = statement.where(Clause.category == category)
    if status is not None:
        statement = statement.where(Clause.status == status)
    used, outdated = _usage(session)
    rows: list[ClauseRow] = []
    for clause, version in session.exec(statement):
        assert clause.id is not None and version.id is not None
        if search and not matches_search(search, clause.title, version.title, version.body):
            continue
        rows.append(
            ClauseRow(
                id=clause.id,
                title=clause.title,
                category=clause.category,
                status=clause.status,
                version=clause.current_version,
                sharing_tier=clause.sharing_tier,
                used_by_mous=used.get(clause.id, 0),
                outdated_in_mous=outdated.get(clause.id, 0),
                version_id=version.id,
                body=version.body,
                row_version=clause.row_version,
            )
        )
    # Categories in the order an MOU's sections follow, not alphabetically.
    rank = {category: index for index, category in enumerate(ClauseCategory)}
    rows.sort(key=lambda row: (rank[row.category], row.title.casefold(), row.id))
    return rows


def _clause(session: Session, clause_id: int) -> Clause:
    clause = session.get(Clause, clause_id)
    if clause is None:
        raise NotFoundError(f"clause {clause_id} does not exist (it may have been deleted)")
    return clause


def _current_version(session: Session, clause: Clause) -> ClauseVersion:
    return session.exec(
        select(ClauseVersion).where(
            ClauseVersion.clause_id == clause.id, ClauseVersion.version == clause.current_version
        )
    ).one()


def get_clause(session: Session, clause_id: int) -> ClauseDetail:
    clause = _clause(session, clause_id)
    assert clause.id is not None
    versions = session.exec(
        select(ClauseVersion)
        .where(ClauseVersion.clause_id == clause_id)
        .order_by(col(ClauseVersion.version))
    ).all()
    infos = tuple(
        VersionInfo(v.id or 0, v.version, v.title, v.body, v.created_at, v.created_by)
        for v in versions
    )
    current = next(v for v in infos if v.version == clause.current_version)
    used_by = session.exec(
        select(Mou.id, Mou.reference_code, ClauseVersion.version)
        .join(MouClause, col(MouClause.mou_id) == col(Mou.id))
        .join(ClauseVersion, col(ClauseVersion.id) == col(MouClause.clause_version_id))
        .where(ClauseVersion.clause_id == clause_id)
        .order_by(col(Mou.reference_code), col(Mou.version_number))
    ).all()
    return ClauseDetail(
        id=clause.id,
        category=clause.category,
        status=clause.status,
        sharing_tier=clause.sharing_tier,
        current_version=clause.current_version,
        row_version=clause.row_version,
        title=current.title,
        body=current.body,
        versions=infos,
        used_by=tuple((int(m or 0), str(r), int(v)) for m, r, v in used_by),
    )


def outdated_uses(session: Session, clause_id: int | None = None) -> list[OutdatedUse]:
    """MOUs that include an older version of a clause than its current one."""
    statement = (
        select(Mou, Clause, ClauseVersion.version)
        .join(MouClause, col(MouClause.mou_id) == col(Mou.id))
        .join(ClauseVersion, col(ClauseVersion.id) == col(MouClause.clause_version_id))
        .join(Clause, col(Clause.id) == col(ClauseVersion.clause_id))
        .where(col(ClauseVersion.version) < col(Clause.current_version))
        .order_by(col(Mou.reference_code), col(Mou.version_number), col(Clause.title))
    )
    if clause_id is not None:
        statement = statement.where(Clause.id == clause_id)
    return [
        OutdatedUse(
            mou_id=mou.id or 0,
            reference_code=mou.reference_code,
            mou_version=mou.version_number,
            mou_title=mou.title,
            clause_id=clause.id or 0,
            clause_title=clause.title,
            included_version=version,
            current_version=clause.current_version,
        )
        for mou, clause, version in session.exec(statement)
    ]


# --------------------------------------------------------------------------- writing


def _validated(data: ClauseInput) -> ClauseInput:
    title = " ".join(data.title.split())
    if not title:
        raise ValidationError("a clause needs a title", field="title")
    if reason := text_problem(Clause, "title", title):
        raise ValidationError(reason, field="title")
    body = data.body.strip()
    if not body:
        raise ValidationError("a clause needs its text", field="body")
    validate_clause_text(body, field="body")
    tier = data.sharing_tier if data.category == ClauseCategory.INFORMATION_SHARING else None
    return ClauseInput(title, data.category, body, data.status, tier)


def create_clause(session: Session, data: ClauseInput, *, created_by: str | None = None) -> int:
    data = _validated(data)
    clause = Clause(
        category=data.category,
        title=data.title,
        status=data.status,
        sharing_tier=data.sharing_tier,
    )
    session.add(clause)
    session.flush()
    assert clause.id is not None
    version = ClauseVersion(
        clause_id=clause.id,
        version=1,
        title=data.title,
        body=data.body,
        created_by=created_by or current_os_user(),
    )
    session.add(version)
    audit.record(
        session,
        ChangeKind.CLAUSE,
        clause.id,
        AuditAction.CREATE,
        summary=f"{data.title} ({data.category.label}, {data.status.label.lower()})",
    )
    session.flush()
    return clause.id


def _stale_name(clause: Clause) -> str:
    """How a refused stale copy names the clause."""
    return f"the clause “{clause.title}”"


def _version_in_use(session: Session, version_id: int) -> bool:
    return (
        session.exec(
            select(MouClause.id).where(MouClause.clause_version_id == version_id).limit(1)
        ).first()
        is not None
    )


def update_clause(
    session: Session,
    clause_id: int,
    data: ClauseInput,
    seen_row_version: int,
    *,
    created_by: str | None = None,
) -> SaveResult:
    """Save an edit; returns whether a new version was created (see module docstring)."""
    clause = _clause(session, clause_id)
    new_version = False

    def summary() -> str:  # asked once the edit is done, when new_version is known
        if new_version:
            return f"{clause.title}: new version {clause.current_version}"
        return f"{clause.title} edited"

    with audit.tracking(
        session,
        clause,
        ChangeKind.CLAUSE,
        summary=summary,
        seen_version=seen_row_version,
        what=_stale_name(clause),
    ) as tracked:
        data = _validated(data)
        current = _current_version(session, clause)
        assert current.id is not None
        text_changed = (data.title, data.body) != (current.title, current.body)
        new_version = text_changed and (
            clause.status != ClauseStatus.DRAFT or _version_in_use(session, current.id)
        )
        # The text is not a column of the clause: its change is told to the audit.
        tracked.add("body", current.body, data.body)
        if new_version:
            session.add(
                ClauseVersion(
                    clause_id=clause_id,
                    version=clause.current_version + 1,
                    title=data.title,
                    body=data.body,
                    created_by=created_by or current_os_user(),
                )
            )
            clause.current_version += 1
        elif text_changed:
            current.title, current.body = data.title, data.body
            session.add(current)
        clause.title = data.title
        clause.category = data.category
        clause.status = data.status
        clause.sharing_tier = data.sharing_tier
    session.flush()
    return SaveResult(clause_id, clause.current_version, new_version)


def set_clause_status(
    session: Session, clause_id: int, status: ClauseStatus, seen_row_version: int
) -> None:
    """Approve or retire a clause (retired clauses stay in the MOUs that include them but
    cannot be added to others)."""
    clause = _clause(session, clause_id)
    with audit.tracking(
        session,
        clause,
        ChangeKind.CLAUSE,
        summary=lambda: f"{clause.title}: {status.label.lower()}",
        seen_version=seen_row_version,
        what=_stale_name(clause),
    ):
        clause.status = status
    session.flush()


def delete_clause(session: Session, clause_id: int) -> None:
    """Delete a clause no MOU has ever included (otherwise retire it: MOUs keep its text)."""
    clause = _clause(session, clause_id)
    used = session.exec(
        select(sa.func.count())
        .select_from(MouClause)
        .join(ClauseVersion, col(ClauseVersion.id) == col(MouClause.clause_version_id))
        .where(ClauseVersion.clause_id == clause_id)
    ).one()
    if used:
        raise ConflictError(
            f"the clause “{clause.title}” is included in {used} MOU(s), so it cannot be "
            "deleted; retire it instead (those MOUs keep their text)"
        )
    with trash.deleting(
        session, ChangeKind.CLAUSE, clause_id, f"clause “{clause.title}”"
    ) as deletion:
        deletion.delete_where(ClauseVersion, col(ClauseVersion.clause_id) == clause_id)
        deletion.delete(clause)
    audit.record(session, ChangeKind.CLAUSE, clause_id, AuditAction.DELETE, summary=clause.title)
    session.flush()


def clause_count(session: Session) -> int:
    return int(session.exec(select(sa.func.count()).select_from(Clause)).one())
