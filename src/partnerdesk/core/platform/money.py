"""Exact money: integer cents in storage, ``Decimal`` in Python, never ``float``.

:func:`amount_cents` is the one rule for an amount that a person typed or a file brought
in (the ledger and cost editors, the ledger import and so the command line): it must read
as money, have at most two decimals and lie within :data:`MAX_AMOUNT`.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from partnerdesk.core.platform.errors import ValidationError

CENT = Decimal("0.01")
# Amounts beyond this are typing mistakes, and would not survive a spreadsheet round trip
# (a spreadsheet number keeps about 15 significant digits).
MAX_AMOUNT = Decimal("999999999999.99")
_MAX_CENTS = int(MAX_AMOUNT * 100)
_EXACT_FLOAT_LIMIT = 1e13  # a float this large still holds every cent exactly


def to_cents(amount: Decimal | int | str) -> int:
    """Convert an amount to integer cents; refuses fractions of a cent rather than rounding.

    The plain conversion, for any amount storage can hold; an amount from a person or a
    file goes through :func:`amount_cents`, which also applies the plausible range."""
    value = parse_amount(amount) if isinstance(amount, str) else Decimal(amount)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValidationError(f"{amount} has more than two decimal places", field="amount")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def amount_cents(amount: Decimal | int | float | str) -> int:
    """The cents of an amount a person gave: text or number -> Decimal -> range -> cents.

    Text is read by :func:`parse_amount`. A ``float`` is a spreadsheet's number: it is
    read as its shortest repr (``12.5``, ``0.1``), which is what the user typed, never
    from its binary value. Refuses what is not money, fractions of a cent and amounts
    beyond :data:`MAX_AMOUNT` either way (``ValidationError`` on field "amount").
    """
    # Fast path for the 200,000 numbers of a ledger workbook, without a Decimal: a float
    # whose nearest cent, divided back, is the very same float has at most two decimals
    # in its shortest form (exact while the cents stay below 2**53). Same range check.
    if type(amount) is float and -_EXACT_FLOAT_LIMIT < amount < _EXACT_FLOAT_LIMIT:
        cents = round(amount * 100)
        if cents / 100 == amount and -_MAX_CENTS <= cents <= _MAX_CENTS:
            return cents
    elif type(amount) is int and -_MAX_CENTS <= amount * 100 <= _MAX_CENTS:
        return amount * 100
    value = to_decimal(amount)
    if not -MAX_AMOUNT <= value <= MAX_AMOUNT:
        raise ValidationError(
            f"{value:f} is not a plausible amount: amounts go up to {MAX_AMOUNT:,} either way",
            field="amount",
        )
    return to_cents(value)


def positive_amount_cents(
    amount: Decimal | int | float | str, what: str, field: str = "amount"
) -> int:
    """:func:`amount_cents` of an amount that must be above zero (a request, an award, a
    required match); a refusal names ``field`` and says ``what`` must be above zero."""
    try:
        cents = amount_cents(amount)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None
    if cents <= 0:
        raise ValidationError(f"{what} is above zero", field=field)
    return cents


def to_decimal(amount: Decimal | int | float | str) -> Decimal:
    """An amount as an exact Decimal (see :func:`amount_cents` for how floats are read)."""
    if isinstance(amount, bool):  # a ticked box is not money
        raise ValidationError(f"{amount!r} is not an amount of money", field="amount")
    if isinstance(amount, str):
        return parse_amount(amount)
    if isinstance(amount, float):
        if not math.isfinite(amount):
            raise ValidationError(f"{amount!r} is not an amount of money", field="amount")
        return Decimal(repr(amount))
    return Decimal(amount)


# Digits in groups of three after the first: "1,234,567.89", "1 250.00".
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?:\.\d*)?")
_GROUP_SEPARATORS = re.compile(r"[, \u00a0\u202f]")


def parse_amount(text: str) -> Decimal:
    """Read an amount as people type it: ``1,234.50``, ``$1234.5``, ``(200.00)`` for negative.

    Commas and spaces are accepted only between groups of three digits: ``12,50`` written
    with a decimal comma is refused rather than read as 1,250.
    """
    cleaned = text.strip().replace("$", "").strip()
    negative = cleaned.startswith("(") and cleaned.endswith(")")
    if negative:
        cleaned = cleaned[1:-1].strip()
    sign = ""
    if cleaned[:1] in ("+", "-"):
        sign, cleaned = cleaned[0], cleaned[1:].strip()
    if _GROUP_SEPARATORS.search(cleaned):
        if not _GROUPED_DIGITS.fullmatch(cleaned):
            raise ValidationError(
                f"{text!r} is not an amount of money: commas and spaces may only separate "
                "thousands (write 12.50, not 12,50)",
                field="amount",
            )
        cleaned = _GROUP_SEPARATORS.sub("", cleaned)
    cleaned = sign + cleaned
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(f"{text!r} is not an amount of money", field="amount") from None
    if not value.is_finite():
        raise ValidationError(f"{text!r} is not an amount of money", field="amount")
    return -value if negative else value


def format_money(amount: Decimal, currency: str = "USD") -> str:
    """``Decimal('-1234.5')`` -> ``-$1,234.50`` (currency symbol for USD, code otherwise)."""
    quantized = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    sign = "-" if quantized < 0 else ""
    body = f"{abs(quantized):,.2f}"
    symbol = "$" if currency == "USD" else f"{currency} "
    return f"{sign}{symbol}{body}"
