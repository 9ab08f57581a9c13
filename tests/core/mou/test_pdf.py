"""PDF copies of drafts: made by LibreOffice when it is there, a clear message when not."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from partnerdesk.core.mou import pdf
from partnerdesk.core.mou.documents import generate_document
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import PartnerDeskError
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
CO = 1


def test_pdf_without_libreoffice_says_so_and_keeps_the_docx(
    demo_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "libreoffice_executable", lambda: None)
    out = tmp_path / "co.docx"
    with (
        pytest.raises(PartnerDeskError, match="LibreOffice, which is not installed"),
        demo_database.session() as session,
    ):
        generate_document(session, CO, out, today=TODAY, pdf=True)
    assert out.exists()


def test_pdf_is_made_by_libreoffice_when_it_is_installed(
    demo_database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in for LibreOffice that behaves like `soffice --convert-to pdf --outdir D F`.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        'echo "$@" > "$(dirname "$0")/args"\n'
        'out="$5"; src="$6"; name=$(basename "$src" .docx)\n'
        'printf "%%PDF-1.4 fake" > "$out/$name.pdf"\n'
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(pdf.shutil, "which", lambda name: str(fake) if name == "soffice" else None)
    out = tmp_path / "co.docx"
    with demo_database.session() as session:
        result = generate_document(session, CO, out, today=TODAY, pdf=True)
    assert result.pdf_path == tmp_path / "co.pdf"
    assert (tmp_path / "co.pdf").read_bytes().startswith(b"%PDF")
    assert (bin_dir / "args").read_text().startswith("--headless --convert-to pdf --outdir")
