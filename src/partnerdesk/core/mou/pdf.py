"""PDF copies of generated drafts, made by LibreOffice when it is installed.

The Word document is always written first; a missing or failing LibreOffice is reported
with that said, so the user still has the draft and knows how to make the PDF by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.files import atomic_output

PDF_TIMEOUT_SECONDS = 120


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
