"""NHS numbers: any ten digits with a valid modulus-11 check digit, however they are separated or grouped.

People type `943 476 5919`, `9434 765 919`, `943 476 59 19`, `943–476–5919`, `943_476_5919`,
`943,476,5919`, `943:476:5919`, `943·476·5919` or `(943) 476 5919`. The text is read as runs of
digit groups joined by short separators (up to three of space, dash, underscore, comma, colon,
full stop, slash, backslash and brackets); every stretch of whole groups holding exactly ten digits
is checked with `python-stdnum`'s NHS number rule. A group is never cut, so an eleven-digit number
is not read as an NHS number with a digit to spare, and a count written with thousands separators
("2,080") is one group. Two things end a run: a comma followed by a space (a list, "1, 2, 3, … 17")
and a paragraph break (the normaliser's `\n`: separate labels of a chart or cells of a table).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from stdnum.gb import nhs

from rssreview.privacy.findings import Allows, Hit

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "NHS number"
LENGTH = 10
#: What may join two groups of one number; a comma and a space separate the numbers of a list ("1, 2, 3").
_SEPARATOR = r"(?:[ \-_:./\\()\[\]]|,(?! )){1,3}"
#: A group: a number written with thousands separators ("2,080") is one group, never part of a longer number.
_GROUP = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\d+")
#: Digit groups joined by separators, never starting or ending inside a longer run of digits.
_GROUPS = re.compile(rf"(?<!\d)\d+(?:{_SEPARATOR}\d+)*(?!\d)")


def find(view: View, allowed: Allows) -> Iterator[Hit]:
    for run in _GROUPS.finditer(view.text):
        if len(run.group(0)) < LENGTH:
            continue
        groups = [(g.start(), g.end(), g.group(0).replace(",", "")) for g in _GROUP.finditer(run.group(0))]
        for first in range(len(groups)):
            digits = ""
            for last in range(first, len(groups)):
                digits += groups[last][2]
                if len(digits) >= LENGTH:
                    break
            if len(digits) == LENGTH and nhs.is_valid(digits):
                start, end = run.start() + groups[first][0], run.start() + groups[last][1]
                yield Hit(start, end, KIND, f"{digits[:3]} *** ****")
