"""No code in reader text: no Python list or dict text, no snake_case names and no words cut off mid-word,
on any page of the built site, in either PDF's text or bookmarks, or in the workbook's sheet names.

Each finder is first shown to catch what it looks for, so the checks on the real book can fail.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from a11y_helpers import pdf_outline, pdf_text
from bs4 import BeautifulSoup

from rssreview.present.downloads import EDITION_FOLDER

pytestmark = pytest.mark.slow

#: "['People in hospital', 'England']" or "{'a': 1}": a Python value printed into the text.
#: Quotes may be typographic (‘ ’) once the renderer has made them smart.
PYTHON_VALUE = re.compile(r"\[\s*['‘][^'’]*['’]\s*(?:,\s*['‘][^'’]*['’]\s*)*\]|\{\s*['‘][^'’]*['’]\s*:")
#: status_counts, national_figures: an internal name (web addresses and file names are dropped first).
SNAKE_CASE = re.compile(r"(?<![\w./-])[A-Za-z]+(?:_[A-Za-z0-9]+)+(?![\w./-])")
#: "updating t…": a word glued to an ellipsis, the sign of a label cut mid-word.
CUT_WORD = re.compile(r"\b\w+…")
ADDRESS = re.compile(r"\S+://\S+|\S+\.(?:ipynb|html|csv|xlsx|pdf|zip|svg|png|json)\b")


def problems(text: str) -> list[str]:
    """Every piece of code-like text in `text`, quoted."""
    text = ADDRESS.sub(" ", text)
    found = [m.group(0) for pattern in (PYTHON_VALUE, SNAKE_CASE, CUT_WORD) for m in pattern.finditer(text)]
    return sorted(set(found))


@pytest.mark.parametrize(
    ("text", "caught"),
    [
        ("Data behind the chart: ['People in hospital', 'England, month ends']", True),
        ("{'status': 'achieved'}", True),
        ("Data behind the chart: [‘People in hospital’, ‘England’]", True),
        ("See the Status_counts sheet or status_counts.", True),
        ("all people are recognised through updating t… (the rest is not known)", True),
        ("People in hospital, England. See rss-progress-report.pdf or https://x.org/a_b.", False),
        ("recognised through updating … (the rest of the label is not known)", False),
    ],
)
def test_the_finder_catches_code_and_spares_words(text, caught):
    assert bool(problems(text)) is caught, problems(text)


def _visible(page: Path) -> str:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    for node in soup(["script", "style", "svg", "head"]):
        node.decompose()
    return " ".join(soup.get_text(" ").split())


def test_no_page_of_the_site_shows_code(built_book: Path):
    found = {
        page.relative_to(built_book).as_posix(): problems(_visible(page))
        for page in sorted(built_book.rglob("*.html"))
        if "site_libs" not in page.parts
    }
    assert {page: bad for page, bad in found.items() if bad} == {}


@pytest.mark.parametrize("name", ["rss-progress-report.pdf", "rss-progress-report-easy-read.pdf"])
def test_no_pdf_text_or_bookmark_shows_code(built_book: Path, name: str):
    pdf = built_book / name
    # pdftotext breaks long lines with a hyphen-free newline; join words split across lines only by spaces.
    assert problems(" ".join(pdf_text(pdf).split())) == []
    assert problems(" | ".join(pdf_outline(pdf))) == []


def test_no_sheet_name_is_code(built_book: Path):
    workbook = next((built_book / EDITION_FOLDER).glob("*.xlsx"))
    names = openpyxl.load_workbook(workbook, read_only=True).sheetnames
    assert problems(" ".join(names)) == [], names
