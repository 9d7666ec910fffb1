"""E-mail addresses, internationalised and obfuscated.

Found: accented or non-Latin letters in the mailbox or the domain (`josé@exämple.org`), a quoted
mailbox (`"jo doe"@example.org`), `@` written `%40`, `&#64;` (read as `@` by the normaliser), `(at)`,
`[at]`, `{at}` or `<at>`, and dots written `(dot)`, `[dot]` or ` dot `. A bare ` at ` counts only
with a spelled-out ` dot ` after it (`jo at example dot org`), so "available at gov.uk" is prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rssreview.privacy.findings import Allows, Hit, mask

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "e-mail address"


def _bracketed(word: str) -> str:
    """`word` in any kind of brackets, with or without spaces: (at), [ at ], {dot}, <dot>."""
    return rf" ?[(\[{{<] ?{word} ?[)\]}}>] ?"


_AT = rf"(?: ?@ ?|%40|{_bracketed('at')})"
_DOT = rf"(?: ?\. ?|{_bracketed('dot')}| dot )"
_ATOM = r"[\w!#$%&'*+/=?^`{|}~-]+"
_LOCAL = rf'(?:"[^"@]{{1,64}}"|{_ATOM}(?:\.{_ATOM})*)'
_LABEL = r"[\w-]+"
_TLD = r"(?:[^\W\d_]{2,}|xn--[a-z0-9-]+)"
_BEFORE = r"(?<![\w.!#$%&'*+/=?^`{|}~-])"
_EMAIL = re.compile(rf"{_BEFORE}({_LOCAL})({_AT})({_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TLD})(?!\w)", re.IGNORECASE)
#: "jo at example dot org": a bare "at" needs a spelled-out "dot" after it.
_WORDY = re.compile(rf"{_BEFORE}({_ATOM}) (at) ({_LABEL}(?:{_DOT}{_LABEL})* dot {_TLD})(?!\w)", re.IGNORECASE)
_SPELLED_AT = re.compile(rf"{_AT}| at ", re.IGNORECASE)
_SPELLED_DOT = re.compile(_DOT, re.IGNORECASE)


def key(text: str) -> str:
    """One form for an address however it is written: `@` and dots restored, no spaces, any case."""
    local, _, domain = _SPELLED_AT.sub("@", text, count=1).partition("@")
    return f"{local.strip()}@{_SPELLED_DOT.sub('.', domain).strip()}".casefold()


def find(view: View, allowed: Allows) -> Iterator[Hit]:
    for pattern in (_EMAIL, _WORDY):
        for m in pattern.finditer(view.text):
            if not allowed.allows_contact(KIND, m.group(0)):
                yield Hit(m.start(), m.end(), KIND, f"{mask(m.group(1))}@{key('x@' + m.group(3)).split('@')[1]}")
