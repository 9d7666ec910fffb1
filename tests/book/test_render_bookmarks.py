"""The PDF's bookmarks: each part above its chapters, sections under chapters, other chapters at the top.

Typst alone writes a part's band beside its chapters (all level-1 headings); the checks are shown to fail
on that PDF before they pass on the nested one.
"""

from __future__ import annotations

import datetime
import io
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_markdown_cell, new_notebook
from pypdf import PdfReader
from test_render_quarto_config import BOOK_YML  # a part, a chapter after it, two appendices

from rssreview.book.render import RenderError, render_book
from rssreview.book.render import pdf as pdf_module
from rssreview.book.render.bookmarks import nest_under_parts
from rssreview.book.render.quarto_config import BookConfig, read_book_config
from rssreview.paths import QUARTO_YML

CHAPTERS = {
    "01_summary": "Summary",
    "02_community": "Community",
    "03_rights": "Rights",
    "04_easy_read": "Easy Read",
    "05_all": "All recommendations",
    "06_more": "More",
}
Tree = list[tuple[str, "Tree"]]


def outline_tree(pdf: bytes) -> Tree:
    """The PDF's bookmarks as (title, children) pairs, read with pypdf."""

    def build(items: list) -> Tree:
        tree: Tree = []
        for item in items:
            if isinstance(item, list):
                tree[-1] = (tree[-1][0], build(item))
            else:
                tree.append((str(item.title), []))
        return tree

    return build(PdfReader(io.BytesIO(pdf)).outline)


def nesting_problems(pdf: bytes, config: BookConfig) -> list[str]:
    """What is out of place in the bookmarks: a part whose chapters are not its children (in order, each with
    its number), a chapter outside any part that is not at the top, a chapter with no sections under it."""
    tree = outline_tree(pdf)
    problems = []
    top = [title for title, _ in tree]
    expected_top = config.top_headings.count(None)
    if len(top) != expected_top:
        problems.append(f"expected {expected_top} top-level bookmarks, found {len(top)}: {top}")
    for part in dict.fromkeys(c.part for c in config.chapters if c.part is not None):
        children = next((kids for title, kids in tree if title == part), None)
        chapters = [c for c in config.chapters if c.part == part]
        if children is None:
            problems.append(f"no top-level bookmark for the part {part!r}")
        elif len(children) != len(chapters) or any(
            c.number is not None and not title.startswith(f"{c.number} ")
            for c, (title, _) in zip(chapters, children, strict=False)
        ):
            found = [title for title, _ in children]
            problems.append(f"part {part!r}: expected its {len(chapters)} chapters under it, found {found}")
    for chapter in (c for c in config.chapters if c.part is None and c.number is not None):
        if not any(title.startswith(f"{chapter.number} ") for title in top):
            problems.append(f"chapter {chapter.number}: expected at the top level")
    return problems


def _project(root: Path) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "_quarto.yml").write_text(BOOK_YML, encoding="utf-8")
    (root / "index.md").write_text("# Overview\n\n## Key messages\n\nText.\n", encoding="utf-8")
    for name, title in CHAPTERS.items():
        notebook = new_notebook(cells=[new_markdown_cell(f"# {title}\n\n## About {title}\n\nText.\n")])
        nbformat.write(notebook, root / "notebooks" / f"{name}.ipynb")
    return root


def _pdf(tmp_path: Path, name: str) -> tuple[bytes, BookConfig]:
    root = _project(tmp_path / name / "project")
    result = render_book(tmp_path / name / "out", root=root, pdf_date=datetime.date(2022, 3, 31), formats=("typst",))
    assert result.pdf is not None
    return result.pdf.read_bytes(), read_book_config(root / "_quarto.yml")


@pytest.fixture(scope="module")
def typst_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, BookConfig]:
    """The book's PDF as Typst writes it, before its bookmarks are nested."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module, "nest_under_parts", lambda pdf, *_: pdf)
        return _pdf(tmp_path_factory.mktemp("typst-only"), "book")


def test_parts_hold_their_chapters_and_chapters_their_sections(tmp_path: Path) -> None:
    pdf, config = _pdf(tmp_path, "book")
    assert nesting_problems(pdf, config) == []
    assert outline_tree(pdf) == [
        ("Overview", [("Key messages", [])]),
        ("1 Summary", [("1.1 About Summary", [])]),
        (
            "Progress by theme",
            [("2 Community", [("2.1 About Community", [])]), ("3 Rights", [("3.1 About Rights", [])])],
        ),
        ("4 Easy Read", [("4.1 About Easy Read", [])]),
        (
            "Appendices",
            [("A All recommendations", [("A.1 About All recommendations", [])]), ("B More", [("B.1 About More", [])])],
        ),
    ]


def test_the_check_fails_on_typsts_own_bookmarks(typst_only: tuple[bytes, BookConfig]) -> None:
    pdf, config = typst_only
    problems = nesting_problems(pdf, config)
    assert any("Progress by theme" in problem for problem in problems), problems
    assert any("expected 5 top-level bookmarks, found 9" in problem for problem in problems), problems


def test_typsts_bytes_are_kept_and_the_result_is_repeatable(
    typst_only: tuple[bytes, BookConfig], tmp_path: Path
) -> None:
    pdf, config = typst_only
    nested = nest_under_parts(pdf, config.top_headings, "book.pdf")
    assert nested.startswith(pdf) and nested != pdf  # an incremental update: Typst's bytes are untouched
    assert nest_under_parts(pdf, config.top_headings, "book.pdf") == nested
    assert nest_under_parts(nested, config.top_headings, "book.pdf") == nested  # already nested: left alone
    before, after = PdfReader(io.BytesIO(pdf)), PdfReader(io.BytesIO(nested))
    assert len(after.pages) == len(before.pages)
    assert after.metadata == before.metadata and after.trailer["/ID"] == before.trailer["/ID"]
    (tmp_path / "book.pdf").write_bytes(nested)  # poppler reads the metadata from the last trailer only
    info = subprocess.run(["pdfinfo", str(tmp_path / "book.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Title: +T$", info, re.M) and re.search(r"^Author: +A$", info, re.M), info


@pytest.mark.parametrize(
    ("top_headings", "message"),
    [
        ((None, None), r"^book\.pdf: bookmarks: expected 2 top-level entries \(one per part and chapter in "),
        (
            (None, None, None, "National data", "National data", None, None, "Appendices", "Appendices"),
            r"^book\.pdf: bookmarks: expected '2 Community' to follow the part 'National data', found it after "
            r"'Progress by theme'$",
        ),
    ],
)
def test_bookmarks_that_do_not_match_the_book_are_refused(
    typst_only: tuple[bytes, BookConfig], top_headings: Sequence[str | None], message: str
) -> None:
    with pytest.raises(RenderError, match=message):
        nest_under_parts(typst_only[0], top_headings, "book.pdf")


def test_a_file_that_is_not_a_pdf_is_refused() -> None:
    with pytest.raises(RenderError, match=r"^book\.pdf: bookmarks: could not read the PDF: "):
        nest_under_parts(b"not a pdf", (None,), "book.pdf")


@pytest.mark.slow
def test_the_books_parts_hold_their_chapters(built_book: Path) -> None:
    config = read_book_config(QUARTO_YML)
    pdf = (built_book / f"{config.output_file}.pdf").read_bytes()
    assert nesting_problems(pdf, config) == []
