"""Money is exact: amounts typed by people become integer cents and back, never floats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import (
    MAX_AMOUNT,
    amount_cents,
    format_money,
    from_cents,
    parse_amount,
    to_cents,
)

pure = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])

# BigInteger cents, the storage column's range.
MAX_CENTS = 2**63 - 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("$1234.5", Decimal("1234.5")),
        ("(200.00)", Decimal("-200.00")),
        ("-75", Decimal("-75")),
        ("  $ 1,000,000.00 ", Decimal("1000000.00")),
        ("0.01", Decimal("0.01")),
        ("1\u00a0250.00", Decimal("1250.00")),
        ("1 250 000", Decimal("1250000")),
        ("-$1,234.50", Decimal("-1234.50")),
        ("$ -5", Decimal("-5")),
        ("+12.50", Decimal("12.50")),
        (".50", Decimal("0.50")),
    ],
)
def test_parse_amount_reads_amounts_as_people_type_them(text: str, expected: Decimal) -> None:
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["abc", "", "  ", "12abc", "$", "()", "1.2.3", "NaN", "inf"])
def test_parse_amount_refuses_what_is_not_money(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    assert caught.value.field == "amount"
    assert "not an amount" in caught.value.message


@pytest.mark.parametrize(
    "text", ["12,50", "1,5", "1,2345.00", "12,34,567", "12 50", "1,000.000,00"]
)
def test_a_comma_or_space_that_does_not_separate_thousands_is_refused(text: str) -> None:
    # "12,50" written with a decimal comma must not become 1,250.00.
    with pytest.raises(ValidationError) as caught:
        to_cents(text)
    assert "not an amount" in caught.value.message


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("1,234.50", 123450),
        ("$1234.5", 123450),
        ("(200.00)", -20000),
        (Decimal("0.01"), 1),
        (Decimal("19.99"), 1999),
        (Decimal("480000.00"), 48000000),
        (Decimal("1.230"), 123),  # trailing zeros are not fractions of a cent
        (250, 25000),
    ],
)
def test_to_cents(amount: Decimal | int | str, cents: int) -> None:
    result = to_cents(amount)
    assert result == cents
    assert type(result) is int


@pytest.mark.parametrize("amount", ["1.234", "0.001", Decimal("19.999"), Decimal("-0.005")])
def test_to_cents_refuses_fractions_of_a_cent_instead_of_rounding(
    amount: Decimal | str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        to_cents(amount)
    assert "more than two decimal places" in caught.value.message


def test_to_cents_refuses_text_that_is_not_money() -> None:
    with pytest.raises(ValidationError):
        to_cents("abc")


@pytest.mark.parametrize(
    ("amount", "cents"),
    [
        ("1,234.50", 123450),
        (Decimal("-5.25"), -525),
        (250, 25000),
        (12.5, 1250),  # a spreadsheet number, read as the user typed it
        (0.1, 10),
        (-0.07, -7),
        (999999999999.99, 99999999999999),
        (MAX_AMOUNT, 99999999999999),
        (-MAX_AMOUNT, -99999999999999),
    ],
)
def test_amount_cents_reads_what_people_and_files_give(
    amount: Decimal | int | float | str, cents: int
) -> None:
    result = amount_cents(amount)
    assert result == cents
    assert type(result) is int


@pytest.mark.parametrize(
    "amount",
    [
        "5,000,000,000,000",
        Decimal("1000000000000"),
        -(10**12),
        5e12,  # the fast path for spreadsheet numbers applies the same range
        -5e12,
        1e300,
    ],
)
def test_amount_cents_refuses_implausible_amounts(amount: Decimal | int | float | str) -> None:
    with pytest.raises(ValidationError) as caught:
        amount_cents(amount)
    assert caught.value.field == "amount"
    assert "not a plausible amount" in caught.value.message


@pytest.mark.parametrize("amount", [1.005, "0.001", Decimal("19.999"), 0.123])
def test_amount_cents_refuses_fractions_of_a_cent(amount: Decimal | float | str) -> None:
    with pytest.raises(ValidationError, match="more than two decimal places"):
        amount_cents(amount)


@pytest.mark.parametrize("amount", [True, float("nan"), float("inf"), "abc", ""])
def test_amount_cents_refuses_what_is_not_money(amount: bool | float | str) -> None:
    with pytest.raises(ValidationError, match="not an amount"):
        amount_cents(amount)


@pure
@given(st.integers(min_value=-(10**14) + 1, max_value=10**14 - 1))
def test_the_fast_path_for_numbers_agrees_with_the_exact_reading(cents: int) -> None:
    number = cents / 100  # what a spreadsheet stores for that amount
    assert amount_cents(number) == amount_cents(Decimal(repr(number))) == cents


@pytest.mark.parametrize(
    ("cents", "expected"),
    [(0, "0.00"), (1, "0.01"), (123450, "1234.50"), (-20000, "-200.00"), (100, "1.00")],
)
def test_from_cents_always_shows_two_places(cents: int, expected: str) -> None:
    value = from_cents(cents)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("-1234.5"), "-$1,234.50"),
        (Decimal("0"), "$0.00"),
        (Decimal("1000000"), "$1,000,000.00"),
    ],
)
def test_format_money(amount: Decimal, shown: str) -> None:
    assert format_money(amount) == shown


def test_format_money_in_another_currency_uses_its_code() -> None:
    assert format_money(Decimal("12.5"), "EUR") == "EUR 12.50"


@pure
@given(
    st.decimals(
        min_value=Decimal(-MAX_CENTS) / 100,
        max_value=Decimal(MAX_CENTS) / 100,
        places=2,
        allow_nan=False,
        allow_infinity=False,
    )
)
def test_cents_round_trip_is_exact(amount: Decimal) -> None:
    cents = to_cents(amount)
    assert from_cents(cents) == amount
    assert to_cents(from_cents(cents)) == cents


@pure
@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_formatted_amount_reads_back_as_the_same_cents(cents: int) -> None:
    assert to_cents(format_money(from_cents(cents))) == cents
