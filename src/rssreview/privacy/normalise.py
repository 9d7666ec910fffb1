"""Text as the detectors read it: one spelling for every way of typing the same character.

A datum must be found however it is typed, so before any detector looks the text is normalised,
character by character, keeping for each character the index it came from (a finding still names
the line of the original):

- Unicode NFKC (full-width `＠` and `９`, ligatures, superscripts become plain characters);
- digits of every script become 0-9 (`٩٤٣` is 943);
- letters that only look Latin become Latin (Cyrillic `М`, Greek `Ο`), from Unicode's confusables
  table as the `confusable-homoglyphs` package ships it; accented Latin letters stay as they are;
- every dash and minus sign becomes `-`, every slash `/`, every middle dot or bullet `.`, curly
  quotes straight ones;
- every run of spaces, separators and line breaks becomes one space, or one `\n` when it holds a blank
  line (a paragraph break, which ends a number, a name or an address);
- HTML character references become their character (`&#64;` is `@`);
- invisible format and control characters (zero-width spaces, bidirectional marks, soft hyphens)
  and combining marks are dropped (`é` typed as `e` and an accent reads `e`; a name is still a word).

Letter case is kept (names need it); detectors that do not care about case ignore it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs import confusables

#: Runs that need more than copying: anything but printable ASCII and single spaces (with the spaces next to
#: it), runs of spaces, and HTML character references.
_SPECIAL = re.compile(r"[^!-~]*[^!-~ ][^!-~]*| {2,}|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

#: One spelling for punctuation typed many ways (after NFKC). Dashes (category Pd) are handled by category.
_PUNCTUATION = {
    **dict.fromkeys("\u2212\u2796\u2010\u2011\u2043\ufe63", "-"),
    **dict.fromkeys("\u2044\u2215\u29f8\u2571\uff0f", "/"),
    **dict.fromkeys("\u00b7\u2022\u2027\u2219\u22c5\u30fb\u2024\u2981", "."),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    **dict.fromkeys("\u3001\uff64", ","),
}


@lru_cache(maxsize=4096)
def _one(char: str) -> str:
    """What one non-ASCII character reads as: "" for an invisible one, " " for any space."""
    category = unicodedata.category(char)
    if char.isspace() or category[0] == "Z":
        return " "
    if category in ("Cc", "Cf", "Co", "Cs", "Cn", "Mn", "Me"):
        return ""
    return "".join(_canonical(part) for part in unicodedata.normalize("NFKC", char))


def _canonical(char: str) -> str:
    if char.isascii():
        return char
    if char.isspace():
        return " "
    if unicodedata.category(char) == "Pd":
        return "-"
    if char in _PUNCTUATION:
        return _PUNCTUATION[char]
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    return _latin_look_alike(char) or char


def _latin_look_alike(char: str) -> str | None:
    """The ASCII letter or digit a non-Latin character is confusable with (same case where there is a choice)."""
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    if not found:
        return None
    candidates = [g["c"] for g in found[0]["homoglyphs"] if len(g["c"]) == 1 and g["c"].isascii() and g["c"].isalnum()]
    same_case = [c for c in candidates if c.isupper() == char.isupper()]
    return (same_case or candidates or [None])[0]


def normalise(text: str) -> tuple[str, array]:
    """The text as the detectors read it, and for each of its characters the index in `text` it came from."""
    out: list[str] = []
    origin = array("L")
    last_space = False
    position = 0
    for run in _SPECIAL.finditer(text):
        if run.start() > position:
            out.append(text[position : run.start()])
            origin.extend(range(position, run.start()))
            last_space = text[run.start() - 1] == " "
        if run.group(0).startswith("&"):
            pieces = [(run.start(), _one(c) if not c.isascii() else c) for c in html.unescape(run.group(0))]
        else:
            pieces = [(index, _one(text[index])) for index in range(run.start(), run.end())]
        paragraph = _PARAGRAPH_BREAK.search(run.group(0)) is not None
        for index, piece in pieces:
            for part in piece:
                if part == " ":
                    if last_space:
                        continue
                    last_space = True
                    part = "\n" if paragraph else part
                else:
                    last_space = False
                out.append(part)
                origin.append(index)
        position = run.end()
    if position < len(text):
        out.append(text[position:])
        origin.extend(range(position, len(text)))
    return "".join(out), origin


_ALL_CAPS_WORD = re.compile(r"(?<![\w'])[^\W\d_a-z]{2,}(?!\w)")


@dataclass(frozen=True)
class View:
    """Normalised text, and the same text with words in capitals written as names ('JOHN SMITH' → 'John Smith')."""

    text: str
    names: str

    @classmethod
    def of(cls, normal: str) -> View:
        return cls(
            normal,
            _ALL_CAPS_WORD.sub(lambda m: m.group(0).capitalize() if m.group(0).isupper() else m.group(0), normal),
        )
