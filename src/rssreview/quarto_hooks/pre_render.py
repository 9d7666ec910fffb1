"""Quarto's pre-render step: `rssreview assets` (Vega bundle, workbook, the PDF's front matter).

Quarto runs a pre-render entry ending in `.py` with QUARTO_PYTHON, so this works with only that set,
without the venv's bin/ on PATH. The cycle is RSSREVIEW_CYCLE's, or the latest.
"""

import sys

from rssreview.cli import main

if __name__ == "__main__":
    sys.exit(main(["assets"]))
