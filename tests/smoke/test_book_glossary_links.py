"""In the built book (both editions), each page's first use of each key word links to its entry on the glossary page;
the pages that define the words themselves link none of them (book/static/glossary.lua)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, NavigableString, Tag

from rssreview.present.glossary import GLOSSARY_PAGE, KEY_TERMS, anchor
from rssreview.publication import REVIEW_NAME

pytestmark = pytest.mark.slow

#: Where the filter never links: headings, code, a table's header row, italics (names of reports), navigation.
NOT_BODY_TEXT = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "thead", "em", "nav", "script", "style", "svg"}
#: The pages that define the words themselves: the landing page's list, the Easy Read words, the glossary.
DEFINING = {"index.html", "notebooks/13_easy_read.html", f"notebooks/{Path(GLOSSARY_PAGE).stem}.html"}
GLOSSARY_HTML = f"notebooks/{Path(GLOSSARY_PAGE).stem}.html"


def body_text(main: Tag) -> list[tuple[str, str | None]]:
    """The page's body text in order, as (text, href of the glossary link it is in, or None); text in other
    links and in NOT_BODY_TEXT is left out."""
    chunks: list[tuple[str, str | None]] = []
    for node in main.descendants:
        if not isinstance(node, NavigableString) or type(node) is not NavigableString:
            continue
        parents = list(node.parents)
        if any(p.name in NOT_BODY_TEXT for p in parents):
            continue
        link = next((p for p in parents if p.name == "a"), None)
        href = str(link.get("href", "")) if link else None
        if href is not None and "#glossary-" not in href:
            continue
        chunks.append((str(node), href))
    return chunks


def first_uses(chunks: list[tuple[str, str | None]]) -> dict[str, str | None]:
    """Each key word's first use: the href of the glossary link it is in, or None where it is plain text. A word
    inside the longer phrase or inside the review's name is no use of it, as the filter counts."""
    text = "".join(chunk for chunk, _ in chunks)
    owners = [href for chunk, href in chunks for _ in chunk]
    hidden = [False] * len(text)
    found: dict[str, str | None] = {}
    for name in [REVIEW_NAME, *sorted(KEY_TERMS, key=len, reverse=True)]:
        words = r"\s+".join(re.escape(word) for word in name.split())
        for match in re.finditer(rf"(?<![\w-]){words}s?(?![\w-])", text, re.I):
            if any(hidden[match.start() : match.end()]):
                continue
            if name in KEY_TERMS:
                found.setdefault(name, owners[match.start()])
            if name == REVIEW_NAME or " " in name:
                hidden[match.start() : match.end()] = [True] * (match.end() - match.start())
    return found


def pages(book: Path) -> list[tuple[Path, str]]:
    """Every page of the site with its path inside its edition (`notebooks/07_hospital.html`)."""
    found = []
    for page in sorted(book.rglob("*.html")):
        parts = page.relative_to(book).parts
        found.append((page, "/".join(parts[2:] if parts[0] == "editions" else parts)))
    return found


def test_every_pages_first_use_of_each_key_word_links_to_its_glossary_entry(built_book: Path) -> None:
    checked, problems = 0, []
    for page, inside in pages(built_book):
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
        if main is None or inside in DEFINING:
            continue
        for term, href in first_uses(body_text(main)).items():
            checked += 1
            expected = anchor(term)
            if href is None or not href.endswith(f"#{expected}"):
                problems.append(f"{page.relative_to(built_book)}: first use of {term!r} links to {href}")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(inside), href.split("#")[0]))
            glossary = page.parent / href.split("#")[0]
            if target != GLOSSARY_HTML or not glossary.is_file():
                problems.append(f"{page.relative_to(built_book)}: {href} is not the edition's glossary page")
            elif BeautifulSoup(glossary.read_text(encoding="utf-8"), "html.parser").find(id=expected) is None:
                problems.append(f"{page.relative_to(built_book)}: the glossary has no entry #{expected}")
        links = [a["href"] for a in main.find_all("a", href=re.compile("#glossary-"))]
        if len(links) != len(set(links)):
            problems.append(f"{page.relative_to(built_book)}: a key word is linked more than once: {links}")
    assert not problems, "\n".join(problems)
    assert checked >= 20, "the book uses the key words on many pages; the check found too few"


def test_the_pages_that_define_the_words_link_them_only_from_their_own_list(built_book: Path) -> None:
    for page, inside in pages(built_book):
        if inside not in DEFINING:
            continue
        main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("main")
        links = sorted(a["href"].split("#")[1] for a in main.find_all("a", href=re.compile("#glossary-")))
        expected = sorted(anchor(t) for t in KEY_TERMS) if inside == "index.html" else []
        assert links == expected, f"{page.relative_to(built_book)}: {links}"
        assert "rss-defines-key-terms" not in str(main), "the filter removes its marker"
