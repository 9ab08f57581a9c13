"""Word templates for draft MOUs: where the default one is (shipped inside the package),
reading a user's own, and the sandbox every template is rendered in.

Safety: every template, the default one or a user's own, is filled in by the rule every
user template follows (:mod:`.template_sandbox`): Jinja's *sandboxed* environment, bounded,
with ``StrictUndefined`` and autoescaping, in a helper process with hard limits on time and
memory (:func:`render_template`). A template cannot call into Python or read files
(``{{ ''.__class__ }}`` is refused) nor exhaust the machine, a variable PartnerDesk does
not provide is an error that names the template and the variable instead of silently
printing nothing, and text with ``& < > "`` is escaped for Word's XML rather than breaking
it. :func:`template_failure` turns what Jinja raises into a message that names the template.

Jinja is imported inside the functions: it is slow to import and the GUI must start fast.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from partnerdesk.core.mou.template_sandbox import bounded_environment
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


def sandboxed_environment() -> Any:
    """The Jinja environment every template is rendered in (docxtpl is handed this one):
    the bounded sandbox clause text is filled in with too (:mod:`.template_sandbox`)."""
    return bounded_environment("document")


def fill_in_document(
    template: bytes, name: str, context: dict[str, Any], properties: Mapping[str, Any]
) -> bytes:
    """The filled-in .docx of ``template`` (named ``name`` in messages) with the given core
    properties. Runs in the limited helper process (:func:`render_template`); every failure
    is a DocumentTemplateError."""
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(template))
    except Exception as exc:
        raise _unusable(exc, name) from None
    render_in_sandbox(document, context, name)
    _set_properties(document.docx.core_properties, properties)
    filled = io.BytesIO()
    document.save(filled)
    return filled.getvalue()


def render_in_sandbox(document: Any, context: dict[str, Any], name: str) -> None:
    """Fill the docxtpl ``document`` in with ``context`` in the sandbox; every failure is a
    DocumentTemplateError naming the template ``name``."""
    try:
        document.render(context, jinja_env=sandboxed_environment())
    except (PartnerDeskError, MemoryError):
        raise
    except Exception as exc:
        raise _unusable(exc, name) from None


def _unusable(exc: Exception, name: str) -> DocumentTemplateError:
    from jinja2 import TemplateError

    if isinstance(exc, TemplateError):
        return template_failure(exc, name)
    if isinstance(exc, TypeError) and "loader" in str(exc):
        return DocumentTemplateError(
            f"the template {name} tries to include another file; templates may "
            "only use the variables PartnerDesk provides. Nothing was written"
        )
    return DocumentTemplateError(
        f"the template {name} cannot be used ({type(exc).__name__}: {exc}); "
        "is it a Word .docx file? Nothing was written"
    )


def _set_properties(props: Any, properties: Mapping[str, Any]) -> None:
    """Set core properties by python-docx's names (``comments`` is Word's Comments)."""
    for key, value in properties.items():
        if isinstance(value, str) and len(value) > 255:
            # python-docx refuses core-property text over 255 characters, a limit of its own
            # (the file format has none); an MOU with many clauses needs more.
            element = "description" if key == "comments" else key
            props._element._get_or_add(element).text = value
        else:
            setattr(props, key, value)


def render_template(
    template: bytes,
    name: str,
    context: dict[str, Any],
    properties: Mapping[str, Any] | None = None,
) -> bytes:
    """:func:`fill_in_document` within the hard limits on time and memory every user
    template has (:func:`partnerdesk.core.platform.limited.run_limited`)."""
    from partnerdesk.core.platform.limited import LimitExceeded, run_limited

    try:
        filled: bytes = run_limited(
            fill_in_document,
            template,
            name,
            context,
            dict(properties or {}),
            what=f"the template {name}",
            preload=("docxtpl", "jinja2.sandbox"),
        )
    except LimitExceeded as exc:
        raise DocumentTemplateError(f"{exc.message}. Nothing was written") from None
    return filled


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
    saved. Every failure of the template names it; nothing is written then. Evaluation
    reports are rendered here: their charts need the docxtpl template, so they are filled in
    in this process, in the same bounded sandbox but without the helper process's hard limits
    on time and memory that MOU drafts get (:func:`render_template`)."""
    from docxtpl import DocxTemplate

    try:
        tpl = DocxTemplate(io.BytesIO(template))
    except Exception as exc:
        raise _unusable(exc, template_name) from None
    render_in_sandbox(tpl, context_for(tpl), template_name)
    if finish is not None:
        finish(tpl.docx)
    with atomic_output(destination) as temporary:
        tpl.save(temporary)
