"""The Easy Read summary holds to UK Easy Read practice: short sentences, a picture by every point,
hard words explained, readable text, and Easy Read words for every status and certainty."""

from __future__ import annotations

import datetime
import re
from types import SimpleNamespace

import nbformat
import pytest
import textstat

from rssreview import evidence
from rssreview.evidence import progress
from rssreview.paths import NOTEBOOKS
from rssreview.present import easy_read

#: Limits for the whole page's sentences (textstat): Flesch reading ease at least 80 ("easy" or
#: easier) and Flesch-Kincaid grade at most 5 (about age 10-11).
MIN_READING_EASE = 80
MAX_GRADE = 5


@pytest.fixture(scope="module")
def real_tables():
    return evidence.load()


@pytest.fixture(scope="module", params=["2021-12", "2022-03"])
def page_points(request, real_tables):
    return easy_read.all_points(real_tables, request.param)


def test_every_point_has_a_picture_from_the_package(page_points) -> None:
    for item in page_points:
        svg = easy_read.picture_svg(item.picture)
        assert svg.startswith('<svg aria-hidden="true" focusable="false" ') and svg.endswith("</svg>")
        assert item.sentences, f"point with picture {item.picture} has no sentences"


def test_no_sentence_over_fifteen_words(page_points) -> None:
    long = [s for item in page_points for s in item.sentences if easy_read.word_count(s) > easy_read.MAX_WORDS]
    assert long == []


def test_a_long_sentence_is_refused() -> None:
    with pytest.raises(ValueError, match="16 words"):
        easy_read.point(
            "eye", "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen."
        )


def test_hard_words_are_bold_and_explained_where_first_used(page_points) -> None:
    assert easy_read.first_uses_unexplained(page_points) == []


def test_hard_word_check_catches_an_unexplained_word() -> None:
    points = [easy_read.point("eye", "Restraint is common."), easy_read.point("eye", "**Restraint** means holding.")]
    problems = easy_read.first_uses_unexplained(points)
    assert any(p.startswith("'restraint' is first used without being bold") for p in problems), problems
    assert "'seclusion' is never used" in problems


def test_restraint_seclusion_and_segregation_are_explained(page_points) -> None:
    text = " ".join(s for item in page_points for s in item.sentences)
    for word in ("Restraint", "Seclusion", "Segregation"):
        assert re.search(rf"\*\*{word}\*\* is when ", text), word


def test_readability_is_held_to_its_limits(page_points) -> None:
    text = " ".join(easy_read.plain_text(s) for item in page_points for s in item.sentences)
    ease = textstat.flesch_reading_ease(text)
    grade = textstat.flesch_kincaid_grade(text)
    assert ease >= MIN_READING_EASE, f"Flesch reading ease {ease:.1f} < {MIN_READING_EASE}"
    assert grade <= MAX_GRADE, f"Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE}"


def test_every_status_and_certainty_has_easy_read_words() -> None:
    assert easy_read.vocabulary_problems() == []


def test_every_topic_in_the_evidence_has_easy_read_words(real_tables) -> None:
    topics = set(real_tables.recommendations["topic"]) - {"Not known"}
    assert topics - set(easy_read.TOPIC_WORDS) == set()


def test_each_recommendation_gives_its_status_and_certainty(real_tables) -> None:
    points = easy_read.recommendation_points(real_tables, "2022-03")
    ratings = progress.ratings_for(real_tables, "2022-03")
    assert len(points) == 2 * len(ratings)
    for rating, status_point in zip(ratings.itertuples(), points[1::2]):
        assert status_point.picture == easy_read.STATUS_WORDS[rating.status][0]
        words = " ".join(status_point.sentences)
        assert easy_read.CERTAINTY_WORDS[rating.status_confidence] in words


def test_point_markdown_puts_the_picture_beside_the_words_in_both_formats() -> None:
    block = easy_read.point_markdown(easy_read.point("door", "A door. Another sentence."))
    assert '```{=html}\n<svg class="easy-read-picture" aria-hidden="true"' in block
    assert "#block(breakable: false" in block and 'image(bytes("<svg' in block and block.count("]))") == 1
    assert "::: {.easy-read-words}\nA door.\n\nAnother sentence.\n:::" in block


def test_a_missing_picture_names_the_fix() -> None:
    with pytest.raises(FileNotFoundError, match="install the pictures with `make`"):
        easy_read.picture_svg("no-such-picture-anywhere")


def test_the_committed_chapter_has_a_picture_by_every_point_and_short_sentences() -> None:
    notebook = nbformat.read(NOTEBOOKS / "13_easy_read.ipynb", as_version=4)
    markdown = "\n\n".join(
        "".join(output["data"]["text/markdown"])
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "text/markdown" in output.get("data", {})
    )
    points = markdown.split(":::: {.easy-read-point}")[1:]
    assert len(points) > 40
    for block in points:
        assert '<svg class="easy-read-picture"' in block and 'image(bytes("<svg' in block
        words = re.search(r"::: \{\.easy-read-words\}\n(.*?)\n:::", block, re.S)[1]
        for sentence in words.split("\n\n"):
            assert easy_read.word_count(sentence) <= easy_read.MAX_WORDS, sentence


def test_the_site_page_offers_the_easy_read_pdf_beside_a_picture() -> None:
    assert easy_read.pdf_name() == "rss-progress-report-easy-read.pdf"
    block = easy_read.download_markdown()
    assert block.startswith("```{=html}\n") and block.endswith("\n```")
    assert '<svg class="easy-read-picture" aria-hidden="true"' in block
    assert '<a href="../rss-progress-report-easy-read.pdf">Download the Easy Read PDF</a>' in block
    assert all(easy_read.word_count(s) <= easy_read.MAX_WORDS for s in easy_read.download_point().sentences)


def test_each_change_has_its_own_picture_and_no_tick_stands_beside_none(real_tables) -> None:
    groups = easy_read.recommendation_groups(real_tables, "2022-03")
    pictures = [points[0].picture for _, points in groups]
    assert len(pictures) == len(real_tables.recommendations) == len(set(pictures)) == 17
    for item in easy_read.summary_points(real_tables, "2022-03"):
        if item.sentences[0].startswith("0 of"):
            assert item.picture == easy_read.NONE_PICTURE, item


def test_numbers_are_digits_and_we_say_who_we_are(page_points) -> None:
    text = " ".join(s for item in page_points for s in item.sentences)
    assert not re.search(r"\b(None|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten) of the\b", text)
    assert "Who are we?" in text and "other chapters" not in text


def test_what_happens_next_is_real(real_tables) -> None:
    text = " ".join(s for item in easy_read.next_steps_points(real_tables, "2022-03") for s in item.sentences)
    assert "group to lead the work" in text and "mental ill health" in text and "last report" in text


# --- the Easy Read PDF's back page ------------------------------------------------------------------------


def _back_text(tables, cycle_id: str) -> str:
    points = easy_read.back_page_points(tables, cycle_id, datetime.date(2026, 12, 2))
    return "\n".join(sentence for item in points for sentence in item.sentences)


def test_a_local_build_back_page_says_so_in_easy_read_words_and_gives_no_address(real_tables) -> None:
    text = _back_text(real_tables, "2022-03")
    assert easy_read.settings().site_url is None, "_quarto.yml sets no book.site-url: a local build"
    for sentence in easy_read.split_sentences(" ".join(easy_read.LOCAL_BUILD_WORDS)):
        assert sentence in text
    assert "http" not in text and "mailto:" not in text and "@" not in text
    assert "made this summary" in text and "CQC did not write it." in text
    assert "2 December 2026" in text and "the CQC report from March 2022" in text
    assert "December 2021" in _back_text(real_tables, "2021-12")


def test_a_published_back_page_links_this_editions_pdf_and_the_contact(real_tables, monkeypatch) -> None:
    import rssreview.release

    published = easy_read.settings().model_copy(update={"site_url": "https://rebuild.org.uk/review/"})
    monkeypatch.setattr(easy_read, "settings", lambda: published)
    contact = SimpleNamespace(contact=SimpleNamespace(email="team@rebuild.org.uk"))
    monkeypatch.setattr(rssreview.release, "release", lambda: contact)
    latest, earlier = _back_text(real_tables, "2022-03"), _back_text(real_tables, "2021-12")
    assert "(https://rebuild.org.uk/review/rss-progress-report-easy-read.pdf)" in latest
    assert "(https://rebuild.org.uk/review/editions/2021-12/rss-progress-report-easy-read.pdf)" in earlier
    assert "](mailto:team@rebuild.org.uk?subject=" in latest
    assert not any(words in latest for words in easy_read.LOCAL_BUILD_WORDS)


def test_the_back_page_markdown_spreads_its_points_inside_easy_read_end(real_tables) -> None:
    markdown = easy_read.back_page(real_tables, "2022-03", datetime.date(2026, 12, 2))
    assert markdown.startswith("```{=typst}\n#easy-read-end[\n```") and markdown.endswith("```{=typst}\n]\n```")
    assert f"## {easy_read.BACK_PAGE_HEADING} {{.unnumbered .unlisted}}" in markdown
    points = markdown.count(":::: {.easy-read-point}")
    assert points == 4 and markdown.count("#v(1fr)") == points - 1
