"""The glossary: plain-English meanings of the words and abbreviations the report uses.

The terms live in data/evidence/glossary.csv, loaded and checked with the other evidence tables
(`tables.glossary`).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from rssreview.present import words


def glossary(frame: pd.DataFrame) -> Markdown:
    """Each term as a definition list entry: the term (and its abbreviation), its meaning and a source link.

    `frame` has the columns term, abbreviation, definition and source_url (`tables.glossary`); entries are
    shown in alphabetical order whatever the file's order.
    """
    entries = []
    for row in frame.sort_values("term", key=lambda terms: terms.str.lower()).itertuples():
        term = words.md(words.sentence_case(row.term))
        name = f"{term} ({words.md(row.abbreviation)})" if row.abbreviation else term
        entries.append(
            f"{name}\n:   {words.md(row.definition)} Source: {words.link(words.source_name(row.source_url), row.source_url)}."
        )
    return Markdown("\n\n".join(entries))
