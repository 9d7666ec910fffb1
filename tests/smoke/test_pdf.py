"""Publication checks of the book's PDF: fonts embedded, bookmarks, a contents page, every chapter present.

The checks are first tried on tiny PDFs compiled with typst, one well formed and one without
headings, so each check is shown to be able to fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import typst
from a11y_helpers import (
    chapter_titles,
    has_contents_page,
    missing_titles,
    page_title,
    parse_pdffonts,
    pdf_fonts,
    pdf_outline,
    pdf_page_count,
    pdf_text,
)

PDF_NAME = "rss-progress-report.pdf"
WITH_HEADINGS = """#set document(title: "Sample")
#outline()
#pagebreak()
= Use of restraint
Physical restraint was recorded.
#pagebreak()
= Seclusion and segregation’s use
Long-term segregation fell.
"""
WITHOUT_HEADINGS = "Plain text with no headings and no contents.\n"


def compile_typst(folder: Path, name: str, source: str) -> Path:
    """Compile typst source to a PDF in folder and return the PDF's path."""
    src = folder / f"{name}.typ"
    src.write_text(source, encoding="utf-8")
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(typst.compile(str(src)))
    return pdf


@pytest.fixture(scope="module")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    return compile_typst(folder, "good", WITH_HEADINGS), compile_typst(folder, "bare", WITHOUT_HEADINGS)


def test_outline_found_only_when_headings_exist(sample_pdfs: tuple[Path, Path]) -> None:
    good, bare = sample_pdfs
    assert pdf_outline(good) == ["Use of restraint", "Seclusion and segregation’s use"]
    assert pdf_outline(bare) == []


def test_page_count_and_embedded_fonts(sample_pdfs: tuple[Path, Path]) -> None:
    good, _ = sample_pdfs
    assert pdf_page_count(good) == 3
    fonts = pdf_fonts(good)
    assert fonts and all(embedded for _, embedded in fonts), fonts


def test_unembedded_font_is_detected() -> None:
    output = (
        "name                                 type              encoding         emb sub uni object ID\n"
        "------------------------------------ ----------------- ---------------- --- --- --- ---------\n"
        "ABCDEF+LibertinusSerif-Regular-Identity-H CID Type 0C       Identity-H       yes yes yes     31  0\n"
        "Helvetica                            Type 1            WinAnsi          no  no  no       7  0\n"
    )
    assert parse_pdffonts(output) == [("ABCDEF+LibertinusSerif-Regular-Identity-H", True), ("Helvetica", False)]


def test_contents_page_and_titles(sample_pdfs: tuple[Path, Path]) -> None:
    good, bare = sample_pdfs
    titles = {"a.html": "Use of restraint", "b.html": "Seclusion and segregation's use"}
    assert has_contents_page(pdf_text(good))
    assert missing_titles(titles, pdf_text(good)) == {}
    assert not has_contents_page(pdf_text(bare))
    assert missing_titles(titles, pdf_text(bare)) == titles


@pytest.mark.parametrize(
    ("html", "title"),
    [
        (
            '<h1 class="title"><span class="chapter-number">2</span>&nbsp; '
            '<span class="chapter-title">National <em>data</em></span></h1>',
            "National data",
        ),
        ("<h1>3 Recommendations\n  in progress</h1><h1>Other</h1>", "Recommendations in progress"),
        ("<h1>Restraint, segregation and seclusion review</h1>", "Restraint, segregation and seclusion review"),
        ("<h2>No first-level heading</h2>", None),
    ],
)
def test_page_title(html: str, title: str | None) -> None:
    assert page_title(html) == title


def test_chapter_titles_read_from_site(tmp_path: Path) -> None:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "index.html").write_text("<h1>Progress report</h1>", encoding="utf-8")
    (tmp_path / "notebooks" / "01_intro.html").write_text("<h1>1 Introduction</h1>", encoding="utf-8")
    (tmp_path / "search.html").write_text("<h1>Search</h1>", encoding="utf-8")
    assert chapter_titles(tmp_path) == {"index.html": "Progress report", "notebooks/01_intro.html": "Introduction"}


@pytest.fixture(scope="module")
def book_pdf(built_book: Path) -> Path:
    pdf = built_book / PDF_NAME
    assert pdf.is_file(), f"{pdf}: the book's PDF was not built"
    return pdf


@pytest.mark.slow
def test_book_pdf_has_pages_and_embedded_fonts(book_pdf: Path) -> None:
    assert pdf_page_count(book_pdf) > 0, f"{book_pdf}: pdfinfo reports no pages"
    unembedded = [name for name, embedded in pdf_fonts(book_pdf) if not embedded]
    assert unembedded == [], f"{book_pdf}: fonts not embedded: {', '.join(unembedded)}"


@pytest.mark.slow
def test_book_pdf_has_bookmarks(book_pdf: Path) -> None:
    assert pdf_outline(book_pdf), f"{book_pdf}: no outline (bookmarks) found"


@pytest.mark.slow
def test_book_pdf_has_contents_and_every_chapter(book_pdf: Path, built_book: Path) -> None:
    text = pdf_text(book_pdf)
    assert has_contents_page(text), f"{book_pdf}: no page starts with a 'Contents' heading"
    titles = chapter_titles(built_book)
    assert titles, f"{built_book}: no chapter titles (<h1>) found in index.html or notebooks/*.html"
    missing = missing_titles(titles, text)
    if missing:
        lines = "\n".join(f"{page}: {title!r}" for page, title in missing.items())
        pytest.fail(f"{book_pdf}: chapter titles not in the PDF text:\n{lines}", pytrace=False)
