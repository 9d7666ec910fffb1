"""Downloading the raw files the manifest lists, safely.

A download goes to a temporary file in the destination folder and is renamed only
when complete and verified, so a failed or interrupted download never leaves a
half-written file under the real name. An existing file is never silently replaced.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as with_fields
from pathlib import Path
from typing import BinaryIO

from rssreview.national.errors import NationalDataError
from rssreview.national.manifest import Entry, read_manifest, write_manifest
from rssreview.national.recording import observe
from rssreview.paths import RAW
from rssreview.problems import Problem

CHUNK = 1 << 20
Opener = Callable[[str], BinaryIO]


@dataclass(frozen=True)
class FetchResult:
    """What happened to one manifest file: downloaded, replaced, present, or no-url (nothing to fetch)."""

    file: str
    status: str
    sha256: str
    backup: Path | None = None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download(url: str, folder: Path, opener: Opener) -> tuple[Path, str]:
    """The URL's bytes in a temporary file in `folder`, and their SHA-256."""
    digest = hashlib.sha256()
    fd, name = tempfile.mkstemp(dir=folder, prefix=".download-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, opener(url) as response:
            for block in iter(lambda: response.read(CHUNK), b""):
                digest.update(block)
                out.write(block)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), digest.hexdigest()


def fetch_one(entry: Entry, dest: Path, opener: Opener, replace: bool) -> tuple[FetchResult, str]:
    """Fetch one file; returns the result and the checksum the manifest should record."""
    target = dest / entry.file
    if target.exists():
        existing = sha256_of(target)
        if not replace or existing == entry.sha256:
            if entry.sha256 and existing != entry.sha256:
                raise ValueError(
                    f"SHA-256 {entry.sha256} (from the manifest); found an existing file with "
                    f"{existing} (pass replace=True to download it again and keep this one as a backup)"
                )
            return FetchResult(entry.file, "present", existing), existing
    if not entry.source_url:
        return FetchResult(entry.file, "no-url", ""), entry.sha256
    part, sha = download(entry.source_url, dest, opener)
    if entry.sha256 and sha != entry.sha256:
        part.unlink()
        raise ValueError(f"SHA-256 {entry.sha256} (from the manifest); downloaded {sha} (not kept)")
    backup = None
    if target.exists():
        existing = sha256_of(target)
        if existing == sha:
            part.unlink()
            return FetchResult(entry.file, "present", sha), sha
        backup = target.with_name(f"{target.name}.bak-{existing[:8]}")
        target.replace(backup)
    part.replace(target)
    return FetchResult(entry.file, "replaced" if backup else "downloaded", sha, backup), sha


def recorded(entry: Entry, path: Path, downloaded_on: str | None = None) -> Entry:
    """The entry with the file's SHA-256, size and (when the row has none) reporting period recorded.

    A file that does not load still has its checksum and size recorded (they are facts of the
    download); its problems are reported when the data are validated.
    """
    seen, _ = observe(path, entry.period)
    return with_fields(
        entry,
        sha256=seen.sha256,
        size=seen.size,
        period=entry.period or seen.period,
        downloaded_on=entry.downloaded_on if downloaded_on is None else downloaded_on,
    )


def fetch(
    manifest: Path = RAW / "manifest.csv",
    dest: Path = RAW,
    *,
    downloaded_on: dt.date,
    opener: Opener = urllib.request.urlopen,
    replace: bool = False,
) -> list[FetchResult]:
    """Download every manifest file that is missing, verify checksums, and record each file's SHA-256, size
    and reporting period in the manifest.

    `downloaded_on` is the date recorded for new downloads (the caller reads the clock).
    Problems with some files do not stop the others; they are raised together at the end,
    after the manifest has recorded what did succeed.
    """
    dest.mkdir(parents=True, exist_ok=True)
    entries = read_manifest(manifest)
    results, updated, problems = [], [], []
    for entry in entries:
        try:
            result, sha = fetch_one(entry, dest, opener, replace)
        except (urllib.error.URLError, OSError, ValueError) as err:
            problems.append(
                Problem(
                    entry.file,
                    None,
                    None,
                    f"a download from {entry.source_url}" if not isinstance(err, ValueError) else "a verified file",
                    str(err),
                )
            )
            updated.append(entry)
            continue
        results.append(result)
        if result.status in {"downloaded", "replaced"}:
            updated.append(recorded(entry, dest / entry.file, downloaded_on=downloaded_on.isoformat()))
        elif result.status == "present" and not (entry.sha256 and entry.size and entry.period):
            updated.append(recorded(entry, dest / entry.file))
        else:
            updated.append(entry)
    if updated != entries:
        write_manifest(manifest, updated)
    if problems:
        raise NationalDataError(problems)
    return results
