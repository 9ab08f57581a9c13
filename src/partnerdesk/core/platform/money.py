"""Exact money: integer cents in storage, ``Decimal`` in Python, never ``float``."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from partnerdesk.core.platform.errors import ValidationError

CENT = Decimal("0.01")


def to_cents(amount: Decimal | int | str) -> int:
    """Convert an amount to integer cents; refuses fractions of a cent rather than rounding."""
    value = parse_amount(amount) if isinstance(amount, str) else Decimal(amount)
    cents = value * 100
    if cents != cents.to_integral_value():
        raise ValidationError(f"{amount} has more than two decimal places", field="amount")
    return int(cents)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


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
