"""The key words linked to the glossary at their first use on each page (book/static/glossary.lua), from the data
book/render/glossary_links.py writes: the rules, run through pandoc as both renderers run the filter."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypandoc
import pytest
import typst

from rssreview.book.render import pandoc_run
from rssreview.book.render.assets import STATIC
from rssreview.book.render.errors import RenderError
from rssreview.book.render.glossary_links import glossary_links_json, write_glossary_links
from rssreview.book.render.quarto_config import GLOSSARY_LINKS
from rssreview.present import glossary
from rssreview.publication import REVIEW_NAME

FILTER = STATIC / "glossary.lua"
PAGE = f"/notebooks/{glossary.GLOSSARY_PAGE}"
#: Where _quarto.yml names the file, relative to the project, as Quarto passes it to pandoc.
QUARTO_LINKS = "_build/quarto/glossary-links.json"


@pytest.fixture
def links(tmp_path: Path) -> Path:
    return write_glossary_links(tmp_path / "glossary-links.json")


def html(markdown: str, links: Path) -> str:
    return pandoc_run.convert(
        markdown,
        source="test",
        reader=pandoc_run.MARKDOWN,
        writer="html5",
        args=["--wrap=none", *pandoc_run.filter_args([FILTER], links)],
    )


def glossary_links(page: str) -> list[tuple[str, str]]:
    """(anchor, text) of each glossary link, in order."""
    return re.findall(rf'<a href="{re.escape(PAGE)}#([a-z-]+)">([^<]*)</a>', page)


def test_the_data_is_the_key_terms_and_their_anchors_from_the_glossary_module(links):
    data = json.loads(links.read_text(encoding="utf-8"))
    assert [t["words"] for t in data["terms"]] == list(glossary.KEY_TERMS)
    assert [t["anchor"] for t in data["terms"]] == [glossary.anchor(t) for t in glossary.KEY_TERMS]
    assert data["page"] == PAGE and data["skip"] == glossary.DEFINES_KEY_TERMS
    assert glossary_links_json() == links.read_text(encoding="utf-8")  # the same bytes from every build


def test_only_the_first_use_of_each_word_is_linked(links):
    page = html("Restraint was used. Then restraint again, and seclusion.\n\nMore seclusion.", links)
    assert glossary_links(page) == [("glossary-restraint", "Restraint"), ("glossary-seclusion", "seclusion")]


def test_the_longer_phrase_wins_and_its_last_word_is_no_use_of_the_shorter_term(links):
    page = html("People in long-term\nsegregation, then long-term segregation. Later, segregation.", links)
    assert glossary_links(page) == [
        ("glossary-long-term-segregation", "long-term segregation"),
        ("glossary-segregation", "segregation"),
    ]
    assert page.count("long-term segregation") == 2  # the second use is plain text


def test_whole_words_any_case_and_plurals_but_no_other_forms(links):
    page = html("Staff restrained people; non-restraint and restraint-free care. (Restraints, counted.)", links)
    assert glossary_links(page) == [("glossary-restraint", "Restraints")]
    assert "(<a" in page and "</a>, counted.)" in page  # the punctuation stays outside the link


@pytest.mark.parametrize(
    ("markdown", "place"),
    [
        ("## Restraint\n\nText.", "a heading"),
        ("See [restraint](https://example.org/) here.", "a link"),
        ("The field `restraint` here.", "code"),
        ("![A chart of restraint](chart.png)", "an image's alt text"),
        ("| Restraint | People |\n|---|---|\n| 3 | 4 |\n", "a table's header row"),
        ("In *Restraint, segregation and seclusion review*, CQC said.", "italics, the names of reports"),
        ("```\nrestraint\n```", "a code block"),
    ],
)
def test_no_link_is_made_inside(markdown, place, links):
    assert glossary_links(html(markdown, links)) == [], place


def test_body_text_in_lists_tables_and_bold_is_linked(links):
    page = html("- **Seclusion** at first\n\n| Month | What |\n|---|---|\n| May | restraint |\n", links)
    assert glossary_links(page) == [("glossary-seclusion", "Seclusion"), ("glossary-restraint", "restraint")]


def test_a_word_the_page_already_links_to_its_entry_is_not_linked_again(links):
    page = html(f"Restraint first. Then [restraint]({PAGE}#glossary-restraint) in a list.", links)
    assert page.count("#glossary-restraint") == 1


def test_a_page_that_defines_the_words_gets_no_links_and_loses_the_marker(links):
    marked = glossary.defining_key_terms("[Restraint]{#glossary-restraint}\n:   Holding a person.")
    page = html(f"Restraint and seclusion.\n\n{marked}", links)
    assert glossary_links(page) == []
    assert glossary.DEFINES_KEY_TERMS not in page and "<div" not in page  # the marker div is unwrapped
    kept = html(f"::: {{.easy-read-point .{glossary.DEFINES_KEY_TERMS}}}\nSeclusion.\n:::", links)
    assert '<div class="easy-read-point">' in kept and glossary_links(kept) == []


def test_each_chapter_of_one_document_counts_on_its_own(links):
    """Quarto converts the PDF as one document: each level-1 heading starts a chapter."""
    book = "# One\n\nRestraint here.\n\n# Two\n\nRestraint again.\n\n# Glossary\n\n" + glossary.defining_key_terms(
        "Restraint defined."
    )
    assert [a for a, _ in glossary_links(html(book, links))] == ["glossary-restraint", "glossary-restraint"]


def test_the_pdf_links_to_the_entry_only_when_the_document_holds_it(links, tmp_path):
    chapter = "# One\n\nRestraint here.\n\n"
    entry = "# Glossary\n\n[Restraint]{#glossary-restraint}\n:   Holding.\n"
    for markdown, linked in ((chapter + entry, True), (chapter, False)):
        source = pandoc_run.convert(
            markdown,
            source="test",
            reader=pandoc_run.MARKDOWN_FOR_TYPST,
            writer="typst",
            args=pandoc_run.filter_args([FILTER], links),
        )
        assert "query(<glossary-restraint>)" in source
        (tmp_path / "main.typ").write_text(source, encoding="utf-8")
        pdf = typst.compile(str(tmp_path / "main.typ"), ignore_system_fonts=True)  # never fails on a missing entry
        assert (b"/Subtype/Link" in pdf) is linked  # a link annotation only when the entry is there


def test_quartos_way_reads_the_file_relative_to_the_project(tmp_path, monkeypatch):
    """Quarto passes `_quarto.yml`'s `rss-glossary-links` as it stands (relative) and runs pandoc with the project
    folder in QUARTO_PROJECT_DIR (and `quarto.project.directory`, which plain pandoc lacks)."""
    write_glossary_links(tmp_path / QUARTO_LINKS)
    monkeypatch.setenv("QUARTO_PROJECT_DIR", str(tmp_path))
    page = pypandoc.convert_text(
        "Seclusion was used.",
        "html5",
        format="markdown",
        extra_args=["--wrap=none", f"--lua-filter={FILTER}", f"--metadata={GLOSSARY_LINKS}:{QUARTO_LINKS}"],
    )
    assert glossary_links(page) == [("glossary-seclusion", "Seclusion")]


def test_without_the_setting_the_filter_changes_nothing():
    text = "Restraint was used."
    args = [f"{pandoc_run.LUA_FILTER}{FILTER}", "--wrap=none"]
    plain = pandoc_run.convert(text, source="test", reader=pandoc_run.MARKDOWN, writer="html5", args=["--wrap=none"])
    assert pandoc_run.convert(text, source="test", reader=pandoc_run.MARKDOWN, writer="html5", args=args) == plain


def test_a_missing_data_file_is_one_clear_error(tmp_path):
    with pytest.raises(RenderError, match=r"key 'rss-glossary-links': expected .* found nothing at .*missing\.json"):
        pandoc_run.filter_args([FILTER], tmp_path / "missing.json")


def test_a_conversion_is_made_again_when_the_data_changes(links):
    before = html("Restraint.", links)
    data = json.loads(links.read_text(encoding="utf-8"))
    data["page"] = "/notebooks/other.ipynb"
    links.write_text(json.dumps(data), encoding="utf-8")
    assert "/notebooks/other.ipynb#glossary-restraint" in html("Restraint.", links) != before


def test_the_reviews_name_is_no_use_of_its_words(links):
    page = html(f"| Edition |\n|---|\n| {REVIEW_NAME}: Progress report |\n\nLater, seclusion.", links)
    assert glossary_links(page) == [("glossary-seclusion", "seclusion")]
    assert glossary_links(html("Restraint, segregation and seclusion reviewed.", links))  # not the name
