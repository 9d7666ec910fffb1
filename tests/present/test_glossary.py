"""The glossary chapter: every entry shown with its abbreviation, meaning and source, in alphabetical order."""

from __future__ import annotations

import re

import pandas as pd

from rssreview import run
from rssreview.present import glossary

NEEDED = (
    "restraint",
    "seclusion",
    "segregation",
    "long-term segregation",
    "C(E)TR",
    "commissioner",
    "integrated care board",
    "MHSDS",
    "Assuring Transformation",
    "SEND",
    "CQC",
    "DHSC",
    "ICS",
)


def test_the_glossary_explains_the_reports_words():
    frame = run.tables().glossary
    known = {t.lower() for t in frame["term"]} | {a.lower() for a in frame["abbreviation"] if a}
    missing = [word for word in NEEDED if word.lower() not in known]
    assert not missing, f"data/evidence/glossary.csv has no entry for {missing}"


def test_entries_show_term_abbreviation_meaning_and_source_in_order():
    frame = pd.DataFrame(
        {
            "term": ["segregation", "Care Quality Commission"],
            "abbreviation": ["", "CQC"],
            "definition": ["Keeping a person apart.", "The regulator."],
            "source_url": ["https://www.cqc.org.uk/a", "https://www.cqc.org.uk/b"],
        }
    )
    text = re.sub(r"\\(.)", r"\1", glossary.glossary(frame).data)  # data text arrives escaped
    assert text.index("Care Quality Commission (CQC)\n:   The regulator.") < text.index("Segregation\n:   ")
    assert "Source: [cqc.org.uk](https://www.cqc.org.uk/a)." in text
