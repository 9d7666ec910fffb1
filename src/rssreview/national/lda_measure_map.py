"""The documented map from LDA_Published columns to the measures the national chapters chart.

LDA files keep NHS column names (e.g. `Restraints_Count_of_restraints`) and publish
every geography and breakdown in one file (data/raw/README.md, "Published layouts"). Only the national
geography, written `Total data as submitted`, may feed a national figure, so
data/national/lda_measure_map.csv names, for each chart measure, the source column
and the national breakdown (PrimaryMeasure, PrimarySplit) it is read from: `Total`,
`Total` for all people, or e.g. `Age`, `Under 18` for a split.

`as_national` rewrites an LDA file's records so that its national rows look like
every other dataset's: breakdown and level `England`, mapped columns under the
chart measure names. Sub-national rows keep their published names and labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa

from rssreview import inputs
from rssreview.national.cells import Coded
from rssreview.national.csvfile import read_small_csv
from rssreview.national.errors import NationalDataError, file_label
from rssreview.national.lda import LATER_MEASURE, LDA_MEASURES
from rssreview.national.measures import MEASURES_CSV
from rssreview.national.measures import allowed as listed_measures
from rssreview.paths import NATIONAL
from rssreview.problems import Problem

LDA_MEASURE_MAP = NATIONAL / "lda_measure_map.csv"
MAP_COLUMNS = ["source_column", "primary_measure", "primary_split", "measure", "note"]
DATASET = "MHSDS-LDA"
#: How LDA files name the national geography (in Geography, OrgCode and OrgName).
NATIONAL_GEOGRAPHY = "Total data as submitted"
#: The breakdown and level every dataset's national rows carry in the tidy table.
ENGLAND = "England"


@dataclass(frozen=True)
class MeasureMapping:
    """One map row: the national cell of `source_column` in the (primary_measure, primary_split) row."""

    source_column: str
    primary_measure: str
    primary_split: str
    measure: str

    @property
    def breakdown(self) -> str:
        """The loader's breakdown label for this row (Geography; PrimaryMeasure), see lda.py."""
        return f"{NATIONAL_GEOGRAPHY}; {self.primary_measure}"

    @property
    def level(self) -> str:
        """The loader's level label for this row (OrgName; PrimarySplit), see lda.py."""
        return f"{NATIONAL_GEOGRAPHY}; {self.primary_split}"


TOTAL = MeasureMapping("", "Total", "Total", "")


def row_problems(name: str, number: int, row: dict[str, str], allowed: frozenset[str]) -> list[Problem]:
    problems = []
    column = row["source_column"]
    if column not in LDA_MEASURES and not LATER_MEASURE.match(column):
        problems.append(
            Problem(name, number, "source_column", "an LDA_Published measure column (see lda.py)", repr(column))
        )
    for field in ("primary_measure", "primary_split"):
        if not row[field]:
            problems.append(Problem(name, number, field, "a PrimaryMeasure/PrimarySplit label", "a blank cell"))
    if row["measure"] not in allowed:
        problems.append(
            Problem(name, number, "measure", f"a {DATASET} measure listed in measures.csv", repr(row["measure"]))
        )
    return problems


def load_measure_map(path: Path = LDA_MEASURE_MAP) -> tuple[MeasureMapping, ...]:
    """Read and check the map: known columns and measures, each source cell and each measure once."""
    return _load_measure_map(path, inputs.fingerprint([Path(path), MEASURES_CSV]))


@lru_cache(maxsize=4)
def _load_measure_map(path: Path, _content: str) -> tuple[MeasureMapping, ...]:
    """The map for one content of it and of the measures table it is checked against (`_content`)."""
    name = file_label(path)
    _, rows = read_small_csv(path, MAP_COLUMNS)
    problems, mappings = [], []
    cells, measures = set(), set()
    allowed = listed_measures(DATASET)
    for number, row in rows:
        problems += row_problems(name, number, row, allowed)
        cell = (row["source_column"], row["primary_measure"], row["primary_split"])
        if cell in cells:
            problems.append(
                Problem(name, number, "source_column", "each (column, measure, split) once", repr(", ".join(cell)))
            )
        if row["measure"] in measures:
            problems.append(Problem(name, number, "measure", "each measure once", repr(row["measure"])))
        cells.add(cell)
        measures.add(row["measure"])
        mappings.append(MeasureMapping(*cell, row["measure"]))
    if problems:
        raise NationalDataError(problems)
    return tuple(mappings)


def rows_with(col: Coded, value: str) -> np.ndarray:
    """Which rows hold `value` (compared on the few distinct values, then on codes)."""
    return np.isin(col.codes, np.flatnonzero(col.values == value))


def relabelled(col: Coded, rows: list[np.ndarray], labels: list[str]) -> Coded:
    """The column with each group of rows given its new label."""
    values = np.append(col.values, np.asarray(labels, dtype=object))
    codes = np.array(col.codes, dtype=np.int32)
    for offset, chosen in enumerate(rows):
        codes[chosen] = len(col.values) + offset
    return Coded(codes, values)


def as_national(table: pa.Table, mappings: tuple[MeasureMapping, ...] | None = None) -> pa.Table:
    """LDA records with national rows labelled England and mapped cells renamed to chart measures."""
    mappings = load_measure_map() if mappings is None else mappings
    measure, breakdown, level = (Coded.of(table[c]) for c in ("measure", "breakdown", "level"))

    def national(m: MeasureMapping) -> np.ndarray:
        return rows_with(breakdown, m.breakdown) & rows_with(level, m.level)

    mapped = [national(m) & rows_with(measure, m.source_column) for m in mappings]
    england = np.logical_or.reduce([national(TOTAL), *mapped])
    measure = relabelled(measure, mapped, [m.measure for m in mappings])
    breakdown, level = (relabelled(c, [england], [ENGLAND]) for c in (breakdown, level))
    for name, col in (("measure", measure), ("breakdown", breakdown), ("level", level)):
        table = table.set_column(table.schema.get_field_index(name), name, col.arrow())
    return table
