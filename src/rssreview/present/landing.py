"""The landing page: the edition's dates and every download in one place.

The headline and key messages come from `summary`, so the landing page and the summary chapter
say the same thing in the same words.
"""

from __future__ import annotations

from IPython.display import Markdown

from rssreview.evidence.load import EvidenceTables
from rssreview.present import words
from rssreview.present.display import html_only
from rssreview.present.downloads import download_list
from rssreview.release import Release

PAGE = "index.html"


def edition_dates(tables: EvidenceTables, cycle_id: str, settings: Release) -> Markdown:
    """This edition's date and the original report's date, each labelled so neither is taken for the other."""
    cycle = tables.cycle(cycle_id)
    edition = words.long_date(settings.edition_date.isoformat())
    return Markdown(
        f"- **This edition (independent rebuild):** {edition}\n"
        f"- **Original report published by the Care Quality Commission (CQC):** "
        f"{words.long_date(cycle['publication_date'])}, {words.link(cycle['title'], cycle['source_url'], italic=True)}"
    )


def downloads(cycle_id: str) -> Markdown:
    """Every download in one list of links, under its own heading; the web pages only (the PDF is one of them)."""
    return Markdown(html_only(f"## Downloads\n\n{download_list(cycle_id, page_path=PAGE)}"))
