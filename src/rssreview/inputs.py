"""The register of inputs: every file the publication is built from, declared once.

Each entry says which files it covers (a project-relative pattern), what they are, how big they
may be, which of their fields are reader text, and how they enter the build's cache keys. Everything
that needs to know about inputs reads it from here rather than keeping its own list:

- `limits` takes each table's limits (bytes, rows, cell length, nesting) from `limit`;
- the evidence schemas and the privacy guard take the reader-text columns from `reader_text`;
- `rssreview validate` names the loader of each table it checks from `loader`;
- the chapters' execution keys, the render key, the warm server's reloads and `build-manifest.json` hash
  the bytes of the files in `files(...)` (`fingerprint`), never their times or sizes;
- `tests/test_inputs.py` fails when a file under data/, or any file a build opens, is in no entry.

Adding a data table is one entry here (and its loader); limits, validation, privacy scanning, escaping
and caching follow from it (CONTRIBUTING.md, "Add a data table"). This module imports only the
standard library and `paths`, so the warm server's launcher can read it too.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rssreview.paths import ROOT

KB, MB = 1024, 1024 * 1024

#: How an input enters the cache keys: `rows` (the evidence tables: a chapter is keyed on the parsed rows it
#: declares, see book/execute.py; the render on their bytes), `content` (the file's bytes), `pinned` (installed
#: by npm and keyed through package-lock.json, which pins them), or `none` (documentation the build never reads,
#: and downloads the render itself writes: listed in build-manifest.json, in no key).
KeyKind = Literal["rows", "content", "pinned", "none"]


@dataclass(frozen=True)
class Limit:
    """The most a file may hold: bytes, data rows (None: not counted before parsing), characters in a cell,
    and, for settings, how deep its values may nest."""

    max_bytes: int
    max_rows: int | None
    max_cell: int
    max_depth: int | None = None


@dataclass(frozen=True)
class Input:
    """One kind of input file.

    `pattern` is project-relative; `*` matches within one folder and `**/` any depth of folders.
    `group` names the files a step hashes together (`files`, `fingerprint`).
    """

    pattern: str
    group: str
    what: str
    key: KeyKind = "content"
    limit: Limit | None = None
    loader: str = ""  # the function that reads and validates it (module:function), "" if the build only hashes it
    schema: str = ""  # where its columns or keys are declared (module:name)
    reader_text: tuple[str, ...] = ()  # columns or keys a reader sees as prose: escaped, and scanned for personal data
    required: bool = True


def _table(name: str, limit: Limit, reader_text: tuple[str, ...], *, required: bool = True, what: str = "") -> Input:
    return Input(
        f"data/evidence/{name}.csv",
        "evidence",
        what or f"the {name.replace('_', ' ')} evidence table",
        key="rows",
        limit=limit,
        loader="rssreview.evidence.load:load",
        schema=f"rssreview.evidence.schemas:{'SPECS' if required else 'OPTIONAL'}['{name}']",
        reader_text=reader_text,
        required=required,
    )


def _national(name: str, what: str, loader: str, limit: Limit, reader_text: tuple[str, ...] = ()) -> Input:
    return Input(f"data/national/{name}", "national", what, limit=limit, loader=loader, reader_text=reader_text)


SMALL = Limit(64 * KB, 500, 500)
#: A raw NHS file as published (read by pyarrow, so its rows are not counted first).
RAW_FILE = Limit(512 * MB, None, 1_000)

REGISTER: tuple[Input, ...] = (
    # --- the evidence tables (data/README.md) ----------------------------------------------------
    _table("cycles", Limit(64 * KB, 200, 500), ("title",)),
    _table("themes", Limit(64 * KB, 50, 2_000), ("title", "introduction")),
    _table(
        "recommendations",
        Limit(512 * KB, 200, 2_000),
        ("short_label", "topic", "full_implementation", "lead_organisations", "note"),
    ),
    _table("ratings", Limit(2 * MB, 5_000, 2_000), ("reason", "override_reason")),
    _table("evidence", Limit(4 * MB, 5_000, 2_000), ("summary",)),
    _table("pseudonyms", Limit(64 * KB, 500, 500), ()),
    _table("public_figures", Limit(64 * KB, 500, 500), (), required=False),
    _table("superseded", Limit(256 * KB, 2_000, 2_000), ("reason",), required=False),
    _table("key_messages", Limit(256 * KB, 500, 2_000), ("message",), required=False),
    _table("glossary", Limit(256 * KB, 500, 2_000), ("term", "definition"), required=False),
    # --- the national figures and the maps that read NHS files ------------------------------------
    _national(
        "national_figures.csv",
        "national figures quoted from published sources",
        "rssreview.national.figures:load_national_figures",
        Limit(2 * MB, 10_000, 1_000),
        ("note", "reason"),
    ),
    _national(
        "measures.csv",
        "the measures every chart and table may show",
        "rssreview.national.measures:load_measures",
        SMALL,
        ("name", "chart_label", "coverage"),
    ),
    _national(
        "at_column_map.csv",
        "Assuring Transformation columns to measures",
        "rssreview.national.at_column_map:load_column_map",
        SMALL,
    ),
    _national(
        "lda_measure_map.csv",
        "MHSDS LDA cells to measures",
        "rssreview.national.lda_measure_map:load_measure_map",
        SMALL,
    ),
    Input(
        "data/raw/manifest.csv",
        "raw",
        "the record of each raw NHS file (source, date, SHA-256)",
        limit=Limit(256 * KB, 1_000, 1_000),
        loader="rssreview.national.manifest:read_manifest",
        reader_text=("note",),
        required=False,  # absent: there are no raw files, and the book uses the national figures
    ),
    Input("data/raw/README.md", "documentation", "how to add a raw NHS file (not read by the build)", key="none"),
    Input(
        "data/raw/*",
        "raw",
        "a raw NHS file as published, recorded in the manifest",
        limit=RAW_FILE,
        loader="rssreview.national.load:load_file",
        required=False,
    ),
    # --- what the privacy guard allows ------------------------------------------------------------
    Input(
        "data/privacy/published_contacts.csv",
        "privacy",
        "contacts published by organisations, which the privacy guard allows",
        limit=SMALL,
        loader="rssreview.privacy:load_published_contacts",
    ),
    # --- settings -----------------------------------------------------------------------------------
    Input(
        "data/release.yml",
        "settings",
        "this edition's release settings (date, contact, licences, related publications)",
        limit=Limit(64 * KB, 1_000, 2_000, max_depth=6),
        loader="rssreview.release:read_release",
        reader_text=("*",),
    ),
    Input(
        "_quarto.yml",
        "settings",
        "the book: chapters, formats, title, status line, publisher, site address",
        limit=Limit(64 * KB, 2_000, 2_000, max_depth=10),
        loader="rssreview.publication:settings",
        reader_text=(
            "book.title",
            "book.subtitle",
            "book.author",
            "book.page-footer",
            "book.body-header",
            "rss-status",
        ),
    ),
    Input("data/README.md", "documentation", "the data dictionary (not read by the build)", key="none"),
    # --- the chapters -------------------------------------------------------------------------------
    Input("index.ipynb", "notebooks", "the landing page", loader="nbformat:read"),
    Input("notebooks/*.ipynb", "notebooks", "a chapter notebook", loader="nbformat:read"),
    # --- the code and the tools that build it -------------------------------------------------------
    Input("src/rssreview/**/*.py", "code", "the package's code"),
    Input("src/rssreview/book/static/**/*", "static", "templates, styles and scripts the renderer copies or fills"),
    Input("requirements.lock", "tools", "the locked Python packages (and so pandoc and Typst)"),
    Input("package-lock.json", "tools", "the locked npm packages: the Easy Read pictures and type"),
    Input("package.json", "tools", "the npm packages the project asks for"),
    Input("node_modules/@tabler/icons/icons/outline/*.svg", "vendor", "an Easy Read picture", key="pinned"),
    Input("node_modules/dejavu-fonts-ttf/ttf/*", "vendor", "the Easy Read PDF's type", key="pinned"),
    # --- build products the render reads back ---------------------------------------------------------
    Input(
        "figures/*/rss-progress-report-*.xlsx", "downloads", "the cycle's workbook, written by the render", key="none"
    ),
    Input("figures/*/rss-progress-report-*.zip", "downloads", "the cycle's CSV zip, written by the render", key="none"),
    Input("figures/*/datapackage.json", "downloads", "the cycle's Data Package, written by the render", key="none"),
    Input(
        "figures/vendor/**/*", "downloads", "the Vega bundle the render copies from the installed packages", key="none"
    ),
    Input("figures/edition/**/*", "downloads", "the PDF title page's settings, written by the render", key="none"),
    Input("figures/**/*", "products", "a chart or table file a chapter wrote (SVG, PNG, spec, CSV)"),
)

#: Files in the project folder that are never inputs: the environment, caches, outputs and version control.
NOT_INPUTS = (
    ".venv",
    ".git",
    ".cache",
    "_build",
    "_book",
    "_book-*",
    "_diff",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
)


def _regex_for(pattern: str) -> str:
    """`*` within one folder, `**/` across folders (Quarto's and git's meaning), everything else literal."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        else:
            out.append(fnmatch.translate(pattern[i])[4:-3])  # the character, escaped
            i += 1
    return "(?s:" + "".join(out) + r")\Z"


_COMPILED: dict[str, object] = {}


def _matches(pattern: str, relative: str) -> bool:
    import re

    compiled = _COMPILED.get(pattern)
    if compiled is None:
        compiled = _COMPILED[pattern] = re.compile(_regex_for(pattern))
    return bool(compiled.match(relative))  # type: ignore[attr-defined]


def relative(path: Path | str, root: Path | None = None) -> str:
    """A path as the register names it: project-relative, with forward slashes."""
    root = root or ROOT
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def entry_for(path: Path | str, root: Path | None = None) -> Input | None:
    """The register's entry for a file (the first that matches), or None if the file is no input."""
    name = relative(path, root)
    return next((entry for entry in REGISTER if _matches(entry.pattern, name)), None)


def written_by_render(path: Path | str, root: Path | None = None) -> bool:
    """Whether the file is a download the render writes (workbook, zip, Data Package, Vega bundle): a build
    product a chapter may link to, but which no chapter's run writes or reads."""
    found = entry_for(path, root)
    return found is not None and found.group == "downloads"


def entry(pattern: str) -> Input:
    """The entry declared with exactly this pattern."""
    for item in REGISTER:
        if item.pattern == pattern:
            return item
    raise KeyError(f"no input is registered as {pattern!r} (rssreview/inputs.py)")


def groups() -> tuple[str, ...]:
    return tuple(dict.fromkeys(item.group for item in REGISTER))


def keyed(*leave_out: str) -> tuple[str, ...]:
    """The groups whose bytes a key of the whole publication hashes (the render key), less `leave_out`."""
    kinds = {item.group: item.key for item in REGISTER}
    return tuple(g for g in groups() if kinds[g] in ("rows", "content") and g not in leave_out)


def _base(pattern: str) -> str:
    """The folder a pattern's files are under (the part before its first wildcard)."""
    head = pattern.split("*", 1)[0]
    return head.rpartition("/")[0]


def files(*names: str, root: Path | None = None) -> list[Path]:
    """Every existing file of the named groups (all groups if none), each once, sorted by path.

    A file belongs to the first entry that matches it, so `data/raw/manifest.csv` is the manifest,
    not a raw NHS file.
    """
    root = root or ROOT
    wanted = set(names) or set(groups())
    found: dict[str, Path] = {}
    for base in sorted({_base(item.pattern) for item in REGISTER if item.group in wanted}):
        top = root / base if base else root
        for path in _walk(top, root, shallow=not base):
            name = path.relative_to(root).as_posix()
            owner = entry_for(path, root)
            if owner is not None and owner.group in wanted:
                found[name] = path
    return [found[name] for name in sorted(found)]


def _walk(top: Path, root: Path, *, shallow: bool) -> Iterator[Path]:
    """Files under `top` (only its own files when it is the project root), skipping what is never an input."""
    if top.is_file():
        yield top
        return
    if not top.is_dir():
        return
    for here, dirs, names in os.walk(top, followlinks=False):
        dirs[:] = [] if shallow else sorted(d for d in dirs if not _skipped(d))
        for name in sorted(names):
            path = Path(here) / name
            if path.is_file() and not path.is_symlink():
                yield path


def excluded(relative_path: str) -> bool:
    """Whether a project-relative path is in a folder that never holds inputs (NOT_INPUTS)."""
    return any(_skipped(part) for part in relative_path.split("/")[:-1])


def _skipped(name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in NOT_INPUTS)


def unregistered(paths: Iterable[Path | str], root: Path | None = None) -> list[str]:
    """The project-relative names of the paths that no entry covers."""
    return sorted({relative(p, root) for p in paths if entry_for(p, root) is None})


def fingerprint(paths: Iterable[Path], root: Path | None = None) -> str:
    """A SHA-256 of the files' project-relative names and bytes (a missing file hashes as absent).

    Always the bytes: a file's time or size can stay the same when its content changes.
    """
    digest = hashlib.sha256()
    for path in sorted(set(paths)):
        digest.update(relative(path, root).encode() + b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"(absent)")
    return digest.hexdigest()


def folder_fingerprint(folder: Path) -> str:
    """The fingerprint of the files directly in `folder`, named relative to it (the same wherever the folder is)."""
    paths = sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    return fingerprint(paths, folder)


def group_fingerprint(*names: str, root: Path | None = None) -> str:
    """The fingerprint of every file in the named groups."""
    return fingerprint(files(*names, root=root), root)


def under(folder: str, root: Path | None = None) -> list[Path]:
    """Every file under a project-relative folder (or the file itself), as a chapter's declaration names it.

    All of them, registered or not: a key must change with anything the chapter may read (the register's
    own test fails on a file under data/ that no entry covers).
    """
    root = root or ROOT
    return list(_walk(root / folder, root, shallow=False))
