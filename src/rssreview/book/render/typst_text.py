"""Write Python values as Typst literals, so text from notebooks cannot break the Typst source."""

from __future__ import annotations

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": " ", "\r": " ", "\t": " "})


def typst_string(value: str) -> str:
    """A Typst string literal holding `value` verbatim (line breaks become spaces)."""
    return '"' + value.translate(_ESCAPES) + '"'


def typst_text(value: str) -> str:
    """Typst content showing `value` as plain text, with no markup interpreted."""
    return f"[#{typst_string(value)}]"
