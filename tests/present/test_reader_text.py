"""Reader text, as the executed chapters show it: plain English, no internal names, abbreviations explained.

The text is read from the committed, executed notebooks (Markdown cells, captions and every output), so
what is checked is what a reader sees on the page.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from rssreview import evidence
from rssreview.evidence.schemas import OPTIONAL, SPECS
from rssreview.national.figures import FIGURE_COLUMNS
from rssreview.national.measures import load_measures
from rssreview.paths import NOTEBOOKS
from rssreview.present import words

#: The chapters whose text this project's evidence and present modules generate.
CHAPTERS = [
    "01_summary",
    "02_method",
    "03_community",
    "04_rights",
    "05_staff",
    "06_local_services",
    "07_hospital",
    "08_oversight",
    "09_government",
    "14_all_recommendations",
]
CAPTION = re.compile(r"^#\| (?:tbl-cap|fig-cap|fig-alt): \"(.*)\"$", re.MULTILINE)


def _visible(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.DOTALL)
    return re.sub(r"<[^>]+>", " ", html)


def page_text(name: str) -> str:
    """Everything a reader of one chapter sees, as text (link addresses and markup removed)."""
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    parts = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            parts.append(source)
            continue
        parts += CAPTION.findall(source)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/markdown" in data:
                parts.append("".join(data["text/markdown"]))
            elif "text/html" in data:
                parts.append(_visible("".join(data["text/html"])))
    text = re.sub(r"\\([^\w\s])", r"\1", "\n".join(parts))  # a reader sees escaped punctuation as itself
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link addresses are not reader text
    return re.sub(r"\{[^}]*\}", "", text)  # nor pandoc attributes


INTERNAL_COLUMNS = sorted(
    {c for spec in {**SPECS, **OPTIONAL}.values() for c in spec.columns if "_" in c}
    | {c for c in FIGURE_COLUMNS if "_" in c}
    | {m for _, m in load_measures() if "_" in m}
)
INTERNAL = re.compile(
    r"\brssreview\b|\b\w+\.py\b|\bdata/(?:evidence|national|raw)\b|\b\w+_\w+#\d+\b|\b(?:"
    + "|".join(map(re.escape, INTERNAL_COLUMNS))
    + r")\b"
)


def internal_names(text: str) -> list[str]:
    return sorted({m.group(0) for m in INTERNAL.finditer(text)})


def test_the_check_finds_module_and_column_names():
    assert internal_names("Source: rssreview.evidence.rules and status_confidence") == [
        "rssreview",
        "status_confidence",
    ]
    assert "inpatients_total#5" in internal_names("Segment: inpatients_total#5")
    assert internal_names("People in hospital, total as first published (September 2021)") == []


@pytest.mark.parametrize("name", sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
def test_reader_text_has_no_module_or_column_names(name):
    assert internal_names(page_text(name)) == []


def unexplained(text: str, glossary) -> list[str]:
    """Abbreviations on a page that are neither spelt out on it nor in the glossary."""
    listed = set(glossary["abbreviation"])
    return [a for a in words.abbreviations(text) if a not in listed and not words.spelt_out(a, text)]


def test_the_check_finds_an_unexplained_abbreviation():
    glossary = evidence.load().glossary
    assert unexplained("The QRSTU said so.", glossary) == ["QRSTU"]
    assert unexplained("The Quick Red Square Test Unit (QRSTU) said so. QRSTU agreed.", glossary) == []
    assert unexplained("The DHSC said so.", glossary) == []  # in the glossary


@pytest.mark.parametrize("name", sorted(p.stem for p in NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
def test_every_abbreviation_is_spelt_out_on_its_page_or_in_the_glossary(name):
    assert unexplained(page_text(name), evidence.load().glossary) == []


@pytest.mark.parametrize("name", [c for c in CHAPTERS if c[:2] in {"03", "04", "05", "06", "07", "08", "09"}])
def test_theme_pages_spell_out_each_abbreviation_they_use(name):
    text = page_text(name)
    glossary = evidence.load().glossary
    full = dict(zip(glossary["abbreviation"], glossary["term"]))
    missing = [a for a in words.abbreviations(text) if a in full and not words.spelt_out(a, text, full[a])]
    assert missing == []


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_stock_phrase_repeats_down_a_page(name):
    """No generated sentence of eight words or more appears more than three times on one page."""
    text = page_text(name)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n", text) if len(s.split()) >= 8]
    repeated = {s: n for s, n in Counter(sentences).items() if n > 3}
    assert repeated == {}
    assert text.count("impact on outcomes") <= 2 and text.count("did not rate it") <= 1


def test_evidence_sits_under_the_heading_of_its_real_kind(real_tables):
    """'What CQC found' holds CQC's own findings only: its rows cite CQC's own sites."""
    found = real_tables.evidence[real_tables.evidence["kind"] == "inspection"]
    hosts = found["source_url"].map(words.source_name)
    assert hosts.isin(["cqc.org.uk", "carequalitycomm.medium.com"]).all(), found.loc[
        ~hosts.isin(["cqc.org.uk", "carequalitycomm.medium.com"]), "evidence_id"
    ].tolist()
