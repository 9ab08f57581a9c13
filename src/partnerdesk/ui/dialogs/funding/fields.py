"""Reading exact numbers from the funding forms: amounts and percentages are Decimal,
never float, and a refusal names the field it belongs to."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QLineEdit

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.money import parse_amount


def read_amount(edit: QLineEdit, field: str = "amount") -> Decimal:
    text = edit.text().strip()
    if not text:
        raise ValidationError("enter an amount", field=field)
    try:
        return parse_amount(text)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def read_percent(edit: QLineEdit, field: str, *, default: Decimal | None = None) -> Decimal:
    text = edit.text().strip().rstrip("%").strip()
    if not text:
        if default is not None:
            return default
        raise ValidationError("enter a percentage", field=field)
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(f"{edit.text()!r} is not a number", field=field) from None
    if not value.is_finite():
        raise ValidationError(f"{edit.text()!r} is not a number", field=field)
    return value


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
