"""Variables in clause text (``{{ lead_agency }}``): which exist, checking a clause when it
is saved, and filling them in for one MOU.

Clause text is a Jinja template, but a deliberately small one: plain variables, filters
and ``{% if %}``. It is filled in by the rule every user template follows
(:mod:`.template_sandbox`: Jinja's sandbox, bounded, within hard limits on time and
memory), so a clause can neither reach Python internals, read files nor exhaust the
machine. A mistake (an unknown or misspelt variable, an unclosed ``{{``, text that needs
too long) is reported when the clause is saved, naming the variable and the line, so that
nobody discovers it while printing an agreement for signature.

Jinja is imported inside the functions: this module is loaded when the GUI starts.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from partnerdesk.core.models import ClauseVersion
from partnerdesk.core.mou.template_sandbox import (
    ClauseTextError,
    bounded_environment,
    fill_in_clause,
    is_plain,
)
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.text_limits import check_text


@dataclass(frozen=True, slots=True)
class ClauseVariable:
    name: str
    description: str
    example: str


# Every variable a clause may use. Values are always text (or a whole number), filled in
# from the MOU being drafted; see :func:`partnerdesk.core.mou.document_context.clause_values`.
CLAUSE_VARIABLES: tuple[ClauseVariable, ...] = (
    ClauseVariable("program_name", "Name of the partnership program (Settings)",
                   "Riverton Crisis Response Partnership"),
    ClauseVariable("mou_title", "Title of the MOU", "Co-responder team: joint response"),
    ClauseVariable("mou_reference", "Reference code of the MOU", "RIV-CR-01"),
    ClauseVariable("mou_version", "Version number of the MOU", "2"),
    ClauseVariable("response_model", "Response model of the MOU, in words", "co-responder team"),
    ClauseVariable("lead_agency", "Name of the lead agency", "Riverton Police Department"),
    ClauseVariable("partner_agencies", "Names of the partner agencies, as a list in words",
                   "Harbor County Behavioral Health and St. Brigid Regional Hospital"),
    ClauseVariable("funders", "Names of the funding parties, as a list in words",
                   "City of Riverton"),
    ClauseVariable("all_parties", "Names of every party, as a list in words",
                   "Riverton Police Department, Harbor County Behavioral Health and City of "
                   "Riverton"),
    ClauseVariable("party_count", "Number of parties, in words", "four"),
    ClauseVariable("effective_date", "Date the MOU takes effect", "March 1, 2026"),
    ClauseVariable("expiry_date", "Date the MOU ends", "February 28, 2030"),
    ClauseVariable("review_interval_months", "Months between reviews of the MOU", "12"),
    ClauseVariable("first_review_date", "Date of the first review", "March 1, 2027"),
    ClauseVariable("privacy_officers", "Names of the privacy officers named on the MOU",
                   "Helen Zhou"),
    ClauseVariable("liaisons", "Names of the liaisons named on the MOU", "Marcus Oyelaran"),
    ClauseVariable("funding_sources", "Funding sources linked to the MOU, as a list in words",
                   "City general fund allocation and Federal crisis response grant"),
    ClauseVariable("evaluation_indicators",
                   "The indicators the MOU commits to, one line each (unit, which way is "
                   "better, data source, target): put it on a line of its own",
                   "Arrests on behavioral-health calls (count, lower is better; source: "
                   "police records; target −30 % from the baseline by month 12)\n"
                   "Response time to behavioral-health calls (minutes, lower is better; "
                   "source: dispatch / cad; target at most 15 min by month 6)"),
)  # fmt: skip

VARIABLE_NAMES: frozenset[str] = frozenset(variable.name for variable in CLAUSE_VARIABLES)

# Blocks that could pull in other templates: refused (there is nothing to include).
_REFUSED_TAGS = ("Include", "Import", "FromImport", "Extends", "Macro", "CallBlock")


def check_clause_text(text: str, field: str = "body") -> None:
    """Raise :class:`ValidationError` (naming the variable and line) unless ``text`` is
    well formed clause text that uses only the listed variables. Quick (it only reads the
    text): the editors call it as the user types; saving also fills the text in
    (:func:`validate_clause_text`)."""
    from jinja2 import TemplateSyntaxError, nodes

    check_text(ClauseVersion, "body", text, name=field)
    try:
        tree = bounded_environment("clause").parse(text)
    except TemplateSyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise ValidationError(
            f"the text has a mistake in its variables ({where}{exc.message}); "
            "write a variable as {{ name }}",
            field=field,
        ) from None
    for node_type in _REFUSED_TAGS:
        node = tree.find(getattr(nodes, node_type))
        if node is not None:
            raise ValidationError(
                f"line {node.lineno}: clause text cannot include other templates or define "
                "macros; use the variables listed beside the editor",
                field=field,
            )
    for getattr_node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        raise ValidationError(
            f"line {getattr_node.lineno}: clause variables are plain names, such as "
            "{{ lead_agency }}; attributes and indexing (with . or [ ]) are not allowed",
            field=field,
        )
    assigned = {node.name for node in tree.find_all(nodes.Name) if node.ctx in ("store", "param")}
    unknown: list[tuple[str, int]] = []
    for node in tree.find_all(nodes.Name):
        known = node.name in VARIABLE_NAMES or node.name in assigned
        if node.ctx == "load" and not known and all(node.name != n for n, _ in unknown):
            unknown.append((node.name, node.lineno))
    if unknown:
        problems = []
        for name, line in unknown:
            close = difflib.get_close_matches(name, sorted(VARIABLE_NAMES), n=1, cutoff=0.6)
            hint = f" (did you mean {{{{ {close[0]} }}}}?)" if close else ""
            problems.append(f"{{{{ {name} }}}} on line {line}{hint}")
        noun = "an unknown variable" if len(problems) == 1 else "unknown variables"
        raise ValidationError(
            f"the text uses {noun}: {'; '.join(problems)}. Available variables: "
            f"{', '.join(sorted(VARIABLE_NAMES))}",
            field=field,
        )


def validate_clause_text(text: str, field: str = "body") -> None:
    """Raise :class:`ValidationError` unless ``text`` is clause text that can be filled in
    for any MOU: :func:`check_clause_text`, then filled in with the example values under
    the rule every template follows (:mod:`.template_sandbox`: bounded, and within the
    time and memory limits), so that what fails only when run (an unknown filter, ``1/0``,
    a loop that never ends) is found now, not while printing an agreement."""
    check_clause_text(text, field)
    values: dict[str, Any] = {v.name: v.example for v in CLAUSE_VARIABLES}
    values["review_interval_months"] = 12  # a whole number when filled in for an MOU
    try:
        render_clause_text(text, values, "the text")
    except ClauseTextError as exc:
        message = exc.message.removeprefix("the text ")
        if message.startswith("cannot be filled in"):
            message += "; use the variables listed beside the editor, with filters such as |upper"
        raise ValidationError(f"the text {message}", field=field) from None


def variables_used(text: str) -> set[str]:
    """The variable names a (valid) clause text uses."""
    return set(re.findall(r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)", text)) & VARIABLE_NAMES


def render_clause_text(text: str, values: Mapping[str, Any], where: str) -> str:
    """Fill in a clause's variables; ``where`` names the clause in error messages. Plain
    substitutions are filled in here; anything more runs under the limits of
    :func:`partnerdesk.core.platform.limited.run_limited`."""
    if is_plain(text):
        return fill_in_clause(text, dict(values), where)
    from partnerdesk.core.platform.limited import LimitExceeded, run_limited

    try:
        result: str = run_limited(
            fill_in_clause, text, dict(values), where, what=where, preload=("jinja2.sandbox",)
        )
    except LimitExceeded as exc:
        raise ClauseTextError(exc.message) from None
    return result


def words_list(names: list[str]) -> str:
    """``["A", "B", "C"]`` -> ``"A, B and C"``."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} and {names[-1]}"


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten")  # fmt: skip


def number_in_words(value: int) -> str:
    return _NUMBER_WORDS[value] if 0 <= value < len(_NUMBER_WORDS) else str(value)
