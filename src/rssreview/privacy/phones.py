"""Phone numbers, UK and international, in any layout: Google's libphonenumber (`phonenumbers`) finds them.

`PhoneNumberMatcher(text, "GB")` reads every layout a person types (`07700 900123`, `(020) 7946
0958`, `+44 (0)20 7946 0958`, `0044 7700 900123`, `44 20 7946 0958`, dashes and slashes). Its
strict leniency (`VALID`) refuses Ofcom's ranges for fiction (`07700 900xxx`, `01632 960xxx`),
which are exactly what careful writers use for examples, so the matcher runs with `POSSIBLE` and a
match counts when it is a valid number, or when it has a full number's length and is written as
a phone number is (starting with `0`, `+` or `00`): counts and years such as "2,080" or "2021
2022" never do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from rssreview.privacy.findings import Allows, Hit, mask

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "phone number"
#: The fewest digits of a national number written with its trunk prefix or country code (UK numbers have 9 or 10).
FULL_LENGTH = 9
#: Where a phone number may be: seven or more digits with only a number's punctuation and spaces between them.
#: The matcher reads each such stretch (once per distinct text), never the prose around it.
_CANDIDATE = re.compile(r"[+(]*\d[\d\-./() ]{5,40}\d\)?")


def _counts(match: phonenumbers.PhoneNumberMatch) -> bool:
    number = match.number
    if phonenumbers.is_valid_number(number):
        return True
    written_as_phone = match.raw_string.lstrip("(").startswith(("0", "+"))
    return written_as_phone and len(phonenumbers.national_significant_number(number)) >= FULL_LENGTH


def key(text: str) -> str:
    """One form for a number however it is written: E.164 when it parses, its digits otherwise."""
    try:
        return phonenumbers.format_number(phonenumbers.parse(text, "GB"), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", text)


@lru_cache(maxsize=4096)
def _numbers(candidate: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, as written) for each phone number in a stretch of digits and punctuation."""
    found = PhoneNumberMatcher(candidate, "GB", leniency=Leniency.POSSIBLE, max_tries=len(candidate))
    return tuple((m.start, m.end, m.raw_string) for m in found if _counts(m))


def find(view: View, allowed: Allows) -> Iterator[Hit]:
    for candidate in _CANDIDATE.finditer(view.text):
        if sum(c.isdigit() for c in candidate.group(0)) < 7:
            continue
        for start, end, raw in _numbers(candidate.group(0)):
            if not allowed.allows_contact(KIND, raw):
                yield Hit(candidate.start() + start, candidate.start() + end, KIND, mask(raw, keep=5))
