"""The directory's validation rules: email addresses, phone numbers (pure)."""

from __future__ import annotations

import pytest

from partnerdesk.core.directory import validation as rules


@pytest.mark.parametrize(
    "email", ["jane.doe@city.gov", "J.O'Neil+mou@health.riverton.org", "tomás@agency.org"]
)
def test_real_email_addresses_are_accepted(email: str) -> None:
    assert rules.email_problem(email) is None


@pytest.mark.parametrize(
    ("phone", "ok"),
    [("(555) 010-2000", True), ("+1 555 010 2000 ext 12", True), ("555.010.2000 x4", True),
     ("call me", False), ("12345", False), ("555-CALL-NOW", False)],
)  # fmt: skip
def test_phone_numbers_are_checked(phone: str, ok: bool) -> None:
    assert (rules.phone_problem(phone) is None) is ok


def test_names_are_required_and_at_most_200_characters() -> None:
    assert rules.name_problem("", empty="give a name") == "give a name"
    assert rules.name_problem("x" * 200, empty="-") is None
    assert rules.name_problem("x" * 201, empty="-") == (
        "the name may have at most 200 characters; this one has 201"
    )
    assert rules.clean("  Jane \t  Doe \n") == "Jane Doe"
