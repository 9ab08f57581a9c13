"""The readiness matrix as a printable report: one HTML page (landscape, the header row
repeated on every printed page), with each cell's status in words and in colour, a
legend, the counts, and completion rates by agency and role.

HTML because every browser prints it and the desktop app prints and previews it as is
(Training › Print matrix); no Qt here. Text from users is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from sqlmodel import Session

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.files import atomic_output
from partnerdesk.core.platform.settings import load_settings
from partnerdesk.core.training.rates import RateTable, rate_table
from partnerdesk.core.training.readiness import NOT_REQUIRED, STATUS_FILL, Readiness, readiness
from partnerdesk.core.training.rules import Status

_STYLE = """
@page { size: landscape; margin: 12mm; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 9pt; color: #202124; }
h1 { font-size: 15pt; margin: 0 0 4px 0; }
p.meta { margin: 0 0 8px 0; color: #3c4043; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #9aa0a6; padding: 3px 5px; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
th { background: #dde4ee; }
td.overdue { font-weight: bold; }
tr { page-break-inside: avoid; }
.legend td { border: 1px solid #9aa0a6; }
"""


def matrix_html(result: Readiness, program: str = "", rates: RateTable | None = None) -> str:
    """The report for ``result`` (the people it holds, as filtered by the caller)."""
    title = f"{program} — training readiness" if program else "Training readiness"
    people = [person for person in result.people if person.active]
    counts = result.items_by_status()
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='meta'>On {result.today.isoformat()}: {len(people)} responder(s). "
        + ", ".join(f"{counts[s]} {s.label.lower()}" for s in Status)
        + f" (due soon: within {result.window_days} days).</p>",
        _legend(),
        "<table><thead><tr><th>Name</th><th>Agency</th><th>Role</th>",
        *(f"<th>{escape(name)}</th>" for _id, name in result.courses),
        "</tr></thead><tbody>",
    ]
    for person in people:
        parts.append(
            f"<tr><td>{escape(person.name)}</td><td>{escape(person.agency)}</td>"
            f"<td>{escape(person.role)}</td>"
        )
        for course_id, _name in result.courses:
            item = person.item(course_id)
            if item is None:
                parts.append(f"<td>{NOT_REQUIRED}</td>")
                continue
            css = " class='overdue'" if item.status is Status.OVERDUE else ""
            parts.append(
                f"<td{css} bgcolor='{STATUS_FILL[item.status]}' "
                f"style='background:{STATUS_FILL[item.status]}'>"
                f"{escape(item.describe(result.today))}</td>"
            )
        parts.append("</tr>")
    parts.append("</tbody></table>")
    if rates is not None:
        parts.append(_rates(rates))
    parts.append("</body></html>")
    return "".join(parts)


def _legend() -> str:
    cells = "".join(
        f"<td bgcolor='{STATUS_FILL[s]}' style='background:{STATUS_FILL[s]}'>{s.label}</td>"
        for s in Status
    )
    return (
        f"<table class='legend' style='width:auto;margin-bottom:8px'><tr><td>Legend:</td>{cells}"
        f"<td>{NOT_REQUIRED} not required for the role</td></tr></table>"
    )


def _rates(rates: RateTable) -> str:
    first, last = rates.months[0][0], rates.months[-1][1]
    rows = "".join(
        f"<tr><td>{escape(row.group)}</td><td>{escape(row.name)}</td>"
        f"<td>{escape(row.total.describe())}</td><td>{row.total.late}</td>"
        f"<td>{row.total.missing}</td></tr>"
        for row in rates.rows
    )
    return (
        f"<h2 style='font-size:12pt;margin-top:14px'>Completion rate, {first:%B %Y} to "
        f"{last:%B %Y}</h2><p class='meta'>Trainings that fell due in the period, completed "
        "by their due date.</p><table style='width:auto'><thead><tr><th>Group</th><th>Name</th>"
        "<th>On time</th><th>Late</th><th>Missing</th></tr></thead><tbody>"
        f"{rows}</tbody></table>"
    )


def matrix_report(
    session: Session, today: date, *, agency_id: int | None = None, role_id: int | None = None
) -> str:
    program = load_settings(session).program_name
    result = readiness(session, today, agency_id=agency_id, role_id=role_id)
    return matrix_html(result, program, rate_table(session, today))


def write_matrix_report(session: Session, path: str | Path, today: date) -> Path:
    target = Path(path)
    if target.suffix.lower() not in (".html", ".htm"):
        raise ValidationError(f"{target.name}: the printable matrix is saved as .html", "path")
    html = matrix_report(session, today)
    with atomic_output(target) as temporary:
        temporary.write_text(html, encoding="utf-8")
    return target
