"""Small helpers that turn data into plain-English words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from urllib.parse import urlparse

from rssreview.present.text import link, md  # md: the one escape for data text (rssreview.present.text)

ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
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


def vary(options: Sequence[str], key: int) -> str:
    """One of several wordings of the same statement, chosen by a stable key, so a page does not repeat itself."""
    return options[key % len(options)]


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
    names = [source_name(u) for u in parts]
    labels = [
        name if names.count(name) == 1 else f"{name} ({ORDINALS[names[:i].count(name)]} page)"
        for i, name in enumerate(names)
    ]
    return ", ".join(link(label, u) for label, u in zip(labels, parts))


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def is_partial(label: str) -> bool:
    """Whether a label is known only in part (the table marks the cut with a closing ellipsis)."""
    return label.endswith("…")


def whole_words(label: str) -> str:
    """A label known only in part, cut back to its last whole word: 'recognised through updating t…' → '… updating …'.

    The word the source cut off is dropped, so no reader meets half a word.
    """
    if not is_partial(label):
        return label
    kept = label[:-1].rsplit(" ", 1)[0] if " " in label else label[:-1]
    return kept.rstrip(" ,;:") + " …"


def label_text(label: str, label_source: str) -> str:
    """A recommendation's label for lists and body text, saying plainly when it is not known in full."""
    if label_source == "none":
        return "title not known"
    if is_partial(label):
        return md(whole_words(label)) + " *(the rest of the label is not known)*"
    return md(label)


def label_heading(rec_id: int, label: str, label_source: str) -> str:
    """A recommendation's heading: its number and label, or the number alone when the label is not known in full.

    Headings reach the contents and the PDF's bookmarks, where a cut-off label reads as a mistake.
    """
    if label_source == "none" or is_partial(label):
        return f"Recommendation {rec_id}"
    return f"Recommendation {rec_id}: {md(label)}"


ABBREVIATION = re.compile(r"(?<![\w/.#-])([A-Z][A-Za-z]*(?:\([A-Z]\))?[A-Z]+)s?(?![\w/-])")


def abbreviations(text: str) -> list[str]:
    """Abbreviations in running text (DHSC, C(E)TR, CCGs → CCG), in order of first use, ignoring link targets."""
    text = re.sub(r"\]\([^)]*\)", "]", text)  # drop link addresses
    text = re.sub(r"\{[^}]*\}", "", text)  # drop pandoc attributes
    found: list[str] = []
    for match in ABBREVIATION.finditer(text):
        word = match.group(1)
        if sum(ch.isupper() for ch in word) >= 2 and word not in found:
            found.append(word)
    return found


def spelt_out(abbreviation: str, text: str, term: str | None = None) -> bool:
    """Whether a page spells an abbreviation out next to it: 'Full Name (ABBR)' or 'ABBR (Full Name)'.

    With a glossary term the term itself must stand beside the abbreviation; without one, the
    capitals of the words before '(ABBR)' must spell it (Care Quality Commission (CQC)).
    """
    escaped = re.escape(abbreviation)
    if term:
        name = re.escape(term)
        return bool(re.search(rf"{name} \({escaped}\)|{escaped} \({name}\)", text, flags=re.IGNORECASE))
    letters = [c for c in abbreviation if c.isalpha() and c.isupper()]
    for match in re.finditer(rf"((?:[\w'’-]+ ){{1,8}})\({escaped}\)", text):
        initials = [w[0] for w in match.group(1).split() if w[0].isupper()]
        if initials[-len(letters) :] == letters:
            return True
    return False


def abbreviations_line(glossary, text: str) -> str:
    """'Abbreviations on this page: CQC (Care Quality Commission), …' for those in the glossary, or ''."""
    full = dict(zip(glossary["abbreviation"], glossary["term"]))
    used = [a for a in abbreviations(text) if full.get(a) and not spelt_out(a, text, full[a])]
    if not used:
        return ""
    return "Abbreviations on this page: " + "; ".join(f"{md(a)} ({md(full[a])})" for a in used) + "."
