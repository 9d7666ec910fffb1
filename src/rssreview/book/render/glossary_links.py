"""The glossary links filter's data: the key words and their glossary anchors, as JSON for static/glossary.lua.

A Lua filter cannot import the package, and Quarto hands a filter only the document and its metadata; so the
words (`present.glossary.KEY_TERMS`), the anchors (`anchor()`) and the glossary page are written to the file
`_quarto.yml` names as `rss-glossary-links`, by the pre-render step for Quarto and by `render_book` for the
built-in renderer. The file is made from the code alone, so it is no input of its own (it sits in _build/); the
built-in renderer's cache keys hold its bytes (pandoc_run.file_digests).
"""

from __future__ import annotations

import json
from pathlib import Path

from rssreview.files import write_if_changed
from rssreview.present.glossary import link_settings


def glossary_links_json() -> str:
    """The file's text: the same bytes from every build of the same code."""
    return json.dumps(link_settings(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_glossary_links(path: Path) -> Path:
    """Write the filter's data to `path` (only when its bytes change, so a rerun leaves it untouched)."""
    return write_if_changed(path, glossary_links_json())
