"""The one rule for a web address in any data table: a plain http(s) link and nothing else.

An address from a data file ends up inside a Markdown link, an HTML `href`, a Typst link and
a spreadsheet hyperlink. Anything that could end or escape the link there (whitespace,
brackets, quotes, backticks, backslashes), a scheme other than http or https
(`javascript:`, `file:`, `external:`), or a missing host is refused where the table is read.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

#: What the rule accepts, in words, for error messages and the data dictionary.
EXPECTED = "a web address starting http:// or https:// with a host, and no spaces, brackets, quotes or backticks"

#: Printable ASCII only, without the characters that could end a link in Markdown, HTML, Typst or a table
#: (whitespace, quotes, brackets of every kind, backslash, backtick, bar).
_SAFE = r"[!#-&*-;=?-Z^_a-z~]"
URL_PATTERN = rf"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9.])?(?::[0-9]{{1,5}})?(?:[/?#]{_SAFE}*)?"
URL = re.compile(rf"^{URL_PATTERN}\Z")
#: A list of addresses in one cell, separated by ' ; '.
URLS = re.compile(rf"^{URL_PATTERN}(?: ; {URL_PATTERN})*\Z")


def is_safe_url(value: object) -> bool:
    """True when `value` is one address that follows the rule."""
    if not isinstance(value, str) or not URL.fullmatch(value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def are_safe_urls(value: object) -> bool:
    """True when `value` is one or more addresses separated by ' ; ', each following the rule."""
    return (
        isinstance(value, str) and bool(URLS.fullmatch(value)) and all(is_safe_url(part) for part in value.split(" ; "))
    )


def checked_url(value: str) -> str:
    """`value` itself if it follows the rule; a ValueError naming it otherwise (data is validated on entry,
    so this is a last line of defence where a link is built)."""
    if not is_safe_url(value):
        raise ValueError(f"refusing to link to {value!r}: expected {EXPECTED}")
    return value
