"""The PDF's design, as a reader sees it: the title page, the status on every page, parts, language, full pages.

The same Typst template partials make Quarto's PDF (tests/book/test_quarto_contract.py checks that Quarto is
told to use them), so these checks describe both PDFs.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from rssreview import run
from rssreview.book.render.quarto_config import read_book_config
from rssreview.paths import QUARTO_YML
from rssreview.present.words import long_date
from rssreview.publication import settings

PDF_NAME = "rss-progress-report.pdf"
#: A page must be at least this full, measured from the top margin to its lowest line of text.
MIN_FILL = 0.25
SETTINGS = yaml.safe_load(QUARTO_YML.read_text(encoding="utf-8"))
PUBLICATION = settings()


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(page.split()) for page in text.split("\f") if page.strip()]


def page_fill(pdf: Path, footer: float = 60, top: float = 65, bottom: float = 74) -> list[float]:
    """How far down each page its text reaches, as a share of the text area (footer excluded)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fills = []
    for height, body in re.findall(r'<page width="[\d.]+" height="([\d.]+)">(.*?)</page>', xml, re.S):
        height = float(height)
        lows = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if float(y) < height - footer]
        fills.append((max(lows, default=top) - top) / (height - top - bottom))
    return fills


@pytest.fixture(scope="module")
def book_pdf(built_book: Path) -> Path:
    return built_book / PDF_NAME


@pytest.mark.slow
def test_title_page_labels_both_dates_the_publisher_and_the_status(book_pdf: Path) -> None:
    tables = run.tables()
    cycle = tables.cycle(tables.latest_cycle())
    title_page = _pages(book_pdf)[0]
    for words in (
        "This edition",
        "Original report",
        f"published {long_date(cycle['publication_date'])}",
        "Published by",
        SETTINGS["book"]["author"],
        SETTINGS["rss-status"],
        # the site's address once it is published; until then, that the build is local and has no address
        PUBLICATION.site_url or "This is a local build: it has not been published",
        "Open Government Licence v3.0",
    ):
        assert words in title_page, f"title page lacks {words!r}"
    assert "Care Quality Commission (reproducible rebuild)" not in title_page


@pytest.mark.slow
def test_status_is_in_the_footer_of_every_page(book_pdf: Path) -> None:
    pages = _pages(book_pdf)
    missing = [number for number, page in enumerate(pages, 1) if SETTINGS["rss-status"] not in page]
    assert not missing, f"pages without the publication's status: {missing}"


@pytest.mark.slow
def test_no_page_is_nearly_empty(book_pdf: Path) -> None:
    fills = page_fill(book_pdf)
    sparse = [(number, round(fill, 2)) for number, fill in enumerate(fills[:-1], 1) if fill < MIN_FILL]
    assert not sparse, f"pages less than a quarter full (page, share): {sparse}"


@pytest.mark.slow
def test_language_bookmarks_with_parts_and_absolute_download_links(book_pdf: Path) -> None:
    meta = subprocess.run(["pdfinfo", "-meta", str(book_pdf)], capture_output=True, text=True, check=True).stdout
    assert "<rdf:li>en-GB</rdf:li>" in meta
    outline = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", str(book_pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    parts = [part for entry in SETTINGS["book"]["chapters"] if isinstance(entry, dict) for part in [entry["part"]]]
    for part in parts:
        assert re.search(rf"<item[^>]*>{re.escape(part)}<", outline), f"no bookmark for the part {part!r}"
    links = subprocess.run(
        ["pdftohtml", "-xml", "-i", "-stdout", str(book_pdf)], capture_output=True, text=True, check=True
    ).stdout
    targets = [t.replace("&amp;", "&") for t in re.findall(r'href="([^"]+)"', links)]
    outside = [t for t in targets if not re.fullmatch(r"rss-progress-report\.html#\d+", t)]  # pdftohtml's own pages
    assert outside and all(t.startswith("https://") for t in outside), [t for t in outside if "https://" not in t]
    assert not [t for t in outside if ".ipynb" in t or "javascript:" in t.lower()]
    site = PUBLICATION.site_url
    if site is None:  # a local build links no address of its own: the PDF names the download files instead
        assert not [t for t in outside if "/figures/" in t]
        return
    assert re.search(rf'href="{re.escape(site)}figures/[^"]+\.csv"', links), "no absolute CSV link in the PDF"
    assert re.search(rf'href="{re.escape(site)}figures/[^"]+\.xlsx"', links), "no absolute workbook link in the PDF"


def contents_indents(pdf: Path, numbers: list[str], pages: int = 3) -> dict[str, int]:
    """How far in (in characters of pdftotext's layout) the contents, on the first pages, list each numbered chapter."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", str(pages), str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    lines = lines[next((i for i, line in enumerate(lines) if line.strip() == "Contents"), len(lines)) :]
    indents = {}
    for number in numbers:
        line = next((line for line in lines if re.match(rf"\s*{re.escape(number)} \S", line)), None)
        if line is not None:
            indents[number] = len(line) - len(line.lstrip())
    return indents


@pytest.mark.slow
def test_contents_indent_each_parts_chapters_under_it(book_pdf: Path) -> None:
    """The printed contents nest as the bookmarks do (tests/book/test_render_bookmarks.py checks those)."""
    chapters = [c for c in read_book_config(QUARTO_YML).chapters if c.number is not None]
    indents = contents_indents(book_pdf, [c.number for c in chapters if c.number])
    assert len(indents) == len(chapters), f"chapters missing from the contents: {indents}"
    inside = {c.number: indents[c.number] for c in chapters if c.part is not None and c.number}
    outside = {c.number: indents[c.number] for c in chapters if c.part is None and c.number}
    assert inside and outside and min(inside.values()) > max(outside.values()), (inside, outside)
