"""The documented map from Assuring Transformation CSV columns to our measures.

The AT CSV header is not published (data/raw/README.md, "Published layouts"), so its columns are never
hard-coded: data/national/at_column_map.csv lists each known source column (with
aliases for different releases), its role and the measure it holds. A column not
in the map is reported, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rssreview import inputs
from rssreview.national.csvfile import read_small_csv
from rssreview.national.errors import NationalDataError, file_label
from rssreview.national.measures import MEASURES_CSV
from rssreview.national.measures import allowed as listed_measures
from rssreview.paths import NATIONAL
from rssreview.problems import Problem

AT_COLUMN_MAP = NATIONAL / "at_column_map.csv"
MAP_COLUMNS = ["source_column", "role", "target", "note"]
ROLES = {"period_end", "geography", "measure"}
DATASET = "AT"


@dataclass(frozen=True)
class ColumnMap:
    """Source column (case-folded) → (role, target measure)."""

    aliases: dict[str, tuple[str, str]]

    def lookup(self, column: str) -> tuple[str, str] | None:
        return self.aliases.get(column.strip().casefold())


def load_column_map(path: Path = AT_COLUMN_MAP) -> ColumnMap:
    """Read and check the column map: known roles, a listed measure for every measure column, no alias twice."""
    return _load_column_map(path, inputs.fingerprint([Path(path), MEASURES_CSV]))


@lru_cache(maxsize=4)
def _load_column_map(path: Path, _content: str) -> ColumnMap:
    """The map for one content of it and of the measures table it is checked against (`_content`)."""
    name = file_label(path)
    _, rows = read_small_csv(path, MAP_COLUMNS)
    problems, aliases = [], {}
    allowed = listed_measures(DATASET)
    for number, row in rows:
        key, role, target = row["source_column"].strip().casefold(), row["role"].strip(), row["target"].strip()
        if role not in ROLES:
            problems.append(Problem(name, number, "role", "one of " + ", ".join(sorted(ROLES)), repr(role)))
        if (role == "measure") != bool(target):
            problems.append(Problem(name, number, "target", "a measure name for role 'measure' only", repr(target)))
        elif target and target not in allowed:
            problems.append(
                Problem(name, number, "target", f"a {DATASET} measure listed in measures.csv", repr(target))
            )
        if key in aliases:
            problems.append(Problem(name, number, "source_column", "each source column once", repr(key)))
        aliases[key] = (role, target)
    if problems:
        raise NationalDataError(problems)
    return ColumnMap(aliases)
