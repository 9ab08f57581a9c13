"""How people are put in order: by surname, as a directory is read.

"Dr. Samuel Achebe" is found under A, not under D (for Dr.) nor under S: titles before the
name ("Dr.", "Lt.", "Prof.") and letters after it ("Jr.", "PhD", ", LCSW") are set aside,
the last remaining word is the surname, and accents do not move a name (Ábalos sorts with
Abalos). A name written surname first ("Achebe, Samuel") is read that way. Pure rules:
every list of people (the directory, a group's members, the MOU editor's pickers) sorts
with :func:`surname_key`.
"""

from __future__ import annotations

import unicodedata

# Words before a name that are not part of it (compared without dots, case-insensitively).
# fmt: off
TITLES = frozenset({
    "dr", "mr", "mrs", "ms", "mx", "miss", "prof", "professor", "rev", "reverend", "fr",
    "hon", "judge", "sgt", "lt", "capt", "cpt", "cmdr", "maj", "col", "gen", "det", "insp",
    "officer", "chief", "sheriff", "deputy", "dep",
})
# Words after a name that are not part of it: generations and credentials.
SUFFIXES = frozenset({
    "jr", "sr", "ii", "iii", "iv", "v", "phd", "md", "do", "rn", "np", "pa", "lcsw", "lmsw",
    "msw", "lpc", "lpcc", "lmft", "lmhc", "psyd", "edd", "mph", "mba", "jd", "esq", "cpa",
    "cps", "cpss", "ret",
})
# fmt: on


def _bare(word: str) -> str:
    return word.replace(".", "").casefold()


def _plain(text: str) -> str:
    """Case and accents set aside, for comparing."""
    if text.isascii():  # most names: nothing to decompose (a fifth of the directory's load)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def surname_key(full_name: str) -> tuple[str, str, str]:
    """(surname, given names, the whole name), each without case or accents: sort by it."""
    name = " ".join(full_name.split())
    if "," in name:
        before, after = (part.strip() for part in name.split(",", 1))
        after_words = after.split()
        if after_words and all(_bare(w.rstrip(",")) in SUFFIXES for w in after_words):
            name = before  # "Jane Doe, LCSW": credentials after a comma
        elif before and after:  # "Doe, Jane": surname first
            return (_plain(before), _plain(after), _plain(full_name))
    words = name.split()
    while len(words) > 1 and _bare(words[0]) in TITLES:
        words.pop(0)
    while len(words) > 1 and _bare(words[-1].rstrip(",")) in SUFFIXES:
        words.pop()
    if not words:
        return ("", "", _plain(full_name))
    surname, given = words[-1].rstrip(",."), " ".join(words[:-1])
    return (_plain(surname), _plain(given), _plain(full_name))


def surname_sort_text(full_name: str) -> str:
    """:func:`surname_key` as one string (for a table's sort column)."""
    return "\t".join(surname_key(full_name))
