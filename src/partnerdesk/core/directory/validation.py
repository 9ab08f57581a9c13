"""What makes a name, an email address, a phone number or a website acceptable.

Pure rules (no database), shared by the contact and organization editors, the services
behind them and the import, so that a value is judged the same way wherever it is typed.
Each ``*_problem`` function returns why a value is unusable, in words a person can act on,
or None when it is fine (an empty value is fine: whether a field is required is the
caller's rule).
"""

from __future__ import annotations

import re

from partnerdesk.core.models import Contact, Organization
from partnerdesk.core.platform.errors import ValidationError
from partnerdesk.core.platform.text_limits import text_problem

# Deliberately practical rather than RFC 5322 complete: catches the typos people make
# (missing @, spaces, trailing dot, no domain) and accepts every address people really use.
_EMAIL_LOCAL = re.compile(r"^[^\s@\"(),:;<>\[\]\\]+$")
_EMAIL_DOMAIN_LABEL = re.compile(r"^[^\W_](?:[\w-]{0,61}[^\W_])?$")
_PHONE = re.compile(
    r"^(?P<number>\+?[0-9(][0-9 ().\-/]*[0-9)])(?:\s*(?:ext\.?|x|#)\s*(?P<ext>[0-9]{1,6}))?$",
    re.IGNORECASE,
)
_WEBSITE = re.compile(r"^(?:https?://)?[^\s/:@]+\.[^\s/:@]{2,}(?::[0-9]{1,5})?(?:/\S*)?$", re.I)


def email_problem(text: str) -> str | None:
    """Why ``text`` is not a usable email address (None when it is, or when empty)."""
    value = text.strip()
    if not value:
        return None
    if reason := text_problem(Contact, "email", value):
        return reason
    if any(ch.isspace() for ch in value):
        return f"the email address {value!r} contains a space"
    if value.count("@") != 1:
        return f"the email address {value!r} needs exactly one @, as in name@agency.org"
    local, domain = value.split("@")
    if (
        not local
        or not _EMAIL_LOCAL.match(local)
        or ".." in local
        or local[0] == "."
        or (local[-1] == ".")
    ):
        return f"the email address {value!r} has an invalid name before the @"
    labels = domain.split(".")
    if len(labels) < 2 or not all(_EMAIL_DOMAIN_LABEL.match(label) for label in labels):
        return f"the email address {value!r} has an invalid domain after the @ (e.g. agency.org)"
    if not labels[-1].isalpha() or len(labels[-1]) < 2:
        return f"the email address {value!r} does not end in a domain such as .org or .gov"
    return None


def phone_problem(text: str) -> str | None:
    """Why ``text`` is not a phone number (None when it is, or when empty)."""
    value = text.strip()
    if not value:
        return None
    match = _PHONE.match(value)
    if match is None:
        return (
            f"the phone number {value!r} may contain only digits, spaces, + ( ) - . / and an "
            "extension such as 'ext 12'"
        )
    digits = sum(ch.isdigit() for ch in match.group("number"))
    if not 7 <= digits <= 15:
        return f"the phone number {value!r} has {digits} digits; a phone number has 7 to 15"
    return None


def website_problem(text: str) -> str | None:
    """Why ``text`` is not a web address (None when it is, or when empty)."""
    value = text.strip()
    if not value:
        return None
    if reason := text_problem(Organization, "website", value):
        return reason
    if not _WEBSITE.match(value):
        return f"the website {value!r} is not a web address such as https://agency.org"
    return None


def name_problem(name: str, *, empty: str) -> str | None:
    """Why a (cleaned) name of a person or an organization cannot be saved: ``empty`` when
    there is none, or the name's length limit (None when it is fine)."""
    if not name:
        return empty
    return text_problem(Contact, "full_name", name)


def clean(text: str | None) -> str:
    """Trimmed text with runs of whitespace made single spaces (for names and titles)."""
    return " ".join((text or "").split())


def raise_first(problems: dict[str, str]) -> None:
    """Raise the first of a validator's problems (field -> reason) as a ValidationError.

    The editors show every problem next to its field; a service refuses on the first."""
    if problems:
        field_name, message = next(iter(problems.items()))
        raise ValidationError(message, field=field_name)
