"""Hostile clause text and Word templates: each is accepted and renders, or is refused with
a PartnerDeskError that says why; never another exception, a hang or a half-written file.

Examples per property (hypothesis, ``deadline=None``):

- clause text parser, arbitrary text: 200
- clause text parser, generated Jinja-like snippets: 200
- docx renderer, generated Jinja-like paragraph: 60
- malformed templates (random bytes, zips that are not docx, truncated real template): 60 each
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from partnerdesk.core.mou.clause_variables import (
    CLAUSE_VARIABLES,
    VARIABLE_NAMES,
    render_clause_text,
    validate_clause_text,
)
from partnerdesk.core.mou.document_templates import default_template_path
from partnerdesk.core.mou.documents import generate_document
from partnerdesk.core.platform.db import Database
from partnerdesk.core.platform.errors import PartnerDeskError, ValidationError
from tests.conftest import DEMO_TODAY

TODAY = DEMO_TODAY
CO = 1

PARSER = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
RENDERER = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a clause is filled in with: every variable, with the type the real values have.
SAMPLE = {variable.name: variable.example for variable in CLAUSE_VARIABLES}
SAMPLE["review_interval_months"] = 12

NAMES = sorted(VARIABLE_NAMES)
MISSPELT = ["lead_agncy", "Lead_Agency", "partner_agency", "sponsor", "mou", "x", "range"]
# Attempts to leave the sandbox or to make the renderer work forever / fill the memory.
HOSTILE = [
    "''.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__",
    "lead_agency.__class__",
    "lead_agency['x']",
    "lipsum.__globals__['os']",
    "9**(9**9)",
    "lead_agency * 10**9",
    "lead_agency|center(999999999)",
    "1/0",
    "lead_agency|int // 0",
    "lead_agency|center('wide')",
    "lead_agency|no_such_filter",
    "self._TemplateReference__context",
]
FILTERS = ["upper", "lower", "title", "trim", "length", "default('x')", "replace('a', 'b')"]


@st.composite
def expressions(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["known", "misspelt", "hostile", "filtered", "literal"]))
    if kind == "known":
        return draw(st.sampled_from(NAMES))
    if kind == "misspelt":
        return draw(st.sampled_from(MISSPELT))
    if kind == "hostile":
        return draw(st.sampled_from(HOSTILE))
    if kind == "filtered":
        return f"{draw(st.sampled_from(NAMES))}|{draw(st.sampled_from(FILTERS))}"
    return repr(draw(st.text(max_size=8)))


@st.composite
def snippets(draw: st.DrawFn) -> str:
    expression = draw(expressions())
    name = draw(st.sampled_from(NAMES))
    return draw(
        st.sampled_from(
            [
                f"{{{{ {expression} }}}}",
                f"{{{{- {expression} -}}}}",
                f"{{% if {expression} %}}yes{{% else %}}no{{% endif %}}",
                f"{{% for item in {name} %}}{{{{ item }}}}{{% endfor %}}",
                f"{{% for x in range(10**9) %}}{{{{ {expression} }}}}{{% endfor %}}",
                f"{{% set local = {expression} %}}{{{{ local }}}}",
                "{% include 'other.docx' %}",
                "{% import 'x' as y %}",
                "{% macro m() %}m{% endmacro %}",
                "{% extends 'base' %}",
                f"{{{{ {expression}",
                f"{expression} }}}}",
                f"{{% if {expression} %}}unclosed",
                "{# a comment #}",
                "{# unclosed comment",
                "{% raw %}{{ not a variable }}{% endraw %}",
                f"{{{{ {{{{ {expression} }}}} }}}}",
            ]
        )
    )


@st.composite
def jinja_texts(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(snippets(), st.text(max_size=15), st.sampled_from(["{", "}", "{%", "\n"])),
            min_size=1,
            max_size=5,
        )
    )
    return "".join(parts)


def _check_clause_text(text: str) -> None:
    try:
        validate_clause_text(text)
    except ValidationError as exc:
        assert exc.message.strip()
        assert exc.field == "body"
        event("refused")
    else:
        event("accepted")
        rendered = render_clause_text(text, SAMPLE, "the clause “Fuzz”")
        assert isinstance(rendered, str)


@PARSER
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_accepted_and_renders_or_is_refused_with_a_message(text: str) -> None:
    _check_clause_text(text)


@PARSER
@given(text=st.text(alphabet="{}%#-+ ab_.|()'\"\n\t\x00\x0b€東", max_size=40))
def test_brace_heavy_text_is_accepted_and_renders_or_is_refused(text: str) -> None:
    _check_clause_text(text)


@PARSER
@given(text=jinja_texts())
def test_jinja_like_clause_text_is_accepted_and_renders_or_is_refused(text: str) -> None:
    _check_clause_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "{{ 9**(9**9) }}",  # folded at compile time: never finished
        "{{ lead_agency * 10**9 }}",  # gigabytes of text
        "{{ lead_agency|center(999999999) }}",
        "{{ lead_agency|no_such_filter }}",  # accepted, then failed when printing
        "{{ 1/0 }}",  # ZeroDivisionError escaped the renderer
        "{{ lead_agency|center('wide') }}",  # TypeError escaped the renderer
    ],
)
def test_clause_text_that_cannot_be_filled_in_is_refused_when_saved(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_clause_text(text)
    assert caught.value.message.strip()


# --------------------------------------------------------------------------- docx renderer


TEMPLATE_VARIABLES = ["mou.title", "mou.reference_code", "lead_agency", "parties", "sections"]
TEMPLATE_HOSTILE = [
    "''.__class__.__mro__[1].__subclasses__()",
    "cycler.__init__.__globals__",
    "mou.__init__.__globals__",
    "lipsum.__globals__['os'].popen('id').read()",
    "9**(9**9)",
    "lead_agency * 10**9",
    "1/0",
    "sponsor_name",
    "mou.sponsor",
]


@st.composite
def template_paragraphs(draw: st.DrawFn) -> str:
    expression = draw(
        st.one_of(
            st.sampled_from(TEMPLATE_VARIABLES),
            st.sampled_from(TEMPLATE_HOSTILE),
            st.text(alphabet="abc_.|'()", max_size=10),
        )
    )
    shape = draw(
        st.sampled_from(
            [
                f"{{{{ {expression} }}}}",
                f"{{% if {expression} %}}yes{{% endif %}}",
                # range() is capped by the sandbox (MAX_RANGE), so this cannot hang.
                "{% for x in range(10**9) %}x{% endfor %}",
                "{% for x in range(3) %}{{ x }}{% endfor %}",
                "{% include '/etc/passwd' %}",
                f"{{{{ {expression}",
                "{% for p in parties %}{{ p.name }}",
                "{# comment",
                "{%p if 1 %}",
            ]
        )
    )
    noise = draw(st.text(max_size=10))
    return noise + shape


def _template(path: Path, line: str) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("Agreement {{ mou.title }}")
    document.add_paragraph(line)
    document.save(str(path))
    return path


def _assert_refused_or_written(database: Database, template: Path, out: Path) -> None:
    from docx import Document

    try:
        with database.session() as session:
            generate_document(session, CO, out, today=TODAY, template=template)
    except PartnerDeskError as exc:
        assert template.name in exc.message
        assert not out.exists()
        event("refused")
    else:
        event("written")
        assert Document(str(out)).paragraphs
    assert list(out.parent.glob(f".{out.name}.*")) == []


def _xml_safe(text: str) -> str:
    # python-docx itself refuses control characters; the template author's Word would too.
    return "".join(c for c in text if c in "\t\n" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))


@RENDERER
@given(line=template_paragraphs())
def test_fuzzed_template_is_rendered_or_refused_by_name(
    sqlite_demo_database: Database, tmp_path_factory: pytest.TempPathFactory, line: str
) -> None:
    folder = tmp_path_factory.mktemp("render")
    template = _template(folder / "agency.docx", _xml_safe(line))
    _assert_refused_or_written(sqlite_demo_database, template, folder / "out.docx")


@RENDERER
@given(
    content=st.one_of(
        st.binary(max_size=3000),
        st.binary(max_size=3000).map(lambda data: b"PK\x03\x04" + data),  # looks like a zip
    )
)
def test_random_bytes_as_a_template_are_refused_by_name(
    sqlite_demo_database: Database, tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    template = folder / "random.docx"
    template.write_bytes(content)
    out = folder / "out.docx"
    with (
        pytest.raises(PartnerDeskError, match=r"random\.docx"),
        sqlite_demo_database.session() as session,
    ):
        generate_document(session, CO, out, today=TODAY, template=template)
    assert not out.exists()
    assert list(folder.glob(".out.docx.*")) == []


@RENDERER
@given(
    members=st.dictionaries(
        st.sampled_from(
            ["[Content_Types].xml", "word/document.xml", "_rels/.rels", "docProps/core.xml"]
        ),
        st.binary(max_size=400),
        max_size=4,
    )
)
def test_a_zip_that_is_not_a_docx_is_refused_by_name(
    sqlite_demo_database: Database,
    tmp_path_factory: pytest.TempPathFactory,
    members: dict[str, bytes],
) -> None:
    folder = tmp_path_factory.mktemp("zip")
    template = folder / "archive.docx"
    with zipfile.ZipFile(template, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    out = folder / "out.docx"
    with (
        pytest.raises(PartnerDeskError, match=r"archive\.docx"),
        sqlite_demo_database.session() as session,
    ):
        generate_document(session, CO, out, today=TODAY, template=template)
    assert not out.exists()


_REAL = default_template_path().read_bytes()


@RENDERER
@given(length=st.integers(min_value=0, max_value=len(_REAL) - 1))
def test_a_truncated_real_template_is_refused_by_name(
    sqlite_demo_database: Database, tmp_path_factory: pytest.TempPathFactory, length: int
) -> None:
    folder = tmp_path_factory.mktemp("cut")
    template = folder / "cut.docx"
    template.write_bytes(_REAL[:length])
    out = folder / "out.docx"
    with (
        pytest.raises(PartnerDeskError, match=r"cut\.docx"),
        sqlite_demo_database.session() as session,
    ):
        generate_document(session, CO, out, today=TODAY, template=template)
    assert not out.exists()
    assert zipfile.is_zipfile(io.BytesIO(_REAL))  # the untruncated file is a real archive


@pytest.mark.parametrize(
    "line",
    [
        "{{ 9**(9**9) }}",  # folded while compiling: never finished
        "{{ ((2**999)**999)**999 }}",
        "{{ lead_agency * 10**9 }}",  # gigabytes of text
        "{% for x in range(10**9) %}x{% endfor %}",  # the sandbox caps range()
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ 1/0 }}",
    ],
)
def test_templates_that_would_hang_escape_or_crash_are_refused_by_name(
    sqlite_demo_database: Database, tmp_path: Path, line: str
) -> None:
    template = _template(tmp_path / "agency.docx", line)
    out = tmp_path / "out.docx"
    with (
        pytest.raises(PartnerDeskError, match=r"agency\.docx") as caught,
        sqlite_demo_database.session() as session,
    ):
        generate_document(session, CO, out, today=TODAY, template=template)
    assert "Nothing was written" in caught.value.message
    assert not out.exists()
    assert list(tmp_path.glob(".out.docx.*")) == []
