"""The one way text from a data file reaches the page: always as text, never as markup.

Every string read from a data file (evidence tables, national figures, the raw-file manifest,
anything added later) is written into the book through this module. Pandoc reads the
chapters as Markdown and writes HTML and Typst from them, so escaping the Markdown once is
what keeps a cell from becoming markup in every output:

- every ASCII punctuation character but the quotes is backslash-escaped (pandoc treats an
  escaped character as itself), so no `<script>`, `{=typst}` block, link, emphasis, `:::` div,
  heading, table bar, list marker, citation or cross reference can start (quotes start
  nothing; pandoc only makes them curly, as in the rest of the book);
- line breaks and every other kind of space or separator become one space, so a cell can
  never start a new block (a heading underline, a table row, a code block, a YAML block);
- control and invisible formatting characters (bidirectional overrides, zero-width spaces)
  are dropped, so what is shown is what was written.

Links are built here too, from a label and an address that follows the one URL rule
(`rssreview.urls`). Raw HTML or Typst never carries data: where a renderer needs a string
literal (an `alt` attribute, a Typst string), `html_text` and `typst_string` escape it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import overload
from urllib.parse import quote

from rssreview.urls import EMAIL_ADDRESS, checked_url

#: Joiners that change how some scripts and emoji are drawn; every other format character is dropped.
_KEPT_FORMAT = {"\u200c", "\u200d"}
#: Every ASCII punctuation mark except the quotes, which never start markup (pandoc only curls them).
_PUNCTUATION = re.compile(r"([!#-&(-/:-@\[-`{-~])")
_SPACES = re.compile(r"\s+")


def plain(value: object) -> str:
    """Data text on one line: every space, line break or separator one space; controls dropped."""
    text = "" if value is None else str(value)
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char.isspace() or category in ("Zs", "Zl", "Zp"):
            kept.append(" ")
        elif category == "Cc" or (category == "Cf" and char not in _KEPT_FORMAT):
            continue
        else:
            kept.append(char)
    return _SPACES.sub(" ", "".join(kept)).strip()


def md(value: object) -> str:
    """Data text for pandoc Markdown: shown exactly as written (on one line), never read as markup."""
    return _PUNCTUATION.sub(r"\\\1", plain(value))


def link(label: object, url: str, *, italic: bool = False) -> str:
    """A Markdown link showing `label` as text (in italics for a publication's title), to an address that follows
    the URL rule."""
    text = f"*{md(label)}*" if italic else md(label)
    return f"[{text}]({checked_url(url)})"


def autolink(url: str) -> str:
    """An address shown as itself and linked (the PDF's form for downloads), following the URL rule."""
    return f"<{checked_url(url)}>"


#: A path inside the project or the site: letters, digits, `._-/`, optionally after `../` steps and with a
#: `#fragment`; no scheme, no host, no `..` inside, so it can only name one of the publication's own files.
_LOCAL = re.compile(r"(?:\.\./)*[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*(?:#[A-Za-z0-9_-]+)?")
_LOCAL_FRAGMENT = re.compile(r"#[A-Za-z0-9_-]+")


def local_target(path: str) -> str:
    """`path` itself if it names one of the publication's own files (or a `#section` of this page); else ValueError."""
    inner = re.sub(r"^(?:\.\./)+", "", path)  # `../` may only lead the path, climbing out of the page's folder
    if not (_LOCAL.fullmatch(path) or _LOCAL_FRAGMENT.fullmatch(path)) or "/../" in inner or "/./" in inner:
        raise ValueError(f"refusing to link to {path!r}: expected a path to one of the publication's own files")
    return path


def local_link(label: object, path: str) -> str:
    """A Markdown link showing `label` as text, to one of the publication's own files or sections."""
    return f"[{md(label)}]({local_target(path)})"


def mail_link(address: str, subject: str) -> str:
    """A link that opens an e-mail to `address` (which must be a plain e-mail address) with `subject` filled in."""
    if not EMAIL_ADDRESS.fullmatch(address):
        raise ValueError(f"refusing to link to {address!r}: expected a plain e-mail address")
    return f"[{md(address)}](mailto:{address}?subject={quote(plain(subject), safe='')})"


_CLASS = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _classes(classes: tuple[str, ...]) -> str:
    for name in classes:
        if not _CLASS.fullmatch(name):
            raise ValueError(f"refusing the class name {name!r}: expected letters, digits, '-' and '_'")
    return " ".join(f".{name}" for name in classes)


def attribute(value: object) -> str:
    """A Pandoc attribute value holding `value` as text: quoted, on one line, backslashes and quotes escaped."""
    return '"' + plain(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def image(path: str, alt: object, *classes: str) -> str:
    """A Markdown image of one of the publication's own files, with its alt text (as `alt` and Quarto's
    `fig-alt`) and classes."""
    text = attribute(alt)
    return f"![]({local_target(path)}){{{_classes(classes)} alt={text} fig-alt={text}}}".replace("{ ", "{", 1)


_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def anchored(markdown: str, identifier: str) -> str:
    """Markdown already made from escaped text (`md`, `span`) as a place a link can point to: `#identifier`."""
    if not _IDENTIFIER.fullmatch(identifier):
        raise ValueError(f"expected an identifier of letters, digits, '_' and '-', found {identifier!r}")
    return f"[{markdown}]{{#{identifier}}}"


def span(label: object, *classes: str) -> str:
    """Data text in a pandoc span with classes (a styled badge on the site, plain text in the PDF)."""
    return f"[{md(label)}]{{{_classes(classes)}}}"


def raw(fmt: str, content: str) -> str:
    """A raw block for one output format, holding markup the code itself made (an icon, a Typst call whose
    values went through `typst_string`). The fence is longer than any run of backticks in `content`."""
    if fmt not in ("html", "typst"):
        raise ValueError(f"unknown raw format {fmt!r}")
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", content)), default=0))
    return f"{fence}{{={fmt}}}\n{content}\n{fence}"


def html_text(value: object) -> str:
    """Data text for an HTML element or attribute (quotes escaped too)."""
    return html.escape(plain(value), quote=True)


_TYPST_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"'})


def typst_string(value: object) -> str:
    """A Typst string literal holding `value` as text (one line)."""
    return '"' + plain(value).translate(_TYPST_ESCAPES) + '"'


def typst_text(value: object) -> str:
    """Typst content showing `value` as plain text, with no markup interpreted."""
    return f"[#{typst_string(value)}]"


def typst_link(url: str) -> str:
    """Typst content linking an address that follows the URL rule, shown as itself."""
    address = typst_string(checked_url(url))
    return f"#link({address})[#{address}]"


# --- downloads -------------------------------------------------------------------------------

#: A cell starting with one of these is run as a formula by spreadsheet programs (OWASP: CSV injection);
#: the full-width forms are included because some programs fold them to the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet will show, never run: OWASP's single quote before a formula start.

    Numbers are returned unchanged, and so is text that is only a signed number ("+35", "-5"):
    a spreadsheet reads that as a number, never as a formula.
    """
    if not isinstance(value, str):
        return value
    stripped = value.lstrip(" ")
    if stripped.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(stripped):
        return "'" + value
    return value


_WORD_JOINER = "\u2060"


def csv_safe(value: object) -> object:
    """A CSV cell that stays one cell and never runs: carriage returns become line feeds (which the CSV
    writer quotes; a bare carriage return would end the row in some readers), then `spreadsheet_safe`."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return spreadsheet_safe(value)


@overload
def workbook_text(value: str) -> str: ...
@overload
def workbook_text(value: object) -> object: ...
def workbook_text(value: object) -> object:
    """A text cell for the workbook, shown exactly as written.

    gptables reads `[text](address)` in a cell as a hyperlink and `$$name$$` as a note
    reference; an invisible word joiner between the characters stops both, and nothing else
    changes. (Formulas and automatic links are switched off for the whole workbook.)
    """
    if not isinstance(value, str):
        return value
    return value.replace("](", "]" + _WORD_JOINER + "(").replace("$$", "$" + _WORD_JOINER + "$")


def workbook_link(label: str, url: str) -> dict[str, str]:
    """A workbook cell holding a hyperlink to an address that follows the URL rule (gptables' cell form)."""
    return {workbook_text(label): checked_url(url)}


def workbook_line_link(label: str, url: str) -> str:
    """A title, source or cover line that is a hyperlink: gptables' `[label](address)` form, which it only
    accepts as text there. `label` is the project's own words; the address follows the URL rule."""
    return f"[{workbook_text(label)}]({checked_url(url)})"
