"""Program-wide settings: fiscal-year start month, currency, program name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.schema import Setting

FISCAL_YEAR_START_MONTH = "fiscal_year_start_month"
CURRENCY = "currency"
PROGRAM_NAME = "program_name"

DEFAULTS: dict[str, str] = {
    FISCAL_YEAR_START_MONTH: "7",  # July, the most common public-sector fiscal year
    CURRENCY: "USD",
    PROGRAM_NAME: "",
}


@dataclass(frozen=True)
class ProgramSettings:
    fiscal_year_start_month: int
    currency: str
    program_name: str


def get_setting(session: Session, key: str) -> str:
    row = session.get(Setting, key)
    return row.value if row is not None else DEFAULTS.get(key, "")


def set_setting(session: Session, key: str, value: str) -> None:
    _validate(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
        session.add(row)


def load_settings(session: Session) -> ProgramSettings:
    stored = {row.key: row.value for row in session.exec(select(Setting))}
    values = {**DEFAULTS, **stored}
    return ProgramSettings(
        fiscal_year_start_month=int(values[FISCAL_YEAR_START_MONTH]),
        currency=values[CURRENCY],
        program_name=values[PROGRAM_NAME],
    )


def _validate(key: str, value: str) -> None:
    if key == FISCAL_YEAR_START_MONTH:
        if (
            not (value.isascii() and value.isdigit() and len(value) <= 2)
            or not 1 <= int(value) <= 12
        ):
            raise ValidationError(
                f"the fiscal year start month must be 1 to 12, not {value!r}", field=key
            )
    elif key == CURRENCY and (len(value) != 3 or not value.isalpha() or not value.isupper()):
        raise ValidationError(f"currency must be a 3-letter code such as USD, not {value!r}", key)
