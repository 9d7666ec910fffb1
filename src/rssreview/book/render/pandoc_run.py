"""Run the pandoc binary shipped by pypandoc-binary, turning its failures into one-line RenderErrors."""

from __future__ import annotations

from collections.abc import Sequence

import pypandoc

from rssreview.book.render.errors import RenderError

#: Pandoc Markdown as the notebooks write it: `@tbl-x` is resolved by us, never read as a citation.
MARKDOWN = "markdown-citations-raw_html"
#: The same for Typst, where raw HTML must never leak into the PDF as text or markup (toolchain.md §7.2).
MARKDOWN_FOR_TYPST = "markdown-citations-raw_html-implicit_figures"


def convert(text: str, *, source: str, reader: str, writer: str, args: Sequence[str] = ()) -> str:
    """Convert `text` with pandoc; `source` names the chapter in any error."""
    try:
        return pypandoc.convert_text(
            text, writer, format=reader, extra_args=["--syntax-highlighting=none", *args], sandbox=True
        )
    except RuntimeError as exc:
        detail = " ".join(str(exc).split())
        raise RenderError(f"{source}: pandoc could not convert it to {writer}: {detail}") from exc
