"""vCards for address books, read back with an independent parser."""

from __future__ import annotations

from pathlib import Path

import vobject

from partnerdesk.core.directory import contacts_export
from partnerdesk.core.directory.contact_commands import ContactInput, create_contact
from partnerdesk.core.directory.contact_queries import ContactRow
from partnerdesk.core.directory.vcard import vcard, vcards
from partnerdesk.core.platform.db import Database
from tests.conftest import DEMO_CONTACTS


def test_vcards_parse_with_an_independent_parser(demo_database: Database, tmp_path: Path) -> None:
    long_note = "Prefers phone; available Tue, Thu. " * 6 + "Ünïcödé ✓"
    with demo_database.transaction() as session:
        create_contact(
            session,
            ContactInput(
                "Dr. Ana María de la Cruz",
                title="Chief, Crisis; Services",
                email="ana@cruz.org",
                phone="(555) 010-7777",
                notes=long_note,
            ),
        )
        result = contacts_export.export_contacts(session, tmp_path / "directory.vcf")
    raw = (tmp_path / "directory.vcf").read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    assert len(cards) == result.contacts == DEMO_CONTACTS + 1
    by_name = {card.fn.value: card for card in cards}
    ana = by_name["Dr. Ana María de la Cruz"]
    assert ana.n.value.family == "Cruz" and ana.n.value.given == "Ana"
    assert ana.n.value.prefix == "Dr."
    assert ana.title.value == "Chief, Crisis; Services"
    assert ana.email.value == "ana@cruz.org" and ana.tel.value == "(555) 010-7777"
    assert ana.note.value == long_note
    jordan = by_name["Jordan Ellis"]
    assert jordan.org.value == ["City of Riverton"]
    assert set(jordan.categories.value) == {"Sustainability committee", "Working group"}


def _row(**changes: object) -> ContactRow:
    values: dict[str, object] = {
        "id": 7,
        "full_name": "Jane Doe",
        "organization": "",
        "title": "",
        "email": "",
        "phone": "",
        "groups": "",
        "active": True,
    }
    values.update(changes)
    return ContactRow(**values)  # type: ignore[arg-type]


def test_special_characters_are_escaped_and_read_back_unchanged() -> None:
    note = "Line one; with, punctuation\nLine two \\ back-slash\r\nLine three: café"
    text = vcard(
        _row(
            full_name="Zoë O'Brien-Núñez",
            organization="Smith, Jones; Partners",
            title="Chief, Crisis; Services",
            email="zoe@agency.org",
            phone="+1 555 010 2000 ext 12",
        ),
        note,
        ["Data, Privacy; Ethics", "Working group"],
    )
    assert "ORG:Smith\\, Jones\\; Partners\r\n" in text
    assert "TITLE:Chief\\, Crisis\\; Services\r\n" in text
    assert "\\n" in text and "\r\nLine two" not in text  # newlines in a note are escaped
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and text.endswith("END:VCARD\r\n")
    card = vobject.readOne(text)
    assert card.fn.value == "Zoë O'Brien-Núñez"
    assert card.n.value.family == "O'Brien-Núñez" and card.n.value.given == "Zoë"
    assert card.org.value == ["Smith, Jones; Partners"]
    assert card.title.value == "Chief, Crisis; Services"
    assert card.tel.value == "+1 555 010 2000 ext 12"
    assert card.uid.value == "partnerdesk-contact-7"
    # "\r\n" in a note reads back as a newline: vCard text has one kind of line break.
    assert card.note.value == note.replace("\r\n", "\n")
    assert card.categories.value == ["Data, Privacy; Ethics", "Working group"]


def test_lines_are_folded_at_75_octets_even_when_short_in_characters() -> None:
    # 60 characters but 120 octets: vobject alone would leave this line unfolded.
    name = "é" * 60
    raw = vcard(_row(full_name=name, title="ü" * 30 + "✓" * 40)).encode("utf-8")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    raw.decode("utf-8")  # never cut inside a character
    card = vobject.readOne(raw.decode("utf-8"))
    assert card.fn.value == name and card.title.value == "ü" * 30 + "✓" * 40


def test_an_inactive_person_says_so_and_empty_fields_are_left_out() -> None:
    card = vobject.readOne(vcard(_row(active=False)))
    assert card.note.value == "No longer active in the partnership."
    for name in ("org", "title", "email", "tel", "categories"):
        assert name not in card.contents
    two = vcards([_row(id=1), _row(id=2, groups="Working group")], {2: "Chair"})
    first, second = vobject.readComponents(two)
    assert "note" not in first.contents
    assert second.note.value == "Chair" and second.categories.value == ["Working group"]
