"""Quarto's HTML pages, finished after Quarto has written them: the local-build line and the edition line.

Quarto puts `book.body-header` on every page exactly as `_quarto.yml` writes it, the same Markdown for every page
(quarto-cli, src/project/types/website/website-navigation-md.ts, `bodyHeaderFooterHandler`), so it cannot carry a
line that depends on the settings (a local build) or on the page (links to the same page in the other editions).
The post-render step adds both, with the built-in renderer's own code and settings: the local-build line from
`quarto_config.local_build_note` just after the status, as the built-in body header has it, and the edition line
from `site.edition_switch_html` after that. Running it again on a finished page gives the same page.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import BookConfig
from rssreview.book.render.site import EditionLink, body_header_html, edition_switch_html
from rssreview.files import write_if_changed
from rssreview.paths import display_path

#: Quarto's main column (its website templates) and the status `book.body-header` draws in it.
MAIN = "main#quarto-document-content"
STATUS = "div.publication-status:not(.local-build)"
#: What this step adds, removed first so that a second run changes nothing.
ADDED = ("div.publication-status.local-build", "nav.edition-switch")


def finish_pages(output: Path, config: BookConfig, editions: Sequence[EditionLink]) -> list[Path]:
    """Add the local-build line (while `book.site-url` is unset) and the edition line to each chapter's page in
    Quarto's output folder; return the pages that changed. Every page without Quarto's status is reported at once."""
    local_build = (
        body_header_html(config.local_build, "_quarto.yml (book.site-url unset)") if config.local_build else ""
    )
    changed, problems = [], []
    for chapter in config.chapters:
        path = output / chapter.html_path
        if not path.is_file():
            problems.append(f"{display_path(path)}: expected Quarto's page for {chapter.source}, found no file")
            continue
        text = path.read_text(encoding="utf-8")
        page = finish_page(text, local_build, edition_switch_html(editions, chapter.html_path))
        if page is None:
            problems.append(
                f"{display_path(path)}: expected the status from _quarto.yml's book.body-header in {MAIN}, found none"
            )
        elif page != text:
            changed.append(write_if_changed(path, page))
    if problems:
        raise RenderError("\n".join(problems))
    return changed


def finish_page(html: str, local_build: str, edition_line: str) -> str | None:
    """One page with the lines added just after its status (None when Quarto drew no status on it).

    The lines are put into Quarto's text where they belong, and nothing else is touched: re-writing the whole page
    through a parser would change how Quarto wrote every other tag."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one(MAIN)
    status = main.select_one(STATUS) if main else None
    if main is None or status is None:
        return None
    marks = {id(tag) for selector in ADDED for tag in main.select(selector)}
    following = list(status.find_next_siblings(True))
    added = list(itertools.takewhile(lambda tag: id(tag) in marks, following))  # from an earlier run
    end = _offset(html, following[len(added)]) if len(following) > len(added) else html.rindex("</main>")
    start = _offset(html, added[0]) if added else end
    return html[:start] + local_build + edition_line + html[end:]


def _offset(html: str, tag: Tag) -> int:
    """Where a tag starts in the text it was parsed from."""
    if tag.sourceline is None or tag.sourcepos is None:
        raise RenderError(f"expected the position of a {tag.name} element in Quarto's page, found none")
    lines = html.splitlines(keepends=True)
    return sum(len(line) for line in lines[: tag.sourceline - 1]) + tag.sourcepos
