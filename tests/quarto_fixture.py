"""Quarto's output folder without Quarto: a trimmed chapter page as Quarto 1.10.18 writes it, at every chapter's
address, for the tests of what the post-render step does to Quarto's pages."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from rssreview.book.render.site import EditionLink
from rssreview.paths import QUARTO_YML, ROOT

#: A chapter page as Quarto 1.10.18 writes it (its main column), trimmed; `book.body-header` drawn as Quarto draws it.
QUARTO_PAGE = ROOT / "tests/fixtures/quarto/page.html"
EDITIONS = (
    EditionLink("March 2022 edition", "", True),
    EditionLink("December 2021 edition", "editions/2021-12/", False),
)


def quarto_output(folder: Path) -> Path:
    """Quarto's output folder: the trimmed page at every chapter's address, as `quarto render` leaves it."""
    from rssreview.book.render.quarto_config import read_book_config

    for chapter in read_book_config(QUARTO_YML).chapters:
        (folder / chapter.html_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(QUARTO_PAGE, folder / chapter.html_path)
    return folder


def notices(page: Path) -> list[str]:
    """The classes of the elements that follow the status in Quarto's main column, up to the chapter's text."""
    main = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("main#quarto-document-content")
    assert main is not None
    status = main.select_one("div.publication-status")
    assert status is not None
    found = []
    for sibling in status.find_next_siblings(True):
        if "cell" in (sibling.get("class") or []):
            break
        found.append(" ".join([sibling.name, *(sibling.get("class") or [])]))
    return found
