"""The book as one PDF: chapters → pandoc Typst → `typst.compile`, following Quarto's Typst book output.

Nothing is taken from the clock: the document date is `pdf_date`, so two builds give identical bytes.
"""

from __future__ import annotations

import bisect
import datetime
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typst

from rssreview.book.render import pandoc_run
from rssreview.book.render.assets import STATIC
from rssreview.book.render.errors import RenderError
from rssreview.book.render.notebook_markdown import resolve_cross_references
from rssreview.book.render.quarto_config import BookConfig
from rssreview.book.render.sources import ChapterSource, float_index
from rssreview.book.render.typst_text import typst_string, typst_text

MAIN = "main.typ"
HEADING_NUMBERING = {"unnumbered": "none", "chapter": '"1.1"', "appendix": '"A.1"'}
DIAGNOSTIC_LINE = re.compile(rf"{re.escape(MAIN)}:(\d+):")
BLOCK_SEPARATOR = "\n\n"  # a blank line keeps each inserted block apart from the paragraph before it


@dataclass(frozen=True)
class TypstBook:
    """The Typst source of the whole book, the images it includes, and where each chapter starts."""

    source: str
    images: dict[str, bytes]
    chapter_lines: tuple[tuple[int, str], ...]

    def chapter_at(self, line: int) -> str | None:
        """The chapter file whose Typst text holds `line` (1-based), if any."""
        starts = [start for start, _ in self.chapter_lines]
        position = bisect.bisect_right(starts, line) - 1
        return self.chapter_lines[position][1] if position >= 0 else None


def typst_book(config: BookConfig, sources: Sequence[ChapterSource], *, draft: bool, pdf_date: datetime.date) -> TypstBook:
    """Assemble main.typ: the page design from book.typ, the contents list, then every chapter in order."""
    rendered = [(source, source.markdown("typst", echo=config.echo, image_dir=source.chapter.figure_dir("typst"))) for source in sources]
    targets = {label: (item.reference, f"#{label}") for label, (item, _) in float_index(rendered).items()}
    lines = _preamble(config, draft=draft, pdf_date=pdf_date)
    chapter_lines: list[tuple[int, str]] = []
    images: dict[str, bytes] = {}
    part: str | None = None
    numbering: str | None = None
    numbered = config.typst.get("number-sections", True) is not False
    for source, chapter in rendered:
        entry = source.chapter
        if entry.part != part and entry.part is not None:
            lines.append(f"#rss-part({typst_text(entry.part)})")
        part = entry.part
        wanted = HEADING_NUMBERING[entry.kind] if numbered else "none"
        if wanted != numbering:
            if entry.kind == "appendix":
                lines.append("#counter(heading).update(0)")
            numbering = wanted
            lines.append(f"#set heading(numbering: {numbering})")
        markdown = resolve_cross_references(chapter.markdown, targets, entry.source)
        body = pandoc_run.convert(markdown, source=entry.source, reader=pandoc_run.MARKDOWN_FOR_TYPST, writer="typst",
                                   args=["--columns=10000"])
        chapter_lines.append((_next_line(lines), entry.source))
        lines.append(body.strip())
        images.update(chapter.images)
    return TypstBook(source=BLOCK_SEPARATOR.join(lines) + "\n", images=images, chapter_lines=tuple(chapter_lines))


def write_pdf(
    config: BookConfig, sources: Sequence[ChapterSource], out_dir: Path, *, draft: bool, pdf_date: datetime.date
) -> Path:
    """Compile the book to `out_dir/<output-file>.pdf` with Typst's embedded fonts only."""
    book = typst_book(config, sources, draft=draft, pdf_date=pdf_date)
    target = out_dir / f"{config.output_file}.pdf"
    with tempfile.TemporaryDirectory(prefix="rss-typst-") as scratch:
        folder = Path(scratch)
        shutil.copyfile(STATIC / "book.typ", folder / "book.typ")
        for relative, data in sorted(book.images.items()):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        (folder / MAIN).write_text(book.source, encoding="utf-8")
        try:
            pdf = typst.compile(
                str(folder / MAIN),
                root=str(folder),
                ignore_system_fonts=True,
                timestamp=datetime.datetime.combine(pdf_date, datetime.time(), tzinfo=datetime.UTC),
            )
        except typst.TypstError as exc:
            raise RenderError(_typst_failure(book, exc, target.name)) from exc
    target.write_bytes(pdf)
    return target


def _next_line(blocks: list[str]) -> int:
    """The 1-based line of main.typ on which the next block will start."""
    return BLOCK_SEPARATOR.join(blocks).count("\n") + 1 + BLOCK_SEPARATOR.count("\n")


def _preamble(config: BookConfig, *, draft: bool, pdf_date: datetime.date) -> list[str]:
    language, _, region = config.lang.partition("-")
    settings = {
        "title": typst_string(config.title),
        "subtitle": typst_string(config.subtitle) if config.subtitle else "none",
        "author": typst_string(config.author),
        "date": f"datetime(year: {pdf_date.year}, month: {pdf_date.month}, day: {pdf_date.day})",
        "lang": typst_string(language.lower()),
        "region": typst_string(region.upper()) if region else "none",
        "paper": typst_string(str(config.typst.get("papersize", "a4"))),
        "draft": "true" if draft else "false",
    }
    arguments = ", ".join(f"{key}: {value}" for key, value in settings.items())
    lines = ['#import "book.typ": book, horizontalrule, rss-part', f"#show: book.with({arguments})"]
    if config.typst.get("toc", True):
        depth = int(config.typst.get("toc-depth", 3))
        lines.append(f"#outline(title: [Contents], depth: {depth})")
    return lines


def _typst_failure(book: TypstBook, exc: typst.TypstError, pdf_name: str) -> str:
    """One line naming the chapter (when the error points into one) and Typst's message."""
    match = DIAGNOSTIC_LINE.search(getattr(exc, "diagnostic", "") or "")
    chapter = book.chapter_at(int(match[1])) if match else None
    message = " ".join(str(getattr(exc, "message", exc)).split())
    where = f"{chapter} (in {pdf_name})" if chapter else pdf_name
    return f"{where}: Typst could not compile the book: {message}"
