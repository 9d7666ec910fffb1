"""Turning published text cells into typed values, working on distinct values only.

Cells arrive dictionary-encoded (see csvfile.py): each function transforms the
dictionary (a few thousand strings at most) and keeps the row indices, so a
300,000-row file costs little more than reading it.

Cell conventions (data/raw/README.md, "Published layouts"): `*` is a suppressed value, never
zero; `-` is "not applicable"; `NONE` and `NULL` in label columns mean blank.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from rssreview.national.errors import row_problems
from rssreview.problems import Problem

SUPPRESSED = "*"
NOT_APPLICABLE = "-"
BLANK_WORDS = ("NONE", "NULL")
NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
GROUPED_NUMBER = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y")
#: Published dates fall well inside this range (the series start in 2015); a date outside it is a typing error.
DATE_RANGE = (dt.date(2010, 1, 1), dt.date(2040, 12, 31))


@dataclass(frozen=True)
class Coded:
    """A text column as row codes into a list of distinct strings."""

    codes: np.ndarray
    values: np.ndarray

    @classmethod
    def of(cls, column: pa.ChunkedArray | pa.DictionaryArray) -> Coded:
        arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        return cls(
            arr.indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False),
            arr.dictionary.to_numpy(zero_copy_only=False).astype(object, copy=False),
        )

    @classmethod
    def constant(cls, value: str, n: int) -> Coded:
        return cls(np.zeros(n, dtype=np.int32), np.asarray([value], dtype=object))

    def mapped(self, new_values: np.ndarray) -> Coded:
        """The same rows with each distinct value replaced, merging values that become equal (values sorted)."""
        texts = new_values.tolist()
        uniq = sorted(set(texts))
        position = {v: i for i, v in enumerate(uniq)}
        remap = np.fromiter((position[v] for v in texts), dtype=np.int32, count=len(texts))
        unchanged = len(uniq) == len(texts) and bool((remap == np.arange(len(texts))).all())
        return Coded(self.codes if unchanged else remap[self.codes], np.asarray(uniq, dtype=object))

    def rows(self) -> np.ndarray:
        return self.values[self.codes]

    def arrow(self, rows: np.ndarray | slice = slice(None)) -> pa.DictionaryArray:
        codes = self.codes[rows]
        return pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(self.values.tolist(), pa.string()))


def strip(col: Coded) -> Coded:
    """Surrounding whitespace removed (e.g. the published 'Performance ' status)."""
    return col.mapped(np.asarray([v.strip() for v in col.values], dtype=object))


def label(col: Coded) -> Coded:
    """A label column with whitespace stripped and NONE/NULL made blank."""
    return col.mapped(
        np.asarray(["" if v.strip().upper() in BLANK_WORDS else v.strip() for v in col.values], dtype=object)
    )


def pair_codes(left: Coded, right: Coded) -> tuple[np.ndarray, np.ndarray]:
    """Row codes into the distinct (left, right) pairs present, and each pair's key left * width + right.

    When the possible pairs are few compared with the rows (the usual case) a lookup
    table finds them without hashing every row.
    """
    width = len(right.values)
    key = left.codes.astype(np.int64) * width + right.codes
    space = len(left.values) * width
    if space > 4 * len(key):
        inverse, uniq = pd.factorize(key)
        return inverse.astype(np.int32), uniq
    present = np.zeros(space, dtype=bool)
    present[key] = True
    uniq = np.flatnonzero(present)
    lookup = np.zeros(space, dtype=np.int32)
    lookup[uniq] = np.arange(len(uniq), dtype=np.int32)
    return lookup[key], uniq


def pairwise(parts: list[Coded], combine) -> Coded:
    """Row-wise combination of text columns, computed once per distinct combination.

    `combine` works on two object arrays of strings, element by element.
    """
    out = parts[0]
    for nxt in parts[1:]:
        inverse, uniq = pair_codes(out, nxt)
        width = len(nxt.values)
        texts = combine(out.values[uniq // width], nxt.values[uniq % width])
        out = Coded(inverse, texts).mapped(texts)
    return out


def join(parts: list[Coded], sep: str = "; ") -> Coded:
    """Row-wise join of label columns, leaving out blanks."""
    return pairwise(parts, lambda a, b: np.where((a != "") & (b != ""), a + sep + b, a + b))


def first_filled(parts: list[Coded]) -> Coded:
    """Row-wise first non-blank label (a description, else its code)."""
    if "" not in parts[0].values:
        return parts[0]
    return pairwise(parts, lambda a, b: np.where(a != "", a, b))


@dataclass(frozen=True)
class Numbers:
    """Parsed numeric cells: value (NaN when suppressed or not applicable) and the two flags."""

    value: np.ndarray
    suppressed: np.ndarray
    applicable: np.ndarray


def stack(parts: list[Numbers]) -> Numbers:
    """Parsed columns one after another, as a melted wide file needs."""
    return Numbers(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("value", "suppressed", "applicable")))


def numbers(col: Coded, file: str, column: str, rows: np.ndarray) -> tuple[Numbers, list[Problem]]:
    """Numbers from text: `*` suppressed, `-` not applicable; anything else non-numeric or negative is a problem."""
    text = pc.utf8_trim_whitespace(pa.array(col.values.tolist(), pa.string()))
    grouped = pc.match_substring_regex(text, GROUPED_NUMBER)
    text = pc.if_else(grouped, pc.replace_substring(text, ",", ""), text)
    valid = pc.match_substring_regex(text, NUMBER).to_numpy(zero_copy_only=False)
    parsed = pc.cast(pc.if_else(pa.array(valid), text, pa.scalar(None, pa.string())), pa.float64())
    values = parsed.to_numpy(zero_copy_only=False)
    star = pc.equal(text, SUPPRESSED).to_numpy(zero_copy_only=False)
    dash = pc.equal(text, NOT_APPLICABLE).to_numpy(zero_copy_only=False)
    problems = []
    for bad, expected in (
        (~(valid | star | dash), "a number, '*' (suppressed) or '-' (not applicable)"),
        (valid & (np.nan_to_num(values, nan=0.0) < 0), "a count or rate of zero or more"),
    ):
        if bad.any():
            hit = np.flatnonzero(bad[col.codes])
            problems += row_problems(
                file,
                rows[hit].tolist(),
                column,
                expected,
                [repr(v) if v.strip() else "an empty cell" for v in col.values[col.codes[hit]]],
            )
    return Numbers(values[col.codes], star[col.codes], ~dash[col.codes]), problems


def repeats(parts: list[Coded]) -> tuple[np.ndarray, np.ndarray]:
    """Rows (0-based) whose combination of values in `parts` appeared on an earlier row, and that earlier row.

    A lookup table answers the usual question (are there any?) quickly; rows are
    located only when there are some.
    """
    key = parts[0]
    for part in parts[1:-1]:
        inverse, uniq = pair_codes(key, part)
        key = Coded(inverse, np.empty(len(uniq), dtype=object))
    last = parts[-1] if len(parts) > 1 else Coded(np.zeros(len(key.codes), dtype=np.int8), np.empty(1, dtype=object))
    codes = key.codes.astype(np.int64) * len(last.values) + last.codes
    space = len(key.values) * len(last.values)
    if space <= 16 * len(codes):
        present = np.zeros(space, dtype=bool)
        present[codes] = True
        if np.count_nonzero(present) == len(codes):
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    inverse, uniq = pd.factorize(codes)
    _, first = np.unique(inverse, return_index=True)
    earlier = first[inverse]
    again = np.flatnonzero(earlier != np.arange(len(codes)))
    return again, earlier[again]


def duplicate_problems(file: str, rows: np.ndarray, key: str, parts: list[Coded]) -> list[Problem]:
    """A problem for each row repeating an earlier row's key (the columns named in `key`)."""
    again, earlier = repeats(parts)
    return row_problems(
        file, rows[again].tolist(), None, f"one row per {key}", [f"a repeat of row {r}" for r in rows[earlier].tolist()]
    )


def as_dates(col: Coded) -> Coded:
    """A date column coded by the date it means, so that 30/04/2023 and 2023-04-30 are one value."""
    return col.mapped(np.asarray([str(parse_date(v) or v) for v in col.values], dtype=object))


def parse_date(text: str) -> dt.date | None:
    """A date written DD/MM/YYYY, DD/MM/YY or ISO YYYY-MM-DD; None if it is none of these."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def dates(col: Coded, file: str, column: str, rows: np.ndarray) -> tuple[np.ndarray, list[Problem]]:
    """Row dates as datetime64[D]; unparseable dates, and dates outside DATE_RANGE (typing errors), are reported."""
    parsed = [parse_date(v) for v in col.values]
    days = np.asarray(
        [np.datetime64(d, "D") if d else np.datetime64("NaT", "D") for d in parsed], dtype="datetime64[D]"
    )
    problems: list[Problem] = []
    first, last = DATE_RANGE
    for bad, expected in (
        (np.isnat(days), "a date as DD/MM/YYYY, DD/MM/YY or YYYY-MM-DD"),
        (
            np.asarray([d is not None and not first <= d <= last for d in parsed], dtype=bool),
            f"a date from {first:%d/%m/%Y} to {last:%d/%m/%Y}",
        ),
    ):
        if bad.any():
            hit = np.flatnonzero(bad[col.codes])
            problems += row_problems(
                file, rows[hit].tolist(), column, expected, [repr(v) for v in col.values[col.codes[hit]]]
            )
    return days[col.codes], problems
