"""The Easy Read chapter on its own, as a PDF with its own page design (static/easy-read.typ).

`_quarto.yml` names the chapter under `easy-read: chapter:`. The built-in renderer writes it beside the
book's PDF as `<output-file>-easy-read.pdf`; under Quarto, the `post-render` step `rssreview easy-read-pdf`
does the same from the committed notebook. Fonts come from the dejavu-fonts-ttf npm package (installed
by `make`), never from the system, so two builds give identical bytes.
"""

from __future__ import annotations

import datetime
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import typst

from rssreview.book.render import pandoc_run
from rssreview.book.render.assets import STATIC
from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import BookConfig
from rssreview.book.render.sources import ChapterSource
from rssreview.book.render.typst_text import typst_string
from rssreview.paths import EASY_READ_FONTS, display_path
from rssreview.present.easy_read import (
    COVER_PICTURE,
    LOCAL_BUILD_WORDS,
    NOT_FROM_CQC,
    PDF_SUFFIX,
    PDF_TITLE,
    picture_svg,
)

TEMPLATE = "easy-read.typ"
FONT = "DejaVuSans.ttf"


def easy_read_pdf_name(config: BookConfig) -> str:
    return f"{config.output_file}{PDF_SUFFIX}"


def write_easy_read_pdf(
    config: BookConfig,
    sources: Sequence[ChapterSource],
    out_dir: Path,
    *,
    draft: bool,
    pdf_date: datetime.date,
    back_page: str,
) -> Path | None:
    """Compile the Easy Read chapter into `out_dir`; None when `_quarto.yml` names no Easy Read chapter.

    `back_page` is the Markdown of its last page (present.easy_read.back_page), made for the edition rendered."""
    if config.easy_read is None:
        return None
    source = next((s for s in sources if s.chapter.source == config.easy_read), None)
    if source is None:
        raise RenderError(
            f"_quarto.yml: key 'easy-read.chapter': expected one of the book's chapters, found '{config.easy_read}'"
        )
    if not (EASY_READ_FONTS / FONT).is_file():
        raise RenderError(
            f"{display_path(EASY_READ_FONTS / FONT)}: the Easy Read PDF's font is missing; install it with `make` "
            "(npm ci reads package.json and package-lock.json)"
        )
    chapter = source.markdown("typst", echo=False, image_dir=source.chapter.figure_dir("typst"))
    main = easy_read_typst(config, source, f"{chapter.markdown}\n\n{back_page}", draft=draft, pdf_date=pdf_date)
    target = out_dir / easy_read_pdf_name(config)
    where = f"{source.chapter.source} (in {target.name})"
    target.write_bytes(compile_easy_read(main, chapter.images, pdf_date=pdf_date, where=where))
    return target


def compile_easy_read(main: str, images: Mapping[str, bytes], *, pdf_date: datetime.date, where: str) -> bytes:
    """The PDF Typst makes of main.typ with the page design and the chapter's images beside it."""
    with tempfile.TemporaryDirectory(prefix="rss-easy-read-") as scratch:
        folder = Path(scratch)
        shutil.copyfile(STATIC / TEMPLATE, folder / TEMPLATE)
        for relative, data in sorted(images.items()):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        (folder / "main.typ").write_text(main, encoding="utf-8")
        try:
            return typst.compile(
                str(folder / "main.typ"),
                root=str(folder),
                font_paths=[str(EASY_READ_FONTS)],
                ignore_system_fonts=True,
                timestamp=datetime.datetime.combine(pdf_date, datetime.time(), tzinfo=datetime.UTC),
            )
        except typst.TypstError as exc:
            message = " ".join(str(getattr(exc, "message", exc)).split())
            raise RenderError(f"{where}: Typst could not compile it: {message}") from exc


def easy_read_typst(
    config: BookConfig, source: ChapterSource, markdown: str, *, draft: bool, pdf_date: datetime.date
) -> str:
    """main.typ: the Easy Read design applied to the chapter as pandoc converts it."""
    body = pandoc_run.convert(
        markdown,
        source=source.chapter.source,
        reader=pandoc_run.MARKDOWN_FOR_TYPST,
        writer="typst",
        args=["--columns=10000"],
    )
    return _preamble(config, draft=draft, pdf_date=pdf_date) + body


def _preamble(config: BookConfig, *, draft: bool, pdf_date: datetime.date) -> str:
    language, _, region = config.lang.partition("-")
    settings = {
        "title": typst_string(config.title),
        "document-title": typst_string(f"{PDF_TITLE} – {config.title}"),
        "cover-picture": f"bytes({typst_string(picture_svg(COVER_PICTURE))})",
        "author": typst_string(config.author),
        "date": f"datetime(year: {pdf_date.year}, month: {pdf_date.month}, day: {pdf_date.day})",
        "lang": typst_string(language.lower()),
        "region": typst_string(region.upper()) if region else "none",
        "paper": typst_string(str(config.typst.get("papersize", "a4"))),
        "draft": "true" if draft else "false",
        "notice": typst_string(NOT_FROM_CQC),
        # A local build (book.site-url unset) says so on the cover too, in Easy Read words, with no address.
        "local-build": typst_string(LOCAL_BUILD_WORDS[0]) if config.local_build else "none",
    }
    arguments = ", ".join(f"{key}: {value}" for key, value in settings.items())
    return f'#import "{TEMPLATE}": easy-read, easy-read-end, horizontalrule\n#show: easy-read.with({arguments})\n\n'
