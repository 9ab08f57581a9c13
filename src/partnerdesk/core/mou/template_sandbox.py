"""The one rule for filling in a user's template, clause text and Word templates alike.

1. It runs in Jinja's sandbox, so it cannot reach Python's insides or read files.
2. The sandbox is *bounded*: what would make text absurdly large is refused at once with a
   reason (padding or a format width above :data:`WIDEST`, repeating text beyond
   :data:`MOST_CHARACTERS`, huge powers, ``lipsum`` beyond a few paragraphs).
3. Anything else that would take too long or too much memory (loops in loops, text doubled
   again and again) is stopped by the hard limits of
   :func:`partnerdesk.core.platform.limited.run_limited`: every template that is more than
   plain ``{{ variable }}`` substitutions is compiled and filled in in a helper process
   with :data:`~partnerdesk.core.platform.limited.TIME_LIMIT_SECONDS` and
   :data:`~partnerdesk.core.platform.limited.MEMORY_LIMIT_BYTES`.

Saving a clause checks its text by the same rule (:mod:`.clause_variables`), so what was
accepted at save fills in when the document is generated.

Jinja is imported inside the functions: this module is loaded when the GUI starts.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Literal

from partnerdesk.core.platform.errors import PartnerDeskError

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

WIDEST = 1_000  # characters of padding, indentation or format width
MOST_CHARACTERS = 1_000_000  # characters one operation may make
_LARGEST_EXPONENT = 1_000
_LARGEST_POWER_BITS = 100_000
_MOST_PARAGRAPHS = 100  # lipsum
_MOST_WORDS = 1_000
# A width or precision in a printf-style (``%08.2f``) or str.format (``{:>12}``) spec.
_PRINTF_WIDTHS = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_WIDTHS = re.compile(r"\{[^{}]*:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")
_NESTED_FORMAT = re.compile(r"\{[^{}]*:[^{}]*\{")  # a width taken from an argument
_STR_PADDING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


class ClauseTextError(PartnerDeskError):
    """A clause's text cannot be filled in (it names the clause and the variable)."""


def _too_large(what: str) -> Exception:
    from jinja2.exceptions import TemplateRuntimeError

    return TemplateRuntimeError(what)


def _check_width(width: Any, what: str) -> None:
    if isinstance(width, int) and not isinstance(width, bool) and abs(width) > WIDEST:
        raise _too_large(f"{what}({width}) is too wide (at most {WIDEST:,})")
    if isinstance(width, str) and len(width) > WIDEST:
        raise _too_large(f"{what} with {len(width):,} characters is too wide")


def _check_format(spec: Any, what: str) -> None:
    """Refuse a format string whose widths or precisions exceed :data:`WIDEST`."""
    if not isinstance(spec, str):
        return
    if _NESTED_FORMAT.search(spec):
        raise _too_large(f"{what}: a width taken from an argument is not allowed")
    for pattern in (_PRINTF_WIDTHS, _FORMAT_WIDTHS):
        for match in pattern.finditer(spec):
            for number in match.groups():
                if number == "*":
                    raise _too_large(f"{what}: a width given as * is not allowed")
                if number and (len(number) > 4 or int(number) > WIDEST):
                    raise _too_large(
                        f"{what}: the width {number[:12]} is too large (at most {WIDEST:,})"
                    )


def _check_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        times = len(text) + 1 if not old else text.count(old)
        if isinstance(count, int) and count >= 0:
            times = min(times, count)
        if len(text) + times * (len(new) - len(old)) > MOST_CHARACTERS:
            raise _too_large("replacing would make the text too large")


def _bounded_filters(environment: Any) -> None:
    filters = environment.filters
    center, indent, format_, replace = (
        filters["center"], filters["indent"], filters["format"], filters["replace"]
    )  # fmt: skip

    def bounded_center(value: Any, width: int = 80) -> Any:
        _check_width(width, "center")
        return center(value, width)

    def bounded_indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> Any:
        _check_width(width, "indent")
        if isinstance(value, str) and len(value) * (1 + len(str(width))) > MOST_CHARACTERS:
            raise _too_large("indenting would make the text too large")
        return indent(value, width, *args, **kwargs)

    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        _check_format(value, "format")
        return format_(value, *args, **kwargs)

    def bounded_replace(context: Any, value: Any, old: Any, new: Any, count: Any = None) -> Any:
        _check_replace(value, old, new, -1 if count is None else count)
        return replace(context, value, old, new, count)

    from jinja2 import pass_eval_context

    filters["center"] = bounded_center
    filters["indent"] = bounded_indent
    filters["format"] = bounded_format
    filters["replace"] = pass_eval_context(bounded_replace)
    lipsum = environment.globals["lipsum"]

    def bounded_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
        if not (0 <= n <= _MOST_PARAGRAPHS and 0 <= min <= _MOST_WORDS and 0 <= max <= _MOST_WORDS):
            raise _too_large(
                f"lipsum is limited to {_MOST_PARAGRAPHS} paragraphs of {_MOST_WORDS} words"
            )
        return lipsum(n=n, html=html, min=min, max=max)

    environment.globals["lipsum"] = bounded_lipsum


@functools.cache
def bounded_environment(kind: Literal["clause", "document"]) -> SandboxedEnvironment:
    """The sandboxed environment user templates are compiled and filled in with: undefined
    variables are errors. A Word template's output is escaped for Word's XML; a clause's is
    plain text that keeps its last newline (it is escaped when its document is made)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        # Jinja folds constant arithmetic while compiling, outside the sandbox: {{ 9**(9**9) }}
        # never finished and {{ 'x' * 10**10 }} filled the memory. Intercepted operators are
        # not folded; they are checked here when run.
        intercepted_binops = frozenset({"**", "*", "%"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int):
                digits = left.bit_length() * abs(right) if isinstance(left, int) else 0
                if abs(right) > _LARGEST_EXPONENT or digits > _LARGEST_POWER_BITS:
                    raise _too_large(f"the power {right} is too large")
            if operator == "*":
                for text, count in ((left, right), (right, left)):
                    if (
                        isinstance(text, str | list | tuple)
                        and isinstance(count, int)
                        and len(text) * count > MOST_CHARACTERS
                    ):
                        raise _too_large("repeating text that often is too large")
            if operator == "%":
                _check_format(left, "%")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            owner = getattr(__obj, "__self__", None)
            name = getattr(__obj, "__name__", "")
            if isinstance(owner, str):
                if name in _STR_PADDING and args:
                    _check_width(args[0], name)
                elif name == "replace":
                    _check_replace(owner, *args[:3])
                elif name in ("format", "format_map"):
                    _check_format(owner, name)
            return super().call(__context, __obj, *args, **kwargs)

    document = kind == "document"
    environment = BoundedSandbox(
        undefined=StrictUndefined, autoescape=document, keep_trailing_newline=not document
    )
    _bounded_filters(environment)
    return environment


@functools.lru_cache(maxsize=2048)
def is_plain(text: str) -> bool:
    """Whether ``text`` only substitutes variables (``{{ lead_agency }}``), with no filter,
    call, loop or condition: such text cannot run long or grow, and is filled in at once.
    A text Jinja cannot read is not plain (the helper process reports it)."""
    if "{" not in text:
        return True
    from jinja2 import TemplateSyntaxError, nodes

    try:
        tree = bounded_environment("clause").parse(text)
    except TemplateSyntaxError:
        return False
    for statement in tree.body:
        if not isinstance(statement, nodes.Output):
            return False
        for part in statement.nodes:
            if not isinstance(part, nodes.TemplateData | nodes.Name):
                return False
    return True


def fill_in_clause(text: str, values: dict[str, Any], where: str) -> str:
    """Compile and fill in clause text in the bounded sandbox (in the limited helper
    process unless :func:`is_plain`); every failure is a :class:`ClauseTextError`."""
    if "{" not in text:  # most clauses: nothing to fill in
        return text
    from jinja2 import TemplateError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        filled = bounded_environment("clause").from_string(text).render(values)
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
        raise ClauseTextError(f"{where} cannot be filled in ({exc})") from None
    except MemoryError:
        raise
    except Exception as exc:  # 1/0, a filter given text it cannot take: saved before checks
        raise ClauseTextError(
            f"{where} cannot be filled in ({type(exc).__name__}: {exc})"
        ) from None
    if len(filled) > MOST_CHARACTERS:
        raise ClauseTextError(
            f"{where} fills in to {len(filled):,} characters; at most {MOST_CHARACTERS:,}"
        )
    return filled
