"""The book as one PDF: chapters → pandoc Typst → `typst.compile`, following Quarto's Typst book output.

The page design is the one Quarto uses: the template partials in static/typst/ (named in
`format.typst.template-partials` of `_quarto.yml`), filled by pandoc's template engine from the same
metadata Quarto passes, with parts and appendices written as the calls Quarto's book filter writes
(`#part[…]`, `#show: appendices.with(…)`). Nothing is taken from the clock: the document date is
`pdf_date`, so two builds give identical bytes. Typst nests bookmarks by heading level only, so each
chapter's bookmark is moved under its part's afterwards (rssreview.book.render.bookmarks).
"""

from __future__ import annotations

import bisect
import datetime
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typst
import yaml

from rssreview.book.render import pandoc_run
from rssreview.book.render.assets import STATIC
from rssreview.book.render.bookmarks import nest_under_parts
from rssreview.book.render.errors import RenderError
from rssreview.book.render.notebook_markdown import resolve_cross_references
from rssreview.book.render.quarto_config import BookConfig
from rssreview.book.render.sources import ChapterSource, float_index
from rssreview.book.render.typst_text import typst_string, typst_text

MAIN = "main.typ"
TYPST_STATIC = STATIC / "typst"
HEADING_NUMBERING = {"unnumbered": "none", "chapter": '"1.1"'}
APPENDICES = "Appendices"
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


def typst_book(
    config: BookConfig, sources: Sequence[ChapterSource], *, draft: bool, front_matter: str = ""
) -> TypstBook:
    """Assemble main.typ: the shared template and metadata, the front matter, then every chapter in order."""
    rendered = [
        (source, source.markdown("typst", echo=config.echo, image_dir=source.chapter.figure_dir("typst")))
        for source in sources
    ]
    targets = {label: (item.reference, f"#{label}") for label, (item, _) in float_index(rendered).items()}
    lines: list[str] = []
    chapter_lines: list[tuple[int, str]] = []
    images: dict[str, bytes] = {}
    part: str | None = None
    numbering: str | None = None
    numbered = config.typst.get("number-sections", True) is not False
    for source, chapter in rendered:
        entry = source.chapter
        if entry.kind == "appendix":
            if part != APPENDICES:
                # What Quarto's book filter writes before the first appendix.
                lines.append(f"#show: appendices.with({typst_string(APPENDICES)}, hide-parent: true)")
                lines.append(f"#heading(level: 1, numbering: none)[{APPENDICES}]")
                numbering = None
            if not numbered:
                lines.append("#set heading(numbering: none)")
        else:
            if entry.part != part and entry.part is not None:
                lines.append(f"#part({typst_text(entry.part)})")
            wanted = HEADING_NUMBERING[entry.kind] if numbered else "none"
            if wanted != numbering:
                numbering = wanted
                lines.append(f"#set heading(numbering: {numbering})")
        part = APPENDICES if entry.kind == "appendix" else entry.part
        markdown = resolve_cross_references(chapter.markdown, targets, entry.source)
        body = pandoc_run.convert(
            markdown,
            source=entry.source,
            reader=pandoc_run.MARKDOWN_FOR_TYPST,
            writer="typst",
            args=[
                f"--columns={reader_columns(config)}",
                *pandoc_run.filter_args(config.filters, config.glossary_links),
            ],
        )
        chapter_lines.append((_next_line(lines), entry.source))
        lines.append(body.strip())
        images.update(chapter.images)
    body = BLOCK_SEPARATOR.join(lines) + "\n"
    document = _fill_template(config, body, draft=draft, front_matter=front_matter)
    offset = document[: document.index(body)].count("\n") if body in document else 0
    return TypstBook(
        source=document, images=images, chapter_lines=tuple((line + offset, name) for line, name in chapter_lines)
    )


def reader_columns(config: BookConfig) -> int:
    """Pandoc's line length for reading tables: Quarto's `tbl-colwidths: auto` (or false) means no widths
    from separator dashes, which a line length no table reaches gives; otherwise Quarto's 72."""
    return 10000 if config.tbl_colwidths in ("auto", False) else 72


def _fill_template(config: BookConfig, body: str, *, draft: bool, front_matter: str) -> str:
    """main.typ from the shared partials, filled by pandoc with the metadata Quarto would pass them."""
    metadata = {
        "title": config.title,
        "by-author": [{"name": {"literal": name.strip()}} for name in config.author.split(",") if name.strip()],
        "lang": config.lang,
        "papersize": str(config.typst.get("papersize", "a4")),
        "toc-depth": int(config.typst.get("toc-depth", 3)),
        **({"rss-status": config.status} if config.status else {}),
        **({"rss-draft": True} if draft else {}),
    }
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", body)), default=0))
    with tempfile.TemporaryDirectory(prefix="rss-template-") as scratch:
        folder = Path(scratch)
        (folder / "metadata.yml").write_text(yaml.safe_dump(metadata, allow_unicode=True), encoding="utf-8")
        args = [
            "--standalone",
            f"--template={TYPST_STATIC / 'builtin-main.typ'}",
            f"--metadata-file={folder / 'metadata.yml'}",
        ]
        if front_matter:
            (folder / "front-matter.typ").write_text(front_matter, encoding="utf-8")
            args.append(f"--include-before-body={folder / 'front-matter.typ'}")
        return pandoc_run.convert(
            f"{fence}{{=typst}}\n{body}{fence}\n", source=MAIN, reader=pandoc_run.MARKDOWN, writer="typst", args=args
        )


def write_pdf(
    config: BookConfig,
    sources: Sequence[ChapterSource],
    out_dir: Path,
    *,
    draft: bool,
    pdf_date: datetime.date,
    front_matter: str = "",
) -> Path:
    """Compile the book to `out_dir/<output-file>.pdf` with Typst's embedded fonts only."""
    book = typst_book(config, sources, draft=draft, front_matter=front_matter)
    target = out_dir / f"{config.output_file}.pdf"
    with tempfile.TemporaryDirectory(prefix="rss-typst-") as scratch:
        folder = Path(scratch)
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
    target.write_bytes(nest_under_parts(pdf, config.top_headings, target.name))
    return target


def _next_line(blocks: list[str]) -> int:
    """The 1-based line of main.typ on which the next block will start."""
    return BLOCK_SEPARATOR.join(blocks).count("\n") + 1 + BLOCK_SEPARATOR.count("\n")


def _typst_failure(book: TypstBook, exc: typst.TypstError, pdf_name: str) -> str:
    """One line naming the chapter (when the error points into one) and Typst's message."""
    match = DIAGNOSTIC_LINE.search(getattr(exc, "diagnostic", "") or "")
    chapter = book.chapter_at(int(match[1])) if match else None
    message = " ".join(str(getattr(exc, "message", exc)).split())
    where = f"{chapter} (in {pdf_name})" if chapter else pdf_name
    return f"{where}: Typst could not compile the book: {message}"
