"""The MHSDS main monthly CSV: the long 11-column layout (data/raw/README.md, "Published layouts")."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from rssreview.national.layouts import Layout, levels
from rssreview.national.long_layout import LongSpec, read_long
from rssreview.national.records import to_frame

#: England rows are never rounded or suppressed (data/raw/README.md, "Published layouts"); measure ids vary too much to list.
SPEC = LongSpec(
    Layout.MHSDS_MAIN,
    levels("PRIMARY_LEVEL", "SECONDARY_LEVEL"),
    [("MEASURE_ID", "MEASURE_VALUE", ("MEASURE_NAME",))],
    never_suppressed=frozenset({"England"}),
)


def read_mhsds_main(path: Path, data: pa.Buffer | None = None) -> pa.Table:
    return read_long(path, SPEC, data)


def load_mhsds_main(path: Path) -> pd.DataFrame:
    """One row per published value of an MHSDS main monthly file."""
    return to_frame(read_mhsds_main(path))
