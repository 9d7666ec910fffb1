"""How big each data file may be, and which paths under data/ may be read at all.

A data file is refused before it is parsed when it is larger, or has more lines, than its
table allows, so a huge or hostile file fails in seconds instead of building a
4,000-page PDF. Each cell is then held to a length. A symbolic link anywhere on the way
from the project's root to an input (`data/` itself, a folder under it, `_quarto.yml`,
`data/release.yml`), or a name with `..` in it, is refused: the build reads the project's
own files and nothing else. Every failure is one line naming the file (and the row and column).
The limits are listed for editors in data/README.md ("Limits on size").
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePath

from rssreview import inputs
from rssreview.inputs import Limit
from rssreview.paths import DATA, ROOT, display_path
from rssreview.problems import Problem

KB, MB = inputs.KB, inputs.MB

#: Limits by file, relative to data/, as the register of inputs (rssreview.inputs) declares them (for the data
#: dictionary's table); files in raw/ other than the manifest use RAW_FILE. `limit_for` reads the register itself.
LIMITS: dict[str, Limit] = {
    item.pattern.removeprefix("data/"): item.limit
    for item in inputs.REGISTER
    if item.limit is not None and item.pattern.startswith("data/") and "*" not in item.pattern
}
RAW_FILE = inputs.RAW_FILE


class DataFileRefused(ValueError):
    """A data file that must not be read: too big, a symbolic link, or outside data/."""


def limit_for(path: Path) -> Limit:
    """The limit the register of inputs sets for a file under data/ (a raw NHS file's for anything it does not list).

    A file outside data/ (a test's copy of a table) takes the limit of the table with its folder and name.
    """
    key = _relative(Path(path))
    for name in (key, "/".join(PurePath(key).parts[-2:])):
        item = inputs.entry_for(DATA / name)
        if item is not None and item.limit is not None:
            return item.limit
    return RAW_FILE


def _relative(path: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(DATA)).as_posix()
    except ValueError:
        return "/".join(path.parts[-2:])


def size_words(value: int) -> str:
    if value >= MB:
        return f"{value / MB:,.0f} MB"
    return f"{value / KB:,.0f} KB" if value >= KB else f"{value:,} bytes"


def path_problem(path: Path) -> str | None:
    """Why `path` must not be read (a `..` in it, or a symbolic link on the way to it inside the project: data/
    itself, a folder in it, _quarto.yml, the file), or None."""
    path = Path(path)
    if ".." in path.parts:
        return "refused: a path with '..' in it; name a file inside data/ directly"
    absolute = Path(os.path.abspath(path))
    root = Path(os.path.abspath(ROOT))
    # Check every component below the project's root (or the file's own folder, for files elsewhere) down to the
    # file, so data/ as a link to elsewhere is refused as well as a link inside it.
    start = root if absolute.is_relative_to(root) else absolute.parent
    current = start
    for part in absolute.relative_to(start).parts:
        current = current / part
        if current.is_symlink():
            return f"refused: {display_path(current)} is a symbolic link; copy the file into data/ instead"
    return None


def symlinks_under(folder: Path = DATA) -> list[str]:
    """One line for each symbolic link anywhere under `folder` (links are never followed)."""
    found = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(here) / name
            if path.is_symlink():
                found.append(f"{display_path(path)}: refused: a symbolic link under data/; copy the file instead")
    return found


def check_data_tree(folder: Path = DATA) -> None:
    """Refuse a data folder that is, or holds, a symbolic link."""
    problem = path_problem(folder)
    found = [f"{display_path(folder)}: {problem}"] if problem else symlinks_under(folder)
    if found:
        raise DataFileRefused("\n".join(found))


def file_problem(path: Path, limit: Limit | None = None) -> str | None:
    """Why a data file must not be parsed (a link, `..`, too many bytes or lines), or None. Reads no more
    of the file than its limit allows. The reason does not name the file: callers put it first."""
    problem = path_problem(path)
    if problem:
        return problem
    limit = limit or limit_for(path)
    size = Path(path).stat().st_size
    if size > limit.max_bytes:
        return (
            f"refused: the file is {size_words(size)} ({size:,} bytes); the limit for this table is "
            f"{size_words(limit.max_bytes)} (data/README.md, Limits on size)"
        )
    if limit.max_rows is None:
        return None
    lines = _count_lines(Path(path))
    if lines > limit.max_rows + 1:
        return (
            f"refused: the file has {lines:,} lines; the limit for this table is {limit.max_rows:,} rows "
            "after the header (data/README.md, Limits on size)"
        )
    return None


def _count_lines(path: Path) -> int:
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def check_file(path: Path, limit: Limit | None = None) -> None:
    """Raise DataFileRefused (one line) if the file must not be parsed."""
    problem = file_problem(path, limit)
    if problem:
        raise DataFileRefused(f"{display_path(path)}: {problem}")


def refusal(file: str, path: Path) -> Problem | None:
    """The problem a loader reports for a file it must not parse (named `file`), or None."""
    reason = file_problem(path)
    return Problem(file, None, None, "a plain file within the size limit", reason) if reason else None


def long_cells(
    file: str, header: Sequence[str], rows: Iterable[tuple[int, Sequence[str]]], limit: Limit
) -> Iterator[Problem]:
    """A problem for every cell longer than the limit, from (spreadsheet row, cells) pairs."""
    for number, cells in rows:
        for column, value in zip(header, cells):
            if value is not None and len(value) > limit.max_cell:
                yield Problem(
                    file,
                    number,
                    column,
                    f"at most {limit.max_cell:,} characters",
                    f"{len(value):,} characters (data/README.md, Limits on size)",
                )
