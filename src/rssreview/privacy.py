"""A guard against publishing personal data: scans free text before anything leaves the project.

The evidence tables are written by people, and a careless paste could carry a patient's
NHS number, address, date of birth, phone number, e-mail address or name into the book.
The scan looks for those patterns, reports where each one is (never the full datum: every
finding is masked) and `guard` refuses to go on while any remain.

Names are the hard part. To keep false alarms rare, a name is only suspected when it
follows a personal title ("Mrs Jane Doe", "Dr Patel"), follows "named" or "called", or
starts with a common first name from a short built-in list. Pseudonyms and public
figures named in published sources (`data/evidence/public_figures.csv`) are allowed.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from rssreview.paths import EVIDENCE

PUBLIC_FIGURES_CSV = EVIDENCE / "public_figures.csv"


@dataclass(frozen=True)
class Finding:
    """One suspected item of personal data and where it is.

    For a table, `row` is the spreadsheet row (the header is row 1, the first data row is
    row 2) and `column` the column name; for plain text, `row` is the line number and
    `column` is None. `snippet` is masked and safe to print.
    """

    file: str
    row: int
    column: str | None
    kind: str
    snippet: str

    def __str__(self) -> str:
        where = f"line {self.row}" if self.column is None else f"row {self.row}, column {self.column}"
        return f"{self.file}, {where}: possible {self.kind} {self.snippet}"


class PersonalDataError(ValueError):
    """Raised by `guard` when anything that looks like personal data would be published."""


def guard(findings: Iterable[Finding]) -> None:
    """Raise `PersonalDataError`, one line per finding, unless there are none."""
    lines = [str(finding) for finding in findings]
    if lines:
        raise PersonalDataError("\n".join(lines))


# --- patterns -------------------------------------------------------------------------------

_NAME_TOKEN = r"[A-Z](?:[a-zß-öø-ÿ]+|'[A-Z][a-zß-öø-ÿ]+)(?:[A-Z][a-zß-öø-ÿ]+)?(?:-[A-Z][a-zß-öø-ÿ]+)?"
_NAME_RUN = rf"{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN})*"

_NHS_NUMBER = re.compile(r"(?<![\w+])(\d{3})([ \-]?)(\d{3})\2(\d{4})(?![\w])")
_EMAIL = re.compile(r"(?<![\w.%+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}\d[A-Z\d]?)[ \t]?(\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])")
_PHONE = re.compile(r"(?<![\w+])(?:\+44[ \t]?(?:\(0\)[ \t]?)?|\(?0)[1237](?:[ \t\-)]{0,2}\d){8,9}(?![\w])")

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}\.?,?[ \t]+\d{{4}}"
         rf"|{_MONTH}\.?[ \t]+\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+\d{{4}})")
_BIRTH_DATE = re.compile(
    rf"(?i:(?<![\w.])(born|dob|d\.o\.b\.?|date[ \t]+of[ \t]+birth)(?![\w]))[^\n\d]{{0,15}}?(?i:({_DATE}))(?!\d)")

_TITLES = r"Mrs|Mr|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Baron"
_TITLED_NAME = re.compile(
    rf"(?<![\w])({_TITLES})\.?[ \t]+((?:[A-Z]\.?[ \t]+)*{_NAME_TOKEN}(?:[ \t]+{_NAME_TOKEN}){{0,2}})")
_CALLED_NAME = re.compile(rf"(?<![\w])(?:named|called)[ \t]+({_NAME_RUN})(?:[ \t]+(\S+)[ \t]+(\S+))?")
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’]){_NAME_RUN}")
_WORD_BEFORE = re.compile(r"(\w+)\.?[ \t]*$")

#: Common UK first names that are not also everyday words (no May, Will, Grace, Mark...).
FIRST_NAMES = frozenset("""
    Oliver George Harry Noah Charlie Jacob Thomas Oscar William James Leo Alfie Henry Joshua Freddie Archie
    Ethan Isaac Alexander Joseph Edward Samuel Daniel Arthur Lucas Mohammed Muhammad Theo Harrison David John
    Michael Paul Andrew Peter Richard Christopher Matthew Stephen Simon Gareth Darren Craig Wayne Kevin
    Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophia Sophie Evie Jessica Chloe Charlotte
    Sarah Emma Hannah Laura Rebecca Rachel Lucy Katie Amy Jane Susan Margaret Elizabeth Helen Karen Julie
    Claire Nicola Louise Michelle Gemma Mary Patricia Linda Deborah Tracey Joanne Kirsty Siobhan Aisha Fatima
""".split())

#: Words after a title that make it an office, not a person ("Lord Chancellor").
_OFFICES = frozenset("Chancellor Chief Justice Lieutenant Mayor Speaker Advocate President Bishop".split())

#: Words that turn a run of capitalised words into an organisation, building, place or programme.
_PLACE_WORDS = frozenset("""
    Hospital Hospitals House Centre Center Unit Ward Wards Lodge Court Road Street Lane Avenue Close Trust
    Foundation School College University Clinic Clinics Healthcare Care Group Practice Surgery Hall Park
    Place Square Gardens Way Drive Service Services Partnership Council Society Institute Academy Review
    Panel Report Programme Team Board Commission Church Chapel Bridge Station Training Act Bill Award Fund
    Strategy Plan Memorial Lecture
""".split())

#: Words before a first name that make it part of a place name ("St Thomas", "Queen Elizabeth").
_PLACE_PREFIXES = frozenset("St Saint Queen King Prince Princess Port Fort Mount".split())

#: Capitalised words after "called"/"named" that are not personal names.
_NOT_NAMES = frozenset("""
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An Our My Your Right Building Transforming
    Stopping Supporting Time Home Safe Mental Health Learning Autism Restraint Seclusion Segregation
    Oversight Independent National England English Positive Behaviour Support Reducing Restrictive
""".split()) | _PLACE_WORDS

#: Small words that join the words of a title ("Out of Sight"), so a capitalised word after them continues it.
_TITLE_JOINERS = frozenset("of and & for in on the to".split())


# --- allow-list ----------------------------------------------------------------------------

def _words(text: str) -> tuple[str, ...]:
    return tuple(re.sub(r"[.,'’]+(?=\s|$)", "", text).casefold().split())


@dataclass(frozen=True)
class _Allowed:
    """Pseudonyms and public figures, in forms cheap to test a candidate name against."""

    names: frozenset[tuple[str, ...]]
    tokens: tuple[frozenset[str], ...]

    @classmethod
    def of(cls, entries: Iterable[str]) -> _Allowed:
        names = frozenset(_words(entry) for entry in entries if entry and entry.strip())
        return cls(names, tuple(frozenset(name) for name in sorted(names)))

    def allows(self, title: str, name: str) -> bool:
        """True when the whole name, with or without its title, is on the list, or is part of a listed name.

        A listed first name does not allow a longer name that starts with it: pseudonym "Jane"
        must not let "Jane Doe" through.
        """
        words = _words(name)
        if words in self.names or (_words(title) + words) in self.names:
            return True
        return any(set(words) <= entry for entry in self.tokens)


def load_public_figures(path: Path = PUBLIC_FIGURES_CSV) -> list[str]:
    """Names from the public-figures table (columns name, role, source_url); none if the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if "name" not in (reader.fieldnames or []):
            raise ValueError(f"{path.name}, header: expected a column 'name', found {reader.fieldnames}")
        return [row["name"].strip() for row in reader if row["name"] and row["name"].strip()]


# --- detectors -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str
    snippet: str


def _mask(text: str, keep: int = 1) -> str:
    """Keep the first `keep` characters; replace every other letter or digit with `*`."""
    return text[:keep] + re.sub(r"[^\W_]", "*", text[keep:])


def _nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits."""
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _NHS_NUMBER.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if _nhs_check_digit_ok(digits):
            yield _Hit(m.start(), m.end(), "NHS number", f"{m.group(1)} *** ****")


def _emails(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _EMAIL.finditer(text):
        yield _Hit(m.start(), m.end(), "e-mail address", f"{_mask(m.group(1))}@{m.group(2)}")


def _postcodes(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _POSTCODE.finditer(text):
        yield _Hit(m.start(), m.end(), "postcode", f"{m.group(1)} ***")


def _phones(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _PHONE.finditer(text):
        yield _Hit(m.start(), m.end(), "phone number", _mask(m.group(0), keep=5))


def _birth_dates(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _BIRTH_DATE.finditer(text):
        yield _Hit(m.start(), m.end(), "date of birth", f"{m.group(1)} {_mask(m.group(2), keep=0)}")


def _name_hit(start: int, end: int, title: str, name: str) -> _Hit:
    masked = " ".join(_mask(word) for word in name.split())
    return _Hit(start, end, "personal name", f"{title} {masked}".strip())


def _titled_names(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _TITLED_NAME.finditer(text):
        title, name = m.group(1), m.group(2)
        if name.split()[0] in _OFFICES or allowed.allows(title, name):
            continue
        yield _name_hit(m.start(), m.end(), title, name)


def _called_names(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _CALLED_NAME.finditer(text):
        name, joiner, following = m.group(1), m.group(2), m.group(3)
        words = name.split()
        continues_a_title = joiner is not None and joiner.casefold() in _TITLE_JOINERS and following[:1].isupper()
        if len(words) > 2 or continues_a_title or any(w in _NOT_NAMES for w in words) or allowed.allows("", name):
            continue
        yield _name_hit(m.start(1), m.start(1) + len(name), "", name)


def _word_before(text: str, position: int) -> str | None:
    found = _WORD_BEFORE.search(text, 0, position)
    return found.group(1) if found else None


def _first_names(text: str, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _CAPITALISED_RUN.finditer(text):
        words = m.group(0).split()
        first = next((i for i, w in enumerate(words) if w in FIRST_NAMES), None)
        if first is None or any(w in _PLACE_WORDS for w in words):
            continue
        if (words[first - 1] if first else _word_before(text, m.start())) in _PLACE_PREFIXES:
            continue
        name = " ".join(words[first:])
        if allowed.allows("", name):
            continue
        start = m.start() + m.group(0).index(words[first])
        yield _name_hit(start, m.end(), "", name)


#: Detectors in priority order: where two overlap, the earlier one's finding is kept.
_DETECTORS: tuple[Callable[[str, _Allowed], Iterator[_Hit]], ...] = (
    _nhs_numbers, _emails, _postcodes, _phones, _birth_dates, _titled_names, _called_names, _first_names,
)


def _hits(text: str, allowed: _Allowed) -> list[_Hit]:
    kept: list[_Hit] = []
    for detector in _DETECTORS:
        for hit in detector(text, allowed):
            if all(hit.end <= k.start or hit.start >= k.end for k in kept):
                kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.end))


def _allowed(pseudonyms: Collection[str], public_figures: Collection[str] | None) -> _Allowed:
    figures = load_public_figures() if public_figures is None else public_figures
    return _Allowed.of([*pseudonyms, *figures])


# --- public scans --------------------------------------------------------------------------

def scan_text(text: str, *, where: str, pseudonyms: Collection[str],
              public_figures: Collection[str] | None = None) -> list[Finding]:
    """Personal data in a piece of text; each finding names `where` and the 1-based line.

    `public_figures` defaults to the names in data/evidence/public_figures.csv, if it exists.
    """
    allowed = _allowed(pseudonyms, public_figures)
    return [Finding(where, text.count("\n", 0, hit.start) + 1, None, hit.kind, hit.snippet)
            for hit in _hits(text, allowed)]


def scan_frame(df: pd.DataFrame, *, file: str, columns: Iterable[str], pseudonyms: Collection[str],
               public_figures: Collection[str] | None = None) -> list[Finding]:
    """Personal data in the named text columns of a table read from `file`, row by row.

    Rows are numbered as in a spreadsheet (header row 1, first data row 2). Empty cells
    are skipped; other values are scanned as text.
    """
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError("\n".join(f"{file}, header: expected a column {c!r}, found none" for c in missing))
    allowed = _allowed(pseudonyms, public_figures)
    findings = []
    for position, values in enumerate(df[columns].itertuples(index=False, name=None)):
        for column, value in zip(columns, values):
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                continue
            findings += [Finding(file, position + 2, column, hit.kind, hit.snippet)
                         for hit in _hits(str(value), allowed)]
    return findings
