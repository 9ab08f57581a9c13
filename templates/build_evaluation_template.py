"""Build the default evaluation report template (docxtpl tags in a Word file), shipped in
the package as src/partnerdesk/resources/templates/evaluation_default.docx.

Run after changing the layout:  .venv/bin/python templates/build_evaluation_template.py
The variables it may use are documented in templates/VARIABLES.md ("Evaluation reports").
"""

from __future__ import annotations

import sys
from pathlib import Path

from build_default_template import _table
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parent / "src" / "partnerdesk" / "resources" / "templates" / "evaluation_default.docx"


def build(output: Path = OUTPUT) -> Path:
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.text = "{{ program_name }}: {{ evaluation.title }} (generated {{ generated_on }})"
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.runs[0].font.size = Pt(8)

    document.add_paragraph("EVALUATION REPORT", style="Subtitle")
    document.add_heading("{{ evaluation.title }}: {{ program_name }}", level=0)
    document.add_paragraph(
        "Scope: {{ evaluation.scope }}. Launched {{ launch }}. Period covered: "
        "{{ evaluation.period }}. Due {{ evaluation.due_date }}; status: "
        "{{ evaluation.status }} (completed {{ evaluation.completed_date }}). Evaluator: "
        "{{ evaluation.evaluator }}."
    )
    document.add_paragraph("{%p for note in notes %}")
    document.add_paragraph("{{ note }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Findings", level=1)
    document.add_paragraph("{%p for paragraph in evaluation.findings %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("What changed since launch", level=1)
    document.add_paragraph(
        "Each figure is compared with the indicator's baseline (by default the 12 months "
        "before launch). Counts are monthly averages; the months behind each figure are "
        "given in brackets. {{ small_number_note }}"
    )
    _table(
        document,
        ["Indicator", "Baseline", "Period", "Change", "Target", "Met"],
        "indicators",
        [
            "{{ row.name }}",
            "{{ row.baseline }} ({{ row.baseline_months }})",
            "{{ row.value }} ({{ row.value_months }})",
            "{{ row.change }}",
            "{{ row.target }}",
            "{{ row.met }}",
        ],
        None,
    )

    document.add_heading("Trends of the core indicators", level=1)
    document.add_paragraph(
        "Monthly values with the launch (red line), the baseline (grey dashes) and the "
        "target (green dashes)."
    )
    document.add_paragraph("{%p for chart in charts %}")
    document.add_heading("{{ chart.name }}", level=2)
    document.add_paragraph("{{ chart.image }}")
    document.add_paragraph("{{ chart.caption }}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Estimated savings", level=1)
    document.add_paragraph(
        "Avoided events are the baseline's monthly rate times the months counted, minus the "
        "events that happened; each is priced with its unit cost."
    )
    _table(
        document,
        ["Unit cost", "Indicator", "Baseline a month", "Events", "Avoided", "Units each",
         "Unit cost", "Savings"],
        "savings.rows",
        [
            "{{ row.name }}",
            "{{ row.indicator }}",
            "{{ row.baseline_rate }}",
            "{{ row.actual }} ({{ row.months }} months)",
            "{{ row.avoided }}",
            "{{ row.per_event }}",
            "{{ row.unit_cost }}",
            "{{ row.savings }}",
        ],
        ["Total", "", "", "", "", "", "", "{{ savings.total }}"],
    )
    document.add_paragraph(
        "Program cost of the period: {{ savings.program_cost }}. Savings per program dollar: "
        "{{ savings.per_dollar }}."
    )
    document.add_paragraph("{%p for note in savings.notes %}")
    document.add_paragraph("{{ note }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("Sources of the unit costs:")
    document.add_paragraph("{%p for row in savings.rows %}")
    document.add_paragraph("{{ row.name }}: {{ row.source }}", style="List Bullet")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Interviews and surveys", level=1)
    document.add_paragraph("{%p for paragraph in evaluation.notes %}")
    document.add_paragraph("{{ paragraph }}")
    document.add_paragraph("{%p endfor %}")

    document.add_heading("Definitions", level=1)
    document.add_paragraph("{%p for item in definitions %}")
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run("{{ item.name }}").bold = True
    paragraph.add_run(" ({{ item.source }}; {{ item.rule }}): {{ item.definition }}")
    document.add_paragraph("{%p endfor %}")

    output.parent.mkdir(parents=True, exist_ok=True)
    document.core_properties.title = "PartnerDesk default evaluation report template"
    document.core_properties.author = "PartnerDesk"
    document.save(str(output))
    return output


if __name__ == "__main__":
    written = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"wrote {written}")
