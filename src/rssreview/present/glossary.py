"""The glossary: plain-English meanings of the words and abbreviations the report uses.

The terms live in data/evidence/glossary.csv, checked on the way in with the same reader and
messages as the other evidence tables.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from IPython.display import Markdown

from rssreview.evidence.problems import EvidenceError
from rssreview.evidence.read import read_table
from rssreview.evidence.schemas import URL, TableSpec
from rssreview.paths import EVIDENCE, display_path
from rssreview.present import words

#: The same checks as `SPECS["glossary"]` on the content branch; this loader goes once that branch is merged.
SPEC = TableSpec("glossary", ("term",), pa.DataFrameSchema({
    "term": pa.Column(str, pa.Check.str_matches(r"\S", error="a term (this column is required)")),
    "abbreviation": pa.Column(str, pa.Check.str_matches(r"^([A-Za-z()&\-]{2,})?$",
                                                        error="an abbreviation such as DHSC, or blank")),
    "definition": pa.Column(str, pa.Check.str_matches(r"\S", error="a definition (this column is required)")),
    "source_url": pa.Column(str, pa.Check.str_matches(URL, error="a web address starting http:// or https://")),
}, strict=True, ordered=True))


def load_glossary() -> pd.DataFrame:
    """The glossary sorted by term, or an EvidenceError naming every bad cell."""
    path = EVIDENCE / SPEC.file
    frame, problems = read_table(path, SPEC, display_path(path))
    if problems or frame is None:
        raise EvidenceError(problems)
    return frame.sort_values("term", key=lambda terms: terms.str.lower()).reset_index(drop=True)


def glossary(frame: pd.DataFrame) -> Markdown:
    """Each term as a definition list entry: the term (and its abbreviation), its meaning and a source link.

    `frame` has the columns term, abbreviation, definition and source_url (`load_glossary()`).
    """
    entries = []
    for row in frame.itertuples():
        term = words.md(words.sentence_case(row.term))
        name = f"{term} ({words.md(row.abbreviation)})" if row.abbreviation else term
        entries.append(f"{name}\n:   {words.md(row.definition)} Source: "
                       f"[{words.source_name(row.source_url)}]({row.source_url}).")
    return Markdown("\n\n".join(entries))
