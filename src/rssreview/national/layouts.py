"""The published file layouts, and telling which one a file is from its header alone.

File names and releases vary (data/raw/README.md, "Published layouts"), so the header is the only
reliable signal. An unrecognised header is one clear error, never a guess.
"""

from __future__ import annotations

import codecs
import csv
import enum
import re
from pathlib import Path

from rssreview.national.at_column_map import load_column_map
from rssreview.national.csvfile import field_at, resave
from rssreview.national.errors import NationalDataError, file_label, raise_if_any
from rssreview.problems import Problem

REPORTING = ["REPORTING_PERIOD_START", "REPORTING_PERIOD_END", "STATUS", "BREAKDOWN"]


class Layout(enum.Enum):
    """A published layout; the value is the dataset name its rows carry."""

    MHSDS_MAIN = "MHSDS"
    RI_OLD = "MHSDS-RI"
    RI_NEW = "MHSDS-RI-NEW"
    LDA = "MHSDS-LDA"
    AT = "AT"

    @property
    def dataset(self) -> str:
        return self.value


LABELS = {
    Layout.MHSDS_MAIN: "MHSDS main monthly CSV (11 columns, MEASURE_ID/MEASURE_VALUE)",
    Layout.RI_OLD: "MHSDS restrictive interventions, 4 levels (TERTIARY/QUARTERNARY_LEVEL)",
    Layout.RI_NEW: "MHSDS restrictive interventions, LEVEL_ONE to LEVEL_SIX with METRIC",
    Layout.LDA: "MHSDS learning disability and autism (LDA_Published, wide)",
    Layout.AT: "Assuring Transformation England CSV (columns listed in data/national/at_column_map.csv)",
}


def levels(*names: str) -> list[str]:
    return [c for n in names for c in (n, f"{n}_DESCRIPTION")]


MHSDS_MAIN_COLUMNS = [
    *REPORTING,
    *levels("PRIMARY_LEVEL", "SECONDARY_LEVEL"),
    "MEASURE_ID",
    "MEASURE_NAME",
    "MEASURE_VALUE",
]
RI_OLD_LEVELS = levels("PRIMARY_LEVEL", "SECONDARY_LEVEL", "TERTIARY_LEVEL", "QUARTERNARY_LEVEL")
RI_NEW_LEVELS = levels("LEVEL_ONE", "LEVEL_TWO", "LEVEL_THREE", "LEVEL_FOUR", "LEVEL_FIVE", "LEVEL_SIX")
RI_NEW_COLUMNS = [*REPORTING, *RI_NEW_LEVELS, "METRIC", "METRIC_VALUE"]
LDA_ID_COLUMNS = [
    "Geography",
    "OrgCode",
    "OrgName",
    "PrimaryMeasure",
    "PrimarySplit",
    "SecondaryMeasure",
    "SecondarySplit",
]

#: What a file that is not text really is, told by its first bytes.
NOT_CSV = {
    b"PK\x03\x04": "a ZIP archive (an .xlsx workbook is one too; unzip it, or save the sheet as CSV)",
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip archive (unzip it first)",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or other Office file (save the sheet as CSV)",
}
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


def read_header(path: Path) -> list[str]:
    """The header row as a list of names, or a NationalDataError saying why there is none."""
    name = file_label(path)
    with open(path, "rb") as f:
        head = f.read(65536)
    if not head.strip():
        raise NationalDataError([Problem(name, None, None, "a CSV file with a header row", "an empty file")])
    for magic, what in NOT_CSV.items():
        if head.startswith(magic):
            raise NationalDataError([Problem(name, None, None, "a CSV file", what)])
    if head.startswith(UTF16_MARKS) or head[:200].count(b"\x00") > 10:
        raise NationalDataError(
            [Problem(name, None, None, "UTF-8 text", "UTF-16 text or other binary data (save it as UTF-8 CSV)")]
        )
    first = re.split(rb"\r\n|\r|\n", head, maxsplit=1)[0].removeprefix(codecs.BOM_UTF8)
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError as err:
        names = first.decode("utf-8", "replace").split(",")
        index = field_at(first, err.start)
        raise NationalDataError(
            [
                Problem(
                    name,
                    1,
                    names[index] if index < len(names) else None,
                    "UTF-8 text",
                    f"the byte 0x{first[err.start]:02x} at character {err.start + 1} {resave(head)}",
                )
            ]
        ) from None
    if text.lstrip().startswith("<"):
        raise NationalDataError([Problem(name, None, None, "a CSV file", "HTML or XML (perhaps an error page)")])
    try:
        return [c.strip() for c in next(csv.reader([text]))]
    except csv.Error as err:
        raise NationalDataError([Problem(name, 1, None, "a header row of comma-separated names", str(err))]) from None


def name_key(column: str) -> str:
    """A column name with letter case, spaces and underscores ignored, to recognise near misses."""
    return re.sub(r"[\s_]+", "", column).casefold()


def near_misses(header: list[str], names: list[str]) -> dict[str, str]:
    """Header columns that differ from one of `names` only in letter case or spacing, with the name meant.

    The published files spell their headers exactly (checked on real MHSDS files), so a near miss is
    reported, not silently accepted: it is a sign the file was edited or exported by hand.
    """
    known = {name_key(n): n for n in names}
    return {c: known[name_key(c)] for c in header if c not in names and known.get(name_key(c), c) != c}


def near_miss_problems(path: Path, near: dict[str, str]) -> list[Problem]:
    """One line per near miss, or one line for the whole header when many names are near misses."""
    if len(near) > 3:
        found, meant = next(iter(near.items()))
        return [
            Problem(
                file_label(path),
                1,
                None,
                f"the column names as published (e.g. {meant})",
                f"{len(near)} names that differ only in letter case or spacing (e.g. {found!r}): {', '.join(near)}",
            )
        ]
    return [
        Problem(
            file_label(path),
            1,
            found,
            f"a column named {meant}",
            f"{found!r}, which differs only in letter case or spacing",
        )
        for found, meant in near.items()
    ]


def delimiter_hint(header: list[str]) -> str:
    """A note when a one-column header looks like another delimiter was used."""
    if len(header) == 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in header[0]:
                return f" (it looks separated by {label}, not commas)"
    return ""


def classify(header: list[str], at_columns: set[str]) -> Layout | None:
    """The layout a header belongs to, judged by the columns only that layout has."""
    cols = set(header)
    if cols & {"LEVEL_ONE", "LEVEL_SIX"} and "METRIC" in cols:
        return Layout.RI_NEW
    if cols & {"TERTIARY_LEVEL", "QUARTERNARY_LEVEL"}:
        return Layout.RI_OLD
    if {"Geography", "PrimaryMeasure"} <= cols:
        return Layout.LDA
    if {"REPORTING_PERIOD_END", "PRIMARY_LEVEL"} <= cols and cols & {"MEASURE_ID", "MEASURE_VALUE"}:
        return Layout.MHSDS_MAIN
    folded = {c.casefold() for c in cols}
    if folded and len(folded & at_columns) * 2 >= len(folded):
        return Layout.AT
    return None


#: The columns that tell layouts apart (see classify), with the other fixed names of every layout.
KNOWN_COLUMNS = sorted({*MHSDS_MAIN_COLUMNS, *RI_OLD_LEVELS, *RI_NEW_COLUMNS, *LDA_ID_COLUMNS})


def case_problems(path: Path, header: list[str]) -> list[Problem]:
    """Near-miss column names, when spelling them right would make the header one of our layouts."""
    near = near_misses(header, KNOWN_COLUMNS)
    fixed = [near.get(c, c) for c in header]
    return near_miss_problems(path, near) if near and classify(fixed, set(load_column_map().aliases)) else []


def detect_layout(path: Path) -> Layout:
    """The layout of a published file, read from its header; one clear error when it is none of ours."""
    header = read_header(path)
    layout = classify(header, set(load_column_map().aliases))
    if layout is None:
        raise_if_any(case_problems(path, header))
        shown = ",".join(header)
        shown = shown if len(shown) <= 300 else shown[:300] + "…"
        expected = "one of: " + "; ".join(LABELS.values())
        raise NationalDataError(
            [Problem(file_label(path), 1, None, expected, f"{len(header)} column(s) '{shown}'{delimiter_hint(header)}")]
        )
    return layout


def require_layout(path: Path, header: list[str], wanted: Layout) -> None:
    """Reject a file of another layout with a message naming both layouts."""
    found = classify(header, set(load_column_map().aliases))
    if found is not wanted:
        raise_if_any(case_problems(path, header))
        what = LABELS[found] if found else f"an unknown layout '{','.join(header)[:200]}'{delimiter_hint(header)}"
        raise NationalDataError([Problem(file_label(path), 1, None, f"the {LABELS[wanted]}", what)])


def column_problems(
    path: Path, header: list[str], required: list[str], optional: frozenset[str] = frozenset()
) -> list[Problem]:
    """Missing, unexpected and repeated columns of a known layout."""
    name = file_label(path)
    near = near_misses(header, [*required, *optional])
    problems = near_miss_problems(path, near) + [
        Problem(name, 1, c, f"a column named {c}", "no such column")
        for c in required
        if c not in header and c not in near.values()
    ]
    problems += [
        Problem(name, 1, c, "only the columns of this layout", f"an unexpected column {c!r}")
        for c in header
        if c not in required and c not in optional and c not in near
    ]
    problems += [
        Problem(name, 1, c, "each column once", f"{c} {header.count(c)} times")
        for c in sorted({c for c in header if header.count(c) > 1})
    ]
    return problems
