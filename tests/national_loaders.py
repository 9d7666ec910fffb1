"""The national loaders under test, once: each NHS fixture file with the reader of its layout, and the
project's own national tables with theirs (the damage tests and the problem-type tests both use them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rssreview.national import (
    load_at,
    load_lda,
    load_mhsds_main,
    load_national_figures,
    load_restrictive_new,
    load_restrictive_old,
)
from rssreview.national.at_column_map import load_column_map
from rssreview.national.lda_measure_map import load_measure_map
from rssreview.national.measures import load_measures

#: Files in tests/fixtures/national/, by name, with the loader of their layout.
FILE_LOADERS: dict[str, Callable[[Path], object]] = {
    "MHSDS Data_AprPrf_2023.csv": load_mhsds_main,
    "MHSDS Data_Rstr_Jun2022_Prf.csv": load_restrictive_old,
    "MHSDS Data_Rstr_Jul2022_Prf.csv": load_restrictive_new,
    "RI_Jun2022_metric_form.csv": load_restrictive_old,
    "LDA_Published_Feb_2022.csv": load_lda,
    "AT_England_2022.csv": load_at,
}
#: Tables in data/national/, by name, with their loader.
TABLE_LOADERS: dict[str, Callable[[Path], object]] = {
    "national_figures.csv": load_national_figures,
    "at_column_map.csv": load_column_map,
    "lda_measure_map.csv": load_measure_map,
    "measures.csv": load_measures,
}
