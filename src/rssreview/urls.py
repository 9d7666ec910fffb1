"""The one rule for a web address anywhere in the project: a plain http(s) link and nothing else.

An address from a data table or a settings file ends up inside a Markdown link, an HTML `href`,
a Typst link and a spreadsheet hyperlink. Anything that could end or escape the link there
(whitespace, brackets, quotes, backticks, backslashes, a bar), a scheme other than http or https
(`javascript:`, `file:`, `external:`), or a missing host is refused where the file is read.

The rule is one function (`url_problem`) and one pydantic type (`SafeUrl`): the tables' schemas,
data/release.yml, `_quarto.yml`'s site address and the evidence's allowed publishers all use it.
pydantic's own `HttpUrl` alone accepts `(`, `)`, `[` and `|`, which can end a Markdown link, so it
is only the second half of the check here. `placeholder_problem` adds what a release needs: no
reserved or example domain, and no `noreply` address.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, HttpUrl, TypeAdapter, ValidationError

#: What the rule accepts, in words, for error messages and the data dictionary.
EXPECTED = "a web address starting http:// or https:// with a host, and no spaces, brackets, quotes or backticks"

#: Printable ASCII only, without the characters that could end a link in Markdown, HTML, Typst or a table
#: (whitespace, quotes, brackets of every kind, backslash, backtick, bar).
_SAFE = r"[!#-&*-;=?-Z^_a-z~]"
URL_PATTERN = rf"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9.])?(?::[0-9]{{1,5}})?(?:[/?#]{_SAFE}*)?"
URL = re.compile(rf"^{URL_PATTERN}\Z")
#: A list of addresses in one cell, separated by ' ; '.
URLS = re.compile(rf"^{URL_PATTERN}(?: ; {URL_PATTERN})*\Z")
SEPARATOR = " ; "
#: An e-mail address readers can write to: plain letters, digits and `._%+-` before the @ and a host of letters,
#: digits and hyphens, so nothing in it can start markup where it is shown or linked (`mailto:`).
EMAIL_ADDRESS = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_HTTP_URL = TypeAdapter(HttpUrl)

#: Domains reserved for examples and tests (RFC 2606, RFC 6761), never a real publisher's address.
RESERVED_SUFFIXES = ("example", "invalid", "test", "localhost", "local", "example.com", "example.org", "example.net")
PLACEHOLDER_WORDS = re.compile(r"(^|[^a-z])(no-?reply|do-?not-?reply|placeholder|changeme)([^a-z]|$)", re.IGNORECASE)


def url_problem(value: object) -> str | None:
    """Why `value` is not one address that follows the rule, or None when it is."""
    if not isinstance(value, str) or not URL.fullmatch(value):
        return f"expected {EXPECTED}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"expected {EXPECTED}"
    try:
        _HTTP_URL.validate_python(value)
    except ValidationError as err:
        return f"expected {EXPECTED} ({err.errors()[0]['msg']})"
    return None


def is_safe_url(value: object) -> bool:
    """True when `value` is one address that follows the rule."""
    return url_problem(value) is None


def are_safe_urls(value: object) -> bool:
    """True when `value` is one or more addresses separated by ' ; ', each following the rule."""
    return isinstance(value, str) and bool(URLS.fullmatch(value)) and all(map(is_safe_url, split(value)))


def split(cell: str) -> list[str]:
    """The addresses in a cell that holds one or more, separated by ' ; ' (checked by `are_safe_urls`)."""
    return [part for part in cell.split(SEPARATOR) if part]


def checked_url(value: str) -> str:
    """`value` itself if it follows the rule; a ValueError naming it otherwise (data is validated on entry,
    so this is a last line of defence where a link is built)."""
    if not is_safe_url(value):
        raise ValueError(f"refusing to link to {value!r}: expected {EXPECTED}")
    return value


def _validated(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


#: An address as written (a str), accepted only if it follows the rule: the one URL type for pydantic models.
SafeUrl = Annotated[str, AfterValidator(_validated)]


def _https(value: str) -> str:
    if not value.startswith("https://"):
        raise ValueError("expected an https:// address")
    return value


def host_is_reserved(host: str) -> bool:
    """True for a host under a domain reserved for examples and tests (example.*, .invalid, .test, …)."""
    labels = host.lower().rstrip(".").split(".")
    return any(
        ".".join(labels[-len(suffix.split(".")) :]) == suffix or (suffix == "example" and "example" in labels[:-1])
        for suffix in RESERVED_SUFFIXES
    )


def placeholder_problem(value: str) -> str | None:
    """Why an address or e-mail address is a placeholder a release must not publish, or None.

    A host in a reserved domain (example.*, .invalid, .test, .localhost, .local) or a `noreply` address.
    """
    host = value.rpartition("@")[2] if "@" in value and "://" not in value else (urlsplit(value).hostname or "")
    if host_is_reserved(host):
        return f"a real address, not one in a domain reserved for examples and tests ({host})"
    if PLACEHOLDER_WORDS.search(value):
        return "a real address that people can write to, not a 'noreply' or placeholder one"
    return None


def real_address(value: str) -> str:
    """`value` itself unless it is a placeholder (`placeholder_problem`); a ValueError saying so otherwise."""
    problem = placeholder_problem(value)
    if problem:
        raise ValueError(f"expected {problem}")
    return value


#: An address readers are sent to from a setting: the rule, and never a placeholder.
PublicUrl = Annotated[SafeUrl, AfterValidator(real_address)]
#: A PublicUrl that is also https (the site's public address, which the PDF links to).
PublicHttpsUrl = Annotated[PublicUrl, AfterValidator(_https)]
