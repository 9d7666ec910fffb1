"""The publication's own settings in `_quarto.yml`, read once, so Quarto and the package share one source.

Who publishes the book, its title, its status line, its output name and the public address of the
site live in `_quarto.yml` (Quarto reads `site-url`, `title` and `author` itself; `rss-status` is our
own key, which Quarto passes to the Typst template as a variable). This module is the one place the
package reads them: through the safe settings reader (`rssreview.settings_file`), checked by a pydantic
model that names the file and key of every problem.

`book.site-url` is the one place the site's public address is kept. While it is unset the build is a
local one: every page and PDF says so and shows no web address (the PDF names the download files
instead). An address in a reserved domain (example.*, .invalid, .test) is refused, never published.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rssreview import inputs
from rssreview.paths import QUARTO_YML
from rssreview.settings_file import read_settings, validated
from rssreview.urls import EXPECTED, PublicHttpsUrl, is_safe_url

#: The name CQC gave the review, in its reports' titles. It holds three key words, but naming the review is no use
#: of them: the glossary links (present/glossary.py) leave it alone.
REVIEW_NAME = "Restraint, segregation and seclusion review"
#: What the pages and PDFs say while the site has no public address.
LOCAL_BUILD = "This is a local build: it has not been published, so it has no web address and no contact address yet."


#: The Open Government Licence, under which the public bodies' text and statistics are reused, and its credit line.
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
OGL_ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


#: Characters that start markup in Markdown, HTML or Typst. A title, the publisher's name and the status line are
#: passed to pandoc and Typst as metadata (which pandoc reads as Markdown), so they must be plain words.
MARKUP_CHARACTERS = '`$#\\<>{}[]*_"@^~|='
_PLAIN = re.compile(f"[^{re.escape(MARKUP_CHARACTERS)}]+")
#: A link in the Markdown of `body-header` or `page-footer`: its target must be a page of the book or a SafeUrl.
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)")


def _plain(value: str) -> str:
    if not _PLAIN.fullmatch(value):
        raise ValueError(f"expected plain words, without the markup characters {' '.join(MARKUP_CHARACTERS)}")
    return value


def _target(value: str) -> str:
    local = value.lstrip("/")
    if is_safe_url(value) or (LOCAL_PAGE.fullmatch(local) and ".." not in local):
        return value
    raise ValueError(f"expected a page of the book (such as notebooks/about.ipynb) or {EXPECTED}; found {value!r}")


def _markdown(value: str) -> str:
    """Markdown the maintainers write for every page (`body-header`, footer text): no raw HTML or Typst, no
    attributes other than a div's classes, and links only to the book's pages or addresses that follow the rule."""
    if (
        "<" in value
        or "`" in value
        or "{=" in value
        or re.search(r"\{[^}]*(=|#)[^}]*\}", value.replace('role="note"', ""))
    ):
        raise ValueError("expected Markdown without raw HTML, raw blocks or attributes other than classes")
    for target in _LINK_TARGET.findall(value):
        _target(target)
    return value


PlainText = Annotated[str, Field(min_length=1), AfterValidator(_plain)]
PageMarkdown = Annotated[str, AfterValidator(_markdown)]
#: A page or file of the book, as `_quarto.yml` names it (relative to the project).
LOCAL_PAGE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*")


class _Open(BaseModel):
    """A part of `_quarto.yml`: the keys the package reads are checked; Quarto's own keys pass through."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)


class _Author(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)
    name: PlainText


class _FooterLink(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: PlainText
    href: Annotated[str, AfterValidator(_target)]


_FooterRegion = PageMarkdown | list[PageMarkdown | _FooterLink]


class _Footer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    left: _FooterRegion | None = None
    center: _FooterRegion | None = None
    right: _FooterRegion | None = None


class _Book(_Open):
    title: PlainText
    subtitle: PlainText | None = None
    author: PlainText | _Author | list[PlainText | _Author]
    body_header: PageMarkdown | None = Field(default=None, alias="body-header")
    page_footer: PageMarkdown | _Footer | None = Field(default=None, alias="page-footer")
    site_url: PublicHttpsUrl | None = Field(default=None, alias="site-url")
    output_file: str = Field(default="book", alias="output-file", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class _Quarto(_Open):
    book: _Book
    rss_status: PlainText = Field(alias="rss-status")


def author_text(author: Any) -> str:
    """Quarto accepts a name, a {name: …}, or a list of either; the book shows them joined."""
    items = author if isinstance(author, list) else [author]
    names = [
        str(item.name if isinstance(item, _Author) else item.get("name", "") if isinstance(item, dict) else item)
        for item in items
    ]
    return ", ".join(name for name in names if name)


class Publication(BaseModel):
    """Settings every output shares: the site's public address (None: a local build), the publisher, the
    status line, the title and the output file's name."""

    model_config = ConfigDict(frozen=True)

    site_url: str | None
    author: str
    status: str
    title: str = ""
    subtitle: str | None = None
    output_file: str = "book"

    @property
    def published(self) -> bool:
        """True when the site has a public address (a release); False for a local build."""
        return self.site_url is not None

    def url(self, project_path: str) -> str | None:
        """The public address of a project file the site publishes (PDF links), or None in a local build."""
        if self.site_url is None:
            return None
        return self.site_url.rstrip("/") + "/" + project_path.lstrip("/")


def settings(quarto_yml: Path = QUARTO_YML) -> Publication:
    """Read `book.title`, `book.author`, `book.site-url`, `book.output-file` and `rss-status`, naming the file and
    key of every problem; read again whenever the file's bytes change (a preview lives through edits)."""
    return _settings(Path(quarto_yml), inputs.fingerprint([Path(quarto_yml)]))


@lru_cache(maxsize=2)
def _settings(quarto_yml: Path, _content: str) -> Publication:
    config = validated(_Quarto, read_settings(quarto_yml), quarto_yml)
    book = config.book
    return Publication(
        site_url=book.site_url,
        author=author_text(book.author),
        status=config.rss_status,
        title=book.title,
        subtitle=book.subtitle,
        output_file=book.output_file,
    )


#: Where the site keeps each earlier edition: the latest edition is at the site's root.
EDITIONS = "editions"


def edition_folder(cycle_id: str, latest_cycle: str) -> str:
    """The folder of a cycle's edition in the site, from its root: "" for the latest, `editions/<cycle>/` before it.

    Every address of an edition's pages, PDF and downloads is made from this, so they stay where they are when a
    later edition is published.
    """
    return "" if cycle_id == latest_cycle else f"{EDITIONS}/{cycle_id}/"
