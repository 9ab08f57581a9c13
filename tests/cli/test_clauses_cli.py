"""`clauses list`, `clauses seed`, `mou check` and `mou generate` as a script sees them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from partnerdesk.cli import main
from partnerdesk.core.mou.seed_clauses import SEED_CLAUSES


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    captured = capsys.readouterr()
    assert captured.err == ""
    return json.loads(captured.out)


def test_clauses_list_json_and_category_filter(
    demo_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db), "clauses", "list", "--json"]) == 0
    rows = _json(capsys)
    assert isinstance(rows, list) and len(rows) == len(SEED_CLAUSES)
    assert {"id", "title", "category", "status", "version"} <= set(rows[0])
    revised = next(r for r in rows if r["title"].startswith("Mobile crisis team"))
    assert (revised["version"], revised["outdated_in_mous"]) == (2, 1)

    args = ["--db", str(demo_db), "clauses", "list", "--category", "Liability", "--json"]
    assert main(args) == 0
    liability = _json(capsys)
    assert isinstance(liability, list) and len(liability) == 3
    assert {r["category"] for r in liability} == {"liability"}

    assert main(["--db", str(demo_db), "clauses", "list", "--search", "42 cfr"]) == 0
    out = capsys.readouterr().out
    assert "HIPAA and 42 CFR Part 2 safeguards" in out and len(out.splitlines()) == 1


def test_unknown_category_is_one_line(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "clauses", "list", "--category", "money"]) == 2
    err = capsys.readouterr().err
    assert "'money' is not a ClauseCategory" in err and "Traceback" not in err


def test_seed_fills_an_empty_library_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "new.sqlite3"
    assert main(["--db", str(db), "clauses", "seed"]) == 0
    assert f"Loaded {len(SEED_CLAUSES)} approved clauses" in capsys.readouterr().out
    assert main(["--db", str(db), "clauses", "seed"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("partnerdesk: error: the clause library already holds")


def test_mou_check_exit_codes_and_gaps(demo_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db), "mou", "check", "RIV-CR-01"]) == 0
    assert "is complete" in capsys.readouterr().out

    assert main(["--db", str(demo_db), "mou", "check", "riv-mc-01", "--json"]) == 1
    report = _json(capsys)
    assert isinstance(report, dict)
    assert report["complete"] is False
    assert report["gaps"][0]["code"] == "missing:funding_arrangement"
    assert report["outdated_clauses"][0]["current_version"] == 2

    assert main(["--db", str(demo_db), "mou", "check", "RIV-DS-01"]) == 1
    out = capsys.readouterr().out
    assert "RIV-DS-01 version 1 is incomplete:" in out
    assert "  - No liability clause" in out

    assert main(["--db", str(demo_db), "mou", "check", "999"]) == 1
    assert "no MOU #999" in capsys.readouterr().err


def test_mou_generate_writes_the_draft(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "draft.docx"
    assert main(["--db", str(demo_db), "mou", "generate", "RIV-CR-01", "--out", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    paragraphs = [p.text for p in Document(str(out)).paragraphs]
    assert "Co-responder team: joint response to behavioral-health calls" in paragraphs


def test_mou_template_writes_a_copy_to_adapt_that_generate_accepts(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours = tmp_path / "our-template.docx"
    assert main(["mou", "template", str(ours)]) == 0
    assert f"Wrote {ours}" in capsys.readouterr().out
    adapted = Document(str(ours))
    adapted.paragraphs[0].insert_paragraph_before("Riverton letterhead")
    adapted.save(str(ours))
    out = tmp_path / "draft.docx"
    args = ["--db", str(demo_db), "mou", "generate", "1", "--out", str(out)]
    assert main([*args, "--template", str(ours)]) == 0
    assert "Riverton letterhead" in [p.text for p in Document(str(out)).paragraphs]
    # A second copy never replaces the adapted template.
    assert main(["mou", "template", str(ours)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert "Riverton letterhead" in [p.text for p in Document(str(ours)).paragraphs]


def test_mou_generate_refuses_a_bad_template_in_one_line(
    demo_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = tmp_path / "evil.docx"
    document = Document()
    document.add_paragraph("{{ ''.__class__.__mro__ }}")
    document.save(str(template))
    out = tmp_path / "draft.docx"
    args = ["--db", str(demo_db), "mou", "generate", "1", "--out", str(out)]
    assert main([*args, "--template", str(template)]) == 1
    err = capsys.readouterr().err
    assert "the template evil.docx tries to reach inside Python" in err
    assert len(err.splitlines()) == 1 and not out.exists()


def test_mou_generate_pdf_without_libreoffice_keeps_the_docx(
    demo_db: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from partnerdesk.core.mou import pdf

    monkeypatch.setattr(pdf, "libreoffice_executable", lambda: None)
    out = tmp_path / "draft.docx"
    args = ["--db", str(demo_db), "mou", "generate", "1", "--out", str(out), "--pdf"]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert f"Wrote {out}" in captured.out
    assert "PDF needs LibreOffice" in captured.err
    assert out.exists()
