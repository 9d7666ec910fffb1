"""Reading any published file: detect its layout, then use that layout's loader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyarrow as pa

from rssreview.national.assuring_transformation import read_at
from rssreview.national.layouts import Layout, detect_layout
from rssreview.national.lda import read_lda
from rssreview.national.mhsds_main import read_mhsds_main
from rssreview.national.records import to_frame
from rssreview.national.restrictive_new import read_restrictive_new
from rssreview.national.restrictive_old import read_restrictive_old


def read_file(
    path: Path, period: str | dt.date | None = None, data: pa.Buffer | None = None
) -> tuple[Layout, pa.Table]:
    """The layout of a file and its records; `data` is the file's bytes when already in memory."""
    layout = detect_layout(path)
    if layout is Layout.LDA:
        return layout, read_lda(path, period, data)
    if layout is Layout.AT:
        return layout, read_at(path, period, data)
    reader = {
        Layout.MHSDS_MAIN: read_mhsds_main,
        Layout.RI_OLD: read_restrictive_old,
        Layout.RI_NEW: read_restrictive_new,
    }[layout]
    return layout, reader(path, data)


def load_file(path: Path, period: str | dt.date | None = None) -> pd.DataFrame:
    """One row per published value of any supported file."""
    return to_frame(read_file(path, period)[1])
