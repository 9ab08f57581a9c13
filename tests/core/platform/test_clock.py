"""The one clock: where "today" comes from, and what a bad date says."""

from __future__ import annotations

import time
from datetime import UTC, date

import pytest

from partnerdesk.core.platform import clock
from partnerdesk.core.platform.errors import ValidationError


def test_the_environment_sets_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2028-02-29")
    assert clock.today() == date(2028, 2, 29)


def test_a_pinned_day_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2028-02-29")
    clock.pin_today(date(2027, 7, 1))
    assert clock.today() == date(2027, 7, 1)
    clock.pin_today(None)
    assert clock.today() == date(2028, 2, 29)


def test_without_either_it_is_the_machine_calendar(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.TODAY_ENV)
    # The machine's own date, read as this module's only caller would: no pin, no variable.
    assert clock.today() == clock.now_local().date()


@pytest.mark.parametrize(
    "text", ["2027-02-30", "27-03-01", "20270301", "2027-W09-1", "tomorrow", "", "2027-3-1"]
)
def test_a_bad_date_is_refused_naming_it_and_where(text: str) -> None:
    with pytest.raises(ValidationError) as raised:
        clock.parse_day(text, "--today")
    assert raised.value.message.startswith(f"--today: {text!r} is not a valid date")


@pytest.mark.parametrize("text", ["1899-12-31", "2200-01-01", "9999-12-31", "0001-01-01"])
def test_days_outside_the_supported_range_are_refused(text: str) -> None:
    with pytest.raises(ValidationError, match="outside the supported range 1900-2199"):
        clock.parse_day(text, "--today")


def test_a_malformed_environment_variable_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2027-13-01")
    with pytest.raises(ValidationError, match="PARTNERDESK_TODAY: '2027-13-01'"):
        clock.today()


def test_audit_timestamps_are_real_utc_moments_whatever_today_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(clock.TODAY_ENV, "2030-01-01")
    clock.pin_today(date(2031, 5, 5))
    moment = clock.now_utc()
    assert moment.tzinfo == UTC
    assert abs(moment.timestamp() - time.time()) < 60  # the real moment, not the pinned day
