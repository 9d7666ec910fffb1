"""The hostile build (tests/security/hostile.py) with every attack planted in every text column of the tables.

The build must succeed (text is text, so nothing breaks it), and then: no script runs and no
`javascript:` link exists in any page as Chromium loads it; no attack becomes a heading, a
status badge, a table row, a PDF bookmark or a Typst instruction; the workbook holds no formula
and links only to the tables' sources; no CSV cell would run in a spreadsheet. CQC's own
contact details and "the Oliver McGowan training" are planted too, and must not stop the build.
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import pytest
from attacks import ATTACKS, MARK
from bs4 import BeautifulSoup
from project import read_rows
from smoke.a11y_helpers import pdf_outline, pdf_text, run_node

from rssreview.present.text import FORMULA_STARTS, plain

pytestmark = pytest.mark.slow

#: Pandoc curls quotes in text, as everywhere in the book; the checks compare with straight ones.
CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@pytest.fixture(scope="module")
def book(hostile_build: dict[str, str]) -> Path:
    return Path(hostile_build["project"]) / "_book"


def pages(book: Path) -> list[Path]:
    return sorted(book.rglob("*.html"))


def test_the_attacks_reached_the_pages_as_text(book: Path):
    text = " ".join(BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").get_text(" ") for p in pages(book))
    flat = " ".join(text.split()).translate(CURLY)
    shown = [name for name, attack in ATTACKS if plain(attack) in flat]
    assert len(shown) >= len(ATTACKS) * 0.9, f"only {len(shown)} of {len(ATTACKS)} attacks shown as text"


@pytest.mark.browser
def test_no_script_runs_and_no_javascript_link_in_chromium(book: Path, hostile_doms: dict):
    assert len(hostile_doms) == len(pages(book))
    for page, found in hostile_doms.items():
        page = Path(page)
        soup = BeautifulSoup(found["dom"], "html.parser")
        assert soup.html is not None, page
        assert not soup.html.has_attr("data-pwned"), f"{page.name}: a planted script ran"
        for element in soup.find_all(True):
            for attribute in ("href", "src", "action", "formaction", "xlink:href", "data"):
                value = "".join(str(element.get(attribute, "")).split()).lower()
                assert not value.startswith(("javascript:", "data:text/html", "vbscript:")), f"{page.name}: {element}"
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{page.name}: event handler {handlers} on {element.name}"
        for script in soup.find_all("script"):
            assert "pwned" not in script.get_text().lower(), f"{page.name}: planted script element"


def test_no_heading_badge_or_table_row_comes_from_data(book: Path):
    for page in pages(book):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for heading in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]):
            text = heading.get_text(" ")
            if MARK in text:  # a recommendation's label is part of its heading, shown as text
                assert re.match(r"^\s*[\d.]*\s*Recommendation \d+:", text), f"{page.name}: heading {text!r}"
        for badge in soup.select(".status"):
            assert MARK not in badge.get_text(), f"{page.name}: fake badge {badge}"
        for element in soup.find_all(["pre", "code", "blockquote", "dl", "hr", "img", "iframe", "object", "embed"]):
            assert MARK not in element.get_text() and MARK not in str(element.get("alt", "")), f"{page.name}: {element}"
    appendix = next(p for p in pages(book) if "all_recommendations" in p.name)
    table = BeautifulSoup(appendix.read_text(encoding="utf-8"), "html.parser").find("table")
    assert len(table.find("tbody").find_all("tr")) == 17


def test_the_pdf_shows_the_attacks_as_text_and_its_outline_is_the_books(book: Path):
    pdf = book / "rss-progress-report.pdf"
    flat = re.sub(r"\s+", "", pdf_text(pdf)).translate(CURLY)
    assert flat.count("HIJACKED") == flat.count("[HIJACKED]"), "a planted Typst instruction ran"
    assert re.sub(r"\s+", "", '#show "Not achieved": "ACHIEVED"') in flat
    assert "Notachieved" in flat, "a planted show rule rewrote the ratings"
    outline = pdf_outline(pdf)
    assert outline and not [entry for entry in outline if MARK in entry and "Recommendation" not in entry], outline


def test_the_workbook_has_no_formula_and_links_only_to_sources(book: Path):
    sources = set()
    for name in ("evidence.csv",):
        rows = read_rows(book.parent / "data" / "evidence" / name)
        sources |= {row[rows[0].index("source_url")] for row in rows[1:]}
    rows = read_rows(book.parent / "data" / "national" / "national_figures.csv")
    sources |= {row[rows[0].index("source_url")] for row in rows[1:]}
    sources |= {row[5] for row in read_rows(book.parent / "data" / "evidence" / "cycles.csv")[1:]}
    workbooks = list(book.rglob("*.xlsx"))
    assert workbooks
    for workbook in workbooks:
        with zipfile.ZipFile(workbook) as archive:
            for name in archive.namelist():
                xml = archive.read(name).decode("utf-8", errors="replace")
                assert not re.search(r"<f[ >]", xml), f"{workbook.name}/{name}: formula"
                for rel in re.findall(r"<Relationship [^>]*>", xml):
                    if 'TargetMode="External"' in rel:
                        target = re.search(r'Target="([^"]+)"', rel).group(1).replace("&amp;", "&")
                        assert target in sources, f"{workbook.name}: unexpected link {target}"


def test_no_csv_cell_would_run_in_a_spreadsheet(book: Path):
    checked = 0
    for path in book.rglob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    checked += 1
                    starts = cell.lstrip(" ").startswith(FORMULA_STARTS)
                    assert not starts or re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?", cell.strip()), f"{path.name}: {cell!r}"
    assert checked > 100


@pytest.mark.browser
def test_the_chromium_check_sees_a_script_that_runs(tmp_path: Path):
    """The check above can fail: a page whose script runs at once, or after a timer, is caught."""
    pwn = "document.documentElement.setAttribute('data-pwned','1')"
    now, later = tmp_path / "now.html", tmp_path / "later.html"
    now.write_text(f"<html><body><p>x</p><script>{pwn}</script></body></html>", encoding="utf-8")
    later.write_text(f"<html><body><p>x</p><script>setTimeout(() => {{{pwn}}}, 2000)</script></body></html>", "utf-8")
    doms = {Path(name): dom for name, dom in run_node("dom.mjs", str(now), str(later), timeout=600).items()}
    assert all(BeautifulSoup(doms[page], "html.parser").html.has_attr("data-pwned") for page in (now, later))
