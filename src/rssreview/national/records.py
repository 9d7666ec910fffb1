"""The common shape every loader returns: one row per published value.

Columns: period_end, status, breakdown, level, measure, value (NaN when
suppressed), suppressed. Cells marked not applicable (`-`) carry no value and are
left out. Text columns stay dictionary-encoded so that tens of millions of rows fit
in memory.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from rssreview.national.cells import Coded, Numbers

RECORD_COLUMNS = ["period_end", "status", "breakdown", "level", "measure", "value", "suppressed"]
TIMESTAMP = pa.timestamp("us")


def records(
    period_end: np.ndarray, status: Coded, breakdown: Coded, level: Coded, measure: Coded, nums: Numbers
) -> pa.Table:
    """The common table; `nums.value` is already NaN where suppressed (see cells.numbers)."""
    rows = slice(None) if nums.applicable.all() else nums.applicable
    return pa.table(
        {
            "period_end": pa.array(period_end[rows].astype("datetime64[us]"), TIMESTAMP),
            "status": status.arrow(rows),
            "breakdown": breakdown.arrow(rows),
            "level": level.arrow(rows),
            "measure": measure.arrow(rows),
            "value": pa.array(nums.value[rows], pa.float64()),
            "suppressed": pa.array(nums.suppressed[rows], pa.bool_()),
        }
    )


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A records table as pandas, text columns as categoricals."""
    return table.to_pandas()
