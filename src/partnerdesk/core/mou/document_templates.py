"""Word templates for draft MOUs: where the default one is, reading a user's own, and the
sandbox every template is rendered in.

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
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import partnerdesk
from partnerdesk.core.mou.template_sandbox import bounded_environment
from partnerdesk.core.platform.errors import PartnerDeskError

DEFAULT_TEMPLATE_NAME = "mou_default.docx"


class DocumentTemplateError(PartnerDeskError):
    """A template cannot be used: unsafe, broken, or asks for a variable that does not exist.
    The message names the template (and the variable or line); nothing was written."""


def templates_folder() -> Path:
    """``templates/`` at the top of the source tree (``src/partnerdesk`` -> two levels up).

    PartnerDesk is run from its source checkout (``make run``, an editable install), where
    the templates sit beside ``src/``. A build that lays files out differently can point
    ``generate`` at a template explicitly (``--template``, or the Generate dialog).
    """
    return Path(partnerdesk.__file__).resolve().parents[2] / "templates"


def default_template_path() -> Path:
    path = templates_folder() / DEFAULT_TEMPLATE_NAME
    if not path.is_file():
        raise DocumentTemplateError(
            f"the default MOU template is missing (expected at {path}); choose a template "
            "file instead, or rebuild it with `python templates/build_default_template.py`"
        )
    return path


def template_bytes(path: Path) -> bytes:
    """The template's bytes, refused with its name when it is missing or not a .docx."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentTemplateError(f"the template {path} does not exist") from None
    except OSError as exc:
        raise DocumentTemplateError(
            f"the template {path} cannot be read: {exc.strerror or exc}"
        ) from None
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
        document.render(context, jinja_env=sandboxed_environment())
        _set_properties(document.docx.core_properties, properties)
        filled = io.BytesIO()
        document.save(filled)
    except (PartnerDeskError, MemoryError):
        raise
    except Exception as exc:
        from jinja2 import TemplateError

        if isinstance(exc, TemplateError):
            raise template_failure(exc, name) from None
        if isinstance(exc, TypeError) and "loader" in str(exc):
            raise DocumentTemplateError(
                f"the template {name} tries to include another file; templates may "
                "only use the variables PartnerDesk provides. Nothing was written"
            ) from None
        raise DocumentTemplateError(
            f"the template {name} cannot be used ({type(exc).__name__}: {exc}); "
            "is it a Word .docx file? Nothing was written"
        ) from None
    return filled.getvalue()


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
