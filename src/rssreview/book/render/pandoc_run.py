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
from rssreview.files import write_if_changed
from rssreview.paths import CACHE

#: Pandoc Markdown as the notebooks write it: `@tbl-x` is resolved by us, never read as a citation.
MARKDOWN = "markdown-citations-raw_html"
#: The same for Typst, where raw HTML must never leak into the PDF as text or markup.
MARKDOWN_FOR_TYPST = "markdown-citations-raw_html-implicit_figures"
#: How a Lua filter is named on pandoc's command line; a conversion's cache key holds the filter's bytes.
LUA_FILTER = "--lua-filter="


@lru_cache(maxsize=1)
def pandoc_version() -> str:
    return pypandoc.get_pandoc_version()


def convert(text: str, *, source: str, reader: str, writer: str, args: Sequence[str] = ()) -> str:
    """Convert `text` with pandoc (or take the same conversion from the cache); `source` names the chapter in any error."""
    extra = ["--syntax-highlighting=none", *args]
    filters = [_digest(Path(a.removeprefix(LUA_FILTER))) for a in extra if a.startswith(LUA_FILTER)]
    key = hashlib.sha256("\0".join([pandoc_version(), reader, writer, *extra, *filters, text]).encode()).hexdigest()
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


def filter_args(filters: Sequence[Path]) -> list[str]:
    """Pandoc's arguments for running `filters` (Quarto's `filters:`), in order."""
    missing = [str(path) for path in filters if not path.is_file()]
    if missing:
        raise RenderError(
            f"_quarto.yml: key 'filters': expected a Lua filter file, found nothing at {', '.join(missing)}"
        )
    return [f"{LUA_FILTER}{path}" for path in filters]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
