"""Variables in clause text (``{{ lead_agency }}``): which exist, checking a clause when it
is saved, and filling them in for one MOU.

Clause text is a Jinja template, but a deliberately small one: plain variables, filters
and ``{% if %}``. It is parsed and rendered in Jinja's sandbox, so a clause can neither
reach Python internals nor read files. A mistake (an unknown or misspelt variable, an
unclosed ``{{``) is reported when the clause is saved, naming the variable and the line,
so that nobody discovers it while printing an agreement for signature.

Jinja is imported inside the functions: this module is loaded when the GUI starts.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partnerdesk.core.platform.errors import PartnerDeskError, ValidationError

if TYPE_CHECKING:
    from jinja2 import Template
    from jinja2.sandbox import SandboxedEnvironment


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

# Jinja folds constant arithmetic while compiling, outside the sandbox's reach: ``9**(9**9)``
# never finishes and ``text * 10**9`` fills the memory. Clause text has no use for either,
# nor for numbers beyond this (``center(999999999)`` is another gigabyte).
_REFUSED_OPERATORS = ("Pow", "Mul")
_LARGEST_NUMBER = 10_000


class ClauseTextError(PartnerDeskError):
    """A clause's text cannot be filled in (it names the clause and the variable)."""


@functools.cache
def sandbox() -> SandboxedEnvironment:
    """The one sandboxed environment for clause text: undefined variables are errors, and the
    output is plain text (escaping for Word happens when the document is rendered)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )


def validate_clause_text(text: str, field: str = "body") -> None:
    """Raise :class:`ValidationError` (naming the variable and line) unless ``text`` is a
    clause text that can be filled in for any MOU."""
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = sandbox().parse(text)
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
    for node_type in _REFUSED_OPERATORS:
        node = tree.find(getattr(nodes, node_type))
        if node is not None:
            raise ValidationError(
                f"line {node.lineno}: clause text cannot multiply or raise to a power (* and "
                "**); use the variables listed beside the editor",
                field=field,
            )
    if _loop_depth(tree) > _DEEPEST_LOOPS:
        raise ValidationError(
            f"clause text may put loops inside loops at most {_DEEPEST_LOOPS} deep: each "
            "level multiplies the work of printing the clause",
            field=field,
        )
    for const in tree.find_all(nodes.Const):
        if isinstance(const.value, int | float) and abs(const.value) > _LARGEST_NUMBER:
            raise ValidationError(
                f"line {const.lineno}: the number {const.value} is too large for clause text "
                f"(at most {_LARGEST_NUMBER})",
                field=field,
            )
    _try_filling_in(text, field)


_DEEPEST_LOOPS = 2


def _loop_depth(node: Any) -> int:
    """How many ``{% for %}`` loops are nested at the deepest point below ``node``."""
    from jinja2 import nodes

    inner = max((_loop_depth(child) for child in node.iter_child_nodes()), default=0)
    return inner + (1 if isinstance(node, nodes.For) else 0)


def _try_filling_in(text: str, field: str) -> None:
    """Fill the text in with the example values, so that what fails only when run (an unknown
    filter, ``1/0``, a filter given the wrong kind of value) is found now, not when printing."""
    from jinja2 import TemplateSyntaxError

    try:
        template = _compiled(text)
    except TemplateSyntaxError as exc:
        where = f"line {exc.lineno}: " if exc.lineno else ""
        raise ValidationError(
            f"the text has a mistake in its variables ({where}{exc.message})", field=field
        ) from None
    values: dict[str, Any] = {v.name: v.example for v in CLAUSE_VARIABLES}
    values["review_interval_months"] = 12  # a whole number when filled in for an MOU
    try:
        template.render(values)
    except Exception as exc:
        raise ValidationError(
            f"the text cannot be filled in ({type(exc).__name__}: {exc}); use the variables "
            "listed beside the editor, with filters such as |upper",
            field=field,
        ) from None


def variables_used(text: str) -> set[str]:
    """The variable names a (valid) clause text uses."""
    return set(re.findall(r"\{\{-?\s*([A-Za-z_][A-Za-z0-9_]*)", text)) & VARIABLE_NAMES


@functools.lru_cache(maxsize=1024)
def _compiled(text: str) -> Template:
    return sandbox().from_string(text)


def render_clause_text(text: str, values: Mapping[str, Any], where: str) -> str:
    """Fill in a clause's variables; ``where`` names the clause in error messages."""
    if "{" not in text:  # most clauses: nothing to fill in, skip Jinja entirely
        return text
    from jinja2 import TemplateError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        return _compiled(text).render(dict(values))
    except SecurityError as exc:
        raise ClauseTextError(f"{where} tries to reach inside Python ({exc}); refused") from None
    except UndefinedError as exc:
        match = re.search(r"'([^']+)' is undefined", str(exc))
        name = match.group(1) if match else str(exc)
        raise ClauseTextError(
            f"{where} uses the variable {{{{ {name} }}}}, which does not exist; edit the "
            "clause (or this MOU's reworded text) and choose one of the listed variables"
        ) from None
    except TemplateError as exc:
        raise ClauseTextError(f"{where} cannot be filled in: {exc}") from None
    except Exception as exc:  # 1/0, a filter given text it cannot take: saved before checks
        raise ClauseTextError(
            f"{where} cannot be filled in ({type(exc).__name__}: {exc})"
        ) from None


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
