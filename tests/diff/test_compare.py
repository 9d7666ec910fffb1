"""The comparison of two built sites: each kind of change a reader would notice, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from site_fixture import Edition, write_site

from rssreview.diff.compare import Comparison, compare
from rssreview.diff.report import NO_CHANGE, markdown
from rssreview.diff.snapshot import read_site


def diff(tmp_path: Path, before: Edition, after: Edition) -> Comparison:
    return compare(read_site(write_site(tmp_path / "before", before)), read_site(write_site(tmp_path / "after", after)))


def changes(comparison: Comparison) -> list[tuple[str, str, str, str]]:
    return [(c.kind, c.what, c.old, c.new) for chapter in comparison.chapters for c in chapter.changes]


def test_a_rating_change_names_the_recommendation_and_both_ratings(tmp_path):
    base = Edition()
    comparison = diff(tmp_path, base, base.changed(status="Partly achieved", certainty="inferred"))
    assert comparison.chapters[0].title == "3 Support in the community"
    first = comparison.chapters[0].changes[0]
    assert (first.kind, first.what, first.old, first.new) == (
        "rating",
        "Rating changed",
        "Not achieved (confirmed)",
        "Partly achieved (inferred)",
    )
    assert first.where == "3.1 Recommendation 3: people have the right support"
    assert first.after == "notebooks/03_community.html#has-recommendation-3-been-achieved"
    # The sentence that follows the rating changed too; nothing else did.
    assert changes(comparison)[1:] == [
        ("sentence", "Sentence reworded", "CQC listed this as not achieved.", "CQC listed this as partly achieved.")
    ]


def test_a_changed_chart_point_is_named_by_its_row(tmp_path):
    base = Edition()
    points = [base.points[0], ("2021-09-30", "All ages", "2100")]
    assert changes(diff(tmp_path, base, base.changed(points=points))) == [
        ("chart", "Point “Month end 2021-09-30” changed", "People: 2035", "People: 2100")
    ]


def test_a_reworded_sentence_is_shown_before_and_after(tmp_path):
    base = Edition()
    after = base.changed(intro="Every rating shows how sure we are of it.")
    assert changes(diff(tmp_path, base, after)) == [
        ("sentence", "Sentence reworded", base.intro, after.intro),
    ]


def test_a_changed_number_is_shown_with_its_sentence(tmp_path):
    base = Edition()
    after = base.changed(message="Too many people were still in hospital, 2,035 of them. (confirmed)")
    assert changes(diff(tmp_path, base, after))[0][:2] == ("key message", "Key message changed")
    after = base.changed(intro="Each of the 17 ratings is marked with its certainty.")
    before = base.changed(intro="Each of the 16 ratings is marked with its certainty.")
    assert changes(diff(tmp_path / "n", before, after)) == [("number", "Number changed", before.intro, after.intro)]


def test_a_new_evidence_row_is_named_with_its_section_and_download_row(tmp_path):
    base = Edition()
    new = "NHS England said it had put money into community teams. (1 March 2022) (confirmed)"
    comparison = diff(tmp_path, base, base.changed(evidence=[*base.evidence, new]))
    assert changes(comparison) == [
        ("evidence", "Evidence added", "", new),
        ("download", f"Row added: “Item {new}”", "", f"Item: {new}; Certainty: confirmed"),
    ]
    added = comparison.chapters[0].changes[0]
    assert added.where.endswith("3.1.2 What the evidence shows")
    assert added.after == "notebooks/03_community.html#what-the-evidence-shows"


def test_a_removed_table_row_is_named(tmp_path):
    base = Edition()
    assert changes(diff(tmp_path, base, base.changed(rows=base.rows[:1]))) == [
        ("table", "Row removed: “Month 2021-09”", "Month: 2021-09; People: 2,035", ""),
    ]


def test_a_changed_headline_count_comes_in_its_own_chapter(tmp_path):
    base = Edition()
    comparison = diff(tmp_path, base, base.changed(partly="five", status="Partly achieved"))
    assert [c.title for c in comparison.chapters] == ["3 Support in the community", "Overview"]
    assert changes(comparison)[-1] == (
        "headline",
        "Headline changed",
        "The report rated four partly achieved.",
        "The report rated five partly achieved.",
    )


def test_a_new_cycle_adds_pages_and_downloads(tmp_path):
    base = Edition()
    comparison = diff(tmp_path, base, base.changed(cycle="2022-09", earlier=["2022-03"]))
    kinds = changes(comparison)
    assert ("page", "Page added", "", "") in kinds
    assert {c.title for c in comparison.chapters} >= {
        "Overview (edition 2022-03)",
        "3 Support in the community (edition 2022-03)",
    }
    assert ("chart", "Chart data added", "", "") in kinds and ("download", "Download removed", "", "") in kinds


def test_an_edit_no_reader_sees_gives_no_change(tmp_path):
    comparison = diff(tmp_path, Edition(), Edition(comment="<!-- a comment in the code --> \n"))
    assert comparison.unchanged
    assert NO_CHANGE in markdown(comparison, before="a", after="b")


@pytest.mark.parametrize(
    ("html", "escaped"),
    [
        ("a *bold* claim", "a \\*bold\\* claim"),
        ("&lt;b&gt;x&lt;/b&gt;", "\\<b\\>x"),
        ("[x](http://x.test)", "\\[x\\]\\("),
    ],
)
def test_page_text_cannot_change_how_the_markdown_reads(tmp_path, html, escaped):
    base = Edition()
    report = markdown(diff(tmp_path, base, base.changed(intro=html)), before="a", after="b")
    assert escaped in report
