"""Text hygiene where text enters: characters a reader cannot see are refused in data and settings.

The page escapes drop invisible characters (`present/text.py`), but the CSVs, the workbook, the
zip's README, the chart specs and the SVG labels keep text as written, so a right-to-left override
there can reverse a word and spoof it. The rule is applied once, where each table or settings file is
read, so every output holds only what an editor can see. Refused, naming the file, row and column:

- control characters (Unicode category Cc: C0, DEL and C1), except tab, line feed and carriage
  return, which a multi-line cell may hold;
- bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and every other
  invisible format character (category Cf: zero-width spaces, the soft hyphen, the word joiner,
  the byte-order mark inside text, tag characters);
- line and paragraph separators (U+2028, U+2029): a new line is written as a new line;
- more than MAX_COMBINING combining marks on one letter (they draw over the lines around them and
  break the PDF's text layer).

Kept: the zero-width joiner and non-joiner (U+200D, U+200C) between two letters, marks or symbols,
where scripts such as Persian, Hindi or Sinhala and emoji sequences need them. Anywhere else (at the
start or end of a value, next to a space or a punctuation mark) they change nothing a reader needs
and are refused like the other format characters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from rssreview.problems import Problem

#: The most combining marks one base character may carry (Vietnamese uses two; Indic scripts rarely more than three).
MAX_COMBINING = 4
#: Control characters a multi-line cell may hold.
ALLOWED_CONTROLS = frozenset("\t\n\r")
#: Joiners kept between two letters, marks or symbols (scripts and emoji need them).
JOINERS = frozenset("\u200c\u200d")
#: What the rule accepts, in words, for error messages and the data dictionary.
EXPECTED = (
    "visible text: no control characters, no bidirectional or other invisible format characters, "
    f"and at most {MAX_COMBINING} combining marks on one letter"
)


def _name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _joins(before: str, after: str) -> bool:
    return all(unicodedata.category(c)[0] in "LMS" for c in (before, after)) if before and after else False


def problem(value: str) -> str | None:
    """What is wrong with `value` (the first character refused and where), or None when it is all visible text."""
    run = 0
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if category[0] == "M":
            run += 1
            if run > MAX_COMBINING:
                return f"more than {MAX_COMBINING} combining marks on one letter, at character {index + 1}"
            continue
        run = 0
        if category == "Cc" and char not in ALLOWED_CONTROLS:
            return f"the control character {_name(char)} at character {index + 1}"
        if category in ("Zl", "Zp"):
            return f"the separator {_name(char)} at character {index + 1} (write a new line instead)"
        if category == "Cf":
            before = value[index - 1] if index else ""
            after = value[index + 1] if index + 1 < len(value) else ""
            if char in JOINERS and _joins(before, after):
                continue
            return f"the invisible character {_name(char)} at character {index + 1}"
    return None


def cell_problems(file: str, header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]]) -> Iterator[Problem]:
    """A problem for every cell (and header name) holding text a reader cannot see, from (row, cells) pairs."""
    for column in header:
        found = problem(column)
        if found:
            yield Problem(file, 1, None, EXPECTED, found)
    for number, cells in rows:
        for column, value in zip(header, cells):
            found = problem(value) if value else None
            if found:
                yield Problem(file, number, column, EXPECTED, found)
