"""The publication's own settings (data/release.yml): contact, accessibility, revisions, related links.

They are read in one place and validated where they enter, so every page that shows the contact
route or this edition's date shows the same value, and a mistake in the file is reported as one
line per problem naming the file and key.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from rssreview import inputs
from rssreview.files import read_yaml
from rssreview.paths import QUARTO_YML, RELEASE, display_path


class ReleaseError(ValueError):
    """data/release.yml cannot be used; the message lists every problem, one per line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(_Strict):
    name: str = Field(min_length=1)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    response_days: int = Field(gt=0)


class Licence(_Strict):
    name: str = Field(min_length=1)
    url: HttpUrl


class Accessibility(_Strict):
    standard: str = Field(min_length=1)
    tested: str = Field(min_length=1)
    known_issues: tuple[str, ...]


class Revision(_Strict):
    date: dt.date
    change: str = Field(min_length=1)


class Related(_Strict):
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: dt.date
    url: HttpUrl
    about: str = Field(min_length=1)


class Release(_Strict):
    """Everything in data/release.yml."""

    contact: Contact
    code_licence: Licence
    accessibility: Accessibility
    revisions: tuple[Revision, ...] = Field(min_length=1)
    related: tuple[Related, ...]

    @property
    def edition_date(self) -> dt.date:
        """This edition's date: the date of the latest revision (the file lists them oldest first)."""
        return max(revision.date for revision in self.revisions)


def read_release(path: Path = RELEASE) -> Release:
    """Load and check the settings, reporting every problem together."""
    where = display_path(path)
    try:
        raw = read_yaml(path)
    except (OSError, yaml.YAMLError) as err:
        raise ReleaseError(f"{where}: cannot be read as YAML ({' '.join(str(err).split())})") from None
    try:
        return Release.model_validate(raw)
    except ValidationError as err:
        lines = [
            f"{where}, key {'.'.join(str(part) for part in problem['loc']) or '(top)'}: {problem['msg']}"
            f" (found {problem.get('input')!r})"
            for problem in err.errors()
        ]
        raise ReleaseError("\n".join(lines)) from None


def release() -> Release:
    """The project's settings, read again whenever the file's bytes change (a preview lives through edits)."""
    return _release(inputs.fingerprint([RELEASE]))


@lru_cache(maxsize=1)
def _release(_content: str) -> Release:
    return read_release()


def book_author(quarto_yml: Path = QUARTO_YML) -> str:
    """Who publishes the book: `book.author` in _quarto.yml (a name, a list of names or of {name: …})."""
    book = (read_yaml(quarto_yml) or {}).get("book") or {}
    author = book.get("author") or ""
    items = author if isinstance(author, list) else [author]
    return ", ".join(str(i.get("name", "")) if isinstance(i, dict) else str(i) for i in items if i)
