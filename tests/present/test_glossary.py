"""The glossary: checked on the way in, shown as a definition list with sources."""

from __future__ import annotations

import pytest

from rssreview.evidence.problems import EvidenceError
from rssreview.paths import EVIDENCE
from rssreview.present import glossary

NEEDED = ("restraint", "seclusion", "segregation", "long-term segregation", "C(E)TR", "commissioner",
          "integrated care board", "MHSDS", "Assuring Transformation", "SEND", "CQC", "DHSC", "ICS")


def test_the_glossary_explains_the_reports_words():
    frame = glossary.load_glossary()
    known = {t.lower() for t in frame["term"]} | {a.lower() for a in frame["abbreviation"] if a}
    missing = [word for word in NEEDED if word.lower() not in known]
    assert not missing, f"data/evidence/glossary.csv has no entry for {missing}"


def test_entries_show_term_abbreviation_meaning_and_source():
    text = glossary.glossary(glossary.load_glossary()).data
    assert "Care Quality Commission (CQC)\n:   " in text
    assert "Source: [" in text


def test_a_bad_row_is_named_by_line_and_column(tmp_path, monkeypatch):
    lines = (EVIDENCE / "glossary.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = "Seclusion,,Keeping someone alone.,not-a-url"
    (tmp_path / "glossary.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setattr(glossary, "EVIDENCE", tmp_path)
    with pytest.raises(EvidenceError) as caught:
        glossary.load_glossary()
    assert "line 3, column source_url" in str(caught.value)
