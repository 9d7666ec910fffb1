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
from typing import TYPE_CHECKING

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from rssreview.privacy.findings import Hit, mask

if TYPE_CHECKING:
    from rssreview.privacy.allowed import Allowed
    from rssreview.privacy.normalise import View

KIND = "phone number"
#: The fewest digits of a national number written with its trunk prefix or country code (UK numbers have 9 or 10).
FULL_LENGTH = 9
#: Seven digits close together: text without them holds no phone number, and the matcher is not started.
_SEVEN_DIGITS = re.compile(r"\d(?:\D{0,3}\d){6}")


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


def find(view: View, allowed: Allowed) -> Iterator[Hit]:
    if not _SEVEN_DIGITS.search(view.text):
        return
    for match in PhoneNumberMatcher(view.text, "GB", leniency=Leniency.POSSIBLE, max_tries=len(view.text)):
        if _counts(match) and not allowed.allows_contact(KIND, match.raw_string):
            yield Hit(match.start, match.end, KIND, mask(match.raw_string, keep=5))
