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
    assert text.index("[Care Quality Commission (CQC)]{#glossary-care-quality-commission}\n:   The regulator.") < (
        text.index("[Segregation]{#glossary-segregation}\n:   ")
    )
    assert "Source: [cqc.org.uk](https://www.cqc.org.uk/a)." in text


def test_the_landing_page_defines_the_key_words_from_the_glossary_with_links(real_tables):
    from rssreview.present import glossary as page

    text = page.key_terms(real_tables.glossary).data
    for term in page.KEY_TERMS:
        assert f"notebooks/15_glossary.ipynb#{page.anchor(term)}" in text
    shown = text.replace("\\", "")  # Markdown escapes (Long\-term) are not on the page
    assert "Long-term segregation" in shown and "Keeping a person alone in a room" in shown
    entries = page.glossary(real_tables.glossary).data
    assert all(f"{{#{page.anchor(term)}}}" in entries for term in page.KEY_TERMS)


def test_the_pages_that_define_the_key_words_are_marked_so_they_get_no_glossary_links(real_tables):
    from rssreview.present import easy_read

    marker = f".{glossary.DEFINES_KEY_TERMS}"
    assert glossary.key_terms(real_tables.glossary).data.startswith(f"::: {{{marker}}}\n")
    assert glossary.glossary(real_tables.glossary).data.startswith(f"::: {{{marker}}}\n")
    hard_words = easy_read.hard_words().data
    assert hard_words.startswith(f":::: {{.easy-read-point {marker}}}") and hard_words.count(marker) == 1


def test_the_links_filter_gets_the_key_words_and_anchors_from_this_module():
    settings = glossary.link_settings()
    assert settings["page"] == f"/{glossary.GLOSSARY_FOLDER}{glossary.GLOSSARY_PAGE}"
    assert settings["terms"] == [{"words": t, "anchor": glossary.anchor(t)} for t in glossary.KEY_TERMS]
