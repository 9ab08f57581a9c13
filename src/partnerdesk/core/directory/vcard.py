"""vCard 3.0 (.vcf) for address books: one card per contact.

The cards are composed by ``vobject`` (which escapes commas, semicolons, backslashes and
newlines in values, as RFC 2426 asks); only the line folding is done here. vobject 0.9.9
decides whether to fold by counting characters, not octets, so a line of accented text
shorter than 75 characters can pass the 75-octet limit unfolded; it is asked for unfolded
lines, which :func:`_fold` cuts at 75 octets, never inside a UTF-8 sequence.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from partnerdesk.core.directory.contact_queries import ContactRow

PRODUCT_ID = "-//PartnerDesk//Stakeholder directory//EN"
_LINE_OCTETS = 75
_NO_FOLDING = 1 << 30  # a line length vobject never reaches: it leaves folding to _fold

_PREFIXES = {"dr.", "dr", "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "prof.", "prof", "rev."}


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 2425),
    cut between characters, never inside a UTF-8 sequence."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > _LINE_OCTETS:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


def _name_parts(full_name: str) -> dict[str, str]:
    """The structured name (N): family, given, additional (middle) names and a prefix."""
    words = full_name.split()
    prefix = ""
    if len(words) > 1 and words[0].lower() in _PREFIXES:
        prefix = words.pop(0)
    return {
        "family": words[-1] if words else "",
        "given": words[0] if len(words) > 1 else "",
        "additional": " ".join(words[1:-1]),
        "prefix": prefix,
    }


def vcard(row: ContactRow, notes: str = "", groups: Sequence[str] | None = None) -> str:
    """The person's card. ``groups``: their group names (by default read from ``row.groups``,
    which cannot tell a comma inside a name from the one between names)."""
    import vobject

    card = vobject.vCard()
    card.add("prodid").value = PRODUCT_ID
    card.add("uid").value = f"partnerdesk-contact-{row.id}"
    card.add("n").value = vobject.vcard.Name(**_name_parts(row.full_name))
    card.add("fn").value = row.full_name
    if row.organization:
        card.add("org").value = [row.organization]
    if row.title:
        card.add("title").value = row.title
    if row.email:
        email = card.add("email")
        email.value = row.email
        email.type_paramlist = ["INTERNET", "WORK"]
    if row.phone:
        tel = card.add("tel")
        tel.value = row.phone
        tel.type_paramlist = ["WORK", "VOICE"]
    categories = list(groups) if groups is not None else row.groups.split(", ")
    if any(categories):
        card.add("categories").value = categories
    note = notes
    if not row.active:
        note = ("No longer active in the partnership. " + note).strip()
    if note:
        card.add("note").value = note
    unfolded: str = card.serialize(lineLength=_NO_FOLDING)
    return "".join(_fold(line) + "\r\n" for line in unfolded.split("\r\n") if line)


def vcards(
    rows: Sequence[ContactRow],
    notes: Mapping[int, str] | None = None,
    groups: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """The cards of ``rows``; ``notes`` and ``groups`` by contact id."""
    return "".join(
        vcard(
            row,
            (notes or {}).get(row.id, ""),
            None if groups is None else groups.get(row.id, ()),
        )
        for row in rows
    )
