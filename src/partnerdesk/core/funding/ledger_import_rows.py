"""Checking the lines of an imported ledger sheet, row by row, into ledger lines.

Every row is checked and every problem collected (named by row and column, as the file
shows them) before the import writes anything. A ledger has 200,000 rows, so the common
cases take the shortest path: a date cell that is already a date, a source name seen on an
earlier row, a workbook number for the amount (:func:`partnerdesk.core.platform.money.
amount_cents` reads it without a Decimal, under the same amount rule as the editor).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from partnerdesk.core.funding.ledger import validate_amount
from partnerdesk.core.models import LedgerEntry, LedgerEntryType
from partnerdesk.core.platform.dates import FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.progress import Progress
from partnerdesk.core.platform.spreadsheet import (
    RowProblems,
    SheetRow,
    Table,
    cell_date,
    cell_text,
    unneutralise_formula,
)
from partnerdesk.core.platform.text_limits import text_limit, text_problem

# One checked line: date, source (case-folded name), type, cents, memo, MOU id. A plain
# tuple: 200,000 of them are made and compared against the ledger's lines.
ParsedLine = tuple[date, str, LedgerEntryType, int, str | None, int | None]

# Words other programs write for the entry types (matched at the start of the text).
_TYPE_WORDS = {
    "committed": LedgerEntryType.BUDGETED,
    "budget": LedgerEntryType.BUDGETED,
    "commitment": LedgerEntryType.BUDGETED,
    "actual": LedgerEntryType.RECEIVED,
    "receipt": LedgerEntryType.RECEIVED,
    "adjust": LedgerEntryType.ADJUSTMENT,
}
# Cells a workbook hands over as numbers (not bool, whose type is a subclass of int).
_NUMBER_TYPES = (float, int)


def parse_rows(
    table: Table,
    keys: Mapping[str, str | None],
    fields: Mapping[str, str | None],
    known_sources: set[str],
    mou_ids: Mapping[str, int],
    problems: RowProblems,
    notes: list[str],
    progress: Progress,
    date_format: str | None = None,
) -> list[ParsedLine]:
    """The rows that pass, as lines; the others are added to ``problems``, and a note
    names MOU references this database does not have (their lines are kept, unlinked).
    Dates written as text are read as ISO 8601 or in the declared ``date_format``."""
    date_key, source_key, amount_key = keys["date"], keys["source"], keys["amount"]
    type_key, memo_key, mou_key = keys.get("type"), keys.get("memo"), keys.get("mou")
    assert date_key and source_key and amount_key
    type_cache: dict[Any, LedgerEntryType | None] = {}
    unknown_mous: set[str] = set()
    parsed: list[ParsedLine] = []
    total = len(table.rows)
    row: SheetRow
    source_cache: dict[Any, str] = {}
    received = LedgerEntryType.RECEIVED
    first_day, last_day = FIRST_SUPPORTED_DAY, LAST_SUPPORTED_DAY
    memo_limit = text_limit(LedgerEntry, "memo") or 0
    for index, row in enumerate(table.rows):
        if index % 20_000 == 0:
            progress.step(index, total, f"Checking row {index:,} of {total:,}…")
        values = row.values
        ok = True
        raw_day = values.get(date_key)
        if type(raw_day) is date and first_day <= raw_day <= last_day:  # the common case
            day = raw_day
        else:
            try:
                day = cell_date(raw_day, date_format)
            except ValidationError as exc:
                problems.add(row.number, fields["date"], exc.message)
                ok = False
        raw_source = values.get(source_key)
        source = source_cache.get(raw_source)
        if source is None:
            source = unneutralise_formula(cell_text(raw_source)).casefold()
            if source in known_sources:
                source_cache[raw_source] = source
        if source not in known_sources:
            problems.add(
                row.number,
                fields["source"],
                "the source is empty"
                if not source
                else f'unknown source "{cell_text(raw_source)}" (add it under Funding > '
                "Sources, or include a Sources sheet)",
            )
            ok = False
        entry_type: LedgerEntryType | None = received
        if type_key is not None:
            raw_type = values.get(type_key)
            if raw_type in type_cache:
                entry_type = type_cache[raw_type]
            else:
                entry_type = type_cache[raw_type] = _entry_type(cell_text(raw_type))
            if entry_type is None:
                problems.add(
                    row.number,
                    fields["type"],
                    f"{cell_text(raw_type)!r} is not an entry type "
                    "(use Budgeted, Received or Adjustment)",
                )
                ok = False
        raw_amount: Any = values.get(amount_key)
        try:
            # The editor's amount rule; a workbook's numbers go in as they are (fast path).
            cents = validate_amount(
                raw_amount if type(raw_amount) in _NUMBER_TYPES else cell_text(raw_amount),
                entry_type or LedgerEntryType.ADJUSTMENT,
                allow_zero=True,
            )
        except ValidationError as exc:
            text = cell_text(raw_amount)
            message = exc.message if text else "the amount is empty"
            if "not an amount" in message:
                message = f"{text!r} is not a number"
            problems.add(row.number, fields["amount"], message)
            ok = False
        memo: str | None = None
        if memo_key is not None:
            raw_memo = values.get(memo_key)
            if type(raw_memo) is str:
                memo = raw_memo.strip()
                if memo[:1] == "'":
                    memo = unneutralise_formula(memo)
                memo = memo or None
            elif raw_memo is not None:
                memo = cell_text(raw_memo) or None
            if memo is not None and len(memo) > memo_limit:
                problems.add(
                    row.number, fields["memo"], text_problem(LedgerEntry, "memo", memo) or ""
                )
                ok = False
        mou_id: int | None = None
        if mou_key is not None:
            code = unneutralise_formula(cell_text(values.get(mou_key)))
            if code:
                mou_id = mou_ids.get(code.casefold())
                if mou_id is None:
                    unknown_mous.add(code)
        if ok and entry_type is not None:
            parsed.append((day, source, entry_type, cents, memo, mou_id))
    if unknown_mous:
        shown = ", ".join(sorted(unknown_mous)[:5])
        notes.append(
            f"{len(unknown_mous)} MOU reference(s) are not in this database ({shown}); "
            "those lines are imported without their MOU link"
        )
    return parsed


# Cells a workbook hands over as numbers (not bool, whose type is a subclass of int).
def _entry_type(text: str) -> LedgerEntryType | None:
    if not text:
        return None
    try:
        return LedgerEntryType(LedgerEntryType.from_text(text))
    except ValueError:
        lowered = text.strip().lower()
        for word, member in _TYPE_WORDS.items():
            if lowered.startswith(word):
                return member
        return None
