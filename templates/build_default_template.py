"""Build the default MOU template (docxtpl tags in a Word file), mou_default.docx.

Run after changing the layout:  .venv/bin/python templates/build_default_template.py
It writes the same file twice, and both are committed: the copy PartnerDesk uses, shipped
inside the package (src/partnerdesk/resources/templates/), and templates/mou_default.docx,
where people find it to copy, open in Word and adapt. Every variable it may use is
documented in templates/VARIABLES.md.

docxtpl tags used: ``{{ ... }}`` for text, ``{%p ... %}`` alone in a paragraph to repeat
or hide paragraphs, ``{%tr ... %}`` alone in a table row to repeat rows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "mou_default.docx"
PACKAGED = HERE.parent / "src" / "partnerdesk" / "resources" / "templates" / "mou_default.docx"


def _table(document, headers: list[str], loop: str, cells: list[str], total: list[str] | None):
    rows = 4 + (1 if total else 0)
    table = document.add_table(rows=rows, cols=len(headers))
    table.style = "Light Grid Accent 1"
    for index, text in enumerate(headers):
        table.rows[0].cells[index].text = text
    table.rows[1].cells[0].text = f"{{%tr for row in {loop} %}}"
    for index, text in enumerate(cells):
        table.rows[2].cells[index].text = text
    table.rows[3].cells[0].text = "{%tr endfor %}"
    if total:
        for index, text in enumerate(total):
            table.rows[4].cells[index].text = text
            for run in table.rows[4].cells[index].paragraphs[0].runs:
                run.bold = True
    return table


def build(output: Path = OUTPUT) -> Path:
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)

    header = section.header.paragraphs[0]
    header.text = "{{ draft_notice }}"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.runs[0].bold = True
    header.runs[0].font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
    footer = section.footer.paragraphs[0]
    footer.text = "{{ mou.reference_code }}, version {{ mou.version_number }}: {{ mou.title }}"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.runs[0].font.size = Pt(8)

    document.add_paragraph("MEMORANDUM OF UNDERSTANDING", style="Subtitle")
    document.add_heading("{{ mou.title }}", level=0)
    document.add_paragraph(
        "Reference {{ mou.reference_code }}, version {{ mou.version_number }}. "
        "Program: {{ program_name }}. Response model: {{ mou.response_model }}. "
        "Effective {{ mou.effective_date }}; ends {{ mou.expiry_date }}."
    )

    document.add_heading("Parties", level=1)
    document.add_paragraph("{%p for party in parties %}")
    document.add_paragraph(
        "{{ party.name }}, {{ party.address }} ({{ party.role }})", style="List Number"
    )
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Recitals", level=1)
    document.add_paragraph("{%p for recital in recitals %}")
    document.add_paragraph("{{ recital }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("The parties therefore agree as follows.")

    document.add_paragraph("{%p for section in sections %}")
    document.add_heading("{{ section.number }}. {{ section.title }}", level=1)
    document.add_paragraph("{%p for clause in section.clauses %}")
    document.add_heading("{{ clause.number }} {{ clause.title }}", level=2)
    document.add_paragraph("{%p for paragraph in clause.paragraphs %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Information sharing by party", level=1)
    document.add_paragraph(
        "Each party may receive information up to the tier shown, and only as the "
        "information-sharing clauses above allow."
    )
    _table(
        document,
        ["Party", "Tier", "What may be shared"],
        "sharing_table",
        ["{{ row.party }}", "{{ row.tier }}", "{{ row.what }}"],
        None,
    )

    document.add_heading("Funding", level=1)
    document.add_paragraph(
        "Funding sources linked to this agreement in the partnership's ledger, "
        "{{ funding.fiscal_year }}."
    )
    _table(
        document,
        ["Source", "Funder", "Kind", "Committed", "Received"],
        "funding.rows",
        [
            "{{ row.source }}",
            "{{ row.funder }}",
            "{{ row.kind }}{{ row.restricted }}",
            "{{ row.committed }}",
            "{{ row.received }}",
        ],
        ["Total", "", "", "{{ funding.total_committed }}", "{{ funding.total_received }}"],
    )
    document.add_paragraph("{%p if not funding.has_rows %}")
    document.add_paragraph("No funding source is linked to this agreement yet.")
    document.add_paragraph("{%p endif %}")

    document.add_heading("Review schedule", level=1)
    document.add_paragraph("{%p for item in review_schedule %}")
    document.add_paragraph("{{ item.date }}: {{ item.what }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Signatures", level=1)
    document.add_paragraph(
        "Signed for each party by a person authorised to bind it to this agreement."
    )
    document.add_paragraph("{%p for party in signatures %}")
    name = document.add_paragraph()
    name.add_run("{{ party.name }} ({{ party.role }})").bold = True
    document.add_paragraph("Signature: ______________________________    Date: ______________")
    document.add_paragraph("Name: {{ party.signatory_name or '______________________________' }}")
    document.add_paragraph("Title: {{ party.signatory_title }}")
    document.add_paragraph("{%p endfor %}")

    output.parent.mkdir(parents=True, exist_ok=True)
    document.core_properties.title = "PartnerDesk default MOU template"
    document.core_properties.author = "PartnerDesk"
    document.save(str(output))
    return output


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(f"wrote {build(Path(sys.argv[1]))}")
    else:
        build(OUTPUT)
        PACKAGED.write_bytes(OUTPUT.read_bytes())  # byte for byte the same file
        print(f"wrote {OUTPUT} and {PACKAGED}")
