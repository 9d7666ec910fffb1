"""This edition of the book: its date and the PDF's front matter, the same for Quarto and the built-in path.

Quarto cannot compute the edition's date or look up the original report, so the pre-render step writes
the front matter (`_build/quarto/front-matter.typ`, `include-before-body` in `_quarto.yml`) and the
built-in renderer puts the same text at the same place. It calls `rss-front-matter` from the shared
Typst template (static/typst/typst-template.typ).
"""

from __future__ import annotations

import datetime
from pathlib import Path

from rssreview.book.render.quarto_config import BookConfig
from rssreview.book.render.typst_text import typst_link, typst_string, typst_text
from rssreview.paths import BUILD, QUARTO_YML, ROOT
from rssreview.present.spreadsheet import workbook_name
from rssreview.present.words import long_date
from rssreview.publication import LOCAL_BUILD, OGL, OGL_ATTRIBUTION, Publication

QUARTO_FRONT_MATTER = BUILD / "quarto" / "front-matter.typ"
#: The site's stylesheet as a <style> block for Quarto's `include-in-header`, so no file is published under the
#: source tree's folder names (a `css:` entry is copied to _book/src/rssreview/book/static/site.css).
QUARTO_SITE_STYLE = BUILD / "quarto" / "site-style.html"


def edition_date() -> datetime.date:
    """The date of this edition, from the release settings (data/release.yml: its latest revision).

    The pages, both PDFs (title page and metadata) and the workbook all take the date from there, so a
    reader never meets two dates for one edition. It used to come from the commit being built, which
    could differ by a day from the revision date the pages show. A fixed date also keeps rebuilds of one
    commit byte-identical.
    """
    from rssreview.release import release

    return release().edition_date


def front_matter(
    config: BookConfig, publication: Publication, cycle: dict, cycle_id: str, edition: datetime.date, folder: str = ""
) -> str:
    """The Typst call that draws the title page (labelled dates, publisher, status, downloads) and contents.

    `folder` is the edition's place in the site (`editions/<cycle>/` for an earlier one; publication.edition_folder).
    """
    site, pdf = publication.url(folder), publication.url(f"{folder}{config.output_file}.pdf")
    workbook = publication.url(f"figures/{cycle_id}/{workbook_name(cycle_id)}")
    if site is None or pdf is None or workbook is None:
        where = (
            f"#strong({typst_string(LOCAL_BUILD)}) \\ "
            f"This PDF is #{typst_string(config.output_file + '.pdf')}, all tables are in the spreadsheet "
            f"#{typst_string(workbook_name(cycle_id))}, and every table and chart's data is in a CSV file, named "
            "where it appears. \\ "
        )
    else:
        where = (
            f"Read online: {typst_link(site)} \\ "
            f"This PDF: {typst_link(pdf)} \\ "
            f"All tables (spreadsheet): {typst_link(workbook)} \\ "
            "Every table and chart's data is also linked as CSV where it appears. \\ "
        )
    downloads = f"[{where}#{typst_string(OGL_ATTRIBUTION.removesuffix('.') + ':')} {typst_link(OGL)}.]"
    arguments = {
        "title": typst_text(config.title),
        "subtitle": typst_text(config.subtitle) if config.subtitle else "none",
        "author": typst_text(publication.author),
        "edition": typst_text(f"{edition.day} {edition:%B %Y}"),
        "original": typst_text(long_date(cycle["publication_date"])),
        "original-title": f"[#emph({typst_text(str(cycle['title']))}) by the Care Quality Commission]",
        "downloads": downloads,
        # for each level-1 heading, the part the contents indent it under (none: at the top level)
        "parts": f"({''.join(('none' if part is None else typst_string(part)) + ', ' for part in config.top_headings)})",
    }
    body = ",\n  ".join(f"{key}: {value}" for key, value in arguments.items())
    return f"#rss-front-matter(\n  {body},\n)\n"


def book_front_matter(tables, cycle_id: str, edition: datetime.date, root: Path = ROOT) -> str:
    """The front matter of the cycle's book, from `_quarto.yml` and the cycles table."""
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.publication import edition_folder, settings

    config = read_book_config(root / "_quarto.yml")
    folder = edition_folder(cycle_id, tables.latest_cycle())
    return front_matter(config, settings(root / "_quarto.yml"), tables.cycle(cycle_id), cycle_id, edition, folder)


def prepare_quarto(tables, cycle_id: str) -> list[Path]:
    """Everything `quarto render` needs besides the committed notebooks, written before it renders.

    The Vega bundle (figures/vendor/), the downloads (workbook, CSV zip, their cycle-free copies), the PDF's
    front matter, the site's stylesheet as a <style> block and the glossary links filter's data (`rss-glossary-links`);
    each is written only when its bytes change, so Quarto sees no change on a rerun.
    """
    from rssreview.book.render import write_vega_bundle
    from rssreview.book.render.glossary_links import write_glossary_links
    from rssreview.book.render.quarto_config import read_book_config
    from rssreview.book.render.site import inline_style
    from rssreview.files import write_if_changed
    from rssreview.present.downloads import write_downloads

    bundle = write_vega_bundle(ROOT)
    downloads = write_downloads(tables, cycle_id, edition_date())
    front = write_if_changed(QUARTO_FRONT_MATTER, book_front_matter(tables, cycle_id, edition_date()))
    style = write_if_changed(QUARTO_SITE_STYLE, inline_style())
    links = read_book_config(QUARTO_YML).glossary_links
    return [bundle, *downloads, front, style, *([write_glossary_links(links)] if links else [])]
