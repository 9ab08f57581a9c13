"""Draft MOU documents, read back with python-docx as a user's Word would show them."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from sqlmodel import select

import partnerdesk
from partnerdesk.core.models import ClauseCategory, ClauseStatus, MouClause, Organization
from partnerdesk.core.mou.clause_variables import ClauseTextError
from partnerdesk.core.mou.clauses import ClauseInput, create_clause, get_clause
from partnerdesk.core.mou.composition import CompositionEntry, get_composition, save_composition
from partnerdesk.core.mou.document_context import build_document_data
from partnerdesk.core.mou.document_templates import DocumentTemplateError, default_template_path
from partnerdesk.core.mou.documents import generate_document, generate_documents, read_provenance
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.progress import Cancelled, Progress
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
CO = 1
REPO = Path(__file__).resolve().parents[3]


def _text(path: Path) -> tuple[list[str], list[list[list[str]]], str]:
    document = Document(str(path))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    return paragraphs, tables, header


def test_the_draft_holds_every_clause_party_signature_and_the_tier_table(
    demo_database: Database, tmp_path: Path
) -> None:
    out = tmp_path / "co.docx"
    with demo_database.session() as session:
        result = generate_document(session, CO, out, today=TODAY)
        composition = get_composition(session, CO)
        data = build_document_data(session, CO, TODAY)

    paragraphs, tables, header = _text(out)
    body = "\n".join(paragraphs)
    assert header == "DRAFT generated November 27, 2026 by PartnerDesk, not for signature"
    assert paragraphs[1] == composition.title
    rendered = [c for s in data.context["sections"] for c in s["clauses"]]
    assert len(rendered) == len(composition.clauses) == 17
    for clause in rendered:
        assert f"{clause['number']} {clause['title']}" in paragraphs
        for paragraph in clause["paragraphs"]:
            assert paragraph in paragraphs
    # Variables were filled in, none left over.
    assert "{{" not in body and "{%" not in body
    assert "Riverton Police Department schedules the units" in body

    signatures = paragraphs[paragraphs.index("Signatures") :]
    for party in composition.parties:
        assert f"{party.organization_name} ({party.role.label})" in signatures
        assert f"Name: {party.signatory_name}" in signatures
        assert f"Title: {party.signatory_title}" in signatures
    assert (
        signatures.count("Signature: ______________________________    Date: ______________") == 4
    )

    tier_table, funding_table = tables
    assert tier_table[0] == ["Party", "Tier", "What may be shared"]
    assert [row[:2] for row in tier_table[1:]] == [
        ["Riverton Police Department", "Intermediate (with consent)"],
        ["Harbor County Behavioral Health", "Intermediate (with consent)"],
        ["St. Brigid Regional Hospital", "Basic"],
        ["City of Riverton", "Basic"],
    ]
    assert [row[0] for row in funding_table[1:]] == [
        "City general fund allocation",
        "Federal crisis response grant",
        "Valley Health Plan partnership",
        "Total",
    ]
    assert funding_table[-1][3] == "$1,150,000.00"  # FY2027 commitments of the three sources

    provenance = read_provenance(out)
    assert provenance.mou_id == CO
    assert provenance.clause_versions == {c.clause_id: c.version for c in composition.clauses}
    assert result.clause_versions == tuple((c.clause_id, c.version) for c in composition.clauses)
    props = Document(str(out)).core_properties
    assert props.identifier == f"partnerdesk:mou:{CO}"
    assert "RIV-CR-01" in props.subject
    assert "“Term and annual review”" in props.comments


def test_special_and_non_latin_characters_round_trip(
    demo_database: Database, tmp_path: Path
) -> None:
    tricky = "R&D <Unit> \"A\" works with Ñandú, Zoë and 東京 'quoted'"
    with demo_database.transaction() as session:
        clause_id = create_clause(
            session,
            ClauseInput(
                "Research & <development>",
                ClauseCategory.GENERAL,
                f"{tricky}\nSecond paragraph for {{{{ lead_agency }}}}.",
                ClauseStatus.APPROVED,
            ),
        )
        police = session.get(Organization, 1)
        assert police is not None
        police.name = 'Police & "Sons" <Ñandú>'
        session.add(police)
        composition = get_composition(session, CO)
        entries = [CompositionEntry(c.clause_version_id) for c in composition.clauses]
        entries.append(CompositionEntry(get_clause(session, clause_id).versions[0].id))
        save_composition(session, CO, entries, {}, composition.row_version)
    out = tmp_path / "tricky.docx"
    with demo_database.session() as session:
        generate_document(session, CO, out, today=TODAY)

    paragraphs, tables, _ = _text(out)
    assert tricky in paragraphs
    assert 'Second paragraph for Police & "Sons" <Ñandú>.' in paragraphs
    assert any(p.endswith("Research & <development>") for p in paragraphs)
    assert 'Police & "Sons" <Ñandú> (Lead agency)' in paragraphs
    assert tables[0][1][0] == 'Police & "Sons" <Ñandú>'


def _user_template(tmp_path: Path, *lines: str, name: str = "mine.docx") -> Path:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / name
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{{ ''.__class__.__mro__ }}", "tries to reach inside Python"),
        ("{{ mou.__init__.__globals__ }}", "tries to reach inside Python"),
        ("{{ cycler.__init__.__globals__.os }}", "tries to reach inside Python"),
        ("{% include '/etc/passwd' %}", "include another file"),
        ("{{ sponsor_name }}", "uses the variable “sponsor_name”"),
        ("{{ mou.sponsor }}", "uses the variable “sponsor”"),
        ("{{ mou.title ", "has a broken field"),
    ],
)
def test_unsafe_or_broken_templates_are_refused_by_name(
    demo_database: Database, tmp_path: Path, line: str, expected: str
) -> None:
    template = _user_template(tmp_path, "Agreement {{ mou.title }}", line, name="agency.docx")
    out = tmp_path / "out.docx"
    with pytest.raises(DocumentTemplateError) as caught, demo_database.session() as session:
        generate_document(session, CO, out, today=TODAY, template=template)
    assert "agency.docx" in caught.value.message
    assert expected in caught.value.message
    assert "Nothing was written" in caught.value.message
    assert not out.exists()
    assert list(tmp_path.glob(".out.docx*")) == []


def test_a_user_template_with_known_variables_is_used(
    demo_database: Database, tmp_path: Path
) -> None:
    template = _user_template(
        tmp_path,
        "Agreement {{ mou.reference_code }} led by {{ lead_agency }}",
        "{%p for party in parties %}",
        "{{ party.name }}: {{ party.signatory_name }}",
        "{%p endfor %}",
    )
    out = tmp_path / "out.docx"
    with demo_database.session() as session:
        generate_document(session, CO, out, today=TODAY, template=template)
    paragraphs, _, _ = _text(out)
    assert paragraphs[0] == "Agreement RIV-CR-01 led by Riverton Police Department"
    assert "City of Riverton: Robert Nakamura" in paragraphs


def test_a_file_that_is_not_a_docx_is_refused(demo_database: Database, tmp_path: Path) -> None:
    fake = tmp_path / "notes.docx"
    fake.write_text("just text")
    with (
        pytest.raises(DocumentTemplateError, match=r"notes\.docx is not a Word"),
        demo_database.session() as session,
    ):
        generate_document(session, CO, tmp_path / "o.docx", today=TODAY, template=fake)


def test_a_reworded_clause_with_a_bad_variable_names_the_clause(
    demo_database: Database, tmp_path: Path
) -> None:
    with demo_database.transaction() as session:
        row = session.exec(select(MouClause).where(MouClause.mou_id == CO)).first()
        assert row is not None
        row.override_body = "Signed by {{ chief_name }}"  # written before validation existed
        session.add(row)
    with pytest.raises(ClauseTextError) as caught, demo_database.session() as session:
        generate_document(session, CO, tmp_path / "o.docx", today=TODAY)
    assert "reworded text of “Co-responder team: dispatch and roles” in RIV-CR-01" in str(
        caught.value
    )
    assert "{{ chief_name }}" in str(caught.value)


def test_bulk_generation_writes_one_draft_per_mou_and_cancel_stops(
    demo_database: Database, tmp_path: Path
) -> None:
    result = generate_documents(demo_database, [1, 2, 3, 4], tmp_path, today=TODAY)
    assert sorted(p.name for p in result.written) == [
        "RIV-CR-01-v1-draft.docx",
        "RIV-DS-01-v1-draft.docx",
        "RIV-HD-01-v1-draft.docx",
        "RIV-MC-01-v1-draft.docx",
    ]
    assert result.failed == ()
    assert read_provenance(tmp_path / "RIV-MC-01-v1-draft.docx").mou_id == 2

    later = tmp_path / "later"
    later.mkdir()
    calls: list[int] = []
    progress = Progress(lambda done, total, text: calls.append(done), lambda: len(calls) >= 2)
    with pytest.raises(Cancelled):
        generate_documents(demo_database, [1, 2, 3, 4], later, today=TODAY, progress=progress)
    written = sorted(later.iterdir())
    assert [p.name for p in written] == ["RIV-CR-01-v1-draft.docx", "RIV-MC-01-v1-draft.docx"]
    for path in written:  # complete documents, not fragments
        assert Document(str(path)).paragraphs


def test_the_template_people_copy_is_the_one_the_program_ships() -> None:
    # templates/mou_default.docx is where people find the template to adapt; the program
    # uses the copy inside the package. The builder writes both; they must not drift.
    shipped = default_template_path()
    assert shipped.is_relative_to(Path(partnerdesk.__file__).parent / "resources")
    assert (REPO / "templates" / "mou_default.docx").read_bytes() == shipped.read_bytes()


def test_committed_template_matches_its_builder_and_every_variable_is_documented(
    tmp_path: Path,
) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_default_template", REPO / "templates" / "build_default_template.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = module.build(tmp_path / "rebuilt.docx")
    committed = default_template_path()
    for part in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
        with zipfile.ZipFile(rebuilt) as a, zipfile.ZipFile(committed) as b:
            names = set(b.namelist())
            assert part in names
            assert a.read(part) == b.read(part), f"rebuild templates/mou_default.docx ({part})"

    from docxtpl import DocxTemplate

    used = DocxTemplate(str(committed)).get_undeclared_template_variables()
    reference = (REPO / "templates" / "VARIABLES.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z_]+)(?:[.`\[])", reference))
    assert used <= documented, used - documented


def test_what_is_not_agreed_yet_shows_as_a_visible_placeholder(
    demo_database: Database, tmp_path: Path
) -> None:
    # The claims addendum is in negotiation: no effective date, no end date, no funding.
    with demo_database.transaction() as session:
        general = ClauseInput(
            "Term",
            ClauseCategory.GENERAL,
            "From {{ effective_date }} to {{ expiry_date }}, funded by {{ funding_sources }}.",
            ClauseStatus.APPROVED,
        )
        clause_id = create_clause(session, general)
        composition = get_composition(session, 4)
        version_id = get_clause(session, clause_id).versions[0].id
        save_composition(session, 4, [CompositionEntry(version_id)], {}, composition.row_version)
    out = tmp_path / "addendum.docx"
    with demo_database.session() as session:
        generate_document(session, 4, out, today=TODAY)
    paragraphs, tables, _ = _text(out)
    assert (
        "From [effective date to be agreed] to [end date to be agreed], funded by "
        "[funding sources to be linked]."
    ) in paragraphs
    assert "No funding source is linked to this agreement yet." in paragraphs
    assert [row[1] for row in tables[0][1:]] == ["Not set", "Not set"]


def test_writing_into_a_missing_folder_says_where(demo_database: Database, tmp_path: Path) -> None:
    with (
        pytest.raises(PartnerDeskError, match=r"the folder .*nowhere does not exist"),
        demo_database.session() as session,
    ):
        generate_document(session, CO, tmp_path / "nowhere" / "x.docx", today=TODAY)


def test_the_draft_records_its_provenance_in_the_core_properties(
    demo_database: Database, tmp_path: Path
) -> None:
    out = tmp_path / "draft.docx"
    with demo_database.session() as session:
        generate_document(session, 1, out, today=TODAY)
    props = Document(str(out)).core_properties
    assert props.identifier == "partnerdesk:mou:1"
    assert props.category == "MOU draft"
    assert props.comments.startswith(f"Draft generated by PartnerDesk on {TODAY.isoformat()}")
    assert "clause " in props.comments and props.keywords.startswith("partnerdesk-mou=1;")
