"""The About page says every thing a reader of an official-statistics-style release looks for."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from rssreview import national, run
from rssreview.present import about
from rssreview.release import read_release


@pytest.fixture(scope="module")
def real():
    tables = run.tables()
    return tables, tables.latest_cycle(), read_release()


def test_status_says_independent_rebuild_not_official(real):
    tables, cycle_id, _ = real
    text = about.status(tables, cycle_id).data
    assert "independent, reproducible rebuild" in text
    assert "not an official CQC publication" in text
    assert "Care Quality Commission (CQC)" in text  # spelt out before the abbreviation is used


def test_contact_is_the_configured_shared_address(real):
    _, _, settings = real
    text = about.contact(settings).data
    assert f"mailto:{settings.contact.email}" in text
    assert "not a person's own" in text
    assert f"{settings.contact.response_days} working days" in text


def test_accessibility_statement_has_standard_known_issues_and_other_formats(real):
    _, _, settings = real
    text = re.sub(r"\\(.)", r"\1", about.accessibility(settings).data)  # data text arrives escaped
    assert "WCAG" in text and "2.2" in text and "level AA" in text
    assert "**Known issues.**" in text
    assert all(issue.split(".")[0] in text for issue in settings.accessibility.known_issues)
    assert "**Other formats.**" in text and "Easy Read" in text and "mailto:" in text


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
    assert "Open Government Licence v3.0" in text and about.OGL in text
    assert settings.code_licence.name in text


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
