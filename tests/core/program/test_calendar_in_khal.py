"""Re-importing an updated export into a real calendar program (khal) moves and cancels
events instead of showing the old ones beside the new. Skipped where khal is missing
(`make test` installs Debian's khal when it can)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from partnerdesk.core.models import ReviewOutcome
from partnerdesk.core.mou.register import find_mou
from partnerdesk.core.mou.reviews import complete_review
from partnerdesk.core.platform.db import Database
from partnerdesk.core.program.calendar import export_calendar
from tests.conftest import DEMO_TODAY

pytestmark = pytest.mark.skipif(shutil.which("khal") is None, reason="khal is not installed")


class Khal:
    def __init__(self, folder: Path) -> None:
        (folder / "calendar").mkdir()
        self.config = folder / "khal.conf"
        self.config.write_text(
            f"[calendars]\n[[partnerdesk]]\npath = {folder / 'calendar'}\n"
            "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n"
            "[default]\ndefault_calendar = partnerdesk\n"
        )

    def run(self, *args: str) -> str:
        result = subprocess.run(
            ["khal", "-c", str(self.config), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
            env={"PATH": "/usr/bin:/bin", "HOME": str(self.config.parent), "LANG": "C.UTF-8"},
        )
        return result.stdout

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", str(path))

    def lines_about(self, code: str) -> list[str]:
        listing = self.run(
            "list", "--format", "{start-date} {cancelled}{title}", "2026-01-01", "2031-01-01"
        )
        return [line for line in listing.splitlines() if code in line]


def _export(database: Database, path: Path) -> Path:
    with database.transaction() as session:
        export_calendar(session, path, today=DEMO_TODAY)
    return path


def test_khal_moves_a_completed_review_and_cancels_a_terminated_agreement(
    sqlite_demo_database: Database, tmp_path: Path
) -> None:
    khal = Khal(tmp_path)
    khal.import_file(_export(sqlite_demo_database, tmp_path / "one.ics"))
    assert khal.lines_about("RIV-HD-01") == [
        "2026-11-15 MOU review due: RIV-HD-01 Hospital diversion pathway: clinician lead, "
        "police backup",
        "2027-11-15 MOU expires: RIV-HD-01 Hospital diversion pathway: clinician lead, "
        "police backup",
    ]
    with sqlite_demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-HD-01"),
            completed_date=DEMO_TODAY,
            outcome=ReviewOutcome.RENEWED_UNCHANGED,
            today=DEMO_TODAY,
        )
    khal.import_file(_export(sqlite_demo_database, tmp_path / "two.ics"))
    review_lines = [line for line in khal.lines_about("RIV-HD-01") if "review" in line]
    assert review_lines == [  # moved, not shown twice
        "2027-11-27 MOU review due: RIV-HD-01 Hospital diversion pathway: clinician lead, "
        "police backup"
    ]

    with sqlite_demo_database.transaction() as session:
        complete_review(
            session,
            find_mou(session, "RIV-CR-01"),
            completed_date=DEMO_TODAY,
            outcome=ReviewOutcome.TERMINATED,
            today=DEMO_TODAY,
        )
    khal.import_file(_export(sqlite_demo_database, tmp_path / "three.ics"))
    terminated = khal.lines_about("RIV-CR-01")
    assert terminated and all("CANCELLED" in line for line in terminated), terminated
