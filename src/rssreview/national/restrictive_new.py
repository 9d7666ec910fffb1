"""MHSDS restrictive interventions CSV, LEVEL_ONE to LEVEL_SIX with METRIC (data/raw/README.md, "Published layouts").

Used for MHS96–99 from April 2021 and for every restraint measure from July 2022.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from rssreview.national.layouts import RI_NEW_LEVELS, Layout
from rssreview.national.long_layout import LongSpec, read_long
from rssreview.national.records import to_frame

#: The metrics this file publishes (data/raw/README.md, "Published layouts"); MHSXX (bed days) is used for suppression only.
METRICS = frozenset(
    {
        "MHS76",
        "MHS77",
        "MHS96",
        "MHS97",
        "MHS98",
        "MHS98a",
        "MHS99",
        "MHS117",
        "MHS136",
        "MHS137",
        "MHS138",
        "MHS138a",
        "MHS139",
        "MHS146",
        "MHS146a",
        "MHS147",
        "MHS147a",
    }
)
SPEC = LongSpec(Layout.RI_NEW, RI_NEW_LEVELS, [("METRIC", "METRIC_VALUE", ())], METRICS)


def read_restrictive_new(path: Path, data: pa.Buffer | None = None) -> pa.Table:
    return read_long(path, SPEC, data)


def load_restrictive_new(path: Path) -> pd.DataFrame:
    """One row per published value of a new-layout restrictive interventions file."""
    return to_frame(read_restrictive_new(path))
