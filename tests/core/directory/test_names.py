"""People in surname order (issue #15, defect 10: "Dr. Samuel Achebe" sorted under D)."""

from __future__ import annotations

import pytest

from partnerdesk.core.directory.names import surname_key


@pytest.mark.parametrize(
    ("name", "surname", "given"),
    [
        ("Dr. Samuel Achebe", "achebe", "samuel"),
        ("Samuel Achebe", "achebe", "samuel"),
        ("Lt. Marcus Oyelaran", "oyelaran", "marcus"),
        ("Tomás Ibarra, LCSW", "ibarra", "tomas"),
        ("Robert Nakamura Jr.", "nakamura", "robert"),
        ("Prof Ana María Ábalos PhD", "abalos", "ana maria"),
        ("Achebe, Samuel", "achebe", "samuel"),
        ("Cher", "cher", ""),
        ("Dr.", "dr", ""),  # a title alone is all there is
        ("  Grace   Mensah ", "mensah", "grace"),
    ],
)
def test_the_surname_is_found_behind_titles_and_credentials(
    name: str, surname: str, given: str
) -> None:
    assert surname_key(name)[:2] == (surname, given)


def test_a_directory_reads_in_surname_order() -> None:
    names = ["Dr. Samuel Achebe", "Dana Whitfield", "Alicia Ferreira", "Ábel Ferreira"]
    assert sorted(names, key=surname_key) == [
        "Dr. Samuel Achebe",
        "Ábel Ferreira",
        "Alicia Ferreira",
        "Dana Whitfield",
    ]
