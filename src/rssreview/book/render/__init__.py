"""The built-in book renderer, used where the Quarto CLI cannot be installed.

It reads the same `_quarto.yml` and executed notebooks Quarto would, and writes the HTML site
(pandoc) and the PDF (pandoc → Typst) into an empty staging folder.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rssreview.book.render.assets import write_vega_bundle
from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import BookConfig, read_book_config
from rssreview.paths import ROOT

if TYPE_CHECKING:
    from rssreview.book.render.site import EditionLink
    from rssreview.book.render.sources import ChapterSource

FORMATS = ("html", "typst")


@dataclass(frozen=True)
class RenderResult:
    """What a render produced: pages in book order, the PDF, and each chapter's title by its _quarto.yml path."""

    html_pages: tuple[Path, ...]
    pdf: Path | None
    chapter_titles: Mapping[str, str]
    easy_read_pdf: Path | None = None


def render_book(
    out_dir: Path,
    *,
    root: Path = ROOT,
    notebooks: Mapping[str, Path] | None = None,
    draft: bool = False,
    pdf_date: datetime.date,
    formats: Sequence[str] = FORMATS,
    cycle: str | None = None,
    front_matter: str = "",
    easy_read_back: str = "",
    before_resources: Callable[[], object] | None = None,
    editions: Sequence[EditionLink] = (),
) -> RenderResult:
    """Render the book described by `root/_quarto.yml` into the empty folder `out_dir`.

    `before_resources`, if given, is called (and waited for) before the resource files are copied.

    With `cycle`, other cycles' resource folders are left out. `front_matter` is the Typst the PDF shows
    before the chapters (rssreview.book.edition), which Quarto gets through `include-before-body`;
    `easy_read_back` the Easy Read PDF's last page (present.easy_read.back_page). `editions`
    are the site's editions, which every page names and links to (rssreview.book.editions).
    """
    # Imported here: pandoc, Typst and nbformat are only needed when a book is actually rendered.
    from rssreview.book.render.glossary_links import write_glossary_links
    from rssreview.book.render.site import write_site
    from rssreview.book.render.sources import load_chapters

    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise RenderError(f"render_book: expected formats among {', '.join(FORMATS)}, found {', '.join(unknown)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise RenderError(f"{out_dir}: expected an empty staging folder, found files in it")
    config = read_book_config(root / "_quarto.yml")
    if config.glossary_links is not None:
        write_glossary_links(config.glossary_links)
    sources = load_chapters(config, root, notebooks)
    with ThreadPoolExecutor(max_workers=2) as pool:  # pandoc and Typst work outside Python's lock: the two overlap
        site = (
            pool.submit(
                write_site,
                config,
                sources,
                out_dir,
                root=root,
                draft=draft,
                cycle=cycle,
                before_resources=before_resources,
                editions=editions,
            )
            if "html" in formats
            else None
        )
        pdfs = (
            pool.submit(
                _write_pdfs,
                config,
                sources,
                out_dir,
                draft=draft,
                pdf_date=pdf_date,
                front_matter=front_matter,
                easy_read_back=easy_read_back,
            )
            if "typst" in formats
            else None
        )
        pages = site.result() if site else []
        pdf, easy_read = pdfs.result() if pdfs else (None, None)
    titles = {source.chapter.source: source.title for source in sources}
    return RenderResult(html_pages=tuple(pages), pdf=pdf, chapter_titles=titles, easy_read_pdf=easy_read)


def _write_pdfs(
    config: BookConfig,
    sources: Sequence[ChapterSource],
    out_dir: Path,
    *,
    draft: bool,
    pdf_date: datetime.date,
    front_matter: str,
    easy_read_back: str,
) -> tuple[Path, Path | None]:
    """The book's PDF and the Easy Read PDF."""
    from rssreview.book.render.easy_read_pdf import write_easy_read_pdf
    from rssreview.book.render.pdf import write_pdf

    return (
        write_pdf(config, sources, out_dir, draft=draft, pdf_date=pdf_date, front_matter=front_matter),
        write_easy_read_pdf(config, sources, out_dir, draft=draft, pdf_date=pdf_date, back_page=easy_read_back),
    )


__all__ = ["RenderError", "RenderResult", "render_book", "write_vega_bundle"]
