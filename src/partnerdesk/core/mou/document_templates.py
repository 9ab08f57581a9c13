"""Word templates for draft MOUs: where the default one is (shipped inside the package),
reading a user's own, and the sandbox every template is rendered in.

Safety: every template, the default one or a user's own, is rendered in Jinja's
*sandboxed* environment with ``StrictUndefined`` and autoescaping. A template cannot call
into Python or read files (``{{ ''.__class__ }}`` is refused), a variable PartnerDesk does
not provide is an error that names the template and the variable instead of silently
printing nothing, and text with ``& < > "`` is escaped for Word's XML rather than breaking
it. :func:`template_failure` turns what Jinja raises into a message that names the template.

Jinja is imported inside the functions: it is slow to import and the GUI must start fast.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from partnerdesk.core.platform.errors import PartnerDeskError
from partnerdesk.core.platform.files import atomic_output, read_regular_file
from partnerdesk.resources import resource_path

DEFAULT_TEMPLATE_NAME = "mou_default.docx"


class DocumentTemplateError(PartnerDeskError):
    """A template cannot be used: unsafe, broken, or asks for a variable that does not exist.
    The message names the template (and the variable or line); nothing was written."""


def default_template_path() -> Path:
    """The default template shipped inside the package (``partnerdesk/resources/templates``),
    found the same way from the source tree, an installed wheel or the desktop bundle."""
    path = resource_path("templates", DEFAULT_TEMPLATE_NAME)
    if not path.is_file():
        raise DocumentTemplateError(
            f"the default MOU template is missing (expected at {path}); choose a template "
            "file instead, or reinstall PartnerDesk"
        )
    return path


def copy_default_template(out: Path) -> Path:
    """Write a copy of the default template to ``out`` for someone to adapt in Word; an
    existing file is never replaced (it may be their adapted template)."""
    if out.suffix.lower() != ".docx":
        raise PartnerDeskError(f"the template file {out.name} must end in .docx")
    if out.exists():
        raise PartnerDeskError(f"{out} already exists; choose another name")
    data = default_template_path().read_bytes()
    with atomic_output(out) as temporary:
        temporary.write_bytes(data)
    return out


# A Word template with a letterhead and a logo is well under this; /dev/zero is not.
TEMPLATE_LIMIT_BYTES = 25 * 1024 * 1024


def template_bytes(path: Path) -> bytes:
    """The template's bytes, refused with its name when it is missing, not a regular file
    of bounded size (a device or a FIFO is never read), or not a .docx."""
    try:
        data = read_regular_file(path, limit_bytes=TEMPLATE_LIMIT_BYTES, what="the template")
    except PartnerDeskError as exc:
        raise DocumentTemplateError(exc.message) from None
    if not data.startswith(b"PK"):
        raise DocumentTemplateError(
            f"the template {path.name} is not a Word .docx file (save it as .docx in Word)"
        )
    return data


_LARGEST_EXPONENT = 1_000
_LARGEST_REPEAT = 1_000_000
_LARGEST_POWER_BITS = 100_000


def sandboxed_environment() -> Any:
    """The Jinja environment every template is rendered in (docxtpl is handed this one)."""
    from jinja2 import StrictUndefined
    from jinja2.exceptions import TemplateRuntimeError
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedSandbox(SandboxedEnvironment):
        # Jinja folds constant arithmetic while compiling, outside the sandbox: a template
        # with {{ 9**(9**9) }} never finished and {{ 'x' * 10**10 }} filled the memory.
        # Intercepted operators are not folded; they are checked here when run.
        intercepted_binops = frozenset({"**", "*"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int):
                digits = left.bit_length() * abs(right) if isinstance(left, int) else 0
                if abs(right) > _LARGEST_EXPONENT or digits > _LARGEST_POWER_BITS:
                    raise TemplateRuntimeError(f"the power {right} is too large")
            if operator == "*":
                for text, count in ((left, right), (right, left)):
                    if (
                        isinstance(text, str | list | tuple)
                        and isinstance(count, int)
                        and len(text) * count > _LARGEST_REPEAT
                    ):
                        raise TemplateRuntimeError("repeating text that often is too large")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox(undefined=StrictUndefined, autoescape=True)


def template_failure(exc: BaseException, name: str) -> DocumentTemplateError:
    """What went wrong in the template ``name``, in words that say what to change."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError):
        return DocumentTemplateError(
            f"the template {name} tries to reach inside Python ({exc}); PartnerDesk refuses to "
            "run it. Remove that field from the template. Nothing was written"
        )
    if isinstance(exc, UndefinedError):
        text = str(exc)
        match = re.search(r"'([^']+)' is undefined", text) or re.search(
            r"has no attribute '([^']+)'", text
        )
        variable = match.group(1) if match else text
        return DocumentTemplateError(
            f"the template {name} uses the variable “{variable}”, which PartnerDesk does not "
            "provide (templates/VARIABLES.md lists them). Nothing was written"
        )
    if isinstance(exc, TemplateSyntaxError):
        context = " ".join(" ".join(getattr(exc, "docx_context", []) or []).split())[:120]
        near = f" near “{context}”" if context else ""
        return DocumentTemplateError(
            f"the template {name} has a broken field{near}: {exc.message}. Nothing was written"
        )
    return DocumentTemplateError(f"the template {name} cannot be used: {exc}. Nothing was written")


def render_docx(
    template: bytes,
    template_name: str,
    destination: Path,
    context_for: Callable[[Any], dict[str, Any]],
    finish: Callable[[Any], None] | None = None,
) -> None:
    """Render a Word template in the sandbox and write it atomically to ``destination``.

    ``context_for(tpl)`` gives the template's variables (it receives the docxtpl template,
    which images need); ``finish(document)`` may set the document's properties before it is
    saved. Every failure of the template names it; nothing is written then. MOU drafts and
    evaluation reports are rendered here, so both get the same sandbox and messages."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(context_for(tpl), jinja_env=sandboxed_environment())
    except PartnerDeskError:
        raise
    except Exception as exc:
        from jinja2 import TemplateError

        if isinstance(exc, TemplateError):
            raise template_failure(exc, template_name) from None
        if isinstance(exc, TypeError) and "loader" in str(exc):
            raise DocumentTemplateError(
                f"the template {template_name} tries to include another file; templates may "
                "only use the variables PartnerDesk provides. Nothing was written"
            ) from None
        raise DocumentTemplateError(
            f"the template {template_name} cannot be used ({type(exc).__name__}: {exc}); "
            "is it a Word .docx file? Nothing was written"
        ) from None
    if finish is not None:
        finish(tpl.docx)
    with atomic_output(destination) as temporary:
        tpl.save(temporary)
