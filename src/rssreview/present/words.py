"""Small helpers that turn data into plain-English words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlparse

NUMBER_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_words(n: int) -> str:
    """GOV.UK style: words for one to nine, numerals from 10."""
    return NUMBER_WORDS[n] if 0 <= n < 10 else f"{n:,}"


def join_and(items: Sequence[str]) -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def join_or(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def plural(n: int, one: str, many: str | None = None) -> str:
    return one if n == 1 else (many or one + "s")


def long_date(iso: str) -> str:
    """'2022-03-25' → '25 March 2022'; '2022-02' → 'February 2022'."""
    if len(iso) == 7:
        return date.fromisoformat(iso + "-01").strftime("%B %Y")
    day = date.fromisoformat(iso)
    return f"{day.day} {day.strftime('%B %Y')}"


def source_name(url: str) -> str:
    """A readable name for a link: the site's host without 'www.'."""
    host = urlparse(url).hostname or url
    return host.removeprefix("www.").rstrip(".")


def source_links(urls: str) -> str:
    """Markdown links for ' ; '-separated addresses, named by their site."""
    parts = [u.strip() for u in urls.split(" ; ") if u.strip()]
    return ", ".join(f"[{source_name(u)}]({u})" for u in parts)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~^$@#&])")


def md(text: str) -> str:
    """Text from a table made safe for Markdown: shown exactly as written in HTML and PDF.

    Analysts' cells can hold anything; a '<script>' or '*' in a cell must appear as those
    characters, never as markup.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def label_text(label: str, label_source: str) -> str:
    """A recommendation's label for headings and lists, saying plainly when it is not known."""
    if label_source == "none":
        return "title not known"
    if label.endswith("…"):
        return md(label) + " *(the rest of the label is not known)*"
    return md(label)
