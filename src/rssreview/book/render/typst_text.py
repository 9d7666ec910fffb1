"""Write Python values as Typst literals, so text from notebooks cannot break the Typst source.

The escaping itself lives with every other escape of data text, in `rssreview.present.text`.
"""

from __future__ import annotations

from rssreview.present.text import typst_link, typst_string, typst_text

__all__ = ["typst_link", "typst_string", "typst_text"]
