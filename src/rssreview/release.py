"""The publication's own settings (data/release.yml): contact, accessibility, revisions, related links.

They are read in one place and validated where they enter, so every page that shows the contact
route or this edition's date shows the same value, and a mistake in the file is reported as one
line per problem naming the file and key.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rssreview import inputs
from rssreview.paths import RELEASE
from rssreview.settings_file import SettingsError, read_settings, validated
from rssreview.urls import EMAIL_ADDRESS, PublicUrl, real_address


class ReleaseError(SettingsError):
    """data/release.yml cannot be used; the message lists every problem, one per line."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


#: A role address readers can write to: a plain e-mail address, never a reserved domain or a `noreply` one.
Email = Annotated[str, Field(pattern=rf"^{EMAIL_ADDRESS.pattern}$", max_length=254), AfterValidator(real_address)]


class Contact(_Strict):
    name: str = Field(min_length=1)
    #: None until the publisher has a real address: the build is then a local one, and says so (no address shown).
    email: Email | None = None
    response_days: int = Field(gt=0)


class Licence(_Strict):
    name: str = Field(min_length=1)
    url: PublicUrl
    #: The licence's text in the project, as the About page names it (LICENSE).
    file: str = Field(pattern=r"^[A-Za-z0-9._-]+$")


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
    url: PublicUrl
    about: str = Field(min_length=1)


class Release(_Strict):
    """Everything in data/release.yml."""

    contact: Contact
    code_licence: Licence
    #: Where the code is published, for readers who want to rebuild it; None until there is a public one.
    repository: PublicUrl | None = None
    accessibility: Accessibility
    revisions: tuple[Revision, ...] = Field(min_length=1)
    related: tuple[Related, ...]

    @property
    def edition_date(self) -> dt.date:
        """This edition's date: the date of the latest revision (the file lists them oldest first)."""
        return max(revision.date for revision in self.revisions)


def read_release(path: Path = RELEASE) -> Release:
    """Load and check the settings (one safe reader, `rssreview.settings_file`), reporting every problem together."""
    try:
        return validated(Release, read_settings(path), path)
    except SettingsError as err:
        raise ReleaseError(str(err)) from None


def release() -> Release:
    """The project's settings, read again whenever the file's bytes change (a preview lives through edits)."""
    return _release(inputs.fingerprint([RELEASE]))


@lru_cache(maxsize=1)
def _release(_content: str) -> Release:
    return read_release()
