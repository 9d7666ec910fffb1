"""Theme chapters, the appendix and the Easy Read page are generated from the tables."""

from __future__ import annotations

import pandas as pd
import pytest

from rssreview.present import appendix, easy_read, status, themes


def test_theme_chapter_has_each_recommendation_with_rating_and_evidence(tables):
    sections = [m.data for m in themes.chapter(tables, "staff", "2022-03")]
    assert len(sections) == 1
    text = sections[0]
    assert text.startswith("## Recommendation 2: people have skilled staff")
    assert "[Partly achieved]{.status .status-partly-achieved}" in text
    assert "##### What people and families said {.unnumbered .unlisted}" in text
    assert "The report's rating: [Partly achieved]{.status .status-partly-achieved} *(confirmed)*" in text
    assert "Some staff were better trained\\. (15 January 2022; [cqc\\.org\\.uk]" in text
    assert "shows some positive effect on people's lives) *(confirmed)*" in text
    assert any(option in text for option in themes.BY_RULE)
    assert "- Enough skilled staff" in text


def test_theme_introduction_flags_an_uncertain_title(tables):
    rows = tables.themes.copy()
    rows.loc[rows["theme_id"] == "rights", "title_confidence"] = "uncertain"
    object.__setattr__(tables, "themes", rows)
    assert "title used here is ours" in themes.introduction(tables, "rights", "2022-03").data


def test_unknown_theme_is_a_clear_error(tables):
    with pytest.raises(KeyError, match="unknown theme 'nope'"):
        themes.chapter(tables, "nope", "2022-03")


def test_appendix_shows_every_cycle_up_to_this_one(tables):
    text = appendix.all_recommendations(tables, "2022-03").data
    assert "December 2021" in text and "March 2022" in text and "Changed since previous report" in text
    first_only = appendix.all_recommendations(tables, "2021-12").data
    assert "March 2022" not in first_only


def test_easy_read_uses_plain_words_one_idea_per_line(tables):
    text = easy_read.each_recommendation(tables, "2022-03").data
    assert "### Change 1 {.unnumbered .unlisted}" in text
    assert "::: {.easy-read-words}\nThis change is about people's rights being understood.\n:::" in text
    assert "::: {.easy-read-words}\nThis has not happened yet.\n\nThe report says this.\n:::" in text
    assert "Some of this has started to happen.\n\nThere is more to do." in text


def test_badge_rejects_unknown_status():
    with pytest.raises(ValueError, match="unknown status"):
        status.badge("done")


def test_markup_in_a_cell_is_shown_as_text_not_run(tables):
    import pypandoc

    rows = tables.evidence.copy()
    rows.loc[0, "summary"] = "Staff wrote <script>alert('x')</script> and *stars* | pipes [link](http://x)."
    object.__setattr__(tables, "evidence", rows)
    text = themes.recommendation_section(tables, "2022-03", 1).data
    html = pypandoc.convert_text(text, "html", format="markdown")
    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "*stars*" in html and '<a href="http://x">' not in html
    typst = pypandoc.convert_text(text, "typst", format="markdown")
    assert "<script>" in typst.replace("\\", "")


def test_a_rating_resting_only_on_the_published_verdict_says_so(tables):
    rows = tables.evidence.copy()
    rows.loc[rows["evidence_id"] == "E002", ["kind", "impact"]] = ["published rating", "none seen"]
    object.__setattr__(tables, "evidence", rows)
    text = themes.recommendation_section(tables, "2022-03", 2).data
    assert "**Rating as published; evidence of impact not held here.**" in text
    assert "#### Sources that report the published rating" in text
    assert 'the rule would give "not achieved"' in text


def test_an_override_reason_is_published(tables):
    rows = tables.ratings.copy()
    mask = (rows["cycle_id"] == "2022-03") & (rows["rec_id"] == 1)
    rows.loc[mask, ["status", "override_reason"]] = ["partly achieved", "A reviewer saw changes after the visit."]
    object.__setattr__(tables, "ratings", rows)
    text = themes.recommendation_section(tables, "2022-03", 1).data
    assert "Why this rating stands: A reviewer saw changes after the visit\\." in text


def test_appendix_marks_every_status_with_its_certainty(real_tables, figures_in_tmp):
    text = appendix.all_recommendations(real_tables, "2022-03").data
    assert "Partly achieved \\(inferred\\)" in text and "Not rated \\(uncertain\\)" in text
    assert "Not achieved \\(confirmed\\)" in text
    tidy = pd.read_csv(figures_in_tmp / "2022-03" / "all-recommendations.csv", keep_default_na=False)
    assert "(" not in "".join(tidy["status"]), "the download keeps status and certainty in their own columns"
    december = tidy[tidy["report_date"] == "2021-12-02"]
    assert len(december) == 17 and set(zip(december["status"], december["status_certainty"])) == {
        ("not rated", "uncertain")
    }
    assert (tidy["status_certainty"] == "inferred").sum() >= 6


def test_certainty_marks_use_one_vocabulary():
    assert [status.mark(c) for c in ("confirmed", "inferred", "uncertain")] == ["confirmed", "inferred", "uncertain"]
    with pytest.raises(ValueError):
        status.mark("HIGH")
    assert status.easy_read_mark("confirmed")


def test_the_law_firm_summaries_are_later_commentary_wherever_the_rating_is_explained(real_tables):
    """The April and May 2022 summaries came out after the 25 March 2022 report: never the rating's basis."""
    from rssreview.evidence import progress, rules
    from rssreview.present import summary

    phrase = status.SUPPORT_WORDS[rules.AS_REPORTED_LATER]
    later = [r for r in range(1, 18) if progress.support(real_tables, "2022-03", r)[0] == rules.AS_REPORTED_LATER]
    assert later == [6, 9, 10, 12]
    for rec in later:
        text = themes.recommendation_section(real_tables, "2022-03", rec).data
        assert f"**{phrase[:1].upper()}{phrase[1:]}.**" in text
        assert "Sources that report the published rating" not in text
    assert phrase in summary.uncertainty_note(real_tables, "2022-03").data
