"""Draft MOU documents: a .docx from a Word template (docxtpl), optionally a PDF.

Safety: every template, the default one or a user's own, is rendered in Jinja's
*sandboxed* environment with ``StrictUndefined`` and autoescaping. A template cannot call
into Python or read files (``{{ ''.__class__ }}`` is refused), a variable PartnerDesk does
not provide is an error that names the template and the variable instead of silently
printing nothing, and text with ``& < > "`` is escaped for Word's XML rather than breaking
it. Clause text is filled in first (its own sandbox, see :mod:`clause_variables`), then
handed to the template as plain text.

Each document records where it came from in its core properties (File > Properties in
Word): the MOU id, and the version of every clause it contains; see :func:`read_provenance`.

docxtpl and python-docx are imported inside the functions: they are slow to import and
the GUI must start fast.
"""

from __future__ import annotations

import gc
import io
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

import partnerdesk
from partnerdesk.core.models import (
    FundingSource,
    FundingSourceMou,
    LedgerEntry,
    LedgerEntryType,
    Mou,
    Organization,
    PartyRole,
    SharingTier,
)
from partnerdesk.core.mou.clause_variables import (
    number_in_words,
    render_clause_text,
    words_list,
)
from partnerdesk.core.mou.composition import Composition, get_composition
from partnerdesk.core.platform import clock
from partnerdesk.core.platform.dates import add_months, fiscal_year_bounds, fiscal_year_of
from partnerdesk.core.platform.db import Database, current_os_user
from partnerdesk.core.platform.errors import NotFoundError, PartnerDeskError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.money import format_money, from_cents
from partnerdesk.core.platform.progress import NO_PROGRESS, Progress
from partnerdesk.core.platform.settings import load_settings

DEFAULT_TEMPLATE_NAME = "mou_default.docx"
PDF_TIMEOUT_SECONDS = 120

TIER_DESCRIPTIONS = {
    SharingTier.BASIC: "Identity, location and the current risk assessment for the call",
    SharingTier.INTERMEDIATE: "Also diagnoses and treatment history, with written consent",
    SharingTier.FULL: "Complete records for open cases, to the assigned staff, with consent",
}


class DocumentTemplateError(PartnerDeskError):
    """A template cannot be used: unsafe, broken, or asks for a variable that does not exist.
    The message names the template (and the variable or line); nothing was written."""


@dataclass(frozen=True, slots=True)
class GeneratedDocument:
    mou_id: int
    path: Path
    pdf_path: Path | None
    clause_versions: tuple[tuple[int, int], ...]  # (clause id, version) in document order


@dataclass(frozen=True, slots=True)
class Provenance:
    mou_id: int
    clause_versions: dict[int, int]  # clause id -> version


# --------------------------------------------------------------------------- templates


def templates_folder() -> Path:
    """``templates/`` at the top of the source tree (``src/partnerdesk`` -> two levels up).

    PartnerDesk is run from its source checkout (``make run``, an editable install), where
    the templates sit beside ``src/``. A build that lays files out differently can point
    ``generate`` at a template explicitly (``--template``, or the Generate dialog).
    """
    return Path(partnerdesk.__file__).resolve().parents[2] / "templates"


def default_template_path() -> Path:
    path = templates_folder() / DEFAULT_TEMPLATE_NAME
    if not path.is_file():
        raise DocumentTemplateError(
            f"the default MOU template is missing (expected at {path}); choose a template "
            "file instead, or rebuild it with `python templates/build_default_template.py`"
        )
    return path


def _template_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentTemplateError(f"the template {path} does not exist") from None
    except OSError as exc:
        raise DocumentTemplateError(
            f"the template {path} cannot be read: {exc.strerror or exc}"
        ) from None
    if not data.startswith(b"PK"):
        raise DocumentTemplateError(
            f"the template {path.name} is not a Word .docx file (save it as .docx in Word)"
        )
    return data


_LARGEST_EXPONENT = 1_000
_LARGEST_REPEAT = 1_000_000
_LARGEST_POWER_BITS = 100_000


def sandboxed_environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.exceptions import TemplateRuntimeError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        # Jinja folds constant arithmetic while compiling, outside the sandbox: a template
        # with {{ 9**(9**9) }} never finished and {{ 'x' * 10**10 }} filled the memory.
        # Intercepted operators are not folded; they are checked here when run.
        intercepted_binops = frozenset({"**", "*"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int):
                digits = left.bit_length() * abs(right) if isinstance(left, int) else 0
                if abs(right) > _LARGEST_EXPONENT or digits > _LARGEST_POWER_BITS:
                    raise TemplateRuntimeError(f"the power {right} is too large")
            if operator == "*":
                for text, count in ((left, right), (right, left)):
                    if (
                        isinstance(text, str | list | tuple)
                        and isinstance(count, int)
                        and len(text) * count > _LARGEST_REPEAT
                    ):
                        raise TemplateRuntimeError("repeating text that often is too large")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


# --------------------------------------------------------------------------- context


def long_date(day: date | None, missing: str = "[date to be agreed]") -> str:
    return missing if day is None else f"{day:%B} {day.day}, {day.year}"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def clause_values(
    session: Session, mou: Mou, composition: Composition, today: date
) -> dict[str, Any]:
    """The values of the clause variables for one MOU (see CLAUSE_VARIABLES)."""
    settings = load_settings(session)
    parties = composition.parties
    lead = [p.organization_name for p in parties if p.role == PartyRole.LEAD_AGENCY]
    partners = [p.organization_name for p in parties if p.role == PartyRole.PARTNER]
    funders = [p.organization_name for p in parties if p.role == PartyRole.FUNDER]
    first_review = (
        add_months(mou.effective_date, mou.review_interval_months)
        if mou.effective_date is not None
        else None
    )
    return {
        "program_name": settings.program_name or "the partnership program",
        "mou_title": mou.title,
        "mou_reference": mou.reference_code,
        "mou_version": str(mou.version_number),
        "response_model": mou.response_model.label.lower(),
        "lead_agency": words_list(lead) or "[lead agency to be named]",
        "partner_agencies": words_list(partners) or "[partner agencies to be named]",
        "funders": words_list(funders) or "[funders to be named]",
        "all_parties": words_list([p.organization_name for p in parties]) or "the parties",
        "party_count": number_in_words(len(parties)),
        "effective_date": long_date(mou.effective_date, "[effective date to be agreed]"),
        "expiry_date": long_date(mou.expiry_date, "[end date to be agreed]"),
        "review_interval_months": mou.review_interval_months,
        "first_review_date": long_date(first_review, "[first review date to be set]"),
        "privacy_officers": words_list(list(composition.privacy_officers))
        or "[privacy officers to be named]",
        "liaisons": words_list(list(composition.liaisons)) or "[liaisons to be named]",
        "funding_sources": words_list(list(composition.funding_source_names))
        or "[funding sources to be linked]",
    }


def _funding_table(
    session: Session, composition: Composition, today: date, currency: str, start_month: int
) -> dict[str, Any]:
    fiscal_year = fiscal_year_of(today, start_month)
    first, last = fiscal_year_bounds(fiscal_year, start_month)
    rows: list[dict[str, Any]] = []
    total_committed = total_received = Decimal(0)
    if composition.funding_source_ids:
        sums: dict[tuple[int, LedgerEntryType], int] = {}
        for source_id, entry_type, cents in session.exec(
            select(
                LedgerEntry.funding_source_id,
                LedgerEntry.entry_type,
                sa.func.sum(col(LedgerEntry.amount_cents)),
            )
            .where(
                col(LedgerEntry.funding_source_id).in_(composition.funding_source_ids),
                col(LedgerEntry.entry_date) >= first,
                col(LedgerEntry.entry_date) <= last,
            )
            .group_by(col(LedgerEntry.funding_source_id), col(LedgerEntry.entry_type))
        ):
            sums[(source_id, LedgerEntryType(entry_type))] = int(cents or 0)
        sources = session.exec(
            select(FundingSource, Organization)
            .join(
                FundingSourceMou, col(FundingSourceMou.funding_source_id) == col(FundingSource.id)
            )
            .outerjoin(
                Organization, col(Organization.id) == col(FundingSource.funder_organization_id)
            )
            .where(FundingSourceMou.mou_id == composition.mou_id)
            .order_by(col(FundingSource.name))
        ).all()
        for source, funder in sources:
            sid = source.id or 0
            committed = from_cents(
                sums.get((sid, LedgerEntryType.BUDGETED), 0)
                + sums.get((sid, LedgerEntryType.ADJUSTMENT), 0)
            )
            received = from_cents(sums.get((sid, LedgerEntryType.RECEIVED), 0))
            total_committed += committed
            total_received += received
            rows.append(
                {
                    "source": source.name,
                    "funder": funder.name if funder is not None else "",
                    "kind": source.kind.label,
                    "restricted": " (restricted)" if source.restricted else "",
                    "committed": format_money(committed, currency),
                    "received": format_money(received, currency),
                    "grant_end": long_date(source.grant_end, ""),
                }
            )
    return {
        "fiscal_year": f"FY{fiscal_year} ({long_date(first)} to {long_date(last)})",
        "rows": rows,
        "has_rows": bool(rows),
        "total_committed": format_money(total_committed, currency),
        "total_received": format_money(total_received, currency),
    }


def _review_schedule(mou: Mou) -> list[dict[str, str]]:
    interval = max(mou.review_interval_months, 1)
    if mou.effective_date is None:
        return [
            {
                "date": "Every " + f"{interval} months",
                "what": "Review of this agreement, counted from the effective date",
            }
        ]
    items: list[tuple[date, str]] = [(mou.effective_date, "Agreement takes effect")]
    for months, label in ((6, "Evaluation at 6 months"), (24, "Evaluation at 24 months")):
        items.append((add_months(mou.effective_date, months), label))
    end = mou.expiry_date or add_months(mou.effective_date, 36)
    step = 1
    while step <= 10:
        due = add_months(mou.effective_date, interval * step)
        if due > end:
            break
        label = "Review of this agreement"
        if interval * step == 12:
            label += " and evaluation at 12 months"
        items.append((due, label))
        step += 1
    if mou.expiry_date is not None:
        items.append((mou.expiry_date, "Agreement ends unless renewed"))
    merged: dict[date, list[str]] = {}
    for day, what in sorted(items, key=lambda item: item[0]):
        merged.setdefault(day, []).append(what)
    return [
        {"date": long_date(day), "what": "; ".join([whats[0], *(w.lower() for w in whats[1:])])}
        for day, whats in merged.items()
    ]


@dataclass(frozen=True, slots=True)
class DocumentData:
    context: dict[str, Any]
    mou: Mou
    clause_versions: tuple[tuple[int, int], ...]
    clause_titles: tuple[str, ...]


def build_document_data(session: Session, mou_id: int, today: date) -> DocumentData:
    """Everything the template receives (documented in templates/VARIABLES.md)."""
    mou = session.get(Mou, mou_id)
    if mou is None:
        raise NotFoundError(f"MOU {mou_id} does not exist")
    composition = get_composition(session, mou_id)
    settings = load_settings(session)
    values = clause_values(session, mou, composition, today)

    sections: list[dict[str, Any]] = []
    for composed in composition.clauses:
        if not sections or sections[-1]["category"] != composed.category.value:
            sections.append(
                {
                    "number": len(sections) + 1,
                    "category": composed.category.value,
                    "title": composed.category.label,
                    "clauses": [],
                }
            )
        section = sections[-1]
        where = (
            f"the clause “{composed.title}” (version {composed.version}) of {mou.reference_code}"
        )
        if composed.override_body is not None:
            where = f"the reworded text of “{composed.title}” in {mou.reference_code}"
        text = render_clause_text(composed.text, values, where)
        section["clauses"].append(
            {
                "number": f"{section['number']}.{len(section['clauses']) + 1}",
                "title": composed.title,
                "text": text,
                "paragraphs": _paragraphs(text),
                "version": composed.version,
                "reworded": composed.override_body is not None,
            }
        )

    parties: list[dict[str, Any]] = []
    for number, party in enumerate(composition.parties, start=1):
        parties.append(
            {
                "number": number,
                "name": party.organization_name,
                "role": party.role.label,
                "address": party.address or "",
                "tier": party.sharing_tier.label if party.sharing_tier else "Not set",
                "tier_description": TIER_DESCRIPTIONS.get(party.sharing_tier, "")
                if party.sharing_tier
                else "No information is shared until a tier is agreed",
                "signatory_name": party.signatory_name or "",
                "signatory_title": party.signatory_title or "",
                "date_signed": long_date(party.date_signed, ""),
            }
        )
    lead = values["lead_agency"]
    recitals = [
        f"The parties to this agreement are {values['all_parties']}, and {lead} leads it.",
        f"They set up {values['program_name']} so that people in a behavioral-health crisis "
        f"are met by the right responder; the program follows the "
        f"{values['response_model']} model.",
        "Each party keeps its own authority and duties, and agrees to the terms that follow, "
        "which the parties review together at least every "
        f"{mou.review_interval_months} months.",
    ]
    context: dict[str, Any] = {
        "program_name": values["program_name"],
        "generated_on": long_date(today),
        "draft_notice": f"DRAFT generated {long_date(today)} by PartnerDesk, not for signature",
        "mou": {
            "id": mou_id,
            "title": mou.title,
            "reference_code": mou.reference_code,
            "version_number": mou.version_number,
            "response_model": mou.response_model.label,
            "status": mou.status.label,
            "effective_date": values["effective_date"],
            "expiry_date": values["expiry_date"],
            "review_interval_months": mou.review_interval_months,
        },
        "lead_agency": lead,
        "parties": parties,
        "parties_in_words": values["all_parties"],
        "recitals": recitals,
        "sections": sections,
        "sharing_table": [
            {"party": p["name"], "tier": p["tier"], "what": p["tier_description"]} for p in parties
        ],
        "funding": _funding_table(
            session, composition, today, settings.currency, settings.fiscal_year_start_month
        ),
        "review_schedule": _review_schedule(mou),
        "signatures": parties,
        "values": values,
    }
    return DocumentData(
        context=context,
        mou=mou,
        clause_versions=tuple((c.clause_id, c.version) for c in composition.clauses),
        clause_titles=tuple(c.title for c in composition.clauses),
    )


# --------------------------------------------------------------------------- rendering


def _template_failure(exc: BaseException, name: str) -> DocumentTemplateError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError):
        return DocumentTemplateError(
            f"the template {name} tries to reach inside Python ({exc}); PartnerDesk refuses to "
            "run it. Remove that field from the template. Nothing was written"
        )
    if isinstance(exc, UndefinedError):
        text = str(exc)
        match = re.search(r"'([^']+)' is undefined", text) or re.search(
            r"has no attribute '([^']+)'", text
        )
        variable = match.group(1) if match else text
        return DocumentTemplateError(
            f"the template {name} uses the variable “{variable}”, which PartnerDesk does not "
            "provide (templates/VARIABLES.md lists them). Nothing was written"
        )
    if isinstance(exc, TemplateSyntaxError):
        context = " ".join(" ".join(getattr(exc, "docx_context", []) or []).split())[:120]
        near = f" near “{context}”" if context else ""
        return DocumentTemplateError(
            f"the template {name} has a broken field{near}: {exc.message}. Nothing was written"
        )
    return DocumentTemplateError(f"the template {name} cannot be used: {exc}. Nothing was written")


def _set_long_property(props: Any, name: str, value: str) -> None:
    """python-docx refuses core-property text over 255 characters, a limit of its own (the
    file format has none); an MOU with many clauses needs more, so set the element."""
    props._element._get_or_add(name).text = value


def _set_provenance(document: Any, data: DocumentData, today: date) -> None:
    props = document.core_properties
    mou = data.mou
    versions = ",".join(f"{cid}:{version}" for cid, version in data.clause_versions)
    props.identifier = f"partnerdesk:mou:{mou.id}"
    props.title = mou.title[:255]
    props.subject = f"MOU {mou.reference_code} version {mou.version_number}"
    props.category = "MOU draft"
    _set_long_property(props, "keywords", f"partnerdesk-mou={mou.id}; clauses={versions}")
    _set_long_property(
        props,
        "description",  # shown by Word as "Comments"
        f"Draft generated by PartnerDesk on {today.isoformat()} from MOU id {mou.id} "
        f"({mou.reference_code} version {mou.version_number}). Clause versions: "
        + (
            "; ".join(
                f"clause {cid} v{version} “{title}”"
                for (cid, version), title in zip(
                    data.clause_versions, data.clause_titles, strict=True
                )
            )
            or "none"
        ),
    )
    props.author = current_os_user()
    props.last_modified_by = current_os_user()
    props.version = str(mou.version_number)
    props.revision = 1
    now = clock.now_local().replace(microsecond=0)
    props.created = now
    props.modified = now


def render_document(
    data: DocumentData, template: bytes, template_name: str, destination: Path, today: date
) -> None:
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(data.context, jinja_env=sandboxed_environment())
    except PartnerDeskError:
        raise
    except Exception as exc:
        from jinja2 import TemplateError

        if isinstance(exc, TemplateError):
            raise _template_failure(exc, template_name) from None
        if isinstance(exc, TypeError) and "loader" in str(exc):
            raise DocumentTemplateError(
                f"the template {template_name} tries to include another file; templates may "
                "only use the variables PartnerDesk provides. Nothing was written"
            ) from None
        raise DocumentTemplateError(
            f"the template {template_name} cannot be used ({type(exc).__name__}: {exc}); "
            "is it a Word .docx file? Nothing was written"
        ) from None
    _set_provenance(tpl.docx, data, today)
    with atomic_output(destination) as temporary:
        tpl.save(temporary)


def _check_destination(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise PartnerDeskError(f"the output file {out.name} must end in .docx")
    return out


def generate_document(
    session: Session,
    mou_id: int,
    out: Path,
    *,
    today: date,
    template: Path | None = None,
    pdf: bool = False,
) -> GeneratedDocument:
    """Write the draft of one MOU to ``out`` (and ``out`` with .pdf when ``pdf``)."""
    out = _check_destination(out)
    template_path = template if template is not None else default_template_path()
    data = build_document_data(session, mou_id, today)
    render_document(data, _template_bytes(template_path), template_path.name, out, today)
    pdf_path = convert_to_pdf(out) if pdf else None
    return GeneratedDocument(mou_id, out, pdf_path, data.clause_versions)


def read_provenance(path: Path) -> Provenance:
    """The MOU id and clause versions a generated document records."""
    from docx import Document

    props = Document(str(path)).core_properties
    keywords = props.keywords or ""
    mou_match = re.search(r"partnerdesk-mou=(\d+)", keywords)
    if mou_match is None:
        raise PartnerDeskError(f"{path.name} was not generated by PartnerDesk")
    versions: dict[int, int] = {}
    clauses_match = re.search(r"clauses=([\d:,]*)", keywords)
    if clauses_match and clauses_match.group(1):
        for pair in clauses_match.group(1).split(","):
            clause_id, version = pair.split(":")
            versions[int(clause_id)] = int(version)
    return Provenance(int(mou_match.group(1)), versions)


# --------------------------------------------------------------------------- PDF


def libreoffice_executable() -> str | None:
    return shutil.which("libreoffice") or shutil.which("soffice")


PDF_UNAVAILABLE = (
    "PDF needs LibreOffice, which is not installed on this computer (neither `libreoffice` "
    "nor `soffice` was found). The Word document was written; install LibreOffice, or open "
    "the document in Word and save it as PDF"
)


def convert_to_pdf(docx_path: Path) -> Path:
    """Convert with LibreOffice (headless) to a .pdf beside the .docx."""
    executable = libreoffice_executable()
    if executable is None:
        raise PartnerDeskError(PDF_UNAVAILABLE)
    target = docx_path.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix=".pdf-", dir=docx_path.parent) as work:
        try:
            completed = subprocess.run(
                [executable, "--headless", "--convert-to", "pdf", "--outdir", work, str(docx_path)],
                capture_output=True,
                text=True,
                timeout=PDF_TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PartnerDeskError(
                f"LibreOffice did not finish converting {docx_path.name} within "
                f"{PDF_TIMEOUT_SECONDS} s (is another LibreOffice window open?); the Word "
                "document was written"
            ) from None
        produced = Path(work) / f"{docx_path.stem}.pdf"
        if completed.returncode != 0 or not produced.is_file():
            detail = " ".join((completed.stderr or completed.stdout or "").split())[:200]
            raise PartnerDeskError(
                f"LibreOffice could not convert {docx_path.name} to PDF"
                + (f" ({detail})" if detail else "")
                + "; the Word document was written"
            )
        with atomic_output(target) as temporary:
            shutil.copyfile(produced, temporary)
    return target


# --------------------------------------------------------------------------- bulk


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def document_file_name(reference_code: str, version_number: int) -> str:
    stem = _UNSAFE.sub("-", reference_code).strip("-.") or "mou"
    return f"{stem}-v{version_number}-draft.docx"


def bulk_file_names(session: Session, mou_ids: Sequence[int]) -> dict[int, str]:
    rows = session.exec(
        select(Mou.id, Mou.reference_code, Mou.version_number).where(col(Mou.id).in_(mou_ids))
    ).all()
    names = {int(i or 0): document_file_name(code, n) for i, code, n in rows}
    missing = [i for i in mou_ids if i not in names]
    if missing:
        raise NotFoundError(f"MOU {missing[0]} does not exist")
    return names


@dataclass(frozen=True, slots=True)
class BulkResult:
    written: tuple[Path, ...]
    failed: tuple[tuple[int, str], ...]  # (MOU id, message)


def generate_documents(
    database: Database,
    mou_ids: Sequence[int],
    folder: Path,
    *,
    today: date,
    template: Path | None = None,
    progress: Progress = NO_PROGRESS,
    on_written: Callable[[Path], None] | None = None,
) -> BulkResult:
    """One draft per MOU into ``folder``. A template problem stops everything (it would fail
    for every MOU); a problem with one MOU's clauses is reported and the rest continue.
    Cancelling stops after the current document; the ones written stay complete."""
    if not folder.is_dir():
        raise PartnerDeskError(f"the folder {folder} does not exist")
    template_path = template if template is not None else default_template_path()
    template_data = _template_bytes(template_path)
    written: list[Path] = []
    failed: list[tuple[int, str]] = []
    # Rendering makes much short-lived garbage, so full collections come often; each one
    # scans the whole heap holding the GIL, and the GUI thread stalls for its duration
    # (measured: 60-70 ms). Objects alive before the job need no rescanning: freeze them.
    gc.freeze()
    try:
        return _generate_all(
            database, mou_ids, folder, today, template_path, template_data, progress,
            on_written, written, failed,
        )  # fmt: skip
    finally:
        gc.unfreeze()


def _generate_all(
    database: Database,
    mou_ids: Sequence[int],
    folder: Path,
    today: date,
    template_path: Path,
    template_data: bytes,
    progress: Progress,
    on_written: Callable[[Path], None] | None,
    written: list[Path],
    failed: list[tuple[int, str]],
) -> BulkResult:
    total = len(mou_ids)
    with database.session() as session:
        names = bulk_file_names(session, mou_ids)
        for done, mou_id in enumerate(mou_ids):
            progress.step(done, total, f"Generating {names[mou_id]} ({done + 1} of {total})")
            destination = folder / names[mou_id]
            try:
                data = build_document_data(session, mou_id, today)
                render_document(data, template_data, template_path.name, destination, today)
            except DocumentTemplateError:
                raise
            except PartnerDeskError as exc:
                failed.append((mou_id, exc.message))
                continue
            written.append(destination)
            if on_written is not None:
                on_written(destination)
        progress.step(total, total, "Done")
    return BulkResult(tuple(written), tuple(failed))
