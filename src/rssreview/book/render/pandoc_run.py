"""Run the pandoc binary shipped by pypandoc-binary, turning its failures into one-line RenderErrors.

Conversions are kept in .cache/pandoc/, keyed by pandoc's version, the options and the text, so
a render converts again only the chapters that changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pypandoc

from rssreview.book.render.errors import RenderError
from rssreview.book.render.quarto_config import GLOSSARY_LINKS
from rssreview.files import write_if_changed
from rssreview.paths import CACHE

#: Pandoc Markdown as the notebooks write it: `@tbl-x` is resolved by us, never read as a citation.
MARKDOWN = "markdown-citations-raw_html"
#: The same for Typst, where raw HTML must never leak into the PDF as text or markup.
MARKDOWN_FOR_TYPST = "markdown-citations-raw_html-implicit_figures"
#: How a Lua filter is named on pandoc's command line; a conversion's cache key holds the filter's bytes.
LUA_FILTER = "--lua-filter="
#: How the glossary links filter's JSON file is named to it (as Quarto passes `_quarto.yml`'s key); a conversion's
#: cache key holds the file's bytes too.
FILTER_DATA = f"--metadata={GLOSSARY_LINKS}:"


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    return pypandoc.get_pandoc_version()


def convert(text: str, *, source: str, reader: str, writer: str, args: Sequence[str] = ()) -> str:
    """Convert `text` with pandoc (or take the same conversion from the cache); `source` names the chapter in any error."""
    extra = ["--syntax-highlighting=none", *args]
    key = hashlib.sha256(
        "\0".join([pandoc_version(), reader, writer, *extra, *file_digests(extra), text]).encode()
    ).hexdigest()
    cached = CACHE / "pandoc" / f"{key}.{writer}"
    if cached.is_file():
        return cached.read_text(encoding="utf-8")
    try:
        result = pypandoc.convert_text(text, writer, format=reader, extra_args=extra, sandbox=True)
    except RuntimeError as exc:
        detail = " ".join(str(exc).split())
        raise RenderError(f"{source}: pandoc could not convert it to {writer}: {detail}") from exc
    write_if_changed(cached, result)
    return result


def filter_args(filters: Sequence[Path], glossary_links: Path | None = None) -> list[str]:
    """Pandoc's arguments for running `filters` (Quarto's `filters:`), in order, and for naming the glossary
    links filter's JSON file (`rss-glossary-links`, written by book.render.glossary_links)."""
    missing = [str(path) for path in filters if not path.is_file()]
    if missing:
        raise RenderError(
            f"_quarto.yml: key 'filters': expected a Lua filter file, found nothing at {', '.join(missing)}"
        )
    if glossary_links is not None and not glossary_links.is_file():
        raise RenderError(
            f"_quarto.yml: key '{GLOSSARY_LINKS}': expected the glossary links written before rendering, "
            f"found nothing at {glossary_links}"
        )
    data = [f"{FILTER_DATA}{glossary_links}"] if glossary_links is not None else []
    return [*(f"{LUA_FILTER}{path}" for path in filters), *data]


def file_digests(args: Sequence[str]) -> list[str]:
    """The SHA-256 of each file pandoc's arguments make a filter read (the filters and their data), for a key.

    The files are named by absolute paths (`filter_args`): a key never depends on the current folder."""
    paths = [Path(arg.removeprefix(p)) for arg in args for p in (LUA_FILTER, FILTER_DATA) if arg.startswith(p)]
    relative = [str(path) for path in paths if not path.is_absolute()]
    if relative:
        raise RenderError(f"pandoc filter files: expected absolute paths, found {', '.join(relative)}")
    return [_digest(path) for path in paths]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
