"""National data: loaders for the published NHS files, the tidy indicator table, the embedded figures, fetch."""

from rssreview.national.assuring_transformation import load_at
from rssreview.national.errors import NationalDataError
from rssreview.national.fetch import FetchResult, fetch
from rssreview.national.figures import load_national_figures
from rssreview.national.indicators import INDICATOR_COLUMNS, build_indicators
from rssreview.national.layouts import Layout, detect_layout
from rssreview.national.lda import load_lda
from rssreview.national.load import load_file
from rssreview.national.manifest import read_manifest
from rssreview.national.mhsds_main import load_mhsds_main
from rssreview.national.restrictive_new import load_restrictive_new
from rssreview.national.restrictive_old import load_restrictive_old

__all__ = [
    "INDICATOR_COLUMNS",
    "FetchResult",
    "Layout",
    "NationalDataError",
    "build_indicators",
    "detect_layout",
    "fetch",
    "load_at",
    "load_file",
    "load_lda",
    "load_mhsds_main",
    "load_national_figures",
    "load_restrictive_new",
    "load_restrictive_old",
    "read_manifest",
]
