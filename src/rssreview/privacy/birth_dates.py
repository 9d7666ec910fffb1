"""Dates of birth: a date in a common written form shortly after a birth word.

Birth words: `born`, `née`, `DOB`, `D.O.B.`, `date of birth`, `birth date`, `birthday`, and `b.`
before a date in figures (`b. 01/02/1990`). Dates: `01/02/1990`, `01 02 1990`, `1.2.90`,
`1990-02-01`, `1 Feb '90`, `2 February 90`, `3rd of May 1990`, `May 3, 1990` and, after `born`,
`February 1990`; a year alone after `DOB` or `date of birth` (`DOB: 1990`) but not after `born` ("born in
1990" is too common of organisations to read as a date of birth). A birth word after the date counts
too (`01/02/1990 (DOB)`).

"Building the Right Support was born in October 2015" is about a programme, not a person: after
`born`, a date is not a date of birth when the sentence's words before it name a programme or an
organisation (`words.PROGRAMME_WORDS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rssreview.privacy.findings import Allows, Hit, mask
from rssreview.privacy.words import MONTHS, PROGRAMME_WORDS

if TYPE_CHECKING:
    from rssreview.privacy.normalise import View

KIND = "date of birth"

_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:\d{4}|'?\d{2})"
_SEP = r"[ /.\-_,:]{1,2}"
_ORDINAL = r"(?:st|nd|rd|th)?"
_NUMERIC = rf"(?:\d{{4}}{_SEP}\d{{1,2}}{_SEP}\d{{1,2}}|\d{{1,2}}{_SEP}\d{{1,2}}{_SEP}{_YEAR})"
_DATE = (
    rf"(?:{_NUMERIC}"
    rf"|\d{{1,2}}{_ORDINAL},? (?:of )?{_MONTH},? {_YEAR}"
    rf"|{_MONTH} (?:the )?\d{{1,2}}{_ORDINAL},? {_YEAR}"
    rf"|{_MONTH},? (?:in )?\d{{4}}"
    rf"|(?:19|20)\d{{2}})"
)
_BIRTH_WORD = r"born|n[ée]e|dob|d\. ?o\. ?b\.?|date of birth|birth ?date|birthday|date born"
_BIRTH_DATE = re.compile(
    rf"(?<![\w.])(?:({_BIRTH_WORD})(?!\w)[^\d\n]{{0,20}}?|(b\.) ?(?=\d))({_DATE})(?![\d\w])", re.IGNORECASE
)
#: A date followed by its birth word: "01/02/1990 (DOB)".
_DATE_THEN_WORD = re.compile(
    rf"(?<![\w.])({_DATE})[^\w\n]{{0,3}}(dob|d\. ?o\. ?b\.?|date of birth|born)(?!\w)", re.IGNORECASE
)
#: Where a sentence starts, looking back from a birth word.
_SENTENCE_START = re.compile(r".*(?:[.!?;:] |^)", re.S)
_LOOK_BACK = 120
_YEAR_ONLY = re.compile(r"\d{4}")


def _about_a_programme(text: str, position: int) -> bool:
    before = text[max(0, position - _LOOK_BACK) : position]
    start = _SENTENCE_START.match(before)
    subject = before[start.end() if start else 0 :]
    return any(word.strip("'\",()") in PROGRAMME_WORDS for word in subject.split())


def find(view: View, allowed: Allows) -> Iterator[Hit]:
    for m in _BIRTH_DATE.finditer(view.text):
        word, date = m.group(1) or m.group(2), m.group(3)
        if word.casefold() in ("born", "nee", "née") and (
            _YEAR_ONLY.fullmatch(date) or _about_a_programme(view.text, m.start())
        ):
            continue  # "born in 2015": a year alone after "born" is not read as a date of birth
        yield Hit(m.start(), m.end(), KIND, f"{word} {mask(date, keep=0)}")
    for m in _DATE_THEN_WORD.finditer(view.text):
        if not _YEAR_ONLY.fullmatch(m.group(1)):
            yield Hit(m.start(), m.end(), KIND, f"{mask(m.group(1), keep=0)} {m.group(2)}")
