"""The glossary: plain-English meanings of the words and abbreviations the report uses.

The terms live in data/evidence/glossary.csv, loaded and checked with the other evidence tables
(`tables.glossary`).
"""

from __future__ import annotations

import re

import pandas as pd
from IPython.display import Markdown

from rssreview.present import words
from rssreview.present.display import html_only, pdf_only
from rssreview.present.text import anchored, local_link
from rssreview.publication import REVIEW_NAME

#: The words every reader needs before anything else; the landing page defines them from the glossary table.
KEY_TERMS = ("restraint", "seclusion", "segregation", "long-term segregation")
#: The glossary chapter, as linked from the other pages of the site, and its folder in the project.
GLOSSARY_PAGE = "15_glossary.ipynb"
GLOSSARY_FOLDER = "notebooks/"
#: The class of a block that defines the key words itself (the glossary, the landing page's list, the Easy Read
#: hard words): a page holding one gets no glossary links. The links filter removes the class from the output.
DEFINES_KEY_TERMS = "rss-defines-key-terms"


def anchor(term: str) -> str:
    """The id of a term's entry on the glossary page: `glossary-long-term-segregation`."""
    return "glossary-" + re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")


def link_settings() -> dict[str, object]:
    """What the glossary links filter (book/static/glossary.lua) needs: each key word and its entry's anchor, the
    glossary page from the project's root, the class of a block that defines the words, and names that hold key
    words without being a use of them (the review's name, in every report title).

    The filter cannot import Python, so these are written as JSON for it (book.render.glossary_links);
    the words are KEY_TERMS and the anchors `anchor()`, never a second copy in Lua.
    """
    return {
        "page": f"/{GLOSSARY_FOLDER}{GLOSSARY_PAGE}",
        "skip": DEFINES_KEY_TERMS,
        "names": [REVIEW_NAME],
        "terms": [{"words": term, "anchor": anchor(term)} for term in KEY_TERMS],
    }


def defining_key_terms(markdown: str) -> str:
    """Markdown that defines the key words, marked so that its page links none of them to the glossary."""
    return f"::: {{.{DEFINES_KEY_TERMS}}}\n{markdown}\n:::"


def key_terms(frame: pd.DataFrame, page_dir: str = GLOSSARY_FOLDER) -> Markdown:
    """The key words defined from the glossary table, each linked to its glossary entry on the site.

    `page_dir` is the glossary page's folder as seen from the page that shows the list ("" from a chapter).
    The PDF holds the glossary itself, so there the definitions stand without links.
    """
    terms = frame.set_index("term")
    missing = [t for t in KEY_TERMS if t not in terms.index]
    if missing:
        raise ValueError(f"glossary.csv: expected a row for each of {', '.join(missing)}")
    linked, plain = [], []
    for term in KEY_TERMS:
        name, meaning = words.sentence_case(term), words.md(terms.loc[term, "definition"])
        linked.append(f"- **{local_link(name, f'{page_dir}{GLOSSARY_PAGE}#{anchor(term)}')}**: {meaning}")
        plain.append(f"- **{words.md(name)}**: {meaning}")
    lead = "**Words used throughout.** Each is explained in the glossary too.\n\n"
    return Markdown(
        defining_key_terms(html_only(lead + "\n".join(linked)) + "\n\n" + pdf_only(lead + "\n".join(plain)))
    )


def glossary(frame: pd.DataFrame) -> Markdown:
    """Each term as a definition list entry: the term (and its abbreviation), its meaning and a source link.

    `frame` has the columns term, abbreviation, definition and source_url (`tables.glossary`); entries are
    shown in alphabetical order whatever the file's order.
    """
    entries = []
    for row in frame.sort_values("term", key=lambda terms: terms.str.lower()).itertuples():
        term = words.md(words.sentence_case(row.term))
        name = f"{term} ({words.md(row.abbreviation)})" if row.abbreviation else term
        name = anchored(name, anchor(row.term))
        entries.append(
            f"{name}\n:   {words.md(row.definition)} Source: {words.link(words.source_name(row.source_url), row.source_url)}."
        )
    return Markdown(defining_key_terms("\n\n".join(entries)))
