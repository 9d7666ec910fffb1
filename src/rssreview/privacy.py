"""A guard against publishing personal data: scans text before anything leaves the project.

The evidence tables are written by people, and a careless paste could carry a patient's
NHS number, address, date of birth, phone number, e-mail address or name into the book.
The scan looks for those patterns, reports where each one is (never the full datum: every
finding is masked) and `guard` refuses to go on while any remain.

Text is normalised first, so the same datum is found however it is typed: Unicode NFKC
(full-width `＠` and digits become plain ones), every kind of space, separator and line
break becomes one space (a number split over two lines, or by a non-breaking space, is
still one number), invisible characters such as zero-width spaces are dropped, and letters
are compared without regard to case. Each finding still names the line of the original.

Names are the hard part. To keep false alarms rare, a name is only suspected when it
follows a personal title ("Mrs Jane Doe", "Dr Patel"), follows "named" or "called",
contains a common first name from a built-in list, or ends with a common surname after
another name-like word ("Priya Patel"). Names in capitals are read as names too
("JOHN SMITH"). Pseudonyms, public figures named in published sources
(`data/evidence/public_figures.csv`) and the organisations' published contact details and
named programmes in `data/privacy/published_contacts.csv` are allowed.

The scan is linear in the size of the text: every pattern starts only at a word boundary
and is bounded in length, and overlapping findings are resolved with one mark per character.
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from rssreview.paths import DATA, EVIDENCE
from rssreview.problems import Problem

PUBLIC_FIGURES_CSV = EVIDENCE / "public_figures.csv"
PUBLISHED_CONTACTS_CSV = DATA / "privacy" / "published_contacts.csv"


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


# --- normalisation -------------------------------------------------------------------------

#: Runs of characters that need more than copying: anything but printable ASCII other than space.
_SPECIAL = re.compile(r"[^!-~]+")


def normalise(text: str) -> tuple[str, array]:
    """The text as the patterns read it, and for each of its characters the index it came from.

    NFKC per character; every space, separator or line break one space; control and invisible
    format characters (zero-width spaces, bidirectional marks, soft hyphens) dropped.
    """
    out: list[str] = []
    origin = array("L")
    last_space = False
    position = 0
    for run in _SPECIAL.finditer(text):
        if run.start() > position:
            out.append(text[position : run.start()])
            origin.extend(range(position, run.start()))
            last_space = False
        for index in range(run.start(), run.end()):
            char = text[index]
            category = unicodedata.category(char)
            if char.isspace() or category[0] == "Z":
                if not last_space:
                    out.append(" ")
                    origin.append(index)
                last_space = True
            elif category in ("Cc", "Cf"):
                continue
            else:
                for part in unicodedata.normalize("NFKC", char):
                    if part.isspace():
                        if last_space:
                            continue
                        part, last_space = " ", True
                    else:
                        last_space = False
                    out.append(part)
                    origin.append(index)
        position = run.end()
    if position < len(text):
        out.append(text[position:])
        origin.extend(range(position, len(text)))
    return "".join(out), origin


_ALL_CAPS_WORD = re.compile(r"(?<![\w'’])[A-Z]{2,}(?![\w])")


def _name_view(text: str) -> str:
    """The text with words in capitals written as names ('JOHN SMITH' → 'John Smith'); same length."""
    return _ALL_CAPS_WORD.sub(lambda m: m.group(0).capitalize(), text)


# --- patterns (on normalised text) ---------------------------------------------------------

_NAME_TOKEN = r"[A-Z](?:[a-zß-öø-ÿ]+|'[A-Z][a-zß-öø-ÿ]+)(?:[A-Z][a-zß-öø-ÿ]+)?(?:-[A-Z][a-zß-öø-ÿ]+)?"
_NAME_RUN = rf"{_NAME_TOKEN}(?: {_NAME_TOKEN})*"

_SEPARATOR = r"[ .\-/]?"
_NHS_NUMBER = re.compile(rf"(?<![\w+])(\d{{3}}){_SEPARATOR}(\d{{3}}){_SEPARATOR}(\d{{4}})(?!\w)")
#: Ten digits broken once anywhere (a line break in the middle of a group).
_NHS_SPLIT_ONCE = re.compile(r"(?<![\w+])(\d{1,9})[ .\-/](\d{1,9})(?![\w]|[ .\-/]\d)")
_AT = r"(?: ?@ ?| ?[(\[{<] ?at ?[)\]}>] ?)"
_DOT = r"(?:\.| ?[(\[{<] ?dot ?[)\]}>] ?)"
_EMAIL = re.compile(
    rf"(?<![\w.%+-])([a-z0-9._%+-]+){_AT}([a-z0-9-]+(?:{_DOT}[a-z0-9-]+)*{_DOT}[a-z]{{2,}})(?!\w)", re.IGNORECASE
)
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])", re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![\w+\-/])(?:(?:\+|00)[ .\-]?44[ .\-]?(?:\(0\)[ .\-]?)?|\(?0)[1237](?:[ .\-)]{0,2}\d){8,9}(?!\w)"
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}\.?,? \d{{4}}"
    rf"|{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
    rf"|{_MONTH}\.?,? \d{{4}})"
)
_BIRTH_DATE = re.compile(rf"(?i:(?<![\w.])(born|dob|d\.o\.b\.?|date of birth)(?!\w))[^\d]{{0,15}}?(?i:({_DATE}))(?!\d)")

_TITLES = r"Mrs|Mr|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Baron"
_TITLED_NAME = re.compile(rf"(?<!\w)({_TITLES})\.? ((?:[A-Z]\.? )*{_NAME_TOKEN}(?: {_NAME_TOKEN}){{0,2}})")
_CALLED_NAME = re.compile(rf"(?<!\w)(?:named|called) ({_NAME_RUN})(?: (\S+) (\S+))?")
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’]){_NAME_RUN}")
_WORD_BEFORE = re.compile(r"(\w+)\.? *$")
#: How far back to look for the word before a name (so the look is constant, not from the start of the text).
_LOOK_BACK = 64

#: Common UK first names that are not also everyday words (no May, Will, Grace, Mark...).
FIRST_NAMES = frozenset(
    """
    Oliver George Harry Noah Charlie Jacob Thomas Oscar William James Leo Alfie Henry Joshua Freddie Archie
    Ethan Isaac Alexander Joseph Edward Samuel Daniel Arthur Lucas Mohammed Muhammad Theo Harrison David John
    Michael Paul Andrew Peter Richard Christopher Matthew Stephen Simon Gareth Darren Craig Wayne Kevin
    Olivia Amelia Isla Ava Emily Isabella Mia Poppy Ella Lily Sophia Sophie Evie Jessica Chloe Charlotte
    Sarah Emma Hannah Laura Rebecca Rachel Lucy Katie Amy Jane Susan Margaret Elizabeth Helen Karen Julie
    Claire Nicola Louise Michelle Gemma Mary Patricia Linda Deborah Tracey Joanne Kirsty Siobhan Aisha Fatima
""".split()
)

#: Words after a title that make it an office, not a person ("Lord Chancellor").
_OFFICES = frozenset("Chancellor Chief Justice Lieutenant Mayor Speaker Advocate President Bishop".split())

#: Words that turn a run of capitalised words into an organisation, building, place or programme.
_PLACE_WORDS = frozenset(
    """
    Hospital Hospitals House Centre Center Unit Ward Wards Lodge Court Road Street Lane Avenue Close Trust
    Foundation School College University Clinic Clinics Healthcare Care Group Practice Surgery Hall Park
    Place Square Gardens Way Drive Service Services Partnership Council Society Institute Academy Review
    Panel Report Programme Team Board Commission Church Chapel Bridge Station Training Act Bill Award Fund
    Strategy Plan Memorial Lecture
""".split()
)

#: Words before a first name that make it part of a place name ("St Thomas", "Queen Elizabeth").
_PLACE_PREFIXES = frozenset("St Saint Queen King Prince Princess Port Fort Mount".split())

#: Capitalised words after "called"/"named" that are not personal names.
_NOT_NAMES = (
    frozenset(
        """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday The A An Our My Your Right Building Transforming
    Stopping Supporting Time Home Safe Mental Health Learning Autism Restraint Seclusion Segregation
    Oversight Independent National England English Positive Behaviour Support Reducing Restrictive
""".split()
    )
    | _PLACE_WORDS
)

#: Small words that join the words of a title ("Out of Sight"), so a capitalised word after them continues it.
_TITLE_JOINERS = frozenset("of and & for in on the to".split())


#: More first names, from the many backgrounds of people in England (none an everyday English word).
FIRST_NAMES = FIRST_NAMES | frozenset(
    """
    Priya Aarav Arjun Rahul Ravi Sanjay Anil Vijay Sunil Rajesh Sunita Anita Deepak Pooja Neha Asha Meera Kiran
    Amir Omar Yusuf Ibrahim Hassan Hussein Bilal Imran Tariq Zainab Ayesha Maryam Nadia Yasmin Khadija Aaliyah
    Kwame Kofi Chidi Ngozi Tunde Femi Chinedu Adebayo Oluwaseun Abdul Abdullah Ahmed Mustafa Kamal Farah
    Piotr Tomasz Marek Agnieszka Katarzyna Andrei Ioana Mihai Niamh Aoife Ciaran Sean Siobhan Connor Liam
    Ryan Luke Adam Nathan Jamie Kieran Callum Tyler Bradley Dylan Jayden Zara Megan Leah Erin Abigail Freya
    Phoebe Millie Ellie Alice Matilda Harriet Robert Brian Gary Ian Keith Neil Graham Colin Barry Nigel
    Trevor Alan Philip Anthony Tony Steven Jason Shaun Jennifer Nicole Samantha Stacey Donna Lisa Angela
    Alison Catherine Caroline Natalie Zoe Kerry Leanne Jenny Fiona Janet Pauline Sandra Barbara Dorothy
    Eileen Brenda Maureen Irene Beverley Wendy Diane Lorraine Julia Wei Ming Xin Hui Yan Jun Mei Ling Hiroshi
""".split()
)

#: Common surnames that are not everyday English words (no Green, King, Hill, Baker...).
SURNAMES = frozenset(
    """
    Smith Jones Williams Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson Thompson Wright Walker
    Edwards Hughes Lewis Harris Clarke Patel Jackson Martin Morris Moore Clark Harrison Morgan Allen James
    Scott Phillips Watson Davis Parker Bennett Griffiths Mitchell Kelly Richardson Bailey Collins Murphy
    Miller Richards Khan Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Ali
    Hussain Campbell Matthews Owen Holmes Barnes Lloyd Russell Barker Stevens Jenkins Murray Dixon Harvey
    Ahmed Shah Kaur Chowdhury Rahman Akhtar Iqbal Mahmood Okafor Mensah Nguyen Kowalski Nowak Doe Brown
    Zhang Wang Chen Liu Sharma Gupta Kumar Mohamed Hassan Ibrahim Okoro Adeyemi Boateng Osei Murphy Byrne
""".split()
)

#: Capitalised words that start sentences or name things, never the first half of a personal name.
_NOT_FORENAMES = frozenset(
    """
    The This That These Those In On At For From By With Without As If When Where While After Before Since
    Until Although Though But And Or So Yet Nor It Its We Our They Their He She His Her You Your Some Many
    Most All Each Every No One Two Three Both Such Other Another Only Also Even Still Then Now Here There
    What Which Who Whom Whose Why How Because Under Over Between Among Through During Into Upon Across
    Against Along Around Behind Below Beside Beyond Despite Except Inside Near Outside Per Plus Towards
    Unlike Via Within New Old Great Little Local Royal British English National Regional North South East
    West Northern Southern Eastern Western Central Greater Upper Lower General Special Senior Junior Chief
    Deputy Assistant Acting Interim Former Late Dear Thanks Thank See Source Sources Table Figure Chapter
    Recommendation Recommendations Note Notes Mental Health Learning Disability Autism Autistic Care
""".split()
)


# --- allow-list ----------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    text = re.sub(r"['’]s(?=\W|$)", "", text)
    return tuple(re.sub(r"[.,'’]+(?=\s|$)", "", text).casefold().split())


def _digits(text: str) -> str:
    """A phone number in one form: its digits, with +44 or 0044 written as a leading 0."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("44") and len(digits) > 10:
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    return digits


def _email_key(text: str) -> str:
    text = re.sub(rf"{_AT}", "@", text, flags=re.IGNORECASE)
    return re.sub(rf"{_DOT}", ".", text, flags=re.IGNORECASE).casefold()


#: How each kind of published contact detail is compared with a finding.
CONTACT_KINDS: dict[str, Callable[[str], str]] = {
    "phone number": _digits,
    "postcode": lambda text: re.sub(r"\s", "", text).upper(),
    "e-mail address": _email_key,
}


@dataclass(frozen=True)
class _Allowed:
    """Pseudonyms, public figures, named programmes and published contact details, ready to test against."""

    names: frozenset[tuple[str, ...]]
    tokens: tuple[frozenset[str], ...]
    contacts: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    exact: frozenset[tuple[str, ...]] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, entries: Iterable[str], contacts: Iterable[tuple[str, str]] = (), exact: Iterable[str] = ()
    ) -> _Allowed:
        """`entries` allow themselves and any part of themselves ("Dr Hollins" for "Baroness Sheila
        Hollins"); `exact` names (programmes, organisations) allow only themselves."""
        names = frozenset(_words(entry) for entry in entries if entry and entry.strip())
        keys = frozenset((kind, CONTACT_KINDS[kind](value)) for kind, value in contacts)
        return cls(
            names,
            tuple(frozenset(name) for name in sorted(names)),
            keys,
            frozenset(_words(entry) for entry in exact if entry and entry.strip()),
        )

    def allows(self, title: str, name: str) -> bool:
        """True when the whole name, with or without its title, is on the list, or is part of a listed name.

        A listed first name does not allow a longer name that starts with it: pseudonym "Jane"
        must not let "Jane Doe" through.
        """
        words = _words(name)
        if {words, _words(title) + words} & (self.names | self.exact):
            return True
        return any(set(words) <= entry for entry in self.tokens)

    def allows_contact(self, kind: str, text: str) -> bool:
        return (kind, CONTACT_KINDS[kind](text)) in self.contacts


def load_public_figures(path: Path = PUBLIC_FIGURES_CSV) -> list[str]:
    """Names from the public-figures table (columns name, role, source_url); none if the file is absent."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if "name" not in (reader.fieldnames or []):
            raise ValueError(str(Problem(path.name, 1, None, "a column 'name'", ",".join(reader.fieldnames or []))))
        return [row["name"].strip() for row in reader if row["name"] and row["name"].strip()]


CONTACT_COLUMNS = ["kind", "value", "organisation", "source_url"]
ALLOWED_KINDS = (*CONTACT_KINDS, "name")


def load_published_contacts(path: Path = PUBLISHED_CONTACTS_CSV) -> tuple[list[str], list[tuple[str, str]]]:
    """Named programmes and organisations (as names) and published contact details (as (kind, value)).

    Every row must say whose detail it is and where it is published; a ValueError names any bad cell.
    """
    from rssreview import limits
    from rssreview.urls import EXPECTED, is_safe_url

    if not path.exists():
        return [], []
    limits.check_file(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != CONTACT_COLUMNS:
            found = ",".join(reader.fieldnames or []) or "nothing"
            raise ValueError(str(Problem(path.name, 1, None, ",".join(CONTACT_COLUMNS), found)))
        rows = list(reader)
    problems: list[Problem] = []
    names: list[str] = []
    contacts: list[tuple[str, str]] = []
    for number, row in enumerate(rows, start=2):
        kind, value = (row["kind"] or "").strip(), (row["value"] or "").strip()
        if kind not in ALLOWED_KINDS:
            problems.append(Problem(path.name, number, "kind", f"one of {', '.join(ALLOWED_KINDS)}", repr(kind)))
        if not value or not (row["organisation"] or "").strip():
            problems.append(
                Problem(path.name, number, None, "a value and the organisation it belongs to", "a blank cell")
            )
        url = (row["source_url"] or "").strip()
        if not is_safe_url(url):
            problems.append(Problem(path.name, number, "source_url", EXPECTED, repr(url)))
        if kind == "name":
            names.append(value)
        elif kind in CONTACT_KINDS:
            contacts.append((kind, value))
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))
    return names, contacts


# --- detectors -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    kind: str
    snippet: str


@dataclass(frozen=True)
class _View:
    """Normalised text, and the same text with capitalised words read as names."""

    text: str
    names: str


def _mask(text: str, keep: int = 1) -> str:
    """Keep the first `keep` characters; replace every other letter or digit with `*`."""
    return text[:keep] + re.sub(r"[^\W_]", "*", text[keep:])


def _nhs_check_digit_ok(digits: str) -> bool:
    """The NHS number modulus-11 check: weights 10..2 on the first nine digits."""
    remainder = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1))) % 11
    check = (11 - remainder) % 11
    return check != 10 and check == int(digits[9])


def _nhs_numbers(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _NHS_NUMBER.finditer(view.text):
        digits = m.group(1) + m.group(2) + m.group(3)
        if _nhs_check_digit_ok(digits):
            yield _Hit(m.start(), m.end(), "NHS number", f"{m.group(1)} *** ****")
    for m in _NHS_SPLIT_ONCE.finditer(view.text):
        digits = m.group(1) + m.group(2)
        if len(digits) == 10 and _nhs_check_digit_ok(digits):
            yield _Hit(m.start(), m.end(), "NHS number", f"{digits[:3]} *** ****")


def _emails(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _EMAIL.finditer(view.text):
        if not allowed.allows_contact("e-mail address", m.group(0)):
            yield _Hit(m.start(), m.end(), "e-mail address", f"{_mask(m.group(1))}@{_email_key(m.group(2))}")


def _postcodes(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _POSTCODE.finditer(view.text):
        if not allowed.allows_contact("postcode", m.group(0)):
            yield _Hit(m.start(), m.end(), "postcode", f"{m.group(1).upper()} ***")


def _phones(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _PHONE.finditer(view.text):
        if not allowed.allows_contact("phone number", m.group(0)):
            yield _Hit(m.start(), m.end(), "phone number", _mask(m.group(0), keep=5))


def _birth_dates(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _BIRTH_DATE.finditer(view.text):
        yield _Hit(m.start(), m.end(), "date of birth", f"{m.group(1)} {_mask(m.group(2), keep=0)}")


def _name_hit(start: int, end: int, title: str, name: str) -> _Hit:
    masked = " ".join(_mask(word) for word in name.split())
    return _Hit(start, end, "personal name", f"{title} {masked}".strip())


def _titled_names(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _TITLED_NAME.finditer(view.names):
        title, name = m.group(1), m.group(2)
        if name.split()[0] in _OFFICES or allowed.allows(title, name):
            continue
        yield _name_hit(m.start(), m.end(), title, name)


def _called_names(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _CALLED_NAME.finditer(view.names):
        name, joiner, following = m.group(1), m.group(2), m.group(3)
        words = name.split()
        continues_a_title = joiner is not None and joiner.casefold() in _TITLE_JOINERS and following[:1].isupper()
        if len(words) > 2 or continues_a_title or any(w in _NOT_NAMES for w in words) or allowed.allows("", name):
            continue
        yield _name_hit(m.start(1), m.start(1) + len(name), "", name)


def _word_before(text: str, position: int) -> str | None:
    found = _WORD_BEFORE.search(text, max(0, position - _LOOK_BACK), position)
    return found.group(1) if found else None


def _name_in_run(words: list[str], before: str | None) -> int | None:
    """Where a personal name starts in a run of capitalised words, or None: a known first name, or a
    name-like word followed by a known surname."""
    first = next((i for i, w in enumerate(words) if w in FIRST_NAMES), None)
    if first is not None:
        return None if (words[first - 1] if first else before) in _PLACE_PREFIXES else first
    for i in range(1, len(words)):
        forename = words[i - 1]
        if (
            words[i] in SURNAMES
            and forename not in _NOT_FORENAMES
            and forename not in _NOT_NAMES
            and forename not in _PLACE_PREFIXES
            and forename not in SURNAMES
        ):
            return i - 1
    return None


#: Month names and their short forms, some of which are also first names (June, May, April, Jun, Jan).
_MONTH_WORDS = frozenset(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


def _is_a_date(words: list[str], after: str) -> bool:
    """'June 2019' or 'May 5': a month name alone, followed by a number, is a date, not a person."""
    return len(words) == 1 and words[0] in _MONTH_WORDS and bool(re.match(r"\s*\d", after))


def _first_names(view: _View, allowed: _Allowed) -> Iterator[_Hit]:
    for m in _CAPITALISED_RUN.finditer(view.names):
        words = m.group(0).split()
        if any(w in _PLACE_WORDS for w in words):
            continue
        first = _name_in_run(words, _word_before(view.names, m.start()))
        if first is None:
            continue
        name = " ".join(words[first:])
        if allowed.allows("", name) or _is_a_date(words[first:], view.names[m.end() : m.end() + 6]):
            continue
        start = m.start() + m.group(0).index(words[first])
        yield _name_hit(start, m.end(), "", name)


#: Detectors in priority order: where two overlap, the earlier one's finding is kept.
_DETECTORS: tuple[Callable[[_View, _Allowed], Iterator[_Hit]], ...] = (
    _nhs_numbers,
    _emails,
    _postcodes,
    _phones,
    _birth_dates,
    _titled_names,
    _called_names,
    _first_names,
)


def _hits(text: str, allowed: _Allowed) -> tuple[list[_Hit], array]:
    """Findings in the normalised text (positions mapped back to `text`), in order, none overlapping."""
    normal, origin = normalise(text)
    view = _View(normal, _name_view(normal))
    taken = bytearray(len(normal))
    kept: list[_Hit] = []
    for detector in _DETECTORS:
        for hit in detector(view, allowed):
            if taken.find(1, hit.start, hit.end) == -1:
                taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
                kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept, origin


def allowed_list(
    pseudonyms: Collection[str],
    public_figures: Collection[str] | None = None,
    contacts_path: Path | None = PUBLISHED_CONTACTS_CSV,
) -> _Allowed:
    """Everything the scan allows: pseudonyms, public figures (default: their table) and published contacts."""
    figures = load_public_figures() if public_figures is None else public_figures
    names, contacts = load_published_contacts(contacts_path) if contacts_path else ([], [])
    return _Allowed.of([*pseudonyms, *figures], contacts, exact=names)


# --- public scans --------------------------------------------------------------------------


def scan_text(
    text: str,
    *,
    where: str,
    pseudonyms: Collection[str] = (),
    public_figures: Collection[str] | None = None,
    allowed: _Allowed | None = None,
) -> list[Finding]:
    """Personal data in a piece of text; each finding names `where` and the 1-based line.

    `public_figures` defaults to the names in data/evidence/public_figures.csv, if it exists;
    `allowed` (from `allowed_list`) replaces both when given.
    """
    allowed = allowed or allowed_list(pseudonyms, public_figures)
    hits, origin = _hits(text, allowed)
    breaks = [m.start() for m in re.finditer("\n", text)] if hits else []
    return [
        Finding(where, bisect.bisect_left(breaks, origin[hit.start]) + 1, None, hit.kind, hit.snippet) for hit in hits
    ]


def scan_cells(cells: Iterable[tuple[int, str, object]], *, file: str, allowed: _Allowed) -> list[Finding]:
    """Personal data in (row, column, value) cells of a table read from `file`; empty cells are skipped."""
    findings = []
    for row, column, value in cells:
        if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
            continue
        findings += [Finding(file, row, column, hit.kind, hit.snippet) for hit in _hits(str(value), allowed)[0]]
    return findings


def scan_frame(
    df: pd.DataFrame,
    *,
    file: str,
    columns: Iterable[str],
    pseudonyms: Collection[str] = (),
    public_figures: Collection[str] | None = None,
    allowed: _Allowed | None = None,
) -> list[Finding]:
    """Personal data in the named text columns of a table read from `file`, row by row.

    Rows are numbered as in a spreadsheet (header row 1, first data row 2). Empty cells
    are skipped; other values are scanned as text.
    """
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError("\n".join(f"{file}, header: expected a column {c!r}, found none" for c in missing))
    allowed = allowed or allowed_list(pseudonyms, public_figures)
    cells = (
        (position + 2, column, value)
        for position, values in enumerate(df[columns].itertuples(index=False, name=None))
        for column, value in zip(columns, values)
    )
    return scan_cells(cells, file=file, allowed=allowed)
