"""UK postcodes, in any spacing or case, or joined by a hyphen: `SW1A 1AA`, `sw1a1aa`, `SW1A-1AA`, `M1  1AE`.

A match counts only when its area (the letters it starts with) is one of the UK's postcode areas,
so "at 3 4th" or a measure code such as `MHS76` is not read as a postcode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rssreview.privacy.findings import Allows, Hit

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "postcode"

#: The UK's postcode areas (Royal Mail), with the Channel Islands, the Isle of Man and BFPO.
AREAS = frozenset(
    """
    AB AL B BA BB BD BF BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC EH EN EX
    FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG
    NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS
    TW UB W WA WC WD WF WN WR WS WV YO ZE
    """.split()
)
_POSTCODE = re.compile(
    r"(?<![^\W_])([a-z]{1,2}) ?(\d[a-z\d]?)(?:[ \-._/]{1,3})?(\d[abd-hjlnp-uw-z]{2})(?![^\W_])", re.IGNORECASE
)


def key(text: str) -> str:
    """One form for a postcode however it is spaced: its letters and digits in capitals."""
    return re.sub(r"[\W_]", "", text).upper()


def find(view: View, allowed: Allows) -> Iterator[Hit]:
    for m in _POSTCODE.finditer(view.text):
        area = m.group(1).upper()
        if area in AREAS and not allowed.allows_contact(KIND, m.group(0)):
            yield Hit(m.start(), m.end(), KIND, f"{area}{m.group(2).upper()} ***")
