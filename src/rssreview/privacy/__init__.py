"""A guard against publishing personal data: scans text before anything leaves the project.

The evidence tables are written by people, and a careless paste could carry a patient's NHS
number, address, date of birth, phone number, e-mail address or name into the book. The scan
looks for those, reports where each one is (never the full datum: every finding is masked) and
`guard` refuses to go on while any remain.

One module per kind of datum, each with a `find(view, allowed)` that yields its hits:
`nhs` (NHS numbers), `phones` (phone numbers, by `phonenumbers`), `emails`, `postcodes`,
`birth_dates` and `names`. Before any of them looks, `normalise` gives the text one spelling
(NFKC, look-alike letters, digits of every script, every dash, slash, dot and space, HTML
character references, invisible characters dropped). `allowed` holds what may be published:
pseudonyms, public figures, named programmes and organisations' published contact details.

Where two findings overlap, the one from the detector earlier in `DETECTORS` is kept. The scan is
linear in the size of the text: every pattern is bounded in length, and overlapping findings
are resolved with one mark per character.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Callable, Collection, Iterable, Iterator

import pandas as pd

from rssreview.privacy import birth_dates, emails, names, nhs, phones, postcodes
from rssreview.privacy.allowed import (
    PUBLIC_FIGURES_CSV,
    PUBLISHED_CONTACTS_CSV,
    Allowed,
    allowed_list,
    load_public_figures,
    load_published_contacts,
)
from rssreview.privacy.findings import Finding, Hit, PersonalDataError, guard
from rssreview.privacy.normalise import View, normalise

#: The detectors, one per kind, in priority order: where two overlap, the earlier one's finding is kept.
DETECTORS: tuple[Callable[[View, Allowed], Iterator[Hit]], ...] = (
    emails.find,
    phones.find,
    nhs.find,
    postcodes.find,
    birth_dates.find,
    names.titled,
    names.called,
    names.known,
)
#: Every kind of datum the guard reports.
KINDS = (emails.KIND, phones.KIND, nhs.KIND, postcodes.KIND, birth_dates.KIND, names.KIND)


def _hits(text: str, allowed: Allowed) -> tuple[list[Hit], array]:
    """Findings in the normalised text (positions mapped back to `text`), in order, none overlapping."""
    normal, origin = normalise(text)
    view = View.of(normal)
    taken = bytearray(len(normal))
    kept: list[Hit] = []
    for detector in DETECTORS:
        for hit in detector(view, allowed):
            if taken.find(1, hit.start, hit.end) == -1:
                taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
                kept.append(hit)
    kept.sort(key=lambda h: (h.start, h.end))
    return kept, origin


def scan_text(
    text: str,
    *,
    where: str,
    pseudonyms: Collection[str] = (),
    public_figures: Collection[str] | None = None,
    allowed: Allowed | None = None,
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


def scan_cells(cells: Iterable[tuple[int, str, object]], *, file: str, allowed: Allowed) -> list[Finding]:
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
    allowed: Allowed | None = None,
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


__all__ = [
    "DETECTORS",
    "KINDS",
    "PUBLIC_FIGURES_CSV",
    "PUBLISHED_CONTACTS_CSV",
    "Allowed",
    "Finding",
    "PersonalDataError",
    "allowed_list",
    "guard",
    "load_public_figures",
    "load_published_contacts",
    "normalise",
    "scan_cells",
    "scan_frame",
    "scan_text",
]
