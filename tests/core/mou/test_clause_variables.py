"""Variables in clause text: checked when a clause is saved, filled in for an MOU."""

from __future__ import annotations

import pytest

from partnerdesk.core.models import ClauseCategory, ClauseStatus
from partnerdesk.core.mou.clause_variables import (
    ClauseTextError,
    render_clause_text,
    validate_clause_text,
)
from partnerdesk.core.mou.clauses import ClauseInput
from partnerdesk.core.platform.errors import ValidationError

LIABILITY = ClauseInput(
    title="Own staff",
    category=ClauseCategory.LIABILITY,
    body="{{ lead_agency }} answers for its own staff.",
    status=ClauseStatus.APPROVED,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Signed by {{ lead_agency", "line 1"),
        ("{{ ''.__class__.__mro__ }}", "attributes and indexing"),
        ("{{ lead_agency['x'] }}", "attributes and indexing"),
        ("{% include 'secret.txt' %}", "cannot include other templates"),
        ("{{ cycler }}", "unknown variable"),
    ],
)
def test_clause_text_that_could_not_be_filled_in_is_refused(body: str, expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_clause_text(body)
    assert expected in caught.value.message


def test_known_variables_filters_and_conditions_are_accepted() -> None:
    body = "{% if funders %}{{ funders | upper }}{% endif %} from {{ effective_date }}"
    validate_clause_text(body)
    rendered = render_clause_text(
        body, {"funders": "City of Riverton", "effective_date": "March 1, 2026"}, "clause"
    )
    assert rendered == "CITY OF RIVERTON from March 1, 2026"


def test_rendering_names_the_clause_and_the_variable_it_lacks() -> None:
    with pytest.raises(ClauseTextError) as caught:
        render_clause_text("By {{ lead_agency }}", {}, "the clause “Own staff” of RIV-1")
    assert "“Own staff” of RIV-1" in caught.value.message
    assert "{{ lead_agency }}" in caught.value.message


def test_loops_that_would_print_for_hours_are_refused_when_saving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Loops over the parties inside loops inside loops multiply: a clause could take hours
    to print. Filling it in at save, within the time limit every template has, finds it."""
    from partnerdesk.core.platform import limited

    monkeypatch.setattr(limited, "TIME_LIMIT_SECONDS", 1.0)
    two = (
        "{% for a in all_parties %}{% for b in all_parties %}{{ a }}{{ b }}{% endfor %}{% endfor %}"
    )
    validate_clause_text(two)
    deep = "{% for a in all_parties %}" * 6 + "x" + "{% endfor %}" * 6
    with pytest.raises(ValidationError, match=r"more than 1 second .*loops"):
        validate_clause_text(deep)
