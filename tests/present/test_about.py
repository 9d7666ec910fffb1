"""The About page says every thing a reader of an official-statistics-style release looks for."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from rssreview import national, run
from rssreview.paths import ROOT
from rssreview.present import about
from rssreview.release import read_release


@pytest.fixture(scope="module")
def real():
    tables = run.tables()
    return tables, tables.latest_cycle(), read_release()


def _released(settings, email="rebuild-team@cqc-review.org.uk", repository=None):
    """The settings as a published release would have them: a real contact address (and a repository)."""
    contact = settings.contact.model_copy(update={"email": email})
    return settings.model_copy(update={"contact": contact, "repository": repository})


def test_status_says_independent_rebuild_not_official(real):
    tables, cycle_id, settings = real
    text = about.status(tables, cycle_id, settings).data
    assert "independent, reproducible rebuild" in text
    assert "not an official CQC publication" in text
    assert "Care Quality Commission (CQC)" in text  # spelt out before the abbreviation is used


def test_a_local_build_says_so_and_promises_no_link_to_code(real):
    tables, cycle_id, settings = real
    assert settings.contact.email is None and settings.repository is None  # nothing is invented
    text = about.status(tables, cycle_id, settings).data
    assert "local build" in text and "not yet published at a public address" in text
    assert "](http" not in text.split("Related publications")[0]
    contact = about.contact(settings).data
    assert "local build" in contact and "mailto:" not in contact and "@" not in contact


def test_a_release_links_the_code_and_the_contact(real):
    tables, cycle_id, settings = real
    released = _released(settings, repository="https://github.com/cqc-rebuild/progress-report")
    text = about.status(tables, cycle_id, released).data
    assert "(https://github.com/cqc-rebuild/progress-report)" in text
    contact = about.contact(released).data
    assert "(mailto:rebuild-team@cqc-review.org.uk?subject=Restraint%20review%20rebuild%3A%20feedback)" in contact
    assert "not a person's own" in contact
    assert f"{settings.contact.response_days} working days" in contact


def test_settings_text_is_shown_as_text_never_markup(real):
    _, _, settings = real
    hostile = "`<svg/onload=alert(20)>`{=html} [x](javascript:alert(1)) {onmouseover=alert(19)}"
    contact = settings.contact.model_copy(update={"name": hostile})
    text = about.contact(settings.model_copy(update={"contact": contact})).data
    for markup in ("`<svg", "](javascript", "{onmouseover", "{=html}"):  # each only with its characters escaped
        assert not re.search(r"(?<!\\)" + re.escape(markup[0]) + re.escape(markup[1:]), text), markup
    assert r"\`\<svg" in text and r"\{\=html\}" in text


def test_accessibility_statement_has_standard_known_issues_and_other_formats(real):
    _, _, settings = real
    text = re.sub(r"\\(.)", r"\1", about.accessibility(settings).data)  # data text arrives escaped
    assert "WCAG" in text and "2.2" in text and "level AA" in text
    assert "**Known issues.**" in text
    assert all(issue.split(".")[0] in text for issue in settings.accessibility.known_issues)
    assert "**Other formats.**" in text and "Easy Read" in text
    assert ".ipynb" not in text  # the PDF names the Easy Read chapter and its PDF; the site links the page
    assert "(../notebooks/13_easy_read.html)" in text and "rss-progress-report-easy-read.pdf" in text
    assert "mailto:" in about.accessibility(_released(settings)).data


def test_revisions_list_every_edition_and_every_change(real):
    tables, cycle_id, settings = real
    text = re.sub(r"\\(.)", r"\1", about.revisions(tables, cycle_id, settings).data)  # data text arrives escaped
    for title in tables.cycles["title"]:
        assert title in text
    for revision in settings.revisions:
        assert revision.change in text
    editions = about.editions_table(tables, cycle_id)
    assert editions["This edition?"].tolist().count("yes") == 1


def test_licence_names_ogl_and_the_code_licence(real):
    _, _, settings = real
    text = about.licence(settings).data
    assert "Open Government Licence v3\\.0" in text and f"]({about.OGL})" in text
    assert settings.code_licence.name in text
    assert "not a government publication" in text
    for name in (settings.code_licence.file, "LICENSE-CONTENT.md"):  # the files the page names exist
        assert name in text.replace("\\", "") and (ROOT / name).is_file()


def test_related_links_include_the_original_both_progress_reports_and_the_response(real):
    tables, _, settings = real
    text = about.related(tables, settings).data
    assert "https://www.cqc.org.uk/publications/themed-work/rssreview" in text
    assert "https://www.gov.uk/government/publications/response-to-cqcs-out-of-sight-who-cares-report" in text
    for url in tables.cycles["source_url"]:
        assert url in text
    dates = [line.rsplit(", ", 1)[-1] for line in text.splitlines()]
    assert len(dates) == len(settings.related) + len(tables.cycles)


def test_data_quality_is_computed_from_the_data_held(real):
    tables, cycle_id, _ = real
    frame = pd.DataFrame(
        {
            "dataset": ["MHSDS-LDA", "MHSDS-LDA", "AT"],
            "period_end": pd.to_datetime(["2021-09-30", "2021-11-30", "2021-09-30"]),
        }
    )
    text = about.data_quality(tables, cycle_id, frame).data
    assert "figures for two months between September 2021 and November 2021" in text
    assert "From October 2021 the series changed" in text  # the MHSDS v5 break falls inside the months held
    assert "figures for one month, September 2021" in text  # AT: a single month
    assert "come from two official sources" in text
    assert "Rounding." in text and "Known gaps." in text


def test_data_quality_on_the_real_data_names_each_source(real):
    tables, cycle_id, _ = real
    text = about.data_quality(tables, cycle_id, national.build_indicators()).data
    for name in ("Assuring Transformation", "Mental Health Services Data Set", "SEND"):
        assert name in text
