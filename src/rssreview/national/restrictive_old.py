"""MHSDS restrictive interventions CSV, methodology to June 2022: four levels (data/raw/README.md, "Published layouts").

The published header may name its measure columns MEASURE_ID/MEASURE_NAME/MEASURE_VALUE
or METRIC/METRIC_VALUE (the NHS code has both), so both are accepted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from rssreview.national.layouts import RI_OLD_LEVELS, Layout
from rssreview.national.long_layout import LongSpec, read_long
from rssreview.national.records import to_frame

#: Only people (MHS76) and interventions (MHS77) are published; England and provider-type rows are never
#: suppressed (data/raw/README.md, "Published layouts").
SPEC = LongSpec(
    Layout.RI_OLD,
    RI_OLD_LEVELS,
    [("MEASURE_ID", "MEASURE_VALUE", ("MEASURE_NAME",)), ("METRIC", "METRIC_VALUE", ())],
    measures=frozenset({"MHS76", "MHS77"}),
    never_suppressed=frozenset({"England", "Provider type", "Provider type; Restrictive intervention type"}),
)


def read_restrictive_old(path: Path, data: pa.Buffer | None = None) -> pa.Table:
    return read_long(path, SPEC, data)


def load_restrictive_old(path: Path) -> pd.DataFrame:
    """One row per published value of an old-layout restrictive interventions file."""
    return to_frame(read_restrictive_old(path))
