"""The publication's own settings, read from `_quarto.yml` so Quarto and the package share one source.

Who publishes the book, its status line and the public address of the site live under `book:` in
`_quarto.yml` (Quarto reads `site-url` and `author` itself; `rss-status` is our own key, which Quarto
passes to the Typst template as a variable). The package reads them here for links in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rssreview import inputs
from rssreview.files import read_yaml
from rssreview.paths import QUARTO_YML


@dataclass(frozen=True)
class Publication:
    """Settings every output shares: the site's public address, the publisher and the status line."""

    site_url: str
    author: str
    status: str

    def url(self, project_path: str) -> str:
        """The public address of a project file the site publishes, from its path in the project (PDF links)."""
        return self.site_url.rstrip("/") + "/" + project_path.lstrip("/")


def settings(quarto_yml: Path = QUARTO_YML) -> Publication:
    """Read `book.site-url`, `book.author` and `rss-status`, naming the file and key when one is missing; read again
    whenever the file's bytes change (a preview lives through edits)."""
    return _settings(quarto_yml, inputs.fingerprint([Path(quarto_yml)]))


@lru_cache(maxsize=2)
def _settings(quarto_yml: Path, _content: str) -> Publication:
    config = read_yaml(quarto_yml) or {}
    book = config.get("book") or {}
    values = {
        "book.site-url": book.get("site-url"),
        "book.author": book.get("author"),
        "rss-status": config.get("rss-status"),
    }
    missing = [key for key, value in values.items() if not value]
    if missing:
        raise ValueError(f"{quarto_yml}: expected a value for {', '.join(missing)}, found nothing")
    if not str(book["site-url"]).startswith("https://"):
        raise ValueError(f"{quarto_yml}: key 'book.site-url': expected an https:// address, found {book['site-url']!r}")
    author = book["author"]
    if isinstance(author, list):
        author = ", ".join(a.get("name", "") if isinstance(a, dict) else str(a) for a in author)
    elif isinstance(author, dict):
        author = str(author.get("name", ""))
    return Publication(site_url=str(book["site-url"]), author=str(author), status=str(config["rss-status"]))


#: Where the site keeps each earlier edition: the latest edition is at the site's root.
EDITIONS = "editions"


def edition_folder(cycle_id: str, latest_cycle: str) -> str:
    """The folder of a cycle's edition in the site, from its root: "" for the latest, `editions/<cycle>/` before it.

    Every address of an edition's pages, PDF and downloads is made from this, so they stay where they are when a
    later edition is published.
    """
    return "" if cycle_id == latest_cycle else f"{EDITIONS}/{cycle_id}/"
