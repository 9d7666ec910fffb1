"""What a reader sees in one built site: each page's text, ratings and tables, the CSVs and the PDFs.

Read from the rendered HTML (Beautiful Soup) and the published files, never from notebook JSON, so the
comparison sees exactly what either renderer published. Navigation, the page contents list, the status
note and the footer are the same on every page and are left out; so are images (a chart's data is its CSV).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

#: Parts of a page that are not its own content (the same on every page, or a list of its headings).
CHROME = ("details.page-toc", "nav.page-navigation", "div.publication-status", "div.edition-switch")
#: Block elements whose text a reader reads as one unit.
BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "dt", "dd", "blockquote")
#: Where a sentence ends: after . ! or ? (and any closing quote or bracket), before a capital, digit or quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[)\u2019\u201d\"']?\s+(?=[A-Z0-9\u2018\u201c\"'])")
#: The lead-in of the headline paragraph on the landing page and the summary.
HEADLINE = "Headline."
#: A recommendation's own section: its heading, after any section number.
RECOMMENDATION = re.compile(r"^(?:[0-9A-Z]+(?:\.[0-9]+)*\s+)?Recommendation\b")
#: Headings or lead-ins of the key messages.
KEY_MESSAGES = ("key messages", "what the report found")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a page, with where it is: the section's anchor, its headings, and its role."""

    text: str
    anchor: str
    section: str
    role: str  # "headline", "key message", "evidence" or "text"


@dataclass(frozen=True)
class Rating:
    """A rating shown on a page: the recommendation it belongs to, the status and its certainty."""

    recommendation: str
    status: str
    certainty: str
    anchor: str


@dataclass(frozen=True)
class Table:
    """A table as a reader sees it: its caption, header cells and rows of cell text."""

    caption: str
    anchor: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Page:
    """One HTML page of the site."""

    path: str
    title: str
    sentences: tuple[Sentence, ...]
    ratings: tuple[Rating, ...]
    tables: tuple[Table, ...]
    links: frozenset[str]  # site files the page links to, relative to the site's root


@dataclass(frozen=True)
class DataFile:
    """A CSV the site publishes; `chart` when it is a chart's data (a Vega-Lite spec sits beside it)."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart: bool


@dataclass(frozen=True)
class Site:
    """Everything a reader sees in one built site."""

    root: Path
    pages: dict[str, Page] = field(default_factory=dict)
    data: dict[str, DataFile] = field(default_factory=dict)
    pdf_pages: dict[str, int] = field(default_factory=dict)


def read_site(root: Path) -> Site:
    """Read the built site in `root` (a `_book/`-like folder)."""
    site = Site(root=root)
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root).as_posix()
        if not relative.startswith("site_libs/"):
            site.pages[relative] = read_page(relative, path.read_text(encoding="utf-8"))
    for path in sorted(root.rglob("*.csv")):
        relative = path.relative_to(root).as_posix()
        header, rows = read_csv(path.read_text(encoding="utf-8-sig"))
        chart = path.with_name(path.stem + ".vl.json").exists()
        site.data[relative] = DataFile(relative, header, rows, chart)
    for path in sorted(root.rglob("*.pdf")):
        site.pdf_pages[path.relative_to(root).as_posix()] = pdf_page_count(path)
    return site


def read_csv(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    rows = [tuple(row) for row in csv.reader(io.StringIO(text))]
    return (rows[0], tuple(rows[1:])) if rows else ((), ())


def pdf_page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def read_page(path: str, html: str) -> Page:
    """A page's reader-visible content: sentences in reading order, ratings, tables and links."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup.body or soup
    assert isinstance(main, Tag)
    for selector in CHROME:
        for tag in main.select(selector):
            tag.decompose()
    heading = main.find("h1")
    title = _text(heading) if isinstance(heading, Tag) else path
    ratings = tuple(_rating(span) for span in main.select("span.status") if span.find_parent("table") is None)
    tables = tuple(_table(table, position) for position, table in enumerate(main.find_all("table"), start=1))
    sentences: list[Sentence] = []
    for block in main.find_all(BLOCKS):
        if block.find_parent("table") or block.select_one("span.status") or _has_block_inside(block):
            continue
        text = _text(block)
        if not text:
            continue
        anchor, section = _place(block)
        role = _role(block, section)
        sentences += [Sentence(part, anchor, section, role) for part in split_sentences(text)]
    links = frozenset(_site_links(path, main))
    return Page(path, title, tuple(sentences), ratings, tables, links)


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if part.strip()]


def _text(tag: Tag) -> str:
    text = " ".join(tag.get_text(" ").split())  # " " between inline elements, then the spaces before punctuation go
    return re.sub(r"\s+([.,;:)])", r"\1", text).replace("( ", "(")


def _has_block_inside(tag: Tag) -> bool:
    """A list item holding a nested list (or a blockquote holding paragraphs): its parts are read instead."""
    return tag.find(BLOCKS) is not None


def _sections(tag: Tag) -> list[Tag]:
    """The sections around `tag`, innermost first."""
    return [section for section in tag.find_parents("section")]


def _heading(section: Tag) -> str:
    heading = section.find(["h1", "h2", "h3", "h4", "h5", "h6"], recursive=False)
    return _text(heading) if isinstance(heading, Tag) else ""


def _place(tag: Tag) -> tuple[str, str]:
    """The anchor of the innermost section holding `tag`, and the headings down to it (the chapter title left out)."""
    sections = _sections(tag)
    anchor = next((str(s["id"]) for s in sections if s.get("id")), "")
    headings = [_heading(s) for s in reversed(sections) if "level1" not in (s.get("class") or [])]
    return anchor, " › ".join(h for h in headings if h)


def _role(block: Tag, section: str) -> str:
    lead = block.find("strong")
    if block.name == "p" and isinstance(lead, Tag) and _text(lead) == HEADLINE:
        return "headline"
    lowered = section.lower()
    if block.name == "li" and (
        any(key in lowered for key in KEY_MESSAGES) or _follows_lead_in(block.find_parent(["ul", "ol"]))
    ):
        return "key message"
    if "evidence" in lowered and block.name == "li":
        return "evidence"
    return "text"


def _follows_lead_in(listing: Tag | None) -> bool:
    """Whether a list comes straight after a paragraph introducing the key messages ("What the report found.")."""
    if listing is None:
        return False
    before = listing.find_previous_sibling()
    return isinstance(before, Tag) and before.name == "p" and _text(before).lower().startswith(KEY_MESSAGES)


def _rating(span: Tag) -> Rating:
    """A status badge, the certainty in brackets after it, and the recommendation whose section holds it."""
    certainty = ""
    following = span.find_next_sibling("em")
    if isinstance(following, Tag):
        certainty = _text(following).strip("()")
    sections = _sections(span)
    owner = next((s for s in sections if RECOMMENDATION.match(_heading(s))), None)
    anchor, section = _place(span)
    recommendation = _heading(owner) if owner is not None else section
    return Rating(recommendation, _text(span), certainty, anchor)


def _table(table: Tag, position: int) -> Table:
    caption = table.find("caption")
    label = _text(caption) if isinstance(caption, Tag) else f"Table {position} on the page"
    header = tuple(_text(cell) for cell in table.select("thead th"))
    body = table.find("tbody") or table
    assert isinstance(body, Tag)
    rows = tuple(
        tuple(_text(cell) for cell in row.find_all(["td", "th"]))
        for row in body.find_all("tr")
        if row.find_parent("thead") is None
    )
    labelled = table if table.get("id") else table.find_parent(id=True)  # a `tbl-` label, else the section
    anchor = str(labelled["id"]) if isinstance(labelled, Tag) else ""
    return Table(label, anchor, header, rows)


def _site_links(page: str, main: Tag) -> set[str]:
    """The site files `main` links to (downloads, other pages), as paths from the site's root."""
    import posixpath

    found = set()
    base = posixpath.dirname(page)
    for link in main.find_all("a", href=True):
        href = str(link["href"]).split("#")[0]
        if not href or "://" in href or href.startswith(("mailto:", "data:")):
            continue
        found.add(posixpath.normpath(posixpath.join(base, href)))
    return found
